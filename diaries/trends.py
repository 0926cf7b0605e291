"""Symptom trends against the patient's own baseline.

Pure functions: no Django, no database, stdlib only. The caller turns diary
entries into :class:`DayValues` (one per calendar day, the patient's local date)
and passes *all* the history it has, because the default baseline is taken from
the first diary days, which may lie before the requested range.

A clinically meaningful change against baseline (the minimal clinically important
difference) is decided by :func:`is_meaningful` alone, which the trends API, the
caseload, the visit report and the chart bands all use: a 0-10 score at 2 points, or
at 30 % and at least 1 point; walking distance at 30 % and at least 100 m.
Gaps (days without an entry) stay gaps: nothing is interpolated.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

SCORES = (
    "pain_rest",
    "pain_activity",
    "pain_night",
    "stiffness",
    "sleep_interference",
    "mood",
)  # 0-10, higher is worse
WALKING = "walking_distance_m"
METRICS = (*SCORES, WALKING)
# What a person reads for each measure: the diary's field help, chart panels, the visit
# report, goal metrics and red-flag reasons all take their wording from here.
LABELS: dict[str, str] = {
    "pain_rest": "Pain at rest",
    "pain_activity": "Pain on activity",
    "pain_night": "Night pain",
    "stiffness": "Stiffness",
    "sleep_interference": "Sleep interference",
    "mood": "Low mood or stress",
    WALKING: "Comfortable walking distance (m)",
}
# The largest values a diary day may record; a goal on a diary measure is held to them too.
MAX_SCORE = 10
MAX_WALKING_DISTANCE_M = 50_000

BASELINE_DAYS = 14
CURRENT_DAYS = 7
# Meaningful change against baseline. A score: MEANINGFUL_POINTS, or MEANINGFUL_PERCENT
# together with at least MEANINGFUL_MIN_POINTS. Walking: MEANINGFUL_PERCENT together
# with at least MEANINGFUL_MIN_METRES.
MEANINGFUL_POINTS = 2.0
MEANINGFUL_PERCENT = 30.0
MEANINGFUL_MIN_POINTS = 1.0
MEANINGFUL_MIN_METRES = 100.0
# The rule in words, for the report and the chart legends.
MEANINGFUL_RULE = (
    f"a score at {MEANINGFUL_POINTS:g} points, or at {MEANINGFUL_PERCENT:g} % and at least "
    f"{MEANINGFUL_MIN_POINTS:g} point; walking distance at {MEANINGFUL_PERCENT:g} % and at "
    f"least {MEANINGFUL_MIN_METRES:g} m"
)
# Thresholds are compared on values rounded to this many decimals, the precision
# shown to people, so that 2.0 displayed is 2.0 compared (and float noise such as
# 3.9 - 3.0 = 0.8999999999999999 does not move a change across a boundary).
DECIMALS = 2


@dataclass(frozen=True)
class DayValues:
    date: datetime.date
    values: Mapping[str, float | None]  # keys from METRICS; missing key or None = not recorded


@dataclass(frozen=True)
class Change:
    baseline: float | None
    current: float | None  # mean of the entries in the 7 calendar days ending at `end`
    absolute: float | None  # current - baseline
    percent: float | None  # relative to baseline; None when baseline is 0 or None
    meaningful: bool


def _value(day: DayValues, metric: str) -> float | None:
    raw = day.values.get(metric)
    if raw is None:
        return None
    value = float(raw)
    return None if math.isnan(value) else value


def _has_entry(day: DayValues) -> bool:
    return any(_value(day, metric) is not None for metric in METRICS)


def _by_date(days: Iterable[DayValues]) -> list[DayValues]:
    """Days in date order, one per date (a later duplicate replaces an earlier one)."""
    unique = {day.date: day for day in days}
    return [unique[d] for d in sorted(unique)]


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return math.fsum(present) / len(present) if present else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def _calendar(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    return [start + datetime.timedelta(days=i) for i in range((end - start).days + 1)]


def daily_series(
    days: Iterable[DayValues], start: datetime.date, end: datetime.date, metric: str
) -> list[float | None]:
    """One slot per calendar day from start to end inclusive; days without a value are None."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    by_date = {day.date: _value(day, metric) for day in _by_date(days)}
    return [by_date.get(d) for d in _calendar(start, end)]


def rolling_mean(series: Sequence[float | None], window: int = 7) -> list[float | None]:
    """Mean of the non-None values among the last `window` slots (this one included).

    None where the whole window is empty: a long gap breaks the line.
    """
    if window < 1:
        raise ValueError("window must be at least 1")
    return [_mean(series[max(0, i - window + 1) : i + 1]) for i in range(len(series))]


def _baseline_days(
    days: Iterable[DayValues],
    first_n_days: int = BASELINE_DAYS,
    window: tuple[datetime.date, datetime.date] | None = None,
) -> list[DayValues]:
    entries = [day for day in _by_date(days) if _has_entry(day)]
    if window is not None:
        low, high = window
        if high < low:
            raise ValueError(f"baseline window ends ({high}) before it starts ({low})")
        return [day for day in entries if low <= day.date <= high]
    if first_n_days < 1:
        raise ValueError("first_n_days must be at least 1")
    return entries[:first_n_days]


