"""Exercise plans: the care team prescribes; readers see the active plan and the history."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from exercises import selectors, services
from exercises.models import ExercisePlan
from exercises.serializers import PlanIn, PlanOut
from patients.access import CARE_TEAM, PatientAccess, access_patient_for_request


def _plan_body(plan: ExercisePlan, access: PatientAccess, *, advice: bool) -> dict[str, Any]:
    context: dict[str, Any] = {
        "clinician": access.is_clinician,
        "exceeding": selectors.items_above_weight_bearing(plan=plan, patient=access.patient),
        "advice": selectors.plan_advice(plan=plan, patient=access.patient) if advice else {},
    }
    return dict(PlanOut(plan, context=context).data)


class PlanListView(APIView):
    """Every plan of the patient, newest first; the care team prescribes a new one."""

    @extend_schema(responses={200: PlanOut(many=True)})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient)
        plans = list(selectors.plan_list(patient=access.patient))
        exceeding = set().union(
            *(selectors.items_above_weight_bearing(plan=p, patient=access.patient) for p in plans)
        )
        context = {"clinician": access.is_clinician, "exceeding": exceeding}
        return Response(PlanOut(plans, many=True, context=context).data)

    @extend_schema(request=PlanIn, responses={201: PlanOut})
    def post(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        data = PlanIn(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.plan_create(
            patient=access.patient, prescribed_by=access.user, **data.validated_data
        )
        plan = selectors.plan_list(patient=access.patient).get(pk=created.pk)
        return Response(_plan_body(plan, access, advice=False), status=status.HTTP_201_CREATED)


class ActivePlanView(APIView):
    """The active plan with progression advice per item.

    Clinicians see the decision, the reason and the evidence; patients and
    caregivers see only the gentle guidance for the patient.
    """

    @extend_schema(responses={200: PlanOut})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient)
        plan = selectors.plan_active_get(patient=access.patient)
        if plan is None:
            raise NotFound("There is no active exercise plan.")
        return Response(_plan_body(plan, access, advice=True))
