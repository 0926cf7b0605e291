"""Validators shared by every app."""

from __future__ import annotations

import datetime
import functools
import zoneinfo

from django.core.exceptions import ValidationError


@functools.cache
def _known_timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(name: str) -> None:
    """Reject anything that is not a known IANA timezone name."""
    if not isinstance(name, str) or name not in _known_timezones():
        raise ValidationError(
            "Unknown timezone %(name)s; use an IANA name such as Europe/London.",
            code="invalid_timezone",
            params={"name": repr(name)[:80]},
        )


def parse_clock_time(value: object) -> datetime.time:
    """Parse a strict 24-hour "HH:MM" string into a time."""
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        raise ValidationError("Use 24-hour HH:MM, e.g. 07:30.", code="invalid_time")
    hours, minutes = value[:2], value[3:]
    if not (hours.isdigit() and minutes.isdigit()) or int(hours) > 23 or int(minutes) > 59:
        raise ValidationError("Use 24-hour HH:MM, e.g. 07:30.", code="invalid_time")
    return datetime.time(int(hours), int(minutes))


def format_clock_time(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def parse_object_id(value: str) -> int | None:
    """Return a path segment as a database id, or None when it cannot be one (answer 404)."""
    # isdecimal, not isdigit: "²" is a digit to Python but not a number to the database.
    if not value.isascii() or not value.isdecimal() or len(value) > 18:
        return None
    return int(value) or None


def validate_single_line(value: str) -> None:
    """Reject control characters (newlines, tabs, NUL) in a name shown in titles and subjects."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValidationError(
            "Use a single line without control characters.", code="control_characters"
        )
