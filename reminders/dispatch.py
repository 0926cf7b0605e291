"""Send due deliveries exactly once, as near as physics allows.

A dispatcher claims due rows (``select_for_update(skip_locked=True)`` on
PostgreSQL, a conditional ``UPDATE ... WHERE status='pending'`` elsewhere) and
puts a lease on them, sends, and marks them sent. A reaper returns rows whose
lease ran out (a worker died mid-send) to pending.

Expiry and skip checks run per delivery. A goal celebration is *held* (status
``held``, never claimed, never expired) while the patient has an open urgent or
high alert: the patient must not read "Congratulations" while their hip is in
trouble. ``held_release`` returns held rows to pending, with a fresh expiry, once
no such alert is open; closing an alert queues it for that patient (the fast path)
and the periodic scan runs it for everyone (the safety net).

Expiry and skip checks run per delivery. A channel that can send many at once
(the inbox: its notifications are rows) sends its share of a claimed batch in one
transaction, with one UPDATE marking them sent and one attempt record each; other
channels, and any batch that fails, go one delivery at a time. See
docs/performance.md for what that buys.
"""

from __future__ import annotations

import datetime
import logging
import uuid
import zoneinfo
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from core.queue import enqueue_on_commit
from reminders.channels import DeliveryError, channel_for
from reminders.models import (
    Alert,
    AlertStatus,
    Delivery,
    DeliveryAttempt,
    DeliveryPurpose,
    DeliveryStatus,
    Severity,
)
from reminders.schedule import in_quiet_hours

logger = logging.getLogger("hipwell.dispatch")

LEASE = datetime.timedelta(minutes=5)
MAX_ATTEMPTS = 6
BATCH_SIZE = 500

# Hooks other apps register (through reminders.services) to say a reminder is moot,
# e.g. "that day's diary is already logged". Each returns a reason or "".
SkipCheck = Callable[[Delivery], str]
_skip_checks: list[SkipCheck] = []


@runtime_checkable
class BatchChannel(Protocol):
    """A channel that can also send many deliveries at once (the inbox: rows in one go)."""

    name: str

    def send_many(self, deliveries: list[Delivery]) -> dict[int, str]:
        """Send every delivery and return a short note of what was done, by delivery id."""
        ...


def register_skip_check(check: SkipCheck) -> None:
    if check not in _skip_checks:
        _skip_checks.append(check)


# --- held celebrations -----------------------------------------------------------------

# Messages that wait while the patient's hip is in trouble, and the alerts that mean trouble.
HELD_PURPOSES: tuple[str, ...] = (DeliveryPurpose.MILESTONE.value,)
TROUBLE_SEVERITIES: tuple[str, ...] = (Severity.URGENT.value, Severity.HIGH.value)
# A released message is worth sending for as long as a fresh one.
RELEASED_MESSAGE_LIFETIME = datetime.timedelta(days=1)
HELD_REASON = "held: an urgent or high alert is open"


def _trouble() -> QuerySet[Alert]:
    return Alert.objects.filter(status=AlertStatus.OPEN, severity__in=TROUBLE_SEVERITIES)


def patient_in_trouble(patient_id: int) -> bool:
    """Tell whether the patient has an open urgent or high alert (one query)."""
    return bool(_trouble().filter(patient_id=patient_id).exists())


def held_hold(*, patient_id: int) -> int:
    """Hold the patient's pending celebrations while they are in trouble; return how many.

    Called in the transaction that owes the message, so it is written held.
    """
    if not patient_in_trouble(patient_id):
        return 0
    return Delivery.objects.filter(
        patient_id=patient_id, purpose__in=HELD_PURPOSES, status=DeliveryStatus.PENDING
    ).update(status=DeliveryStatus.HELD)


def held_release(*, patient_id: int | None = None, now: datetime.datetime | None = None) -> int:
    """Return held messages of patients no longer in trouble to pending, due now; count them.

    One patient's (the fast path, after an alert is closed) or everyone's (the scan).
    The expiry starts again from the release: the wait is not the message's fault.
    """
    now = now or timezone.now()
    held = Delivery.objects.filter(status=DeliveryStatus.HELD)
    if patient_id is not None:
        held = held.filter(patient_id=patient_id)
    return held.filter(~Exists(_trouble().filter(patient_id=OuterRef("patient_id")))).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
        expires_at=now + RELEASED_MESSAGE_LIFETIME,
        lease_until=None,
        claim_token=None,
        last_error="",
    )


