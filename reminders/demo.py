"""Demo reminders and alerts: schedules, alerts raised from the seeded diaries, inboxes."""

from __future__ import annotations

import datetime

from diaries.selectors import diary_dates, patient_today
from patients.demo import DemoPatient
from patients.models import Patient, User
from reminders import alerts, dispatch, messages
from reminders.deliveries import notify_person
from reminders.models import AlertEvaluation, ReminderKind, ReminderSchedule
from reminders.services import default_schedules_create, reminder_schedule_create


def _schedules(patient: Patient, demo: DemoPatient, clinician: User) -> None:
    if ReminderSchedule.objects.filter(patient=patient).exists():
        return
    default_schedules_create(patient=patient)
    reminder_schedule_create(
        patient=patient, created_by=clinician, kind=ReminderKind.PACING, times=[],
        every_minutes=90, window_start=datetime.time(9, 0), window_end=datetime.time(18, 0),
        weekdays=[0, 1, 2, 3, 4], channels=["inbox", "push"],
        message="Time for a 5-minute break: sit down, stretch gently, then carry on.",
    )  # fmt: skip


def _evaluate_recent_days(patient: Patient) -> None:
    """Run the red-flag rules over the last two weeks, as the worker would have."""
    today = patient_today(patient)
    since = today - datetime.timedelta(days=14)
    for date in diary_dates(patient_id=patient.pk, start=since, end=today):
        evaluation = AlertEvaluation.objects.create(patient=patient, date=date)
        alerts.alert_evaluation_process(evaluation.pk)


def seed(clinician: User, patients: list[tuple[Patient, DemoPatient]]) -> None:
    """Give the demo reminders, alerts and inbox messages; idempotent."""
    for patient, demo in patients:
        _schedules(patient, demo, clinician)
        if not AlertEvaluation.objects.filter(patient=patient).exists():
            _evaluate_recent_days(patient)
        if patient.user is not None:
            title, body = messages.reminder_text(ReminderKind.DIARY, "")
            notify_person(
                user=patient.user, patient_id=patient.pk, purpose="reminder", title=title,
                body=body, dedupe_key=f"demo:{patient.pk}:diary-reminder",
            )  # fmt: skip
    dispatch.dispatch_due()
