"""Input and output shapes of alerts, reminders, notifications and push."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.conf import settings
from rest_framework import serializers

from core.fields import BoundedDateField, ClockTimeField, TimeRangeField
from reminders.models import (
    Alert,
    AlertStatus,
    Channel,
    Notification,
    PushSubscription,
    ReminderKind,
    ReminderSchedule,
)
from reminders.push_urls import PushEndpointRefused, parse_push_endpoint


class AlertOut(serializers.ModelSerializer[Alert]):
    patient = serializers.IntegerField(source="patient_id")
    patient_name = serializers.CharField(source="patient.display_name")
    acknowledged_by = serializers.SerializerMethodField()
    days = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id", "patient", "patient_name", "rule", "severity", "status", "reason", "evidence",
            "diary_date", "first_day", "last_day", "days", "created_at", "updated_at", "acknowledged_at", "acknowledged_by",
            "acknowledge_note", "escalation_level", "escalated_at", "resolved_at",
        ]  # fmt: skip

    def get_days(self, alert: Alert) -> list[dict[str, Any]]:
        """Return the evidence days, oldest first: date, severity, reason and values."""
        days = alert.evidence.get("days") if isinstance(alert.evidence, dict) else None
        return list(days) if isinstance(days, list) else []

    def get_acknowledged_by(self, alert: Alert) -> str | None:
        return alert.acknowledged_by.username if alert.acknowledged_by else None

    def to_representation(self, instance: Alert) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if not self.context.get("clinician", False):
            # The acknowledgement note is written for colleagues, not for the patient.
            data["acknowledge_note"] = ""
        return data


class AlertFilterIn(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=AlertStatus.choices, required=False)
    patient = serializers.IntegerField(min_value=1, max_value=2**62, required=False)


class AcknowledgeIn(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReminderIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ReminderKind.choices)
    times = serializers.ListField(
        child=ClockTimeField(), required=False, max_length=24, default=list
    )
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        required=False, min_length=1, max_length=7, default=lambda: list(range(7)),
    )  # fmt: skip
    every_minutes = serializers.IntegerField(
        min_value=5, max_value=720, required=False, allow_null=True
    )
    window = TimeRangeField(allow_wrap=False, required=False, allow_null=True)
    message = serializers.CharField(max_length=240, required=False, allow_blank=True, default="")
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices), min_length=1, max_length=3,
        required=False, default=lambda: [Channel.INBOX.value, Channel.PUSH.value],
    )  # fmt: skip
    paused_until = BoundedDateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        partial = bool(self.partial)
        if attrs.get("every_minutes") and not attrs.get("window") and not partial:
            raise serializers.ValidationError(
                {"window": ["Give a daily window for repeating reminders."]}
            )
        if not partial and not attrs.get("times") and not attrs.get("every_minutes"):
            raise serializers.ValidationError(
                {"times": ["Give at least one time, or every_minutes with a window."]}
            )
        return attrs

    def to_model_fields(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        if "times" in data:
            data["times"] = sorted({t.strftime("%H:%M") for t in data["times"]})
        if "weekdays" in data:
            data["weekdays"] = sorted(set(data["weekdays"]))
        if "channels" in data:
            data["channels"] = sorted({str(c) for c in data["channels"]})
        if "window" in data:
            window = data.pop("window")
            data["window_start"], data["window_end"] = window if window else (None, None)
        return data


class ReminderOut(serializers.ModelSerializer[ReminderSchedule]):
    window = serializers.SerializerMethodField()

    class Meta:
        model = ReminderSchedule
        fields = [
            "id", "kind", "times", "weekdays", "every_minutes", "window", "message", "channels",
            "paused_until", "next_due_at", "source", "created_at", "updated_at",
        ]  # fmt: skip

    def get_window(self, schedule: ReminderSchedule) -> list[str] | None:
        if schedule.window_start is None or schedule.window_end is None:
            return None
        return [schedule.window_start.strftime("%H:%M"), schedule.window_end.strftime("%H:%M")]


class NotificationOut(serializers.ModelSerializer[Notification]):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "link",
            "patient",
            "alert",
            "created_at",
            "read_at",
            "read",
        ]

    def get_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


def _b64url_bytes(value: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return None


class PushKeysIn(serializers.Serializer[Any]):
    p256dh = serializers.CharField(max_length=200)
    auth = serializers.CharField(max_length=100)

    def validate_p256dh(self, value: str) -> str:
        # The browser's public key: an uncompressed P-256 point, 65 bytes starting 0x04.
        raw = _b64url_bytes(value)
        if raw is None or len(raw) != 65 or raw[0] != 4:
            raise serializers.ValidationError("This is not a browser's P-256 public key.")
        return value

    def validate_auth(self, value: str) -> str:
        raw = _b64url_bytes(value)
        if raw is None or len(raw) != 16:
            raise serializers.ValidationError("The auth secret must be 16 bytes, base64url.")
        return value


class PushSubscriptionIn(serializers.Serializer[Any]):
    endpoint = serializers.URLField(max_length=1000)
    keys = PushKeysIn()
    expirationTime = serializers.IntegerField(required=False, allow_null=True)

    def validate_endpoint(self, value: str) -> str:
        # The worker POSTs to this URL: it must be a real push service (checked with
        # the HTTP client's own parser; see reminders/push_urls.py). Its addresses are
        # checked again when sending, since DNS answers change.
        try:
            parse_push_endpoint(
                value,
                allowed_hosts=settings.HIPWELL["PUSH_ALLOWED_HOSTS"],
                test_origin=settings.HIPWELL["PUSH_TEST_ORIGIN"],
            )
        except PushEndpointRefused as exc:
            raise serializers.ValidationError(
                f"This is not a known Web Push service endpoint: {exc}."
            ) from None
        return value


class PushSubscriptionOut(serializers.ModelSerializer[PushSubscription]):
    class Meta:
        model = PushSubscription
        fields = ["id", "endpoint", "created_at"]


class RuleSettingsIn(serializers.Serializer[Any]):
    overrides = serializers.DictField(child=serializers.JSONField(), allow_empty=True)
