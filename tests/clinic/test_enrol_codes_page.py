"""Reissue an invite code and issue a password-reset code from the clinic, shown once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from patients import services
from patients.models import PasswordResetCode, Patient
from tests.clinic.pages_helpers import browser_for, make_operator
from tests.conftest import Cast

ACTIVATE = "/api/v1/auth/activate/"
RESET = "/api/v1/auth/password-reset/"
CALLERS = ("clinician", "other_clinician", "patient", "caregiver", "anonymous", "operator")


def _code(body: str) -> str:
    found = re.search(r'<p class="code" id="the-code">([^<]+)</p>', body)
    assert found is not None, body
    return found.group(1)


def _fresh(cast: Cast) -> Patient:
    patient, _ = services.patient_enrol(
        clinician=cast.carol, display_name="Nina", timezone="Europe/London", affected_side="left"
    )
    return patient


def _caller(cast: Cast, name: str) -> Client:
    return browser_for(make_operator() if name == "operator" else cast.user(name))


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    ("page", "get", "post"),
    [
        # alice has activated: her invite page says so and the POST is refused.
        ("invite", {"clinician": 200, "operator": 404}, {"clinician": 400, "operator": 404}),
        # The API lets an operator help any patient back in with a reset code.
        ("reset-code", {"clinician": 200, "operator": 200}, {"clinician": 200, "operator": 200}),
    ],
)
def test_the_code_pages_follow_the_api_access_rules(
    cast: Cast, caller: str, page: str, get: dict[str, int], post: dict[str, int]
) -> None:
    url = f"/clinic/patients/{cast.alice.pk}/{page}/"
    expected = {"other_clinician": 404, "patient": 302, "caregiver": 302, "anonymous": 302}
    client = _caller(cast, caller)
    for method, table in (("get", get), ("post", post)):
        response = getattr(client, method)(url)
        assert response.status_code == {**expected, **table}[caller], (caller, method)
        assert "no-store" in response["Cache-Control"]
        if caller in ("patient", "caregiver"):
            assert response["Location"] == "/app/"
    issued = PasswordResetCode.objects.filter(user=cast.alice.user).count()
    assert issued == (1 if page == "reset-code" and caller in ("clinician", "operator") else 0)


def test_a_new_invite_code_replaces_the_old_one_and_activates(cast: Cast) -> None:
    patient, first = services.patient_enrol(
        clinician=cast.carol, display_name="Nina", timezone="Europe/London", affected_side="left"
    )
    client = browser_for(cast.carol)
    form = client.get(f"/clinic/patients/{patient.pk}/invite/").content.decode()
    assert "Issue a new invite code" in form
    response = client.post(f"/clinic/patients/{patient.pk}/invite/")
    assert response.status_code == 200
    body = response.content.decode()
    code = _code(body)
    assert code != first.code
    assert "Shown once." in body
    assert f"/app/activate/?code={code}" in body
    assert "<title>QR code of the activation link for Nina</title>" in body
    account = {"username": "nina", "password": "a-long-Secret-42", "consent": True}
    old = APIClient().post(ACTIVATE, {**account, "invite_code": first.code}, format="json")
    assert old.status_code == 400
    new = APIClient().post(ACTIVATE, {**account, "invite_code": code}, format="json")
    assert new.status_code == 201, new.content
    # Once activated, no more invite codes: the page says so instead.
    again = client.post(f"/clinic/patients/{patient.pk}/invite/")
    assert again.status_code == 400
    assert "already activated" in again.content.decode()


def test_a_reset_code_sets_a_new_password_once(cast: Cast) -> None:
    client = browser_for(cast.carol)
    url = f"/clinic/patients/{cast.alice.pk}/reset-code/"
    assert "Issue a password-reset code" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    code = _code(body)
    assert f"/app/reset/?code={code}" in body
    assert "<title>QR code of the password-reset link for Alice</title>" in body
    change = {"username": "alice", "code": code, "new_password": "a-fresh-Secret-77"}
    done = APIClient().post(RESET, change, format="json")
    assert done.status_code == 204, done.content
    assert cast.alice_user.__class__.objects.get(pk=cast.alice_user.pk).check_password(
        "a-fresh-Secret-77"
    )
    twice = APIClient().post(RESET, {**change, "new_password": "another-Secret-88"}, format="json")
    assert twice.status_code == 400


def test_a_patient_without_an_account_gets_no_reset_code(cast: Cast) -> None:
    patient = _fresh(cast)
    client = browser_for(cast.carol)
    url = f"/clinic/patients/{patient.pk}/reset-code/"
    page = client.get(url).content.decode()
    assert "issue a new invite code instead" in page
    assert "Issue a password-reset code</button>" not in page
    refused = client.post(url)
    assert refused.status_code == 400
    assert "issue a new invite code instead" in refused.content.decode()


@pytest.mark.parametrize("page", ["invite", "reset-code"])
def test_issuing_needs_the_csrf_token(cast: Cast, page: str) -> None:
    patient = _fresh(cast) if page == "invite" else cast.alice
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.carol)
    response = client.post(f"/clinic/patients/{patient.pk}/{page}/")
    assert response.status_code == 403
    assert not PasswordResetCode.objects.exists()
