"""Table tests for the pure red-flag rules: no database, no Django."""

import datetime
import json
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.rules import (
    AID_ORDER,
    DEFAULT_THRESHOLDS,
    LIMP_ORDER,
    RULES,
    SEVERITY_ORDER,
    DayRecord,
    RuleHit,
    Thresholds,
    evaluate,
    fall,
    gradual_decline,
    history_days_needed,
    instability,
    low_mood,
    new_limp,
    night_pain,
    pain_spike,
    walking_decline,
)

ENTRY_DATE = datetime.date(2024, 3, 20)

Rule = Callable[[DayRecord, Sequence[DayRecord], Thresholds], RuleHit | None]


def rec(days_before: int, **values: Any) -> DayRecord:
    """Build a diary day the given number of days before the entry's date."""
    return DayRecord(date=ENTRY_DATE - datetime.timedelta(days=days_before), **values)


def today(**values: Any) -> DayRecord:
    """Build the entry being evaluated."""
    return rec(0, **values)


def series(name: str, values: Sequence[object], first: int = 1) -> list[DayRecord]:
    """Build one earlier day per value, the first `first` days before the entry."""
    return [rec(first + i, **{name: value}) for i, value in enumerate(values)]


def at(name: str, by_offset: dict[int, object]) -> list[DayRecord]:
    """Build days keyed by how many days before the entry they fall."""
    return [rec(offset, **{name: value}) for offset, value in by_offset.items()]


def round_trips(evidence: dict[str, object]) -> bool:
    """Say whether the evidence survives JSON unchanged (no tuples, dates or NaN)."""
    return json.loads(json.dumps(evidence, allow_nan=False)) == evidence


# --- pain_spike -----------------------------------------------------------------------------

PAIN_SPIKE_DEFAULTS = {
    "delta": 3,
    "min_values": 3,
    "rise_min_score": 5,
    "absolute": 8,
    "absolute_when_mean_below": 6,
    "lookback_days": 7,
    "urgent_at": 9,
}


PAIN_SPIKE_CASES = [
    pytest.param(8, [3, 4, 4], True, id="4.3 above a mean of 3.7"),
    pytest.param(6, [3, 3, 3], True, id="exactly 3 above the mean"),
    pytest.param(5, [2, 2, 2], True, id="exactly 3 values is enough"),
    pytest.param(6, [3, 3, 3, 3, 3, 3, 4], False, id="2.9 above the mean"),
    pytest.param(6, [4, 4, 4], False, id="2 above the mean"),
    pytest.param(7, [2, 2], False, id="only 2 values for the delta rule"),
    pytest.param(8, [6, 6, 6], False, id="mean exactly 6 uses the delta rule only"),
    pytest.param(9, [6, 6, 6], True, id="mean exactly 6 and 3 above it"),
    pytest.param(9, [6, 7, 6, 7], True, id="9 on a mean of 6.5 is severe whatever the history"),
    pytest.param(10, [6, 7, 6, 7], True, id="mean 6.5 and 10 reaches 9.5"),
    pytest.param(8, [7, 7, 7], False, id="8 on a mean of 7, just under the severe level"),
    pytest.param(9, [9, 9, 9], True, id="9 on a mean of 9, at the severe level"),
    pytest.param(10, [10, 10, 10], True, id="10 on a mean of 10, over the severe level"),
    pytest.param(4, [1, 1, 1], False, id="a rise from 1 to 4 is under the rise score of 5"),
    pytest.param(5, [1, 1, 1], True, id="a rise to 5 is at the rise score"),
    pytest.param(6, [1, 1, 1], True, id="a rise to 6 is over the rise score"),
    pytest.param(8, [6, 6], True, id="8 on a thin baseline of 6s"),
    pytest.param(8, [5, 6, 6], True, id="severe on a mean below 6"),
    pytest.param(8, [], True, id="severe with no history"),
    pytest.param(8, [7, 7], True, id="severe with only 2 values"),
    pytest.param(7, [], False, id="7 with no history"),
    pytest.param(3, [3, 3, 3], False, id="unchanged"),
    pytest.param(6, [None, 3, None, 3, 3], True, id="None fields skipped, 3 values left"),
    pytest.param(6, [3, None, 3, None], False, id="None fields skipped, 2 values left"),
]


@pytest.mark.parametrize(("score", "earlier", "fires"), PAIN_SPIKE_CASES)
def test_it_fires_on_pain_spikes_exactly_at_the_thresholds(
    score: int, earlier: list[int | None], fires: bool
) -> None:
    hit = pain_spike(today(pain_activity=score), series("pain_activity", earlier))
    assert (hit is not None) == fires


def test_it_fires_when_the_earlier_days_have_gaps() -> None:
    history = at("pain_activity", {1: 3, 4: 3, 7: 3})
    hit = pain_spike(today(pain_activity=6), history)
    assert hit is not None
    assert hit.evidence["scores"] == [
        {"field": "pain_activity", "value": 6, "mean": 3.0, "count": 3, "trigger": "above_mean"}
    ]


def test_it_stays_silent_when_only_2_values_fall_within_the_7_days() -> None:
    history = at("pain_activity", {6: 3, 7: 3, 8: 3})
    assert pain_spike(today(pain_activity=6), history) is None


def test_it_ignores_pain_dated_on_or_after_the_entry() -> None:
    # Low scores on the entry's date or later would pull the mean down and fire the delta rule.
    history = at("pain_activity", {1: 6, 2: 6, 3: 6}) + at("pain_activity", {0: 0, -1: 0, -3: 0})
    assert pain_spike(today(pain_activity=8), history) is None


@pytest.mark.parametrize(
    ("entry", "history", "severity"),
    [
        pytest.param(today(pain_activity=8), [], "high", id="8 is high"),
        pytest.param(today(pain_activity=9), [], "urgent", id="9 is urgent"),
        pytest.param(today(pain_activity=10), [], "urgent", id="10 is urgent"),
        pytest.param(
            today(pain_activity=7), series("pain_activity", [3, 3, 3]), "high", id="7 by delta"
        ),
        pytest.param(
            today(pain_rest=8, pain_night=9), [], "urgent", id="highest of two triggering scores"
        ),
        pytest.param(
            today(pain_rest=9, pain_activity=8),
            series("pain_rest", [7, 7, 7]),
            "urgent",
            id="a 9 on a high mean is urgent",
        ),
        pytest.param(
            today(pain_activity=8), series("pain_activity", [3, 3, 3]), "high", id="8 by rise"
        ),
    ],
)
def test_it_maps_the_triggering_pain_score_to_severity(
    entry: DayRecord, history: list[DayRecord], severity: str
) -> None:
    hit = pain_spike(entry, history)
    assert hit is not None
    assert hit.severity == severity


