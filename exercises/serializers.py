"""Input and output shapes of the library, plans, sessions and adherence.

Goals and measurements are in the goals app.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.fields import BoundedDateField, ClockTimeField, StrictIntegerField
from diaries.selectors import patient_today
from exercises import progression
from exercises.models import (
    MAX_PER_WEEK,
    MAX_SCORE,
    Category,
    Exercise,
    ExercisePlan,
    PlanItem,
    Setting,
    WaterDepth,
)
from patients.models import WeightBearing


def _int(low: int, high: int, **kwargs: Any) -> StrictIntegerField:
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_null", True)
    return StrictIntegerField(min_value=low, max_value=high, **kwargs)


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "integer"}]})
class ExerciseReferenceField(serializers.Field[str, str, str, Any]):
    """An exercise named by its slug (``"glute-bridge"``) or its numeric id."""

    default_error_messages = {"invalid": "Name an exercise by its slug or its id."}

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, int) and not isinstance(data, bool) and 0 < data < 2**62:
            return str(data)
        if isinstance(data, str) and 0 < len(data.strip()) <= 80:
            return data.strip()
        self.fail("invalid")
        raise AssertionError  # unreachable: fail() raises

    def to_representation(self, value: str) -> str:
        return value


# --- the library -------------------------------------------------------------------


class ExerciseFilterIn(serializers.Serializer[Any]):
    setting = serializers.ChoiceField(choices=Setting.choices, required=False)


class ExerciseOut(serializers.ModelSerializer[Exercise]):
    class Meta:
        model = Exercise
        fields = [
            "id", "slug", "name", "setting", "category", "target_muscles", "instructions",
            "cautions", "min_weight_bearing", "water_depth", "default_sets", "default_reps",
            "default_hold_seconds", "default_minutes", "default_per_week", "is_builtin",
        ]  # fmt: skip


class ExerciseIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    setting = serializers.ChoiceField(choices=Setting.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    target_muscles = serializers.ListField(
        child=serializers.CharField(max_length=60), min_length=1, max_length=12
    )
    instructions = serializers.CharField(max_length=4000)
    cautions = serializers.CharField(max_length=2000)
    min_weight_bearing = serializers.ChoiceField(choices=WeightBearing.choices)
    water_depth = serializers.ChoiceField(
        choices=WaterDepth.choices, required=False, allow_null=True, default=None
    )
    default_sets = _int(1, 20, default=None)
    default_reps = _int(1, 100, default=None)
    default_hold_seconds = _int(1, 300, default=None)
    default_minutes = _int(1, 240, default=None)
    default_per_week = StrictIntegerField(min_value=1, max_value=MAX_PER_WEEK)


# --- plans ---------------------------------------------------------------------------


class PlanItemIn(serializers.Serializer[Any]):
    exercise = ExerciseReferenceField(help_text="The exercise's slug (or numeric id).")
    sets = _int(1, 20)
    reps = _int(1, 100)
    hold_seconds = _int(1, 300)
    minutes = _int(1, 240)
    per_week = _int(1, MAX_PER_WEEK, help_text="Sessions a week; default: the exercise's own.")
    target_rpe = _int(
        0, MAX_SCORE, help_text="Target effort on a plain 0-10 scale (0 rest, 10 maximal)."
    )
    pain_limit = StrictIntegerField(min_value=0, max_value=MAX_SCORE, default=5)
    notes = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )


class PlanReminderIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=[("exercise", "Exercises"), ("aquatic", "Aquatic")])
    times = serializers.ListField(child=ClockTimeField(), min_length=1, max_length=6)
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        required=False, min_length=1, max_length=7, default=lambda: list(range(7)),
    )  # fmt: skip
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=["inbox", "push", "email"]),
        required=False, min_length=1, max_length=3, default=lambda: ["inbox", "push"],
    )  # fmt: skip


class PlanIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=120)
    starts_on = BoundedDateField(required=False, help_text="Default: today for the patient.")
    items = serializers.ListField(child=PlanItemIn(), min_length=1, max_length=30)
    override_reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="",
        help_text="Why exercises above the patient's weight-bearing status are prescribed.",
    )  # fmt: skip
    reminders = serializers.ListField(
        child=PlanReminderIn(), required=False, max_length=4, default=list
    )


class ExerciseBriefOut(serializers.ModelSerializer[Exercise]):
    class Meta:
        model = Exercise
        fields = [
            "id", "slug", "name", "setting", "category", "instructions", "cautions",
            "min_weight_bearing", "water_depth",
        ]  # fmt: skip


class AdviceOut(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=progression.DECISIONS, allow_null=True)
    reason = serializers.CharField(allow_null=True, help_text="For clinicians only.")
    evidence = serializers.DictField(allow_null=True, help_text="For clinicians only.")
    patient_message = serializers.CharField()


class PlanItemOut(serializers.ModelSerializer[PlanItem]):
    exercise = ExerciseBriefOut()
    exceeds_weight_bearing = serializers.SerializerMethodField()
    advice = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = [
            "id", "position", "exercise", "sets", "reps", "hold_seconds", "minutes", "per_week",
            "target_rpe", "pain_limit", "notes", "override_reason", "exceeds_weight_bearing",
            "advice",
        ]  # fmt: skip

    def get_exceeds_weight_bearing(self, item: PlanItem) -> bool:
        return item.pk in self.context.get("exceeding", ())

    @extend_schema_field(AdviceOut(allow_null=True, help_text="Only on the active plan."))
    def get_advice(self, item: PlanItem) -> dict[str, Any] | None:
        advice: progression.Advice | None = self.context.get("advice", {}).get(item.pk)
        if advice is None:
            return None
        clinician = bool(self.context.get("clinician"))
        return {
            "decision": advice.decision if clinician else None,
            "reason": advice.reason if clinician else None,
            "evidence": advice.evidence if clinician else None,
            "patient_message": advice.patient_message,
        }


class PlanOut(serializers.ModelSerializer[ExercisePlan]):
    prescribed_by = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    items = PlanItemOut(many=True)

    class Meta:
        model = ExercisePlan
        fields = [
            "id", "title", "starts_on", "ends_on", "status", "prescribed_by",
            "patient_weight_bearing", "created_at", "superseded_at", "items",
        ]  # fmt: skip
        extra_kwargs = {
            "ends_on": {
                "help_text": "The last day in force; null while no later plan is written. "
                "Before starts_on when the plan was withdrawn before it started."
            },
            "superseded_at": {"help_text": "When a later plan was written to replace this one."},
        }

    def get_prescribed_by(self, plan: ExercisePlan) -> str | None:
        return plan.prescribed_by.username if plan.prescribed_by else None

    @extend_schema_field(
        {
            "type": "string",
            "enum": ["active", "scheduled", "superseded"],
            "description": "On the patient's today: active (in force), scheduled (starts "
            "later) or superseded (ended, or withdrawn before it started).",
        }
    )
    def get_status(self, plan: ExercisePlan) -> str:
        today = self.context.get("today") or patient_today(plan.patient)
        return plan.status_on(today)


class PlanInForceOut(PlanOut):
    """The plan in force today, with the plan scheduled to follow it (if any) as ``next``."""

    next = serializers.SerializerMethodField()

    class Meta(PlanOut.Meta):
        fields = [*PlanOut.Meta.fields, "next"]

    @extend_schema_field(PlanOut(allow_null=True, help_text="The plan scheduled to follow."))
    def get_next(self, plan: ExercisePlan) -> dict[str, Any] | None:
        upcoming: ExercisePlan | None = self.context.get("next")
        if upcoming is None:
            return None
        return dict(PlanOut(upcoming, context={**self.context, "advice": {}}).data)


# --- sessions and adherence ------------------------------------------------------------


class SessionIn(serializers.Serializer[Any]):
    plan_item = StrictIntegerField(min_value=1, max_value=2**62)
    date = BoundedDateField()
    sets_done = _int(0, 50)
    reps_done = _int(0, 500)
    minutes = _int(0, 600)
    rpe = _int(0, MAX_SCORE, help_text="Effort on a plain 0-10 scale (0 rest, 10 maximal).")
    pain_during = _int(0, MAX_SCORE)
    pain_after = _int(0, MAX_SCORE)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(name) for name in ("sets_done", "reps_done", "minutes")):
            raise serializers.ValidationError(
                {"non_field_errors": ["Say what was done: sets_done, reps_done or minutes."]}
            )
        return attrs


class SessionOut(serializers.Serializer[Any]):
    client_id = serializers.UUIDField()
    plan_item = serializers.IntegerField(source="plan_item_id")
    date = serializers.DateField()
    sets_done = serializers.IntegerField(allow_null=True)
    reps_done = serializers.IntegerField(allow_null=True)
    minutes = serializers.IntegerField(allow_null=True)
    rpe = serializers.IntegerField(allow_null=True)
    pain_during = serializers.IntegerField(allow_null=True)
    pain_after = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class SessionRowOut(serializers.Serializer[Any]):
    """A logged session (the fields of SessionOut) with its exercise and diary pain around it."""

    client_id = serializers.UUIDField(source="session.client_id")
    plan_item = serializers.IntegerField(source="session.plan_item_id")
    date = serializers.DateField(source="session.date")
    exercise = serializers.CharField(source="session.plan_item.exercise.slug")
    exercise_name = serializers.CharField(source="session.plan_item.exercise.name")
    setting = serializers.CharField(source="session.plan_item.exercise.setting")
    sets_done = serializers.IntegerField(source="session.sets_done", allow_null=True)
    reps_done = serializers.IntegerField(source="session.reps_done", allow_null=True)
    minutes = serializers.IntegerField(source="session.minutes", allow_null=True)
    rpe = serializers.IntegerField(source="session.rpe", allow_null=True)
    pain_during = serializers.IntegerField(source="session.pain_during", allow_null=True)
    pain_after = serializers.IntegerField(source="session.pain_after", allow_null=True)
    pain_before = serializers.IntegerField(
        allow_null=True, help_text="That day's diary pain (at rest, else on activity)."
    )
    pain_next_morning = serializers.IntegerField(
        allow_null=True, help_text="The next day's diary pain, on the same score as pain_before."
    )
    created_at = serializers.DateTimeField(source="session.created_at")


class WeeksIn(serializers.Serializer[Any]):
    weeks = serializers.IntegerField(min_value=1, max_value=52, default=8)


class WeekItemOut(serializers.Serializer[Any]):
    plan_item = serializers.IntegerField(source="item_id")
    prescribed = serializers.IntegerField()
    done = serializers.IntegerField()


class WeekOut(serializers.Serializer[Any]):
    start = serializers.DateField()
    end = serializers.DateField()
    prescribed = serializers.IntegerField()
    done = serializers.IntegerField()
    counted = serializers.IntegerField(help_text="Done, capped per item at what was prescribed.")
    percent = serializers.IntegerField(allow_null=True)
    in_progress = serializers.BooleanField()
    items = WeekItemOut(many=True)


class ItemTotalOut(serializers.Serializer[Any]):
    plan_item = serializers.IntegerField()
    plan = serializers.IntegerField()
    exercise = serializers.CharField()
    exercise_name = serializers.CharField()
    setting = serializers.CharField()
    per_week = serializers.IntegerField()
    prescribed = serializers.IntegerField()
    done = serializers.IntegerField()
    counted = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)


class AdherenceOut(serializers.Serializer[Any]):
    today = serializers.DateField()
    weeks = WeekOut(many=True, source="result.weeks")
    items = serializers.SerializerMethodField()
    prescribed = serializers.IntegerField(source="result.prescribed")
    done = serializers.IntegerField(source="result.done")
    counted = serializers.IntegerField(source="result.counted")
    percent = serializers.IntegerField(source="result.percent", allow_null=True)
    current_streak_weeks = serializers.IntegerField(source="result.current_streak_weeks")

    @extend_schema_field(ItemTotalOut(many=True))
    def get_items(self, report: Any) -> list[dict[str, Any]]:
        rows = []
        for total in report.result.items:
            item = report.items[total.item_id]
            rows.append({
                "plan_item": item.pk, "plan": item.plan_id, "exercise": item.exercise.slug,
                "exercise_name": item.exercise.name, "setting": item.exercise.setting,
                "per_week": item.per_week, "prescribed": total.prescribed, "done": total.done,
                "counted": total.counted, "percent": total.percent,
            })  # fmt: skip
        return rows
