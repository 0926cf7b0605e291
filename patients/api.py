"""Patients, care teams and caregivers over HTTP. Views stay thin."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import idempotent
from patients import accounts, contact, selectors, services
from patients.access import (
    CARE_TEAM,
    SELF_ONLY,
    SELF_OR_CARE_TEAM,
    Relation,
    access_patient,
    access_patient_for_request,
    request_user,
)
from patients.models import Role
from patients.serializers import (
    CaregiverInvitedOut,
    CaregiverInviteIn,
    CaregiverOut,
    CaregiverUpdateIn,
    CareTeamAddIn,
    CareTeamContactIn,
    CareTeamContactOut,
    CareTeamMemberOut,
    InviteOut,
    PatientCreatedOut,
    PatientCreateIn,
    PatientOut,
    PatientUpdateIn,
    ResetCodeOut,
)


def _with_invite(patient_data: dict[str, Any], issued: services.IssuedInvite) -> dict[str, Any]:
    return {
        **patient_data,
        "invite_code": issued.code,
        "invite_expires_at": InviteOut()
        .fields["invite_expires_at"]
        .to_representation(issued.invite.expires_at),
    }


class PatientListView(APIView):
    """List the patients the caller may see; clinicians enrol new ones."""

    @extend_schema(responses={200: PatientOut(many=True)})
    def get(self, request: Request) -> Response:
        patients = selectors.patient_list(user=request_user(request))
        return Response(PatientOut(patients, many=True).data)

    @extend_schema(request=PatientCreateIn, responses={201: PatientCreatedOut})
    @idempotent
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if not user.is_clinician:
            raise PermissionDenied("Only clinicians can enrol patients.")
        data = PatientCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        patient, issued = services.patient_enrol(clinician=user, **data.to_profile())
        body = _with_invite(dict(PatientOut(patient).data), issued)
        return Response(body, status=status.HTTP_201_CREATED)


class PatientDetailView(APIView):
    """Read or update one patient's profile."""

    @extend_schema(responses={200: PatientOut})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient)
        return Response(PatientOut(access.patient).data)

    @extend_schema(request=PatientUpdateIn, responses={200: PatientOut})
    def patch(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_OR_CARE_TEAM)
        data = PatientUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        allowed = (
            services.CLINICIAN_EDITABLE_FIELDS
            if access.relation is Relation.CLINICIAN
            else services.PATIENT_EDITABLE_FIELDS
        )
        updated = services.patient_update(
            patient=access.patient, changes=data.to_profile(), allowed=allowed
        )
        return Response(PatientOut(updated).data)


