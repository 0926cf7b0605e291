"""Every write of the library, plans and sessions. Goals live in the goals app."""

from __future__ import annotations

import datetime
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from rest_framework import exceptions as drf

from core.exceptions import Conflict
from diaries.selectors import patient_today
from exercises import hooks, selectors
from exercises.library_data import WEIGHT_BEARING_LEVELS, ExerciseSeed, validate_library
from exercises.models import DOSE_FIELDS, Exercise, ExercisePlan, ExerciseSession, PlanItem
from patients.models import Patient, User

SESSION_FIELDS = ("sets_done", "reps_done", "minutes", "rpe", "pain_during", "pain_after")
# How far back a session may be logged, like the diary's edit window.
SESSION_LOG_DAYS = 30
PLAN_BACKDATE_DAYS = 365
PLAN_AHEAD_DAYS = 28


# --- the library -------------------------------------------------------------------


@transaction.atomic
def exercise_create(*, clinician: User, values: Mapping[str, Any]) -> Exercise:
    """Add a clinician's own exercise to the library, checked like the built-in ones."""
    slug = f"{slugify(values['name'])[:60].strip('-') or 'exercise'}-{secrets.token_hex(3)}"
    seed = ExerciseSeed(
        slug=slug,
        target_muscles=tuple(values["target_muscles"]),
        **{k: v for k, v in values.items() if k != "target_muscles"},
    )
    problems = validate_library([seed])
    if problems:
        raise ValidationError({"non_field_errors": [p.split(": ", 1)[-1] for p in problems]})
    exercise = Exercise(
        slug=slug,
        created_by=clinician,
        is_builtin=False,
        **{**values, "target_muscles": list(values["target_muscles"])},
    )
    exercise.full_clean()
    exercise.save()
    return exercise


# --- plans ---------------------------------------------------------------------------


def _wb_level(status: str) -> int:
    return WEIGHT_BEARING_LEVELS.index(status)


def _check_starts_on(
    patient: Patient, starts_on: datetime.date, current: ExercisePlan | None
) -> None:
    """Refuse starts too far ahead or back, or before the plan in force today started."""
    today = patient_today(patient)
    if starts_on > today + datetime.timedelta(days=PLAN_AHEAD_DAYS):
        raise ValidationError({"starts_on": [f"Start the plan within {PLAN_AHEAD_DAYS} days."]})
    if starts_on < today - datetime.timedelta(days=PLAN_BACKDATE_DAYS):
        raise ValidationError({"starts_on": ["A plan cannot start more than a year ago."]})
    if current is not None and starts_on < current.starts_on:
        raise ValidationError(
            {
                "starts_on": [
                    f"The current plan started on {current.starts_on.isoformat()}; "
                    "a new plan cannot start before it."
                ]
            }
        )


def _build_items(
    patient: Patient,
    prescriber: User,
    items: Sequence[Mapping[str, Any]],
    override_reason: str,
) -> list[PlanItem]:
    """Resolve exercises and check weight-bearing; raise 400 naming each bad item."""
    found = selectors.exercises_by_reference(
        user=prescriber, references=[item["exercise"] for item in items]
    )
    errors: dict[str, dict[str, list[str]]] = {}
    built: list[PlanItem] = []
    seen: dict[int, int] = {}
    for position, item in enumerate(items, start=1):
        problems: dict[str, list[str]] = {}
        exercise = found.get(str(item["exercise"]))
        reason = (item.get("override_reason") or override_reason).strip()
        if exercise is None:
            problems["exercise"] = [f"Unknown exercise {str(item['exercise'])[:80]!r}."]
        elif exercise.pk in seen:
            problems["exercise"] = [
                f"{exercise.name} is already item {seen[exercise.pk]} of this plan."
            ]
        elif _wb_level(exercise.min_weight_bearing) > _wb_level(patient.weight_bearing):
            if not reason:
                problems["exercise"] = [
                    f"{exercise.name} needs {exercise.min_weight_bearing} weight-bearing, but "
                    f"this patient is on {patient.weight_bearing} weight-bearing. Choose another "
                    "exercise, or give override_reason to prescribe it anyway."
                ]
        else:
            reason = ""  # no override needed, so none is recorded
        if problems or exercise is None:
            errors[str(position - 1)] = problems
            continue
        seen[exercise.pk] = position
        doses = {name: item.get(name) for name in DOSE_FIELDS}
        if all(value is None for value in doses.values()):
            doses = {name: getattr(exercise, f"default_{name}") for name in DOSE_FIELDS}
        built.append(
            PlanItem(
                position=position,
                exercise=exercise,
                **doses,
                per_week=item.get("per_week") or exercise.default_per_week,
                target_rpe=item.get("target_rpe"),
                pain_limit=item.get("pain_limit", 5),
                notes=item.get("notes", ""),
                override_reason=reason,
            )
        )
    if errors:
        # The shape DRF gives a list's item errors, keyed by 0-based index; Django's
        # ValidationError would flatten it, so this one error is DRF's own.
        raise drf.ValidationError({"items": errors})
    return built


