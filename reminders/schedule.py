"""Compute when pacing reminders are due, in the patient's own timezone.

Pure: no database. Every datetime that crosses the public API is timezone-aware; results
are UTC instants. Timezone names are checked by the project's one checker
(core.validators, which needs no database either).
"""

from __future__ import annotations

import datetime
import math
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, time, timedelta

from django.core.exceptions import ValidationError

from core.validators import validate_timezone

__all__ = [
    "LOOKAHEAD",
    "ScheduleSpec",
    "due_times",
    "in_quiet_hours",
    "local_date",
    "next_due",
]

# Far enough to cover a weekly schedule plus a DST shift; next_due gives up after this.
LOOKAHEAD = timedelta(days=8)
MIN_EVERY_MINUTES = 5
MAX_EVERY_MINUTES = 720


def _zone(name: str) -> zoneinfo.ZoneInfo:
    """Return the zone of a name the project accepts, else raise ValueError."""
    try:
        validate_timezone(name)
    except ValidationError as error:
        # ValueError, like every other refusal here, so callers need not know Django.
        raise ValueError(
            f"Unknown timezone {name!r}; use an IANA name such as 'Europe/Berlin'."
        ) from error
    return zoneinfo.ZoneInfo(name)


def _require_aware(value: datetime.datetime, label: str) -> datetime.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{label} must be timezone-aware, got naive {value!r}.")
    return value.astimezone(UTC)


def in_quiet_hours(local_t: time, quiet: tuple[time, time] | None) -> bool:
    """Tell whether a local wall time falls in quiet hours [start, end), which may wrap."""
    if quiet is None:
        return False
    start, end = quiet
    if start == end:
        return False
    if start < end:
        return start <= local_t < end
    return local_t >= start or local_t < end


def local_date(tz: str, instant: datetime.datetime) -> datetime.date:
    """Return the patient's calendar date at `instant` in timezone `tz`."""
    return _require_aware(instant, "instant").astimezone(_zone(tz)).date()


@dataclass(frozen=True)
class ScheduleSpec:
    """Describe when a reminder recurs, in the patient's local time."""

    timezone: str
    times: tuple[time, ...] = ()
    weekdays: frozenset[int] = frozenset(range(7))  # 0 = Monday ... 6 = Sunday
    every_minutes: int | None = None
    window: tuple[time, time] | None = None
    quiet_hours: tuple[time, time] | None = (time(21, 30), time(8, 0))
    paused_until: datetime.date | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None

    def __post_init__(self) -> None:
        """Reject specs that could never be scheduled unambiguously."""
        _zone(self.timezone)
        if not self.weekdays or not self.weekdays <= frozenset(range(7)):
            raise ValueError("weekdays must be a non-empty subset of 0 (Monday) .. 6 (Sunday).")
        wall_times = list(self.times)
        for pair in (self.window, self.quiet_hours):
            wall_times.extend(pair or ())
        # Wall times are interpreted in `timezone`; an offset of their own would contradict it.
        if any(t.tzinfo is not None for t in wall_times):
            raise ValueError("times, window and quiet_hours must be naive local wall times.")
        if self.every_minutes is not None:
            if not MIN_EVERY_MINUTES <= self.every_minutes <= MAX_EVERY_MINUTES:
                raise ValueError(
                    f"every_minutes must be between {MIN_EVERY_MINUTES} and {MAX_EVERY_MINUTES}."
                )
            if self.window is None:
                raise ValueError("every_minutes needs a daily window (start, end).")
        if self.window is not None and not self.window[0] < self.window[1]:
            raise ValueError("window start must be before window end (windows do not wrap).")

    def is_active_on(self, day: datetime.date) -> bool:
        """Tell whether reminders may fire on local date `day` (weekday, pause, date range)."""
        if day.weekday() not in self.weekdays:
            return False
        if self.paused_until is not None and day <= self.paused_until:
            return False
        if self.starts_on is not None and day < self.starts_on:
            return False
        return self.ends_on is None or day <= self.ends_on

    def wall_times(self) -> list[time]:
        """Return the local wall times of one active day, before quiet hours are applied."""
        result = [t.replace(fold=0) for t in self.times]
        if self.every_minutes is not None and self.window is not None:
            # Step on an arbitrary date so time arithmetic can't wrap past midnight.
            step = timedelta(minutes=self.every_minutes)
            current = datetime.datetime.combine(datetime.date.min, self.window[0])
            last = datetime.datetime.combine(datetime.date.min, self.window[1])
            while current <= last:
                result.append(current.time())
                current += step
        return result


def _resolve(day: datetime.date, wall: time, zone: zoneinfo.ZoneInfo) -> datetime.datetime:
    """Map a local wall time to one UTC instant, honouring DST gaps and repeats."""
    # fold=0 selects the first of a repeated wall time, so fall-back hours fire once.
    local = datetime.datetime.combine(day, wall.replace(fold=0), tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == local.replace(tzinfo=None):
        return instant
    # The wall time fell in a gap. zoneinfo gave fold=0 the pre-transition offset (an instant
    # after the transition) and fold=1 the post-transition one (before it); the transition
    # itself, i.e. the first valid instant after the wall time, lies between. tzdata
    # transitions are whole seconds, so bisect on POSIX seconds.
    lo = math.floor(local.replace(fold=1).astimezone(UTC).timestamp())
    hi = math.ceil(instant.timestamp())
    before = datetime.datetime.fromtimestamp(lo, UTC).astimezone(zone).utcoffset()
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.datetime.fromtimestamp(mid, UTC).astimezone(zone).utcoffset() == before:
            lo = mid
        else:
            hi = mid
    return datetime.datetime.fromtimestamp(hi, UTC)


def due_times(
    spec: ScheduleSpec, after: datetime.datetime, until: datetime.datetime
) -> list[datetime.datetime]:
    """Return UTC instants with after < instant <= until, sorted and without duplicates."""
    after = _require_aware(after, "after")
    until = _require_aware(until, "until")
    if until <= after:
        return []
    zone = _zone(spec.timezone)
    wall_times = spec.wall_times()
    # A DST gap can push a wall time onto the next local date (Pacific/Apia skipped a whole
    # day), so start one day early; nothing resolves to an earlier date than its own.
    day = after.astimezone(zone).date() - timedelta(days=1)
    last_day = until.astimezone(zone).date()
    found: set[datetime.datetime] = set()
    while day <= last_day:
        if spec.is_active_on(day):
            for wall in wall_times:
                if in_quiet_hours(wall, spec.quiet_hours):
                    continue
                instant = _resolve(day, wall, zone)
                if not after < instant <= until:
                    continue
                # A gap shift moves the real send time; re-check it so nothing lands in quiet
                # hours or on an inactive day after the shift.
                actual = instant.astimezone(zone)
                if in_quiet_hours(actual.time(), spec.quiet_hours):
                    continue
                if actual.date() != day and not spec.is_active_on(actual.date()):
                    continue
                found.add(instant)
        day += timedelta(days=1)
    return sorted(found)


def next_due(spec: ScheduleSpec, after: datetime.datetime) -> datetime.datetime | None:
    """Return the first occurrence after `after` within LOOKAHEAD, or None if there is none."""
    after = _require_aware(after, "after")
    upcoming = due_times(spec, after, after + LOOKAHEAD)
    return upcoming[0] if upcoming else None
