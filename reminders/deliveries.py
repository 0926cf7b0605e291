"""Create the deliveries an alert or a reminder owes; the dispatcher sends them."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.queue import enqueue_on_commit
from patients.models import CaregiverLink, Patient, User
from patients.selectors import active_clinicians, care_team_contact, responsible_memberships
from reminders import guidance, messages
from reminders.links import clinician_alert_url, patient_app_url
from reminders.models import (
    DELIVERY_KEY_LENGTH,
    DELIVERY_TITLE_LENGTH,
    Alert,
    Channel,
    Delivery,
    DeliveryPurpose,
    EscalationLevel,
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


def responsible_clinician(*, patient_id: int) -> User | None:
    """Return the patient's responsible physiotherapist: the longest-serving active clinician."""
    membership = (
        responsible_memberships().filter(patient_id=patient_id).select_related("clinician").first()
    )
    return None if membership is None else membership.clinician


def _operators() -> list[User]:
    return list(User.objects.filter(is_staff=True, is_active=True).order_by("id"))


def alert_recipients(alert: Alert) -> list[User]:
    """Return who hears of an alert first (level 0): the responsible physiotherapist.

    A red flag must reach a person. A patient can be left without an active
    clinician (an account deactivated, a membership removed in the admin); then
    the operators are told, so that someone assigns a clinician.
    """
    responsible = responsible_clinician(patient_id=alert.patient_id)
    if responsible is not None:
        return [responsible]
    logger.error("alert %s for patient %s has no active clinician", alert.pk, alert.patient_id)
    operators = _operators()
    if not operators:
        logger.critical("alert %s reaches nobody: no clinician and no operator", alert.pk)
    return operators


@dataclass(frozen=True)
class EscalationStep:
    """The next rung of an alert's ladder: its level, and the people or address it reaches."""

    level: int
    people: list[User]
    address: str | None = None


def _already_told(alert: Alert) -> set[int]:
    """Return the people every earlier message about this alert went to (never the patient)."""
    return set(
        Delivery.objects.filter(
            alert=alert,
            purpose__in=[DeliveryPurpose.ALERT, DeliveryPurpose.ESCALATION],
            recipient__isnull=False,
        ).values_list("recipient_id", flat=True)
    )


def escalation_step(alert: Alert) -> EscalationStep | None:
    """Return the alert's next escalation step, or None when it has nobody new to reach.

    Level 1 is the care team's other active clinicians; with none, the alert goes
    straight to level 2: the team's escalation contact, an email address, or the
    operators (logged) when the team has none. Nobody already told is told again.
    """
    told = _already_told(alert)
    if alert.escalation_level < EscalationLevel.CARE_TEAM:
        others = [
            user
            for user in active_clinicians(patient_id=alert.patient_id).order_by("id")
            if user.pk not in told
        ]
        if others:
            return EscalationStep(level=EscalationLevel.CARE_TEAM, people=others)
    if alert.escalation_level >= EscalationLevel.CONTACT:
        return None
    address = care_team_contact(patient_id=alert.patient_id).escalation_email
    if address:
        return EscalationStep(level=EscalationLevel.CONTACT, people=[], address=address)
    logger.warning(
        "alert %s for patient %s escalates to the operators: the care team has no "
        "escalation email", alert.pk, alert.patient_id,
    )  # fmt: skip
    operators = [user for user in _operators() if user.pk not in told]
    if operators:
        return EscalationStep(level=EscalationLevel.CONTACT, people=operators)
    logger.critical("alert %s cannot escalate: nobody new to tell", alert.pk)
    return None


