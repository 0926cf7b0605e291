"""Pre-session and next-morning pain from the diary. Pure.

The diary has no "morning" score, so next-morning pain is the next day's pain at
rest: the score a person gives for the hip before the day's activity loads it.
Where rest pain is missing on either day, pain on activity stands in, but the two
days are always compared on the same score: comparing one day's rest pain with
the next day's activity pain would report a flare that is only a change of scale.
"""

from __future__ import annotations

from typing import Protocol


class DiaryPain(Protocol):
    pain_rest: int | None
    pain_activity: int | None


PAIN_FIELDS = ("pain_rest", "pain_activity")


def _first(entry: DiaryPain | None) -> int | None:
    if entry is None:
        return None
    for name in PAIN_FIELDS:
        value: int | None = getattr(entry, name)
        if value is not None:
            return value
    return None


def overnight_pair(
    day: DiaryPain | None, next_day: DiaryPain | None
) -> tuple[int | None, int | None]:
    """Return (pre-session pain, next-morning pain), both on the same diary score.

    The pre-session level is always given when the session day has a pain score;
    the next-morning level only when it can be compared on the same score.
    """
    if day is not None and next_day is not None:
        for name in PAIN_FIELDS:
            before, after = getattr(day, name), getattr(next_day, name)
            if before is not None and after is not None:
                return before, after
    return _first(day), None
