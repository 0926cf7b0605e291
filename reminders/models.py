"""Red-flag alerts, reminder schedules, and the deliveries both produce.

Work that must happen is a row first: an evaluation owed for a diary write, a
delivery owed for an alert or a reminder occurrence. Celery is the fast path; a
periodic scan picks up any row whose message was lost.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from patients.models import Patient


class AlertEvaluation(models.Model):
    """The outbox: a diary write owes a red-flag evaluation of that day."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    requested_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            models.Index(
                fields=["requested_at"],
                condition=Q(processed_at__isnull=True),
                name="alert_eval_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"Evaluate {self.date} of patient {self.patient_id}"


class Rule(models.TextChoices):
    PAIN_SPIKE = "pain_spike", "Sudden worsening of pain"
    INSTABILITY = "instability", "New instability"
    FALL = "fall", "Fall"
    WALKING_DECLINE = "walking_decline", "New restriction in walking"
    NIGHT_PAIN = "night_pain", "Persistent night pain"
    NEW_LIMP = "new_limp", "New limp"
    GRADUAL_DECLINE = "gradual_decline", "Gradual decline"
    LOW_MOOD = "low_mood", "Low mood"


class Severity(models.TextChoices):
    URGENT = "urgent", "Urgent"
    HIGH = "high", "High"
    MODERATE = "moderate", "Moderate"


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class EscalationLevel(models.IntegerChoices):
    """How far an open urgent or high alert has climbed the escalation ladder."""

    RESPONSIBLE = 0, "Responsible physiotherapist"
    CARE_TEAM = 1, "The care team's other clinicians"
    CONTACT = 2, "The care team's escalation contact"


# Rules whose every day is its own event, with its own alert (every fall must reach the
# care team); every other rule keeps one open alert per patient. The constraints on
# Alert below encode the same list.
PER_DAY_RULES = frozenset({"fall"})


class Alert(models.Model):
    """A red flag raised for a patient, open until a clinician acknowledges it."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="alerts")
    rule = models.CharField(max_length=32, choices=Rule.choices)
    severity = models.CharField(max_length=16, choices=Severity.choices)
    status = models.CharField(max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    reason = models.TextField()
    evidence = models.JSONField(default=dict)
    # The day that opened the alert; first_day..last_day is the range of its evidence days.
    diary_date = models.DateField()
    first_day = models.DateField()
    last_day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledge_note = models.TextField(blank=True, default="")
    # The ladder step reached (EscalationLevel) and when that step was taken.
    escalation_level = models.PositiveSmallIntegerField(
        default=EscalationLevel.RESPONSIBLE, choices=EscalationLevel.choices
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open alert per patient and rule, except falls: every fall day has its own.
            models.UniqueConstraint(
                fields=["patient", "rule"],
                condition=Q(status="open") & ~Q(rule="fall"),
                name="alert_one_open_per_patient_rule",
            ),
            models.UniqueConstraint(
                fields=["patient", "rule", "diary_date"],
                condition=Q(status="open", rule="fall"),
                name="alert_one_open_per_fall_day",
            ),
            models.CheckConstraint(condition=Q(rule__in=Rule.values), name="alert_rule_valid"),
            models.CheckConstraint(
                condition=Q(first_day__lte=models.F("last_day")), name="alert_days_ordered"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="alert_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AlertStatus.values), name="alert_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(acknowledged_at__isnull=False),
                name="alert_closed_was_acknowledged",
            ),
            models.CheckConstraint(
                condition=Q(escalation_level__in=EscalationLevel.values),
                name="alert_escalation_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(escalation_level=0, escalated_at__isnull=True)
                | Q(escalation_level__gt=0, escalated_at__isnull=False),
                name="alert_escalated_has_time",
            ),
        ]
        indexes = [models.Index(fields=["patient", "status"])]

    def __str__(self) -> str:
        return f"{self.rule} ({self.severity}) for patient {self.patient_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # An alert raised for one day spans that day unless its range is given.
        if self.first_day is None:
            self.first_day = self.diary_date
        if self.last_day is None:
            self.last_day = self.first_day
        super().save(*args, **kwargs)


class AlertTrigger(models.Model):
    """One diary day that fired a rule; a day fires a rule once, however often it is edited."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="triggers")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(max_length=32, choices=Rule.choices)
    diary_date = models.DateField()
    severity = models.CharField(max_length=16, choices=Severity.choices)
    reason = models.TextField()
    evidence = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "rule", "diary_date"], name="alert_trigger_once_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} on {self.diary_date}"


class ReminderKind(models.TextChoices):
    DIARY = "diary", "Log your diary"
    EXERCISE = "exercise", "Exercises"
    PACING = "pacing", "Pacing break"
    MEDICATION = "medication", "Medication"
    AQUATIC = "aquatic", "Aquatic session"
    CUSTOM = "custom", "Custom"


