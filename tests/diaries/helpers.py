"""Builders for diary tests."""

from __future__ import annotations

import datetime
from typing import Any

from diaries.models import DiaryEntry
from diaries.selectors import patient_today
from patients.models import Patient


def local_today(patient: Patient) -> datetime.date:
    return patient_today(patient)


def days_ago(patient: Patient, days: int) -> datetime.date:
    return local_today(patient) - datetime.timedelta(days=days)


def make_entries(patient: Patient, days: int, **values: Any) -> list[DiaryEntry]:
    """Create one entry a day for the last `days` days (today included)."""
    defaults = {"pain_rest": 2, "pain_activity": 3, "pain_night": 1, "stiffness": 3,
                "sleep_interference": 2, "walking_distance_m": 1000}  # fmt: skip
    today = local_today(patient)
    return DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient, date=today - datetime.timedelta(days=n), **{**defaults, **values}
        )
        for n in range(days)
    )
