"""Reads of the exercise app: the library, plans with advice, sessions and adherence.

Every function runs a fixed number of queries, whatever the number of sessions.
Goals are in the goals app.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from diaries.selectors import diary_entries_by_date, patient_today
from exercises import adherence, hooks, progression
from exercises.library_data import WEIGHT_BEARING_LEVELS
from exercises.models import Exercise, ExercisePlan, ExerciseSession, PlanItem
from exercises.pain import overnight_pair
from patients.models import Patient, Role, User

DAY = datetime.timedelta(days=1)
STREAK_LOOKBACK_WEEKS = 26


# --- the library -------------------------------------------------------------------


def exercises_visible_to(user: User) -> QuerySet[Exercise]:
    """Return the built-in exercises, plus a clinician's own."""
    scope = Q(is_builtin=True)
    if user.role == Role.CLINICIAN:
        scope |= Q(created_by=user)
    return Exercise.objects.filter(scope)


def exercise_list(*, user: User, setting: str | None = None) -> QuerySet[Exercise]:
    exercises = exercises_visible_to(user)
    if setting:
        exercises = exercises.filter(setting=setting)
    return exercises.order_by("setting", "category", "name", "id")


def _is_id(reference: str) -> bool:
    """Tell whether a reference is an id (ASCII digits that fit a bigint) rather than a slug."""
    return reference.isascii() and reference.isdigit() and len(reference) <= 18


def exercises_by_reference(*, user: User, references: Iterable[str | int]) -> dict[str, Exercise]:
    """Resolve slugs and ids the user may prescribe, keyed by ``str(reference)`` (one query)."""
    refs = [str(r) for r in references]
    ids = [int(r) for r in refs if _is_id(r)]
    slugs = [r for r in refs if not _is_id(r)]
    found: dict[str, Exercise] = {}
    for exercise in exercises_visible_to(user).filter(Q(pk__in=ids) | Q(slug__in=slugs)):
        found[exercise.slug] = exercise
        found[str(exercise.pk)] = exercise
    return found


# --- plans ---------------------------------------------------------------------------


def _items() -> Prefetch[str, QuerySet[PlanItem], str]:
    return Prefetch(
        "items", queryset=PlanItem.objects.select_related("exercise").order_by("position")
    )


def _in_force_on(day: datetime.date, prefix: str = "") -> Q:
    """Match plans in force on a day (a withdrawn plan, ending before it starts, never is)."""
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


def plan_in_force_get(*, patient: Patient, day: datetime.date | None = None) -> ExercisePlan | None:
    """Return the plan in force on a day (default: the patient's today), with items (two queries)."""
    day = day or patient_today(patient)
    return (
        ExercisePlan.objects.filter(_in_force_on(day), patient=patient)
        .select_related("prescribed_by")
        .prefetch_related(_items())
        .order_by("-starts_on", "-id")
        .first()
    )


