"""Create the deliveries an alert or a reminder owes; the dispatcher sends them."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.queue import enqueue_on_commit
from patients.models import User
from patients.selectors import active_clinicians
from reminders import messages
from reminders.links import clinician_alert_url, patient_app_url
from reminders.models import (
    DELIVERY_KEY_LENGTH,
    DELIVERY_TITLE_LENGTH,
    Alert,
    Channel,
    Delivery,
    DeliveryPurpose,
    PushSubscription,
    ReminderSchedule,
)

logger = logging.getLogger("hipwell.alerts")

# An alert message is worth sending for a day; after that the dashboard shows it anyway.
ALERT_MESSAGE_EXPIRY = datetime.timedelta(days=1)


def channels_of(user: User, *, has_push: bool) -> list[str]:
    """Return every channel a person can be reached on."""
    channels = [Channel.INBOX.value]
    if user.email:
        channels.append(Channel.EMAIL.value)
    if has_push:
        channels.append(Channel.PUSH.value)
    return channels


def _with_push_flag(users: Iterable[User]) -> list[User]:
    ids = [u.pk for u in users]
    return list(
        User.objects.filter(pk__in=ids).annotate(
            has_push=Exists(PushSubscription.objects.filter(user=OuterRef("pk")))
        )
    )


def alert_recipients(alert: Alert) -> list[User]:
    """Return who must hear of an alert: the care team, or the operators when there is none.

    A red flag must reach a person. A patient can be left without an active
    clinician (an account deactivated, a membership removed in the admin); then
    the operators are told, so that someone assigns a clinician.
    """
    clinicians = list(active_clinicians(patient_id=alert.patient_id))
    if clinicians:
        return clinicians
    logger.error("alert %s for patient %s has no active clinician", alert.pk, alert.patient_id)
    operators = list(User.objects.filter(is_staff=True, is_active=True))
    if not operators:
        logger.critical("alert %s reaches nobody: no clinician and no operator", alert.pk)
    return operators


def delivery_row(
    *,
    recipient: User,
    patient_id: int,
    channel: str,
    purpose: str,
    title: str,
    body: str,
    link: str,
    due_at: datetime.datetime,
    expires_after: datetime.timedelta,
    dedupe_key: str | None = None,
    alert: Alert | None = None,
    schedule: ReminderSchedule | None = None,
) -> Delivery:
    """Build (not save) one message owed to one person on one channel.

    The one place that fills a delivery, so every kind is tried first when it is due,
    expires the same way, and fits its columns: a title or key cut here can never
    fail a whole bulk insert on a database that enforces lengths.
    """
    return Delivery(
        recipient=recipient,
        patient_id=patient_id,
        channel=channel,
        purpose=purpose,
        alert=alert,
        schedule=schedule,
        title=title[:DELIVERY_TITLE_LENGTH],
        body=body,
        link=link,
        dedupe_key=None if dedupe_key is None else dedupe_key[:DELIVERY_KEY_LENGTH],
        due_at=due_at,
        next_attempt_at=due_at,
        expires_at=due_at + expires_after,
    )


def deliveries_for_alert(alert: Alert, *, event: str) -> list[Delivery]:
    """Owe every clinician of the care team (every channel) and the patient a message."""
    now = timezone.now()
    escalated = event == "escalated"
    rows: list[Delivery] = []
    clinician_title, clinician_body = messages.clinician_alert(alert, escalated=escalated)
    purpose = DeliveryPurpose.ESCALATION if escalated else DeliveryPurpose.ALERT
    for clinician in _with_push_flag(alert_recipients(alert)):
        for channel in channels_of(clinician, has_push=clinician.has_push):  # type: ignore[attr-defined]
            rows.append(
                delivery_row(
                    recipient=clinician,
                    patient_id=alert.patient_id,
                    channel=channel,
                    purpose=purpose,
                    alert=alert,
                    title=clinician_title,
                    body=clinician_body,
                    link=clinician_alert_url(alert.pk),
                    dedupe_key=f"alert:{alert.pk}:{event}:{clinician.pk}:{channel}",
                    due_at=now,
                    expires_after=ALERT_MESSAGE_EXPIRY,
                )
            )
    patient_user = alert.patient.user
    if event == "opened" and patient_user is not None and patient_user.is_active:
        title, body = messages.patient_advice(alert.rule)
        has_push = PushSubscription.objects.filter(user=patient_user).exists()
        for channel in [Channel.INBOX.value] + ([Channel.PUSH.value] if has_push else []):
            rows.append(
                delivery_row(
                    recipient=patient_user,
                    patient_id=alert.patient_id,
                    channel=channel,
                    purpose=DeliveryPurpose.PATIENT_ADVICE,
                    alert=alert,
                    title=title,
                    body=body,
                    link=patient_app_url(),
                    dedupe_key=f"alert:{alert.pk}:advice:{patient_user.pk}:{channel}",
                    due_at=now,
                    expires_after=ALERT_MESSAGE_EXPIRY,
                )
            )
    created = Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    _queue_sending()
    return created


def _queue_sending() -> None:
    from reminders.tasks import dispatch_due

    enqueue_on_commit(dispatch_due)


def notify_person(
    *,
    user: User,
    patient_id: int,
    purpose: str,
    title: str,
    body: str,
    dedupe_key: str,
    channels: Iterable[str] = (Channel.INBOX.value,),
    link: str | None = None,
) -> int:
    """Owe one person a message on some channels, once per dedupe key; return rows created."""
    now = timezone.now()
    rows = [
        delivery_row(
            recipient=user,
            patient_id=patient_id,
            channel=channel,
            purpose=purpose,
            title=title,
            body=body,
            link=patient_app_url() if link is None else link,
            dedupe_key=f"{dedupe_key}:{channel}",
            due_at=now,
            expires_after=ALERT_MESSAGE_EXPIRY,
        )
        for channel in channels
    ]
    before = Delivery.objects.filter(dedupe_key__in=[r.dedupe_key for r in rows]).count()
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    _queue_sending()
    return len(rows) - before
