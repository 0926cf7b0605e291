"""Reads of the diary: ranges, the sync feed, revisions and trend inputs."""

from __future__ import annotations

import base64
import binascii
import datetime
from dataclasses import dataclass

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from diaries import trends
from diaries.models import SCORE_FIELDS, DiaryChange, DiaryEntry, DiaryRevision
from patients.models import Patient

# A change row is only handed out as "settled" (safe to move a cursor past) once it is
# this old: a transaction that took a lower id but committed later than a reader's
# snapshot is then visible, so the feed never skips it.
CHANGE_SETTLE_SECONDS = 10
MAX_CHANGES_PER_PAGE = 500


def patient_today(patient: Patient, now: datetime.datetime | None = None) -> datetime.date:
    """Return today's date on the patient's own calendar."""
    from zoneinfo import ZoneInfo

    return (now or timezone.now()).astimezone(ZoneInfo(patient.timezone)).date()


def diary_entry_get(*, patient: Patient, date: datetime.date) -> DiaryEntry | None:
    return DiaryEntry.objects.filter(patient=patient, date=date).first()


def diary_entry_list(
    *, patient_id: int, start: datetime.date, end: datetime.date
) -> QuerySet[DiaryEntry]:
    """Return a patient's entries dated start..end inclusive, in date order."""
    return DiaryEntry.objects.filter(
        patient_id=patient_id, date__gte=start, date__lte=end
    ).order_by("date")


