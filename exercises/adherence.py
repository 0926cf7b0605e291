"""Adherence: sessions done against sessions prescribed, per week and per item. Pure.

Weeks run Monday to Sunday on the patient's own calendar (the caller passes local
dates). A plan item is prescribed ``per_week`` sessions for every full week it is
in force; in a week it covers only in part, the target is prorated by days and
rounded half up (a plan starting on a Thursday asks for 2 of 3).

Extra sessions of one item never make up for missed sessions of another: a week's
percent is the sum over items of ``min(done, prescribed)`` against the sum
prescribed. The current week is still running, so it is shown (``in_progress``)
but left out of the totals; the streak counts complete weeks at 100 %, back from
the latest one, plus the current week once it is already complete.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

WEEK = datetime.timedelta(days=7)


@dataclass(frozen=True)
class ItemSpan:
    """A plan item and the local days (inclusive) its plan was in force."""

    item_id: int
    per_week: int
    start: datetime.date
    end: datetime.date | None  # None: still in force


@dataclass(frozen=True)
class ItemWeek:
    item_id: int
    prescribed: int
    done: int


@dataclass(frozen=True)
class Week:
    start: datetime.date
    end: datetime.date
    prescribed: int
    done: int
    counted: int  # done, capped per item at what was prescribed
    percent: int | None
    in_progress: bool
    items: tuple[ItemWeek, ...]


@dataclass(frozen=True)
class ItemTotal:
    item_id: int
    prescribed: int
    done: int
    counted: int
    percent: int | None


@dataclass(frozen=True)
class Adherence:
    weeks: tuple[Week, ...]  # oldest first; the last is the current week
    items: tuple[ItemTotal, ...]
    prescribed: int
    done: int
    counted: int
    percent: int | None
    current_streak_weeks: int


def week_start(day: datetime.date) -> datetime.date:
    """Return the Monday of the week a day falls in."""
    return day - datetime.timedelta(days=day.weekday())


def _round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def _percent(counted: int, prescribed: int) -> int | None:
    return _round_half_up(100 * counted, prescribed) if prescribed else None


def prescribed_in_week(span: ItemSpan, monday: datetime.date) -> int:
    """Return how many sessions of an item the week starting ``monday`` asks for."""
    sunday = monday + datetime.timedelta(days=6)
    first = max(span.start, monday)
    last = sunday if span.end is None else min(span.end, sunday)
    days = (last - first).days + 1
    if days <= 0:
        return 0
    return _round_half_up(span.per_week * days, 7)


def _week(
    monday: datetime.date,
    spans: Sequence[ItemSpan],
    done: Counter[tuple[int, datetime.date]],
    in_progress: bool,
) -> Week:
    prescribed = Counter({s.item_id: prescribed_in_week(s, monday) for s in spans})
    performed: Counter[int] = Counter()
    for (item_id, week), count in done.items():
        if week == monday:
            performed[item_id] += count
    item_ids = sorted(i for i in set(prescribed) | set(performed) if prescribed[i] or performed[i])
    items = tuple(ItemWeek(i, prescribed[i], performed[i]) for i in item_ids)
    total = sum(i.prescribed for i in items)
    counted = sum(min(i.done, i.prescribed) for i in items)
    return Week(
        start=monday,
        end=monday + datetime.timedelta(days=6),
        prescribed=total,
        done=sum(i.done for i in items),
        counted=counted,
        percent=_percent(counted, total),
        in_progress=in_progress,
        items=items,
    )


def _streak(weeks: Sequence[Week]) -> int:
    *complete, current = weeks
    streak = 0
    for week in reversed(complete):
        if week.prescribed == 0 or week.counted < week.prescribed:
            break
        streak += 1
    if current.prescribed and current.counted >= current.prescribed:
        streak += 1
    return streak


def compute(
    spans: Sequence[ItemSpan],
    sessions: Iterable[tuple[int, datetime.date]],
    today: datetime.date,
    weeks: int,
    streak_weeks: int = 52,
) -> Adherence:
    """Return adherence for the ``weeks`` weeks ending with the current one.

    ``sessions`` are ``(item_id, local date)`` pairs; sessions after ``today`` are
    ignored. The streak looks back ``streak_weeks`` weeks whatever ``weeks`` is.
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    span_weeks = max(weeks, streak_weeks)
    current = week_start(today)
    first = current - WEEK * (span_weeks - 1)
    done: Counter[tuple[int, datetime.date]] = Counter(
        (item_id, week_start(day)) for item_id, day in sessions if first <= day <= today
    )
    all_weeks = [
        _week(first + WEEK * n, spans, done, in_progress=(n == span_weeks - 1))
        for n in range(span_weeks)
    ]
    shown = tuple(all_weeks[-weeks:])
    complete = [w for w in shown if not w.in_progress]
    totals: dict[int, list[int]] = {}
    for week in complete:
        for item in week.items:
            row = totals.setdefault(item.item_id, [0, 0, 0])
            row[0] += item.prescribed
            row[1] += item.done
            row[2] += min(item.done, item.prescribed)
    for item in shown[-1].items:
        totals.setdefault(item.item_id, [0, 0, 0])
    items = tuple(
        ItemTotal(item_id, p, d, c, _percent(c, p)) for item_id, (p, d, c) in sorted(totals.items())
    )
    prescribed = sum(w.prescribed for w in complete)
    counted = sum(w.counted for w in complete)
    return Adherence(
        weeks=shown,
        items=items,
        prescribed=prescribed,
        done=sum(w.done for w in complete),
        counted=counted,
        percent=_percent(counted, prescribed),
        current_streak_weeks=_streak(all_weeks),
    )


def day_is_done(
    spans: Sequence[ItemSpan], sessions: Iterable[tuple[int, datetime.date]], day: datetime.date
) -> bool:
    """Tell whether a day needs no more exercise: every item done that day or done for the week.

    ``sessions`` are the ``(item_id, date)`` pairs of the day's week. An item asked
    for three times a week is not owed every day, so one whose weekly target is met
    counts as done. No items at all is never "done": there is nothing to judge.
    """
    monday = week_start(day)
    done_today: set[int] = set()
    done_in_week: Counter[int] = Counter()
    for item_id, date in sessions:
        if week_start(date) != monday:
            continue
        done_in_week[item_id] += 1
        if date == day:
            done_today.add(item_id)
    owed = [s for s in spans if prescribed_in_week(s, monday) > 0]
    if not owed:
        return False
    return all(
        s.item_id in done_today or done_in_week[s.item_id] >= prescribed_in_week(s, monday)
        for s in owed
    )