@pytest.mark.parametrize(
    ("entry", "history", "reason"),
    [
        pytest.param(
            today(pain_activity=8),
            series("pain_activity", [3, 4, 4]),
            "Pain on activity 8/10 is 4.3 points above the 7-day mean of 3.7.",
            id="above the mean",
        ),
        pytest.param(
            today(pain_activity=7),
            series("pain_activity", [3, 3, 3, 4]),
            "Pain on activity 7/10 is 3.7 points above the 7-day mean of 3.3.",
            id="mean 3.25 rounds half up",
        ),
        pytest.param(
            today(pain_rest=8),
            series("pain_rest", [5, 6, 6]),
            "Pain at rest 8/10 is severe against a 7-day mean of 5.7.",
            id="severe on a low mean",
        ),
        pytest.param(
            today(pain_night=9),
            [],
            "Night pain 9/10 is severe, with no earlier scores in the last 7 days.",
            id="severe with no history",
        ),
        pytest.param(
            today(pain_night=9),
            series("pain_night", [9]),
            "Night pain 9/10 is severe, with only 1 earlier score in the last 7 days.",
            id="severe with one value",
        ),
        pytest.param(
            today(pain_rest=8, pain_activity=2, pain_night=9),
            series("pain_night", [9, 9]),
            "Pain at rest 8/10 is severe, with no earlier scores in the last 7 days; "
            "night pain 9/10 is severe, with only 2 earlier scores in the last 7 days.",
            id="two scores in one sentence",
        ),
    ],
)
def test_it_explains_a_pain_spike_in_one_sentence(
    entry: DayRecord, history: list[DayRecord], reason: str
) -> None:
    hit = pain_spike(entry, history)
    assert hit is not None
    assert hit.reason == reason


def test_it_returns_one_pain_hit_listing_every_triggering_score() -> None:
    history = series("pain_rest", [7, 7, 7]) + series("pain_activity", [3, 4, 4], first=4)
    hit = pain_spike(today(pain_rest=9, pain_activity=8, pain_night=8), history)
    assert hit is not None
    assert hit.rule == "pain_spike"
    assert hit.evidence == {
        "scores": [
            {"field": "pain_rest", "value": 9, "mean": 7.0, "count": 3, "trigger": "severe"},
            {
                "field": "pain_activity",
                "value": 8,
                "mean": 3.7,
                "count": 3,
                "trigger": "above_mean",
            },
            {"field": "pain_night", "value": 8, "mean": None, "count": 0, "trigger": "severe"},
        ],
        "window": {"from": "2024-03-13", "to": "2024-03-19"},
        "thresholds": PAIN_SPIKE_DEFAULTS,
    }
    assert round_trips(hit.evidence)


def test_it_stays_silent_when_no_pain_is_recorded_on_the_entry() -> None:
    assert pain_spike(today(walking_distance_m=500), series("pain_rest", [1, 1, 1])) is None


# --- instability ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "earlier", "fires"),
    [
        pytest.param(True, {}, True, id="no history"),
        pytest.param(True, {1: False, 2: None}, True, id="earlier days stable or unrecorded"),
        pytest.param(True, {1: True}, True, id="gave way yesterday too"),
        pytest.param(True, {3: True}, True, id="gave way 3 days ago"),
        pytest.param(True, {14: True}, True, id="gave way exactly 14 days ago"),
        pytest.param(True, {15: True}, True, id="gave way 15 days ago"),
        pytest.param(True, {0: True, -1: True}, True, id="same-day and later records ignored"),
        pytest.param(False, {}, False, id="entry stable"),
        pytest.param(None, {}, False, id="entry not recorded"),
    ],
)
def test_it_fires_on_every_day_the_hip_gives_way(
    flag: bool | None, earlier: dict[int, object], fires: bool
) -> None:
    hit = instability(today(instability=flag), at("instability", earlier))
    assert (hit is not None) == fires


def test_it_explains_new_instability_with_its_window() -> None:
    hit = instability(today(instability=True), at("instability", {1: False, 5: False, 9: None}))
    assert hit is not None
    assert hit.severity == "high"
    assert hit.reason == (
        "The hip gave way on 2024-03-20, with no instability reported in the last 14 days."
    )
    assert hit.evidence == {
        "date": "2024-03-20",
        "window": {"from": "2024-03-06", "to": "2024-03-19"},
        "days_recorded": 2,
        "earlier_episodes": [],
        "thresholds": {"lookback_days": 14},
    }


def test_it_names_earlier_instability_only_within_the_tuned_lookback() -> None:
    tuned = Thresholds.from_overrides({"instability_lookback_days": 7})
    hit = instability(today(instability=True), at("instability", {10: True}), tuned)
    assert hit is not None
    assert hit.reason == (
        "The hip gave way on 2024-03-20, with no instability reported in the last 7 days."
    )


@pytest.mark.parametrize(
    ("earlier", "reason", "episodes"),
    [
        pytest.param(
            {13: True},
            "The hip gave way on 2024-03-20, and once before in the last 14 days "
            "(latest 2024-03-07).",
            ["2024-03-07"],
            id="once 13 days ago",
        ),
        pytest.param(
            {14: True, 2: True, 15: True},
            "The hip gave way on 2024-03-20, and 2 times before in the last 14 days "
            "(latest 2024-03-18).",
            ["2024-03-06", "2024-03-18"],
            id="twice, and once outside the window",
        ),
    ],
)
def test_it_names_earlier_episodes_of_instability(
    earlier: dict[int, object], reason: str, episodes: list[str]
) -> None:
    hit = instability(today(instability=True), at("instability", earlier))
    assert hit is not None
    assert hit.severity == "high"
    assert hit.reason == reason
    assert hit.evidence["earlier_episodes"] == episodes


# --- fall -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flag", "earlier", "fires"),
    [
        pytest.param(True, {}, True, id="a fall"),
        pytest.param(True, {1: True, 2: True}, True, id="a fall after earlier falls"),
        pytest.param(False, {1: True}, False, id="no fall today"),
        pytest.param(None, {}, False, id="not recorded"),
    ],
)
def test_it_fires_on_every_fall(flag: bool | None, earlier: dict[int, object], fires: bool) -> None:
    hit = fall(today(fall=flag), at("fall", earlier))
    assert (hit is not None) == fires


def test_it_marks_a_fall_urgent_and_says_when() -> None:
    hit = fall(today(fall=True), [])
    assert hit == RuleHit(
        "fall",
        "urgent",
        "A fall was reported on 2024-03-20.",
        {"date": "2024-03-20", "thresholds": {}},
    )