def baseline(
    days: Iterable[DayValues],
    first_n_days: int = BASELINE_DAYS,
    window: tuple[datetime.date, datetime.date] | None = None,
) -> dict[str, float | None]:
    """Per metric, the patient's baseline.

    By default the mean over the first `first_n_days` diary days that have an entry
    (gap days are skipped, not counted); with `window` (a clinician-set baseline
    period, inclusive) the mean of the entries inside it. None when nothing was
    recorded for that metric.
    """
    chosen = _baseline_days(days, first_n_days, window)
    return {metric: _mean(_value(day, metric) for day in chosen) for metric in METRICS}


def _smallest_meaningful_step(metric: str, baseline_value: float) -> float:
    """The smallest |change| from `baseline_value` that :func:`is_meaningful` accepts.

    The percent test is relative to the baseline in either direction, so the step is the
    same above and below. A baseline of 0 has no percent; any change from 0 is taken as
    more than 30 % (the limit as the baseline shrinks), leaving the points or metres test.
    """
    relative = abs(baseline_value) * MEANINGFUL_PERCENT / 100.0
    if metric == WALKING:
        return max(relative, MEANINGFUL_MIN_METRES)
    return min(MEANINGFUL_POINTS, max(relative, MEANINGFUL_MIN_POINTS))


def is_meaningful(metric: str, baseline_value: float | None, current_value: float | None) -> bool:
    """Whether `current_value` differs meaningfully from `baseline_value`, up or down.

    Scores: |absolute| >= 2 points, or |percent| >= 30 % and |absolute| >= 1 point.
    Walking distance: |percent| >= 30 % and |absolute| >= 100 m. A baseline of 0 meets
    the percent test with any change. Compared at the displayed precision (DECIMALS), so
    float noise never moves a change across a boundary. False when either value is None.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    if baseline_value is None or current_value is None:
        return False
    absolute = abs(round(current_value - baseline_value, DECIMALS))
    if baseline_value == 0:
        big_percent = absolute > 0
    else:
        percent = (current_value - baseline_value) / baseline_value * 100.0
        big_percent = abs(round(percent, DECIMALS)) >= MEANINGFUL_PERCENT
    if metric == WALKING:
        return big_percent and absolute >= MEANINGFUL_MIN_METRES
    return absolute >= MEANINGFUL_POINTS or (big_percent and absolute >= MEANINGFUL_MIN_POINTS)


def meaningful_band(metric: str, baseline_value: float) -> tuple[float, float]:
    """The band around a baseline inside which no change is meaningful: (low, high).

    `low` and `high` are the values nearest the baseline, below and above it, that
    :func:`is_meaningful` accepts; everything strictly between them is not meaningful
    (up to the DECIMALS precision of the comparison). They are not clipped to what a
    diary can record (a score band may reach below 0 or above 10, a walking band below
    0 m): a change past an unreachable edge cannot happen. The charts clip when drawing.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    step = _smallest_meaningful_step(metric, baseline_value)
    return baseline_value - step, baseline_value + step


def change_against(
    baseline_value: float | None, current_value: float | None, metric: str
) -> Change:
    """The change of `current_value` against `baseline_value`; `meaningful` from
    :func:`is_meaningful`. `percent` is None when the baseline is 0 or None."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    if baseline_value is None or current_value is None:
        return Change(baseline_value, current_value, None, None, False)
    absolute = current_value - baseline_value
    percent = absolute / baseline_value * 100.0 if baseline_value > 0 else None
    meaningful = is_meaningful(metric, baseline_value, current_value)
    return Change(baseline_value, current_value, absolute, percent, meaningful)


def build_trends(
    days: Iterable[DayValues],
    start: datetime.date,
    end: datetime.date,
    baseline_window: tuple[datetime.date, datetime.date] | None = None,
) -> dict[str, object]:
    """JSON-ready trends for start..end (inclusive), floats rounded to 2 decimals.

    `days` should hold the patient's whole history: the default baseline comes from
    the first 14 entry days, wherever they fall.
    """
    history = _by_date(days)
    dates = _calendar(start, end)
    chosen = _baseline_days(history, window=baseline_window)
    base = {metric: _mean(_value(day, metric) for day in chosen) for metric in METRICS}

    window_info: dict[str, object]
    if baseline_window is not None:
        window_info = {
            "from": baseline_window[0].isoformat(),
            "to": baseline_window[1].isoformat(),
        }
    else:
        window_info = {
            "first_n_days": BASELINE_DAYS,
            "from": chosen[0].date.isoformat() if chosen else None,
            "to": chosen[-1].date.isoformat() if chosen else None,
        }

    current_from = end - datetime.timedelta(days=CURRENT_DAYS - 1)
    recent = [day for day in history if current_from <= day.date <= end]

    series: dict[str, object] = {}
    change: dict[str, object] = {}
    for metric in METRICS:
        daily = daily_series(history, start, end, metric)
        series[metric] = {
            "daily": [_round(v) for v in daily],
            "rolling_7d": [_round(v) for v in rolling_mean(daily, CURRENT_DAYS)],
        }
        current = _mean(_value(day, metric) for day in recent)
        c = change_against(base[metric], current, metric)
        change[metric] = {
            "baseline": _round(c.baseline),
            "current": _round(c.current),
            "absolute": _round(c.absolute),
            "percent": _round(c.percent),
            "meaningful": c.meaningful,
        }

    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "dates": [d.isoformat() for d in dates],
        "baseline": {
            "window": window_info,
            "values": {metric: _round(v) for metric, v in base.items()},
        },
        "series": series,
        "change": change,
    }
