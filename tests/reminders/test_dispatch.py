"""The dispatcher: claim, send once, retry with backoff, expire, reap stuck leases."""

from __future__ import annotations

import datetime
import os
import smtplib
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connections
from django.utils import timezone

from patients.models import Patient, User
from reminders import dispatch
from reminders.models import Delivery, DeliveryAttempt, Notification
from tests.conftest import Cast
from tests.servers import PostgresDatabase

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def _delivery(
    cast: Cast, n: int, *, channel: str = "inbox", using: str = "default", **fields: object
) -> Delivery:
    due = fields.pop("due_at", NOW)
    assert isinstance(due, datetime.datetime)
    values: dict[str, object] = {
        "recipient_id": cast.alice_user.pk, "patient_id": cast.alice.pk, "channel": channel,
        "purpose": "reminder", "title": f"Reminder {n}", "body": "Time for a break.",
        "dedupe_key": f"test:{n}:{channel}", "due_at": due, "next_attempt_at": due,
        "expires_at": due + datetime.timedelta(hours=1), **fields,
    }  # fmt: skip
    return Delivery.objects.using(using).create(**values)


def test_due_deliveries_are_sent_once_and_recorded(cast: Cast) -> None:
    for n in range(5):
        _delivery(cast, n)
    assert dispatch.dispatch_due(NOW) == {"sent": 5}
    assert dispatch.dispatch_due(NOW) == {}
    assert Notification.objects.filter(recipient=cast.alice_user).count() == 5
    assert DeliveryAttempt.objects.filter(outcome="sent").count() == 5
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_future_deliveries_wait(cast: Cast) -> None:
    _delivery(cast, 1, due_at=NOW + datetime.timedelta(minutes=5))
    assert dispatch.dispatch_due(NOW) == {}


def test_a_delivery_past_its_expiry_is_expired_not_sent_late(cast: Cast) -> None:
    _delivery(cast, 1)
    assert dispatch.dispatch_due(NOW + datetime.timedelta(hours=2)) == {"expired": 1}
    assert not Notification.objects.exists()


def test_a_transient_failure_is_retried_with_backoff_then_gives_up(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: object, *args: object, **kwargs: object) -> None:
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    delivery = _delivery(cast, 1, channel="email", expires_at=NOW + datetime.timedelta(days=1))
    assert dispatch.dispatch_due(NOW) == {"retry": 1}
    delivery.refresh_from_db()
    assert delivery.status == "pending"
    assert delivery.next_attempt_at == NOW + datetime.timedelta(minutes=1)
    assert dispatch.dispatch_due(NOW) == {}  # not before the backoff
    moment = NOW
    for _ in range(dispatch.MAX_ATTEMPTS - 1):
        moment += datetime.timedelta(hours=1)
        dispatch.dispatch_due(moment)
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert delivery.attempt_log.count() == dispatch.MAX_ATTEMPTS


def test_a_permanent_failure_is_not_retried(cast: Cast) -> None:
    cast.alice_user.email = ""
    cast.alice_user.save()
    _delivery(cast, 1, channel="email")
    assert dispatch.dispatch_due(NOW) == {"failed": 1}


def test_a_lease_that_ran_out_is_reaped_and_sent_again(cast: Cast) -> None:
    delivery = _delivery(cast, 1)
    Delivery.objects.filter(pk=delivery.pk).update(
        status="sending", lease_until=NOW - datetime.timedelta(seconds=1)
    )
    assert dispatch.dispatch_due(NOW) == {}
    assert dispatch.reap_expired_leases(NOW) == 1
    assert dispatch.dispatch_due(NOW) == {"sent": 1}


def test_a_live_lease_is_not_reaped(cast: Cast) -> None:
    delivery = _delivery(cast, 1)
    Delivery.objects.filter(pk=delivery.pk).update(
        status="sending", lease_until=NOW + datetime.timedelta(minutes=1)
    )
    assert dispatch.reap_expired_leases(NOW) == 0


def test_a_second_claim_finds_nothing_the_first_claim_took(cast: Cast) -> None:
    for n in range(40):
        _delivery(cast, n)
    # Both claim before either sends: the second sees the rows as no longer pending.
    first = dispatch._claim(NOW, 40)
    second = dispatch._claim(NOW, 40)
    assert len(first) == 40
    assert second == []


# A stand-in for a dispatcher caught mid-claim: it locks the first 50 due rows in an
# open transaction, says which, and holds them until the other process is done.
_HOLD_LOCKS = """
import os, pathlib, time
from django.db import transaction
from reminders.dispatch import dispatch_due
from reminders.models import Delivery
locked, released = pathlib.Path(os.environ["LOCKED"]), pathlib.Path(os.environ["RELEASED"])
with transaction.atomic():
    due = Delivery.objects.filter(status="pending").order_by("pk").select_for_update()
    ids = list(due.values_list("pk", flat=True)[:50])
    locked.write_text(",".join(map(str, ids)))
    deadline = time.monotonic() + 60
    while not released.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the other dispatcher never finished: it waited on our locks")
        time.sleep(0.05)
print(dispatch_due(limit=100))
"""

