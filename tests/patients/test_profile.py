"""Profile updates: who may change what, and validation."""

from __future__ import annotations

from typing import Any

import pytest

from patients.models import Patient, User
from tests.conftest import Cast, ClientFor


def _patch(client_for: ClientFor, user: User, patient: Patient, body: dict[str, object]) -> Any:
    return client_for(user).patch(f"/api/v1/patients/{patient.pk}/", body, format="json")


def test_a_patient_updates_their_timezone_and_quiet_hours(
    cast: Cast, client_for: ClientFor
) -> None:
    response = _patch(
        client_for, cast.alice_user, cast.alice,
        {"timezone": "Asia/Tokyo", "quiet_hours": ["22:00", "07:00"]},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["quiet_hours"] == ["22:00", "07:00"]
    cast.alice.refresh_from_db()
    assert cast.alice.timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("field", "value"), [("weight_bearing", "partial"), ("affected_side", "both"), ("stage", "II")]
)
def test_a_patient_cannot_change_clinical_fields(
    cast: Cast, client_for: ClientFor, field: str, value: str
) -> None:
    response = _patch(client_for, cast.alice_user, cast.alice, {field: value})
    assert response.status_code == 400
    assert field in response.json()


def test_a_clinician_changes_weight_bearing_and_baseline_window(
    cast: Cast, client_for: ClientFor
) -> None:
    response = _patch(
        client_for, cast.carol, cast.alice,
        {"weight_bearing": "protected", "baseline_window": ["2026-01-01", "2026-01-14"]},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["baseline_window"] == ["2026-01-01", "2026-01-14"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("timezone", "Not/AZone"),
        ("timezone", None),
        ("quiet_hours", ["7am", "9pm"]),
        ("quiet_hours", None),
        ("baseline_window", ["2026-02-01", "2026-01-01"]),
        ("baseline_window", ["2026-02-01"]),
        ("display_name", "x" * 500),
        ("date_of_birth", "yesterday"),
    ],
)
def test_bad_updates_are_a_400_naming_the_field_and_change_nothing(
    cast: Cast, client_for: ClientFor, field: str, value: object
) -> None:
    before = Patient.objects.values().get(pk=cast.alice.pk)
    response = _patch(client_for, cast.carol, cast.alice, {field: value})
    assert response.status_code == 400
    assert field in response.json()
    assert Patient.objects.values().get(pk=cast.alice.pk) == before


def test_fields_nobody_may_set_are_ignored(cast: Cast, client_for: ClientFor) -> None:
    response = _patch(
        client_for, cast.alice_user, cast.alice,
        {"id": 12345, "user": cast.bob.pk, "consent_at": None, "role": "clinician"},
    )  # fmt: skip
    assert response.status_code == 200
    cast.alice.refresh_from_db()
    assert cast.alice_user == cast.alice_user
    assert cast.alice.consent_at is not None


def test_the_last_clinician_cannot_leave_the_care_team(cast: Cast, client_for: ClientFor) -> None:
    member = cast.alice.care_team.get()
    response = client_for(cast.carol).delete(
        f"/api/v1/patients/{cast.alice.pk}/care-team/{member.pk}/"
    )
    assert response.status_code == 400


def test_adding_an_unknown_clinician_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.carol).post(
        f"/api/v1/patients/{cast.alice.pk}/care-team/", {"clinician": "alice"}, format="json"
    )
    assert response.status_code == 400
    assert "clinician" in response.json()


def test_a_revoked_caregiver_loses_access_at_once(cast: Cast, client_for: ClientFor) -> None:
    link = cast.alice.caregivers.get(caregiver=cast.erin)
    client_for(cast.alice_user).delete(f"/api/v1/patients/me/caregivers/{link.pk}/")
    assert client_for(cast.erin).get(f"/api/v1/patients/{cast.alice.pk}/").status_code == 404
