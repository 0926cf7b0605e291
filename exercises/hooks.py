"""What the exercises app announces to the apps above it (see ``core.hooks``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from core.hooks import Hook
from patients.models import Patient, User


class PlanPrescribed(Protocol):
    def __call__(
        self,
        *,
        patient: Patient,
        plan_id: int,
        superseded_plan_id: int | None,
        prescribed_by: User,
        reminders: Sequence[Mapping[str, Any]],
    ) -> None: ...


class SessionLogged(Protocol):
    # Receivers may return what they did (ignored): goals_evaluate returns milestones.
    def __call__(self, *, patient: Patient) -> object: ...


plan_prescribed: Hook[PlanPrescribed] = Hook("exercises.plan_prescribed", required=True)
"""A plan was prescribed, superseding another (or none); called inside its transaction.

Ids, not rows: a receiver reads plans through ``exercises.selectors`` if it must.

The reminders app stops the superseded plan's reminders and creates the new
plan's ``reminders`` (validated: a receiver raising ``ValidationError`` refuses
the whole prescription). Required: the clinician asked for these reminders, and
dropping them silently would break that promise.
"""

session_logged: Hook[SessionLogged] = Hook("exercises.session_logged", required=False)
"""A new exercise session was logged (not a replay); called after it is saved.

The goals app checks the patient's goals for milestones. Optional: without goals
there is nothing to check.
"""
