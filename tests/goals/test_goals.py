"""Goals: progress computed from the data, and each milestone celebrated once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from diaries.models import DiaryEntry
from goals import services as goal_services
from goals.models import Goal, GoalMilestone
from goals.progress import diary_current, milestones_due, progress_percent
from patients.models import Patient
from reminders.dispatch import dispatch_due
from reminders.models import Notification
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import diary, local_today

# --- the pure part -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        pytest.param(600, 1000, 600, 0, id="at-baseline"),
        pytest.param(600, 1000, 700, 25, id="quarter-up"),
        pytest.param(600, 1000, 899, 74, id="just-short-of-75"),
        pytest.param(600, 1000, 900, 75, id="exactly-75"),
        pytest.param(600, 1000, 1200, 100, id="beyond-target-clamps"),
        pytest.param(600, 1000, 400, 0, id="worse-than-baseline-clamps"),
        pytest.param(6, 2, 4, 50, id="pain-falls-toward-target"),
        pytest.param(6, 2, 7, 0, id="pain-rises"),
        pytest.param(6, 2, None, None, id="no-data"),
    ],
)
def test_progress_runs_from_baseline_to_target_in_either_direction(
    baseline: float, target: float, current: float | None, expected: int | None
) -> None:
    assert progress_percent(baseline, target, current) == expected


@pytest.mark.parametrize(
    ("percent", "reached", "due"),
    [
        (24, [], []),
        (25, [], [25]),
        (80, [25], [50, 75]),
        (100, [25, 50, 75], [100]),
        (100, [25, 50, 75, 100], []),
        (None, [], []),
    ],
)
def test_milestones_due_are_those_crossed_and_not_yet_reached(
    percent: int | None, reached: list[int], due: list[int]
) -> None:
    assert milestones_due(percent, reached) == due


def test_a_diary_mean_needs_three_days_of_values() -> None:
    assert diary_current([3, None, 5]) is None
    assert diary_current([3, None, 5, 4]) == 4.0


# --- the endpoint and the milestones -------------------------------------------------------


def _url(cast: Cast, tail: str = "goals/") -> str:
    return f"/api/v1/patients/{cast.alice.pk}/{tail}"


def _goal(cast: Cast, **values: Any) -> dict[str, Any]:
    due = local_today(cast.alice) + datetime.timedelta(days=60)
    return {"metric": "walking_distance_m", "baseline": 600, "target": 1000,
            "due_date": due.isoformat(), **values}  # fmt: skip


def _walk(cast: Cast, metres: int, days: int = 3) -> None:
    """Set the last ``days`` days of the diary to a walking distance."""
    today = local_today(cast.alice)
    for n in range(days):
        day = today - datetime.timedelta(days=n)
        DiaryEntry.objects.update_or_create(
            patient=cast.alice, date=day, defaults={"pain_rest": 2, "walking_distance_m": metres}
        )


def _inbox(cast: Cast) -> list[str]:
    dispatch_due()
    return list(
        Notification.objects.filter(recipient=cast.alice_user, kind="milestone")
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_a_clinician_sets_a_goal_and_progress_comes_from_the_diary(
    cast: Cast, client_for: ClientFor
) -> None:
    _walk(cast, 800)
    response = client_for(cast.carol).post(_url(cast), _goal(cast), format="json")
    assert response.status_code == 201, response.content
    goal = response.json()
    assert (goal["current"], goal["progress_percent"], goal["status"]) == (800.0, 50, "active")
    assert goal["direction"] == "increase"
    assert goal["milestones"] == [25, 50]
    assert "Comfortable walking distance" in goal["title"]
    assert client_for(cast.erin).get(_url(cast)).json()[0]["id"] == goal["id"]


def test_each_milestone_is_celebrated_once_through_the_inbox(
    cast: Cast, client_for: ClientFor
) -> None:
    client_for(cast.carol).post(_url(cast), _goal(cast), format="json")
    assert _inbox(cast) == []
    for metres, expected in [(700, 1), (700, 1), (800, 2), (900, 3), (1000, 4), (1100, 4)]:
        _walk(cast, metres)
        goal_services.goals_evaluate_all()
        goal_services.goals_evaluate(patient=cast.alice)  # a second run changes nothing
        assert len(_inbox(cast)) == expected
    assert _inbox(cast) == [
        "25 % of the way there", "50 % of the way there", "75 % of the way there", "Goal reached!",
    ]  # fmt: skip
    goal = Goal.objects.get(patient=cast.alice)
    assert goal.achieved_at is not None
    assert sorted(goal.milestones.values_list("percent", flat=True)) == [25, 50, 75, 100]


def test_a_milestone_is_not_sent_again_after_progress_dips_and_recovers(
    cast: Cast, client_for: ClientFor
) -> None:
    client_for(cast.carol).post(_url(cast), _goal(cast), format="json")
    for metres in (700, 600, 700):
        _walk(cast, metres)
        goal_services.goals_evaluate(patient=cast.alice)
    assert _inbox(cast) == ["25 % of the way there"]


def test_a_jump_records_every_milestone_but_sends_one_message(
    cast: Cast, client_for: ClientFor
) -> None:
    client_for(cast.carol).post(_url(cast), _goal(cast), format="json")
    _walk(cast, 950)
    goal_services.goals_evaluate(patient=cast.alice)
    assert _inbox(cast) == ["75 % of the way there"]
    assert GoalMilestone.objects.filter(goal__patient=cast.alice).count() == 3


def test_a_pain_goal_moves_down_toward_its_target(cast: Cast, client_for: ClientFor) -> None:
    today = local_today(cast.alice)
    for n, pain in enumerate([4, 4, 4]):
        diary(cast.alice, today - datetime.timedelta(days=n), pain_night=pain)
    body = _goal(cast, metric="pain_night", baseline=6, target=2)
    goal = client_for(cast.carol).post(_url(cast), body, format="json").json()
    assert (goal["direction"], goal["current"], goal["progress_percent"]) == ("decrease", 4.0, 50)


def test_a_missing_baseline_is_taken_from_the_current_data(
    cast: Cast, client_for: ClientFor
) -> None:
    _walk(cast, 750)
    body = _goal(cast, baseline=None, target=1500)
    goal = client_for(cast.carol).post(_url(cast), body, format="json").json()
    assert (goal["baseline"], goal["progress_percent"]) == (750.0, 0)


def test_a_missing_baseline_without_data_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.carol).post(_url(cast), _goal(cast, baseline=None), format="json")
    assert response.status_code == 400
    assert "baseline" in response.json()


def test_a_range_of_motion_goal_follows_the_latest_measurement(
    cast: Cast, client_for: ClientFor
) -> None:
    clinician = client_for(cast.carol)
    body = _goal(cast, metric="rom_flexion", baseline=80, target=100)
    assert clinician.post(_url(cast), body, format="json").json()["side"] == "left"
    for degrees in (85, 90):
        response = clinician.post(
            _url(cast, "measurements/"), {"movement": "flexion", "degrees": degrees}, format="json"
        )
        assert response.status_code == 201
        assert response.json()["side"] == "left"  # alice's affected side
    goal = clinician.get(_url(cast)).json()[0]
    assert (goal["current"], goal["progress_percent"], goal["milestones"]) == (90.0, 50, [25, 50])
    assert _inbox(cast) == ["25 % of the way there", "50 % of the way there"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"metric": "pain_rest", "baseline": 5, "target": 11}, "target"),
        ({"target": 600}, "target"),
        ({"due_date": "2020-01-01"}, "due_date"),
        ({"metric": "happiness"}, "metric"),
        ({"side": "left"}, "side"),
        ({"target": "NaN"}, "target"),
        ({"baseline": True}, "baseline"),
    ],
)
def test_an_invalid_goal_is_a_400_naming_the_field(
    cast: Cast, client_for: ClientFor, values: dict[str, Any], field: str
) -> None:
    response = client_for(cast.carol).post(_url(cast), _goal(cast, **values), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_measurement_in_the_future_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    tomorrow = local_today(cast.alice) + datetime.timedelta(days=1)
    response = client_for(cast.carol).post(
        _url(cast, "measurements/"),
        {"movement": "flexion", "degrees": 90, "measured_on": tomorrow.isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "measured_on" in response.json()


def test_the_hourly_check_goes_on_past_a_patient_whose_evaluation_fails(
    cast: Cast, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_for(cast.carol).post(_url(cast), _goal(cast), format="json")
    real = goal_services.goals_evaluate
    seen: list[int] = []

    def alice_fails(*, patient: Patient) -> list[Any]:
        seen.append(patient.pk)
        if patient.pk == cast.alice.pk:
            raise RuntimeError("a bad row")
        return real(patient=patient)

    bobs_goal = {**_goal(cast), "metric": "walking_distance_m"}
    assert (
        client_for(cast.dave)
        .post(f"/api/v1/patients/{cast.bob.pk}/goals/", bobs_goal, format="json")
        .status_code
        == 201
    )
    monkeypatch.setattr(goal_services, "goals_evaluate", alice_fails)
    goal_services.goals_evaluate_all()
    assert sorted(seen) == sorted([cast.alice.pk, cast.bob.pk])
