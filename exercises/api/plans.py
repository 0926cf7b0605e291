"""Exercise plans: the care team prescribes; readers see the plan in force and the history."""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import idempotent
from diaries.selectors import patient_today
from exercises import selectors, services
from exercises.models import ExercisePlan
from exercises.serializers import PlanIn, PlanInForceOut, PlanOut
from patients.access import CARE_TEAM, PatientAccess, access_patient_for_request
from patients.models import CaregiverScope


def _plan_context(
    plans: list[ExercisePlan], access: PatientAccess, today: datetime.date
) -> dict[str, Any]:
    exceeding = set().union(
        *(selectors.items_above_weight_bearing(plan=p, patient=access.patient) for p in plans)
    )
    return {"clinician": access.is_clinician, "exceeding": exceeding, "today": today}


class PlanListView(APIView):
    """Every plan of the patient, newest first; the care team prescribes a new one."""

    @extend_schema(responses={200: PlanOut(many=True)})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, scope=CaregiverScope.EXERCISES)
        plans = list(selectors.plan_list(patient=access.patient))
        context = _plan_context(plans, access, patient_today(access.patient))
        return Response(PlanOut(plans, many=True, context=context).data)

    @extend_schema(request=PlanIn, responses={201: PlanOut})
    @idempotent
    def post(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        data = PlanIn(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.plan_create(
            patient=access.patient, prescribed_by=access.user, **data.validated_data
        )
        plan = selectors.plan_list(patient=access.patient).get(pk=created.pk)
        context = _plan_context([plan], access, patient_today(access.patient))
        return Response(PlanOut(plan, context=context).data, status=status.HTTP_201_CREATED)


class ActivePlanView(APIView):
    """The plan in force today with progression advice per item, and the one scheduled next.

    Clinicians see the decision, the reason and the evidence; patients and
    caregivers see only the gentle guidance for the patient. A plan written to
    start later is ``next`` until its first day. With no plan in force the answer
    is a 404 whose body still carries ``next``.
    """

    @extend_schema(responses={200: PlanInForceOut})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, scope=CaregiverScope.EXERCISES)
        today = patient_today(access.patient)
        plan = selectors.plan_in_force_get(patient=access.patient, day=today)
        upcoming = selectors.plan_next_get(patient=access.patient, day=today)
        shown = [p for p in (plan, upcoming) if p is not None]
        context = {**_plan_context(shown, access, today), "next": upcoming}
        if plan is None:
            next_body = None if upcoming is None else PlanOut(upcoming, context=context).data
            return Response(
                {"detail": "There is no active exercise plan.", "next": next_body},
                status=status.HTTP_404_NOT_FOUND,
            )
        context["advice"] = selectors.plan_advice(plan=plan, patient=access.patient, today=today)
        return Response(PlanInForceOut(plan, context=context).data)
