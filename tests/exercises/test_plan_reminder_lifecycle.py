"""Plan reminders live exactly as long as their plan is in force.

A plan written for a later start reminds from its first day, never before; a plan
a newer prescription withdraws or ends loses its reminder schedules; a plan that
ends later stops reminding after its last day.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import pytest
import time_machine

from exercises import selectors, services
from exercises.models import ExercisePlan
from exercises.skips import exercise_reminder_moot
from reminders.dispatch import dispatch_due
from reminders.models import Delivery, Notification, ReminderSchedule
from reminders.planner import plan_due_schedules
from tests.conftest import Cast
from tests.exercises.helpers import ensure_library, items_of, log_sessions

pytestmark = pytest.mark.usefixtures("library")

# Wednesday 18 November 2026, 10:00 in Berlin (alice's timezone).
NOW = datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 18)
SATURDAY = datetime.date(2026, 11, 21)
EVENING = datetime.time(17, 0)


def _prescribe(
    cast: Cast, starts_on: datetime.date, *, remind: bool = True, per_week: int = 7
) -> ExercisePlan:
    ensure_library()
    reminders: Sequence[dict[str, Any]] = (
        [{"kind": "exercise", "times": [EVENING], "weekdays": list(range(7)),
          "channels": ["inbox"]}]
        if remind else []
    )  # fmt: skip
    return services.plan_create(
        patient=cast.alice,
        prescribed_by=cast.carol,
        title=f"From {starts_on}",
        items=[{"exercise": "heel-slides", "per_week": per_week}],
        starts_on=starts_on,
        reminders=reminders,
    )


def _active_sources(cast: Cast) -> set[str]:
    return set(
        ReminderSchedule.objects.filter(
            patient=cast.alice, active=True, source__startswith="plan:"
        ).values_list("source", flat=True)
    )


def _evening_of(day: datetime.date) -> datetime.datetime:
    # 17:05 in Berlin (UTC+1 in November).
    return datetime.datetime.combine(day, datetime.time(16, 5), tzinfo=datetime.UTC)


def _sent_on(day: datetime.date) -> set[str]:
    """Run the planner and dispatcher on a day's evening; return the sources notified that day."""
    with time_machine.travel(_evening_of(day), tick=False):
        plan_due_schedules()
        dispatch_due()
    return set(
        Notification.objects.filter(
            delivery__due_at__date=day, delivery__schedule__isnull=False
        ).values_list("delivery__schedule__source", flat=True)
    )


@time_machine.travel(NOW, tick=False)
def test_a_newer_plan_deletes_the_reminders_of_every_plan_it_withdraws(cast: Cast) -> None:
    current = _prescribe(cast, TODAY - datetime.timedelta(days=10))
    saturday = _prescribe(cast, SATURDAY)
    sunday = _prescribe(cast, SATURDAY + datetime.timedelta(days=1))
    friday = _prescribe(cast, datetime.date(2026, 11, 20))

    saturday.refresh_from_db()
    sunday.refresh_from_db()
    assert saturday.is_withdrawn
    assert sunday.is_withdrawn
    # The current plan stays in force until Thursday and keeps reminding until then.
    assert _active_sources(cast) == {f"plan:{current.pk}", f"plan:{friday.pk}"}


@time_machine.travel(NOW, tick=False)
def test_a_plan_for_today_deletes_the_current_and_the_withdrawn_plans_reminders(
    cast: Cast,
) -> None:
    _prescribe(cast, TODAY - datetime.timedelta(days=10))
    _prescribe(cast, SATURDAY)
    today = _prescribe(cast, TODAY)
    assert _active_sources(cast) == {f"plan:{today.pk}"}


@time_machine.travel(NOW, tick=False)
def test_a_scheduled_plan_waits_for_its_start_without_planning_deliveries(cast: Cast) -> None:
    later = _prescribe(cast, SATURDAY)
    schedule = ReminderSchedule.objects.get(source=f"plan:{later.pk}")
    assert schedule.paused_until == SATURDAY - datetime.timedelta(days=1)
    assert schedule.next_due_at == _evening_of(SATURDAY).replace(hour=16, minute=0)
    with time_machine.travel(_evening_of(TODAY), tick=False):
        assert plan_due_schedules() == 0


def test_reminders_follow_the_plan_in_force_from_its_first_day(cast: Cast) -> None:
    with time_machine.travel(NOW, tick=False):
        current = _prescribe(cast, TODAY - datetime.timedelta(days=10))
        later = _prescribe(cast, SATURDAY)
    old, new = f"plan:{current.pk}", f"plan:{later.pk}"
    assert _sent_on(TODAY) == {old}
    assert _sent_on(datetime.date(2026, 11, 20)) == {old}
    assert _sent_on(SATURDAY) == {new}
    assert _sent_on(SATURDAY + datetime.timedelta(days=1)) == {new}
    # The ended plan's schedule stopped for good, rather than being skipped every day.
    assert _active_sources(cast) == {new}
    assert not Delivery.objects.filter(
        schedule__source=new, due_at__lt=_evening_of(SATURDAY).replace(hour=0)
    ).exists()


# --- a plan's week ends with the plan (exercises.skips) ------------------------------

MONDAY = datetime.date(2026, 11, 16)
WEDNESDAY = datetime.date(2026, 11, 18)
THURSDAY = datetime.date(2026, 11, 19)


def _moot(cast: Cast, plan: ExercisePlan, day: datetime.date) -> str:
    return exercise_reminder_moot(
        patient=cast.alice, day=day, kind="exercise", source=f"plan:{plan.pk}"
    )


@time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_a_plan_ending_midweek_owes_only_its_own_days_share_of_the_week(cast: Cast) -> None:
    # Three a week, in force Monday to Wednesday: one session is that week's share.
    ending = _prescribe(cast, MONDAY - datetime.timedelta(days=7), remind=False, per_week=3)
    following = _prescribe(cast, THURSDAY, remind=False, per_week=3)
    log_sessions(items_of(ending)[0], [MONDAY])
    with time_machine.travel(_evening_of(WEDNESDAY), tick=False):
        assert "already logged" in _moot(cast, ending, WEDNESDAY)
    # Adherence agrees: the week asked for one session of the ending plan.
    week = selectors.adherence_get(patient=cast.alice, weeks=1, today=WEDNESDAY).result.weeks[-1]
    assert {i.item_id: i.prescribed for i in week.items}[items_of(ending)[0].pk] == 1
    # The ended plan's session is no reason to skip the following plan's reminder.
    with time_machine.travel(_evening_of(THURSDAY), tick=False):
        assert _moot(cast, following, THURSDAY) == ""


@time_machine.travel(datetime.datetime(2026, 11, 16, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_the_following_plans_sessions_do_not_skip_the_ended_plans_last_day(cast: Cast) -> None:
    ending = _prescribe(cast, MONDAY - datetime.timedelta(days=7), remind=False, per_week=7)
    following = _prescribe(cast, THURSDAY, remind=False, per_week=7)
    log_sessions(items_of(following)[0], [THURSDAY])
    assert _moot(cast, ending, WEDNESDAY) == ""
    assert "already logged" in _moot(cast, following, THURSDAY)
