"""Small builders for the people and records tests need."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from patients.models import (
    CaregiverLink,
    CaregiverScope,
    CareTeamMembership,
    Patient,
    Role,
    User,
)

PASSWORD = "correct-horse-battery-staple"


def make_user(username: str, role: str, password: str = PASSWORD) -> User:
    user = User(username=username, role=role, email=f"{username}@example.org")
    user.set_password(password)
    user.save()
    return user


def make_clinician(username: str) -> User:
    return make_user(username, Role.CLINICIAN)


def make_patient(username: str, *, clinicians: tuple[User, ...] = (), **profile: Any) -> Patient:
    """Create an activated patient, optionally on some clinicians' caseloads."""
    user = make_user(username, Role.PATIENT)
    defaults: dict[str, Any] = {
        "display_name": username.title(),
        "timezone": "Europe/London",
        "affected_side": "left",
        "consent_at": timezone.now(),
    }
    patient = Patient.objects.create(user=user, **{**defaults, **profile})
    for clinician in clinicians:
        CareTeamMembership.objects.create(patient=patient, clinician=clinician)
    return patient


def make_caregiver(
    username: str,
    patient: Patient,
    *,
    revoked: bool = False,
    scopes: Iterable[str] = tuple(CaregiverScope),
) -> User:
    """A caregiver of `patient`; by default the patient shares every scope with them."""
    user = make_user(username, Role.CAREGIVER)
    now = timezone.now()
    link = CaregiverLink(
        patient=patient,
        caregiver=user,
        name=username.title(),
        accepted_at=now,
        revoked_at=now if revoked else None,
    )
    link.set_scopes(scopes)
    link.save()
    return user
