"""Builders for alert and reminder tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import TestCase

from diaries.models import DiaryEntry
from diaries.selectors import patient_today
from patients.models import Patient
from reminders import alerts
from reminders.models import Alert, AlertEvaluation

STEADY = {"pain_rest": 2, "pain_activity": 3, "pain_night": 1, "stiffness": 3,
          "sleep_interference": 2, "walking_distance_m": 1200, "limp": "none",
          "walking_aid": "none"}  # fmt: skip


def steady_history(patient: Patient, days: int = 14) -> datetime.date:
    """Give a patient `days` unremarkable days before today; return today."""
    today = patient_today(patient)
    DiaryEntry.objects.bulk_create(
        DiaryEntry(patient=patient, date=today - datetime.timedelta(days=n), **STEADY)
        for n in range(1, days + 1)
    )
    return today


def put_day(client: Any, day: datetime.date, **values: Any) -> Any:
    """PUT a diary day as the signed-in patient, running on-commit work (the queue)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.put(
            f"/api/v1/patients/me/diary/{day}/", {**STEADY, **values}, format="json"
        )
    assert response.status_code in (200, 201), response.content
    return response


def evaluate_pending() -> list[Alert]:
    """Run every owed evaluation, as the periodic scan would."""
    touched: list[Alert] = []
    for evaluation in AlertEvaluation.objects.filter(processed_at__isnull=True):
        touched += alerts.alert_evaluation_process(evaluation.pk)
    return touched