def diary_dates(
    *, patient_id: int, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """Return the dates start..end inclusive that have an entry, in order (one query)."""
    return list(
        DiaryEntry.objects.filter(patient_id=patient_id, date__gte=start, date__lte=end)
        .order_by("date")
        .values_list("date", flat=True)
    )


def diary_notes(
    *, patient_id: int, start: datetime.date, end: datetime.date, limit: int
) -> list[tuple[datetime.date, str]]:
    """Return (date, note) of the days start..end with a note, newest first, at most ``limit``."""
    rows = (
        DiaryEntry.objects.filter(patient_id=patient_id, date__gte=start, date__lte=end)
        .exclude(note="")
        .order_by("-date")
        .values_list("date", "note")[:limit]
    )
    return list(rows)


def diary_entries_by_date(
    *, patient_id: int, start: datetime.date, end: datetime.date
) -> dict[datetime.date, DiaryEntry]:
    """Return a patient's entries dated start..end keyed by date (one query)."""
    return {
        entry.date: entry for entry in diary_entry_list(patient_id=patient_id, start=start, end=end)
    }


def diary_revision_list(*, patient: Patient, date: datetime.date) -> QuerySet[DiaryRevision]:
    return DiaryRevision.objects.filter(patient=patient, date=date).select_related("changed_by")


# --- the changes feed -------------------------------------------------------------


def encode_cursor(change_id: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{change_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Return the change id inside a cursor; raise ValueError when it is not one of ours."""
    if cursor in ("", "0"):
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError("This cursor is not valid; start again without one.") from None
    prefix, _, number = text.partition(":")
    if prefix != "v1" or not number.isdigit() or len(number) > 18:
        raise ValueError("This cursor is not valid; start again without one.")
    return int(number)


@dataclass(frozen=True)
class ChangesPage:
    upserts: list[DiaryEntry]
    deleted_dates: list[datetime.date]
    next_cursor: str
    has_more: bool


def diary_changes(
    *, patient: Patient, since: int, now: datetime.datetime | None = None
) -> ChangesPage:
    """Return the days changed since a cursor: current entries and tombstones.

    Pages are of days, not of writes, so a day edited a thousand times costs one
    row. Every change after ``since`` is reported (a day may come again; clients
    apply them idempotently), but the next cursor never moves past a change that may
    still be committing. Three queries whatever the number of changes.
    """
    now = now or timezone.now()
    settle_before = now - datetime.timedelta(seconds=CHANGE_SETTLE_SECONDS)
    log = DiaryChange.objects.filter(patient=patient)
    bounds = log.aggregate(
        latest=Max("id"), unsettled=Min("id", filter=Q(id__gt=since, changed_at__gt=settle_before))
    )
    if since > (bounds["latest"] or 0):
        raise ValueError("This cursor is ahead of the diary; start again without one.")
    days = list(
        log.filter(id__gt=since)
        .values("date")
        .annotate(last=Max("id"))
        .order_by("last")[: MAX_CHANGES_PER_PAGE + 1]
    )
    has_more = len(days) > MAX_CHANGES_PER_PAGE
    days = days[:MAX_CHANGES_PER_PAGE]
    next_cursor = max((day["last"] for day in days), default=since)
    if bounds["unsettled"] is not None:
        next_cursor = max(since, min(next_cursor, bounds["unsettled"] - 1))
    dates = [day["date"] for day in days]
    entries = {e.date: e for e in DiaryEntry.objects.filter(patient=patient, date__in=dates)}
    upserts = sorted(entries.values(), key=lambda e: e.date)
    deleted = sorted(day for day in dates if day not in entries)
    return ChangesPage(upserts, deleted, encode_cursor(next_cursor), has_more)


# --- trend inputs ------------------------------------------------------------------

TREND_FIELDS = (*SCORE_FIELDS, "walking_distance_m")


def _day_values(entry_values: dict[str, object]) -> trends.DayValues:
    values = {name: entry_values[name] for name in TREND_FIELDS}
    return trends.DayValues(date=entry_values["date"], values=values)  # type: ignore[arg-type]


def trend_days(
    *, patient: Patient, start: datetime.date, end: datetime.date
) -> list[trends.DayValues]:
    """Return the days trends need: the baseline's days and start..end (two queries)."""
    base = DiaryEntry.objects.filter(patient=patient).values("date", *TREND_FIELDS)
    if patient.baseline_start and patient.baseline_end:
        baseline_rows = base.filter(
            date__gte=patient.baseline_start, date__lte=patient.baseline_end
        )
    else:
        baseline_rows = base.order_by("date")[: trends.BASELINE_DAYS]
    # Seven days before start feed the first rolling means.
    window_rows = base.filter(date__gte=start - datetime.timedelta(days=6), date__lte=end)
    by_date = {row["date"]: row for row in baseline_rows}
    by_date.update({row["date"]: row for row in window_rows})
    return [_day_values(row) for _, row in sorted(by_date.items())]


def baseline_window(patient: Patient) -> tuple[datetime.date, datetime.date] | None:
    if patient.baseline_start and patient.baseline_end:
        return (patient.baseline_start, patient.baseline_end)
    return None


def diary_fingerprint(*, patient: Patient, start: datetime.date, end: datetime.date) -> str:
    """Return a short string that changes whenever the diary data of a range could.

    The latest change id covers writes and deletes anywhere in the diary (the
    baseline may lie outside the range); one query.
    """
    latest = DiaryChange.objects.filter(patient=patient).aggregate(latest=Max("id"))["latest"]
    return f"{latest or 0}"


def diary_entry_exists_on_local_day(*, patient: Patient, instant: datetime.datetime) -> bool:
    """Tell whether the patient has logged the diary of their local day at an instant."""
    return DiaryEntry.objects.filter(patient=patient, date=patient_today(patient, instant)).exists()


@dataclass(frozen=True)
class DiarySummary:
    """What the caseload shows of one patient's diary."""

    last_entry_date: datetime.date | None
    current: dict[str, float | None]  # means of the last 7 local days
    baseline: dict[str, float | None]


def _means(rows: list[dict[str, object]]) -> dict[str, float | None]:
    means: dict[str, float | None] = {}
    for field in TREND_FIELDS:
        values = [float(v) for row in rows if isinstance(v := row[field], int | float)]
        means[field] = sum(values) / len(values) if values else None
    return means


def diary_summaries(*, patients: list[Patient]) -> dict[int, DiarySummary]:
    """Return each patient's last entry, 7-day means and baseline means (three queries)."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    if not patients:
        return {}
    ids = [p.pk for p in patients]
    todays = {p.pk: patient_today(p) for p in patients}
    earliest = min(todays.values()) - datetime.timedelta(days=6)
    recent: dict[int, list[dict[str, object]]] = {pk: [] for pk in ids}
    last: dict[int, datetime.date] = {}
    for row in (
        DiaryEntry.objects.filter(patient_id__in=ids)
        .values("patient_id")
        .annotate(last=Max("date"))
    ):
        last[row["patient_id"]] = row["last"]
    for row in DiaryEntry.objects.filter(patient_id__in=ids, date__gte=earliest).values(
        "patient_id", "date", *TREND_FIELDS
    ):
        today = todays[row["patient_id"]]
        if today - datetime.timedelta(days=6) <= row["date"] <= today:
            recent[row["patient_id"]].append(row)
    # The default baseline is each patient's first 14 diary days; a clinician's window wins.
    windows = {
        p.pk: (p.baseline_start, p.baseline_end)
        for p in patients
        if p.baseline_start and p.baseline_end
    }
    first_days = (
        DiaryEntry.objects.filter(patient_id__in=ids)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("patient_id")], order_by=[F("date").asc()])
        )
        .values("patient_id", "date", "rank", *TREND_FIELDS)
    )
    baseline_rows: dict[int, list[dict[str, object]]] = {pk: [] for pk in ids}
    window_q = None
    for pk, (start, end) in windows.items():
        clause = Q(patient_id=pk, date__gte=start, date__lte=end)
        window_q = clause if window_q is None else window_q | clause
    for row in first_days.filter(rank__lte=trends.BASELINE_DAYS):
        if row["patient_id"] not in windows:
            baseline_rows[row["patient_id"]].append(row)
    if window_q is not None:
        for row in DiaryEntry.objects.filter(window_q).values("patient_id", "date", *TREND_FIELDS):
            baseline_rows[row["patient_id"]].append(row)
    return {
        pk: DiarySummary(last.get(pk), _means(recent[pk]), _means(baseline_rows[pk])) for pk in ids
    }
