"""Users, roles, patient profiles, care teams, caregivers and invites."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils.crypto import salted_hmac

from core.models import TimeStampedModel
from core.validators import validate_single_line, validate_timezone
from patients import contact


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    CLINICIAN = "clinician", "Physiotherapist"
    CAREGIVER = "caregiver", "Caregiver"
    ADMIN = "admin", "Administrator"


class HipwellUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Usernames are unique regardless of case (see user_username_unique_ci), so
        # "Carol" signs in as carol instead of failing and counting against a lockout.
        user = self.filter(username__iexact=username).order_by("pk").first()
        if user is None:
            raise self.model.DoesNotExist
        return user


class User(AbstractUser):
    """A person who signs in. The role decides what they may reach."""

    # Operators created with createsuperuser get the admin role, which has no
    # routine access to diaries; every other role is set by an enrolment service.
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.ADMIN)
    # Raised by "sign out everywhere": every session signed before it stops verifying.
    session_generation = models.PositiveIntegerField(default=0)

    objects: ClassVar[HipwellUserManager] = HipwellUserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.UniqueConstraint(Lower("username"), name="user_username_unique_ci"),
        ]

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Bind sessions to the password and the session generation.

        Django's session and fallback-key hashes both come from here. Generation 0
        hashes exactly as Django does, so sessions from before the field live on.
        """
        if not self.session_generation:
            return str(super()._get_session_auth_hash(secret=secret))  # type: ignore[misc]
        key_salt = "patients.models.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_generation}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_clinician(self) -> bool:
        return self.role == Role.CLINICIAN

    @property
    def is_caregiver(self) -> bool:
        return self.role == Role.CAREGIVER


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class WeightBearing(models.TextChoices):
    # Ordered from least to most load; exercises name the least status they need.
    PROTECTED = "protected", "Protected (crutches or cane)"
    PARTIAL = "partial", "Partial"
    FULL = "full", "Full"


class WalkingAid(models.TextChoices):
    NONE = "none", "None"
    CANE = "cane", "Cane"
    CRUTCHES = "crutches", "Crutches"
    WALKER = "walker", "Walker"


DEFAULT_QUIET_START = datetime.time(21, 30)
DEFAULT_QUIET_END = datetime.time(8, 0)


