"""The exercise library, plans and their items, and session logs (goals are in ``goals``).

Every rule a row must keep is a database constraint as well as a check in the
services, so a bug or a race can never store what the API would refuse.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from exercises.library_data import AQUATIC_CATEGORIES, LAND_CATEGORIES
from patients.models import Patient, WeightBearing

MAX_PER_WEEK = 14
MAX_SCORE = 10
DEFAULT_PAIN_LIMIT = 5


class Setting(models.TextChoices):
    LAND = "land", "Land"
    AQUATIC = "aquatic", "Aquatic"


class Category(models.TextChoices):
    STRENGTH = "strength", "Strength"
    RANGE_OF_MOTION = "range_of_motion", "Range of motion"
    AEROBIC = "aerobic", "Low-impact aerobic"
    GAIT = "gait", "Gait and movement"
    BALANCE = "balance", "Balance"
    AQUATIC_WALKING = "aquatic_walking", "Water walking"
    AQUATIC_MOBILITY = "aquatic_mobility", "Hip movements in water"
    AQUATIC_BALANCE = "aquatic_balance", "Balance in water"
    AQUATIC_AEROBIC = "aquatic_aerobic", "Aerobic work in water"
    AQUATIC_RESISTANCE = "aquatic_resistance", "Resistance in water"


class WaterDepth(models.TextChoices):
    WAIST = "waist", "Waist-deep"
    CHEST = "chest", "Chest-deep"
    DEEP = "deep", "Deep water"


DOSE_FIELDS = ("sets", "reps", "hold_seconds", "minutes")


def _small(help_text: str = "") -> models.PositiveSmallIntegerField[int | None, int | None]:
    return models.PositiveSmallIntegerField(null=True, blank=True, help_text=help_text)


def _some_dose(prefix: str = "") -> Q:
    return Q(*(Q(**{f"{prefix}{name}__isnull": False}) for name in DOSE_FIELDS), _connector=Q.OR)


def _doses_positive(prefix: str = "") -> Q:
    return Q(
        *(
            Q(**{f"{prefix}{name}__isnull": True}) | Q(**{f"{prefix}{name}__gte": 1})
            for name in DOSE_FIELDS
        )
    )


def _score(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": MAX_SCORE})


class Exercise(models.Model):
    """One exercise of the library: built in (from ``library_data``) or a clinician's own."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    setting = models.CharField(max_length=8, choices=Setting.choices)
    category = models.CharField(max_length=24, choices=Category.choices)
    target_muscles = models.JSONField(default=list)
    instructions = models.TextField()
    cautions = models.TextField()
    min_weight_bearing = models.CharField(max_length=16, choices=WeightBearing.choices)
    water_depth = models.CharField(max_length=8, choices=WaterDepth.choices, null=True, blank=True)
    default_sets = _small()
    default_reps = _small()
    default_hold_seconds = _small()
    default_minutes = _small()
    default_per_week = models.PositiveSmallIntegerField()
    is_builtin = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["setting", "category", "name", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="exercise_name_set"),
            models.CheckConstraint(
                condition=Q(setting=Setting.LAND, category__in=LAND_CATEGORIES)
                | Q(setting=Setting.AQUATIC, category__in=AQUATIC_CATEGORIES),
                name="exercise_category_fits_setting",
            ),
            models.CheckConstraint(
                condition=Q(setting=Setting.LAND, water_depth__isnull=True)
                | Q(
                    setting=Setting.AQUATIC,
                    water_depth__isnull=False,
                    water_depth__in=WaterDepth.values,
                ),
                name="exercise_water_depth_iff_aquatic",
            ),
            models.CheckConstraint(
                condition=Q(min_weight_bearing__in=WeightBearing.values),
                name="exercise_min_weight_bearing_valid",
            ),
            models.CheckConstraint(
                condition=_some_dose("default_"), name="exercise_has_default_dose"
            ),
            models.CheckConstraint(
                condition=_doses_positive("default_"), name="exercise_default_dose_positive"
            ),
            models.CheckConstraint(
                condition=Q(default_per_week__gte=1, default_per_week__lte=MAX_PER_WEEK),
                name="exercise_default_per_week_range",
            ),
            models.CheckConstraint(
                condition=Q(is_builtin=False) | Q(created_by__isnull=True),
                name="exercise_builtin_has_no_author",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ExercisePlan(models.Model):
    """A prescription, in force from ``starts_on`` to ``ends_on`` (open while it is the last).

    A new plan ends the one before it on the day before it starts, so a plan written
    for next Monday is *scheduled* until then and the current one stays in force. A
    plan that a newer prescription replaces before it starts is withdrawn: its
    ``ends_on`` falls before its ``starts_on`` and it is never in force.

    The database holds what it can check portably: one open-ended plan per patient
    and one live plan per (patient, starts_on). That ranges never overlap is kept by
    ``exercises.services.plan_create``, which closes plans under a lock on the
    patient (proving it in SQL would need PostgreSQL's exclusion constraints).
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="exercise_plans")
    title = models.CharField(max_length=120)
    starts_on = models.DateField()
    # The last day in force; None while no later plan has been written.
    ends_on = models.DateField(null=True, blank=True)
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The patient's status when the plan was written, so overrides can be read in context.
    patient_weight_bearing = models.CharField(max_length=16, choices=WeightBearing.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient"],
                condition=Q(ends_on__isnull=True),
                name="exercise_plan_one_open_per_patient",
            ),
            models.UniqueConstraint(
                fields=["patient", "starts_on"],
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="exercise_plan_one_live_start_per_day",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="exercise_plan_title_set"),
            models.CheckConstraint(
                condition=Q(patient_weight_bearing__in=WeightBearing.values),
                name="exercise_plan_weight_bearing_valid",
            ),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True)
                | Q(superseded_at__gte=models.F("created_at")),
                name="exercise_plan_superseded_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} for patient {self.patient_id}"

    @property
    def is_withdrawn(self) -> bool:
        """Tell whether a newer plan replaced this one before it ever started."""
        return self.ends_on is not None and self.ends_on < self.starts_on

    def in_force_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def status_on(self, day: datetime.date) -> str:
        """Return "active" (in force), "scheduled" (starts later) or "superseded" on a day."""
        if self.is_withdrawn:
            return "superseded"
        if day < self.starts_on:
            return "scheduled"
        return "active" if self.in_force_on(day) else "superseded"


class PlanItem(models.Model):
    """One exercise of a plan, with its dose, weekly frequency, effort and pain limit."""

    plan = models.ForeignKey(ExercisePlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    sets = _small()
    reps = _small()
    hold_seconds = _small()
    minutes = _small()
    per_week = models.PositiveSmallIntegerField()
    target_rpe = _small(help_text="Target effort on a plain 0-10 scale")
    pain_limit = models.PositiveSmallIntegerField(default=DEFAULT_PAIN_LIMIT)
    notes = models.TextField(blank=True, default="")
    # Set only when the exercise needs more weight-bearing than the patient had.
    override_reason = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plan_item_position_unique"),
            models.CheckConstraint(condition=_some_dose(), name="plan_item_has_dose"),
            models.CheckConstraint(condition=_doses_positive(), name="plan_item_dose_positive"),
            models.CheckConstraint(
                condition=Q(per_week__gte=1, per_week__lte=MAX_PER_WEEK),
                name="plan_item_per_week_range",
            ),
            models.CheckConstraint(
                condition=_score("target_rpe"), name="plan_item_target_rpe_0_10"
            ),
            models.CheckConstraint(
                condition=Q(pain_limit__lte=MAX_SCORE), name="plan_item_pain_limit_0_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id} in plan {self.plan_id}"


class ExerciseSession(models.Model):
    """One logged session of a plan item, keyed by a UUID the client made."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="exercise_sessions")
    client_id = models.UUIDField()
    plan_item = models.ForeignKey(PlanItem, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField()
    sets_done = _small()
    reps_done = _small()
    minutes = _small()
    rpe = _small(help_text="Effort on a plain 0-10 scale")
    pain_during = _small()
    pain_after = _small()
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            # Per patient: another patient's UUID must never collide (and so never leak).
            models.UniqueConstraint(
                fields=["patient", "client_id"], name="exercise_session_client_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(sets_done__isnull=False)
                | Q(reps_done__isnull=False)
                | Q(minutes__isnull=False),
                name="exercise_session_something_done",
            ),
            models.CheckConstraint(condition=_score("rpe"), name="exercise_session_rpe_0_10"),
            models.CheckConstraint(
                condition=_score("pain_during"), name="exercise_session_pain_during_0_10"
            ),
            models.CheckConstraint(
                condition=_score("pain_after"), name="exercise_session_pain_after_0_10"
            ),
        ]
        indexes = [models.Index(fields=["patient", "date"])]

    def __str__(self) -> str:
        return f"Session {self.client_id} on {self.date}"
