"""Resolve a ``{patient}`` reference for the caller, in one place.

Every endpoint that touches a patient's data goes through :func:`access_patient`;
every list filters through :func:`patients_visible_to`. Anything outside the
caller's reach is a 404, so the API never reveals that it exists.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.request import Request

from patients.models import CaregiverLink, CareTeamMembership, Patient, Role, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Relation(enum.StrEnum):
    SELF = "self"
    CLINICIAN = "clinician"
    CAREGIVER = "caregiver"


READERS = frozenset(Relation)
CARE_TEAM = frozenset({Relation.CLINICIAN})
SELF_ONLY = frozenset({Relation.SELF})
SELF_OR_CARE_TEAM = frozenset({Relation.SELF, Relation.CLINICIAN})


@dataclass(frozen=True)
class PatientAccess:
    """A patient the caller may reach, and how they are related to them."""

    patient: Patient
    relation: Relation
    user: User

    @property
    def is_self(self) -> bool:
        return self.relation is Relation.SELF

    @property
    def is_clinician(self) -> bool:
        return self.relation is Relation.CLINICIAN


def request_user(request: Request) -> User:
    """Return the signed-in user of a request, or raise 401."""
    user: User | AnonymousUser = request.user
    if not isinstance(user, User) or not user.is_active:
        raise NotAuthenticated
    return user


def _active_membership(user: User) -> QuerySet[CareTeamMembership]:
    return CareTeamMembership.objects.filter(
        patient=OuterRef("pk"), clinician=user, ended_at__isnull=True
    )


def _active_caregiver_link(user: User) -> QuerySet[CaregiverLink]:
    return CaregiverLink.objects.filter(
        patient=OuterRef("pk"), caregiver=user, revoked_at__isnull=True
    )


def patients_visible_to(user: User) -> QuerySet[Patient]:
    """Return the patients a user may read: self, own caseload, or as an active caregiver."""
    if user.role == Role.PATIENT:
        return Patient.objects.filter(user=user)
    if user.role == Role.CLINICIAN:
        return Patient.objects.filter(Exists(_active_membership(user)))
    if user.role == Role.CAREGIVER:
        return Patient.objects.filter(Exists(_active_caregiver_link(user)))
    return Patient.objects.none()


def _parse_reference(user: User, reference: str | int) -> Q:
    if reference == "me":
        if user.role != Role.PATIENT:
            raise NotFound
        return Q(user=user)
    try:
        patient_id = int(reference)
    except (TypeError, ValueError):
        raise NotFound from None
    if patient_id <= 0 or patient_id > 2**62:
        raise NotFound
    return Q(pk=patient_id)


def access_patient(
    user: User, reference: str | int, *, allow: frozenset[Relation] = READERS
) -> PatientAccess:
    """Fetch a patient by id (or ``me``) and check the caller may act on them.

    No relation at all is a 404; a relation that may read but not do this (a
    caregiver asking to write, say) is a 403. One query.
    """
    lookup = _parse_reference(user, reference)
    patient = (
        Patient.objects.filter(lookup)
        .annotate(
            _is_clinician=Exists(_active_membership(user)),
            _is_caregiver=Exists(_active_caregiver_link(user)),
        )
        .first()
    )
    if patient is None:
        raise NotFound
    relation: Relation | None = None
    if patient.user_id is not None and patient.user_id == user.pk and user.role == Role.PATIENT:
        relation = Relation.SELF
    elif patient._is_clinician and user.role == Role.CLINICIAN:
        relation = Relation.CLINICIAN
    elif patient._is_caregiver and user.role == Role.CAREGIVER:
        relation = Relation.CAREGIVER
    if relation is None:
        raise NotFound
    if relation not in allow:
        raise PermissionDenied("Your role may not do this for this patient.")
    return PatientAccess(patient=patient, relation=relation, user=user)


def access_patient_for_request(
    request: Request, reference: str | int, *, allow: frozenset[Relation] = READERS
) -> PatientAccess:
    """Resolve ``{patient}`` for the signed-in user of a request."""
    return access_patient(request_user(request), reference, allow=allow)