def held_release_on_commit(*, patient_id: int) -> None:
    """Queue the release of a patient's held messages for when this transaction commits.

    Called where an alert is acknowledged or resolved. The task runs after the commit,
    so it sees the alert closed; a lost message costs latency only (the scan releases).
    """
    from reminders.tasks import release_held

    enqueue_on_commit(release_held, patient_id)


def _claim(now: datetime.datetime, limit: int) -> list[Delivery]:
    token = uuid.uuid4()
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            ids = list(
                due.order_by("next_attempt_at")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:limit]
            )
            scope = Delivery.objects.filter(pk__in=ids)
        else:
            # One conditional UPDATE: rows another dispatcher took are no longer pending.
            ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
            scope = Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING)
        scope.update(
            status=DeliveryStatus.SENDING,
            lease_until=now + LEASE,
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    return list(
        Delivery.objects.filter(claim_token=token, status=DeliveryStatus.SENDING).select_related(
            "recipient", "patient", "schedule__patient"
        )
    )


def _finish(delivery: Delivery, status: str, outcome: str, detail: str, **fields: object) -> None:
    # Only the holder of the claim may finish it; a reaped-and-reclaimed row is not ours.
    Delivery.objects.filter(pk=delivery.pk, claim_token=delivery.claim_token).update(
        status=status, lease_until=None, last_error="" if outcome == "sent" else detail, **fields
    )
    DeliveryAttempt.objects.create(delivery=delivery, outcome=outcome, detail=detail[:2000])


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 60))


def _in_patients_quiet_hours(delivery: Delivery, now: datetime.datetime) -> bool:
    """Tell whether a reminder would now reach the patient inside their quiet hours."""
    if delivery.purpose != DeliveryPurpose.REMINDER:
        return False
    patient = delivery.patient
    local_now = now.astimezone(zoneinfo.ZoneInfo(patient.timezone)).time()
    return in_quiet_hours(local_now, patient.quiet_hours)


def _settle_unsendable(delivery: Delivery, now: datetime.datetime) -> str:
    """Finish a delivery that must not be sent (held, too late, or moot); return why, or ""."""
    if delivery.purpose in HELD_PURPOSES and patient_in_trouble(delivery.patient_id):
        # An alert opened after the message was owed: hold it (before expiry: a held
        # message never expires). Holding is not an attempt to send.
        _finish(delivery, DeliveryStatus.HELD, "held", HELD_REASON, attempts=F("attempts") - 1)
        return "held"
    if now > delivery.expires_at:
        _finish(delivery, DeliveryStatus.EXPIRED, "expired", "too late to be useful")
        return "expired"
    if _in_patients_quiet_hours(delivery, now):
        # Due before quiet hours but sent late (downtime, retries): never at night.
        _finish(delivery, DeliveryStatus.EXPIRED, "expired", "would arrive in quiet hours")
        return "expired"
    for check in _skip_checks:
        reason = check(delivery)
        if reason:
            _finish(delivery, DeliveryStatus.SKIPPED, "skipped", reason)
            return "skipped"
    return ""


def _renew_lease(delivery: Delivery, now: datetime.datetime) -> bool:
    """Extend our claim just before a slow send; False when the row is no longer ours.

    A batch is claimed under one lease and sent one by one; renewing per delivery
    keeps the reaper from handing a row to another dispatcher while we still hold it.
    """
    lease_until = max(now, timezone.now()) + LEASE
    renewed = Delivery.objects.filter(
        pk=delivery.pk, claim_token=delivery.claim_token, status=DeliveryStatus.SENDING
    ).update(lease_until=lease_until)
    return renewed == 1


def _retry_or_fail(
    delivery: Delivery, now: datetime.datetime, detail: str, *, permanent: bool
) -> str:
    """Schedule another try with backoff, or give up when it is permanent or tried enough."""
    if permanent or delivery.attempts >= MAX_ATTEMPTS:
        _finish(delivery, DeliveryStatus.FAILED, "failed", detail)
        logger.warning("delivery %s failed for good: %s", delivery.pk, detail)
        return "failed"
    _finish(
        delivery, DeliveryStatus.PENDING, "retry", detail,
        next_attempt_at=now + _backoff(delivery.attempts),
    )  # fmt: skip
    return "retry"


