"""Goals (the care team sets them; readers follow progress) and measured range of motion."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import idempotent
from goals import selectors as goal_selectors
from goals import services as goal_services
from goals.serializers import GoalIn, GoalOut, MeasurementIn, MeasurementOut
from patients.access import CARE_TEAM, SELF_OR_CARE_TEAM, access_patient_for_request
from patients.models import CaregiverScope

MAX_MEASUREMENTS = 500


class GoalListQuery(serializers.Serializer[Any]):
    archived = serializers.ChoiceField(
        choices=["true", "false"], required=False, default="false",
        help_text="true: only archived goals; false (default): only goals not archived.",
    )  # fmt: skip


class GoalListView(APIView):
    """SMART goals with progress computed from the data and the milestones reached."""

    @extend_schema(parameters=[GoalListQuery], responses={200: GoalOut(many=True)})
    def get(self, request: Request, patient: str) -> Response:
        # Goals track diary scores, sessions and measurements: a caregiver needs
        # `diary_scores`, and sees a goal on mood only with `mood` too.
        access = access_patient_for_request(request, patient, scope=CaregiverScope.DIARY_SCORES)
        query = GoalListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        progress = goal_selectors.goal_progress_list(
            patient=access.patient, archived=query.validated_data["archived"] == "true"
        )
        if not access.may(CaregiverScope.MOOD):
            progress = [p for p in progress if p.goal.metric != "mood"]
        return Response(GoalOut(progress, many=True).data)

    @extend_schema(request=GoalIn, responses={201: GoalOut})
    @idempotent
    def post(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        data = GoalIn(data=request.data)
        data.is_valid(raise_exception=True)
        progress = goal_services.goal_create(
            patient=access.patient, created_by=access.user, values=data.validated_data
        )
        return Response(GoalOut(progress).data, status=status.HTTP_201_CREATED)


class MeasurementListView(APIView):
    """Range-of-motion angles the care team measured at visits."""

    @extend_schema(responses={200: MeasurementOut(many=True)})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, scope=CaregiverScope.DIARY_SCORES)
        measurements = goal_selectors.measurement_list(patient=access.patient)[:MAX_MEASUREMENTS]
        return Response(MeasurementOut(measurements, many=True).data)

    @extend_schema(request=MeasurementIn, responses={201: MeasurementOut})
    @idempotent
    def post(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        data = MeasurementIn(data=request.data)
        data.is_valid(raise_exception=True)
        measurement = goal_services.measurement_record(
            patient=access.patient, recorded_by=access.user, **data.validated_data
        )
        return Response(MeasurementOut(measurement).data, status=status.HTTP_201_CREATED)


class GoalArchiveView(APIView):
    """Archive a goal: it leaves the lists (``?archived=true`` shows it) and sends no milestones."""

    @extend_schema(request=None, responses={200: GoalOut})
    def post(self, request: Request, patient: str, goal_id: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_OR_CARE_TEAM)
        goal = goal_selectors.goal_get(patient=access.patient, goal_id=goal_id)
        if goal is None:
            raise NotFound("This patient has no goal with this id.")
        progress = goal_services.goal_archive(goal=goal)
        return Response(GoalOut(progress).data)
