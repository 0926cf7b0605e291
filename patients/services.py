"""Every write to users, patients, care teams, caregivers and invites."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.validators import validate_timezone
from patients import hooks, privacy
from patients.accounts import username_clean, username_is_taken
from patients.invites import generate_code, hash_code
from patients.models import (
    DEFAULT_CAREGIVER_SCOPES,
    CaregiverLink,
    CaregiverScope,
    CareTeamContact,
    CareTeamMembership,
    Invite,
    InviteKind,
    Patient,
    Role,
    User,
)

logger = logging.getLogger("hipwell.enrolment")

PATIENT_EDITABLE_FIELDS = frozenset(
    {
        "display_name",
        "email",
        "date_of_birth",
        "timezone",
        "quiet_hours_start",
        "quiet_hours_end",
        "walking_aid",
    }
)
CLINICIAN_EDITABLE_FIELDS = PATIENT_EDITABLE_FIELDS | frozenset(
    {"affected_side", "weight_bearing", "diagnosis_date", "stage", "baseline_start", "baseline_end"}
)


@dataclass(frozen=True)
class IssuedInvite:
    invite: Invite
    code: str


def _invite_expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=settings.HIPWELL["INVITE_TTL_DAYS"])


def invite_issue(
    *, patient: Patient, kind: str, created_by: User, caregiver_link: CaregiverLink | None = None
) -> IssuedInvite:
    """Create a single-use invite; the plain code is returned once and never stored."""
    code = generate_code()
    invite = Invite.objects.create(
        kind=kind,
        code_hash=hash_code(code),
        patient=patient,
        caregiver_link=caregiver_link,
        created_by=created_by,
        expires_at=_invite_expiry(),
    )
    return IssuedInvite(invite=invite, code=code)


@transaction.atomic
def patient_enrol(*, clinician: User, **profile: Any) -> tuple[Patient, IssuedInvite]:
    """Create a patient, put the clinician on the care team and issue an invite."""
    if clinician.role != Role.CLINICIAN:
        raise ValidationError({"detail": ["Only clinicians can enrol patients."]})
    validate_timezone(profile.get("timezone", "UTC"))
    patient = Patient(**profile)
    patient.full_clean()
    patient.save()
    CareTeamMembership.objects.create(patient=patient, clinician=clinician, added_by=clinician)
    issued = invite_issue(patient=patient, kind=InviteKind.PATIENT, created_by=clinician)
    # The reminders app (a hook: this app never imports it) adds the default schedules.
    hooks.patient_enrolled.send(patient=patient)
    logger.info("patient %s enrolled by clinician %s", patient.pk, clinician.pk)
    return patient, issued


@transaction.atomic
def patient_invite_reissue(*, patient: Patient, clinician: User) -> IssuedInvite:
    """Issue a fresh enrolment code for a patient who has not activated yet."""
    if patient.user_id is not None:
        raise ValidationError({"detail": ["This patient has already activated their account."]})
    Invite.objects.filter(patient=patient, kind=InviteKind.PATIENT, used_at__isnull=True).update(
        expires_at=timezone.now()
    )
    return invite_issue(patient=patient, kind=InviteKind.PATIENT, created_by=clinician)


@transaction.atomic
def patient_update(
    *, patient: Patient, changes: dict[str, Any], allowed: frozenset[str]
) -> Patient:
    """Apply profile changes the caller is allowed to make, validated by the model.

    Atomic with the clock-change hook: if recomputing reminders fails, the profile
    change is not saved either (it once was, leaving a 500 and a half-applied update).
    """
    forbidden = sorted(set(changes) - allowed)
    if forbidden:
        raise ValidationError({name: ["Only the care team can change this."] for name in forbidden})
    if "timezone" in changes:
        validate_timezone(changes["timezone"])
    for name, value in changes.items():
        setattr(patient, name, value)
    patient.full_clean()
    patient.save(update_fields=[*changes, "updated_at"])
    if {"timezone", "quiet_hours_start", "quiet_hours_end"} & set(changes):
        hooks.patient_clock_changed.send(patient=patient)
    return patient


def _validate_new_account(username: str, password: str, consent: bool) -> User:
    errors: dict[str, list[str]] = {}
    if consent is not True:
        errors["consent"] = [privacy.CONSENT_REQUIRED]
    try:
        username = username_clean(username)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    else:
        if username_is_taken(username):
            errors["username"] = ["This username is taken."]
    user = User(username=username, role=Role.PATIENT)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    return user


def _claim_invite(code: str) -> Invite:
    """Mark an invite used, atomically: of two racing activations only one wins."""
    invite = (
        Invite.objects.select_related("patient", "caregiver_link")
        .filter(code_hash=hash_code(code))
        .first()
    )
    now = timezone.now()
    if invite is None or invite.used_at is not None:
        raise ValidationError(
            {"invite_code": ["This invite code is not valid or was already used."]}
        )
    if invite.expires_at <= now:
        raise ValidationError({"invite_code": ["This invite code has expired; ask for a new one."]})
    claimed = Invite.objects.filter(pk=invite.pk, used_at__isnull=True).update(used_at=now)
    if claimed != 1:
        raise ValidationError(
            {"invite_code": ["This invite code is not valid or was already used."]}
        )
    invite.used_at = now
    return invite


@transaction.atomic
def account_activate(
    *, invite_code: str, username: str, password: str, consent: bool = False
) -> User:
    """Create the account an invite was issued for and link it to the patient.

    The code is checked first: only someone holding a valid code learns whether a
    username is free. A refusal after the claim rolls the claim back with the rest.
    Nothing is stored unless the person accepted the privacy notice (``consent``);
    a patient's consent is recorded, with the notice's version, in this transaction.
    A caregiver's is required too but not stored: the caregiver link has no place
    for it, and its ``accepted_at`` is the moment of acceptance.
    """
    invite = _claim_invite(invite_code)
    user = _validate_new_account(username, password, consent)
    now = timezone.now()
    if invite.kind == InviteKind.PATIENT:
        patient = invite.patient
        if patient.user_id is not None:
            raise ValidationError(
                {"invite_code": ["This patient has already activated an account."]}
            )
        user.role = Role.PATIENT
        user.email = patient.email
    else:
        user.role = Role.CAREGIVER
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"username": ["This username is taken."]}) from None
    if invite.kind == InviteKind.PATIENT:
        patient.user = user
        patient.consent_at = now
        patient.consent_version = privacy.VERSION
        patient.save(update_fields=["user", "consent_at", "consent_version", "updated_at"])
    else:
        link = invite.caregiver_link
        # The invite_caregiver_has_link constraint guarantees a link; a revoked one is refused.
        if link is None or link.revoked_at is not None:
            raise ValidationError(
                {"invite_code": ["This invitation was withdrawn by the patient."]}
            )
        link.caregiver = user
        link.accepted_at = now
        link.save(update_fields=["caregiver", "accepted_at"])
    Invite.objects.filter(pk=invite.pk).update(used_by=user)
    logger.info("account %s activated from a %s invite", user.pk, invite.kind)
    return user


@transaction.atomic
def caregiver_invite(
    *,
    patient: Patient,
    name: str,
    invited_by: User,
    scopes: Iterable[str] = DEFAULT_CAREGIVER_SCOPES,
    receives_guidance: bool = False,
) -> tuple[CaregiverLink, str]:
    """Create a pending caregiver link with the patient's chosen scopes, and its invite code."""
    link = CaregiverLink(patient=patient, name=name, receives_guidance=receives_guidance)
    link.set_scopes(scopes)
    link.save()
    issued = invite_issue(
        patient=patient, kind=InviteKind.CAREGIVER, created_by=invited_by, caregiver_link=link
    )
    return link, issued.code