class PatientInviteView(APIView):
    """Issue a fresh enrolment code for a patient who has not activated yet."""

    @extend_schema(request=None, responses={201: InviteOut})
    @idempotent
    def post(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        issued = services.patient_invite_reissue(patient=access.patient, clinician=access.user)
        body = {"invite_code": issued.code, "invite_expires_at": issued.invite.expires_at}
        return Response(InviteOut(body).data, status=status.HTTP_201_CREATED)


class PasswordResetCodeView(APIView):
    """Give a patient who forgot their password a single-use code to set a new one."""

    @extend_schema(request=None, responses={201: ResetCodeOut})
    @idempotent
    def post(self, request: Request, patient: str) -> Response:
        user = request_user(request)
        if user.role == Role.ADMIN:
            # Operators have no relation to any patient but may help one back in.
            target = selectors.patient_get_for_operator(reference=patient)
            if target is None:
                raise NotFound
        else:
            target = access_patient(user, patient, allow=CARE_TEAM).patient
        try:
            issued = accounts.password_reset_code_issue(patient=target, issued_by=user)
        except accounts.NoAccountYet:
            raise NotFound(
                "This patient has no account yet; issue a new invite code instead."
            ) from None
        body = {"code": issued.code, "expires_at": issued.expires_at, "reset_url": issued.url}
        return Response(ResetCodeOut(body).data, status=status.HTTP_201_CREATED)


class CareTeamView(APIView):
    """A patient's care team; its clinicians may add colleagues."""

    @extend_schema(responses={200: CareTeamMemberOut(many=True)})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient)
        members = selectors.care_team_list(patient=access.patient)
        return Response(CareTeamMemberOut(members, many=True).data)

    @extend_schema(
        request=CareTeamAddIn, responses={201: CareTeamMemberOut, 200: CareTeamMemberOut}
    )
    def post(self, request: Request, patient: str) -> Response:
        """Add a clinician: 201 with the new membership, 200 if they are already on the team."""
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        data = CareTeamAddIn(data=request.data)
        data.is_valid(raise_exception=True)
        membership, created = services.care_team_add(
            patient=access.patient,
            clinician_username=data.validated_data["clinician"],
            added_by=access.user,
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(CareTeamMemberOut(membership).data, status=code)


class CareTeamMemberView(APIView):
    """End one clinician's assignment: the patient, an operator, or the clinician leaving."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, patient: str, member: str) -> Response:
        user = request_user(request)
        if user.role == Role.ADMIN:
            # Operators have no relation to any patient but may fix a care team.
            target = selectors.patient_get_for_operator(reference=patient)
        else:
            target = access_patient(user, patient, allow=SELF_OR_CARE_TEAM).patient
        if target is None:
            raise NotFound
        membership = selectors.care_team_member_get(patient=target, membership_id=member)
        if membership is None:
            raise NotFound
        services.care_team_end(membership=membership, ended_by=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaregiverListView(APIView):
    """The patient's caregivers; the patient invites new ones."""

    @extend_schema(responses={200: CaregiverOut(many=True)})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_OR_CARE_TEAM)
        return Response(
            CaregiverOut(selectors.caregiver_list(patient=access.patient), many=True).data
        )

    @extend_schema(request=CaregiverInviteIn, responses={201: CaregiverInvitedOut})
    @idempotent
    def post(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_ONLY)
        data = CaregiverInviteIn(data=request.data)
        data.is_valid(raise_exception=True)
        link, code = services.caregiver_invite(
            patient=access.patient,
            name=data.validated_data["name"],
            invited_by=access.user,
            scopes=data.validated_data["scopes"],
            receives_guidance=data.validated_data["receives_guidance"],
        )
        body = {**CaregiverOut(link).data, "invite_code": code}
        return Response(body, status=status.HTTP_201_CREATED)


class CaregiverDetailView(APIView):
    """The patient chooses what a caregiver sees, or revokes their access."""

    @extend_schema(request=CaregiverUpdateIn, responses={200: CaregiverOut})
    def patch(self, request: Request, patient: str, caregiver: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_ONLY)
        link = selectors.caregiver_get(patient=access.patient, link_id=caregiver)
        if link is None:
            raise NotFound
        data = CaregiverUpdateIn(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.caregiver_update(link=link, **data.validated_data)
        return Response(CaregiverOut(updated).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, patient: str, caregiver: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_ONLY)
        link = selectors.caregiver_get(patient=access.patient, link_id=caregiver)
        if link is None:
            raise NotFound
        services.caregiver_revoke(link=link)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _contact_body(details: selectors.CareTeamContactDetails, *, for_team: bool) -> dict[str, Any]:
    body: dict[str, Any] = {
        "phone": details.phone or "",
        "opening_hours": details.opening_hours or "",
        "response_times": {
            severity: details.response_time(severity) or ""
            for severity in contact.RESPONSE_SEVERITIES
        },
        "out_of_hours": details.out_of_hours or "",
        "configured": details.configured,
        "updated_at": details.updated_at,
        "updated_by": details.updated_by,
    }
    if for_team:
        # The escalation address is the team's own route (a clinic lead, on-call), not
        # one for patients to write to.
        body["escalation_email"] = details.escalation_email or ""
    return CareTeamContactOut(body).data


class CareTeamContactView(APIView):
    """How to reach the patient's care team; its clinicians set it, everyone related reads it."""

    @extend_schema(responses={200: CareTeamContactOut})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient)
        details = selectors.care_team_contact(patient_id=access.patient.pk)
        return Response(_contact_body(details, for_team=access.is_clinician))

    @extend_schema(request=CareTeamContactIn, responses={200: CareTeamContactOut})
    def put(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        data = CareTeamContactIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.care_team_contact_replace(
            patient=access.patient, values=data.to_values(), updated_by=access.user
        )
        details = selectors.care_team_contact(patient_id=access.patient.pk)
        return Response(_contact_body(details, for_team=True))