@pytest.mark.parametrize(
    ("answers", "reason", "follow_up"),
    [
        pytest.param(
            {"fall_hit_head": True},
            "A fall was reported on 2024-03-20; the patient hit their head.",
            {"injured": None, "hit_head": True, "can_bear_weight": None},
            id="head strike",
        ),
        pytest.param(
            {"fall_can_bear_weight": False, "fall_injured": True},
            "A fall was reported on 2024-03-20; the patient cannot bear weight on the leg; "
            "the patient was hurt in the fall.",
            {"injured": True, "hit_head": None, "can_bear_weight": False},
            id="cannot bear weight and hurt",
        ),
        pytest.param(
            {"fall_hit_head": False, "fall_can_bear_weight": True, "fall_injured": False},
            "A fall was reported on 2024-03-20.",
            {"injured": False, "hit_head": False, "can_bear_weight": True},
            id="all reassuring",
        ),
    ],
)
def test_it_puts_a_head_strike_or_not_bearing_weight_into_the_fall_reason(
    answers: dict[str, bool], reason: str, follow_up: dict[str, object]
) -> None:
    hit = fall(today(fall=True, **answers), [])
    assert hit is not None
    assert hit.severity == "urgent"
    assert hit.reason == reason
    assert hit.evidence["follow_up"] == follow_up
    assert round_trips(hit.evidence)


# --- walking_decline ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("distance", "earlier", "fires"),
    [
        pytest.param(300, [1200] * 5, True, id="a quarter of the median"),
        pytest.param(599, [1200] * 5, True, id="just below half"),
        pytest.param(600, [1200] * 5, False, id="exactly half"),
        pytest.param(599, [1200] * 2, False, id="only 2 values, just under the 3 needed"),
        pytest.param(599, [1200] * 2 + [None] * 3, False, id="2 values and Nones"),
        pytest.param(599, [1200] * 3, True, id="exactly 3 values"),
        pytest.param(599, [1200] * 4, True, id="4 values"),
        pytest.param(100, [1000] * 4, True, id="1,000 m to 100 m after four days"),
        pytest.param(599, [1200, None, 1200, None, 1200], True, id="3 values in gaps"),
        pytest.param(400, [1000, 1000, 1000, 1000, 20000], True, id="median ignores an outlier"),
        pytest.param(500, [1000, 1000, 1200, 1200, 1400, 1400], True, id="even count median"),
        pytest.param(None, [1200] * 5, False, id="distance not recorded"),
    ],
)
def test_it_fires_when_walking_distance_falls_below_half_the_median(
    distance: int | None, earlier: list[int | None], fires: bool
) -> None:
    hit = walking_decline(today(walking_distance_m=distance), series("walking_distance_m", earlier))
    assert (hit is not None) == fires


def test_it_stays_silent_when_the_third_distance_is_outside_the_14_days() -> None:
    history = at("walking_distance_m", {1: 1200, 2: 1200, 15: 1200, 16: 1200})
    assert walking_decline(today(walking_distance_m=100), history) is None


def test_it_fires_when_the_third_distance_is_exactly_14_days_back() -> None:
    history = at("walking_distance_m", {1: 1200, 2: 1200, 14: 1200})
    assert walking_decline(today(walking_distance_m=100), history) is not None


def test_it_ignores_distances_dated_on_or_after_the_entry() -> None:
    history = series("walking_distance_m", [1200] * 2) + at(
        "walking_distance_m", {0: 1200, -1: 1200, -2: 1200}
    )
    assert walking_decline(today(walking_distance_m=100), history) is None


@pytest.mark.parametrize(
    ("aid", "earlier", "fires"),
    [
        pytest.param("crutches", {1: "cane"}, True, id="cane to crutches"),
        pytest.param("cane", {1: "none"}, True, id="no aid to a cane"),
        pytest.param("walker", {1: "none", 3: "crutches"}, True, id="stronger than every aid"),
        pytest.param("crutches", {7: "cane"}, True, id="aid exactly 7 days ago counts"),
        pytest.param("cane", {1: "cane"}, False, id="same aid"),
        pytest.param("cane", {1: "crutches"}, False, id="weaker aid"),
        pytest.param("crutches", {1: "cane", 3: "walker"}, False, id="a walker earlier in week"),
        pytest.param("crutches", {}, False, id="no history"),
        pytest.param("crutches", {1: None, 2: None}, False, id="aid never recorded"),
        pytest.param("crutches", {8: "none"}, False, id="aid only 8 days ago"),
        pytest.param("crutches", {0: "none", -1: "none"}, False, id="same-day and later ignored"),
        pytest.param("none", {1: "none"}, False, id="still no aid"),
        pytest.param(None, {1: "none"}, False, id="aid not recorded today"),
        pytest.param("wheelchair", {1: "none"}, False, id="unknown aid today"),
        pytest.param("cane", {1: "wheelchair"}, False, id="unknown aid earlier is not recorded"),
    ],
)
def test_it_fires_when_the_walking_aid_is_stronger_than_any_in_the_last_7_days(
    aid: str | None, earlier: dict[int, object], fires: bool
) -> None:
    hit = walking_decline(today(walking_aid=aid), at("walking_aid", earlier))
    assert (hit is not None) == fires


@pytest.mark.parametrize(
    ("aid", "earlier", "profile", "fires"),
    [
        pytest.param("crutches", {}, "none", True, id="crutches on the first entry, profile none"),
        pytest.param("crutches", {}, None, False, id="no profile and no history"),
        pytest.param("cane", {}, "cane", False, id="the profile's own aid"),
        pytest.param("cane", {}, "crutches", False, id="weaker than the profile's aid"),
        pytest.param("walker", {}, "crutches", True, id="stronger than the profile's aid"),
        pytest.param("crutches", {1: None, 2: None}, "none", True, id="aid never recorded"),
        pytest.param("crutches", {8: "walker"}, "none", True, id="a walker 8 days ago is outside"),
        pytest.param("crutches", {7: "crutches"}, "none", False, id="diary aid 7 days ago wins"),
        pytest.param("cane", {1: "none"}, "walker", True, id="the diary wins over the profile"),
        pytest.param("crutches", {}, "wheelchair", False, id="unknown profile aid"),
    ],
)
def test_it_compares_a_first_walking_aid_with_the_profile(
    aid: str, earlier: dict[int, object], profile: str | None, fires: bool
) -> None:
    hit = walking_decline(today(walking_aid=aid), at("walking_aid", earlier), profile_aid=profile)
    assert (hit is not None) == fires
    assert (
        evaluate(today(walking_aid=aid), at("walking_aid", earlier), profile_aid=profile) != []
    ) == fires


def test_it_says_when_the_walking_aid_is_compared_with_the_profile() -> None:
    hit = walking_decline(today(walking_aid="crutches"), [], profile_aid="none")
    assert hit is not None
    assert hit.reason == (
        "The walking aid today is crutches, up from no aid on the profile, with none recorded "
        "in the last 7 days."
    )
    assert hit.evidence["walking_aid"] == {
        "value": "crutches",
        "strongest_previous": "none",
        "source": "profile",
        "count": 0,
        "window": {"from": "2024-03-13", "to": "2024-03-19"},
    }


