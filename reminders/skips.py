"""Reasons a reminder is moot by the time it is due."""

from __future__ import annotations

from diaries.selectors import diary_entry_exists_on_local_day, patient_today
from exercises.skips import KIND_SETTINGS, exercise_reminder_moot, plan_reminder_over
from reminders.models import Delivery, DeliveryPurpose, ReminderKind, ReminderSchedule
from reminders.services import reminder_schedule_delete


def _reminder_schedule(delivery: Delivery) -> ReminderSchedule | None:
    """Return the schedule of a reminder delivery; None for alerts and other messages."""
    if delivery.purpose != DeliveryPurpose.REMINDER:
        return None
    return delivery.schedule


def diary_already_logged(delivery: Delivery) -> str:
    """Skip a diary reminder when that local day's diary is already written."""
    schedule = _reminder_schedule(delivery)
    if schedule is None or schedule.kind != ReminderKind.DIARY:
        return ""
    if diary_entry_exists_on_local_day(patient=schedule.patient, instant=delivery.due_at):
        return "the diary for that day is already logged"
    return ""


def schedule_no_longer_wanted(delivery: Delivery) -> str:
    """Skip a reminder (e.g. a retry) whose schedule was deleted or paused since it was planned."""
    schedule = _reminder_schedule(delivery)
    if schedule is None:
        return ""
    if not schedule.active:
        return "the reminder was turned off"
    if schedule.paused_until is not None:
        local_day = patient_today(schedule.patient, delivery.due_at)
        if local_day <= schedule.paused_until:
            return "the reminder is paused"
    return ""


def exercise_sessions_logged(delivery: Delivery) -> str:
    """Skip an exercise or aquatic reminder when that local day's sessions are already logged."""
    schedule = _reminder_schedule(delivery)
    # Every reminder passes through here; only exercise and aquatic ones can be moot.
    if schedule is None or schedule.kind not in KIND_SETTINGS:
        return ""
    patient = schedule.patient
    day = patient_today(patient, delivery.due_at)
    reason = exercise_reminder_moot(
        patient=patient, day=day, kind=schedule.kind, source=schedule.source
    )
    if (
        reason
        and schedule.active
        and plan_reminder_over(patient=patient, day=day, source=schedule.source)
    ):
        # The plan ended (a later plan took over on its start day): stop the schedule
        # rather than plan and skip its reminder every day from now on.
        reminder_schedule_delete(schedule=schedule)
        return "the plan this reminder belongs to has ended"
    return reason
