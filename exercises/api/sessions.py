"""Session logs (idempotent PUT by client UUID), the session list and adherence."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from diaries.selectors import patient_today
from exercises import selectors, services
from exercises.api.common import date_range, parse_client_id
from exercises.serializers import AdherenceOut, SessionIn, SessionOut, SessionRowOut, WeeksIn
from patients.access import SELF_ONLY, access_patient_for_request
from patients.models import CaregiverScope

# Diary pain shown next to a session is a diary score: a caregiver sees it with `diary_scores`.
ROW_FIELD_SCOPES = {
    "pain_before": CaregiverScope.DIARY_SCORES,
    "pain_next_morning": CaregiverScope.DIARY_SCORES,
}


class SessionView(APIView):
    """Log one session, keyed by a UUID the client made: retries are safe."""

    @extend_schema(
        request=SessionIn,
        responses={200: SessionOut, 201: SessionOut, 409: None},
        description="201 when new; 200 with the same body when the same session is sent "
        "again; 409 when the UUID was already used for a different session.",
    )
    def put(self, request: Request, patient: str, client_id: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_ONLY)
        key = parse_client_id(client_id)
        data = SessionIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        result = services.session_log(
            patient=access.patient, client_id=key, plan_item_id=values.pop("plan_item"),
            date=values.pop("date"), values=values, actor=access.user,
        )  # fmt: skip
        return Response(
            SessionOut(result.session).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


class SessionListView(APIView):
    """Sessions of a date range (default: the last 30 days), with diary pain around them."""

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE),
            OpenApiParameter("to", OpenApiTypes.DATE),
        ],
        responses={200: SessionRowOut(many=True)},
    )
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, scope=CaregiverScope.EXERCISES)
        start, end = date_range(request, patient_today(access.patient))
        rows = selectors.session_list(patient=access.patient, start=start, end=end)
        data = SessionRowOut(rows, many=True).data
        return Response([access.redact(row, ROW_FIELD_SCOPES) for row in data])


class AdherenceView(APIView):
    """Sessions done against prescribed, per week (Monday start, patient's timezone) and item."""

    @extend_schema(parameters=[WeeksIn], responses={200: AdherenceOut})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, scope=CaregiverScope.EXERCISES)
        query = WeeksIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = selectors.adherence_get(
            patient=access.patient, weeks=query.validated_data["weeks"]
        )
        return Response(AdherenceOut(report).data)
