"""What the diary announces to the apps above it (see ``core.hooks``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
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


class GuidanceFor(Protocol):
    def __call__(
        self, *, patient: Patient, date: datetime.date
    ) -> Sequence[Mapping[str, object]]: ...


guidance_for: Hook[GuidanceFor] = Hook("diaries.guidance_for", required=True)
"""Asked (``guidance_for.ask``) for what the patient is told about a saved diary day.

The diary PUT answers with it at once, before any worker runs. The reminders app
answers from the same pure red-flag rules the alert evaluation runs: a list of
``{rule, severity, title, advice, contact}``, most severe first, empty when nothing
trips. Only read: the alert itself is still owed through ``diary_written``.
Required (exactly one receiver): without it the diary could not say what to do.
"""
