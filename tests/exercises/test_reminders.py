"""Exercise reminders made by a plan: not sent for a day whose sessions are logged."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from exercises import services
from exercises.models import ExercisePlan
from reminders.dispatch import dispatch_due
from reminders.models import Delivery, DeliveryStatus, Notification
from reminders.planner import plan_due_schedules
from tests.conftest import Cast
from tests.exercises.helpers import items_of, log_sessions

pytestmark = pytest.mark.usefixtures("library")

MORNING = datetime.datetime(2026, 3, 10, 7, 0, tzinfo=datetime.UTC)  # 08:00 in Berlin, a Tuesday
EVENING = datetime.datetime(2026, 3, 10, 16, 5, tzinfo=datetime.UTC)  # 17:05 in Berlin
TUESDAY = datetime.date(2026, 3, 10)


def _plan_with_reminder(cast: Cast, kind: str = "exercise") -> ExercisePlan:
    slugs = ["glute-bridge", "clamshell"] if kind == "exercise" else ["deep-water-running"]
    with time_machine.travel(MORNING, tick=False):
        return services.plan_create(
            patient=cast.alice,
            prescribed_by=cast.carol,
            title="Evening exercises",
            items=[{"exercise": slug, "per_week": 7} for slug in slugs],
            starts_on=datetime.date(2026, 3, 1),
            reminders=[{"kind": kind, "times": [datetime.time(17, 0)], "weekdays": list(range(7)),
                        "channels": ["inbox"]}],
        )  # fmt: skip


def _run_evening() -> Delivery:
    with time_machine.travel(EVENING, tick=False):
        assert plan_due_schedules() == 1
        dispatch_due()
    return Delivery.objects.get(purpose="reminder", schedule__source__startswith="plan:")


def test_the_exercise_reminder_is_sent_when_the_days_sessions_are_not_logged(cast: Cast) -> None:
    plan = _plan_with_reminder(cast)
    log_sessions(items_of(plan)[0], [TUESDAY])  # one of two exercises done
    delivery = _run_evening()
    assert delivery.status == DeliveryStatus.SENT
    assert Notification.objects.filter(delivery=delivery).exists()


def test_the_exercise_reminder_is_skipped_when_the_days_sessions_are_logged(cast: Cast) -> None:
    plan = _plan_with_reminder(cast)
    for item in items_of(plan):
        log_sessions(item, [TUESDAY])
    delivery = _run_evening()
    assert delivery.status == DeliveryStatus.SKIPPED
    assert "already logged" in delivery.attempt_log.get().detail
    assert not Notification.objects.filter(delivery=delivery).exists()


def test_sessions_logged_on_another_day_do_not_skip_the_reminder(cast: Cast) -> None:
    plan = _plan_with_reminder(cast)
    for item in items_of(plan):
        log_sessions(item, [TUESDAY - datetime.timedelta(days=1)])
    assert _run_evening().status == DeliveryStatus.SENT


def test_an_aquatic_reminder_looks_at_aquatic_sessions(cast: Cast) -> None:
    plan = _plan_with_reminder(cast, kind="aquatic")
    log_sessions(items_of(plan)[0], [TUESDAY], minutes=20, sets_done=None, reps_done=None)
    assert _run_evening().status == DeliveryStatus.SKIPPED
