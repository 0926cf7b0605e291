"""Every write to the diary: upsert and delete, with the change log and revisions."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.exceptions import PreconditionFailed
from diaries import hooks
from diaries.models import (
    FALL_FOLLOW_UP_FIELDS,
    SCORE_FIELDS,
    ChangeKind,
    DiaryChange,
    DiaryEntry,
    DiaryRevision,
    RevisionAction,
)
from diaries.selectors import patient_today
from patients.models import Patient, User

ENTRY_FIELDS = (
    *SCORE_FIELDS, "walking_distance_m", "limp", "instability", "fall", *FALL_FOLLOW_UP_FIELDS,
    "walking_aid", "weight_bearing_followed", "pain_medication_doses", "note",
)  # fmt: skip
# What an omitted field means in a full replacement (PUT).
ENTRY_DEFAULTS: dict[str, Any] = dict.fromkeys(ENTRY_FIELDS) | {
    "instability": False,
    "fall": False,
    "note": "",
}


@dataclass(frozen=True)
class UpsertResult:
    entry: DiaryEntry
    created: bool
    changed: bool


def entry_etag(entry: DiaryEntry) -> str:
    return f'"{entry.patient_id}-{entry.date.isoformat()}-v{entry.version}"'


def entry_values(entry: DiaryEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in ENTRY_FIELDS}


def _check_writable_date(patient: Patient, date: datetime.date) -> None:
    today = patient_today(patient)
    if date > today:
        raise ValidationError({"date": ["This day has not started yet in your timezone."]})
    edit_days = settings.HIPWELL["DIARY_EDIT_DAYS"]
    if date < today - datetime.timedelta(days=edit_days):
        raise ValidationError(
            {"date": [f"Entries older than {edit_days} days are read-only; ask your care team."]}
        )


def _log(patient: Patient, date: datetime.date, kind: str) -> None:
    DiaryChange.objects.create(patient=patient, date=date, kind=kind)


def _after_write(patient: Patient, date: datetime.date) -> None:
    # The red-flag evaluation (the reminders app's receiver) is recorded in this
    # same transaction (the outbox), so a write never commits without it being owed.
    hooks.diary_written.send(patient=patient, date=date)


def _check_precondition(if_match: str, entry: DiaryEntry | None) -> None:
    """Refuse a write whose ``If-Match`` names a version that is no longer current."""
    tags = {tag.strip() for tag in if_match.split(",")}
    if entry is None or not ({"*", entry_etag(entry)} & tags):
        raise PreconditionFailed


@transaction.atomic
def diary_entry_upsert(
    *,
    patient: Patient,
    date: datetime.date,
    values: dict[str, Any],
    actor: User,
    if_match: str | None = None,
) -> UpsertResult:
    """Create or replace a day's entry; an identical repeat changes nothing."""
    _check_writable_date(patient, date)
    new_values = {**ENTRY_DEFAULTS, **{k: v for k, v in values.items() if k in ENTRY_FIELDS}}
    entry = DiaryEntry.objects.select_for_update().filter(patient=patient, date=date).first()
    if if_match is not None:
        _check_precondition(if_match, entry)
    if entry is None:
        try:
            with transaction.atomic():
                entry = DiaryEntry.objects.create(patient=patient, date=date, **new_values)
        except IntegrityError:
            # Another request created the day between our read and insert: replace it.
            return diary_entry_upsert(patient=patient, date=date, values=values, actor=actor)
        _record(patient, date, RevisionAction.CREATE, actor, None, new_values)
        return UpsertResult(entry, created=True, changed=True)
    old_values = entry_values(entry)
    if old_values == new_values:
        return UpsertResult(entry, created=False, changed=False)
    for name, value in new_values.items():
        setattr(entry, name, value)
    entry.version += 1
    entry.save(update_fields=[*ENTRY_FIELDS, "version", "updated_at"])
    _record(patient, date, RevisionAction.UPDATE, actor, old_values, new_values)
    return UpsertResult(entry, created=False, changed=True)


def _record(
    patient: Patient,
    date: datetime.date,
    action: str,
    actor: User,
    old_values: dict[str, Any] | None,
    new_values: dict[str, Any] | None,
) -> None:
    DiaryRevision.objects.create(
        patient=patient,
        date=date,
        action=action,
        changed_by=actor,
        old_values=old_values,
        new_values=new_values,
    )
    _log(patient, date, ChangeKind.DELETE if action == RevisionAction.DELETE else ChangeKind.UPSERT)
    # A deleted day changes the history of the days after it, so it is evaluated too.
    _after_write(patient, date)


@transaction.atomic
def diary_entry_delete(
    *, patient: Patient, date: datetime.date, actor: User, if_match: str | None = None
) -> bool:
    """Remove a day's entry, leaving a tombstone in the changes feed; idempotent."""
    _check_writable_date(patient, date)
    entry = DiaryEntry.objects.select_for_update().filter(patient=patient, date=date).first()
    if entry is None:
        return False
    if if_match is not None:
        _check_precondition(if_match, entry)
    old_values = entry_values(entry)
    entry.delete()
    _record(patient, date, RevisionAction.DELETE, actor, old_values, None)
    return True


@transaction.atomic
def diary_history_import(
    *, patient: Patient, days: Mapping[datetime.date, Mapping[str, Any]], actor: User | None
) -> list[DiaryEntry]:
    """Create many past days at once (demo data, imports), leaving what a write leaves.

    Each new day gets its entry, a "create" revision and a changes-feed row, exactly
    as ``diary_entry_upsert`` would, so sync clients and the history see it; days
    that already have an entry are left alone, so a repeat adds nothing. Not checked
    against the edit window, and no red-flag evaluation is owed: a caller importing
    history decides which days, if any, to evaluate.
    """
    existing = set(
        DiaryEntry.objects.filter(patient=patient, date__in=list(days)).values_list(
            "date", flat=True
        )
    )
    entries = [
        DiaryEntry(
            patient=patient,
            date=date,
            **{**ENTRY_DEFAULTS, **{k: v for k, v in values.items() if k in ENTRY_FIELDS}},
        )
        for date, values in sorted(days.items())
        if date not in existing
    ]
    DiaryEntry.objects.bulk_create(entries)
    diary_history_record(patient=patient, entries=entries, actor=actor)
    return entries


def diary_history_record(
    *, patient: Patient, entries: Sequence[DiaryEntry], actor: User | None
) -> None:
    """Write the "create" revisions and changes-feed rows of entries stored in bulk.

    Oldest day first, so the feed's cursor order follows the calendar; two bulk
    inserts (batched by the database backend) whatever the number of days.
    """
    ordered = sorted(entries, key=lambda e: e.date)
    DiaryRevision.objects.bulk_create(
        DiaryRevision(
            patient=patient,
            date=entry.date,
            action=RevisionAction.CREATE,
            changed_by=actor,
            old_values=None,
            new_values=entry_values(entry),
        )
        for entry in ordered
    )
    DiaryChange.objects.bulk_create(
        DiaryChange(patient=patient, date=entry.date, kind=ChangeKind.UPSERT) for entry in ordered
    )
