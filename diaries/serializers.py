"""Input and output shapes of the diary API."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

from core.fields import StrictBooleanField, StrictIntegerField
from diaries.models import (
    FALL_FOLLOW_UP_FIELDS,
    MAX_NOTE_LENGTH,
    NULLABLE_REPORT_FIELDS,
    SCORE_FIELDS,
    DiaryEntry,
    DiaryRevision,
    Limp,
)
from diaries.trends import MAX_SCORE, MAX_WALKING_DISTANCE_M
from patients.models import WalkingAid


def _strict_score() -> StrictIntegerField:
    return StrictIntegerField(min_value=0, max_value=MAX_SCORE, required=False, allow_null=True)


class DiaryEntryIn(serializers.Serializer[Any]):
    pain_rest = _strict_score()
    pain_activity = _strict_score()
    pain_night = _strict_score()
    stiffness = _strict_score()
    sleep_interference = _strict_score()
    mood = _strict_score()
    walking_distance_m = StrictIntegerField(
        min_value=0, max_value=MAX_WALKING_DISTANCE_M, required=False, allow_null=True
    )
    limp = serializers.ChoiceField(choices=Limp.choices, required=False, allow_null=True)
    instability = StrictBooleanField(required=False)
    fall = StrictBooleanField(required=False)
    fall_injured = StrictBooleanField(required=False, allow_null=True)
    fall_hit_head = StrictBooleanField(required=False, allow_null=True)
    fall_can_bear_weight = StrictBooleanField(required=False, allow_null=True)
    walking_aid = serializers.ChoiceField(
        choices=WalkingAid.choices, required=False, allow_null=True
    )
    weight_bearing_followed = StrictBooleanField(required=False, allow_null=True)
    pain_medication_doses = StrictIntegerField(
        min_value=0, max_value=20, required=False, allow_null=True
    )
    note = serializers.CharField(
        max_length=MAX_NOTE_LENGTH, required=False, allow_blank=True, trim_whitespace=False
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "\x00" in attrs.get("note", ""):
            raise serializers.ValidationError({"note": ["The note contains a null character."]})
        reported = (
            any(attrs.get(name) is not None for name in (*SCORE_FIELDS, *NULLABLE_REPORT_FIELDS))
            or attrs.get("fall") is True
            or attrs.get("instability") is True
            or attrs.get("note", "").strip() != ""
        )
        if not reported:
            raise serializers.ValidationError(
                {
                    "non_field_errors": [
                        "Give at least one field: a score, a measure, a fall, giving way "
                        "(instability) or a note."
                    ]
                }
            )
        if attrs.get("fall") is not True:
            answered = [name for name in FALL_FOLLOW_UP_FIELDS if attrs.get(name) is not None]
            if answered:
                raise serializers.ValidationError(
                    {name: ["Only answer this with fall: true."] for name in answered}
                )
        return attrs


class DiaryEntryOut(serializers.ModelSerializer[DiaryEntry]):
    class Meta:
        model = DiaryEntry
        fields = [
            "date", *SCORE_FIELDS, "walking_distance_m", "limp", "instability", "fall",
            *FALL_FOLLOW_UP_FIELDS, "walking_aid", "weight_bearing_followed", "pain_medication_doses", "note",
            "version", "created_at", "updated_at",
        ]  # fmt: skip


class DiaryChangesOut(serializers.Serializer[Any]):
    entries = DiaryEntryOut(many=True)
    deleted = serializers.ListField(child=serializers.DateField())
    next_cursor = serializers.CharField()
    has_more = serializers.BooleanField()


class DiaryRevisionOut(serializers.ModelSerializer[DiaryRevision]):
    changed_by = serializers.SerializerMethodField()

    class Meta:
        model = DiaryRevision
        fields = ["id", "date", "action", "changed_by", "changed_at", "old_values", "new_values"]

    def get_changed_by(self, revision: DiaryRevision) -> str | None:
        return revision.changed_by.username if revision.changed_by else None


# The longest from/to range the diary's lists, trends, charts and report accept.
MAX_RANGE_DAYS = 731


class DaysIn(serializers.Serializer[Any]):
    days = serializers.IntegerField(min_value=1, max_value=730, default=90)

    @classmethod
    def range_ending(
        cls, query_params: Mapping[str, Any], today: datetime.date
    ) -> tuple[datetime.date, datetime.date]:
        """Return the last `days` days up to today (a 400 when `days` is not valid)."""
        data = cls(data=query_params)
        data.is_valid(raise_exception=True)
        days: int = data.validated_data["days"]
        return today - datetime.timedelta(days=days - 1), today
