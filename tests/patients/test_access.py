"""Who may reach which patients endpoint."""

from __future__ import annotations

import pytest

from patients.models import CaregiverLink, CareTeamMembership
from tests.access import CALLERS, READ, Row, assert_access, expect
from tests.conftest import Cast, ClientFor

WRITE_SELF_OR_TEAM = expect(READ, caregiver=403)
TEAM_ONLY_WRITE = expect(READ, patient=403, caregiver=403)
SELF_ONLY_WRITE = expect(READ, clinician=403, caregiver=403)


def _carol_membership(cast: Cast) -> dict[str, int]:
    return {
        "membership": CareTeamMembership.objects.get(patient=cast.alice, clinician=cast.carol).pk
    }


def _erin_link(cast: Cast) -> dict[str, int]:
    return {"link": CaregiverLink.objects.get(patient=cast.alice, caregiver=cast.erin).pk}


def _second_clinician(cast: Cast) -> dict[str, int]:
    # Ending carol's membership needs another active clinician on the team.
    from tests.factories import make_clinician

    CareTeamMembership.objects.create(patient=cast.alice, clinician=make_clinician("zoe"))
    return _carol_membership(cast)


ROWS = [
    Row("GET", "/api/v1/patients/{alice}/", READ),
    Row("PATCH", "/api/v1/patients/{alice}/", expect(WRITE_SELF_OR_TEAM), {"timezone": "Europe/Paris"}),
    Row("POST", "/api/v1/patients/{alice}/invite/", expect(TEAM_ONLY_WRITE, clinician=400)),
    Row("POST", "/api/v1/patients/{alice}/password-reset-code/",
        expect(TEAM_ONLY_WRITE, clinician=201)),
    Row("GET", "/api/v1/patients/{alice}/care-team/", READ),
    Row("POST", "/api/v1/patients/{alice}/care-team/", expect(TEAM_ONLY_WRITE, clinician=201),
        {"clinician": "dave"}),
    Row("DELETE", "/api/v1/patients/{alice}/care-team/{membership}/",
        expect(WRITE_SELF_OR_TEAM, patient=204, clinician=204), setup=_second_clinician),
    Row("GET", "/api/v1/patients/{alice}/care-team/contact/", READ),
    Row("PUT", "/api/v1/patients/{alice}/care-team/contact/", expect(TEAM_ONLY_WRITE),
        {"phone": "+44 20 7946 0000", "escalation_email": "lead@example.org"}),
    Row("GET", "/api/v1/patients/{alice}/caregivers/", expect(READ, caregiver=403)),
    Row("POST", "/api/v1/patients/{alice}/caregivers/", expect(SELF_ONLY_WRITE, patient=201),
        {"name": "Sister"}),
    Row("PATCH", "/api/v1/patients/{alice}/caregivers/{link}/",
        expect(SELF_ONLY_WRITE, patient=200), {"scopes": ["notes"]}, setup=_erin_link),
    Row("DELETE", "/api/v1/patients/{alice}/caregivers/{link}/",
        expect(SELF_ONLY_WRITE, patient=204), setup=_erin_link),
]  # fmt: skip


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("row", ROWS, ids=str)
def test_access_matrix(row: Row, caller: str, cast: Cast, client_for: ClientFor) -> None:
    assert_access(row, caller, cast, client_for)


@pytest.mark.parametrize(
    "reference", ["me", "0", "-1", "abc", "1e3", "99999999999999999999999", "%00"]
)
def test_a_clinician_gets_404_for_me_and_junk_references(
    cast: Cast, client_for: ClientFor, reference: str
) -> None:
    assert client_for(cast.carol).get(f"/api/v1/patients/{reference}/").status_code == 404


def test_me_resolves_to_the_signed_in_patient(cast: Cast, client_for: ClientFor) -> None:
    body = client_for(cast.alice_user).get("/api/v1/patients/me/").json()
    assert body["id"] == cast.alice.pk


@pytest.mark.parametrize(
    ("caller", "visible"),
    [
        ("patient", {"Alice"}),
        ("other_patient", {"Bob"}),
        ("clinician", {"Alice"}),
        ("other_clinician", {"Bob"}),
        ("caregiver", {"Alice"}),
        ("revoked_caregiver", set()),
    ],
)
def test_the_patient_list_is_scoped_to_the_caller(
    cast: Cast, client_for: ClientFor, caller: str, visible: set[str]
) -> None:
    body = client_for(cast.user(caller)).get("/api/v1/patients/").json()
    assert {row["display_name"] for row in body} == visible


def test_an_ended_care_team_membership_loses_access(cast: Cast, client_for: ClientFor) -> None:
    from django.utils import timezone

    CareTeamMembership.objects.filter(clinician=cast.carol).update(ended_at=timezone.now())
    assert client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/").status_code == 404


def test_an_administrator_has_no_routine_access_to_patients(
    cast: Cast, client_for: ClientFor
) -> None:
    from patients.models import User

    admin = User.objects.create_superuser("root", "root@example.org", "x-Very-long-1")
    assert client_for(admin).get(f"/api/v1/patients/{cast.alice.pk}/").status_code == 404
    assert client_for(admin).get("/api/v1/patients/").json() == []
