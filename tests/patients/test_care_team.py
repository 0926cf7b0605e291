"""Ending care-team memberships: who may, and the last clinician stays."""

from __future__ import annotations

from typing import Any

import pytest

from patients.models import CareTeamMembership, Role
from tests.conftest import Cast, ClientFor
from tests.factories import make_user


def _url(cast: Cast, membership: CareTeamMembership) -> str:
    return f"/api/v1/patients/{cast.alice.pk}/care-team/{membership.pk}/"


@pytest.fixture
def team(cast: Cast) -> tuple[CareTeamMembership, CareTeamMembership]:
    """Carol enrolled alice; dave joined later."""
    carol = CareTeamMembership.objects.get(patient=cast.alice, clinician=cast.carol)
    dave = CareTeamMembership.objects.create(
        patient=cast.alice, clinician=cast.dave, added_by=cast.carol
    )
    return carol, dave


def _is_active(membership: CareTeamMembership) -> bool:
    membership.refresh_from_db()
    return membership.ended_at is None


def test_a_clinician_cannot_end_a_colleagues_membership(
    cast: Cast, client_for: ClientFor, team: tuple[CareTeamMembership, CareTeamMembership]
) -> None:
    carol, dave = team
    assert client_for(cast.carol).delete(_url(cast, dave)).status_code == 403
    assert client_for(cast.dave).delete(_url(cast, carol)).status_code == 403
    assert _is_active(carol)
    assert _is_active(dave)


def test_a_clinician_can_leave_themselves(
    cast: Cast, client_for: ClientFor, team: tuple[CareTeamMembership, CareTeamMembership]
) -> None:
    carol, dave = team
    assert client_for(cast.dave).delete(_url(cast, dave)).status_code == 204
    assert not _is_active(dave)
    assert _is_active(carol)


def test_the_patient_can_end_any_membership(
    cast: Cast, client_for: ClientFor, team: tuple[CareTeamMembership, CareTeamMembership]
) -> None:
    carol, _ = team
    response = client_for(cast.alice_user).delete(f"/api/v1/patients/me/care-team/{carol.pk}/")
    assert response.status_code == 204
    assert not _is_active(carol)


def test_an_operator_can_end_a_membership(
    cast: Cast, client_for: ClientFor, team: tuple[CareTeamMembership, CareTeamMembership]
) -> None:
    _, dave = team
    operator = make_user("olga", Role.ADMIN)
    assert client_for(operator).delete(_url(cast, dave)).status_code == 204
    assert not _is_active(dave)


def test_an_operator_gets_404_for_what_does_not_exist(cast: Cast, client_for: ClientFor) -> None:
    operator = make_user("olga", Role.ADMIN)
    assert client_for(operator).delete("/api/v1/patients/999999/care-team/1/").status_code == 404
    assert (
        client_for(operator).delete(f"/api/v1/patients/{cast.alice.pk}/care-team/x/").status_code
        == 404
    )
    assert client_for(operator).delete("/api/v1/patients/me/care-team/1/").status_code == 404


@pytest.mark.parametrize("who", ["patient", "clinician"])
def test_the_last_active_clinician_cannot_be_removed(
    cast: Cast, client_for: ClientFor, who: str
) -> None:
    carol = CareTeamMembership.objects.get(patient=cast.alice, clinician=cast.carol)
    response = client_for(cast.user(who)).delete(_url(cast, carol))
    assert response.status_code == 400
    assert "at least one" in response.json()["detail"][0]
    assert _is_active(carol)


def test_a_deactivated_colleague_does_not_count_as_the_remaining_clinician(
    cast: Cast, client_for: ClientFor, team: tuple[CareTeamMembership, CareTeamMembership]
) -> None:
    carol, _ = team
    cast.dave.is_active = False
    cast.dave.save()
    assert client_for(cast.carol).delete(_url(cast, carol)).status_code == 400
    assert _is_active(carol)


def test_the_last_clinician_may_leave_a_deactivated_patient(
    cast: Cast, client_for: ClientFor
) -> None:
    carol = CareTeamMembership.objects.get(patient=cast.alice, clinician=cast.carol)
    cast.alice_user.is_active = False
    cast.alice_user.save()
    assert client_for(cast.carol).delete(_url(cast, carol)).status_code == 204


@pytest.mark.parametrize(
    ("who", "expected"),
    [("caregiver", 403), ("other_patient", 404), ("other_clinician", 404), ("anonymous", 401)],
)
def test_others_cannot_end_memberships(
    cast: Cast, client_for: ClientFor, who: str, expected: int
) -> None:
    carol = CareTeamMembership.objects.get(patient=cast.alice, clinician=cast.carol)
    assert client_for(cast.user(who)).delete(_url(cast, carol)).status_code == expected
    assert _is_active(carol)


def _add(cast: Cast, client_for: ClientFor, username: str) -> Any:
    return client_for(cast.carol).post(
        f"/api/v1/patients/{cast.alice.pk}/care-team/", {"clinician": username}, format="json"
    )


def test_adding_a_clinician_answers_201_then_200_for_the_same_membership(
    cast: Cast, client_for: ClientFor
) -> None:
    created = _add(cast, client_for, "dave")
    assert created.status_code == 201
    again = _add(cast, client_for, "dave")
    assert again.status_code == 200
    assert again.json()["id"] == created.json()["id"]
    assert CareTeamMembership.objects.filter(patient=cast.alice, clinician=cast.dave).count() == 1


def test_adding_a_clinician_already_on_the_team_changes_nothing(
    cast: Cast, client_for: ClientFor
) -> None:
    response = _add(cast, client_for, "carol")
    assert response.status_code == 200
    assert cast.alice.care_team.filter(ended_at__isnull=True).count() == 1


def test_a_clinician_who_left_is_added_again_with_201(
    cast: Cast, client_for: ClientFor, team: tuple[CareTeamMembership, CareTeamMembership]
) -> None:
    _, dave = team
    assert client_for(cast.dave).delete(_url(cast, dave)).status_code == 204
    response = _add(cast, client_for, "dave")
    assert response.status_code == 201
    assert response.json()["id"] != dave.pk


@pytest.mark.parametrize("typed", ["DAVE", "Dave", "\uff24ave"])
def test_a_colleague_is_found_whatever_the_case_or_width_of_the_name(
    cast: Cast, client_for: ClientFor, typed: str
) -> None:
    response = _add(cast, client_for, typed)
    assert response.status_code == 201, response.content
    assert response.json()["clinician"]["username"] == "dave"