def plan_next_get(*, patient: Patient, day: datetime.date | None = None) -> ExercisePlan | None:
    """Return the plan scheduled to start after a day (default: today), if any (two queries)."""
    day = day or patient_today(patient)
    return (
        ExercisePlan.objects.filter(patient=patient, starts_on__gt=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")))
        .select_related("prescribed_by")
        .prefetch_related(_items())
        .order_by("starts_on", "id")
        .first()
    )


def plans_live_from(*, patient: Patient, day: datetime.date) -> QuerySet[ExercisePlan]:
    """Return the plans in force, or scheduled to be, on ``day`` or later (not withdrawn)."""
    return (
        ExercisePlan.objects.filter(patient=patient)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")))
        .order_by("starts_on", "id")
    )


def plan_list(*, patient: Patient) -> QuerySet[ExercisePlan]:
    """Return every plan of the patient, newest first, with items (two queries)."""
    return (
        ExercisePlan.objects.filter(patient=patient)
        .select_related("prescribed_by")
        .prefetch_related(_items())
        .order_by("-created_at", "-id")
    )


def items_above_weight_bearing(*, plan: ExercisePlan, patient: Patient) -> set[int]:
    """Return the items whose exercise needs more weight-bearing than the patient has now."""
    level = WEIGHT_BEARING_LEVELS.index(patient.weight_bearing)
    return {
        item.pk
        for item in plan.items.all()
        if WEIGHT_BEARING_LEVELS.index(item.exercise.min_weight_bearing) > level
    }


def plan_advice(
    *, plan: ExercisePlan, patient: Patient, today: datetime.date | None = None
) -> dict[int, progression.Advice]:
    """Return progression advice for each item of a plan (three queries).

    An item is judged on the last two weeks of sessions of the same exercise under
    any of the patient's plans, so re-prescribing an exercise keeps its history.
    Every item holds while a pain, instability, fall or walking alert is open (one
    question to the reminders app, for the whole plan).
    """
    today = today or patient_today(patient)
    start = today - datetime.timedelta(days=progression.WINDOW_DAYS - 1)
    items = list(plan.items.all())
    sessions = ExerciseSession.objects.filter(
        patient=patient,
        date__gte=start,
        date__lte=today,
        plan_item__exercise_id__in=[item.exercise_id for item in items],
    ).values_list("plan_item__exercise_id", "date", "pain_during")
    diary = diary_entries_by_date(patient_id=patient.pk, start=start, end=today + DAY)
    by_exercise: dict[int, list[progression.SessionPain]] = {}
    for exercise_id, day, pain_during in sessions:
        before, morning = overnight_pair(diary.get(day), diary.get(day + DAY))
        by_exercise.setdefault(exercise_id, []).append(
            progression.SessionPain(
                date=day, pain_during=pain_during, pain_before=before, pain_next_morning=morning
            )
        )
    alerts = hooks.open_alert_reasons.ask(patient_id=patient.pk, rules=progression.HOLD_RULES)
    return {
        item.pk: progression.hold_for_alerts(
            progression.advise(by_exercise.get(item.exercise_id, []), item.pain_limit, today),
            alerts,
            today,
        )
        for item in items
    }


# --- sessions ------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    """A logged session with its pain context from the diary."""

    session: ExerciseSession
    pain_before: int | None
    pain_next_morning: int | None


def session_get(*, patient: Patient, client_id: uuid.UUID) -> ExerciseSession | None:
    return ExerciseSession.objects.filter(patient=patient, client_id=client_id).first()


def session_list(*, patient: Patient, start: datetime.date, end: datetime.date) -> list[SessionRow]:
    """Return sessions dated start..end with pre-session and next-morning pain (two queries)."""
    sessions = list(
        ExerciseSession.objects.filter(patient=patient, date__gte=start, date__lte=end)
        .select_related("plan_item__exercise")
        .order_by("date", "created_at", "id")
    )
    diary = diary_entries_by_date(patient_id=patient.pk, start=start, end=end + DAY)
    rows = []
    for session in sessions:
        before, morning = overnight_pair(diary.get(session.date), diary.get(session.date + DAY))
        rows.append(SessionRow(session, before, morning))
    return rows


def sessions_in_week(
    *, patient: Patient, day: datetime.date, setting: str
) -> tuple[list[PlanItem], list[tuple[int, datetime.date]]]:
    """Return the items of a setting of the plan in force on ``day``, and the week's sessions."""
    items = list(
        PlanItem.objects.filter(
            _in_force_on(day, "plan__"), plan__patient=patient, exercise__setting=setting
        ).select_related("plan")
    )
    monday = adherence.week_start(day)
    sessions = list(
        ExerciseSession.objects.filter(
            patient=patient,
            plan_item__in=[item.pk for item in items],
            date__gte=monday,
            date__lte=monday + datetime.timedelta(days=6),
        ).values_list("plan_item_id", "date")
    )
    return items, sessions


# --- adherence -----------------------------------------------------------------------


@dataclass(frozen=True)
class AdherenceReport:
    result: adherence.Adherence
    items: dict[int, PlanItem]  # every item the result names, with plan and exercise
    today: datetime.date


def item_spans(items: Sequence[PlanItem]) -> list[adherence.ItemSpan]:
    """Return when each item was in force: its plan's ``starts_on`` to ``ends_on``.

    A withdrawn plan's span ends before it starts, so it asks for nothing.
    """
    return [
        adherence.ItemSpan(
            item_id=item.pk,
            per_week=item.per_week,
            start=item.plan.starts_on,
            end=item.plan.ends_on,
        )
        for item in items
    ]


def _adherence_inputs(
    patient_ids: Sequence[int], first_day: datetime.date
) -> tuple[dict[int, list[PlanItem]], dict[int, list[tuple[int, datetime.date]]]]:
    items: dict[int, list[PlanItem]] = {pid: [] for pid in patient_ids}
    for item in PlanItem.objects.filter(plan__patient_id__in=patient_ids).select_related(
        "plan", "exercise"
    ):
        items[item.plan.patient_id].append(item)
    sessions: dict[int, list[tuple[int, datetime.date]]] = {pid: [] for pid in patient_ids}
    for patient_id, item_id, day in ExerciseSession.objects.filter(
        patient_id__in=patient_ids, date__gte=first_day
    ).values_list("patient_id", "plan_item_id", "date"):
        sessions[patient_id].append((item_id, day))
    return items, sessions


def adherence_get(
    *, patient: Patient, weeks: int, today: datetime.date | None = None
) -> AdherenceReport:
    """Return sessions done against prescribed, per week and per item (two queries)."""
    today = today or patient_today(patient)
    lookback = max(weeks, STREAK_LOOKBACK_WEEKS)
    first_day = adherence.week_start(today) - adherence.WEEK * (lookback - 1)
    items, sessions = _adherence_inputs([patient.pk], first_day)
    result = adherence.compute(
        item_spans(items[patient.pk]), sessions[patient.pk], today, weeks, lookback
    )
    return AdherenceReport(result, {item.pk: item for item in items[patient.pk]}, today)


def adherence_percent_by_patient(
    *, patients: Sequence[Patient], weeks: int = 4
) -> dict[int, int | None]:
    """Return each patient's adherence percent over the last complete weeks (two queries).

    For the caseload: ``weeks`` complete weeks before the current one, each in the
    patient's own timezone.
    """
    if not patients:
        return {}
    todays = {p.pk: patient_today(p) for p in patients}
    first_day = adherence.week_start(min(todays.values())) - adherence.WEEK * weeks
    items, sessions = _adherence_inputs([p.pk for p in patients], first_day)
    return {
        pk: adherence.compute(
            item_spans(items[pk]), sessions[pk], today, weeks + 1, streak_weeks=weeks + 1
        ).percent
        for pk, today in todays.items()
    }


def session_count(*, patient: Patient, start: datetime.date, end: datetime.date) -> int:
    """Return how many sessions the patient logged dated start..end inclusive (one query)."""
    return ExerciseSession.objects.filter(patient=patient, date__gte=start, date__lte=end).count()
