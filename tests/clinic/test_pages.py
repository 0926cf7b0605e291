"""The clinician pages' platform: sign-in, who gets in, the 404 page, alert links."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from patients.models import User
from reminders.models import Alert
from tests.clinic.pages_helpers import browser_for, make_alert, make_operator
from tests.conftest import Cast
from tests.factories import PASSWORD

SIGNIN = "/clinic/signin/"

# Who gets what: the assigned clinician, an unassigned one, the patient, her caregiver,
# nobody signed in, an operator (staff, on no care team).
CALLERS = ("clinician", "other_clinician", "patient", "caregiver", "anonymous", "operator")
LIST_PAGE = {
    "clinician": 200,
    "other_clinician": 200,
    "patient": 302,
    "caregiver": 302,
    "anonymous": 302,
    "operator": 200,
}
PATIENT_PAGE = {**LIST_PAGE, "other_clinician": 404, "operator": 404}
ALERT_LINK = {**PATIENT_PAGE, "clinician": 302}


def _caller(cast: Cast, name: str) -> User | None:
    if name == "operator":
        return make_operator()
    return cast.user(name)


def _where(response: Any) -> str:
    return str(response["Location"])


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/clinic/", LIST_PAGE),
        ("/clinic/rows/", LIST_PAGE),
        ("/clinic/alerts/", LIST_PAGE),
        ("/clinic/patients/{alice}/", PATIENT_PAGE),
        ("/clinic/alerts/{alert}/", ALERT_LINK),
        (
            "/clinic/no-such-page/",
            {**LIST_PAGE, "clinician": 404, "other_clinician": 404, "operator": 404},
        ),
    ],
)
def test_every_page_lets_in_only_the_care_team(
    cast: Cast, caller: str, url: str, expected: dict[str, int]
) -> None:
    alert = make_alert(cast.alice)
    path = url.format(alice=cast.alice.pk, alert=alert.pk)
    response = browser_for(_caller(cast, caller)).get(path)
    assert response.status_code == expected[caller], (caller, path)
    assert "no-store" in response["Cache-Control"]
    if caller == "anonymous":
        assert _where(response).startswith(f"{SIGNIN}?next=")
    elif caller in ("patient", "caregiver"):
        assert _where(response) == "/app/"
    if response.status_code == 200:
        body = response.content.decode()
        # Alice is on carol's caseload only: nobody else's page names her.
        assert ("Alice" in body) == (caller == "clinician")
    if response.status_code == 404:
        assert "Page not found" in response.content.decode()


def test_an_alert_link_lands_on_the_patient_page_at_that_alert(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    client = browser_for(cast.carol)
    response = client.get(f"/clinic/alerts/{alert.pk}/")
    assert _where(response) == f"/clinic/patients/{cast.alice.pk}/#alert-{alert.pk}"
    page = client.get(f"/clinic/patients/{cast.alice.pk}/").content.decode()
    assert f'id="alert-{alert.pk}"' in page
    assert "Back to the caseload" in page


@pytest.mark.parametrize("alert_id", ["0", "99999", "9" * 30])
def test_an_unknown_alert_link_is_the_404_page(cast: Cast, alert_id: str) -> None:
    response = browser_for(cast.carol).get(f"/clinic/alerts/{alert_id}/")
    assert response.status_code == 404


def test_the_header_counts_the_open_alerts_nobody_has_acknowledged(cast: Cast) -> None:
    make_alert(cast.alice)
    make_alert(cast.alice, rule="pain_spike", severity="high")
    seen = make_alert(cast.alice, rule="low_mood", severity="moderate")
    seen.status, seen.acknowledged_at = "acknowledged", timezone.now()
    seen.save()
    make_alert(cast.bob)  # dave's patient
    body = browser_for(cast.carol).get("/clinic/").content.decode()
    assert (
        '<span class="badge">2</span><span class="visually-hidden"> unacknowledged</span>' in body
    )
    body = browser_for(cast.dave).get("/clinic/").content.decode()
    assert '<span class="badge">1</span>' in body


def test_every_page_has_the_landmarks_and_a_skip_link(cast: Cast) -> None:
    body = browser_for(cast.carol).get("/clinic/").content.decode()
    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert 'aria-label="Clinic"' in body
    assert "includeIndicatorStyles" in body
    assert "style=" not in body
    assert "<script>" not in body
    assert "hx-on" not in body


# Sign-in


def _sign_in(client: Client, username: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post(SIGNIN, {"username": username, "password": password, **extra})


def test_a_clinician_signs_in_and_lands_on_the_caseload(cast: Cast) -> None:
    client = Client()
    response = _sign_in(client, "carol")
    assert response.status_code == 302
    assert _where(response) == "/clinic/"
    assert client.get("/clinic/").status_code == 200


def test_signing_in_goes_back_to_the_page_asked_for(cast: Cast) -> None:
    client = Client()
    asked = client.get(f"/clinic/patients/{cast.alice.pk}/")
    assert _where(asked) == f"{SIGNIN}?next=%2Fclinic%2Fpatients%2F{cast.alice.pk}%2F"
    page = client.get(_where(asked)).content.decode()
    assert f'name="next" value="/clinic/patients/{cast.alice.pk}/"' in page
    response = _sign_in(client, "carol", next=f"/clinic/patients/{cast.alice.pk}/")
    assert _where(response) == f"/clinic/patients/{cast.alice.pk}/"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/clinic/",
        "//evil.example/clinic/",
        "/app/",
        "/admin/",
        "/clinic/signin/",
        "javascript:alert(1)",
    ],
)
def test_next_is_only_ever_a_clinic_path_of_this_site(cast: Cast, next_url: str) -> None:
    response = _sign_in(Client(), "carol", next=next_url)
    assert _where(response) == "/clinic/"


@pytest.mark.parametrize("who", ["alice", "erin"])
def test_a_patient_or_caregiver_who_signs_in_here_goes_to_the_app(cast: Cast, who: str) -> None:
    client = Client()
    response = _sign_in(client, who)
    assert _where(response) == "/app/"
    assert _where(client.get("/clinic/")) == "/app/"


def test_an_operator_signs_in(cast: Cast) -> None:
    make_operator()
    client = Client()
    assert _where(_sign_in(client, "olga")) == "/clinic/"
    assert "No patients on your caseload yet." in client.get("/clinic/").content.decode()


def test_wrong_credentials_show_the_error_summary_linked_to_the_field(cast: Cast) -> None:
    response = _sign_in(Client(), "carol", "not-the-password")
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert '<a href="#id_username">Enter a correct user name and password.' in body


def test_missing_fields_each_get_a_linked_error(db: None) -> None:
    response = Client().post(SIGNIN, {"username": "", "password": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert '<a href="#id_username">Enter your user name</a>' in body
    assert '<a href="#id_password">Enter your password</a>' in body
    assert 'aria-invalid="true"' in body


def test_repeated_failures_lock_the_sign_in_as_the_api_does(cast: Cast) -> None:
    client = Client()
    for _ in range(4):
        assert _sign_in(client, "carol", "wrong").status_code == 400
    assert _sign_in(client, "carol", "wrong").status_code == 429
    locked = _sign_in(client, "carol")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert "Too many attempts to sign in" in locked.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert _where(_sign_in(client, "carol")) == "/clinic/"


def test_the_api_throttle_budget_applies(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"login": "2/minute"})
    client = Client()
    assert _sign_in(client, "nobody", "x").status_code == 400
    assert _sign_in(client, "nobody2", "x").status_code == 400
    refused = _sign_in(client, "carol")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts" in refused.content.decode()


def test_signing_in_needs_the_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    assert _sign_in(client, "carol").status_code == 403


def test_sign_out_is_a_post_and_ends_the_session(cast: Cast) -> None:
    client = browser_for(cast.carol)
    assert client.get("/clinic/signout/").status_code == 405
    response = client.post("/clinic/signout/")
    assert _where(response) == SIGNIN
    assert _where(client.get("/clinic/")).startswith(SIGNIN)


def test_the_sign_in_page_sends_a_signed_in_clinician_on(cast: Cast) -> None:
    client = browser_for(cast.carol)
    assert _where(client.get(f"{SIGNIN}?next=/clinic/alerts/")) == "/clinic/alerts/"


def test_an_alert_is_not_left_over_from_the_access_tests(db: None) -> None:
    assert Alert.objects.count() == 0


def test_a_poll_after_the_session_ended_loads_the_sign_in_page_instead_of_swapping_it(
    cast: Cast,
) -> None:
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/clinic/?alerts=1"}
    response = Client().get("/clinic/rows/?alerts=1", headers=headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{SIGNIN}?next=%2Fclinic%2F%3Falerts%3D1"
    assert not response.content
    patient = browser_for(cast.alice_user).get("/clinic/rows/", headers=headers)
    assert patient["HX-Redirect"] == "/app/"
