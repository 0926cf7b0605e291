"""Query-string helpers shared by the exercise views."""

from __future__ import annotations

import datetime
import uuid

from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from core.params import date_range as core_date_range

MAX_RANGE_DAYS = 366


def date_range(
    request: Request, today: datetime.date, default_days: int = 30
) -> tuple[datetime.date, datetime.date]:
    """Return ``from``..``to`` of the query string (default: the last ``default_days`` days)."""
    return core_date_range(request, today, default_days=default_days, max_days=MAX_RANGE_DAYS)


def parse_client_id(value: str) -> uuid.UUID:
    """Parse a session's UUID from the path; anything else names no session (404)."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound("No session has this id; use a UUID.") from None