class Patient(TimeStampedModel):
    """The clinical profile of a person in conservative care of the hip."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patient",
    )
    display_name = models.CharField(max_length=120, validators=[validate_single_line])
    email = models.EmailField(blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    affected_side = models.CharField(max_length=8, choices=Side.choices)
    weight_bearing = models.CharField(
        max_length=16, choices=WeightBearing.choices, default=WeightBearing.FULL
    )
    walking_aid = models.CharField(
        max_length=16, choices=WalkingAid.choices, default=WalkingAid.NONE
    )
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    quiet_hours_start = models.TimeField(default=DEFAULT_QUIET_START)
    quiet_hours_end = models.TimeField(default=DEFAULT_QUIET_END)
    diagnosis_date = models.DateField(null=True, blank=True)
    stage = models.CharField(max_length=40, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    # The version of the privacy notice (patients/privacy.py) accepted at consent_at.
    consent_version = models.CharField(max_length=32, blank=True, db_default="")
    # A clinician may pin the baseline to a window; otherwise the first 14 diary days are used.
    baseline_start = models.DateField(null=True, blank=True)
    baseline_end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["display_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(affected_side__in=Side.values), name="patient_side_valid"
            ),
            models.CheckConstraint(
                condition=Q(weight_bearing__in=WeightBearing.values),
                name="patient_weight_bearing_valid",
            ),
            models.CheckConstraint(
                condition=Q(walking_aid__in=WalkingAid.values), name="patient_walking_aid_valid"
            ),
            models.CheckConstraint(condition=~Q(timezone=""), name="patient_timezone_set"),
            models.CheckConstraint(condition=~Q(display_name=""), name="patient_display_name_set"),
            models.CheckConstraint(
                condition=(Q(baseline_start__isnull=True) & Q(baseline_end__isnull=True))
                | Q(baseline_start__lte=models.F("baseline_end")),
                name="patient_baseline_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def quiet_hours(self) -> tuple[datetime.time, datetime.time]:
        return (self.quiet_hours_start, self.quiet_hours_end)


class CareTeamMembership(models.Model):
    """A clinician's assignment to a patient; ended assignments are kept as history."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="care_team")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_assignments"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "clinician"],
                condition=Q(ended_at__isnull=True),
                name="care_team_one_active_membership",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="care_team_ended_after_start",
            ),
        ]
        indexes = [models.Index(fields=["clinician", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.clinician} caring for {self.patient}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class CaregiverScope(models.TextChoices):
    """What a caregiver may read of the patient's data; the patient chooses per link."""

    DIARY_SCORES = "diary_scores", "Diary scores and measures, trends, charts and goals"
    NOTES = "notes", "Diary notes"
    MOOD = "mood", "Low mood or stress"
    EXERCISES = "exercises", "Exercise plans, sessions and adherence"
    ALERTS = "alerts", "Red-flag alerts"


# A new link shares these unless the patient says otherwise; notes and mood stay private.
DEFAULT_CAREGIVER_SCOPES = frozenset(
    {CaregiverScope.DIARY_SCORES, CaregiverScope.EXERCISES, CaregiverScope.ALERTS}
)


class CaregiverLink(models.Model):
    """A read-only caregiver a patient invited; the patient may revoke it.

    One column per scope (``scope_<name>``), False by default: links made before
    scopes existed share nothing until the patient chooses.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="caregivers")
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caregiver_links",
    )
    name = models.CharField(max_length=120)
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scope_diary_scores = models.BooleanField(default=False)
    scope_notes = models.BooleanField(default=False)
    scope_mood = models.BooleanField(default=False)
    scope_exercises = models.BooleanField(default=False)
    scope_alerts = models.BooleanField(default=False)
    # The patient's choice to have their red-flag guidance sent to this caregiver too.
    receives_guidance = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "caregiver"],
                condition=Q(revoked_at__isnull=True) & Q(caregiver__isnull=False),
                name="caregiver_one_active_link",
            ),
            models.CheckConstraint(
                condition=Q(caregiver__isnull=True, accepted_at__isnull=True)
                | Q(caregiver__isnull=False, accepted_at__isnull=False),
                name="caregiver_accepted_has_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status}) for {self.patient}"

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.accepted_at is not None else "invited"

    @staticmethod
    def scope_field(scope: str) -> str:
        return f"scope_{CaregiverScope(scope).value}"

    @property
    def scopes(self) -> list[str]:
        """The scopes this link grants, in the order of :class:`CaregiverScope`."""
        return [s.value for s in CaregiverScope if getattr(self, self.scope_field(s))]

    def set_scopes(self, scopes: Iterable[str]) -> None:
        chosen = {CaregiverScope(s) for s in scopes}
        for scope in CaregiverScope:
            setattr(self, self.scope_field(scope), scope in chosen)


class InviteKind(models.TextChoices):
    PATIENT = "patient", "Patient enrolment"
    CAREGIVER = "caregiver", "Caregiver invitation"


class Invite(models.Model):
    """A single-use, expiring code; only its hash is stored."""

    kind = models.CharField(max_length=16, choices=InviteKind.choices)
    code_hash = models.CharField(max_length=64, unique=True)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="invites")
    caregiver_link = models.ForeignKey(
        CaregiverLink, on_delete=models.CASCADE, null=True, blank=True, related_name="invites"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InviteKind.values), name="invite_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind=InviteKind.PATIENT, caregiver_link__isnull=True)
                | Q(kind=InviteKind.CAREGIVER, caregiver_link__isnull=False),
                name="invite_caregiver_has_link",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="invite_expires_after_creation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.patient}"


class PasswordResetCode(models.Model):
    """A single-use, expiring code a clinician gives someone who forgot their password.

    Only its hash is stored; issuing a new code for the same account withdraws the
    unused ones (their ``expires_at`` is brought forward).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reset_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self) -> str:
        return f"Password reset code for {self.user_id}"


class CareTeamContact(models.Model):
    """How a patient reaches their care team, and where its unanswered alerts escalate.

    One row per patient, because a care team is the clinicians assigned to that
    patient; an empty field means the team has not said, and messages leave it out.
    """

    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, primary_key=True, related_name="care_team_contact"
    )
    phone = models.CharField(
        max_length=contact.PHONE_MAX_LENGTH, blank=True, validators=[contact.validate_phone]
    )
    opening_hours = models.CharField(
        max_length=contact.OPENING_HOURS_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )
    # Free text quoted to the patient as written, e.g. "within 1 hour in opening hours".
    response_time_urgent = models.CharField(
        max_length=contact.RESPONSE_TIME_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )
    response_time_high = models.CharField(
        max_length=contact.RESPONSE_TIME_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )
    response_time_moderate = models.CharField(
        max_length=contact.RESPONSE_TIME_MAX_LENGTH, blank=True, validators=[validate_single_line]
    )
    out_of_hours = models.TextField(blank=True, validators=[contact.validate_text_block])
    escalation_email = models.EmailField(max_length=contact.EMAIL_MAX_LENGTH, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("out_of_hours"), contact.OUT_OF_HOURS_MAX_LENGTH),
                name="care_team_contact_out_of_hours_length",
            ),
        ]

    def __str__(self) -> str:
        return f"Care team contact of {self.patient_id}"
