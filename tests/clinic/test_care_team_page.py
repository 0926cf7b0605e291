"""The care-team page: members, adding a colleague, leaving, the contact details."""

from __future__ import annotations

import pytest
from django.test import Client

from patients.models import CareTeamContact, CareTeamMembership
from tests.clinic.pages_helpers import browser_for, make_operator
from tests.conftest import Cast, ClientFor
from tests.factories import make_clinician

CALLERS = {
    "clinician": 200,
    "other_clinician": 404,
    "patient": 302,
    "caregiver": 302,
    "anonymous": 302,
    "operator": 404,
}
CONTACT = {
    "phone": "+49 30 1234-5678",
    "opening_hours": "Monday to Friday, 8am to 6pm",
    "response_time_urgent": "same day",
    "response_time_high": "1 working day",
    "response_time_moderate": "at the next review",
    "out_of_hours": "Call 116 117, or 112 in an emergency.",
    "escalation_email": "lead@clinic.example",
}


def _url(cast: Cast, rest: str = "") -> str:
    return f"/clinic/patients/{cast.alice.pk}/care-team/{rest}"


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize(
    ("method", "rest", "data", "done"),
    [
        ("get", "", {}, 200),
        ("post", "add/", {"clinician": "frida"}, 302),
        ("post", "contact/", CONTACT, 302),
        ("post", "leave/", {}, 302),
    ],
)
def test_the_care_team_pages_are_for_the_care_team_only(
    cast: Cast, caller: str, method: str, rest: str, data: dict[str, str], done: int
) -> None:
    make_clinician("frida")
    if rest == "leave/":
        # carol may leave only with a colleague left on the team.
        CareTeamMembership.objects.create(patient=cast.alice, clinician=make_clinician("gus"))
    user = make_operator() if caller == "operator" else cast.user(caller)
    response = getattr(browser_for(user), method)(_url(cast, rest), data)
    expected = done if caller == "clinician" else CALLERS[caller]
    assert response.status_code == expected, caller
    assert "no-store" in response["Cache-Control"]
    if caller in ("patient", "caregiver"):
        assert response["Location"] == "/app/"
    wrote = caller == "clinician"
    assert CareTeamContact.objects.filter(patient=cast.alice).exists() == (
        wrote and rest == "contact/"
    )
    assert CareTeamMembership.objects.filter(
        patient=cast.alice, clinician__username="frida"
    ).exists() == (wrote and rest == "add/")
    assert CareTeamMembership.objects.filter(
        patient=cast.alice, clinician=cast.carol, ended_at__isnull=False
    ).exists() == (wrote and rest == "leave/")


def test_the_page_lists_the_members_with_their_history(cast: Cast) -> None:
    gus = make_clinician("gus")
    CareTeamMembership.objects.create(patient=cast.alice, clinician=gus)
    client = browser_for(cast.carol)
    body = client.get(_url(cast)).content.decode()
    assert "carol (you)" in body
    assert "<td>gus</td>" in body
    assert "Leave this care team" in body


def test_adding_a_colleague_by_user_name(cast: Cast) -> None:
    make_clinician("frida")
    client = browser_for(cast.carol)
    response = client.post(_url(cast, "add/"), {"clinician": "FRIDA"})
    assert response.status_code == 302
    assert response["Location"] == _url(cast)
    page = client.get(_url(cast)).content.decode()
    assert "frida joined Alice&#x27;s care team." in page
    again = client.post(_url(cast, "add/"), {"clinician": "frida"}, follow=True)
    assert "frida is already on Alice&#x27;s care team." in again.content.decode()
    assert CareTeamMembership.objects.filter(patient=cast.alice, ended_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("username", "words"),
    [
        ("", "Enter your colleague&#x27;s user name"),
        ("nobody", "No active clinician has this username."),
        ("alice", "No active clinician has this username."),
    ],
)
def test_adding_someone_who_is_not_a_clinician_is_refused_at_the_field(
    cast: Cast, username: str, words: str
) -> None:
    response = browser_for(cast.carol).post(_url(cast, "add/"), {"clinician": username})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<a href="#id_clinician">{words}</a>' in body
    assert CareTeamMembership.objects.filter(patient=cast.alice).count() == 1


def test_the_last_active_clinician_cannot_leave(cast: Cast) -> None:
    client = browser_for(cast.carol)
    response = client.post(_url(cast, "leave/"))
    assert response.status_code == 400
    body = response.content.decode()
    assert '<a href="#leave">A patient must keep at least one active clinician' in body
    assert CareTeamMembership.objects.get(patient=cast.alice).ended_at is None


def test_leaving_ends_access(cast: Cast) -> None:
    CareTeamMembership.objects.create(patient=cast.alice, clinician=make_clinician("gus"))
    client = browser_for(cast.carol)
    response = client.post(_url(cast, "leave/"))
    assert response["Location"] == "/clinic/"
    assert client.get(_url(cast)).status_code == 404


def test_contact_details_are_saved_and_seen_through_the_api(
    cast: Cast, client_for: ClientFor
) -> None:
    client = browser_for(cast.carol)
    response = client.post(_url(cast, "contact/"), CONTACT)
    assert response.status_code == 302
    page = client.get(_url(cast)).content.decode()
    assert 'value="+49 30 1234-5678"' in page
    assert "The contact details are saved." in page
    api = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/care-team/contact/")
    body = api.json()
    assert body["phone"] == "+49 30 1234-5678"
    assert body["response_times"] == {
        "urgent": "same day",
        "high": "1 working day",
        "moderate": "at the next review",
    }
    assert body["escalation_email"] == "lead@clinic.example"
    assert body["configured"] is True
    # The patient reads it in the app, without the team's escalation address.
    mine = client_for(cast.alice_user).get(f"/api/v1/patients/{cast.alice.pk}/care-team/contact/")
    assert mine.json()["out_of_hours"] == "Call 116 117, or 112 in an emergency."
    assert "escalation_email" not in mine.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "call me"),
        ("escalation_email", "not-an-email"),
        ("response_time_high", "x" * 200),
        ("opening_hours", "line one\nline two"),
    ],
)
def test_bad_contact_details_are_refused_at_their_field(cast: Cast, field: str, value: str) -> None:
    response = browser_for(cast.carol).post(_url(cast, "contact/"), {**CONTACT, field: value})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<a href="#id_{field}">' in body
    assert 'aria-invalid="true"' in body
    assert not CareTeamContact.objects.filter(patient=cast.alice).exists()


@pytest.mark.parametrize("rest", ["add/", "leave/", "contact/"])
def test_the_care_team_forms_need_the_csrf_token(cast: Cast, rest: str) -> None:
    make_clinician("frida")
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.carol)
    response = client.post(_url(cast, rest), {**CONTACT, "clinician": "frida"})
    assert response.status_code == 403
    assert CareTeamMembership.objects.filter(patient=cast.alice, ended_at__isnull=True).count() == 1
    assert not CareTeamContact.objects.exists()
