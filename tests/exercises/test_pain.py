"""Pre-session and next-morning pain are compared on the same diary score."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from exercises.pain import overnight_pair


@dataclass
class Day:
    pain_rest: int | None = None
    pain_activity: int | None = None


@pytest.mark.parametrize(
    ("day", "next_day", "expected"),
    [
        pytest.param(Day(2, 4), Day(3, 6), (2, 3), id="rest-pain-on-both-days"),
        pytest.param(Day(None, 4), Day(3, 6), (4, 6), id="activity-when-rest-missing-that-day"),
        pytest.param(Day(2, None), Day(None, 6), (2, None), id="no-common-score"),
        pytest.param(Day(2, 4), None, (2, None), id="no-diary-next-day"),
        pytest.param(None, Day(3, 6), (None, None), id="no-diary-that-day"),
        pytest.param(Day(), Day(), (None, None), id="no-pain-scores"),
    ],
)
def test_overnight_pain_uses_one_score_for_both_days(
    day: Day | None, next_day: Day | None, expected: tuple[int | None, int | None]
) -> None:
    assert overnight_pair(day, next_day) == expected
