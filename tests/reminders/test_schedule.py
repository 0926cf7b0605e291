"""Tests for the pure reminder-timing module (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from core import validators
from reminders.schedule import (
    LOOKAHEAD,
    ScheduleSpec,
    due_times,
    in_quiet_hours,
    local_date,
    next_due,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(tz: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(tz))


def whole_day(spec: ScheduleSpec, day: date) -> list[datetime]:
    """Return the occurrences from local midnight of `day` up to the next local midnight."""
    tz = ZoneInfo(spec.timezone)
    start = datetime.combine(day, time(0), tzinfo=tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    tick = timedelta(microseconds=1)
    return due_times(spec, start - tick, end - tick)


# --- fixed times and weekdays -------------------------------------------------------------


def test_fixed_times_fire_only_on_chosen_weekdays_across_a_week() -> None:
    spec = ScheduleSpec(
        timezone="Europe/Berlin", times=(time(9), time(19)), weekdays=frozenset({MON, WED, FRI})
    )
    # Week of Monday 2024-06-03; Berlin is UTC+2 in summer.
    result = due_times(
        spec, local("Europe/Berlin", 2024, 6, 3), local("Europe/Berlin", 2024, 6, 10)
    )
    assert result == [
        utc(2024, 6, 3, 7),
        utc(2024, 6, 3, 17),
        utc(2024, 6, 5, 7),
        utc(2024, 6, 5, 17),
        utc(2024, 6, 7, 7),
        utc(2024, 6, 7, 17),
    ]
    assert all(r.tzinfo is UTC for r in result)


def test_fixed_times_given_out_of_order_or_twice_come_back_sorted_and_once() -> None:
    spec = ScheduleSpec(timezone="UTC", times=(time(19), time(9), time(19)))
    assert whole_day(spec, date(2024, 6, 3)) == [utc(2024, 6, 3, 9), utc(2024, 6, 3, 19)]


@pytest.mark.parametrize(
    ("after", "until", "expected"),
    [
        pytest.param(
            utc(2024, 6, 3, 9), utc(2024, 6, 3, 19), [utc(2024, 6, 3, 19)], id="after-open"
        ),
        pytest.param(
            utc(2024, 6, 3, 8), utc(2024, 6, 3, 9), [utc(2024, 6, 3, 9)], id="until-closed"
        ),
        pytest.param(utc(2024, 6, 3, 10), utc(2024, 6, 3, 10), [], id="empty-range"),
        pytest.param(utc(2024, 6, 3, 20), utc(2024, 6, 3, 8), [], id="reversed-range"),
    ],
)
def test_range_excludes_after_and_includes_until(
    after: datetime, until: datetime, expected: list[datetime]
) -> None:
    spec = ScheduleSpec(timezone="UTC", times=(time(9), time(19)))
    assert due_times(spec, after, until) == expected


def test_non_utc_bounds_are_accepted_and_results_are_utc() -> None:
    spec = ScheduleSpec(timezone="Asia/Tokyo", times=(time(9),))
    after = local("America/New_York", 2024, 6, 2, 12)  # 2024-06-03 01:00 Tokyo
    result = due_times(spec, after, after + timedelta(hours=12))
    assert result == [utc(2024, 6, 3, 0)]
    assert result[0].tzinfo is UTC


# --- interval mode ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("every", "window", "count", "first", "last"),
    [
        pytest.param(30, (time(9), time(17)), 17, time(9), time(17), id="30min-end-included"),
        pytest.param(45, (time(9), time(17)), 11, time(9), time(16, 30), id="45min-end-skipped"),
        pytest.param(5, (time(10), time(10, 20)), 5, time(10), time(10, 20), id="5min-minimum"),
        pytest.param(720, (time(8), time(20)), 2, time(8), time(20), id="720min-maximum"),
        pytest.param(90, (time(8, 15), time(9)), 1, time(8, 15), time(8, 15), id="short-window"),
    ],
)
def test_interval_mode_steps_from_window_start_up_to_window_end(
    every: int, window: tuple[time, time], count: int, first: time, last: time
) -> None:
    spec = ScheduleSpec(timezone="Europe/Berlin", every_minutes=every, window=window)
    result = whole_day(spec, date(2024, 6, 4))
    local_times = [r.astimezone(ZoneInfo("Europe/Berlin")).time() for r in result]
    assert len(result) == count
    assert local_times[0] == first
    assert local_times[-1] == last


def test_interval_and_fixed_times_merge_without_duplicates() -> None:
    spec = ScheduleSpec(
        timezone="UTC", times=(time(10), time(10, 15)), every_minutes=60, window=(time(9), time(11))
    )
    assert whole_day(spec, date(2024, 6, 4)) == [
        utc(2024, 6, 4, 9),
        utc(2024, 6, 4, 10),
        utc(2024, 6, 4, 10, 15),
        utc(2024, 6, 4, 11),
    ]


# --- quiet hours --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("local_t", "quiet", "expected"),
    [
        pytest.param(time(21, 30), (time(21, 30), time(8)), True, id="wrap-start-is-quiet"),
        pytest.param(time(8), (time(21, 30), time(8)), False, id="wrap-end-is-allowed"),
        pytest.param(time(7, 59, 59), (time(21, 30), time(8)), True, id="wrap-just-before-end"),
        pytest.param(time(0), (time(21, 30), time(8)), True, id="wrap-midnight"),
        pytest.param(time(23, 59), (time(21, 30), time(8)), True, id="wrap-before-midnight"),
        pytest.param(time(12), (time(21, 30), time(8)), False, id="wrap-midday"),
        pytest.param(time(21, 29), (time(21, 30), time(8)), False, id="wrap-just-before-start"),
        pytest.param(time(13), (time(13), time(15)), True, id="plain-start-is-quiet"),
        pytest.param(time(15), (time(13), time(15)), False, id="plain-end-is-allowed"),
        pytest.param(time(14), (time(13), time(15)), True, id="plain-inside"),
        pytest.param(time(3), (time(13), time(15)), False, id="plain-outside"),
        pytest.param(time(3), (time(9), time(9)), False, id="equal-bounds-mean-none"),
        pytest.param(time(9), (time(9), time(9)), False, id="equal-bounds-at-bound"),
        pytest.param(time(3), None, False, id="no-quiet-hours"),
    ],
)
def test_in_quiet_hours_is_start_inclusive_end_exclusive_and_wraps(
    local_t: time, quiet: tuple[time, time] | None, expected: bool
) -> None:
    assert in_quiet_hours(local_t, quiet) is expected


def test_default_quiet_hours_skip_night_times_but_allow_the_boundary_at_eight() -> None:
    spec = ScheduleSpec(
        timezone="UTC", times=(time(7, 59), time(8), time(21, 29), time(21, 30), time(23), time(2))
    )
    assert whole_day(spec, date(2024, 6, 4)) == [utc(2024, 6, 4, 8), utc(2024, 6, 4, 21, 29)]


def test_interval_mode_is_clipped_by_quiet_hours() -> None:
    spec = ScheduleSpec(
        timezone="UTC",
        every_minutes=60,
        window=(time(6), time(23)),
        quiet_hours=(time(22), time(7)),
    )
    result = whole_day(spec, date(2024, 6, 4))
    assert result[0] == utc(2024, 6, 4, 7)
    assert result[-1] == utc(2024, 6, 4, 21)
    assert len(result) == 15


def test_quiet_hours_can_be_switched_off() -> None:
    spec = ScheduleSpec(timezone="UTC", times=(time(3),), quiet_hours=None)
    assert whole_day(spec, date(2024, 6, 4)) == [utc(2024, 6, 4, 3)]


def test_quiet_hours_apply_in_patient_local_time_not_utc() -> None:
    # 12:00 in Auckland (NZST, UTC+12) is midnight UTC: still sent.
    spec = ScheduleSpec(timezone="Pacific/Auckland", times=(time(12), time(23)))
    assert whole_day(spec, date(2024, 6, 4)) == [utc(2024, 6, 4, 0)]


# --- pause and date range -----------------------------------------------------------------


def test_pause_suppresses_local_dates_up_to_and_including_paused_until() -> None:
    spec = ScheduleSpec(timezone="UTC", times=(time(9),), paused_until=date(2024, 6, 5))
    result = due_times(spec, utc(2024, 6, 3), utc(2024, 6, 8))
    assert result == [utc(2024, 6, 6, 9), utc(2024, 6, 7, 9)]


def test_starts_on_and_ends_on_are_inclusive_local_dates() -> None:
    spec = ScheduleSpec(
        timezone="UTC", times=(time(9),), starts_on=date(2024, 6, 4), ends_on=date(2024, 6, 6)
    )
    result = due_times(spec, utc(2024, 6, 1), utc(2024, 6, 10))
    assert result == [utc(2024, 6, 4, 9), utc(2024, 6, 5, 9), utc(2024, 6, 6, 9)]


def test_date_limits_use_the_patient_local_date_not_the_utc_date() -> None:
    # 09:00 on 2024-06-04 in Auckland is 21:00 UTC on 2024-06-03.
    spec = ScheduleSpec(
        timezone="Pacific/Auckland",
        times=(time(9),),
        starts_on=date(2024, 6, 4),
        ends_on=date(2024, 6, 4),
    )
    assert due_times(spec, utc(2024, 6, 1), utc(2024, 6, 8)) == [utc(2024, 6, 3, 21)]


# --- daylight saving ----------------------------------------------------------------------

DST_CASES = [
    # Spring forward: the nonexistent wall time goes out at the first valid instant after it.
    pytest.param(
        "Europe/Berlin", date(2024, 3, 31), time(2, 30), utc(2024, 3, 31, 1), id="berlin-gap"
    ),
    pytest.param(
        "America/New_York", date(2024, 3, 10), time(2, 30), utc(2024, 3, 10, 7), id="new-york-gap"
    ),
    pytest.param(
        "Australia/Sydney", date(2024, 10, 6), time(2, 30), utc(2024, 10, 5, 16), id="sydney-gap"
    ),
    # Fall back: the repeated wall time goes out once, at its first occurrence (summer time).
    pytest.param(
        "Europe/Berlin",
        date(2024, 10, 27),
        time(2, 30),
        utc(2024, 10, 27, 0, 30),
        id="berlin-repeat",
    ),
    pytest.param(
        "America/New_York", date(2024, 11, 3), time(1, 30), utc(2024, 11, 3, 5, 30), id="ny-repeat"
    ),
    pytest.param(
        "Australia/Sydney", date(2024, 4, 7), time(2, 30), utc(2024, 4, 6, 15, 30), id="syd-repeat"
    ),
]


@pytest.mark.parametrize(("tz", "day", "wall", "expected"), DST_CASES)
def test_dst_gap_moves_forward_and_dst_repeat_fires_once(
    tz: str, day: date, wall: time, expected: datetime
) -> None:
    spec = ScheduleSpec(timezone=tz, times=(wall,), quiet_hours=None)
    assert whole_day(spec, day) == [expected]


@pytest.mark.parametrize(("tz", "day", "wall", "expected"), DST_CASES)
def test_dst_fold_one_in_a_spec_time_is_ignored(
    tz: str, day: date, wall: time, expected: datetime
) -> None:
    spec = ScheduleSpec(timezone=tz, times=(wall.replace(fold=1),), quiet_hours=None)
    assert whole_day(spec, day) == [expected]


def test_gap_time_colliding_with_real_time_is_sent_once() -> None:
    spec = ScheduleSpec(
        timezone="Europe/Berlin", times=(time(2, 30), time(3), time(3, 30)), quiet_hours=None
    )
    assert whole_day(spec, date(2024, 3, 31)) == [utc(2024, 3, 31, 1), utc(2024, 3, 31, 1, 30)]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(
            date(2024, 3, 31),
            # 01:00, 01:30 CET; 02:00 and 02:30 do not exist -> 03:00 CEST; 03:30, 04:00 CEST.
            [
                utc(2024, 3, 31, 0),
                utc(2024, 3, 31, 0, 30),
                utc(2024, 3, 31, 1),
                utc(2024, 3, 31, 1, 30),
                utc(2024, 3, 31, 2),
            ],
            id="spring-forward",
        ),
        pytest.param(
            date(2024, 10, 27),
            # 01:00-02:30 CEST, then 03:00-04:00 CET; the repeated 02:00/02:30 CET are skipped.
            [
                utc(2024, 10, 26, 23),
                utc(2024, 10, 26, 23, 30),
                utc(2024, 10, 27, 0),
                utc(2024, 10, 27, 0, 30),
                utc(2024, 10, 27, 2),
                utc(2024, 10, 27, 2, 30),
                utc(2024, 10, 27, 3),
            ],
            id="fall-back",
        ),
    ],
)
def test_interval_mode_across_berlin_dst_never_duplicates(
    day: date, expected: list[datetime]
) -> None:
    spec = ScheduleSpec(
        timezone="Europe/Berlin", every_minutes=30, window=(time(1), time(4)), quiet_hours=None
    )
    assert whole_day(spec, day) == expected


def test_daily_morning_reminder_keeps_local_time_across_dst() -> None:
    spec = ScheduleSpec(timezone="America/New_York", times=(time(9),))
    result = due_times(spec, utc(2024, 3, 9), utc(2024, 3, 12))
    # 09:00 EST = 14:00 UTC before the switch, 09:00 EDT = 13:00 UTC after.
    assert result == [utc(2024, 3, 9, 14), utc(2024, 3, 10, 13), utc(2024, 3, 11, 13)]


def test_gap_shift_is_not_allowed_to_land_in_quiet_hours() -> None:
    # 02:30 is outside quiet hours, but its shifted send time 03:00 is inside them.
    spec = ScheduleSpec(
        timezone="Europe/Berlin", times=(time(2, 30),), quiet_hours=(time(3), time(8))
    )
    assert whole_day(spec, date(2024, 3, 31)) == []


def test_skipped_calendar_day_in_samoa_sends_at_the_next_valid_instant() -> None:
    # Pacific/Apia jumped from 2011-12-29 24:00 (UTC-10) to 2011-12-31 00:00 (UTC+14).
    spec = ScheduleSpec(timezone="Pacific/Apia", times=(time(9),), quiet_hours=None)
    result = due_times(spec, utc(2011, 12, 29, 12), utc(2011, 12, 31, 12))
    # 09:00 on the 29th (UTC-10); the missing 30th at 00:00 on the 31st; 09:00 on the 31st.
    assert result == [utc(2011, 12, 29, 19), utc(2011, 12, 30, 10), utc(2011, 12, 30, 19)]


# --- local dates --------------------------------------------------------------------------


def test_auckland_and_los_angeles_patients_have_different_dates_at_the_same_instant() -> None:
    instant = utc(2024, 6, 4, 12)
    assert local_date("Pacific/Auckland", instant) == date(2024, 6, 5)
    assert local_date("America/Los_Angeles", instant) == date(2024, 6, 4)


def test_same_utc_instant_is_due_for_one_patient_and_not_the_other() -> None:
    # Both ask for 08:00 local on Wednesdays; at 20:00 UTC Tuesday only Auckland is there.
    instant = utc(2024, 6, 4, 20)
    auckland = ScheduleSpec(
        timezone="Pacific/Auckland", times=(time(8),), weekdays=frozenset({WED})
    )
    los_angeles = ScheduleSpec(
        timezone="America/Los_Angeles", times=(time(8),), weekdays=frozenset({WED})
    )
    window = (instant - timedelta(minutes=1), instant)
    assert due_times(auckland, *window) == [instant]
    assert due_times(los_angeles, *window) == []


# --- next_due -----------------------------------------------------------------------------


def test_next_due_from_the_frozen_current_time() -> None:
    spec = ScheduleSpec(timezone="Europe/Berlin", times=(time(9), time(19)))
    with time_machine.travel(datetime(2024, 6, 4, 12, 0, tzinfo=UTC), tick=False):
        now = datetime.now(UTC)
        assert next_due(spec, now) == utc(2024, 6, 4, 17)


def test_next_due_skips_to_the_next_allowed_weekday() -> None:
    spec = ScheduleSpec(timezone="UTC", times=(time(9),), weekdays=frozenset({MON}))
    with time_machine.travel(datetime(2024, 6, 4, 12, 0, tzinfo=UTC), tick=False):
        assert next_due(spec, datetime.now(UTC)) == utc(2024, 6, 10, 9)


def test_next_due_is_none_when_nothing_falls_inside_the_lookahead() -> None:
    spec = ScheduleSpec(timezone="UTC", times=(time(9),), paused_until=date(2024, 7, 1))
    assert next_due(spec, utc(2024, 6, 4)) is None
    assert timedelta(days=7) <= LOOKAHEAD


def test_next_due_is_none_after_ends_on() -> None:
    spec = ScheduleSpec(timezone="UTC", times=(time(9),), ends_on=date(2024, 6, 3))
    assert next_due(spec, utc(2024, 6, 4)) is None


# --- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "America/Argentina/Salta"],
)
def test_a_schedule_accepts_iana_names(name: str) -> None:
    assert ScheduleSpec(timezone=name).timezone == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "local",
        "localtime",
        "posixrules",
        "Mars/Olympus_Mons",
        "europe/berlin",
        " Europe/Berlin",
        "Europe/Berlin/",
        "/etc/localtime",
        "/usr/share/zoneinfo/Europe/Berlin",
        "../../etc/passwd",
        "Europe/../Europe/Berlin",
        "Europe/Berlin\x00",
        "CET+1",
    ],
)
def test_a_schedule_rejects_bad_timezone_names(name: str) -> None:
    with pytest.raises(ValueError, match=r"(?i)timezone"):
        ScheduleSpec(timezone=name)
    with pytest.raises(ValueError, match=r"(?i)timezone"):
        local_date(name, datetime(2026, 3, 1, tzinfo=UTC))


def test_a_schedule_takes_the_projects_one_timezone_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Were there a second list of zones here, narrowing the project's would not reach it.
    monkeypatch.setattr(validators, "patient_timezones", lambda: frozenset({"UTC"}))
    assert ScheduleSpec(timezone="UTC").timezone == "UTC"
    with pytest.raises(ValueError, match="Unknown timezone"):
        ScheduleSpec(timezone="Europe/Berlin")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"timezone": "Nowhere/Special"}, "Unknown timezone", id="unknown-zone"),
        pytest.param({"every_minutes": 30}, "window", id="interval-without-window"),
        pytest.param(
            {"every_minutes": 4, "window": (time(9), time(10))}, "between", id="interval-too-short"
        ),
        pytest.param(
            {"every_minutes": 721, "window": (time(9), time(10))}, "between", id="interval-too-long"
        ),
        pytest.param({"window": (time(10), time(9))}, "before", id="reversed-window"),
        pytest.param({"window": (time(10), time(10))}, "before", id="empty-window"),
        pytest.param({"weekdays": frozenset({7})}, "weekdays", id="weekday-out-of-range"),
        pytest.param({"weekdays": frozenset()}, "weekdays", id="no-weekdays"),
        pytest.param({"times": (time(9, tzinfo=UTC),)}, "naive", id="aware-wall-time"),
    ],
)
def test_invalid_specs_are_rejected(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"timezone": "UTC", **kwargs}
    with pytest.raises(ValueError, match=message):
        ScheduleSpec(**arguments)  # type: ignore[arg-type]


NAIVE = datetime(2024, 6, 4, 12)  # noqa: DTZ001 - deliberately naive, to check it is refused


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda s: due_times(s, NAIVE, utc(2024, 6, 5)), id="due_times-after"),
        pytest.param(lambda s: due_times(s, utc(2024, 6, 3), NAIVE), id="due_times-until"),
        pytest.param(lambda s: next_due(s, NAIVE), id="next_due"),
        pytest.param(lambda s: local_date("UTC", NAIVE), id="local_date"),
    ],
)
def test_naive_datetimes_are_rejected(call: object) -> None:
    spec = ScheduleSpec(timezone="UTC", times=(time(9),))
    with pytest.raises(ValueError, match="timezone-aware"):
        call(spec)  # type: ignore[operator]


# --- properties ---------------------------------------------------------------------------

ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # 30-minute DST shift
    "Pacific/Auckland",
    "Pacific/Chatham",  # UTC+12:45
    "Pacific/Apia",  # skipped a whole calendar day in 2011
    "Asia/Kathmandu",
    "America/Santiago",  # DST switches at midnight
    "Africa/Cairo",
]

wall_times = st.times(min_value=time(0), max_value=time(23, 59)).map(
    lambda t: t.replace(second=0, microsecond=0)
)


@st.composite
def specs(draw: st.DrawFn) -> ScheduleSpec:
    every = draw(st.none() | st.integers(min_value=5, max_value=720))
    window = None
    if every is not None:
        start = draw(st.integers(min_value=0, max_value=24 * 60 - 2))
        end = draw(st.integers(min_value=start + 1, max_value=24 * 60 - 1))
        window = (time(*divmod(start, 60)), time(*divmod(end, 60)))
    return ScheduleSpec(
        timezone=draw(st.sampled_from(ZONES)),
        times=tuple(draw(st.lists(wall_times, max_size=5))),
        weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        every_minutes=every,
        window=window,
        quiet_hours=draw(st.none() | st.tuples(wall_times, wall_times)),
        paused_until=draw(st.none() | st.dates(date(2010, 1, 1), date(2031, 1, 1))),
        starts_on=draw(st.none() | st.dates(date(2010, 1, 1), date(2031, 1, 1))),
        ends_on=draw(st.none() | st.dates(date(2010, 1, 1), date(2031, 1, 1))),
    )


# Hypothesis takes naive bounds and attaches the drawn timezone itself.
instants = st.datetimes(
    datetime(2010, 1, 1),  # noqa: DTZ001
    datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
spans = st.timedeltas(timedelta(0), timedelta(days=9))


@settings(max_examples=300, deadline=None)
@given(spec=specs(), after=instants, span=spans)
def test_due_times_are_sorted_unique_in_range_outside_quiet_hours_on_allowed_days(
    spec: ScheduleSpec, after: datetime, span: timedelta
) -> None:
    until = after + span
    result = due_times(spec, after, until)
    zone = ZoneInfo(spec.timezone)
    assert result == sorted(set(result))
    for instant in result:
        assert instant.tzinfo is UTC
        assert after < instant <= until
        here = instant.astimezone(zone)
        assert not in_quiet_hours(here.time(), spec.quiet_hours)
        assert here.weekday() in spec.weekdays
        assert spec.paused_until is None or here.date() > spec.paused_until
        assert spec.starts_on is None or here.date() >= spec.starts_on
        assert spec.ends_on is None or here.date() <= spec.ends_on


@settings(max_examples=200, deadline=None)
@given(spec=specs(), after=instants, first=spans, second=spans)
def test_consecutive_windows_neither_lose_nor_repeat_an_occurrence(
    spec: ScheduleSpec, after: datetime, first: timedelta, second: timedelta
) -> None:
    middle = after + first
    until = middle + second
    combined = due_times(spec, after, middle) + due_times(spec, middle, until)
    assert combined == due_times(spec, after, until)


@settings(max_examples=200, deadline=None)
@given(spec=specs(), after=instants)
def test_next_due_is_the_first_due_time_within_the_lookahead(
    spec: ScheduleSpec, after: datetime
) -> None:
    upcoming = due_times(spec, after, after + LOOKAHEAD)
    assert next_due(spec, after) == (upcoming[0] if upcoming else None)
