"""The reminders app's receivers: a diary write and its owed evaluation commit together.

The service's ``atomic`` block is a savepoint inside the test's transaction, so a
rolled-back write here is exactly what a rolled-back request would leave.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.core.exceptions import ImproperlyConfigured

from diaries import hooks as diary_hooks
from diaries.models import DiaryEntry
from diaries.services import diary_entry_upsert
from patients.models import Patient
from reminders import receivers
from reminders.models import AlertEvaluation
from tests.conftest import Cast
from tests.reminders.helpers import STEADY, steady_history


@pytest.fixture
def without_reminders() -> Iterator[None]:
    """Act as a deployment that forgot the reminders app: nothing receives diary writes."""
    diary_hooks.diary_written.disconnect(receivers.diary_written)
    try:
        yield
    finally:
        diary_hooks.diary_written.connect(receivers.diary_written)


def _write(patient: Patient, day: datetime.date) -> None:
    assert patient.user is not None
    diary_entry_upsert(patient=patient, date=day, values=STEADY, actor=patient.user)


def test_a_diary_write_commits_with_its_evaluation_row(cast: Cast) -> None:
    today = steady_history(cast.alice)
    _write(cast.alice, today)
    assert DiaryEntry.objects.filter(patient=cast.alice, date=today).exists()
    assert AlertEvaluation.objects.filter(patient=cast.alice, date=today).exists()


def test_a_diary_write_rolls_back_when_its_evaluation_cannot_be_owed(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = steady_history(cast.alice)

    def broken(*, patient_id: int, date: datetime.date) -> list[AlertEvaluation]:
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(receivers, "alert_evaluation_request", broken)
    with pytest.raises(RuntimeError):
        _write(cast.alice, today)
    assert not DiaryEntry.objects.filter(patient=cast.alice, date=today).exists()
    assert not AlertEvaluation.objects.exists()


@pytest.mark.usefixtures("without_reminders")
def test_it_refuses_a_diary_write_nobody_would_check_for_red_flags(cast: Cast) -> None:
    today = steady_history(cast.alice)
    with pytest.raises(ImproperlyConfigured, match="diary_written"):
        _write(cast.alice, today)
    assert not DiaryEntry.objects.filter(patient=cast.alice, date=today).exists()
