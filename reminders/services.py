"""Every write of the reminders app that other apps and the API call."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from patients.models import Patient, User
from reminders.alerts import (
    alert_acknowledge,
    alert_evaluation_request,
    alert_resolve,
    rule_settings_update,
)
from reminders.deliveries import notify_person
from reminders.dispatch import register_skip_check
from reminders.models import (
    Channel,
    Notification,
    PushSubscription,
    ReminderKind,
    ReminderSchedule,
)
from reminders.planner import schedule_refresh_next_due, spec_for
from reminders.schedule import in_quiet_hours

__all__ = [
    "alert_acknowledge",
    "alert_evaluation_request",
    "alert_resolve",
    "default_schedules_create",
    "notification_mark_read",
    "notify_person",
    "push_subscription_create",
    "push_subscription_delete",
    "register_skip_check",
    "reminder_schedule_create",
    "reminder_schedule_delete",
    "reminder_schedule_update",
    "rule_settings_update",
]

DEFAULT_DIARY_TIME = "19:00"
ALL_WEEKDAYS = list(range(7))


def _check_quiet_hours(patient: Patient, times: list[str]) -> None:
    quiet = patient.quiet_hours
    inside = [t for t in times if in_quiet_hours(datetime.time.fromisoformat(t), quiet)]
    if inside:
        start, end = (q.strftime("%H:%M") for q in quiet)
        raise ValidationError(
            {
                "times": [
                    f"{', '.join(inside)} falls in quiet hours ({start}-{end}); pick another time."
                ]
            }
        )


def _check_schedule(schedule: ReminderSchedule) -> None:
    """Refuse a schedule (new, or as changed) that could never fire or could not be planned."""
    if not schedule.times and not schedule.every_minutes:
        raise ValidationError(
            {"times": ["Give at least one time, or every_minutes with a window."]}
        )
    if schedule.every_minutes and (schedule.window_start is None or schedule.window_end is None):
        raise ValidationError({"window": ["Give a daily window for repeating reminders."]})
    try:
        spec_for(schedule)
    except ValueError as exc:
        raise ValidationError({"non_field_errors": [str(exc)]}) from None


def _save_schedule(schedule: ReminderSchedule) -> ReminderSchedule:
    _check_schedule(schedule)
    now = timezone.now()
    if schedule.planned_until is None:
        # Start from now: creating a reminder never sends the ones already past today.
        schedule.planned_until = now
    schedule_refresh_next_due(schedule, now)
    schedule.full_clean()
    schedule.save()
    return schedule


@transaction.atomic
def reminder_schedule_create(
    *, patient: Patient, created_by: User | None, **fields: Any
) -> ReminderSchedule:
    """Create a reminder schedule after checking it against the patient's quiet hours."""
    _check_quiet_hours(patient, fields.get("times", []))
    schedule = ReminderSchedule(patient=patient, created_by=created_by, **fields)
    return _save_schedule(schedule)


@transaction.atomic
def reminder_schedule_update(
    *, schedule: ReminderSchedule, changes: dict[str, Any]
) -> ReminderSchedule:
    """Change a schedule (times, weekdays, pause, channels ...)."""
    if "times" in changes:
        _check_quiet_hours(schedule.patient, changes["times"])
    for name, value in changes.items():
        setattr(schedule, name, value)
    return _save_schedule(schedule)


def reminder_schedule_delete(*, schedule: ReminderSchedule) -> None:
    """Stop a schedule; deliveries already owed are kept as history."""
    schedule.active = False
    schedule.next_due_at = None
    schedule.save(update_fields=["active", "next_due_at", "updated_at"])


def default_schedules_create(*, patient: Patient) -> list[ReminderSchedule]:
    """Give a newly enrolled patient the evening diary reminder."""
    diary_time = DEFAULT_DIARY_TIME
    if in_quiet_hours(datetime.time.fromisoformat(diary_time), patient.quiet_hours):
        # The end of quiet hours is the first moment the patient wants to hear from us.
        diary_time = patient.quiet_hours_end.strftime("%H:%M")
    schedule = reminder_schedule_create(
        patient=patient,
        created_by=None,
        kind=ReminderKind.DIARY,
        times=[diary_time],
        weekdays=ALL_WEEKDAYS,
        channels=[Channel.INBOX, Channel.PUSH],
        source="enrolment",
    )
    return [schedule]


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def push_subscription_create(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> tuple[PushSubscription, bool]:
    """Store a browser's push subscription; the same endpoint again updates it."""
    existing = PushSubscription.objects.filter(endpoint=endpoint).first()
    if existing is not None and existing.user_id != user.pk:
        # A browser moved to another account: the endpoint now belongs to the new user.
        existing.delete()
        existing = None
    subscription, created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "user_agent": user_agent[:300]},
    )
    return subscription, created


def push_subscription_delete(*, subscription: PushSubscription) -> None:
    subscription.delete()


def schedules_refresh_for_patient(*, patient: Patient) -> None:
    """Recompute when each schedule is next due after the patient's timezone or quiet hours change."""
    now = timezone.now()
    for schedule in ReminderSchedule.objects.filter(patient=patient, active=True).select_related(
        "patient"
    ):
        schedule.patient = patient
        schedule_refresh_next_due(schedule, now)
        schedule.save(update_fields=["next_due_at"])
