"""Path and query-string values shared by every API: dates and date ranges."""

from __future__ import annotations

import datetime

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

# Dates outside this span are typing mistakes, and date arithmetic near year 1 or
# 9999 overflows; refusing them keeps every range computation safe.
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2200, 12, 31)


def parse_day(value: str, field: str = "date") -> datetime.date:
    """Parse a YYYY-MM-DD path or query value, or answer 400 naming the field."""
    try:
        if len(value) != 10:
            raise ValueError
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: ["Use a date as YYYY-MM-DD."]}) from None
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError({field: [f"Use a date between {EARLIEST_DAY} and {LATEST_DAY}."]})
    return day


def date_range(
    request: Request, today: datetime.date, *, default_days: int, max_days: int
) -> tuple[datetime.date, datetime.date]:
    """Return ``from``..``to`` of the query string (default: the last ``default_days`` days)."""
    raw_from, raw_to = request.query_params.get("from"), request.query_params.get("to")
    end = parse_day(raw_to, "to") if raw_to else today
    start = (
        parse_day(raw_from, "from") if raw_from else end - datetime.timedelta(days=default_days - 1)
    )
    if start > end:
        raise ValidationError({"from": ["'from' must not be after 'to'."]})
    if (end - start).days >= max_days:
        raise ValidationError({"from": [f"Ask for at most {max_days} days at a time."]})
    return start, end
