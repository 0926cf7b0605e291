"""Reads of alerts, reminders, notifications and subscriptions, scoped to the caller."""

from __future__ import annotations

import datetime

from django.db.models import Max, QuerySet

from core.validators import parse_object_id
from patients.access import patients_visible_to
from patients.models import CaregiverScope, User
from reminders.models import Alert, Notification, PushSubscription, ReminderSchedule
from reminders.rules import severity_rank


def alert_list(
    *, user: User, status: str | None = None, patient_id: int | None = None
) -> QuerySet[Alert]:
    """Return the alerts of the patients a user may see (a caregiver: with `alerts`), newest first."""
    visible = patients_visible_to(user, scope=CaregiverScope.ALERTS)
    alerts = Alert.objects.filter(patient__in=visible).select_related("patient", "acknowledged_by")
    if status:
        alerts = alerts.filter(status=status)
    if patient_id is not None:
        alerts = alerts.filter(patient_id=patient_id)
    return alerts.order_by("-created_at", "-id")


def alert_get(*, user: User, alert_id: str) -> Alert | None:
    object_id = parse_object_id(alert_id)
    if object_id is None:
        return None
    return alert_list(user=user).filter(pk=object_id).first()


def _evidence_days(alert: Alert) -> list[datetime.date]:
    """Return the days an alert's evidence names; its first..last range when it names none."""
    entries = alert.evidence.get("days") if isinstance(alert.evidence, dict) else None
    days = []
    for entry in entries if isinstance(entries, list) else []:
        try:
            days.append(datetime.date.fromisoformat(str(entry.get("date"))))
        except (AttributeError, ValueError):
            continue  # a malformed entry marks nothing rather than failing the chart
    if days:
        return days
    span = (alert.last_day - alert.first_day).days
    return [alert.first_day + datetime.timedelta(days=n) for n in range(span + 1)]


def alert_days_in_range(
    *, patient_id: int, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """Return every day in start..end that some alert's evidence names, once each, in order.

    An alert marks each of its evidence days (a fall on Monday and Thursday in one
    instability alert marks both), not only the day that opened it (one query).
    """
    alerts = Alert.objects.filter(
        patient_id=patient_id, first_day__lte=end, last_day__gte=start
    ).only("first_day", "last_day", "evidence")
    return sorted({day for alert in alerts for day in _evidence_days(alert) if start <= day <= end})


def alerts_overlapping(*, patient_id: int, start: datetime.date, end: datetime.date) -> list[Alert]:
    """Return the alerts whose evidence days (first_day..last_day) meet start..end."""
    return list(
        Alert.objects.filter(
            patient_id=patient_id, first_day__lte=end, last_day__gte=start
        ).order_by("first_day", "id")
    )


def alert_fingerprint(*, patient_id: int) -> str:
    """Return a short string that changes whenever the patient's alerts change (one query)."""
    latest = Alert.objects.filter(patient_id=patient_id).aggregate(
        latest=Max("updated_at"), top=Max("id")
    )
    stamp = latest["latest"].timestamp() if latest["latest"] else 0
    return f"{latest['top'] or 0}-{stamp}"


def reminder_list(*, patient_id: int) -> QuerySet[ReminderSchedule]:
    return ReminderSchedule.objects.filter(patient_id=patient_id, active=True).order_by("id")


def reminder_get(*, patient_id: int, schedule_id: str) -> ReminderSchedule | None:
    object_id = parse_object_id(schedule_id)
    if object_id is None:
        return None
    return (
        reminder_list(patient_id=patient_id).select_related("patient").filter(pk=object_id).first()
    )


def notification_list(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def notification_get(*, user: User, notification_id: str) -> Notification | None:
    object_id = parse_object_id(notification_id)
    if object_id is None:
        return None
    return Notification.objects.filter(recipient=user, pk=object_id).first()


def push_subscription_get(*, user: User, subscription_id: str) -> PushSubscription | None:
    object_id = parse_object_id(subscription_id)
    if object_id is None:
        return None
    return PushSubscription.objects.filter(user=user, pk=object_id).first()


def open_alert_summary(*, patient_ids: list[int]) -> dict[int, tuple[int, str | None]]:
    """Return each patient's number of open alerts and the worst severity among them (one query)."""
    from reminders.models import AlertStatus

    summary: dict[int, tuple[int, str | None]] = dict.fromkeys(patient_ids, (0, None))
    rows = Alert.objects.filter(patient_id__in=patient_ids, status=AlertStatus.OPEN).values_list(
        "patient_id", "severity"
    )
    for patient_id, severity in rows:
        count, worst = summary[patient_id]
        if severity_rank(severity) > severity_rank(worst):
            worst = severity
        summary[patient_id] = (count + 1, worst)
    return summary
