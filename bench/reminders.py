"""Benchmark reminders and alerts: dispatch throughput, rule-evaluation queries, PUT-to-alert.

Run ``python -m bench.reminders [--occurrences N]`` (default 100,000).

- **Dispatch**: N due reminder occurrences for the inbox channel, spread across
  ``--patients`` patients (one pacing schedule each, so no skip check queries the
  database; ``--kind diary`` makes every occurrence pay the "diary already logged"
  check), are bulk-created in a fresh SQLite file; then one
  ``reminders.dispatch.dispatch_due()`` call sends them all. Its wall time gives
  occurrences per second; a counting ``execute_wrapper`` gives queries per
  occurrence. The run checks that every occurrence ended sent, with one
  notification and one attempt record each.
- **Rule evaluation**: the queries and time of ``alert_evaluation_process`` for one
  diary write of a patient with 30 days of history: no rule fires; a fall opens an
  alert (and owes the care team and the patient their messages); a fall while the
  fall alert is still open (extends it).
- **PUT to alert**: a whole stack in subprocesses (gunicorn, a Celery worker, its own
  SQLite), as the end-to-end tests start it: a patient PUTs a fall and the
  clinician polls ``GET /api/v1/alerts/`` every 50 ms until it is there. On kombu's
  filesystem transport and, when ``redis-server`` is installed, on Redis.
"""

from __future__ import annotations

import argparse
import datetime
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import (
    Row,
    configure_django,
    counting_queries,
    median_ms,
    print_report,
    redis_server,
)

if TYPE_CHECKING:
    from patients.models import Patient
    from tests.stack import Stack

STEADY: dict[str, Any] = {
    "pain_rest": 2,
    "pain_activity": 3,
    "pain_night": 1,
    "stiffness": 3,
    "sleep_interference": 2,
    "walking_distance_m": 1200,
    "limp": "none",
    "walking_aid": "none",
}
POLL_SECONDS = 0.05


# --- dispatch -----------------------------------------------------------------------


