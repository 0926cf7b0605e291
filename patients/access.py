"""Resolve a ``{patient}`` reference for the caller, in one place.

Every endpoint that touches a patient's data goes through :func:`access_patient`;
every list filters through :func:`patients_visible_to`. Anything outside the
caller's reach is a 404, so the API never reveals that it exists.

Caregivers read only what the patient shared (``CaregiverScope``). A whole resource
outside the link's scopes is a 404, as if it did not exist (``scope=`` on
:func:`access_patient`); a field outside them is left out of the answer
(:meth:`PatientAccess.redact`). The patient and the care team have every scope.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.request import Request

from patients.models import (
    CaregiverLink,
    CaregiverScope,
    CareTeamMembership,
    Patient,
    Role,
    User,
)

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
ALL_SCOPES = frozenset(s.value for s in CaregiverScope)


@dataclass(frozen=True)
class PatientAccess:
    """A patient the caller may reach, and how they are related to them."""

    patient: Patient
    relation: Relation
    user: User
    scopes: frozenset[str] = ALL_SCOPES  # what the caller may read; a caregiver's link's

    def may(self, scope: str) -> bool:
        return CaregiverScope(scope).value in self.scopes

    def redact(self, data: Mapping[str, Any], field_scopes: Mapping[str, str]) -> dict[str, Any]:
        """Return `data` without the fields whose scope (``field_scopes``) the caller lacks."""
        return {
            name: value
            for name, value in data.items()
            if name not in field_scopes or self.may(field_scopes[name])
        }

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


def patients_visible_to(user: User, scope: str | None = None) -> QuerySet[Patient]:
    """Return the patients a user may read: self, own caseload, or as an active caregiver.

    With `scope`, a caregiver sees only the patients whose link grants it.
    """
    if user.role == Role.PATIENT:
        return Patient.objects.filter(user=user)
    if user.role == Role.CLINICIAN:
        return Patient.objects.filter(Exists(_active_membership(user)))
    if user.role == Role.CAREGIVER:
        links = _active_caregiver_link(user)
        if scope is not None:
            links = links.filter(**{CaregiverLink.scope_field(scope): True})
        return Patient.objects.filter(Exists(links))
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


def _caregiver_scope_columns(user: User) -> dict[str, Subquery]:
    link = _active_caregiver_link(user)
    return {
        f"_{CaregiverLink.scope_field(scope)}": Subquery(
            link.values(CaregiverLink.scope_field(scope))[:1]
        )
        for scope in CaregiverScope
    }


def access_patient(
    user: User,
    reference: str | int,
    *,
    allow: frozenset[Relation] = READERS,
    scope: str | Collection[str] | None = None,
) -> PatientAccess:
    """Fetch a patient by id (or ``me``) and check the caller may act on them.

    No relation at all is a 404; a relation that may read but not do this (a
    caregiver asking to write, say) is a 403. A caregiver whose link grants none of
    `scope` (one scope, or any of several) gets a 404: the resource is not theirs to
    know about. One query.
    """
    lookup = _parse_reference(user, reference)
    found = Patient.objects.filter(lookup).annotate(
        _is_clinician=Exists(_active_membership(user)),
        _is_caregiver=Exists(_active_caregiver_link(user)),
    )
    if user.role == Role.CAREGIVER:
        found = found.annotate(**_caregiver_scope_columns(user))
    patient = found.first()
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
    scopes = ALL_SCOPES
    if relation is Relation.CAREGIVER:
        scopes = frozenset(
            s.value
            for s in CaregiverScope
            if getattr(patient, f"_{CaregiverLink.scope_field(s)}", False)
        )
    if scope is not None:
        wanted = {scope} if isinstance(scope, str) else set(scope)
        if not scopes & {CaregiverScope(s).value for s in wanted}:
            raise NotFound
    return PatientAccess(patient=patient, relation=relation, user=user, scopes=scopes)


def access_patient_for_request(
    request: Request,
    reference: str | int,
    *,
    allow: frozenset[Relation] = READERS,
    scope: str | Collection[str] | None = None,
) -> PatientAccess:
    """Resolve ``{patient}`` for the signed-in user of a request."""
    return access_patient(request_user(request), reference, allow=allow, scope=scope)
