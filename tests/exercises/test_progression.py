"""Progression advice from the pain-monitoring model. Pure: no database."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exercises.progression import Advice, SessionPain, advise

TODAY = datetime.date(2025, 3, 15)


def s(
    days_ago: int,
    during: int | None = 3,
    before: int | None = 2,
    morning: int | None = 2,
) -> SessionPain:
    """A session ``days_ago`` days before TODAY."""
    return SessionPain(
        date=TODAY - datetime.timedelta(days=days_ago),
        pain_during=during,
        pain_before=before,
        pain_next_morning=morning,
    )


STEADY = [s(12), s(9), s(5), s(2), s(0)]

CASES = [
    # --- progress
    pytest.param(STEADY, 5, "progress", id="steady-pain-within-limit"),
    pytest.param([s(4), s(2), s(0)], 5, "progress", id="exactly-three-sessions"),
    pytest.param(
        [s(4, during=5), s(2, during=5), s(0, during=5)], 5, "progress", id="pain-at-the-limit"
    ),
    pytest.param(
        [s(10, during=4), s(8, during=4), s(3, during=3), s(0, during=3)],
        5,
        "progress",
        id="falling-trend",
    ),
    pytest.param([s(10, during=3), s(3, during=3), s(0, during=3)], 5, "progress", id="flat-trend"),
    pytest.param(
        [s(4, before=2, morning=3), s(2), s(0)], 5, "progress", id="next-morning-plus-one"
    ),
    pytest.param(
        [s(4), s(2, before=None), s(0, morning=None)],
        5,
        "progress",
        id="some-overnight-data-missing",
    ),
    # --- hold
    pytest.param([s(2), s(0)], 5, "hold", id="two-sessions-too-few"),
    pytest.param([s(0)], 5, "hold", id="one-session-too-few"),
    pytest.param([], 5, "hold", id="no-sessions"),
    pytest.param(
        [s(10, during=2), s(8, during=2), s(3, during=4), s(0, during=4)],
        5,
        "hold",
        id="rising-trend",
    ),
    pytest.param([s(4), s(2, during=None), s(0)], 5, "hold", id="pain-during-missing"),
    pytest.param(
        [s(4, morning=None), s(2, morning=None), s(0, morning=None)],
        5,
        "hold",
        id="overnight-never-known",
    ),
    pytest.param(
        [s(4, before=None), s(2, before=None), s(0, before=None)],
        5,
        "hold",
        id="pre-session-never-known",
    ),
    # --- step back
    pytest.param([s(4), s(2), s(0, during=6)], 5, "step_back", id="limit-plus-one"),
    pytest.param([s(0, during=9)], 5, "step_back", id="single-session-well-above-limit"),
    pytest.param(
        [s(4, before=2, morning=4), s(2), s(0)], 5, "step_back", id="next-morning-plus-two"
    ),
    pytest.param(
        [s(2, during=None, before=1, morning=5)],
        5,
        "step_back",
        id="overnight-flare-with-pain-during-missing",
    ),
    pytest.param(
        [s(4), s(2, during=None), s(0, during=7)], 5, "step_back", id="step-back-beats-missing"
    ),
    # --- window edges
    pytest.param(
        [s(15, during=9), s(4), s(2), s(0)], 5, "progress", id="session-15-days-ago-ignored"
    ),
    pytest.param(
        [s(14, during=9), s(4), s(2), s(0)], 5, "progress", id="session-14-days-ago-ignored"
    ),
    pytest.param(
        [s(13, during=6), s(4), s(2), s(0)], 5, "step_back", id="session-13-days-ago-counts"
    ),
    pytest.param(
        [s(15), s(14), s(2), s(0)], 5, "hold", id="old-sessions-do-not-count-towards-three"
    ),
    pytest.param(
        [s(7, during=2), s(6, during=4), s(3, during=4), s(0, during=4)],
        5,
        "hold",
        id="day-7-belongs-to-earlier-week",
    ),
    pytest.param(
        [s(6, during=2), s(3, during=2), s(0, during=2)],
        5,
        "progress",
        id="no-earlier-week-is-not-rising",
    ),
    # --- custom limits
    pytest.param([s(4, 3), s(2, 3), s(0, 4)], 3, "step_back", id="custom-limit-3-exceeded"),
    pytest.param([s(4, 3), s(2, 3), s(0, 3)], 3, "progress", id="custom-limit-3-at-limit"),
    pytest.param([s(4, 6), s(2, 7), s(0, 7)], 7, "progress", id="custom-limit-7-allows-7"),
    pytest.param([s(4, 6), s(2, 7), s(0, 8)], 7, "step_back", id="custom-limit-7-exceeded"),
    pytest.param([s(4, 1), s(2, 0), s(0, 0)], 0, "step_back", id="zero-limit-any-pain"),
]


@pytest.mark.parametrize(("sessions", "limit", "decision"), CASES)
def test_it_advises_the_expected_decision_for_each_pattern(
    sessions: list[SessionPain], limit: int, decision: str
) -> None:
    advice = advise(sessions, pain_limit=limit, today=TODAY)
    assert advice.decision == decision, advice.reason


@pytest.mark.parametrize(("sessions", "limit", "decision"), CASES)
def test_its_evidence_is_json_serialisable_and_reason_is_a_sentence(
    sessions: list[SessionPain], limit: int, decision: str
) -> None:
    advice = advise(sessions, pain_limit=limit, today=TODAY)
    json.dumps(advice.evidence)
    assert advice.reason.endswith(".")
    assert advice.patient_message
    assert advice.evidence["pain_limit"] == limit


@pytest.mark.parametrize(
    ("sessions", "fragments"),
    [
        ([s(4), s(2), s(0, during=6)], ["6/10", "limit of 5/10", "2025-03-15"]),
        ([s(4, before=2, morning=4), s(2), s(0)], ["4/10", "2/10", "2025-03-11", "next-morning"]),
        ([s(2), s(0)], ["only 2 sessions", "at least 3"]),
        ([s(0)], ["only 1 session "]),
        (
            [s(10, during=2), s(8, during=2), s(3, during=4), s(0, during=4)],
            ["rising", "4.0/10", "2.0/10"],
        ),
        ([s(4), s(2, during=None), s(0)], ["not recorded for 1 session", "2025-03-13"]),
        (
            [s(4, morning=None), s(2, morning=None), s(0, morning=None)],
            ["cannot be confirmed"],
        ),
        (STEADY, ["5 sessions", "highest pain during 3/10", "limit 5/10"]),
    ],
)
def test_it_explains_the_decision_with_numbers(
    sessions: list[SessionPain], fragments: list[str]
) -> None:
    reason = advise(sessions, today=TODAY).reason
    for fragment in fragments:
        assert fragment in reason


def test_it_lists_every_reason_to_hold() -> None:
    sessions = [s(10, during=1), s(0, during=4, morning=None), s(1, during=None)]
    reason = advise(sessions, today=TODAY).reason
    assert "not recorded" in reason
    assert "rising" in reason


def test_it_lists_every_reason_to_step_back() -> None:
    sessions = [s(4, during=7), s(2, before=1, morning=4), s(0)]
    advice = advise(sessions, today=TODAY)
    assert advice.decision == "step_back"
    assert "7/10" in advice.reason
    assert "4/10 against 1/10" in advice.reason
    assert len(advice.evidence["limit_exceeded"]) == 1  # type: ignore[arg-type]
    assert len(advice.evidence["overnight_flares"]) == 1  # type: ignore[arg-type]


def test_it_defaults_today_to_the_latest_session_date() -> None:
    sessions = [s(20), s(18), s(16)]
    advice = advise(sessions)
    assert advice.decision == "progress"
    assert advice.evidence["today"] == (TODAY - datetime.timedelta(days=16)).isoformat()


def test_it_ignores_sessions_after_today() -> None:
    sessions = [s(4), s(2), s(0), s(-1, during=9)]
    assert advise(sessions, today=TODAY).decision == "progress"


def test_it_holds_when_there_were_no_sessions_in_the_latest_week() -> None:
    sessions = [s(12), s(10), s(8)]
    advice = advise(sessions, today=TODAY)
    assert advice.decision == "hold"
    assert "no sessions in the latest 7 days" in advice.reason


def test_it_does_not_depend_on_session_order() -> None:
    assert advise(list(reversed(STEADY)), today=TODAY) == advise(STEADY, today=TODAY)


def test_it_records_the_window_in_the_evidence() -> None:
    evidence = advise([s(15), *STEADY], today=TODAY).evidence
    assert evidence["window_start"] == "2025-03-02"
    assert evidence["sessions_in_window"] == 5
    assert evidence["mean_pain_during_latest_week"] == 3.0
    assert evidence["trend_rising"] is False


@pytest.mark.parametrize(
    ("decision", "must_mention"),
    [
        ("progress", "physiotherapist"),
        ("hold", "care team"),
        ("step_back", "care team"),
    ],
)
def test_its_patient_message_is_gentle_and_points_to_the_care_team(
    decision: str, must_mention: str
) -> None:
    sessions = {
        "progress": STEADY,
        "hold": [s(0)],
        "step_back": [s(0, during=8)],
    }[decision]
    message = advise(sessions, today=TODAY).patient_message
    assert must_mention in message
    for word in ("surgery", "operation", "tablet", "medication", "painkiller", "dose"):
        assert word not in message.lower()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"sessions": [s(0)], "pain_limit": 11}, "pain_limit"),
        ({"sessions": [s(0)], "pain_limit": -1}, "pain_limit"),
        ({"sessions": [s(0, during=11)]}, "pain_during"),
        ({"sessions": [s(0, before=-1)]}, "pain_before"),
        ({"sessions": [s(0, morning=12)]}, "pain_next_morning"),
    ],
)
def test_it_rejects_scores_outside_zero_to_ten(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        advise(**kwargs)  # type: ignore[arg-type]


scores = st.one_of(st.none(), st.integers(min_value=0, max_value=10))
session_lists = st.lists(
    st.builds(
        SessionPain,
        date=st.dates(min_value=datetime.date(2025, 2, 1), max_value=TODAY),
        pain_during=scores,
        pain_before=scores,
        pain_next_morning=scores,
    ),
    max_size=12,
)


@given(sessions=session_lists, limit=st.integers(min_value=0, max_value=10))
def test_it_always_returns_a_known_decision_with_serialisable_evidence(
    sessions: list[SessionPain], limit: int
) -> None:
    advice = advise(sessions, pain_limit=limit, today=TODAY)
    assert isinstance(advice, Advice)
    assert advice.decision in {"progress", "hold", "step_back"}
    json.dumps(advice.evidence)


@given(sessions=session_lists, limit=st.integers(min_value=0, max_value=10))
def test_it_steps_back_whenever_a_session_in_the_window_exceeds_the_limit(
    sessions: list[SessionPain], limit: int
) -> None:
    window_start = TODAY - datetime.timedelta(days=13)
    exceeded = any(
        x.pain_during is not None and x.pain_during > limit and x.date >= window_start
        for x in sessions
    )
    advice = advise(sessions, pain_limit=limit, today=TODAY)
    if exceeded:
        assert advice.decision == "step_back"


@given(sessions=session_lists)
def test_it_never_advises_progress_on_fewer_than_three_sessions(
    sessions: list[SessionPain],
) -> None:
    window_start = TODAY - datetime.timedelta(days=13)
    in_window = [x for x in sessions if x.date >= window_start]
    if len(in_window) < 3:
        assert advise(sessions, today=TODAY).decision != "progress"
