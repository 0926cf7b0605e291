"""Input and output shapes of the patients API."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers

from core.fields import BoundedDateField, TimeRangeField, TimezoneField
from core.validators import validate_single_line
from patients import contact
from patients.models import (
    DEFAULT_CAREGIVER_SCOPES,
    CaregiverLink,
    CaregiverScope,
    CareTeamMembership,
    Patient,
    Side,
    WalkingAid,
    WeightBearing,
)


def _not_in_future(value: datetime.date) -> None:
    # A day of slack: the server's UTC date may trail the patient's own calendar.
    if value > timezone.now().date() + datetime.timedelta(days=1):
        raise serializers.ValidationError("This date cannot be in the future.")


def _single_line(value: str) -> None:
    try:
        validate_single_line(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


class PatientOut(serializers.ModelSerializer[Patient]):
    quiet_hours = serializers.SerializerMethodField()
    baseline_window = serializers.SerializerMethodField()
    activated = serializers.SerializerMethodField()

    class Meta:
        model = Patient
        fields = [
            "id", "display_name", "email", "date_of_birth", "affected_side", "weight_bearing",
            "walking_aid", "timezone", "quiet_hours", "diagnosis_date", "stage", "consent_at",
            "consent_version", "baseline_window", "activated", "created_at", "updated_at",
        ]  # fmt: skip

    def get_quiet_hours(self, patient: Patient) -> list[str]:
        return TimeRangeField().to_representation(patient.quiet_hours)

    def get_baseline_window(self, patient: Patient) -> list[str] | None:
        if patient.baseline_start is None or patient.baseline_end is None:
            return None
        return [patient.baseline_start.isoformat(), patient.baseline_end.isoformat()]

    def get_activated(self, patient: Patient) -> bool:
        return patient.user_id is not None


class PatientCreatedOut(PatientOut):
    invite_code = serializers.CharField()
    invite_expires_at = serializers.DateTimeField()

    class Meta(PatientOut.Meta):
        fields = [*PatientOut.Meta.fields, "invite_code", "invite_expires_at"]


class _ProfileFields(serializers.Serializer[Any]):
    """Profile fields shared by enrolment and updates; quiet hours become two columns."""

    display_name = serializers.CharField(max_length=120, validators=[_single_line])
    email = serializers.EmailField(required=False, allow_blank=True)
    date_of_birth = BoundedDateField(required=False, allow_null=True, validators=[_not_in_future])
    affected_side = serializers.ChoiceField(choices=Side.choices)
    weight_bearing = serializers.ChoiceField(choices=WeightBearing.choices, required=False)
    walking_aid = serializers.ChoiceField(choices=WalkingAid.choices, required=False)
    timezone = TimezoneField()
    quiet_hours = TimeRangeField(required=False)
    diagnosis_date = BoundedDateField(required=False, allow_null=True, validators=[_not_in_future])
    stage = serializers.CharField(max_length=40, required=False, allow_blank=True)

    def to_profile(self) -> dict[str, Any]:
        """Return validated data as model field values."""
        data = dict(self.validated_data)
        quiet = data.pop("quiet_hours", None)
        if quiet is not None:
            data["quiet_hours_start"], data["quiet_hours_end"] = quiet
        window = data.pop("baseline_window", ...)
        if window is not ...:
            data["baseline_start"], data["baseline_end"] = window or (None, None)
        return data


class PatientCreateIn(_ProfileFields):
    pass


class BaselineWindowField(serializers.ListField):
    child = BoundedDateField()

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if len(value) != 2:
            raise serializers.ValidationError('Give two dates as ["YYYY-MM-DD", "YYYY-MM-DD"].')
        if value[0] > value[1]:
            raise serializers.ValidationError("The window must start before it ends.")
        return tuple(value)


class PatientUpdateIn(_ProfileFields):
    baseline_window = BaselineWindowField(required=False, allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class CareTeamMemberOut(serializers.ModelSerializer[CareTeamMembership]):
    clinician = serializers.SerializerMethodField()
    active = serializers.BooleanField(source="is_active")

    class Meta:
        model = CareTeamMembership
        fields = ["id", "clinician", "started_at", "ended_at", "active"]

    def get_clinician(self, membership: CareTeamMembership) -> dict[str, Any]:
        user = membership.clinician
        return {"id": user.pk, "username": user.username, "name": user.get_full_name()}


class CareTeamAddIn(serializers.Serializer[Any]):
    clinician = serializers.CharField(max_length=150, help_text="The clinician's username.")


class CaregiverOut(serializers.ModelSerializer[CaregiverLink]):
    status = serializers.CharField()
    username = serializers.SerializerMethodField()
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=CaregiverScope.choices), read_only=True
    )

    class Meta:
        model = CaregiverLink
        fields = [
            "id", "name", "status", "username", "scopes", "receives_guidance", "invited_at",
            "accepted_at", "revoked_at",
        ]  # fmt: skip

    def get_username(self, link: CaregiverLink) -> str | None:
        return link.caregiver.username if link.caregiver is not None else None


class CaregiverInvitedOut(CaregiverOut):
    invite_code = serializers.CharField()

    class Meta(CaregiverOut.Meta):
        fields = [*CaregiverOut.Meta.fields, "invite_code"]


class ScopesField(serializers.ListField):
    """A list of caregiver scopes, each at most once, in any order."""

    child = serializers.ChoiceField(choices=CaregiverScope.choices)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", len(CaregiverScope))
        kwargs.setdefault("allow_empty", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        value = super().to_internal_value(data)
        if len(set(value)) != len(value):
            raise serializers.ValidationError("Name each scope at most once.")
        return frozenset(value)


class CaregiverInviteIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    scopes = ScopesField(
        required=False,
        default=lambda: DEFAULT_CAREGIVER_SCOPES,
        help_text="What the caregiver may read; default diary_scores, exercises, alerts.",
    )
    receives_guidance = serializers.BooleanField(required=False, default=False)


class CaregiverUpdateIn(serializers.Serializer[Any]):
    """The patient's choices for one caregiver; a field left out is unchanged."""

    scopes = ScopesField(required=False)
    receives_guidance = serializers.BooleanField(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs:
            raise serializers.ValidationError("Give scopes, receives_guidance or both.")
        return attrs


class ResetCodeOut(serializers.Serializer[Any]):
    code = serializers.CharField()
    expires_at = serializers.DateTimeField()
    reset_url = serializers.CharField(help_text="The app's reset page with the code filled in.")


class InviteOut(serializers.Serializer[Any]):
    invite_code = serializers.CharField()
    invite_expires_at = serializers.DateTimeField()


def _text_block(value: str) -> None:
    try:
        contact.validate_text_block(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


def _phone(value: str) -> None:
    if value == "":
        return
    try:
        contact.validate_phone(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


def _response_time() -> serializers.CharField:
    return serializers.CharField(
        max_length=contact.RESPONSE_TIME_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[_single_line],
    )


class ResponseTimesIn(serializers.Serializer[Any]):
    urgent = _response_time()
    high = _response_time()
    moderate = _response_time()


class CareTeamContactIn(serializers.Serializer[Any]):
    """The whole set of contact details (PUT): an omitted field is cleared ("")."""

    phone = serializers.CharField(
        max_length=contact.PHONE_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[_single_line, _phone],
    )
    opening_hours = serializers.CharField(
        max_length=contact.OPENING_HOURS_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[_single_line],
    )
    response_times = ResponseTimesIn(required=False)
    out_of_hours = serializers.CharField(
        max_length=contact.OUT_OF_HOURS_MAX_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        validators=[_text_block],
    )
    escalation_email = serializers.EmailField(
        max_length=contact.EMAIL_MAX_LENGTH, required=False, allow_blank=True, default=""
    )

    def to_values(self) -> dict[str, str]:
        """Return the validated input as model field values."""
        data = dict(self.validated_data)
        times = data.pop("response_times", None) or {}
        for severity in contact.RESPONSE_SEVERITIES:
            data[f"response_time_{severity}"] = times.get(severity, "")
        return data


class CareTeamContactOut(serializers.Serializer[Any]):
    """The contact details as the API answers them ("" where the team has not said)."""

    phone = serializers.CharField()
    opening_hours = serializers.CharField()
    response_times = serializers.DictField(child=serializers.CharField())
    out_of_hours = serializers.CharField()
    escalation_email = serializers.CharField(
        required=False, help_text="Only shown to the care team."
    )
    configured = serializers.BooleanField()
    updated_at = serializers.DateTimeField(allow_null=True)
    updated_by = serializers.CharField(allow_null=True)
