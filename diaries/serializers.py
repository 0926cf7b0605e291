"""Input and output shapes of the diary API."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

from core.fields import StrictBooleanField, StrictIntegerField
from diaries.models import MAX_NOTE_LENGTH, SCORE_FIELDS, DiaryEntry, DiaryRevision, Limp
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
        if all(attrs.get(name) is None for name in SCORE_FIELDS):
            raise serializers.ValidationError(
                {"non_field_errors": [f"Give at least one score: {', '.join(SCORE_FIELDS)}."]}
            )
        if "\x00" in attrs.get("note", ""):
            raise serializers.ValidationError({"note": ["The note contains a null character."]})
        return attrs


class DiaryEntryOut(serializers.ModelSerializer[DiaryEntry]):
    class Meta:
        model = DiaryEntry
        fields = [
            "date", *SCORE_FIELDS, "walking_distance_m", "limp", "instability", "fall",
            "walking_aid", "weight_bearing_followed", "pain_medication_doses", "note",
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
