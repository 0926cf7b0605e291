"""Turn reminder schedules into due deliveries, in each patient's own timezone."""

from __future__ import annotations

import datetime
import logging
import zoneinfo

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from reminders import messages
from reminders.deliveries import delivery_row
from reminders.links import patient_app_url
from reminders.models import Delivery, DeliveryPurpose, ReminderKind, ReminderSchedule
from reminders.schedule import ScheduleSpec, due_times, next_due

logger = logging.getLogger("hipwell.planner")

# After downtime the planner catches up this far back; the dispatcher then expires
# what is too old to be useful rather than sending it late.
CATCH_UP = datetime.timedelta(hours=6)
EXPIRY = {ReminderKind.PACING: datetime.timedelta(minutes=60)}
DEFAULT_EXPIRY = datetime.timedelta(hours=3)


def expiry_for(kind: str) -> datetime.timedelta:
    return EXPIRY.get(ReminderKind(kind), DEFAULT_EXPIRY)


def spec_for(schedule: ReminderSchedule) -> ScheduleSpec:
    """Build the pure schedule of a row, with the patient's timezone and quiet hours."""
    patient = schedule.patient
    window = (
        (schedule.window_start, schedule.window_end)
        if schedule.window_start is not None and schedule.window_end is not None
        else None
    )
    return ScheduleSpec(
        timezone=patient.timezone,
        times=tuple(datetime.time.fromisoformat(t) for t in schedule.times),
        weekdays=frozenset(schedule.weekdays),
        every_minutes=schedule.every_minutes,
        window=window,
        quiet_hours=patient.quiet_hours,
        paused_until=schedule.paused_until,
    )


def schedule_refresh_next_due(schedule: ReminderSchedule, now: datetime.datetime) -> None:
    """Recompute when the planner next needs to look at this schedule."""
    if not schedule.active:
        schedule.next_due_at = None
        return
    spec = spec_for(schedule)
    after = max(schedule.planned_until or now, now)
    if schedule.paused_until is not None:
        # Look from the end of the pause, however long, in the patient's own calendar.
        resume = datetime.datetime.combine(
            schedule.paused_until + datetime.timedelta(days=1), datetime.time(0),
            tzinfo=zoneinfo.ZoneInfo(schedule.patient.timezone),
        )  # fmt: skip
        after = max(after, resume - datetime.timedelta(microseconds=1))
    # Nothing within the look-ahead (weekdays that never come, say): look again in a day.
    schedule.next_due_at = next_due(spec, after) or now + datetime.timedelta(days=1)


def plan_schedule(schedule: ReminderSchedule, now: datetime.datetime) -> int:
    """Create the deliveries of every occurrence due up to now; safe to run twice."""
    since = max(schedule.planned_until or schedule.created_at, now - CATCH_UP)
    user = schedule.patient.user
    rows = []
    if schedule.active and user is not None and user.is_active:
        title, body = messages.reminder_text(schedule.kind, schedule.message)
        expiry = expiry_for(schedule.kind)
        link = patient_app_url()
        for due in due_times(spec_for(schedule), since, now):
            for channel in schedule.channels:
                rows.append(
                    delivery_row(
                        recipient=user,
                        patient_id=schedule.patient_id,
                        channel=channel,
                        purpose=DeliveryPurpose.REMINDER,
                        schedule=schedule,
                        title=title,
                        body=body,
                        link=link,
                        due_at=due,
                        expires_after=expiry,
                    )
                )
    with transaction.atomic():
        # The unique (schedule, due time, channel) constraint makes a re-plan a no-op.
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        schedule.planned_until = now
        schedule_refresh_next_due(schedule, now)
        schedule.save(update_fields=["planned_until", "next_due_at"])
    return len(rows)


def plan_due_schedules(now: datetime.datetime | None = None) -> int:
    """Plan every schedule whose next occurrence has come; return deliveries created."""
    now = now or timezone.now()
    due = (
        ReminderSchedule.objects.filter(active=True)
        .filter(Q(next_due_at__lte=now) | Q(next_due_at__isnull=True))
        .select_related("patient__user")
    )
    created = 0
    for schedule in due:
        try:
            created += plan_schedule(schedule, now)
        except Exception:
            # A broken schedule must not stop everyone else's reminders.
            logger.exception("planning schedule %s failed", schedule.pk)
    return created
