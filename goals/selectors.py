"""Reads of goals and range-of-motion measurements, with progress computed from the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from core.validators import parse_object_id
from diaries.selectors import diary_entries_by_date, patient_today
from exercises.selectors import session_count
from goals import progress as goal_progress
from goals.models import (
    DIARY_METRICS,
    ROM_METRICS,
    Goal,
    GoalMetric,
    RomMeasurement,
)
from patients.models import Patient

# A goal is still watched this long after its due date: late progress is still progress.
GRACE_DAYS = 30


class GoalStatus:
    ACTIVE = "active"
    ACHIEVED = "achieved"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    current: float | None
    percent: int | None
    milestones: tuple[int, ...]  # reached, ascending
    status: str


@dataclass(frozen=True)
class MetricValues:
    """The current value of every metric a goal can name, for one patient and day."""

    diary: dict[str, float | None]
    rom: dict[tuple[str, str], int]  # (movement, side) -> latest degrees
    sessions_last_7_days: int

    def current(self, goal: Goal) -> float | None:
        if goal.metric in DIARY_METRICS:
            return self.diary[goal.metric]
        if goal.metric in ROM_METRICS:
            value = self.rom.get((goal.metric.removeprefix("rom_"), goal.side or ""))
            return None if value is None else float(value)
        if goal.metric == GoalMetric.SESSIONS_PER_WEEK:
            return float(self.sessions_last_7_days)
        return None


def metric_values(*, patient: Patient, today: datetime.date | None = None) -> MetricValues:
    """Return the current value of every goal metric (three queries)."""
    today = today or patient_today(patient)
    start = today - datetime.timedelta(days=goal_progress.WINDOW_DAYS - 1)
    entries = diary_entries_by_date(patient_id=patient.pk, start=start, end=today).values()
    diary = {
        metric: goal_progress.diary_current([getattr(entry, metric) for entry in entries])
        for metric in DIARY_METRICS
    }
    rom: dict[tuple[str, str], int] = {}
    for movement, side, degrees in RomMeasurement.objects.filter(
        patient=patient, measured_on__lte=today
    ).values_list("movement", "side", "degrees"):
        # Newest first (the model's ordering): the first of each key is the latest.
        rom.setdefault((movement, side), degrees)
    sessions = session_count(patient=patient, start=start, end=today)
    return MetricValues(diary=diary, rom=rom, sessions_last_7_days=sessions)


def _status(goal: Goal, percent: int | None, today: datetime.date) -> str:
    if goal.achieved_at is not None or percent == 100:
        return GoalStatus.ACHIEVED
    return GoalStatus.OVERDUE if today > goal.due_date else GoalStatus.ACTIVE


def goal_progress_list(
    *,
    patient: Patient,
    open_only: bool = False,
    archived: bool = False,
    today: datetime.date | None = None,
) -> list[GoalProgress]:
    """Return the patient's goals with current value, percent and milestones (five queries).

    Archived goals are left out, or with ``archived`` only they are listed.
    ``open_only`` keeps the goals still watched for milestones: not archived, not
    achieved, and not more than ``GRACE_DAYS`` past due.
    """
    today = today or patient_today(patient)
    goals: QuerySet[Goal] = Goal.objects.filter(
        patient=patient, archived_at__isnull=not archived or open_only
    ).prefetch_related("milestones")
    if open_only:
        goals = goals.filter(
            achieved_at__isnull=True,
            due_date__gte=today - datetime.timedelta(days=GRACE_DAYS),
        )
    goal_list = list(goals.order_by("due_date", "id"))
    if not goal_list:
        return []
    values = metric_values(patient=patient, today=today)
    result = []
    for goal in goal_list:
        current = values.current(goal)
        percent = goal_progress.progress_percent(goal.baseline, goal.target, current)
        reached = tuple(sorted(m.percent for m in goal.milestones.all()))
        result.append(GoalProgress(goal, current, percent, reached, _status(goal, percent, today)))
    return result


def patients_with_open_goals(*, today: datetime.date) -> QuerySet[Patient]:
    """Return the patients whose goals may still reach a milestone."""
    cutoff = today - datetime.timedelta(days=GRACE_DAYS + 1)
    return Patient.objects.filter(
        goals__achieved_at__isnull=True,
        goals__archived_at__isnull=True,
        goals__due_date__gte=cutoff,
    ).distinct()


def goal_get(*, patient: Patient, goal_id: str) -> Goal | None:
    """Return one of the patient's goals (archived or not), or None for any other id."""
    object_id = parse_object_id(goal_id)
    if object_id is None:
        return None
    return Goal.objects.filter(patient=patient, pk=object_id).first()


def measurement_list(*, patient: Patient) -> QuerySet[RomMeasurement]:
    return RomMeasurement.objects.filter(patient=patient).select_related("recorded_by")
