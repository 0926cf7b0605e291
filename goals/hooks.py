"""What the goals app announces to the apps above it (see ``core.hooks``)."""

from __future__ import annotations

from typing import Protocol

from core.hooks import Hook
from patients.models import Patient


class MilestoneReached(Protocol):
    def __call__(self, *, patient: Patient, goal_id: int, title: str, milestone: int) -> None: ...


goal_milestone_reached: Hook[MilestoneReached] = Hook("goals.goal_milestone_reached", required=True)
"""A goal newly reached ``milestone`` % (only the highest of a jump); called in its transaction.

Only for patients with an active account. The reminders app queues the
congratulation in the patient's inbox (a delivery row, deduplicated per goal and
milestone). Required: the milestone row is recorded once and for good, so a
missing receiver would lose the message for ever.
"""