@pytest.mark.parametrize(
    ("entry", "history", "reason"),
    [
        pytest.param(
            today(walking_distance_m=300),
            series("walking_distance_m", [1200] * 5),
            "Walking distance 300 m is below half the 14-day median of 1,200 m.",
            id="distance",
        ),
        pytest.param(
            today(walking_distance_m=300),
            series("walking_distance_m", [1000, 1001, 1000, 1001, 1001, 1000]),
            "Walking distance 300 m is below half the 14-day median of 1,000.5 m.",
            id="median between two values",
        ),
        pytest.param(
            today(walking_aid="crutches"),
            series("walking_aid", ["cane", "none"]),
            "The walking aid today is crutches, up from at most a cane in the last 7 days.",
            id="aid",
        ),
        pytest.param(
            today(walking_aid="cane"),
            series("walking_aid", ["none"]),
            "The walking aid today is a cane, up from no aid in the last 7 days.",
            id="first aid",
        ),
    ],
)
def test_it_explains_a_walking_decline_in_one_sentence(
    entry: DayRecord, history: list[DayRecord], reason: str
) -> None:
    hit = walking_decline(entry, history)
    assert hit is not None
    assert hit.reason == reason


def test_it_returns_one_walking_hit_when_distance_and_aid_both_fire() -> None:
    history = [rec(n, walking_distance_m=1200, walking_aid="cane") for n in range(1, 6)]
    hit = walking_decline(today(walking_distance_m=300, walking_aid="crutches"), history)
    assert hit is not None
    assert hit.severity == "high"
    assert hit.reason == (
        "Walking distance 300 m is below half the 14-day median of 1,200 m; the walking aid "
        "today is crutches, up from at most a cane in the last 7 days."
    )
    assert hit.evidence == {
        "distance": {
            "value": 300,
            "median": 1200,
            "count": 5,
            "limit": 600,
            "window": {"from": "2024-03-06", "to": "2024-03-19"},
        },
        "walking_aid": {
            "value": "crutches",
            "strongest_previous": "cane",
            "source": "diary",
            "count": 5,
            "window": {"from": "2024-03-13", "to": "2024-03-19"},
        },
        "thresholds": {
            "ratio": 0.5,
            "lookback_days": 14,
            "min_values": 3,
            "aid_lookback_days": 7,
        },
    }
    assert round_trips(hit.evidence)


# --- night_pain -----------------------------------------------------------------------------

WEEK_OF_4S = dict.fromkeys(range(4, 11), 4)


@pytest.mark.parametrize(
    ("tonight", "earlier", "fires"),
    [
        pytest.param(5, {1: 5, 2: 5}, True, id="exactly 5 on 3 nights in a row, no baseline"),
        pytest.param(10, {1: 9, 2: 7}, True, id="severe on 3 nights"),
        pytest.param(4, {1: 5, 2: 5, 3: 5}, False, id="4 tonight"),
        pytest.param(5, {1: 5}, False, id="2 of 4 nights, just under"),
        pytest.param(5, {1: 5, 3: 5}, True, id="an unlogged night does not break the run"),
        pytest.param(5, {2: 5, 3: 5}, True, id="last night unlogged"),
        pytest.param(5, {1: 5, 2: None, 3: 5}, True, id="a night without a score"),
        pytest.param(5, {1: 5, 2: 4, 3: 5}, True, id="3 of 4 with a logged 4"),
        pytest.param(5, {1: 5, 2: 5, 3: 5}, True, id="4 of 4"),
        pytest.param(5, {1: 4, 2: 4, 3: 5}, False, id="two logged nights below 5"),
        pytest.param(5, {1: 4, 2: 5}, False, id="a logged 4 counts against the run"),
        pytest.param(5, {1: 5, 4: 5}, False, id="the fifth night back is outside the 4"),
        pytest.param(None, {0: 9, 1: 5, 2: 5}, False, id="tonight not recorded"),
        pytest.param(5, {0: 0, 1: 5, 2: 5}, True, id="history on the entry date ignored"),
        pytest.param(5, {1: 5, 2: 5, 4: 2, 5: 2, 6: 2}, True, id="baseline mean 2"),
        pytest.param(5, {1: 5, 2: 5, 4: 3, 5: 4, 6: 4}, True, id="baseline mean 3.7, just under"),
        pytest.param(5, {1: 5, 2: 5, 4: 4, 5: 4, 6: 4}, False, id="baseline mean exactly 4"),
        pytest.param(5, {1: 5, 2: 5, 4: 3, 5: 4, 6: 5}, False, id="baseline mean 4 mixed"),
        pytest.param(5, {1: 5, 2: 5, 4: 6, 5: 6}, True, id="only 2 baseline values"),
        pytest.param(5, {1: 5, 2: 5, 4: 6, 7: None, 10: 6}, True, id="2 values and a None"),
        pytest.param(5, {1: 5, 2: 5, 4: 6, 7: 6, 10: 6}, False, id="baseline edges 4 and 10"),
        pytest.param(5, {1: 5, 2: 5, 11: 6, 12: 6, 13: 6}, True, id="high nights before window"),
        pytest.param(6, {1: 7, 2: 7, **WEEK_OF_4S}, True, id="6, 7, 7 after a week of 4s"),
        pytest.param(6, {1: 7, 2: 5, **WEEK_OF_4S}, False, id="a 5 is under 2 above the 4s"),
        pytest.param(6, {1: 6, 2: 6, **WEEK_OF_4S}, True, id="each night exactly 2 above"),
        pytest.param(7, {1: 7, 2: 7, **WEEK_OF_4S}, True, id="each night 3 above"),
        pytest.param(6, {1: 7, 2: 4, 3: 7, **WEEK_OF_4S}, True, id="the logged 4 need not rise"),
        pytest.param(
            7, {1: 7, 2: 7, **dict.fromkeys(range(4, 11), 5)}, True, id="7s after a week of 5s"
        ),
    ],
)
def test_it_fires_on_night_pain_on_3_of_the_last_4_nights(
    tonight: int | None, earlier: dict[int, object], fires: bool
) -> None:
    hit = night_pain(today(pain_night=tonight), at("pain_night", earlier))
    assert (hit is not None) == fires


