"""Goals on diary scores, range of motion and sessions; measured range of motion; milestones.

Every rule a row must keep is a database constraint as well as a check in the
services, so a bug or a race can never store what the API would refuse. The
tables were created by the exercises app and moved here without copying a row
(see migrations/0001_initial.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from diaries.trends import LABELS, MAX_SCORE, MAX_WALKING_DISTANCE_M, SCORES
from goals.progress import MILESTONES
from patients.models import Patient

# A goal on a diary measure is held to the diary's own limits (MAX_SCORE,
# MAX_WALKING_DISTANCE_M): it can never ask for more than the diary can record.
MAX_ROM_DEGREES = 180
MAX_SESSIONS_PER_WEEK_GOAL = 50
# A title is one line: it heads a table row of the visit report and an inbox message.
MAX_GOAL_TITLE_LENGTH = 200
LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


class Movement(models.TextChoices):
    FLEXION = "flexion", "Hip flexion"
    EXTENSION = "extension", "Hip extension"
    ABDUCTION = "abduction", "Hip abduction"
    ADDUCTION = "adduction", "Hip adduction"
    INTERNAL_ROTATION = "internal_rotation", "Hip internal rotation"
    EXTERNAL_ROTATION = "external_rotation", "Hip external rotation"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class RomMeasurement(models.Model):
    """A range-of-motion angle a clinician measured at a visit."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="rom_measurements")
    movement = models.CharField(max_length=24, choices=Movement.choices)
    side = models.CharField(max_length=8, choices=Side.choices)
    degrees = models.PositiveSmallIntegerField()
    measured_on = models.DateField()
    note = models.CharField(max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-measured_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(movement__in=Movement.values), name="rom_movement_valid"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="rom_side_valid"),
            models.CheckConstraint(
                condition=Q(degrees__lte=MAX_ROM_DEGREES), name="rom_degrees_range"
            ),
        ]
        indexes = [
            models.Index(
                fields=["patient", "movement", "side", "-measured_on"],
                name="exercises_r_patient_25ff61_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.movement} {self.side} {self.degrees} degrees on {self.measured_on}"


class GoalMetric(models.TextChoices):
    # The diary's measures, named as the diary names them.
    WALKING_DISTANCE_M = "walking_distance_m", LABELS["walking_distance_m"]
    PAIN_REST = "pain_rest", LABELS["pain_rest"]
    PAIN_ACTIVITY = "pain_activity", LABELS["pain_activity"]
    PAIN_NIGHT = "pain_night", LABELS["pain_night"]
    STIFFNESS = "stiffness", LABELS["stiffness"]
    SLEEP_INTERFERENCE = "sleep_interference", LABELS["sleep_interference"]
    MOOD = "mood", LABELS["mood"]
    ROM_FLEXION = "rom_flexion", "Hip flexion (degrees)"
    ROM_EXTENSION = "rom_extension", "Hip extension (degrees)"
    ROM_ABDUCTION = "rom_abduction", "Hip abduction (degrees)"
    ROM_ADDUCTION = "rom_adduction", "Hip adduction (degrees)"
    ROM_INTERNAL_ROTATION = "rom_internal_rotation", "Hip internal rotation (degrees)"
    ROM_EXTERNAL_ROTATION = "rom_external_rotation", "Hip external rotation (degrees)"
    SESSIONS_PER_WEEK = "sessions_per_week", "Exercise sessions per week"


# Goals can target any diary score.
SCORE_METRICS = SCORES
ROM_METRICS = tuple(value for value in GoalMetric.values if value.startswith("rom_"))
DIARY_METRICS = (*SCORE_METRICS, "walking_distance_m")
METRIC_LIMITS: dict[str, int] = {
    **dict.fromkeys(SCORE_METRICS, MAX_SCORE),
    **dict.fromkeys(ROM_METRICS, MAX_ROM_DEGREES),
    "walking_distance_m": MAX_WALKING_DISTANCE_M,
    "sessions_per_week": MAX_SESSIONS_PER_WEEK_GOAL,
}


def validate_goal_title(value: str) -> None:
    """Refuse a title that is more than one line or holds control characters."""
    if any(mark in value for mark in LINE_BREAKS) or any(
        ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in value
    ):
        raise ValidationError(
            "Give the goal a one-line title without control characters.", code="single_line"
        )


def _goal_values_within_limits() -> Q:
    return Q(
        *(
            Q(metric=metric, baseline__lte=limit, target__lte=limit)
            for metric, limit in METRIC_LIMITS.items()
        ),
        _connector=Q.OR,
    )


class Goal(models.Model):
    """A SMART goal on one metric: from a baseline to a target by a due date."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="goals")
    metric = models.CharField(max_length=32, choices=GoalMetric.choices)
    side = models.CharField(max_length=8, choices=Side.choices, null=True, blank=True)
    title = models.CharField(max_length=MAX_GOAL_TITLE_LENGTH)
    baseline = models.FloatField()
    target = models.FloatField()
    due_date = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    achieved_at = models.DateTimeField(null=True, blank=True)
    # Goals are archived, never deleted: the milestones they reached stay on record.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(metric__in=GoalMetric.values), name="goal_metric_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="goal_title_set"),
            models.CheckConstraint(
                condition=Q(*(~Q(title__contains=c) for c in LINE_BREAKS)),
                name="goal_title_single_line",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("title"), MAX_GOAL_TITLE_LENGTH),
                name="goal_title_length",
            ),
            models.CheckConstraint(
                condition=~Q(baseline=models.F("target")), name="goal_target_differs_from_baseline"
            ),
            models.CheckConstraint(
                condition=Q(baseline__gte=0, target__gte=0) & _goal_values_within_limits(),
                name="goal_values_within_metric_range",
            ),
            models.CheckConstraint(
                condition=Q(metric__in=ROM_METRICS, side__isnull=False, side__in=Side.values)
                | (~Q(metric__in=ROM_METRICS) & Q(side__isnull=True)),
                name="goal_side_iff_rom",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class GoalMilestone(models.Model):
    """A milestone (25, 50, 75 or 100 %) a goal reached; reached once, kept for good."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    percent = models.PositiveSmallIntegerField()
    value = models.FloatField()
    reached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["goal", "percent"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "percent"], name="goal_milestone_once"),
            models.CheckConstraint(
                condition=Q(percent__in=MILESTONES), name="goal_milestone_percent_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent} % of goal {self.goal_id}"
