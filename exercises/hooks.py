"""What the exercises app announces to the apps above it (see ``core.hooks``)."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

from core.hooks import Hook
from exercises.progression import OpenAlert
from patients.models import Patient, User


class PlanPrescribed(Protocol):
    def __call__(
        self,
        *,
        patient: Patient,
        plan_id: int,
        starts_on: datetime.date,
        ended_plan_ids: Sequence[int],
        prescribed_by: User,
        reminders: Sequence[Mapping[str, Any]],
    ) -> None: ...


class OpenAlertReasons(Protocol):
    def __call__(self, *, patient_id: int, rules: Collection[str]) -> Sequence[OpenAlert]: ...


class SessionLogged(Protocol):
    # Receivers may return what they did (ignored): goals_evaluate returns milestones.
    def __call__(self, *, patient: Patient) -> object: ...


plan_prescribed: Hook[PlanPrescribed] = Hook("exercises.plan_prescribed", required=True)
"""A plan was prescribed, ending or withdrawing others; called inside its transaction.

Ids, not rows: a receiver reads plans through ``exercises.selectors`` if it must.

``ended_plan_ids`` are every plan no longer in force from today because of this
one: the plan it replaces at once (it starts today or earlier) and every plan it
withdraws (written for a start on or after its own). A plan that stays in force
until a later ``starts_on`` is not among them.

The reminders app stops the ended plans' reminders and creates the new plan's
``reminders`` (validated: a receiver raising ``ValidationError`` refuses the
whole prescription), silent until ``starts_on``. Required: the clinician asked
for these reminders, and dropping them silently would break that promise.
"""


session_logged: Hook[SessionLogged] = Hook("exercises.session_logged", required=False)
"""A new exercise session was logged (not a replay); called after it is saved.

The goals app checks the patient's goals for milestones. Optional: without goals
there is nothing to check.
"""


open_alert_reasons: Hook[OpenAlertReasons] = Hook("exercises.open_alert_reasons", required=True)
"""Asked (``open_alert_reasons.ask``): the patient's open red-flag alerts of these rules.

The progression advice holds while one is open (``exercises.progression.HOLD_RULES``).
The reminders app answers, in one query, oldest first. Required, with exactly one
answerer: advice that cannot know of a fall must not say "progress".
"""
