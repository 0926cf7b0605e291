"""The daily diary, its change log (for offline sync) and its revisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from diaries.trends import LABELS, MAX_SCORE, MAX_WALKING_DISTANCE_M, SCORES
from patients.models import Patient, WalkingAid

# The pure trends module owns the list of 0-10 scores, their labels and limits; the model
# stores exactly those.
SCORE_FIELDS = SCORES
MAX_NOTE_LENGTH = 2000
# Follow-up answers a fall may carry; each is only meaningful with ``fall`` true.
FALL_FOLLOW_UP_FIELDS = ("fall_injured", "fall_hit_head", "fall_can_bear_weight")
# Measures besides the scores that count as something reported when not null.
NULLABLE_REPORT_FIELDS = (
    "walking_distance_m", "limp", "walking_aid", "weight_bearing_followed", "pain_medication_doses",
)  # fmt: skip


class Limp(models.TextChoices):
    NONE = "none", "None"
    SLIGHT = "slight", "Slight"
    MARKED = "marked", "Marked"


def _score_field(
    name: str, label: str | None = None
) -> models.PositiveSmallIntegerField[int | None, int | None]:
    label = LABELS[name] if label is None else label
    return models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=f"{label}, 0-{MAX_SCORE}"
    )


class DiaryEntry(models.Model):
    """One patient's diary for one day of their own calendar."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="diary_entries")
    date = models.DateField()
    pain_rest = _score_field("pain_rest")
    pain_activity = _score_field("pain_activity")
    pain_night = _score_field("pain_night")
    # The field help has always named the hip; the migrations froze that wording.
    stiffness = _score_field("stiffness", "Hip stiffness")
    sleep_interference = _score_field("sleep_interference")
    mood = _score_field("mood")
    walking_distance_m = models.PositiveIntegerField(null=True, blank=True)
    limp = models.CharField(max_length=8, choices=Limp.choices, null=True, blank=True)
    instability = models.BooleanField(default=False)
    fall = models.BooleanField(default=False)
    fall_injured = models.BooleanField(null=True, blank=True, help_text="Hurt in the fall")
    fall_hit_head = models.BooleanField(null=True, blank=True, help_text="Hit the head in the fall")
    fall_can_bear_weight = models.BooleanField(
        null=True, blank=True, help_text="Can put weight on the leg after the fall"
    )
    walking_aid = models.CharField(max_length=16, choices=WalkingAid.choices, null=True, blank=True)
    weight_bearing_followed = models.BooleanField(null=True, blank=True)
    pain_medication_doses = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "date"], name="diary_one_entry_per_day"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lte": MAX_SCORE}),
                    name=f"diary_{name}_0_10",
                )
                for name in SCORE_FIELDS
            ),
            # A day holds something: any score or measure, a fall, giving way or a note.
            models.CheckConstraint(
                condition=Q(
                    *(
                        Q(**{f"{name}__isnull": False})
                        for name in (*SCORE_FIELDS, *NULLABLE_REPORT_FIELDS)
                    ),
                    Q(fall=True),
                    Q(instability=True),
                    ~Q(note=""),
                    _connector=Q.OR,
                ),
                name="diary_at_least_one_field",
            ),
            models.CheckConstraint(
                condition=Q(fall=True)
                | Q(**{f"{name}__isnull": True for name in FALL_FOLLOW_UP_FIELDS}),
                name="diary_fall_follow_up_needs_fall",
            ),
            models.CheckConstraint(
                condition=Q(walking_distance_m__isnull=True)
                | Q(walking_distance_m__lte=MAX_WALKING_DISTANCE_M),
                name="diary_walking_distance_range",
            ),
            models.CheckConstraint(
                condition=Q(limp__isnull=True) | Q(limp__in=Limp.values), name="diary_limp_valid"
            ),
            models.CheckConstraint(
                condition=Q(walking_aid__isnull=True) | Q(walking_aid__in=WalkingAid.values),
                name="diary_walking_aid_valid",
            ),
            models.CheckConstraint(
                condition=Q(pain_medication_doses__isnull=True) | Q(pain_medication_doses__lte=20),
                name="diary_medication_doses_range",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), MAX_NOTE_LENGTH), name="diary_note_length"
            ),
        ]

    def __str__(self) -> str:
        return f"Diary of {self.patient_id} on {self.date}"


class ChangeKind(models.TextChoices):
    UPSERT = "upsert", "Written"
    DELETE = "delete", "Deleted"


class DiaryChange(models.Model):
    """An append-only log of diary writes and deletes; its id is the sync cursor."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    kind = models.CharField(max_length=8, choices=ChangeKind.choices)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["patient", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="diary_change_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.date} of {self.patient_id}"


class RevisionAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    DELETE = "delete", "Deleted"


class DiaryRevision(models.Model):
    """Who changed a day's entry, when, and what it held before."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    action = models.CharField(max_length=8, choices=RevisionAction.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    old_values = models.JSONField(null=True, blank=True)
    new_values = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [models.Index(fields=["patient", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=RevisionAction.values), name="diary_revision_action_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} of {self.date} for {self.patient_id}"
