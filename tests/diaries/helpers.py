"""Builders for diary tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from diaries.models import DiaryEntry
from diaries.selectors import patient_today
from patients.models import Patient
from tests.conftest import Cast, ClientFor


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


def queries_at_10_and_365_days(cast: Cast, client_for: ClientFor, path: str) -> tuple[int, int]:
    """Count the queries carol's GET of a patient path makes with 10, then 365 diary days.

    ``path`` may name ``{days}``, ``{start}`` and ``{end}`` (the range ending today).
    """

    def count(days: int) -> int:
        start, end = days_ago(cast.alice, days - 1), days_ago(cast.alice, 0)
        url = f"/api/v1/patients/{cast.alice.pk}/" + path.format(days=days, start=start, end=end)
        with CaptureQueriesContext(connection) as ctx:
            assert client_for(cast.carol).get(url).status_code == 200
        return len(ctx)

    make_entries(cast.alice, 10)
    few = count(10)
    DiaryEntry.objects.all().delete()
    make_entries(cast.alice, 365)
    return few, count(365)
