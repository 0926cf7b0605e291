"""Input and output shapes of goals and range-of-motion measurements."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import BoundedDateField, StrictFloatField, StrictIntegerField
from goals.models import (
    MAX_GOAL_TITLE_LENGTH,
    MAX_ROM_DEGREES,
    GoalMetric,
    Movement,
    RomMeasurement,
    Side,
    validate_goal_title,
)
from goals.progress import MILESTONES


class GoalIn(serializers.Serializer[Any]):
    metric = serializers.ChoiceField(
        choices=GoalMetric.choices,
        help_text="A diary score or walking distance, a range-of-motion angle (rom_*), "
        "or sessions_per_week.",
    )
    side = serializers.ChoiceField(
        choices=Side.choices, required=False, allow_null=True,
        help_text="Range-of-motion goals only; default: the affected side.",
    )  # fmt: skip
    title = serializers.CharField(
        max_length=MAX_GOAL_TITLE_LENGTH, required=False, allow_blank=True,
        validators=[validate_goal_title],
        help_text="One line; default: made from the metric, values and due date.",
    )  # fmt: skip
    baseline = StrictFloatField(
        min_value=0, required=False, allow_null=True,
        help_text="Default: the current value from the patient's data.",
    )  # fmt: skip
    target = StrictFloatField(min_value=0)
    due_date = serializers.DateField()


class GoalOut(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="goal.pk")
    metric = serializers.ChoiceField(source="goal.metric", choices=GoalMetric.choices)
    metric_label = serializers.CharField(source="goal.get_metric_display")
    side = serializers.CharField(source="goal.side", allow_null=True)
    title = serializers.CharField(source="goal.title")
    baseline = serializers.FloatField(source="goal.baseline")
    target = serializers.FloatField(source="goal.target")
    due_date = serializers.DateField(source="goal.due_date")
    created_at = serializers.DateTimeField(source="goal.created_at")
    achieved_at = serializers.DateTimeField(source="goal.achieved_at", allow_null=True)
    archived = serializers.SerializerMethodField()
    archived_at = serializers.DateTimeField(source="goal.archived_at", allow_null=True)
    direction = serializers.SerializerMethodField()
    current = serializers.FloatField(
        allow_null=True, help_text="Null when there is no recent data."
    )
    progress_percent = serializers.IntegerField(source="percent", allow_null=True)
    milestones = serializers.ListField(
        child=serializers.IntegerField(), help_text=f"Reached, of {list(MILESTONES)}."
    )
    status = serializers.ChoiceField(choices=["active", "achieved", "overdue"])

    def get_archived(self, progress: Any) -> bool:
        return progress.goal.archived_at is not None

    @extend_schema_field({"type": "string", "enum": ["increase", "decrease"]})
    def get_direction(self, progress: Any) -> str:
        return "increase" if progress.goal.target > progress.goal.baseline else "decrease"


class MeasurementIn(serializers.Serializer[Any]):
    movement = serializers.ChoiceField(choices=Movement.choices)
    side = serializers.ChoiceField(
        choices=Side.choices, required=False, allow_null=True,
        help_text="Default: the affected side.",
    )  # fmt: skip
    degrees = StrictIntegerField(min_value=0, max_value=MAX_ROM_DEGREES)
    measured_on = BoundedDateField(required=False, help_text="Default: today.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MeasurementOut(serializers.ModelSerializer[RomMeasurement]):
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = RomMeasurement
        fields = ["id", "movement", "side", "degrees", "measured_on", "note", "recorded_by",
                  "created_at"]  # fmt: skip

    def get_recorded_by(self, measurement: RomMeasurement) -> str | None:
        return measurement.recorded_by.username if measurement.recorded_by else None