@pytest.mark.parametrize(
    ("earlier", "reason", "baseline"),
    [
        pytest.param(
            {1: 6, 2: 7},
            "Night pain has been at least 5/10 on 3 of the last 4 nights (7, 6, 5), "
            "with no earlier night pain scores in the 7 days before.",
            {"mean": None, "count": 0},
            id="no baseline",
        ),
        pytest.param(
            {1: 6, 2: 7, 4: 1, 10: 2},
            "Night pain has been at least 5/10 on 3 of the last 4 nights (7, 6, 5), "
            "with only 2 earlier night pain scores in the 7 days before.",
            {"mean": 1.5, "count": 2},
            id="thin baseline",
        ),
        pytest.param(
            {1: 6, 2: 7, 4: 2, 5: 2, 6: 3},
            "Night pain has been at least 5/10 on 3 of the last 4 nights (7, 6, 5), "
            "against a mean of 2.3 in the 7 days before.",
            {"mean": 2.3, "count": 3},
            id="low baseline",
        ),
    ],
)
def test_it_explains_night_pain_with_its_baseline(
    earlier: dict[int, object], reason: str, baseline: dict[str, object]
) -> None:
    hit = night_pain(today(pain_night=5), at("pain_night", earlier))
    assert hit is not None
    assert hit.severity == "moderate"
    assert hit.reason == reason
    assert hit.evidence["nights"] == [
        {"date": "2024-03-18", "pain_night": 7, "qualifies": True},
        {"date": "2024-03-19", "pain_night": 6, "qualifies": True},
        {"date": "2024-03-20", "pain_night": 5, "qualifies": True},
    ]
    assert hit.evidence["window"] == {"from": "2024-03-17", "to": "2024-03-20"}
    assert hit.evidence["baseline"] == {
        **baseline,
        "window": {"from": "2024-03-10", "to": "2024-03-16"},
    }
    assert round_trips(hit.evidence)


def test_it_explains_night_pain_risen_above_a_higher_baseline() -> None:
    hit = night_pain(today(pain_night=6), at("pain_night", {1: 7, 2: 4, 3: 7, **WEEK_OF_4S}))
    assert hit is not None
    assert hit.reason == (
        "Night pain has been at least 5/10 on 3 of the last 4 nights (7, 7, 6), against a mean "
        "of 4.0 in the 7 days before, each night at least 2 points above it."
    )
    nights = hit.evidence["nights"]
    assert isinstance(nights, list)
    assert [night["qualifies"] for night in nights] == [True, False, True, True]


# --- new_limp -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limp", "earlier", "fires"),
    [
        pytest.param("slight", {1: "none"}, True, id="none to slight"),
        pytest.param("marked", {1: "slight"}, True, id="slight to marked"),
        pytest.param("marked", {1: "none", 2: "slight"}, True, id="worse than the worst"),
        pytest.param("marked", {}, True, id="marked with no history"),
        pytest.param("marked", {1: None}, True, id="marked with limp never recorded"),
        pytest.param("marked", {8: "marked"}, True, id="marked 8 days ago is outside"),
        pytest.param("marked", {0: "marked", -1: "marked"}, True, id="same-day and later ignored"),
        pytest.param("slight", {1: "slight"}, False, id="same limp"),
        pytest.param("slight", {3: "marked"}, False, id="better than earlier"),
        pytest.param("marked", {7: "marked"}, False, id="marked exactly 7 days ago"),
        pytest.param("slight", {}, False, id="slight with no history"),
        pytest.param("slight", {1: None, 8: "none"}, False, id="slight with no limp in window"),
        pytest.param("none", {}, False, id="no limp"),
        pytest.param(None, {1: "none"}, False, id="not recorded"),
        pytest.param("hopping", {1: "none"}, False, id="unknown limp value"),
    ],
)
def test_it_fires_on_a_new_limp(limp: str | None, earlier: dict[int, object], fires: bool) -> None:
    hit = new_limp(today(limp=limp), at("limp", earlier))
    assert (hit is not None) == fires


@pytest.mark.parametrize(
    ("limp", "earlier", "reason", "worst"),
    [
        pytest.param(
            "slight",
            {1: "none", 4: "none"},
            "Limp today is slight, worse than the worst in the last 7 days (none).",
            "none",
            id="worse",
        ),
        pytest.param(
            "marked",
            {},
            "Limp today is marked, and no limp was recorded in the last 7 days.",
            None,
            id="no baseline",
        ),
    ],
)
def test_it_explains_a_new_limp(
    limp: str, earlier: dict[int, object], reason: str, worst: str | None
) -> None:
    hit = new_limp(today(limp=limp), at("limp", earlier))
    assert hit is not None
    assert hit.severity == "moderate"
    assert hit.reason == reason
    assert hit.evidence["worst_previous"] == worst
    assert hit.evidence["window"] == {"from": "2024-03-13", "to": "2024-03-19"}
    assert round_trips(hit.evidence)


# --- gradual_decline ------------------------------------------------------------------------


def months(name: str, recent: Sequence[object], earlier: Sequence[object]) -> list[DayRecord]:
    """Build the 6 days before the entry (recent) and the 21 days before them (earlier)."""
    return series(name, recent, first=1) + series(name, earlier, first=7)


@pytest.mark.parametrize(
    ("tonight", "recent", "earlier", "fires"),
    [
        pytest.param(5, [5, 5, 5], [3] * 21, True, id="exactly 2 points above"),
        pytest.param(5, [5, 5, 4], [3] * 21, False, id="1.75 points above, just under"),
        pytest.param(6, [5, 5, 5], [3] * 21, True, id="2.25 points above, just over"),
        pytest.param(5, [5, 5], [3] * 21, False, id="3 recent values, just under 4"),
        pytest.param(None, [5, 5, 5, 5], [3] * 21, True, id="4 recent values without today"),
        pytest.param(5, [5, 5, 5], [3] * 6, False, id="6 earlier values, just under 7"),
        pytest.param(5, [5, 5, 5], [3] * 7, True, id="exactly 7 earlier values"),
        pytest.param(5, [5, 5, 5, 5, 5, 5], [3] * 21 + [0] * 3, True, id="days 29+ ignored"),
        pytest.param(5, [5, 5, 5], [3] * 20 + [None], True, id="a gap in the earlier days"),
        pytest.param(3, [3, 3, 3], [3] * 21, False, id="steady"),
        pytest.param(1, [1, 1, 1], [5] * 21, False, id="better"),
    ],
)
def test_it_fires_on_pain_that_creeps_up_over_weeks(
    tonight: int | None, recent: list[int], earlier: list[int | None], fires: bool
) -> None:
    hit = gradual_decline(today(pain_night=tonight), months("pain_night", recent, earlier))
    assert (hit is not None) == fires
    assert pain_spike(today(pain_night=tonight), months("pain_night", recent, earlier)) is None


@pytest.mark.parametrize(
    ("distance", "recent", "earlier", "fires"),
    [
        pytest.param(700, [700, 700, 700], [1000] * 21, True, id="exactly 70 %"),
        pytest.param(704, [700, 700, 700], [1000] * 21, False, id="70.1 %, just over"),
        pytest.param(696, [700, 700, 700], [1000] * 21, True, id="69.9 %, just under"),
        pytest.param(700, [700, 700], [1000] * 21, False, id="only 3 recent distances"),
        pytest.param(700, [700, 700, 700], [1000] * 6, False, id="only 6 earlier distances"),
        pytest.param(1000, [1000, 1000, 1000], [1000] * 21, False, id="steady"),
    ],
)
def test_it_fires_on_walking_distance_that_shrinks_over_weeks(
    distance: int, recent: list[int], earlier: list[int], fires: bool
) -> None:
    hit = gradual_decline(
        today(walking_distance_m=distance), months("walking_distance_m", recent, earlier)
    )
    assert (hit is not None) == fires


