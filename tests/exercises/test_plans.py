"""Prescribing plans: weight-bearing safety, supersession, history, reminders, advice."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from exercises.models import ExercisePlan, PlanItem
from reminders.models import ReminderSchedule
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import diary, items_of, local_today, log_sessions, make_plan

pytestmark = pytest.mark.usefixtures("library")


def _url(cast: Cast, tail: str = "plans/") -> str:
    return f"/api/v1/patients/{cast.alice.pk}/{tail}"


def _body(*items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"title": "Hip programme", "items": list(items), **extra}


def _partial(cast: Cast) -> None:
    cast.alice.weight_bearing = "partial"
    cast.alice.save(update_fields=["weight_bearing"])


def test_a_clinician_prescribes_a_plan_with_doses(cast: Cast, client_for: ClientFor) -> None:
    body = _body(
        {"exercise": "glute-bridge", "sets": 3, "reps": 12, "per_week": 4, "target_rpe": 4,
         "notes": "Slowly."},
        {"exercise": "stationary-cycling"},
    )  # fmt: skip
    response = client_for(cast.carol).post(_url(cast), body, format="json")
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["status"] == "active"
    assert plan["prescribed_by"] == "carol"
    assert plan["starts_on"] == local_today(cast.alice).isoformat()
    first, second = plan["items"]
    assert (first["sets"], first["reps"], first["per_week"], first["target_rpe"]) == (3, 12, 4, 4)
    assert first["pain_limit"] == 5
    assert first["exercise"]["slug"] == "glute-bridge"
    # Nothing given: the exercise's default dose and frequency.
    assert (second["minutes"], second["per_week"], second["sets"]) == (10, 3, None)


def test_the_exercise_may_be_named_by_id(cast: Cast, client_for: ClientFor) -> None:
    listing = client_for(cast.carol).get("/api/v1/exercises/").json()
    exercise_id = next(row["id"] for row in listing if row["slug"] == "clamshell")
    response = client_for(cast.carol).post(
        _url(cast), _body({"exercise": exercise_id}), format="json"
    )
    assert response.status_code == 201
    assert response.json()["items"][0]["exercise"]["slug"] == "clamshell"


def test_an_exercise_needing_more_weight_bearing_is_refused_naming_the_item(
    cast: Cast, client_for: ClientFor
) -> None:
    _partial(cast)
    body = _body({"exercise": "glute-bridge"}, {"exercise": "lateral-band-walk"})
    response = client_for(cast.carol).post(_url(cast), body, format="json")
    assert response.status_code == 400
    errors = response.json()["items"]
    assert list(errors) == ["1"]  # the second item, by 0-based index as DRF names list items
    assert "needs full weight-bearing" in errors["1"]["exercise"][0]
    assert "partial" in errors["1"]["exercise"][0]
    assert not ExercisePlan.objects.filter(patient=cast.alice).exists()


def test_an_override_reason_lets_the_clinician_prescribe_it_and_is_recorded(
    cast: Cast, client_for: ClientFor
) -> None:
    _partial(cast)
    body = _body(
        {"exercise": "glute-bridge"},
        {"exercise": "lateral-band-walk"},
        override_reason="Cleared by the surgeon for light band work on 2 March.",
    )
    response = client_for(cast.carol).post(_url(cast), body, format="json")
    assert response.status_code == 201, response.content
    bridge, band = response.json()["items"]
    assert bridge["override_reason"] == ""
    assert band["override_reason"].startswith("Cleared by the surgeon")
    assert band["exceeds_weight_bearing"] is True
    assert PlanItem.objects.get(pk=band["id"]).override_reason.startswith("Cleared")


def test_an_item_may_carry_its_own_override_reason(cast: Cast, client_for: ClientFor) -> None:
    _partial(cast)
    body = _body({"exercise": "lateral-band-walk", "override_reason": "Supervised in clinic."})
    response = client_for(cast.carol).post(_url(cast), body, format="json")
    assert response.status_code == 201
    assert response.json()["items"][0]["override_reason"] == "Supervised in clinic."


def test_a_later_status_change_flags_items_above_it(cast: Cast, client_for: ClientFor) -> None:
    make_plan(cast.alice, cast.carol, ("glute-bridge", "sit-to-stand"))
    cast.alice.weight_bearing = "protected"
    cast.alice.save(update_fields=["weight_bearing"])
    items = client_for(cast.carol).get(_url(cast, "plan/")).json()["items"]
    assert [i["exceeds_weight_bearing"] for i in items] == [False, True]


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"exercise": "no-such-exercise"}, "exercise"),
        ({"exercise": "glute-bridge", "sets": 0}, "sets"),
        ({"exercise": "glute-bridge", "per_week": 15}, "per_week"),
        ({"exercise": "glute-bridge", "target_rpe": 11}, "target_rpe"),
        ({"exercise": "glute-bridge", "pain_limit": "high"}, "pain_limit"),
        ({"exercise": True}, "exercise"),
    ],
)
def test_a_bad_item_is_a_400_naming_the_field(
    cast: Cast, client_for: ClientFor, item: dict[str, Any], field: str
) -> None:
    response = client_for(cast.carol).post(_url(cast), _body(item), format="json")
    assert response.status_code == 400
    assert field in response.json()["items"]["0"]


def test_the_same_exercise_twice_is_refused(cast: Cast, client_for: ClientFor) -> None:
    body = _body({"exercise": "clamshell"}, {"exercise": "clamshell"})
    response = client_for(cast.carol).post(_url(cast), body, format="json")
    assert response.status_code == 400
    assert "already item 1" in response.json()["items"]["1"]["exercise"][0]


def test_a_new_plan_supersedes_the_old_and_history_is_kept(
    cast: Cast, client_for: ClientFor
) -> None:
    old = make_plan(cast.alice, cast.carol)
    response = client_for(cast.carol).post(
        _url(cast), _body({"exercise": "heel-slides"}), format="json"
    )
    assert response.status_code == 201
    old.refresh_from_db()
    assert old.superseded_at is not None
    assert old.superseded_by_id == response.json()["id"]
    history = client_for(cast.alice_user).get(_url(cast)).json()
    assert [p["status"] for p in history] == ["active", "superseded"]
    active = client_for(cast.alice_user).get(_url(cast, "plan/")).json()
    assert active["id"] == response.json()["id"]


def test_the_database_allows_one_active_plan_per_patient(cast: Cast) -> None:
    make_plan(cast.alice, cast.carol)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExercisePlan.objects.create(
            patient=cast.alice, title="Second", starts_on=datetime.date(2025, 1, 1),
            patient_weight_bearing="full",
        )  # fmt: skip


def test_a_new_plan_cannot_start_before_the_current_one(cast: Cast, client_for: ClientFor) -> None:
    make_plan(cast.alice, cast.carol, starts_on=local_today(cast.alice))
    yesterday = local_today(cast.alice) - datetime.timedelta(days=1)
    body = _body({"exercise": "clamshell"}, starts_on=yesterday.isoformat())
    response = client_for(cast.carol).post(_url(cast), body, format="json")
    assert response.status_code == 400
    assert "starts_on" in response.json()


def test_no_active_plan_is_a_404_with_a_reason(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.alice_user).get(_url(cast, "plan/"))
    assert response.status_code == 404
    assert "no active exercise plan" in response.json()["detail"]


def test_plan_reminders_are_created_and_stopped_when_superseded(
    cast: Cast, client_for: ClientFor
) -> None:
    body = _body(
        {"exercise": "glute-bridge"}, {"exercise": "deep-water-running"},
        reminders=[{"kind": "exercise", "times": ["17:00"], "weekdays": [0, 2, 4]},
                   {"kind": "aquatic", "times": ["10:00"], "weekdays": [5]}],
    )  # fmt: skip
    first = client_for(cast.carol).post(_url(cast), body, format="json").json()
    schedules = ReminderSchedule.objects.filter(patient=cast.alice, source=f"plan:{first['id']}")
    assert sorted(schedules.values_list("kind", flat=True)) == ["aquatic", "exercise"]
    assert all(s.active for s in schedules)
    client_for(cast.carol).post(_url(cast), _body({"exercise": "clamshell"}), format="json")
    assert not schedules.filter(active=True).exists()


def test_a_plan_reminder_in_quiet_hours_is_a_400_and_nothing_is_saved(
    cast: Cast, client_for: ClientFor
) -> None:
    body = _body({"exercise": "glute-bridge"}, reminders=[{"kind": "exercise", "times": ["23:30"]}])
    response = client_for(cast.carol).post(_url(cast), body, format="json")
    assert response.status_code == 400
    assert "quiet hours" in response.json()["reminders"][0]
    assert not ExercisePlan.objects.filter(patient=cast.alice).exists()


def _flaring_sessions(cast: Cast) -> None:
    """Three recent sessions of the first item, the middle one over the pain limit."""
    plan = make_plan(cast.alice, cast.carol)
    today = local_today(cast.alice)
    days = [today - datetime.timedelta(days=n) for n in (5, 3, 1)]
    log_sessions(items_of(plan)[0], days[:1] + days[2:], pain_during=3)
    log_sessions(items_of(plan)[0], days[1:2], pain_during=7)
    for day in days:
        diary(cast.alice, day, pain_rest=2)


def test_clinicians_see_the_advice_decision_and_reason(cast: Cast, client_for: ClientFor) -> None:
    _flaring_sessions(cast)
    first, second = client_for(cast.carol).get(_url(cast, "plan/")).json()["items"]
    assert first["advice"]["decision"] == "step_back"
    assert "7/10" in first["advice"]["reason"]
    assert first["advice"]["evidence"]["limit_exceeded"]
    assert second["advice"]["decision"] == "hold"


@pytest.mark.parametrize("who", ["patient", "caregiver"])
def test_patients_and_caregivers_see_only_gentle_guidance(
    cast: Cast, client_for: ClientFor, who: str
) -> None:
    _flaring_sessions(cast)
    first = client_for(cast.user(who)).get(_url(cast, "plan/")).json()["items"][0]
    assert first["advice"]["decision"] is None
    assert first["advice"]["reason"] is None
    assert first["advice"]["evidence"] is None
    assert "care team" in first["advice"]["patient_message"]


def test_each_new_plan_leaves_exactly_one_active_plan(cast: Cast) -> None:
    make_plan(cast.alice, cast.carol)
    make_plan(cast.alice, cast.carol, ("heel-slides",), starts_on=local_today(cast.alice))
    assert ExercisePlan.objects.filter(patient=cast.alice, superseded_at__isnull=True).count() == 1
    assert (
        ExercisePlan.objects.filter(patient=cast.alice, superseded_at__lte=timezone.now()).count()
        == 1
    )
