"""Reads of patients, care teams and caregivers, scoped to the caller."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from core.validators import parse_object_id
from patients.access import patients_visible_to
from patients.lockout import canonical_username
from patients.models import CaregiverLink, CareTeamContact, CareTeamMembership, Patient, User


def active_user_by_username(username: str) -> User | None:
    """Return the active user a typed username names, matched as at sign-in."""
    return (
        User.objects.filter(username__iexact=canonical_username(username), is_active=True)
        .order_by("pk")
        .first()
    )


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


def responsible_memberships() -> QuerySet[CareTeamMembership]:
    """Active memberships of active clinicians, longest-serving first.

    A patient's responsible physiotherapist (who hears of an alert first, and whose
    "my patients" a patient is) is the first of these for that patient: the rule
    lives here once, for the alert ladder and the caseload alike.
    """
    return CareTeamMembership.objects.filter(
        ended_at__isnull=True, clinician__is_active=True
    ).order_by("started_at", "id")


def active_clinicians(*, patient_id: int) -> QuerySet[User]:
    """Return the active clinicians of a patient's care team."""
    return User.objects.filter(
        care_assignments__patient_id=patient_id,
        care_assignments__ended_at__isnull=True,
        is_active=True,
    ).distinct()


@dataclass(frozen=True)
class CareTeamContactDetails:
    """A patient's care-team contact details; None where the team has not said.

    What other apps read (reminders quotes it in messages and escalates to
    ``escalation_email``): a message never promises what is None here.
    """

    phone: str | None = None
    opening_hours: str | None = None
    response_time_urgent: str | None = None
    response_time_high: str | None = None
    response_time_moderate: str | None = None
    out_of_hours: str | None = None
    escalation_email: str | None = None
    updated_at: datetime.datetime | None = None
    updated_by: str | None = None

    def response_time(self, severity: str) -> str | None:
        """Return the response time the team gave for an alert severity, or None."""
        value: str | None = getattr(self, f"response_time_{severity}", None)
        return value

    @property
    def configured(self) -> bool:
        """Whether the team has given any contact detail at all."""
        return any(
            value is not None
            for value in (
                self.phone, self.opening_hours, self.response_time_urgent,
                self.response_time_high, self.response_time_moderate, self.out_of_hours,
                self.escalation_email,
            )
        )  # fmt: skip


def care_team_contact(*, patient_id: int) -> CareTeamContactDetails:
    """Return a patient's care-team contact details (all None when never set; one query)."""
    row = CareTeamContact.objects.filter(patient_id=patient_id).select_related("updated_by").first()
    if row is None:
        return CareTeamContactDetails()
    return CareTeamContactDetails(
        phone=row.phone or None,
        opening_hours=row.opening_hours or None,
        response_time_urgent=row.response_time_urgent or None,
        response_time_high=row.response_time_high or None,
        response_time_moderate=row.response_time_moderate or None,
        out_of_hours=row.out_of_hours or None,
        escalation_email=row.escalation_email or None,
        updated_at=row.updated_at,
        updated_by=row.updated_by.username if row.updated_by is not None else None,
    )
