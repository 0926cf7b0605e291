"""Every write of goals and range-of-motion measurements, and the milestone check."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from diaries.selectors import patient_today
from goals import hooks
from goals import progress as goal_progress
from goals import selectors as goal_selectors
from goals.models import (
    METRIC_LIMITS,
    ROM_METRICS,
    Goal,
    GoalMetric,
    GoalMilestone,
    RomMeasurement,
    Side,
    validate_goal_title,
)
from patients.models import Patient, User

MAX_GOAL_DAYS = 730

logger = logging.getLogger("hipwell.goals")


def _default_side(patient: Patient, side: str | None, field: str = "side") -> str:
    if side:
        return side
    if patient.affected_side in Side.values:
        return patient.affected_side
    raise ValidationError({field: ["Both hips are affected: say which side (left or right)."]})


@transaction.atomic
def measurement_record(
    *,
    patient: Patient,
    recorded_by: User,
    movement: str,
    degrees: int,
    measured_on: datetime.date | None = None,
    side: str | None = None,
    note: str = "",
) -> RomMeasurement:
    """Record a range-of-motion angle measured at a visit, then check the patient's goals."""
    today = patient_today(patient)
    measured_on = measured_on or today
    if measured_on > today:
        raise ValidationError(
            {"measured_on": ["This day has not started yet in the patient's timezone."]}
        )
    measurement = RomMeasurement(
        patient=patient, movement=movement, side=_default_side(patient, side), degrees=degrees,
        measured_on=measured_on, note=note, recorded_by=recorded_by,
    )  # fmt: skip
    measurement.full_clean()
    measurement.save()
    goals_evaluate(patient=patient)
    return measurement


def _format(value: float) -> str:
    return f"{value:g}"


def _title(
    metric: str, baseline: float, target: float, due: datetime.date, side: str | None
) -> str:
    label = GoalMetric(metric).label
    where = f" ({side})" if side else ""
    return f"{label}{where}: from {_format(baseline)} to {_format(target)} by {due.isoformat()}"


@transaction.atomic
def goal_create(
    *, patient: Patient, created_by: User, values: Mapping[str, Any]
) -> goal_selectors.GoalProgress:
    """Set a SMART goal; a missing baseline is taken from the patient's current data."""
    metric: str = values["metric"]
    today = patient_today(patient)
    side = values.get("side")
    if metric in ROM_METRICS:
        side = _default_side(patient, side)
    elif side:
        raise ValidationError({"side": ["Only range-of-motion goals name a side."]})
    due: datetime.date = values["due_date"]
    if due <= today:
        raise ValidationError({"due_date": ["A goal is due after today."]})
    if due > today + datetime.timedelta(days=MAX_GOAL_DAYS):
        raise ValidationError({"due_date": ["Set a goal due within two years."]})
    baseline = values.get("baseline")
    if baseline is None:
        probe = Goal(patient=patient, metric=metric, side=side)
        baseline = goal_selectors.metric_values(patient=patient, today=today).current(probe)
        if baseline is None:
            raise ValidationError(
                {"baseline": ["There is no recent data to take a baseline from; give one."]}
            )
    target = float(values["target"])
    limit = METRIC_LIMITS[metric]
    for name, value in (("baseline", baseline), ("target", target)):
        if not 0 <= value <= limit:
            raise ValidationError({name: [f"Give a value from 0 to {limit} for this metric."]})
    if baseline == target:
        raise ValidationError({"target": ["The target must differ from the baseline."]})
    goal = Goal(
        patient=patient, metric=metric, side=side, baseline=float(baseline), target=target,
        due_date=due, created_by=created_by,
        title=(values.get("title") or "").strip() or _title(metric, baseline, target, due, side),
    )  # fmt: skip
    validate_goal_title(goal.title)
    goal.full_clean()
    goal.save()
    goals_evaluate(patient=patient)
    for progress in goal_selectors.goal_progress_list(patient=patient, today=today):
        if progress.goal.pk == goal.pk:
            return progress
    raise AssertionError("a goal just created is missing")  # pragma: no cover


@transaction.atomic
def goal_archive(*, goal: Goal) -> goal_selectors.GoalProgress:
    """Archive a goal (idempotent): it leaves the lists and reaches no more milestones.

    Goals are archived rather than deleted: milestones reached stay on record.
    """
    if goal.archived_at is None:
        goal.archived_at = timezone.now()
        goal.save(update_fields=["archived_at"])
    patient = goal.patient
    for progress in goal_selectors.goal_progress_list(patient=patient, archived=True):
        if progress.goal.pk == goal.pk:
            return progress
    raise AssertionError("a goal just archived is missing")  # pragma: no cover


def goals_evaluate(*, patient: Patient) -> list[GoalMilestone]:
    """Record the milestones the patient's open goals have newly reached; celebrate each once.

    When one evaluation crosses several milestones at once (a new measurement can
    jump from 20 % to 80 %), all are recorded but only the highest is announced,
    so the patient gets one message, not a burst. The unique (goal, percent)
    constraint and the delivery's dedupe key make a repeat or a race harmless.
    """
    recorded: list[GoalMilestone] = []
    with transaction.atomic():
        for progress in goal_selectors.goal_progress_list(patient=patient, open_only=True):
            due = goal_progress.milestones_due(progress.percent, progress.milestones)
            if not due or progress.current is None:
                continue
            goal = progress.goal
            rows = [GoalMilestone(goal=goal, percent=m, value=progress.current) for m in due]
            GoalMilestone.objects.bulk_create(rows, ignore_conflicts=True)
            recorded.extend(rows)
            if 100 in due:
                goal.achieved_at = timezone.now()
                goal.save(update_fields=["achieved_at"])
            _celebrate(patient, goal, max(due))
    return recorded


def _celebrate(patient: Patient, goal: Goal, milestone: int) -> None:
    user = patient.user
    if user is None or not user.is_active:
        return
    # The reminders app (a hook: this app never imports it) sends the message.
    hooks.goal_milestone_reached.send(
        patient=patient, goal_id=goal.pk, title=goal.title, milestone=milestone
    )


def goals_evaluate_all(*, today: datetime.date | None = None) -> int:
    """Check every patient with open goals (diary-based goals move without our writes)."""
    today = today or timezone.now().date()
    count = 0
    for patient in goal_selectors.patients_with_open_goals(today=today).select_related("user"):
        # One patient's failure must not hold back everyone after them; the next hourly
        # run tries that patient again.
        try:
            with transaction.atomic():
                count += len(goals_evaluate(patient=patient))
        except Exception:
            logger.exception("goal evaluation failed for patient %s", patient.pk)
    return count