# The real dispatcher, started once the other process holds its locks.
_DISPATCH = """
import os, pathlib, time
from reminders.dispatch import dispatch_due
locked, released = pathlib.Path(os.environ["LOCKED"]), pathlib.Path(os.environ["RELEASED"])
deadline = time.monotonic() + 60
while not locked.exists():
    if time.monotonic() > deadline:
        raise SystemExit("the locking process never started")
    time.sleep(0.05)
print(dispatch_due(limit=100))
released.write_text("done")
"""


@pytest.mark.postgres
@pytest.mark.real_clock
@pytest.mark.django_db(databases=["default", "postgres"], transaction=True)
def test_a_dispatcher_process_skips_rows_another_process_has_locked_on_postgresql(
    pg_db: PostgresDatabase, tmp_path: Path
) -> None:
    """Two processes, ordered by files rather than by timing.

    One holds row locks on 50 due deliveries in an open transaction; the real
    dispatcher in a second process must skip them (``skip_locked``) rather than wait,
    send the other 550 exactly once and finish. Without ``skip_locked`` it would
    block on the locks and the first process would give up after a minute.
    """
    alias = pg_db.alias
    patient_user = User.objects.db_manager(alias).create_user("alice", role="patient")
    patient = Patient.objects.using(alias).create(
        user=patient_user,
        display_name="Alice",
        timezone="UTC",
        affected_side="left",
        # Quiet hours well away from now: the dispatchers run on the real clock.
        quiet_hours_start=datetime.time((timezone.now().hour + 12) % 24),
        quiet_hours_end=datetime.time((timezone.now().hour + 13) % 24),
    )
    rows = [
        Delivery(
            recipient=patient_user,
            patient=patient,
            channel="inbox",
            purpose="reminder",
            title=f"R{n}",
            body="b",
            dedupe_key=f"pg:{n}",
            due_at=NOW,
            next_attempt_at=NOW,
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        for n in range(600)
    ]
    Delivery.objects.using(alias).bulk_create(rows)
    connections[alias].close()
    locked, released = tmp_path / "locked", tmp_path / "released"
    env = {
        **os.environ,
        "DATABASE_URL": pg_db.url,
        "HIPWELL_TESTING": "1",
        "LOCKED": str(locked),
        "RELEASED": str(released),
    }
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", script],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script in (_HOLD_LOCKS, _DISPATCH)
    ]
    (holder_out, holder_err), (dispatcher_out, dispatcher_err) = (
        p.communicate(timeout=120) for p in procs
    )
    assert [p.returncode for p in procs] == [0, 0], (holder_err, dispatcher_err)
    assert "'sent': 550" in dispatcher_out, dispatcher_out
    assert "'sent': 50" in holder_out, holder_out
    locked_ids = {int(pk) for pk in locked.read_text().split(",")}
    assert len(locked_ids) == 50
    sent = DeliveryAttempt.objects.using(alias).filter(outcome="sent")
    assert sent.count() == 600
    assert sent.values("delivery_id").distinct().count() == 600
    assert Notification.objects.using(alias).count() == 600
    assert set(Delivery.objects.using(alias).values_list("status", flat=True)) == {"sent"}


@pytest.mark.django_db(transaction=True)
def test_threads_share_no_rows(cast: Cast) -> None:
    # On SQLite, writers serialise; the conditional UPDATE still leaves no row claimed twice.
    for n in range(60):
        _delivery(cast, n)
    claimed: list[list[int]] = []

    def work() -> None:
        # The in-memory test database uses SQLite's shared cache, which reports a busy
        # table at once instead of waiting; a real dispatcher on a file waits its turn.
        try:
            for _ in range(50):
                try:
                    claimed.append([d.pk for d in dispatch._claim(NOW, 30)])
                    return
                except OperationalError:
                    time.sleep(0.02)
        finally:
            connections["default"].close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    flat = [pk for batch in claimed for pk in batch]
    assert len(flat) == len(set(flat))
    assert len(claimed) == 2
    assert len(flat) >= 30


def test_a_row_reaped_from_under_a_slow_dispatcher_is_not_sent_twice(cast: Cast) -> None:
    delivery = _delivery(cast, 1, channel="email")
    claimed = dispatch._claim(NOW, 10)
    # The lease ran out and another dispatcher took the row before we got to it.
    Delivery.objects.filter(pk=delivery.pk).update(claim_token=None, status="pending")
    assert dispatch.deliver(claimed[0], NOW) == "lost"
    from django.core import mail

    assert mail.outbox == []


def test_a_reminder_that_would_arrive_in_quiet_hours_is_expired(cast: Cast) -> None:
    # 21:00 Berlin reminder (20:00 UTC) retried at 21:45 Berlin: quiet hours began at 21:30.
    due = datetime.datetime(2026, 3, 2, 20, 0, tzinfo=datetime.UTC)
    _delivery(cast, 1, due_at=due)
    assert dispatch.dispatch_due(due + datetime.timedelta(minutes=45)) == {"expired": 1}
    assert DeliveryAttempt.objects.get().detail == "would arrive in quiet hours"


def test_a_retry_of_a_deleted_reminder_is_skipped(cast: Cast) -> None:
    from reminders.models import ReminderSchedule

    schedule = ReminderSchedule.objects.create(
        patient=cast.alice,
        kind="pacing",
        times=["11:00"],
        weekdays=list(range(7)),
        channels=["inbox"],
        active=False,
    )
    _delivery(cast, 1, schedule=schedule, dedupe_key=None)
    assert dispatch.dispatch_due(NOW) == {"skipped": 1}