def test_it_gives_one_gradual_decline_with_a_clause_per_measure() -> None:
    history = [
        rec(n, pain_rest=5 if n < 7 else 3, walking_distance_m=600 if n < 7 else 1000)
        for n in range(1, 28)
    ]
    hit = gradual_decline(today(pain_rest=5, walking_distance_m=600), history)
    assert hit is not None
    assert hit.rule == "gradual_decline"
    assert hit.severity == "moderate"
    assert hit.reason == (
        "Pain at rest averaged 5.0/10 over the last 7 days, 2.0 points above the mean of 3.0 "
        "in the 21 days before; walking distance averaged 600 m over the last 7 days, 60% of "
        "the mean of 1,000 m in the 21 days before."
    )
    assert hit.evidence == {
        "measures": [
            {"field": "pain_rest", "recent_mean": 5.0, "recent_count": 7,
             "earlier_mean": 3.0, "earlier_count": 21},
            {"field": "walking_distance_m", "recent_mean": 600.0, "recent_count": 7,
             "earlier_mean": 1000.0, "earlier_count": 21},
        ],
        "recent_window": {"from": "2024-03-14", "to": "2024-03-20"},
        "earlier_window": {"from": "2024-02-22", "to": "2024-03-13"},
        "thresholds": {"recent_days": 7, "recent_min_values": 4, "earlier_days": 21,
                       "earlier_min_values": 7, "pain_rise": 2, "walking_ratio": 0.7},
    }  # fmt: skip
    assert round_trips(hit.evidence)


# --- low_mood -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mood", "earlier", "fires"),
    [
        pytest.param(7, {1: 7, 2: 7, 3: 7}, True, id="mean exactly 7 on 4 values"),
        pytest.param(7, {1: 7, 2: 7, 3: 6}, False, id="mean 6.75, just under"),
        pytest.param(8, {1: 7, 2: 7, 3: 7}, True, id="mean 7.25, just over"),
        pytest.param(9, {1: 9, 2: 9}, False, id="3 values, just under 4"),
        pytest.param(None, {1: 8, 2: 8, 3: 8, 6: 8}, True, id="4 values without today"),
        pytest.param(8, {1: 8, 2: 8, 7: 8}, False, id="the fourth value is 7 days back"),
        pytest.param(8, {1: 8, 2: 8, 3: 8, 7: 8, 8: 8, 9: 8, 10: 8}, False, id="not new"),
        pytest.param(8, {1: 8, 2: 8, 3: 8, 7: 8, 8: 8, 9: 8}, True, id="week before thin"),
        pytest.param(8, {1: 8, 2: 8, 3: 8, 7: 6, 8: 7, 9: 7, 10: 7}, True, id="before 6.75"),
        pytest.param(8, {1: 8, 2: 8, 3: 8, 14: 9, 15: 9, 16: 9, 17: 9}, True, id="2 weeks ago"),
    ],
)
def test_it_fires_on_a_new_week_of_low_mood(
    mood: int | None, earlier: dict[int, object], fires: bool
) -> None:
    hit = low_mood(today(mood=mood), at("mood", earlier))
    assert (hit is not None) == fires


def test_it_explains_low_mood_against_the_week_before() -> None:
    hit = low_mood(today(mood=8), at("mood", {1: 8, 2: 7, 3: 9, 8: 3, 9: 4}))
    assert hit is not None
    assert hit.severity == "moderate"
    assert hit.reason == (
        "Low mood or stress averaged 8.0/10 over the last 7 days (4 scores), at or above 7, "
        "up from 3.5 in the 7 days before."
    )
    assert hit.evidence == {
        "recent": {"mean": 8.0, "count": 4, "window": {"from": "2024-03-14", "to": "2024-03-20"}},
        "before": {"mean": 3.5, "count": 2, "window": {"from": "2024-03-07", "to": "2024-03-13"}},
        "thresholds": {"level": 7, "days": 7, "min_values": 4},
    }


# --- evaluate -------------------------------------------------------------------------------

EVERYTHING_WRONG = today(
    pain_rest=9,
    mood=8,
    pain_night=6,
    walking_distance_m=100,
    limp="marked",
    instability=True,
    fall=True,
    walking_aid="crutches",
)
EVERYTHING_WRONG_HISTORY = [
    rec(
        n,
        walking_distance_m=1200,
        walking_aid="cane",
        pain_night=6 if n < 3 else None,
        pain_rest=5 if n < 7 else 1,
        mood=8 if n < 4 else None,
    )
    for n in range(27, 0, -1)
]


def test_it_returns_hits_in_rules_order() -> None:
    hits = evaluate(EVERYTHING_WRONG, reversed(EVERYTHING_WRONG_HISTORY))
    assert [hit.rule for hit in hits] == list(RULES)


def test_it_maps_each_rule_to_its_severity() -> None:
    hits = evaluate(EVERYTHING_WRONG, EVERYTHING_WRONG_HISTORY)
    assert {hit.rule: hit.severity for hit in hits} == {
        "pain_spike": "urgent",
        "instability": "high",
        "fall": "urgent",
        "walking_decline": "high",
        "night_pain": "moderate",
        "new_limp": "moderate",
        "gradual_decline": "moderate",
        "low_mood": "moderate",
    }
    assert all(hit.severity in SEVERITY_ORDER for hit in hits)


@pytest.mark.parametrize("hit", evaluate(EVERYTHING_WRONG, EVERYTHING_WRONG_HISTORY), ids=RULES)
def test_it_gives_json_serialisable_evidence_for_every_rule(hit: RuleHit) -> None:
    assert round_trips(hit.evidence)
    assert hit.reason.endswith(".")
    assert "\n" not in hit.reason


def test_it_stays_silent_on_a_steady_day() -> None:
    steady: dict[str, Any] = {
        "pain_rest": 3,
        "pain_activity": 4,
        "pain_night": 2,
        "walking_distance_m": 900,
    }
    steady |= {"limp": "slight", "instability": False, "fall": False, "walking_aid": "cane"}
    history = [rec(n, **steady) for n in range(1, 15)]
    assert evaluate(today(**steady), history) == []


def test_it_reads_a_generator_of_history_only_once() -> None:
    history = (r for r in EVERYTHING_WRONG_HISTORY)
    assert [hit.rule for hit in evaluate(EVERYTHING_WRONG, history)] == list(RULES)


