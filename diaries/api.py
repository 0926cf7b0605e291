"""The diary over HTTP: day entries, ranges, the sync feed, trends (charts and report: clinic)."""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.params import date_range, parse_day
from diaries import hooks, selectors, services, trends
from diaries.serializers import (
    MAX_RANGE_DAYS,
    DaysIn,
    DiaryChangesOut,
    DiaryEntryIn,
    DiaryEntryOut,
    DiaryRevisionOut,
)
from patients.access import (
    SELF_ONLY,
    SELF_OR_CARE_TEAM,
    PatientAccess,
    access_patient_for_request,
)
from patients.models import CaregiverScope

# A caregiver reads the diary with any of these scopes, and each field only with its own:
# the note with `notes`, mood with `mood`, every other measure with `diary_scores`.
DIARY_SCOPES = frozenset({CaregiverScope.DIARY_SCORES, CaregiverScope.NOTES, CaregiverScope.MOOD})
_ENTRY_META = frozenset({"date", "version", "created_at", "updated_at"})
_SPECIAL = {"note": CaregiverScope.NOTES, "mood": CaregiverScope.MOOD}
ENTRY_FIELD_SCOPES: dict[str, str] = {
    name: _SPECIAL.get(name, CaregiverScope.DIARY_SCORES)
    for name in DiaryEntryOut.Meta.fields
    if name not in _ENTRY_META
}


def _entries_for(access: PatientAccess, rows: Any) -> list[dict[str, Any]]:
    return [access.redact(row, ENTRY_FIELD_SCOPES) for row in rows]


def _range(
    request: Request, default_days: int, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    return date_range(request, today, default_days=default_days, max_days=MAX_RANGE_DAYS)


class GuidanceContactOut(serializers.Serializer[Any]):
    """The care team's contact details that matter at a severity; only those configured."""

    phone = serializers.CharField(required=False)
    opening_hours = serializers.CharField(required=False)
    response_time = serializers.CharField(required=False)
    out_of_hours = serializers.CharField(required=False)


class GuidanceOut(serializers.Serializer[Any]):
    rule = serializers.CharField()
    severity = serializers.ChoiceField(choices=["urgent", "high", "moderate"])
    title = serializers.CharField()
    advice = serializers.CharField()
    contact = GuidanceContactOut()


class DiaryEntryWrittenOut(DiaryEntryOut):
    """A written day, with what the patient is told about it at once (most severe first)."""

    guidance = GuidanceOut(many=True, read_only=True)

    class Meta(DiaryEntryOut.Meta):
        fields = [*DiaryEntryOut.Meta.fields, "guidance"]


class DiaryDayView(APIView):
    """One day's entry: the patient writes it with PUT (idempotent) and may delete it."""

    @extend_schema(responses={200: DiaryEntryOut})
    def get(self, request: Request, patient: str, date: str) -> Response:
        access = access_patient_for_request(request, patient, scope=DIARY_SCOPES)
        entry = selectors.diary_entry_get(patient=access.patient, date=parse_day(date))
        if entry is None:
            raise NotFound("No diary entry for this day.")
        body = access.redact(DiaryEntryOut(entry).data, ENTRY_FIELD_SCOPES)
        return Response(body, headers={"ETag": services.entry_etag(entry)})

    @extend_schema(
        request=DiaryEntryIn,
        responses={200: DiaryEntryWrittenOut, 201: DiaryEntryWrittenOut},
        parameters=[OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER)],
    )
    def put(self, request: Request, patient: str, date: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_ONLY)
        day = parse_day(date)
        data = DiaryEntryIn(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.diary_entry_upsert(
            patient=access.patient, date=day, values=data.validated_data, actor=access.user,
            if_match=request.headers.get("If-Match"),
        )  # fmt: skip
        # What the patient is told, at once: the same rules the worker runs, on the stored
        # day (an identical repeat answers the same). The alert is still the worker's.
        guidance = hooks.guidance_for.ask(patient=access.patient, date=day)
        return Response(
            {**DiaryEntryOut(result.entry).data, "guidance": guidance},
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
            headers={"ETag": services.entry_etag(result.entry)},
        )

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, patient: str, date: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_ONLY)
        deleted = services.diary_entry_delete(
            patient=access.patient, date=parse_day(date), actor=access.user,
            if_match=request.headers.get("If-Match"),
        )  # fmt: skip
        if not deleted:
            raise NotFound("No diary entry for this day.")
        return Response(status=status.HTTP_204_NO_CONTENT)


class DiaryListView(APIView):
    """Entries of a date range, in date order (default: the last 30 days)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses={200: DiaryEntryOut(many=True)},
    )
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, scope=DIARY_SCOPES)
        start, end = _range(request, 30, selectors.patient_today(access.patient))
        entries = selectors.diary_entry_list(patient_id=access.patient.pk, start=start, end=end)
        return Response(_entries_for(access, DiaryEntryOut(entries, many=True).data))


class DiaryChangesView(APIView):
    """Entries written or deleted since a cursor, for offline sync."""

    @extend_schema(
        parameters=[OpenApiParameter("since", OpenApiTypes.STR, description="Opaque cursor")],
        responses={200: DiaryChangesOut},
    )
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, scope=DIARY_SCOPES)
        try:
            since = selectors.decode_cursor(request.query_params.get("since", ""))
            page = selectors.diary_changes(patient=access.patient, since=since)
        except ValueError as exc:
            raise ValidationError({"since": [str(exc)]}) from None
        body = {
            "entries": page.upserts,
            "deleted": page.deleted_dates,
            "next_cursor": page.next_cursor,
            "has_more": page.has_more,
        }
        data = dict(DiaryChangesOut(body).data)
        data["entries"] = _entries_for(access, data["entries"])
        return Response(data)


class DiaryRevisionsView(APIView):
    """Every change to a day's entry: who, when, and the values before."""

    @extend_schema(responses={200: DiaryRevisionOut(many=True)})
    def get(self, request: Request, patient: str, date: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_OR_CARE_TEAM)
        revisions = selectors.diary_revision_list(patient=access.patient, date=parse_day(date))
        return Response(DiaryRevisionOut(revisions, many=True).data)


class TrendsView(APIView):
    """Per-day series, 7-day rolling means, baseline and change against it."""

    @extend_schema(parameters=[DaysIn], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, scope=CaregiverScope.DIARY_SCORES)
        start, end = DaysIn.range_ending(
            request.query_params, selectors.patient_today(access.patient)
        )
        days = selectors.trend_days(patient=access.patient, start=start, end=end)
        window = selectors.baseline_window(access.patient)
        built = trends.build_trends(days, start, end, window)
        if not access.may(CaregiverScope.MOOD):
            built = _without_mood(built)
        return Response(built)


def _without_mood(built: dict[str, Any]) -> dict[str, Any]:
    """The trends without the mood score, for a caregiver the patient did not share it with."""
    baseline = dict(built["baseline"])
    baseline["values"] = {k: v for k, v in baseline["values"].items() if k != "mood"}
    return {
        **built,
        "baseline": baseline,
        "series": {k: v for k, v in built["series"].items() if k != "mood"},
        "change": {k: v for k, v in built["change"].items() if k != "mood"},
    }
