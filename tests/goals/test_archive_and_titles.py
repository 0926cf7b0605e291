"""Defect 8: one-line goal titles within a cap, and goals that can be archived (not deleted)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from goals import services as goal_services
from goals.models import MAX_GOAL_TITLE_LENGTH, Goal
from tests.conftest import Cast, ClientFor
from tests.goals.test_goals import _goal, _inbox, _url, _walk


def _due(cast: Cast) -> datetime.date:
    return datetime.date.fromisoformat(_goal(cast)["due_date"])


def _create(cast: Cast, client_for: ClientFor, **values: object) -> dict[str, Any]:
    response = client_for(cast.carol).post(_url(cast), _goal(cast, **values), format="json")
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    return body


def test_a_hundred_line_title_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    title = "\n".join("x" * 100)  # 100 lines in 199 characters: within the length cap
    assert len(title) <= MAX_GOAL_TITLE_LENGTH
    response = client_for(cast.carol).post(_url(cast), _goal(cast, title=title), format="json")
    assert response.status_code == 400
    assert "title" in response.json()
    assert not Goal.objects.exists()


@pytest.mark.parametrize("mark", ["\r", "\u2028", "\x85", "\t"])
def test_any_line_break_or_control_character_in_a_title_is_a_400(
    cast: Cast, client_for: ClientFor, mark: str
) -> None:
    response = client_for(cast.carol).post(
        _url(cast), _goal(cast, title=f"walk{mark}further"), format="json"
    )
    assert response.status_code == 400


def test_a_title_over_the_cap_is_a_400_and_one_at_the_cap_is_kept(
    cast: Cast, client_for: ClientFor
) -> None:
    too_long = _goal(cast, title="x" * (MAX_GOAL_TITLE_LENGTH + 1))
    assert client_for(cast.carol).post(_url(cast), too_long, format="json").status_code == 400
    assert _create(cast, client_for, title="x" * MAX_GOAL_TITLE_LENGTH)["title"] == (
        "x" * MAX_GOAL_TITLE_LENGTH
    )


def test_the_database_refuses_a_multi_line_or_overlong_title(cast: Cast) -> None:
    goal = Goal.objects.get(pk=_stored_goal(cast).pk)
    for title in ("two\nlines", "y" * (MAX_GOAL_TITLE_LENGTH + 1)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Goal.objects.filter(pk=goal.pk).update(title=title)


def _stored_goal(cast: Cast) -> Goal:
    progress = goal_services.goal_create(
        patient=cast.alice, created_by=cast.carol,
        values={"metric": "walking_distance_m", "baseline": 600, "target": 1000,
                "due_date": _due(cast)},
    )  # fmt: skip
    return progress.goal


def test_the_patient_archives_a_goal_and_it_leaves_the_list(
    cast: Cast, client_for: ClientFor
) -> None:
    goal = _create(cast, client_for, title="Walk to the bakery")
    patient = client_for(cast.alice_user)
    response = patient.post(_url(cast, f"goals/{goal['id']}/archive/"))
    assert response.status_code == 200
    assert response.json()["archived"] is True
    assert response.json()["archived_at"] is not None
    assert patient.get(_url(cast)).json() == []
    archived = patient.get(_url(cast, "goals/?archived=true")).json()
    assert [g["id"] for g in archived] == [goal["id"]]
    # Archiving again is harmless.
    assert patient.post(_url(cast, f"goals/{goal['id']}/archive/")).status_code == 200


def test_the_care_team_may_archive_and_a_caregiver_may_not(
    cast: Cast, client_for: ClientFor
) -> None:
    goal = _create(cast, client_for)
    url = _url(cast, f"goals/{goal['id']}/archive/")
    assert client_for(cast.erin).post(url).status_code == 403
    assert client_for(cast.carol).post(url).status_code == 200


@pytest.mark.parametrize("who", ["other_patient", "other_clinician", "revoked_caregiver"])
def test_archiving_is_scoped(cast: Cast, client_for: ClientFor, who: str) -> None:
    goal = _create(cast, client_for)
    response = client_for(cast.user(who)).post(_url(cast, f"goals/{goal['id']}/archive/"))
    assert response.status_code == 404
    assert Goal.objects.get(pk=goal["id"]).archived_at is None


def test_another_patients_goal_id_is_a_404(cast: Cast, client_for: ClientFor) -> None:
    bobs = goal_services.goal_create(
        patient=cast.bob, created_by=cast.dave,
        values={"metric": "walking_distance_m", "baseline": 600, "target": 1000,
                "due_date": _due(cast)},
    )  # fmt: skip
    for goal_id in (str(bobs.goal.pk), "0", "abc", "99999999999999999999"):
        response = client_for(cast.alice_user).post(_url(cast, f"goals/{goal_id}/archive/"))
        assert response.status_code == 404


def test_a_bad_archived_filter_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    assert client_for(cast.alice_user).get(_url(cast, "goals/?archived=maybe")).status_code == 400


def test_an_archived_goal_sends_no_milestones(cast: Cast, client_for: ClientFor) -> None:
    goal = _create(cast, client_for)
    client_for(cast.carol).post(_url(cast, f"goals/{goal['id']}/archive/"))
    _walk(cast, 900)
    goal_services.goals_evaluate_all()
    goal_services.goals_evaluate(patient=cast.alice)
    assert _inbox(cast) == []
    assert not Goal.objects.get(pk=goal["id"]).milestones.exists()