def test_it_ignores_history_dated_after_the_entry() -> None:
    later = [rec(-n, instability=True, limp="marked", pain_night=9) for n in range(0, 5)]
    hits = evaluate(today(instability=True, limp="marked"), later)
    assert [hit.rule for hit in hits] == ["instability", "new_limp"]


@pytest.mark.parametrize(
    ("overrides", "days"),
    [
        pytest.param({}, 27, id="defaults"),
        pytest.param({"walking_lookback_days": 30}, 30, id="walking lookback"),
        pytest.param({"night_pain_baseline_days": 30}, 33, id="night pain baseline plus 3"),
        pytest.param(
            {"night_pain_window_nights": 10, "night_pain_baseline_days": 20}, 29, id="night run"
        ),
        pytest.param({"gradual_earlier_days": 7}, 14, id="shorter gradual window"),
        pytest.param({"gradual_recent_days": 14, "gradual_earlier_days": 28}, 41, id="gradual"),
        pytest.param({"low_mood_days": 30}, 59, id="two mood windows"),
    ],
)
def test_it_reports_how_much_history_the_rules_need(overrides: dict[str, int], days: int) -> None:
    assert history_days_needed(Thresholds.from_overrides(overrides)) == days


def test_it_needs_27_days_of_history_by_default() -> None:
    assert history_days_needed() == 27


# --- thresholds -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "value"),
    [
        pytest.param({}, "pain_spike_delta", 3, id="no overrides"),
        pytest.param({"pain_spike_delta": 2}, "pain_spike_delta", 2, id="int"),
        pytest.param({"walking_ratio": 0.4}, "walking_ratio", 0.4, id="float"),
        pytest.param({"walking_ratio": 1}, "walking_ratio", 1, id="int for a float"),
        pytest.param(
            {"night_pain_baseline_below": 3.5}, "night_pain_baseline_below", 3.5, id="float below"
        ),
        pytest.param({"pain_spike_min_values": 7}, "pain_spike_min_values", 7, id="whole window"),
    ],
)
def test_it_builds_thresholds_from_valid_overrides(
    overrides: dict[str, object], field: str, value: object
) -> None:
    tuned = Thresholds.from_overrides(overrides)
    assert getattr(tuned, field) == value
    assert tuned.limp_lookback_days == DEFAULT_THRESHOLDS.limp_lookback_days


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        pytest.param({"pain_spike_dleta": 2}, "pain_spike_dleta", id="unknown key"),
        pytest.param({"pain_spike_delta": "3"}, "pain_spike_delta", id="string"),
        pytest.param({"pain_spike_delta": 2.5}, "pain_spike_delta", id="float for an int"),
        pytest.param({"pain_spike_delta": True}, "pain_spike_delta", id="bool"),
        pytest.param({"pain_spike_delta": None}, "pain_spike_delta", id="None"),
        pytest.param({"pain_spike_delta": 0}, "pain_spike_delta", id="zero delta"),
        pytest.param({"walking_lookback_days": 0}, "walking_lookback_days", id="zero days"),
        pytest.param({"limp_lookback_days": -3}, "limp_lookback_days", id="negative days"),
        pytest.param({"walking_ratio": 0}, "walking_ratio", id="zero ratio"),
        pytest.param({"walking_ratio": 1.5}, "walking_ratio", id="ratio above 1"),
        pytest.param({"walking_ratio": float("nan")}, "walking_ratio", id="nan"),
        pytest.param(
            {"night_pain_baseline_below": float("inf")}, "night_pain_baseline_below", id="inf"
        ),
        pytest.param({"night_pain_level": 11}, "night_pain_level", id="above the pain scale"),
        pytest.param({"walking_min_values": 15}, "walking_min_values", id="more than 14 days"),
        pytest.param({"pain_spike_min_values": 8}, "pain_spike_min_values", id="more than 7 days"),
        pytest.param({"night_pain_nights": 5}, "night_pain_nights", id="more nights than 4"),
        pytest.param({"night_pain_window_nights": 0}, "night_pain_window_nights", id="no nights"),
        pytest.param({"gradual_pain_rise": 0}, "gradual_pain_rise", id="zero gradual rise"),
        pytest.param({"gradual_walking_ratio": 1.5}, "gradual_walking_ratio", id="ratio over 1"),
        pytest.param({"low_mood_min_values": 8}, "low_mood_min_values", id="more than 7 moods"),
        pytest.param({"low_mood_level": 11}, "low_mood_level", id="mood above the scale"),
        pytest.param(
            {"pain_spike_rise_min_score": 11}, "pain_spike_rise_min_score", id="rise score"
        ),
    ],
)
def test_it_rejects_bad_overrides_naming_the_key(overrides: dict[str, object], key: str) -> None:
    with pytest.raises(ValueError, match=key):
        Thresholds.from_overrides(overrides)


def test_it_rejects_bad_values_passed_to_the_constructor() -> None:
    with pytest.raises(ValueError, match="pain_spike_urgent_at"):
        Thresholds(pain_spike_urgent_at=12)