class Channel(models.TextChoices):
    INBOX = "inbox", "In-app inbox"
    EMAIL = "email", "Email"
    PUSH = "push", "Web Push"


class ReminderSchedule(models.Model):
    """When to remind a patient of something, in the patient's own timezone."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    times = models.JSONField(default=list, blank=True)  # ["09:00", "19:00"]
    weekdays = models.JSONField(default=list)  # [0..6], Monday = 0
    every_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    window_start = models.TimeField(null=True, blank=True)
    window_end = models.TimeField(null=True, blank=True)
    message = models.CharField(max_length=240, blank=True, default="")
    channels = models.JSONField(default=list)
    paused_until = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    # Deliveries are materialised up to this instant; the planner resumes from here
    # and only looks at schedules whose next occurrence is due.
    planned_until = models.DateTimeField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    source = models.CharField(max_length=40, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values), name="reminder_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(every_minutes__isnull=True)
                | (
                    Q(every_minutes__gte=5, every_minutes__lte=720)
                    & Q(window_start__isnull=False, window_end__isnull=False)
                    & Q(window_start__lt=models.F("window_end"))
                ),
                name="reminder_interval_needs_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for patient {self.patient_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Skipped"
    EXPIRED = "expired", "Expired"
    FAILED = "failed", "Failed"
    # A goal celebration waiting while an urgent or high alert is open (reminders.dispatch).
    HELD = "held", "Held"


class DeliveryPurpose(models.TextChoices):
    ALERT = "alert", "Red-flag alert to the care team"
    ESCALATION = "escalation", "Escalated alert"
    PATIENT_ADVICE = "patient_advice", "Red-flag advice to the patient"
    REMINDER = "reminder", "Reminder"
    MILESTONE = "milestone", "Goal milestone"


# Builders cut titles and keys to these lengths (reminders.deliveries.delivery_row).
DELIVERY_TITLE_LENGTH = 200
DELIVERY_KEY_LENGTH = 200


class Delivery(models.Model):
    """One message owed to one person on one channel, sent at most once.

    Reminder occurrences are unique on (schedule, due time, channel); alert
    messages on a dedupe key naming the alert, the event, the person and channel.
    """

    # A person (every channel), or an address with no account (the care team's escalation
    # contact; email only): exactly one of the two.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliveries",
    )
    to_address = models.EmailField(max_length=254, blank=True, default="")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    purpose = models.CharField(max_length=16, choices=DeliveryPurpose.choices)
    schedule = models.ForeignKey(
        ReminderSchedule, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    alert = models.ForeignKey(
        Alert, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    dedupe_key = models.CharField(
        max_length=DELIVERY_KEY_LENGTH, null=True, blank=True, unique=True
    )
    title = models.CharField(max_length=DELIVERY_TITLE_LENGTH)
    body = models.TextField()
    link = models.CharField(max_length=200, blank=True, default="")
    due_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    lease_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, db_index=True)
    next_attempt_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    # Per-channel progress, e.g. the push subscriptions already reached.
    progress = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "due_at", "channel"],
                condition=Q(schedule__isnull=False),
                name="delivery_once_per_occurrence_channel",
            ),
            models.CheckConstraint(
                condition=Q(schedule__isnull=False) | Q(dedupe_key__isnull=False),
                name="delivery_is_deduplicated",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="delivery_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(lease_until__isnull=False),
                name="delivery_sending_has_lease",
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(purpose="milestone"),
                name="delivery_held_is_celebration",
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False, to_address="")
                | (Q(recipient__isnull=True, channel="email") & ~Q(to_address="")),
                name="delivery_one_recipient",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="delivery_pending_idx",
            ),
            models.Index(
                fields=["lease_until"], condition=Q(status="sending"), name="delivery_leased_idx"
            ),
            models.Index(fields=["patient"], condition=Q(status="held"), name="delivery_held_idx"),
        ]

    def __str__(self) -> str:
        to = self.recipient_id if self.recipient_id is not None else "an address"
        return f"{self.purpose} via {self.channel} to {to}"


class DeliveryAttempt(models.Model):
    """What happened each time a delivery was tried."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16)  # sent | retry | failed | skipped
    detail = models.TextField(blank=True, default="")

    def __str__(self) -> str:
        return f"{self.outcome} at {self.at}"


class Notification(models.Model):
    """An entry in a person's in-app inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    delivery = models.OneToOneField(
        Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="notification"
    )
    kind = models.CharField(max_length=16, choices=DeliveryPurpose.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=200, blank=True, default="")
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    alert = models.ForeignKey(
        Alert, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self) -> str:
        return self.title


class PushSubscription(models.Model):
    """A browser's Web Push endpoint for one user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    user_agent = models.CharField(max_length=300, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Push subscription {self.pk} of {self.user_id}"


class PatientRuleSettings(models.Model):
    """Per-patient tuning of red-flag thresholds by the care team."""

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="rule_settings")
    overrides = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Rule settings of patient {self.patient_id}"
