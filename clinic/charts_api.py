"""Trend charts and the visit report over HTTP: they combine the diary with every app above it."""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from clinic.report import visit_report_pdf
from clinic.visuals import CONTENT_TYPES, ChartRequest, chart_bytes, chart_etag
from core.http import if_none_match
from core.params import date_range
from core.renderers import PassthroughRenderer
from diaries.selectors import patient_today
from diaries.serializers import MAX_RANGE_DAYS, DaysIn
from patients.access import CARE_TEAM, access_patient_for_request
from patients.models import CaregiverScope

REPORT_DEFAULT_DAYS = 90


class ChartView(APIView):
    """A matplotlib trend chart as PNG or SVG, cacheable by ETag."""

    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @extend_schema(
        parameters=[DaysIn], responses={(200, "image/png"): OpenApiTypes.BINARY, 304: None}
    )
    def get(self, request: Request, patient: str, kind: str, fmt: str) -> HttpResponse:
        # The charts draw diary scores (never mood): a caregiver needs `diary_scores`.
        access = access_patient_for_request(request, patient, scope=CaregiverScope.DIARY_SCORES)
        start, end = DaysIn.range_ending(request.query_params, patient_today(access.patient))
        chart = ChartRequest(patient=access.patient, kind=kind, fmt=fmt, start=start, end=end)
        etag = chart_etag(chart)
        headers = {"ETag": etag, "Cache-Control": "private, max-age=0, must-revalidate"}
        if if_none_match(request.headers.get("If-None-Match", ""), etag):
            response = HttpResponse(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = HttpResponse(chart_bytes(chart, etag), content_type=CONTENT_TYPES[fmt])
        for name, value in headers.items():
            response[name] = value
        return response


class ReportView(APIView):
    """The clinician's visit report as a PDF (default: the last 90 days)."""

    renderer_classes = (JSONRenderer, PassthroughRenderer)

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, patient: str) -> HttpResponse:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        start, end = date_range(
            request,
            patient_today(access.patient),
            default_days=REPORT_DEFAULT_DAYS,
            max_days=MAX_RANGE_DAYS,
        )
        pdf = visit_report_pdf(access.patient, start, end)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="hipwell-report-{access.patient.pk}-{start}-{end}.pdf"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
