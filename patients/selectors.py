"""Reads of patients, care teams and caregivers, scoped to the caller."""

from __future__ import annotations

from django.db.models import QuerySet

from core.validators import parse_object_id
from patients.access import patients_visible_to
from patients.models import CaregiverLink, CareTeamMembership, Patient, User


def patient_list(*, user: User) -> QuerySet[Patient]:
    """Return the patients the user may see, by name."""
    return patients_visible_to(user).order_by("display_name", "id")


def care_team_list(*, patient: Patient) -> QuerySet[CareTeamMembership]:
    """Return a patient's care team, active members first, with history."""
    return (
        CareTeamMembership.objects.filter(patient=patient)
        .select_related("clinician")
        .order_by("ended_at", "started_at", "id")
    )


def patient_get_for_operator(*, reference: str) -> Patient | None:
    """Return a patient by id for an operator (who has no relation to reach them by)."""
    object_id = parse_object_id(reference)
    if object_id is None:
        return None
    return Patient.objects.filter(pk=object_id).first()


def care_team_member_get(*, patient: Patient, membership_id: str) -> CareTeamMembership | None:
    object_id = parse_object_id(membership_id)
    if object_id is None:
        return None
    return CareTeamMembership.objects.filter(patient=patient, pk=object_id).first()


def caregiver_list(*, patient: Patient) -> QuerySet[CaregiverLink]:
    return CaregiverLink.objects.filter(patient=patient).select_related("caregiver").order_by("id")


def caregiver_get(*, patient: Patient, link_id: str) -> CaregiverLink | None:
    object_id = parse_object_id(link_id)
    if object_id is None:
        return None
    return CaregiverLink.objects.filter(patient=patient, pk=object_id).first()


def active_clinicians(*, patient_id: int) -> QuerySet[User]:
    """Return the active clinicians of a patient's care team."""
    return User.objects.filter(
        care_assignments__patient_id=patient_id,
        care_assignments__ended_at__isnull=True,
        is_active=True,
    ).distinct()
