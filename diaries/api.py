"""The diary over HTTP: day entries, ranges, the sync feed, trends (charts and report: clinic)."""

from __future__ import annotations

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.params import date_range, parse_day
from diaries import selectors, services, trends
from diaries.serializers import (
    MAX_RANGE_DAYS,
    DaysIn,
    DiaryChangesOut,
    DiaryEntryIn,
    DiaryEntryOut,
    DiaryRevisionOut,
)
from patients.access import SELF_ONLY, SELF_OR_CARE_TEAM, access_patient_for_request


def _range(
    request: Request, default_days: int, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    return date_range(request, today, default_days=default_days, max_days=MAX_RANGE_DAYS)


class DiaryDayView(APIView):
    """One day's entry: the patient writes it with PUT (idempotent) and may delete it."""

    @extend_schema(responses={200: DiaryEntryOut})
    def get(self, request: Request, patient: str, date: str) -> Response:
        access = access_patient_for_request(request, patient)
        entry = selectors.diary_entry_get(patient=access.patient, date=parse_day(date))
        if entry is None:
            raise NotFound("No diary entry for this day.")
        return Response(DiaryEntryOut(entry).data, headers={"ETag": services.entry_etag(entry)})

    @extend_schema(
        request=DiaryEntryIn,
        responses={200: DiaryEntryOut, 201: DiaryEntryOut},
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
        return Response(
            DiaryEntryOut(result.entry).data,
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
        access = access_patient_for_request(request, patient)
        start, end = _range(request, 30, selectors.patient_today(access.patient))
        entries = selectors.diary_entry_list(patient_id=access.patient.pk, start=start, end=end)
        return Response(DiaryEntryOut(entries, many=True).data)


class DiaryChangesView(APIView):
    """Entries written or deleted since a cursor, for offline sync."""

    @extend_schema(
        parameters=[OpenApiParameter("since", OpenApiTypes.STR, description="Opaque cursor")],
        responses={200: DiaryChangesOut},
    )
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient)
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
        return Response(DiaryChangesOut(body).data)


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
        access = access_patient_for_request(request, patient)
        start, end = DaysIn.range_ending(
            request.query_params, selectors.patient_today(access.patient)
        )
        days = selectors.trend_days(patient=access.patient, start=start, end=end)
        window = selectors.baseline_window(access.patient)
        return Response(trends.build_trends(days, start, end, window))