def caregiver_update(
    *,
    link: CaregiverLink,
    scopes: Iterable[str] | None = None,
    receives_guidance: bool | None = None,
) -> CaregiverLink:
    """Change what a caregiver may read, or whether they receive the red-flag guidance."""
    fields = []
    if scopes is not None:
        link.set_scopes(scopes)
        fields += [CaregiverLink.scope_field(s) for s in CaregiverScope]
    if receives_guidance is not None:
        link.receives_guidance = receives_guidance
        fields.append("receives_guidance")
    if fields:
        link.save(update_fields=fields)
    return link


def caregiver_revoke(*, link: CaregiverLink) -> CaregiverLink:
    """Withdraw a caregiver's access (and any unused invite); idempotent."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        Invite.objects.filter(caregiver_link=link, used_at__isnull=True).update(
            expires_at=link.revoked_at
        )
    return link


@transaction.atomic
def care_team_add(
    *, patient: Patient, clinician_username: str, added_by: User
) -> tuple[CareTeamMembership, bool]:
    """Add an active clinician to a patient's care team; idempotent.

    Return the active membership and whether this call created it, so the API can
    tell a new member (201) from one already on the team (200).
    """
    # Usernames are unique ignoring case and compared in NFKC form, as at sign-in.
    clinician = User.objects.filter(
        username__iexact=User.normalize_username(clinician_username),
        role=Role.CLINICIAN,
        is_active=True,
    ).first()
    if clinician is None:
        raise ValidationError({"clinician": ["No active clinician has this username."]})
    active = CareTeamMembership.objects.filter(
        patient=patient, clinician=clinician, ended_at__isnull=True
    )
    existing = active.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            created = CareTeamMembership.objects.create(
                patient=patient, clinician=clinician, added_by=added_by
            )
    except IntegrityError:
        # A concurrent add won the one-active-membership constraint: answer as a repeat.
        winner = active.first()
        if winner is None:
            raise  # not the race we know how to answer
        return winner, False
    return created, True


def _may_end_membership(user: User, membership: CareTeamMembership) -> bool:
    if user.role == Role.ADMIN:
        return True
    if user.role == Role.PATIENT:
        return membership.patient.user_id == user.pk
    return user.role == Role.CLINICIAN and membership.clinician_id == user.pk


@transaction.atomic
def care_team_end(*, membership: CareTeamMembership, ended_by: User) -> CareTeamMembership:
    """End a clinician's assignment, keeping it as history.

    Only the patient, an operator, or the clinician leaving themselves may end it: a
    colleague may not push another clinician (the enrolling one included) off the
    team. While the patient's account is active, its last active clinician stays.
    """
    if not _may_end_membership(ended_by, membership):
        raise PermissionDenied(
            "Only the patient, an operator, or the clinician themselves can end this membership."
        )
    # Lock the patient so two clinicians leaving at once cannot both be "not the last".
    patient = (
        Patient.objects.select_for_update().select_related("user").get(pk=membership.patient_id)
    )
    current = CareTeamMembership.objects.get(pk=membership.pk)
    if current.ended_at is not None:
        return current
    patient_active = patient.user is None or patient.user.is_active
    others = CareTeamMembership.objects.filter(
        patient=patient, ended_at__isnull=True, clinician__is_active=True
    ).exclude(pk=current.pk)
    if patient_active and not others.exists():
        raise ValidationError(
            {
                "detail": [
                    "A patient must keep at least one active clinician; "
                    "add another one before removing this one."
                ]
            }
        )
    current.ended_at = timezone.now()
    current.save(update_fields=["ended_at"])
    return current


def clinician_create(*, username: str, email: str, password: str) -> User:
    """Create a clinician account, checking the password like any other."""
    username = username_clean(username)
    user = User(username=username, email=email, role=Role.CLINICIAN)
    if username_is_taken(username):
        raise ValidationError({"username": ["This username is taken."]})
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


CARE_TEAM_CONTACT_FIELDS = (
    "phone", "opening_hours", "response_time_urgent", "response_time_high",
    "response_time_moderate", "out_of_hours", "escalation_email",
)  # fmt: skip


@transaction.atomic
def care_team_contact_replace(
    *, patient: Patient, values: dict[str, str], updated_by: User
) -> CareTeamContact:
    """Set the whole of a patient's care-team contact details; an omitted field is cleared."""
    # get_or_create takes the lock, and answers a concurrent first PUT's row instead of
    # failing on the primary key: two first PUTs at once end as two replacements.
    row, _ = CareTeamContact.objects.select_for_update().get_or_create(patient=patient)
    for name in CARE_TEAM_CONTACT_FIELDS:
        setattr(row, name, values.get(name, ""))
    row.updated_by = updated_by
    row.full_clean(exclude=["patient", "updated_by"])
    row.save()
    return row
