"""Consent before data: the privacy notice, and activation that stores nothing without consent."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from patients import privacy
from patients.models import CaregiverLink, Invite, Patient, User
from tests.conftest import Cast, ClientFor
from tests.factories import PASSWORD

NOTICE = "/api/v1/auth/privacy-notice/"
ACTIVATE = "/api/v1/auth/activate/"
SESSION_ACTIVATE = "/api/v1/auth/session/activate/"
CONSENT_REQUIRED = "Please read and accept the privacy notice to continue."


def test_anyone_may_read_the_privacy_notice(db: None) -> None:
    response = APIClient().get(NOTICE)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"version", "title", "paragraphs"}
    assert body["version"] == privacy.VERSION
    assert body["title"]
    text = " ".join(body["paragraphs"]).lower()
    for words in ("diary", "exercises", "goals", "care team", "physiotherapist", "deleted",
                  "advertising", "sold", "choose", "keep"):  # fmt: skip
        assert words in text, words
    assert all(isinstance(p, str) and p for p in body["paragraphs"])


def _enrol(cast: Cast, client_for: ClientFor) -> tuple[Patient, str]:
    body = (
        client_for(cast.carol)
        .post(
            "/api/v1/patients/",
            {"display_name": "Grace", "timezone": "UTC", "affected_side": "left"},
            format="json",
        )
        .json()
    )
    return Patient.objects.get(pk=body["id"]), str(body["invite_code"])


def _activate(path: str, code: str, **extra: Any) -> Any:
    client = APIClient()
    body = {"invite_code": code, "username": "grace", "password": PASSWORD, **extra}
    if path == SESSION_ACTIVATE:
        token = client.get("/api/v1/auth/csrf/").json()["csrf_token"]
        return client.post(path, body, format="json", HTTP_X_CSRFTOKEN=token)
    return client.post(path, body, format="json")


PATHS = [ACTIVATE, SESSION_ACTIVATE]
NO_CONSENT: list[dict[str, Any]] = [
    {},
    {"consent": False},
    {"consent": None},
    {"consent": "true"},
    {"consent": 1},
    {"consent": "yes"},
    {"consent": [True]},
]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("extra", NO_CONSENT, ids=str)
def test_activation_without_consent_stores_nothing(
    cast: Cast, client_for: ClientFor, path: str, extra: dict[str, Any]
) -> None:
    patient, code = _enrol(cast, client_for)
    response = _activate(path, code, **extra)
    assert response.status_code == 400
    assert response.json() == {"consent": [CONSENT_REQUIRED]}
    patient.refresh_from_db()
    assert patient.user_id is None
    assert patient.consent_at is None
    assert patient.consent_version == ""
    assert not User.objects.filter(username="grace").exists()
    assert Invite.objects.get(patient=patient).used_at is None
    # The same code still works once consent is given.
    assert _activate(path, code, consent=True).status_code == 201


@pytest.mark.parametrize("path", PATHS)
def test_activation_with_consent_records_when_and_which_notice(
    cast: Cast, client_for: ClientFor, path: str
) -> None:
    patient, code = _enrol(cast, client_for)
    before = timezone.now()
    assert _activate(path, code, consent=True).status_code == 201
    patient.refresh_from_db()
    assert patient.user is not None
    assert patient.user.username == "grace"
    assert patient.consent_at is not None
    assert before <= patient.consent_at <= timezone.now()
    assert patient.consent_version == privacy.VERSION
    profile = client_for(cast.carol).get(f"/api/v1/patients/{patient.pk}/").json()
    assert profile["consent_version"] == privacy.VERSION


def test_consent_is_reported_with_the_other_account_errors(
    cast: Cast, client_for: ClientFor
) -> None:
    _, code = _enrol(cast, client_for)
    response = _activate(ACTIVATE, code, password="short")
    assert response.status_code == 400
    assert set(response.json()) == {"consent", "password"}


def test_a_bad_code_is_answered_before_consent(db: None) -> None:
    response = _activate(ACTIVATE, "HW-AAAA-BBBB-CCCC")
    assert response.status_code == 400
    assert set(response.json()) == {"invite_code"}


def _caregiver_code(cast: Cast, client_for: ClientFor) -> tuple[int, str]:
    body = (
        client_for(cast.alice_user)
        .post("/api/v1/patients/me/caregivers/", {"name": "Sister"}, format="json")
        .json()
    )
    return int(body["id"]), str(body["invite_code"])


@pytest.mark.parametrize("path", PATHS)
def test_a_caregiver_must_consent_too(cast: Cast, client_for: ClientFor, path: str) -> None:
    link_id, code = _caregiver_code(cast, client_for)
    refused = _activate(path, code)
    assert refused.status_code == 400
    assert refused.json() == {"consent": [CONSENT_REQUIRED]}
    link = CaregiverLink.objects.get(pk=link_id)
    assert link.caregiver_id is None
    assert link.accepted_at is None
    assert not User.objects.filter(username="grace").exists()
    accepted = _activate(path, code, consent=True)
    assert accepted.status_code == 201
    link.refresh_from_db()
    assert link.caregiver is not None
    assert link.caregiver.role == "caregiver"
    # The patient's own consent is not touched by their caregiver's.
    cast.alice.refresh_from_db()
    assert cast.alice.consent_version == ""