def _send(delivery: Delivery, now: datetime.datetime) -> str:
    """Send one delivery through its channel and record the outcome; return it."""
    if not _renew_lease(delivery, now):
        return "lost"
    try:
        detail = channel_for(delivery.channel).send(delivery)
    except DeliveryError as exc:
        return _retry_or_fail(delivery, now, str(exc), permanent=exc.permanent)
    except Exception as exc:
        # A bug in a channel must not wedge the row in "sending" until the reaper.
        logger.exception("delivery %s crashed", delivery.pk)
        return _retry_or_fail(delivery, now, repr(exc), permanent=False)
    _finish(delivery, DeliveryStatus.SENT, "sent", detail, sent_at=now)
    return "sent"


def deliver(delivery: Delivery, now: datetime.datetime) -> str:
    """Send one claimed delivery and record the outcome; return it."""
    return _settle_unsendable(delivery, now) or _send(delivery, now)


def _finish_sent(
    deliveries: list[Delivery], details: dict[int, str], now: datetime.datetime
) -> None:
    """Mark many deliveries sent and record an attempt for each, as _finish does one by one."""
    tokens: dict[uuid.UUID | None, list[int]] = {}
    for delivery in deliveries:
        tokens.setdefault(delivery.claim_token, []).append(delivery.pk)
    for token, ids in tokens.items():
        # Only the holder of the claim may finish it; a reaped-and-reclaimed row is not ours.
        Delivery.objects.filter(pk__in=ids, claim_token=token).update(
            status=DeliveryStatus.SENT, lease_until=None, last_error="", sent_at=now
        )
    DeliveryAttempt.objects.bulk_create(
        DeliveryAttempt(delivery_id=d.pk, outcome="sent", detail=details[d.pk][:2000])
        for d in deliveries
    )


def _send_many(channel: BatchChannel, deliveries: list[Delivery], now: datetime.datetime) -> bool:
    """Send a channel's share of a batch in one transaction; return whether it worked.

    All or nothing: when anything goes wrong the transaction rolls back and each
    delivery goes through ``_send`` on its own, so failures, retries and their
    attempt records are exactly those of sending one at a time.
    """
    try:
        with transaction.atomic():
            details = channel.send_many(deliveries)
            _finish_sent(deliveries, details, now)
    except Exception:
        logger.warning(
            "sending %d %s deliveries at once failed; sending them one by one",
            len(deliveries), channel.name, exc_info=True,
        )  # fmt: skip
        return False
    return True


def _deliver_batch(batch: list[Delivery], now: datetime.datetime) -> dict[str, int]:
    """Deliver a claimed batch: checks per delivery, sends in bulk where a channel can."""
    counts: dict[str, int] = {}

    def count(outcome: str, n: int = 1) -> None:
        counts[outcome] = counts.get(outcome, 0) + n

    by_channel: dict[str, list[Delivery]] = {}
    for delivery in batch:
        # Expiry and skip checks stay per delivery; only the sending is grouped.
        outcome = _settle_unsendable(delivery, now)
        if outcome:
            count(outcome)
        else:
            by_channel.setdefault(delivery.channel, []).append(delivery)
    for name, deliveries in by_channel.items():
        channel = _batch_channel(name)
        if channel is not None and len(deliveries) > 1 and _send_many(channel, deliveries, now):
            count("sent", len(deliveries))
        else:
            for delivery in deliveries:
                count(_send(delivery, now))
    return counts


def _batch_channel(name: str) -> BatchChannel | None:
    try:
        channel = channel_for(name)
    except DeliveryError:
        return None  # an unknown channel fails per delivery, in _send
    return channel if isinstance(channel, BatchChannel) else None


def dispatch_due(now: datetime.datetime | None = None, limit: int = BATCH_SIZE) -> dict[str, int]:
    """Claim and send every due delivery, batch by batch; return counts by outcome."""
    counts: dict[str, int] = {}
    while True:
        moment = now or timezone.now()
        batch = _claim(moment, limit)
        for outcome, n in _deliver_batch(batch, moment).items():
            counts[outcome] = counts.get(outcome, 0) + n
        if len(batch) < limit:
            return counts


def reap_expired_leases(now: datetime.datetime | None = None) -> int:
    """Return rows whose sender died mid-send to pending, so they are tried again."""
    now = now or timezone.now()
    return Delivery.objects.filter(status=DeliveryStatus.SENDING, lease_until__lt=now).update(
        status=DeliveryStatus.PENDING, lease_until=None, claim_token=None
    )
