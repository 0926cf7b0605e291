"""Enrolment: a clinician creates a patient, the patient activates with the code."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from patients.models import CareTeamMembership, Invite, Patient, Role, User
from tests.conftest import Cast, ClientFor

ENROL = "/api/v1/patients/"
ACTIVATE = "/api/v1/auth/activate/"
NEW_PATIENT = {
    "display_name": "Grace Hopper",
    "timezone": "Europe/Dublin",
    "affected_side": "right",
}


def _enrol(client: APIClient, **overrides: object) -> dict[str, Any]:
    response = client.post(ENROL, {**NEW_PATIENT, **overrides}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _activate(code: object, username: str = "grace", password: str = "a-long-Secret-42") -> Any:
    return APIClient().post(
        ACTIVATE,
        {"invite_code": code, "username": username, "password": password, "consent": True},
        format="json",
    )


def test_it_enrols_a_patient_and_puts_the_clinician_on_the_care_team(
    cast: Cast, client_for: ClientFor
) -> None:
    body = _enrol(client_for(cast.carol))
    patient = Patient.objects.get(pk=body["id"])
    assert body["invite_code"]
    assert body["activated"] is False
    assert body["quiet_hours"] == ["21:30", "08:00"]
    assert CareTeamMembership.objects.filter(patient=patient, clinician=cast.carol).exists()


def test_it_stores_only_a_hash_of_the_invite_code(cast: Cast, client_for: ClientFor) -> None:
    body = _enrol(client_for(cast.carol))
    stored = Invite.objects.get(patient_id=body["id"])
    assert str(body["invite_code"]) not in stored.code_hash


def test_it_activates_the_patient_and_signs_them_in(cast: Cast, client_for: ClientFor) -> None:
    body = _enrol(client_for(cast.carol))
    response = _activate(body["invite_code"])
    assert response.status_code == 201, response.content
    token_body = response.json()
    assert token_body["user"]["role"] == "patient"
    me = APIClient(HTTP_AUTHORIZATION=f"Token {token_body['token']}").get("/api/v1/auth/me/")
    assert me.status_code == 200
    assert me.json()["patient_id"] == body["id"]
    assert Patient.objects.get(pk=body["id"]).consent_at is not None


def test_it_accepts_a_code_typed_in_lower_case_without_dashes(
    cast: Cast, client_for: ClientFor
) -> None:
    code = str(_enrol(client_for(cast.carol))["invite_code"])
    assert _activate(code.lower().replace("-", " ")).status_code == 201


def test_it_refuses_a_used_invite_code(cast: Cast, client_for: ClientFor) -> None:
    code = _enrol(client_for(cast.carol))["invite_code"]
    assert _activate(code).status_code == 201
    second = _activate(code, username="mallory")
    assert second.status_code == 400
    assert "invite_code" in second.json()
    assert not User.objects.filter(username="mallory").exists()


def test_it_refuses_an_expired_invite_code(cast: Cast, client_for: ClientFor) -> None:
    code = _enrol(client_for(cast.carol))["invite_code"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        response = _activate(code)
    assert response.status_code == 400
    assert "expired" in response.json()["invite_code"][0]


@pytest.mark.parametrize("code", ["", "HW-AAAA-BBBB-CCCC", "x" * 64, "💥"])
def test_it_refuses_unknown_invite_codes(db: None, code: str) -> None:
    response = _activate(code)
    assert response.status_code == 400
    assert "invite_code" in response.json()


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "grace1234"])
def test_it_refuses_weak_passwords_and_keeps_the_code_usable(
    cast: Cast, client_for: ClientFor, password: str
) -> None:
    code = _enrol(client_for(cast.carol))["invite_code"]
    response = _activate(code, password=password)
    assert response.status_code == 400
    assert "password" in response.json()
    assert _activate(code).status_code == 201


def test_it_refuses_a_duplicate_username(cast: Cast, client_for: ClientFor) -> None:
    code = _enrol(client_for(cast.carol))["invite_code"]
    response = _activate(code, username="ALICE")
    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", ""),
        ("timezone", "../../etc/passwd"),
        ("timezone", 12),
        ("affected_side", "middle"),
        ("quiet_hours", ["22:00"]),
        ("quiet_hours", ["25:00", "07:00"]),
        ("quiet_hours", ["22:00", "22:00"]),
        ("quiet_hours", "22:00-07:00"),
        ("weight_bearing", "heavy"),
        ("date_of_birth", "2999-01-01"),
        ("display_name", ""),
        ("email", "not-an-email"),
    ],
)
def test_it_rejects_bad_profile_fields_naming_the_field(
    cast: Cast, client_for: ClientFor, field: str, value: object
) -> None:
    response = client_for(cast.carol).post(ENROL, {**NEW_PATIENT, field: value}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Patient.objects.filter(display_name="Grace Hopper").exists()


def test_it_ignores_fields_a_clinician_may_not_set_at_enrolment(
    cast: Cast, client_for: ClientFor
) -> None:
    body = _enrol(
        client_for(cast.carol), role="clinician", is_staff=True, user=cast.dave.pk, id=999_999
    )
    patient = Patient.objects.get(pk=body["id"])
    assert patient.pk != 999_999
    assert patient.user is None


def test_it_ignores_a_role_sent_with_activation(cast: Cast, client_for: ClientFor) -> None:
    code = _enrol(client_for(cast.carol))["invite_code"]
    response = APIClient().post(
        ACTIVATE,
        {
            "invite_code": code,
            "username": "grace",
            "password": "a-long-Secret-42",
            "consent": True,
            "role": "clinician",
            "is_staff": True,
            "is_superuser": True,
        },
        format="json",
    )
    assert response.status_code == 201
    user = User.objects.get(username="grace")
    assert (user.role, user.is_staff, user.is_superuser) == (Role.PATIENT, False, False)


@pytest.mark.parametrize("who", ["patient", "caregiver", "anonymous"])
def test_only_clinicians_can_enrol(cast: Cast, client_for: ClientFor, who: str) -> None:
    response = client_for(cast.user(who)).post(ENROL, NEW_PATIENT, format="json")
    assert response.status_code == (401 if who == "anonymous" else 403)


def test_a_clinician_can_reissue_an_invite_and_the_old_code_stops_working(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.carol)
    body = _enrol(client)
    fresh = client.post(f"/api/v1/patients/{body['id']}/invite/")
    assert fresh.status_code == 201
    assert _activate(body["invite_code"]).status_code == 400
    assert _activate(fresh.json()["invite_code"]).status_code == 201


def test_the_patient_and_caregiver_invites_work_end_to_end(
    cast: Cast, client_for: ClientFor
) -> None:
    invited = client_for(cast.alice_user).post(
        "/api/v1/patients/me/caregivers/", {"name": "Partner"}, format="json"
    )
    assert invited.status_code == 201
    response = _activate(invited.json()["invite_code"], username="partner")
    assert response.status_code == 201
    assert response.json()["user"]["role"] == "caregiver"
    partner = User.objects.get(username="partner")
    assert client_for(partner).get(f"/api/v1/patients/{cast.alice.pk}/").status_code == 200


def test_a_revoked_caregiver_invite_cannot_be_used(cast: Cast, client_for: ClientFor) -> None:
    alice = client_for(cast.alice_user)
    invited = alice.post("/api/v1/patients/me/caregivers/", {"name": "Partner"}, format="json")
    link_id = invited.json()["id"]
    assert alice.delete(f"/api/v1/patients/me/caregivers/{link_id}/").status_code == 204
    assert _activate(invited.json()["invite_code"], username="partner").status_code == 400


def test_activation_does_not_reveal_usernames_to_someone_without_a_valid_code(
    cast: Cast,
) -> None:
    taken = _activate("HW-AAAA-BBBB-CCCC", username="alice")
    free = _activate("HW-AAAA-BBBB-CCCC", username="nobody-has-this")
    assert taken.status_code == free.status_code == 400
    assert taken.json() == free.json()
    assert set(taken.json()) == {"invite_code"}


def test_activation_signs_the_new_user_in(cast: Cast, client_for: ClientFor) -> None:
    code = _enrol(client_for(cast.carol))["invite_code"]
    assert _activate(code).status_code == 201
    assert User.objects.get(username="grace").last_login is not None
