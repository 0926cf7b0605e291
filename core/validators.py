"""Validators shared by every app."""

from __future__ import annotations

import datetime
import functools
import zoneinfo

from django.core.exceptions import ValidationError

# Entries of the tz database that are not places people live: "Factory" is a
# placeholder zone ("-00"), "localtime" mirrors the server's own clock, "posixrules"
# is a build artefact, and the "posix/" and "right/" trees duplicate every zone (the
# latter counting leap seconds, which makes local times drift). Some hosts list them.
_NOT_PATIENT_ZONES = frozenset({"Factory", "localtime", "posixrules"})
_NOT_PATIENT_PREFIXES = ("posix/", "right/")
TIMEZONE_MAX_LENGTH = 64


@functools.cache
def patient_timezones() -> frozenset[str]:
    """Return the IANA zone names a patient may live in (scanned once per process)."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if name not in _NOT_PATIENT_ZONES and not name.startswith(_NOT_PATIENT_PREFIXES)
    )


def validate_timezone(name: object) -> None:
    """Reject anything that is not an IANA timezone a person can live in.

    The one timezone check of the project: the model field, every serializer (through
    core.fields.TimezoneField) and the services use it. Membership in the scanned set,
    rather than trying ZoneInfo(name), also rules out paths such as "Europe/../UTC".
    """
    if not isinstance(name, str) or name not in patient_timezones():
        raise ValidationError(
            "%(name)s is not a timezone people live in; use an IANA name such as Europe/London.",
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