def delivery_row(
    *,
    recipient: User | None,
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
    to_address: str = "",
) -> Delivery:
    """Build (not save) one message owed to one person on one channel.

    The one place that fills a delivery, so every kind is tried first when it is due,
    expires the same way, and fits its columns: a title or key cut here can never
    fail a whole bulk insert on a database that enforces lengths.
    """
    return Delivery(
        recipient=recipient,
        to_address=to_address,
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


def _clinician_rows(
    alert: Alert,
    people: Iterable[User],
    *,
    event: str,
    purpose: str,
    text: tuple[str, str],
    now: datetime.datetime,
) -> list[Delivery]:
    """Owe each person a clinician's message about an alert, on every channel they have."""
    title, body = text
    return [
        delivery_row(
            recipient=clinician,
            patient_id=alert.patient_id,
            channel=channel,
            purpose=purpose,
            alert=alert,
            title=title,
            body=body,
            link=clinician_alert_url(alert.pk),
            dedupe_key=f"alert:{alert.pk}:{event}:{clinician.pk}:{channel}",
            due_at=now,
            expires_after=ALERT_MESSAGE_EXPIRY,
        )
        for clinician in _with_push_flag(people)
        for channel in channels_of(clinician, has_push=clinician.has_push)  # type: ignore[attr-defined]
    ]


def escalation_deliveries(
    alert: Alert, step: EscalationStep, *, now: datetime.datetime
) -> list[Delivery]:
    """Owe an escalation step's people (every channel) or address (email) the message."""
    event = f"escalated-{step.level}"
    text = messages.clinician_alert(
        alert, escalation_level=step.level, open_for=now - alert.created_at
    )
    rows = _clinician_rows(
        alert, step.people, event=event, purpose=DeliveryPurpose.ESCALATION, text=text, now=now
    )
    if step.address:
        rows.append(
            delivery_row(
                recipient=None,
                to_address=step.address,
                patient_id=alert.patient_id,
                channel=Channel.EMAIL.value,
                purpose=DeliveryPurpose.ESCALATION,
                alert=alert,
                title=text[0],
                body=text[1],
                link=clinician_alert_url(alert.pk),
                dedupe_key=f"alert:{alert.pk}:{event}:contact:{Channel.EMAIL.value}",
                due_at=now,
                expires_after=ALERT_MESSAGE_EXPIRY,
            )
        )
    created = Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    _queue_sending()
    return created


def deliveries_for_alert(alert: Alert, *, event: str) -> list[Delivery]:
    """Owe the responsible physiotherapist (every channel) and the patient a message."""
    now = timezone.now()
    rows = _clinician_rows(
        alert, alert_recipients(alert), event=event, purpose=DeliveryPurpose.ALERT,
        text=messages.clinician_alert(alert), now=now,
    )  # fmt: skip
    # The patient hears once per evaluation, not per alert: ``guidance_deliveries``.
    created = Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    _queue_sending()
    return created


def _guidance_readers(patient_id: int) -> list[CaregiverLink]:
    """Return the active caregiver links the patient chose to send red-flag guidance to."""
    return list(
        CaregiverLink.objects.filter(
            patient_id=patient_id,
            receives_guidance=True,
            revoked_at__isnull=True,
            accepted_at__isnull=False,
            caregiver__is_active=True,
        ).select_related("caregiver")
    )


def guidance_deliveries(
    *, patient: Patient, items: Sequence[guidance.Guidance], key: str, alert: Alert | None
) -> list[Delivery]:
    """Owe the patient one message listing a save's red flags, and each chosen caregiver one.

    ``items`` are most severe first (``guidance.guidance_list``); inbox always, push
    when the person subscribed. ``key`` names the evaluated day and the alerts it
    opened or advised again, so running the evaluation again owes nothing new. A
    caregiver gets the patient's words, introduced with the patient's first name, and
    low-mood guidance only when the link shares mood too.
    """
    if not items:
        return []
    messages_for: list[tuple[User, tuple[str, str]]] = []
    if patient.user is not None and patient.user.is_active:
        messages_for.append((patient.user, guidance.patient_message(items)))
    for link in _guidance_readers(patient.pk):
        shown = [i for i in items if i.rule != "low_mood" or link.scope_mood]
        if shown and link.caregiver is not None:
            text = guidance.caregiver_message(patient.display_name, shown)
            messages_for.append((link.caregiver, text))
    if not messages_for:
        return []
    now = timezone.now()
    texts = {user.pk: text for user, text in messages_for}
    rows = [
        delivery_row(
            recipient=user,
            patient_id=patient.pk,
            channel=channel,
            purpose=DeliveryPurpose.PATIENT_ADVICE,
            alert=alert,
            title=texts[user.pk][0],
            body=texts[user.pk][1],
            link=patient_app_url(),
            dedupe_key=f"{key}:{user.pk}:{channel}",
            due_at=now,
            expires_after=ALERT_MESSAGE_EXPIRY,
        )
        for user in _with_push_flag(u for u, _ in messages_for)
        for channel in [Channel.INBOX.value] + ([Channel.PUSH.value] if user.has_push else [])  # type: ignore[attr-defined]
    ]
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
