"""What the diary announces to the apps above it (see ``core.hooks``)."""

from __future__ import annotations

import datetime
from typing import Protocol

from core.hooks import Hook
from patients.models import Patient


class DiaryWritten(Protocol):
    def __call__(self, *, patient: Patient, date: datetime.date) -> None: ...


diary_written: Hook[DiaryWritten] = Hook("diaries.diary_written", required=True)
"""A day of the diary was created, changed or deleted.

Called inside the writer's transaction, after the change is saved. The
reminders app connects the red-flag evaluation, which records the evaluation it
owes as an outbox row: because the receiver runs in the same transaction, a diary
write never commits without its evaluation being owed, and never owes one for a
write that rolled back. Required: a deployment without a receiver would store
diaries that no one checks for red flags, so the write fails loudly instead.
"""