TUNING_CASES = [
    pytest.param(
        {"pain_spike_delta": 2},
        pain_spike,
        today(pain_activity=6),
        series("pain_activity", [4, 4, 4]),
        False,
        id="smaller pain delta",
    ),
    pytest.param(
        {"pain_spike_absolute": 7},
        pain_spike,
        today(pain_activity=7),
        [],
        False,
        id="lower severe pain level",
    ),
    pytest.param(
        {"pain_spike_min_values": 2},
        pain_spike,
        today(pain_activity=6),
        series("pain_activity", [3, 3]),
        False,
        id="fewer pain values needed",
    ),
    pytest.param(
        {"pain_spike_lookback_days": 3},
        pain_spike,
        today(pain_activity=6),
        series("pain_activity", [3, 3, 3], first=4),
        True,
        id="shorter pain lookback",
    ),
    pytest.param(
        {"walking_ratio": 0.75},
        walking_decline,
        today(walking_distance_m=800),
        series("walking_distance_m", [1200] * 5),
        False,
        id="higher walking ratio",
    ),
    pytest.param(
        {"walking_min_values": 4},
        walking_decline,
        today(walking_distance_m=300),
        series("walking_distance_m", [1200] * 3),
        True,
        id="more distances needed",
    ),
    pytest.param(
        {"pain_spike_rise_min_score": 4},
        pain_spike,
        today(pain_activity=4),
        series("pain_activity", [1, 1, 1]),
        False,
        id="lower rise score",
    ),
    pytest.param(
        {"night_pain_window_nights": 5},
        night_pain,
        today(pain_night=5),
        at("pain_night", {1: 5, 4: 5}),
        False,
        id="a wider night window",
    ),
    pytest.param(
        {"night_pain_baseline_rise": 1},
        night_pain,
        today(pain_night=5),
        at("pain_night", {1: 5, 2: 5, 4: 4, 5: 4, 6: 4}),
        False,
        id="a smaller rise over the night baseline",
    ),
    pytest.param(
        {"gradual_pain_rise": 1},
        gradual_decline,
        today(pain_rest=4),
        months("pain_rest", [4, 4, 4], [3] * 21),
        False,
        id="a smaller gradual rise",
    ),
    pytest.param(
        {"gradual_walking_ratio": 0.8},
        gradual_decline,
        today(walking_distance_m=800),
        months("walking_distance_m", [800] * 3, [1000] * 21),
        False,
        id="a higher gradual walking ratio",
    ),
    pytest.param(
        {"gradual_earlier_min_values": 14},
        gradual_decline,
        today(pain_rest=5),
        months("pain_rest", [5, 5, 5], [3] * 7),
        True,
        id="more earlier values needed",
    ),
    pytest.param(
        {"low_mood_level": 6},
        low_mood,
        today(mood=6),
        at("mood", {1: 6, 2: 6, 3: 6}),
        False,
        id="a lower mood level",
    ),
    pytest.param(
        {"low_mood_min_values": 3},
        low_mood,
        today(mood=8),
        at("mood", {1: 8, 2: 8}),
        False,
        id="fewer mood scores needed",
    ),
    pytest.param(
        {"walking_aid_lookback_days": 3},
        walking_decline,
        today(walking_aid="crutches"),
        at("walking_aid", {5: "cane"}),
        True,
        id="shorter aid lookback",
    ),
    pytest.param(
        {"night_pain_level": 6},
        night_pain,
        today(pain_night=5),
        at("pain_night", {1: 5, 2: 5}),
        True,
        id="higher night pain level",
    ),
    pytest.param(
        {"night_pain_nights": 2},
        night_pain,
        today(pain_night=5),
        at("pain_night", {1: 5, 2: 1, 3: 1, 4: 1}),
        False,
        id="two nights are enough",
    ),
    pytest.param(
        {"night_pain_baseline_below": 5},
        night_pain,
        today(pain_night=5),
        at("pain_night", {1: 5, 2: 5, 4: 4, 5: 4, 6: 4}),
        False,
        id="higher night baseline limit",
    ),
    pytest.param(
        {"limp_lookback_days": 3},
        new_limp,
        today(limp="marked"),
        at("limp", {5: "marked"}),
        False,
        id="shorter limp lookback",
    ),
]


@pytest.mark.parametrize(("overrides", "rule", "entry", "history", "by_default"), TUNING_CASES)
def test_it_changes_behaviour_when_a_threshold_is_tuned(
    overrides: dict[str, object],
    rule: Rule,
    entry: DayRecord,
    history: list[DayRecord],
    by_default: bool,
) -> None:
    tuned = Thresholds.from_overrides(overrides)
    assert (rule(entry, history, DEFAULT_THRESHOLDS) is not None) == by_default
    assert (rule(entry, history, tuned) is not None) != by_default
    assert (evaluate(entry, history, tuned) != []) != by_default


def test_it_fires_urgent_at_8_when_the_urgent_level_is_tuned_down() -> None:
    tuned = Thresholds.from_overrides({"pain_spike_urgent_at": 8})
    default_hit = pain_spike(today(pain_activity=8), [])
    tuned_hit = pain_spike(today(pain_activity=8), [], tuned)
    assert default_hit is not None
    assert tuned_hit is not None
    assert (default_hit.severity, tuned_hit.severity) == ("high", "urgent")
    assert tuned_hit.evidence["thresholds"] == {
        **PAIN_SPIKE_DEFAULTS,
        "urgent_at": 8,
    }


def test_it_survives_an_entry_on_the_first_representable_date() -> None:
    entry = DayRecord(date=datetime.date.min, pain_night=9, instability=True, limp="marked")
    hits = evaluate(entry, [entry])
    assert [hit.rule for hit in hits] == ["pain_spike", "instability", "new_limp"]
    assert all(round_trips(hit.evidence) for hit in hits)


# --- properties -----------------------------------------------------------------------------

NEAR_ENTRY = st.integers(-3, 32).map(lambda n: ENTRY_DATE - datetime.timedelta(days=n))
DATES = st.one_of(NEAR_ENTRY, st.dates())
DB_INTS = st.integers(-(2**63), 2**63 - 1)
SCORES = st.one_of(st.none(), st.integers(-2, 12), DB_INTS)


def labels(order: dict[str, int]) -> st.SearchStrategy[str | None]:
    """Draw a known label, None, or an arbitrary string a rule must ignore."""
    return st.one_of(st.none(), st.sampled_from(sorted(order)), st.text(max_size=4))


def day_records(dates: st.SearchStrategy[datetime.date]) -> st.SearchStrategy[DayRecord]:
    """Draw a diary day with every field possibly missing or out of range."""
    flags = st.one_of(st.none(), st.booleans())
    return st.builds(
        DayRecord,
        date=dates,
        pain_rest=SCORES,
        pain_activity=SCORES,
        pain_night=SCORES,
        walking_distance_m=st.one_of(st.none(), st.integers(0, 5000), DB_INTS),
        limp=labels(LIMP_ORDER),
        instability=flags,
        fall=flags,
        walking_aid=labels(AID_ORDER),
        mood=SCORES,
        fall_injured=flags,
        fall_hit_head=flags,
        fall_can_bear_weight=flags,
    )


THRESHOLD_CHOICES = st.sampled_from(
    [
        DEFAULT_THRESHOLDS,
        Thresholds.from_overrides({"pain_spike_min_values": 1, "night_pain_nights": 1}),
        Thresholds.from_overrides(
            {"walking_ratio": 0.9, "night_pain_window_nights": 14, "night_pain_nights": 14}
        ),
    ]
)


@settings(max_examples=300, database=None)
@given(
    entry=day_records(st.one_of(st.just(ENTRY_DATE), st.dates())),
    history=st.lists(day_records(DATES), max_size=30),
    t=THRESHOLD_CHOICES,
)
def test_it_never_raises_and_always_gives_json_evidence(
    entry: DayRecord, history: list[DayRecord], t: Thresholds
) -> None:
    hits = evaluate(entry, history, t)
    assert [hit.rule for hit in hits] == [rule for rule in RULES if rule in {h.rule for h in hits}]
    for hit in hits:
        assert hit.severity in SEVERITY_ORDER
        assert round_trips(hit.evidence)


@settings(max_examples=200, database=None)
@given(
    entry=day_records(st.just(ENTRY_DATE)),
    history=st.lists(day_records(NEAR_ENTRY), max_size=30),
)
def test_it_needs_no_history_beyond_history_days_needed(
    entry: DayRecord, history: list[DayRecord]
) -> None:
    needed = history_days_needed()
    trimmed = [r for r in history if 1 <= (entry.date - r.date).days <= needed]
    assert evaluate(entry, trimmed) == evaluate(entry, history)
