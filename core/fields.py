"""Serializer fields shared by every app."""

from __future__ import annotations

import datetime
import math
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.params import EARLIEST_DAY, LATEST_DAY
from core.validators import (
    TIMEZONE_MAX_LENGTH,
    format_clock_time,
    parse_clock_time,
    validate_timezone,
)


@extend_schema_field(OpenApiTypes.STR)
class ClockTimeField(serializers.Field[datetime.time, str, str, Any]):
    """A local wall-clock time written as "HH:MM"."""

    default_error_messages = {"invalid": "Use 24-hour HH:MM, e.g. 07:30."}

    def to_internal_value(self, data: Any) -> datetime.time:
        try:
            return parse_clock_time(data)
        except DjangoValidationError:
            self.fail("invalid")
            raise  # unreachable: fail() raises

    def to_representation(self, value: datetime.time) -> str:
        return format_clock_time(value)


@extend_schema_field({"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2})
class TimeRangeField(
    serializers.Field[tuple[datetime.time, datetime.time], list[str], list[str], Any]
):
    """A daily range ``["22:00", "07:00"]``; it may wrap past midnight."""

    default_error_messages = {
        "invalid": 'Give two times as ["HH:MM", "HH:MM"].',
        "empty": "Start and end must differ.",
    }

    def __init__(self, *, allow_wrap: bool = True, **kwargs: Any) -> None:
        self.allow_wrap = allow_wrap
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> tuple[datetime.time, datetime.time]:
        if not isinstance(data, list | tuple) or len(data) != 2:
            self.fail("invalid")
        try:
            start, end = parse_clock_time(data[0]), parse_clock_time(data[1])
        except DjangoValidationError:
            self.fail("invalid")
            raise
        if start == end:
            self.fail("empty")
        if not self.allow_wrap and end < start:
            raise serializers.ValidationError("The end must come after the start.")
        return (start, end)

    def to_representation(self, value: tuple[datetime.time, datetime.time]) -> list[str]:
        return [format_clock_time(value[0]), format_clock_time(value[1])]


class TimezoneField(serializers.CharField):
    """An IANA timezone name, validated against the system's database."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TIMEZONE_MAX_LENGTH)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        try:
            validate_timezone(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None
        return value


class BoundedDateField(serializers.DateField):
    """A calendar date between core.params.EARLIEST_DAY and LATEST_DAY, like diary dates.

    Dates near year 1 or 9999 are typing mistakes, and the day arithmetic done on them
    (the day after a pause, a week's window) overflows into a 500.
    """

    default_error_messages = {"bounds": f"Use a date between {EARLIEST_DAY} and {LATEST_DAY}."}

    def to_internal_value(self, value: Any) -> datetime.date:
        day = super().to_internal_value(value)
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            self.fail("bounds")
        return day


class StrictIntegerField(serializers.IntegerField):
    """An integer that refuses floats like 3.5, booleans and non-numeric strings."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or (isinstance(data, float) and not data.is_integer()):
            self.fail("invalid")
        if isinstance(data, str) and not data.strip().lstrip("-").isdigit():
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictFloatField(serializers.FloatField):
    """A finite number; booleans, NaN and infinities are refused."""

    def to_internal_value(self, data: Any) -> float:
        if isinstance(data, bool):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class StrictBooleanField(serializers.BooleanField):
    """A JSON boolean; 'yes', 1 and friends are refused to avoid silent surprises."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return bool(data)
