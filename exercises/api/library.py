"""The exercise library: anyone signed in reads it; clinicians add their own exercises."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import idempotent
from exercises import selectors, services
from exercises.serializers import ExerciseFilterIn, ExerciseIn, ExerciseOut
from patients.access import request_user


class ExerciseListView(APIView):
    """The built-in library (land and aquatic), plus a clinician's own exercises."""

    @extend_schema(parameters=[ExerciseFilterIn], responses={200: ExerciseOut(many=True)})
    def get(self, request: Request) -> Response:
        user = request_user(request)
        filters = ExerciseFilterIn(data=request.query_params)
        filters.is_valid(raise_exception=True)
        exercises = selectors.exercise_list(
            user=user, setting=filters.validated_data.get("setting")
        )
        return Response(ExerciseOut(exercises, many=True).data)

    @extend_schema(request=ExerciseIn, responses={201: ExerciseOut})
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if not user.is_clinician:
            raise PermissionDenied("Only clinicians can add exercises to the library.")
        data = ExerciseIn(data=request.data)
        data.is_valid(raise_exception=True)
        exercise = services.exercise_create(clinician=user, values=data.validated_data)
        return Response(ExerciseOut(exercise).data, status=status.HTTP_201_CREATED)
