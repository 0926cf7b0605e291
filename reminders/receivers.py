"""How the reminders app reacts to what the apps below it announce (``core.hooks``).

Connected in ``RemindersConfig.ready()``. Every receiver runs inside the
announcing write's transaction, so what it records commits or rolls back with
that write.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError

from diaries import hooks as diary_hooks
from diaries.selectors import patient_today
from exercises import hooks as exercise_hooks
from exercises import progression
from goals import hooks as goal_hooks
from goals.progress import congratulation
from patients import hooks as patient_hooks
from patients.models import Patient, User
from reminders import dispatch
from reminders.alerts import alert_evaluation_request, guidance_for_day
from reminders.deliveries import notify_person
from reminders.models import Alert, AlertStatus, ReminderSchedule
from reminders.services import (
    default_schedules_create,
    reminder_schedule_create,
    reminder_schedule_delete,
    schedules_refresh_for_patient,
)


def diary_written(*, patient: Patient, date: datetime.date) -> None:
    """Owe the red-flag evaluation of a written day (the outbox row, in the write's transaction)."""
    alert_evaluation_request(patient_id=patient.pk, date=date)


def guidance_for(*, patient: Patient, date: datetime.date) -> list[dict[str, object]]:
    """Answer the diary PUT: what the patient is told about the saved day, most severe first."""
    return [item.as_dict() for item in guidance_for_day(patient.pk, date)]


def patient_enrolled(*, patient: Patient) -> None:
    default_schedules_create(patient=patient)


def patient_clock_changed(*, patient: Patient) -> None:
    schedules_refresh_for_patient(patient=patient)


def plan_prescribed(
    *,
    patient: Patient,
    plan_id: int,
    starts_on: datetime.date,
    ended_plan_ids: Sequence[int],
    prescribed_by: User,
    reminders: Sequence[Mapping[str, Any]],
) -> None:
    """Stop the ended plans' reminders and start the new plan's, or refuse them all.

    A plan written for a later start gets its reminders now, paused until the day
    before it starts: nothing is planned or sent for a plan not yet in force, and
    the first reminder comes on its first day. (Were the pause lifted early, the
    exercise skip check would still hold them back until the plan is in force.)
    """
    for schedule in ReminderSchedule.objects.filter(
        patient_id=patient.pk,
        source__in=[f"plan:{pk}" for pk in ended_plan_ids],
        active=True,
    ):
        reminder_schedule_delete(schedule=schedule)
    today = patient_today(patient)
    paused_until = starts_on - datetime.timedelta(days=1) if starts_on > today else None
    for index, reminder in enumerate(reminders, start=1):
        try:
            reminder_schedule_create(
                patient=patient,
                created_by=prescribed_by,
                kind=reminder["kind"],
                times=[t.strftime("%H:%M") for t in reminder["times"]],
                weekdays=sorted(set(reminder["weekdays"])),
                channels=list(dict.fromkeys(reminder["channels"])),
                paused_until=paused_until,
                source=f"plan:{plan_id}",
            )
        except ValidationError as exc:
            raise ValidationError(
                {"reminders": [f"Reminder {index}: {m}" for m in exc.messages]}
            ) from None


def open_alert_reasons(*, patient_id: int, rules: Collection[str]) -> list[progression.OpenAlert]:
    """Answer the exercise advice: the patient's open alerts of these rules (one query)."""
    return [
        progression.OpenAlert(rule=rule, first_day=first_day)
        for rule, first_day in Alert.objects.filter(
            patient_id=patient_id, status=AlertStatus.OPEN, rule__in=list(rules)
        )
        .order_by("first_day", "id")
        .values_list("rule", "first_day")
    ]


def goal_milestone_reached(*, patient: Patient, goal_id: int, title: str, milestone: int) -> None:
    """Congratulate the patient in their inbox, once per goal and milestone.

    Written with the milestone; held (not sent, never expired) while an urgent or
    high alert is open, and sent once the last such alert is closed (``dispatch``).
    """
    if patient.user is None:
        return
    title, body = congratulation(title, milestone)
    notify_person(
        user=patient.user,
        patient_id=patient.pk,
        purpose="milestone",
        title=title,
        body=body,
        dedupe_key=f"goal:{goal_id}:milestone:{milestone}",
        channels=("inbox",),
    )
    dispatch.held_hold(patient_id=patient.pk)


def connect() -> None:
    """Connect every receiver; called once from ``RemindersConfig.ready()`` (repeats are harmless)."""
    diary_hooks.diary_written.connect(diary_written)
    diary_hooks.guidance_for.connect(guidance_for)
    patient_hooks.patient_enrolled.connect(patient_enrolled)
    patient_hooks.patient_clock_changed.connect(patient_clock_changed)
    exercise_hooks.plan_prescribed.connect(plan_prescribed)
    exercise_hooks.open_alert_reasons.connect(open_alert_reasons)
    goal_hooks.goal_milestone_reached.connect(goal_milestone_reached)
