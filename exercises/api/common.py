"""Query-string helpers shared by the exercise views."""

from __future__ import annotations

import datetime
import uuid

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request

MAX_RANGE_DAYS = 366


def parse_day(value: str, field: str) -> datetime.date:
    """Parse a YYYY-MM-DD query value, or answer 400 naming the field."""
    try:
        if len(value) != 10:
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: ["Use a date as YYYY-MM-DD."]}) from None


def date_range(
    request: Request, today: datetime.date, default_days: int = 30
) -> tuple[datetime.date, datetime.date]:
    """Return ``from``..``to`` of the query string (default: the last ``default_days`` days)."""
    raw_from, raw_to = request.query_params.get("from"), request.query_params.get("to")
    end = parse_day(raw_to, "to") if raw_to else today
    start = (
        parse_day(raw_from, "from") if raw_from else end - datetime.timedelta(days=default_days - 1)
    )
    if start > end:
        raise ValidationError({"from": ["'from' must not be after 'to'."]})
    if (end - start).days >= MAX_RANGE_DAYS:
        raise ValidationError({"from": [f"Ask for at most {MAX_RANGE_DAYS} days at a time."]})
    return start, end


def parse_client_id(value: str) -> uuid.UUID:
    """Parse a session's UUID from the path; anything else names no session (404)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound("No session has this id; use a UUID.") from None