def seed_occurrences(occurrences: int, patients: int, kind: str) -> None:
    """Bulk-create patients, one schedule each, and `occurrences` due inbox deliveries."""
    from django.db import transaction
    from django.utils import timezone

    from patients.models import Patient, Role, User
    from reminders import messages, planner
    from reminders.deliveries import delivery_row
    from reminders.models import Delivery, DeliveryPurpose, ReminderSchedule

    now = timezone.now()
    with transaction.atomic():
        users = [
            User(
                username=f"patient-{n:05d}", role=Role.PATIENT, email=f"patient-{n:05d}@example.org"
            )
            for n in range(patients)
        ]
        for user in users:
            user.set_unusable_password()
        User.objects.bulk_create(users)
        people = Patient.objects.bulk_create(
            Patient(
                user=user,
                display_name=f"Patient {n}",
                timezone="Europe/Berlin",
                affected_side="left",
            )
            for n, user in enumerate(users)
        )
        schedules = ReminderSchedule.objects.bulk_create(
            ReminderSchedule(
                patient=patient,
                kind=kind,
                weekdays=list(range(7)),
                channels=["inbox"],
                every_minutes=30,
                window_start=datetime.time(8),
                window_end=datetime.time(20),
            )
            for patient in people
        )
        title, body = messages.reminder_text(kind, "")
        expiry = planner.expiry_for(kind)
        per_schedule = -(-occurrences // patients)
        # Due within the last five minutes: every one is due, none near its expiry.
        step = datetime.timedelta(minutes=5) / per_schedule
        rows = []
        for n in range(occurrences):
            schedule, user, slot = schedules[n % patients], users[n % patients], n // patients
            due = now - datetime.timedelta(minutes=5) + slot * step
            rows.append(
                delivery_row(
                    recipient=user,
                    patient_id=schedule.patient_id,
                    channel="inbox",
                    purpose=DeliveryPurpose.REMINDER,
                    schedule=schedule,
                    title=title,
                    body=body,
                    link="/app/",
                    due_at=due,
                    expires_after=expiry,
                )
            )
        Delivery.objects.bulk_create(rows, batch_size=2000)


def dispatch(occurrences: int, patients: int, kind: str) -> list[Row]:
    """Time one dispatch_due() over every seeded occurrence, and check what it did."""
    from reminders.dispatch import BATCH_SIZE, dispatch_due
    from reminders.models import Delivery, DeliveryAttempt, Notification

    began = time.perf_counter()
    seed_occurrences(occurrences, patients, kind)
    seeded = time.perf_counter() - began
    with counting_queries() as queries:
        began = time.perf_counter()
        outcomes = dispatch_due()
        elapsed = time.perf_counter() - began
    checks = {
        "outcomes": outcomes == {"sent": occurrences},
        "all sent": Delivery.objects.exclude(status="sent").count() == 0,
        "one notification each": Notification.objects.count() == occurrences,
        "one attempt each": DeliveryAttempt.objects.filter(outcome="sent").count() == occurrences,
    }
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise RuntimeError(f"dispatch went wrong ({', '.join(failed)}): {outcomes}")
    return [
        Row(
            "dispatch: occurrences per second",
            f"{occurrences / elapsed:,.0f}/s",
            f"{occurrences:,} {kind} reminders, inbox, {patients:,} patients; "
            f"{elapsed:.1f} s in one dispatch_due() (batches of {BATCH_SIZE})",
        ),
        Row(
            "dispatch: queries per occurrence",
            f"{queries.count / occurrences:.3f}",
            f"{queries.count:,} queries in all; all sent, one notification and attempt each",
        ),
        Row("dispatch: seeding (not timed above)", f"{seeded:.1f} s", "bulk_create of the rows"),
    ]


# --- rule evaluation ----------------------------------------------------------------


def _patient_with_history(name: str, days: int = 30) -> Patient:
    """Create a patient on a clinician's caseload with `days` unremarkable days before today."""
    from diaries.models import DiaryEntry
    from diaries.selectors import patient_today
    from tests.factories import make_clinician, make_patient

    patient = make_patient(name, clinicians=(make_clinician(f"{name}-clinician"),))
    today = patient_today(patient)
    DiaryEntry.objects.bulk_create(
        DiaryEntry(patient=patient, date=today - datetime.timedelta(days=n), **STEADY)
        for n in range(1, days + 1)
    )
    return patient


def _write_today(patient: Patient, *, days_ago: int = 0, **values: Any) -> int:
    """Write a diary day through the service; return the evaluation it owes."""
    from diaries.selectors import patient_today
    from diaries.services import diary_entry_upsert
    from reminders.models import AlertEvaluation

    day = patient_today(patient) - datetime.timedelta(days=days_ago)
    assert patient.user is not None
    diary_entry_upsert(patient=patient, date=day, values={**STEADY, **values}, actor=patient.user)
    return AlertEvaluation.objects.filter(patient=patient, date=day).latest("pk").pk


def evaluations(samples: int) -> list[Row]:
    """Count the queries (and time) of evaluating one diary write, in three situations."""
    from reminders.alerts import alert_evaluation_process
    from reminders.models import Alert, Delivery

    rows = []
    cases: tuple[tuple[str, dict[str, Any], bool], ...] = (
        ("no rule fires", {}, False),
        ("a fall opens an alert", {"fall": True}, False),
        ("a fall extends the open alert", {"fall": True}, True),
    )
    for n_case, (label, values, already_open) in enumerate(cases):
        counts, times, deliveries = [], [], []
        for n in range(samples):
            patient = _patient_with_history(f"eval-{n_case}-{n}")
            if already_open:
                alert_evaluation_process(_write_today(patient, days_ago=1, fall=True))
            evaluation = _write_today(patient, **values)
            before = Delivery.objects.filter(patient=patient).count()
            with counting_queries() as queries:
                began = time.perf_counter()
                alert_evaluation_process(evaluation)
                times.append(time.perf_counter() - began)
            counts.append(queries.count)
            deliveries.append(Delivery.objects.filter(patient=patient).count() - before)
            assert Alert.objects.filter(patient=patient).count() == (1 if values else 0)
        spread = str(counts[0]) if min(counts) == max(counts) else f"{min(counts)}-{max(counts)}"
        rows.append(
            Row(
                f"evaluate one diary write: {label}",
                f"{spread} queries",
                f"median {median_ms(times):.1f} ms of {samples}; 30 days of history; "
                f"{statistics.median(deliveries):.0f} deliveries owed",
            )
        )
    return rows


# --- PUT to alert, with a real worker ------------------------------------------------


def _enrol(stack: Stack) -> tuple[str, str]:
    """Create a clinician, enrol and activate a patient; return their tokens."""
    stack.env["HIPWELL_PASSWORD"] = "A-long-clinician-pass-1"  # noqa: S105 - a throwaway stack
    stack.manage("create_clinician", "--username", "carol", "--email", "carol@example.org")
    carol = stack.token("carol", "A-long-clinician-pass-1")
    status, patient = stack.request(
        "POST",
        "/api/v1/patients/",
        {"display_name": "Alice", "timezone": "UTC", "affected_side": "left"},
        carol,
    )
    assert status == 201, patient
    status, activated = stack.request(
        "POST",
        "/api/v1/auth/activate/",
        {
            "invite_code": patient["invite_code"],
            "username": "alice",
            "password": "A-long-patient-pass-2",
            "consent": True,
        },
    )
    assert status == 201, activated
    return carol, str(activated["token"])


def _put_to_alert(stack: Stack, carol: str, alice: str, day: datetime.date) -> tuple[float, float]:
    """PUT a fall and poll until its alert is listed; acknowledge it; return (put, total) s."""
    began = time.perf_counter()
    status, body = stack.request(
        "PUT", f"/api/v1/patients/me/diary/{day}/", {**STEADY, "fall": True}, alice
    )
    put = time.perf_counter() - began
    assert status == 201, body
    deadline = began + 60
    while time.perf_counter() < deadline:
        _, alerts = stack.request("GET", "/api/v1/alerts/?status=open", token=carol)
        found = [a for a in alerts or [] if a["diary_date"] == day.isoformat()]
        if found:
            total = time.perf_counter() - began
            status, _ = stack.request(
                "POST", f"/api/v1/alerts/{found[0]['id']}/acknowledge/", {"note": "bench"}, carol
            )
            assert status == 200
            return put, total
        time.sleep(POLL_SECONDS)
    raise RuntimeError(f"no alert for {day} within 60 s; see {stack.var_dir}/worker.log")


def put_to_alert(broker: str, label: str, puts: int) -> list[Row]:
    """Start a stack on a broker and time `puts` diary PUTs (different days) to their alerts."""
    from tests.stack import running_stack

    root = Path(tempfile.mkdtemp(prefix="hipwell-bench-stack-"))
    with running_stack(root, broker) as stack:
        carol, alice = _enrol(stack)
        today = datetime.datetime.now(datetime.UTC).date()
        # The first one also waits for the worker to start: not measured.
        _put_to_alert(stack, carol, alice, today - datetime.timedelta(days=puts + 1))
        timings = [
            _put_to_alert(stack, carol, alice, today - datetime.timedelta(days=n))
            for n in range(1, puts + 1)
        ]
    shutil.rmtree(root, ignore_errors=True)  # kept on failure, for worker.log and web.log
    totals = [total for _, total in timings]
    return [
        Row(
            f"diary PUT to alert row, {label}",
            f"{median_ms(totals):.0f} ms",
            f"median of {puts} (min {min(totals) * 1000:.0f}, max {max(totals) * 1000:.0f}); "
            f"PUT itself {median_ms([p for p, _ in timings]):.0f} ms; polled every "
            f"{POLL_SECONDS * 1000:.0f} ms",
        )
    ]


def latency(puts: int) -> list[Row]:
    """PUT-to-alert on the filesystem transport and, if it is installed, on Redis."""
    rows = put_to_alert("filesystem://", "filesystem transport", puts)
    with redis_server() as redis_url:
        if redis_url is None:
            rows.append(Row("diary PUT to alert row, Redis", "skipped", "redis-server not on PATH"))
        else:
            rows += put_to_alert(redis_url, "Redis", puts)
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--occurrences",
        type=int,
        default=100_000,
        help="due occurrences to dispatch (default 100000)",
    )
    parser.add_argument("--patients", type=int, default=1_000, help="spread across (default 1000)")
    parser.add_argument(
        "--kind",
        choices=["pacing", "diary"],
        default="pacing",
        help="reminder kind; diary pays a skip-check query per occurrence",
    )
    parser.add_argument("--evaluations", type=int, default=10, help="samples per evaluation case")
    parser.add_argument("--puts", type=int, default=5, help="timed PUTs per broker (default 5)")
    parser.add_argument("--no-stack", action="store_true", help="skip the PUT-to-alert stack")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    # The stack runs first: its subprocesses inherit this environment, which
    # configure_django below points at the benchmark's own database.
    rows = [] if args.no_stack else latency(args.puts)
    configure_django("reminders")
    rows = (
        dispatch(args.occurrences, args.patients, args.kind) + evaluations(args.evaluations) + rows
    )
    print_report("bench.reminders", began, rows)


if __name__ == "__main__":
    main()
