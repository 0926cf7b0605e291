"""Builders for exercise tests."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from diaries.models import DiaryEntry
from diaries.selectors import patient_today
from exercises import services
from exercises.library import library_sync
from exercises.models import Exercise, ExercisePlan, ExerciseSession, PlanItem
from patients.models import Patient, User


def ensure_library() -> None:
    """Bring back the built-in library if a transactional test flushed it."""
    if not Exercise.objects.filter(is_builtin=True).exists():
        library_sync(Exercise)


def local_today(patient: Patient) -> datetime.date:
    return patient_today(patient)


def make_plan(
    patient: Patient,
    clinician: User,
    slugs: tuple[str, ...] = ("glute-bridge", "clamshell"),
    *,
    starts_on: datetime.date | None = None,
    **item_values: Any,
) -> ExercisePlan:
    """Prescribe a plan of the given exercises through the service."""
    ensure_library()
    return services.plan_create(
        patient=patient,
        prescribed_by=clinician,
        title="Test plan",
        items=[{"exercise": slug, **item_values} for slug in slugs],
        starts_on=starts_on or local_today(patient) - datetime.timedelta(days=60),
    )


def items_of(plan: ExercisePlan) -> list[PlanItem]:
    return list(plan.items.order_by("position"))


def log_sessions(
    item: PlanItem, dates: list[datetime.date], **values: Any
) -> list[ExerciseSession]:
    """Create sessions directly (no date window), one per date."""
    defaults: dict[str, Any] = {"sets_done": 2, "reps_done": 10, "pain_during": 3}
    return ExerciseSession.objects.bulk_create(
        ExerciseSession(
            patient_id=item.plan.patient_id,
            client_id=uuid.uuid4(),
            plan_item=item,
            date=day,
            **{**defaults, **values},
        )
        for day in dates
    )


def diary(patient: Patient, day: datetime.date, **values: Any) -> DiaryEntry:
    """Write (or overwrite) a day's diary directly."""
    entry, _ = DiaryEntry.objects.update_or_create(patient=patient, date=day, defaults=values)
    return entry
