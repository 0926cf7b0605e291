"""Trends against the patient's own baseline: pure functions, no database."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diaries.trends import (
    METRICS,
    SCORES,
    DayValues,
    baseline,
    build_trends,
    change_against,
    daily_series,
    is_meaningful,
    meaningful_band,
    rolling_mean,
)

D0 = datetime.date(2026, 3, 1)


def day(offset: int, **values: float | None) -> DayValues:
    return DayValues(D0 + datetime.timedelta(days=offset), values)


def on(offset: int) -> datetime.date:
    return D0 + datetime.timedelta(days=offset)


# --- daily_series -------------------------------------------------------------------------


def test_days_without_an_entry_stay_gaps_and_are_not_interpolated() -> None:
    days = [day(0, pain_rest=2), day(3, pain_rest=8)]
    assert daily_series(days, on(0), on(4), "pain_rest") == [2.0, None, None, 8.0, None]


def test_a_missing_key_or_none_value_is_a_gap_for_that_metric_only() -> None:
    days = [day(0, pain_rest=4, stiffness=None), day(1, stiffness=3)]
    assert daily_series(days, on(0), on(1), "pain_rest") == [4.0, None]
    assert daily_series(days, on(0), on(1), "stiffness") == [None, 3.0]


def test_series_cover_only_the_requested_range_even_when_history_is_longer() -> None:
    days = [day(i, mood=i) for i in range(10)]
    assert daily_series(days, on(4), on(6), "mood") == [4.0, 5.0, 6.0]


def test_days_given_out_of_order_land_on_their_own_date() -> None:
    days = [day(2, pain_night=7), day(0, pain_night=1)]
    assert daily_series(days, on(0), on(2), "pain_night") == [1.0, None, 7.0]


def test_a_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before start"):
        daily_series([], on(5), on(4), "pain_rest")


def test_an_unknown_metric_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown metric"):
        daily_series([], on(0), on(1), "blood_pressure")


# --- rolling_mean ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("series", "window", "expected"),
    [
        pytest.param([1.0, 2.0, 3.0], 7, [1.0, 1.5, 2.0], id="averages-what-exists-so-far"),
        pytest.param([1.0, None, 3.0], 7, [1.0, 1.0, 2.0], id="gap-days-do-not-count-as-zero"),
        pytest.param([None, None, 4.0], 7, [None, None, 4.0], id="empty-window-is-none"),
        pytest.param(
            [2.0, None, None, 6.0, 8.0], 2, [2.0, 2.0, None, 6.0, 7.0], id="long-gap-breaks-line"
        ),
        pytest.param(
            [1.0] * 7 + [8.0], 7, [1.0] * 7 + [2.0], id="oldest-slot-leaves-the-7-day-window"
        ),
        pytest.param([], 7, [], id="empty-series"),
    ],
)
def test_the_rolling_mean_averages_only_days_with_entries(
    series: list[float | None], window: int, expected: list[float | None]
) -> None:
    assert rolling_mean(series, window) == pytest.approx(expected)


@given(st.lists(st.one_of(st.none(), st.integers(0, 10).map(float)), max_size=60))
def test_the_rolling_mean_is_none_exactly_where_the_whole_window_is_empty(
    series: list[float | None],
) -> None:
    result = rolling_mean(series, 7)
    assert len(result) == len(series)
    for i, value in enumerate(result):
        window = [v for v in series[max(0, i - 6) : i + 1] if v is not None]
        assert (value is None) == (not window)
        if window:
            assert min(window) <= value <= max(window)  # type: ignore[operator]


# --- baseline -------------------------------------------------------------------------------


def test_the_default_baseline_is_the_first_14_entry_days_skipping_gap_days() -> None:
    # Entries every other day: the first 14 entries span 27 calendar days.
    early = [day(2 * i, pain_rest=2) for i in range(14)]
    later = [day(28 + i, pain_rest=9) for i in range(10)]
    assert baseline(early + later)["pain_rest"] == 2.0


def test_a_day_with_no_values_at_all_is_not_an_entry_day() -> None:
    days = [day(0, pain_rest=None)] + [day(1 + i, pain_rest=4) for i in range(14)]
    days.append(day(15, pain_rest=10))
    assert baseline(days)["pain_rest"] == 4.0


def test_the_baseline_uses_history_in_date_order_whatever_order_it_is_given_in() -> None:
    days = [day(i, stiffness=1 if i < 14 else 9) for i in range(20)]
    assert baseline(list(reversed(days)))["stiffness"] == 1.0


def test_each_metric_averages_only_the_days_it_was_recorded() -> None:
    days = [day(0, pain_rest=2, walking_distance_m=500), day(1, pain_rest=4), day(2, pain_rest=6)]
    values = baseline(days)
    assert values["pain_rest"] == 4.0
    assert values["walking_distance_m"] == 500.0
    assert values["mood"] is None


def test_a_clinician_set_window_replaces_the_first_14_days() -> None:
    days = [day(i, pain_activity=3 if i < 20 else 7) for i in range(40)]
    assert baseline(days)["pain_activity"] == 3.0
    assert baseline(days, window=(on(20), on(29)))["pain_activity"] == 7.0


def test_a_clinician_window_includes_both_ends_and_ignores_gap_days() -> None:
    days = [day(0, pain_rest=1), day(2, pain_rest=3), day(5, pain_rest=5), day(6, pain_rest=9)]
    assert baseline(days, window=(on(0), on(5)))["pain_rest"] == 3.0


def test_no_history_gives_no_baseline() -> None:
    assert baseline([]) == dict.fromkeys(METRICS)


def test_a_first_n_days_setting_is_honoured() -> None:
    days = [day(i, mood=i) for i in range(10)]
    assert baseline(days, first_n_days=3)["mood"] == 1.0


# --- change_against ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "current", "meaningful"),
    [
        # 2 points is always meaningful, whatever the percent.
        pytest.param(8.0, 9.99, False, id="1.99-points-and-under-30-percent"),
        pytest.param(8.0, 10.0, True, id="exactly-2-points-up"),
        pytest.param(8.0, 6.0, True, id="exactly-2-points-down"),
        pytest.param(5.1, 7.1, True, id="2-points-despite-float-noise"),
        # 30 % with at least 1 point.
        pytest.param(5.0, 6.49, False, id="29.8-percent-and-1.49-points"),
        pytest.param(5.0, 6.5, True, id="exactly-30-percent-and-1.5-points"),
        pytest.param(5.0, 6.51, True, id="30.2-percent-and-1.51-points"),
        pytest.param(5.0, 3.5, True, id="exactly-30-percent-down"),
        pytest.param(3.0, 3.9, False, id="30-percent-but-0.9-points"),
        pytest.param(3.0, 3.99, False, id="33-percent-but-0.99-points"),
        pytest.param(3.0, 4.0, True, id="33-percent-and-exactly-1-point"),
        pytest.param(3.0, 4.01, True, id="33-percent-and-1.01-points"),
        pytest.param(3.0, 2.0, True, id="33-percent-and-1-point-down"),
        pytest.param(0.5, 0.7, False, id="40-percent-of-a-tiny-baseline-is-not-meaningful"),
        pytest.param(0.5, 1.49, False, id="tiny-baseline-0.99-points"),
        pytest.param(0.5, 1.5, True, id="tiny-baseline-1-point"),
        # A baseline of 0: any change is "more than 30 %", so 1 point decides.
        pytest.param(0.0, 0.99, False, id="baseline-0-and-0.99-points"),
        pytest.param(0.0, 1.0, True, id="baseline-0-and-1-point"),
        pytest.param(4.0, 4.0, False, id="no-change"),
    ],
)
def test_a_score_change_is_meaningful_at_2_points_or_30_percent_and_1_point(
    base: float, current: float, meaningful: bool
) -> None:
    assert change_against(base, current, "pain_rest").meaningful is meaningful
    assert is_meaningful("pain_rest", base, current) is meaningful


@pytest.mark.parametrize(
    ("base", "current", "percent", "meaningful"),
    [
        pytest.param(1000.0, 701.0, -29.9, False, id="down-29.9-percent"),
        pytest.param(1000.0, 700.0, -30.0, True, id="down-exactly-30-percent"),
        pytest.param(1000.0, 699.0, -30.1, True, id="down-30.1-percent"),
        pytest.param(1000.0, 1300.0, 30.0, True, id="up-exactly-30-percent"),
        pytest.param(10000.0, 12000.0, 20.0, False, id="2000-metres-but-only-20-percent"),
        pytest.param(300.0, 201.0, -33.0, False, id="33-percent-but-99-metres"),
        pytest.param(300.0, 200.0, -33.33, True, id="33-percent-and-exactly-100-metres"),
        pytest.param(300.0, 199.0, -33.67, True, id="33-percent-and-101-metres"),
        pytest.param(200.0, 299.0, 49.5, False, id="up-49-percent-but-99-metres"),
        pytest.param(200.0, 300.0, 50.0, True, id="up-50-percent-and-100-metres"),
        pytest.param(0.0, 99.0, None, False, id="baseline-0-and-99-metres"),
        pytest.param(0.0, 100.0, None, True, id="baseline-0-and-100-metres"),
    ],
)
def test_a_walking_change_is_meaningful_at_30_percent_and_100_metres(
    base: float, current: float, percent: float | None, meaningful: bool
) -> None:
    change = change_against(base, current, "walking_distance_m")
    assert change.percent == (None if percent is None else pytest.approx(percent, abs=0.01))
    assert change.absolute == pytest.approx(current - base)
    assert change.meaningful is meaningful
    assert is_meaningful("walking_distance_m", base, current) is meaningful


@pytest.mark.parametrize(
    ("metric", "base", "low", "high"),
    [
        pytest.param("pain_rest", 0.0, -1.0, 1.0, id="score-baseline-0-1-point"),
        pytest.param("pain_rest", 0.5, -0.5, 1.5, id="score-tiny-baseline-1-point"),
        pytest.param("pain_rest", 3.0, 2.0, 4.0, id="score-under-3.33-1-point"),
        pytest.param("pain_rest", 5.0, 3.5, 6.5, id="score-30-percent"),
        pytest.param("pain_rest", 8.0, 6.0, 10.0, id="score-over-6.67-2-points"),
        pytest.param("walking_distance_m", 0.0, -100.0, 100.0, id="walking-baseline-0"),
        pytest.param("walking_distance_m", 200.0, 100.0, 300.0, id="walking-100-metres"),
        pytest.param("walking_distance_m", 1000.0, 700.0, 1300.0, id="walking-30-percent"),
    ],
)
def test_the_meaningful_band_is_the_smallest_meaningful_change_either_side(
    metric: str, base: float, low: float, high: float
) -> None:
    assert meaningful_band(metric, base) == pytest.approx((low, high))


SCORE_BASELINES = st.floats(min_value=0, max_value=10, allow_nan=False).map(lambda v: round(v, 2))
WALKING_BASELINES = st.floats(min_value=0, max_value=50_000, allow_nan=False).map(round)


@given(
    st.one_of(
        SCORE_BASELINES.map(lambda b: ("mood", b)),
        WALKING_BASELINES.map(lambda b: ("walking_distance_m", float(b))),
    )
)
def test_the_band_edges_are_meaningful_and_everything_inside_is_not(
    case: tuple[str, float],
) -> None:
    metric, base = case
    low, high = meaningful_band(metric, base)
    assert is_meaningful(metric, base, low)
    assert is_meaningful(metric, base, high)
    # Just inside: a hundredth of a point or a metre, or 0.02 % of a long walk (the
    # percent is compared at 2 decimals).
    inside = max(0.01, base * 0.0002)
    assert not is_meaningful(metric, base, high - inside)
    assert not is_meaningful(metric, base, low + inside)
    assert not is_meaningful(metric, base, base)


def test_a_score_change_reports_absolute_and_percent() -> None:
    change = change_against(4.0, 6.5, "pain_night")
    assert (change.baseline, change.current) == (4.0, 6.5)
    assert change.absolute == pytest.approx(2.5)
    assert change.percent == pytest.approx(62.5)


def test_a_baseline_of_0_has_no_percent() -> None:
    assert change_against(0.0, 1.0, "stiffness").percent is None


@pytest.mark.parametrize(("base", "current"), [(None, 5.0), (5.0, None), (None, None)])
def test_without_a_baseline_or_current_value_there_is_no_change(
    base: float | None, current: float | None
) -> None:
    change = change_against(base, current, "mood")
    assert (change.absolute, change.percent, change.meaningful) == (None, None, False)


# --- build_trends ---------------------------------------------------------------------------


def history() -> list[DayValues]:
    """30 days before the range at baseline, then 60 days with gaps and a recent flare."""
    days = [
        day(i, pain_rest=2, pain_activity=4, stiffness=3, walking_distance_m=1000)
        for i in range(30)
    ]
    for i in range(30, 90):
        if i % 5 == 0:
            continue  # a gap every fifth day
        flare = i >= 83
        days.append(
            day(
                i,
                pain_rest=5 if flare else 2,
                pain_activity=5 if flare else 4,
                stiffness=3,
                walking_distance_m=600 if flare else 1000,
                pain_night=None,
            )
        )
    return days


def test_trends_are_json_serialisable_and_every_series_matches_the_dates() -> None:
    result = build_trends(history(), on(30), on(89))
    decoded = json.loads(json.dumps(result, allow_nan=False))
    assert decoded["from"] == "2026-03-31"
    assert decoded["to"] == "2026-05-29"
    assert len(decoded["dates"]) == 60
    assert set(decoded["series"]) == set(METRICS) == set(decoded["change"])
    for metric in METRICS:
        assert len(decoded["series"][metric]["daily"]) == 60
        assert len(decoded["series"][metric]["rolling_7d"]) == 60


def test_trends_keep_gap_days_as_null_in_the_daily_series() -> None:
    result = build_trends(history(), on(30), on(89))
    daily = result["series"]["pain_rest"]["daily"]  # type: ignore[index]
    assert daily[0] is None  # day 30 is a gap
    assert daily[1] == 2.0


def test_trends_take_the_default_baseline_from_history_before_the_range() -> None:
    result = build_trends(history(), on(30), on(89))
    assert result["baseline"] == {
        "window": {"first_n_days": 14, "from": "2026-03-01", "to": "2026-03-14"},
        "values": {
            "pain_rest": 2.0,
            "pain_activity": 4.0,
            "pain_night": None,
            "stiffness": 3.0,
            "sleep_interference": None,
            "mood": None,
            "walking_distance_m": 1000.0,
        },
    }


def test_trends_report_the_clinician_window_when_one_is_set() -> None:
    result = build_trends(history(), on(30), on(89), baseline_window=(on(80), on(89)))
    window = result["baseline"]["window"]  # type: ignore[index]
    assert window == {"from": "2026-05-20", "to": "2026-05-29"}


def test_trends_compare_the_last_7_days_against_baseline() -> None:
    change = build_trends(history(), on(30), on(89))["change"]
    # Days 83-89 are the flare; day 85 is a gap. Pain at rest 2 -> 5, walking 1000 -> 600.
    assert change["pain_rest"] == {  # type: ignore[index]
        "baseline": 2.0,
        "current": 5.0,
        "absolute": 3.0,
        "percent": 150.0,
        "meaningful": True,
    }
    assert change["pain_activity"]["meaningful"] is False  # type: ignore[index]
    assert change["stiffness"]["absolute"] == 0.0  # type: ignore[index]
    walking = change["walking_distance_m"]  # type: ignore[index]
    assert (walking["percent"], walking["meaningful"]) == (-40.0, True)
    assert change["pain_night"] == {  # type: ignore[index]
        "baseline": None,
        "current": None,
        "absolute": None,
        "percent": None,
        "meaningful": False,
    }


def test_trends_round_floats_to_2_decimals() -> None:
    days = [day(0, pain_rest=1), day(1, pain_rest=1), day(2, pain_rest=2)]
    result = build_trends(days, on(0), on(2))
    assert result["baseline"]["values"]["pain_rest"] == 1.33  # type: ignore[index]
    assert result["series"]["pain_rest"]["rolling_7d"] == [1.0, 1.0, 1.33]  # type: ignore[index]


def test_trends_for_a_patient_without_entries_are_all_empty() -> None:
    result = build_trends([], on(0), on(6))
    json.dumps(result, allow_nan=False)
    for metric in SCORES:
        assert result["series"][metric]["daily"] == [None] * 7  # type: ignore[index]
        assert result["change"][metric]["meaningful"] is False  # type: ignore[index]
