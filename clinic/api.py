"""The clinician's caseload over HTTP."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clinic.caseload import CaseloadRow
from clinic.selectors import caseload
from patients.access import request_user


class CaseloadRowOut(serializers.Serializer[Any]):
    patient = serializers.SerializerMethodField()
    last_entry_date = serializers.DateField(allow_null=True)
    days_since_entry = serializers.IntegerField(allow_null=True)
    means_7d = serializers.DictField(child=serializers.FloatField(allow_null=True))
    change = serializers.DictField(child=serializers.DictField())
    adherence = serializers.IntegerField(source="adherence_percent", allow_null=True)
    open_alerts = serializers.IntegerField()
    worst_open_severity = serializers.CharField(allow_null=True)

    def get_patient(self, row: CaseloadRow) -> dict[str, Any]:
        return {"id": row.patient_id, "display_name": row.display_name}


class CaseloadView(APIView):
    """One row a patient of the caller's caseload, most urgent first."""

    @extend_schema(responses={200: CaseloadRowOut(many=True)})
    def get(self, request: Request) -> Response:
        user = request_user(request)
        if not user.is_clinician:
            raise PermissionDenied("The caseload is for clinicians.")
        return Response(CaseloadRowOut(caseload(user=user), many=True).data)