@transaction.atomic
def plan_create(
    *,
    patient: Patient,
    prescribed_by: User,
    title: str,
    items: Sequence[Mapping[str, Any]],
    starts_on: datetime.date | None = None,
    override_reason: str = "",
    reminders: Sequence[Mapping[str, Any]] = (),
) -> ExercisePlan:
    """Prescribe a plan, in force from ``starts_on``; older plans stay as history.

    The plan in force the day before it starts ends that day, so a plan written for
    next Monday leaves the current one in force until Sunday. Plans scheduled to
    start on or after ``starts_on`` are withdrawn: the newest prescription wins.

    An exercise that needs more weight-bearing than the patient's status is refused
    unless an override reason is given (per item, or for the whole plan); the reason
    is recorded on each item that needed it.
    """
    # Lock the patient so two prescriptions at once cannot both close the same plan.
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    today = patient_today(patient)
    current = selectors.plan_in_force_get(patient=patient, day=today)
    starts_on = starts_on or today
    _check_starts_on(patient, starts_on, current)
    built = _build_items(patient, prescribed_by, items, override_reason)
    now = timezone.now()
    # Every live plan still in force on or after the new start ends the day before it
    # (those starting on or after it thereby end before they start: withdrawn). Closed
    # before the insert, so the open-plan and one-start-per-day constraints hold.
    replaced = list(selectors.plans_live_from(patient=patient, day=starts_on))
    for old in replaced:
        old.ends_on = starts_on - datetime.timedelta(days=1)
        old.superseded_at = now
        old.save(update_fields=["ends_on", "superseded_at"])
    plan = ExercisePlan.objects.create(
        patient=patient,
        title=title,
        starts_on=starts_on,
        prescribed_by=prescribed_by,
        patient_weight_bearing=patient.weight_bearing,
    )
    for item in built:
        item.plan = plan
    PlanItem.objects.bulk_create(built)
    for old in replaced:
        old.superseded_by = plan
        old.save(update_fields=["superseded_by"])
    # The reminders app (a hook, so this app never imports it) stops the reminders of
    # every plan no longer in force from today (replaced at once, or withdrawn before
    # it started) and creates the new plan's, in this transaction. A plan still in
    # force until a later start keeps its reminders until its last day.
    ended = [old.pk for old in replaced if old.is_withdrawn or starts_on <= today]
    hooks.plan_prescribed.send(
        patient=patient,
        plan_id=plan.pk,
        starts_on=starts_on,
        ended_plan_ids=ended,
        prescribed_by=prescribed_by,
        reminders=reminders,
    )
    return plan


# --- sessions ------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionResult:
    session: ExerciseSession
    created: bool


def _same(
    session: ExerciseSession, plan_item_id: int, date: datetime.date, values: Mapping[str, Any]
) -> bool:
    return (
        session.plan_item_id == plan_item_id
        and session.date == date
        and all(getattr(session, name) == values.get(name) for name in SESSION_FIELDS)
    )


def _replay(
    existing: ExerciseSession, plan_item_id: int, date: datetime.date, values: Mapping[str, Any]
) -> SessionResult:
    if not _same(existing, plan_item_id, date, values):
        raise Conflict("A different session was already logged with this id.")
    return SessionResult(existing, created=False)


def _check_session(patient: Patient, plan_item_id: int, date: datetime.date) -> PlanItem:
    item = (
        PlanItem.objects.select_related("plan")
        .filter(pk=plan_item_id, plan__patient=patient)
        .first()
    )
    if item is None:
        raise ValidationError({"plan_item": ["This is not an item of your exercise plan."]})
    today = patient_today(patient)
    if date > today:
        raise ValidationError({"date": ["This day has not started yet in your timezone."]})
    if date < today - datetime.timedelta(days=SESSION_LOG_DAYS):
        raise ValidationError(
            {"date": [f"Sessions older than {SESSION_LOG_DAYS} days cannot be logged."]}
        )
    plan = item.plan
    if date < plan.starts_on:
        verb = "starts" if plan.starts_on > today else "started"
        raise ValidationError({"date": [f"This plan {verb} on {plan.starts_on.isoformat()}."]})
    if not plan.in_force_on(date):
        # Only a plan's own days count: a session belongs to the plan in force that day.
        raise ValidationError(
            {"date": [f"This plan ended on {plan.ends_on}; use the plan in force that day."]}
        )
    return item


@transaction.atomic
def session_log(
    *,
    patient: Patient,
    client_id: uuid.UUID,
    plan_item_id: int,
    date: datetime.date,
    values: Mapping[str, Any],
    actor: User,
) -> SessionResult:
    """Log a session once per client UUID: a repeat is harmless, a different body a 409."""
    existing = selectors.session_get(patient=patient, client_id=client_id)
    if existing is not None:
        # Checked before validation so a retry of an old, accepted session still succeeds.
        return _replay(existing, plan_item_id, date, values)
    item = _check_session(patient, plan_item_id, date)
    fields = {name: values.get(name) for name in SESSION_FIELDS}
    try:
        with transaction.atomic():
            session = ExerciseSession.objects.create(
                patient=patient, client_id=client_id, plan_item=item, date=date,
                logged_by=actor, **fields,
            )  # fmt: skip
    except IntegrityError:
        # A concurrent retry inserted the same UUID first: answer as a retry would.
        raced = selectors.session_get(patient=patient, client_id=client_id)
        if raced is None:
            raise
        return _replay(raced, plan_item_id, date, values)
    hooks.session_logged.send(patient=patient)
    return SessionResult(session, created=True)
