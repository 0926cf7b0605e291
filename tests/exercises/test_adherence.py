"""Adherence: the pure computation as tables, and the endpoint in the patient's timezone."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exercises.adherence import ItemSpan, compute, day_is_done, prescribed_in_week, week_start
from exercises.selectors import adherence_percent_by_patient
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import items_of, log_sessions, make_plan

MON = datetime.date(2026, 3, 2)  # a Monday


def d(offset: int) -> datetime.date:
    return MON + datetime.timedelta(days=offset)


@pytest.mark.parametrize(
    ("start", "end", "per_week", "expected"),
    [
        pytest.param(d(-30), None, 3, 3, id="whole-week"),
        pytest.param(d(3), None, 3, 2, id="from-thursday-prorated-4-of-7-days"),
        pytest.param(d(6), None, 3, 0, id="sunday-only-rounds-to-zero"),
        pytest.param(d(6), None, 7, 1, id="sunday-only-daily"),
        pytest.param(d(-30), d(1), 5, 1, id="ends-tuesday"),
        pytest.param(d(7), None, 3, 0, id="starts-next-week"),
        pytest.param(d(-30), d(-1), 3, 0, id="ended-last-week"),
    ],
)
def test_prescribed_sessions_per_week_are_prorated_by_days_in_force(
    start: datetime.date, end: datetime.date | None, per_week: int, expected: int
) -> None:
    assert prescribed_in_week(ItemSpan(1, per_week, start, end), MON) == expected


def test_weeks_start_on_monday() -> None:
    assert week_start(d(6)) == MON
    assert week_start(d(7)) == d(7)


def test_extra_sessions_of_one_item_do_not_make_up_for_another() -> None:
    spans = [ItemSpan(1, 2, d(-60), None), ItemSpan(2, 2, d(-60), None)]
    sessions = [(1, d(0)), (1, d(1)), (1, d(2)), (1, d(3))]
    result = compute(spans, sessions, today=d(8), weeks=2)
    last_complete = result.weeks[0]
    assert (last_complete.prescribed, last_complete.done, last_complete.counted) == (4, 4, 2)
    assert last_complete.percent == 50
    assert result.weeks[1].in_progress


def test_totals_leave_out_the_running_week_and_the_streak_counts_full_weeks() -> None:
    spans = [ItemSpan(1, 2, d(-21), None)]
    sessions = [
        (1, d(-21)),
        (1, d(-20)),
        (1, d(-14)),
        (1, d(-13)),
        (1, d(-7)),
        (1, d(-6)),
        (1, d(1)),
    ]
    result = compute(spans, sessions, today=d(2), weeks=4)
    assert [w.percent for w in result.weeks] == [100, 100, 100, 50]
    assert (result.prescribed, result.done, result.percent) == (6, 6, 100)
    assert result.current_streak_weeks == 3
    item = result.items[0]
    assert (item.prescribed, item.done, item.percent) == (6, 6, 100)


def test_a_missed_week_breaks_the_streak_but_a_complete_current_week_adds_to_it() -> None:
    spans = [ItemSpan(1, 1, d(-21), None)]
    sessions = [(1, d(-21)), (1, d(-7)), (1, d(0))]
    assert compute(spans, sessions, today=d(1), weeks=4).current_streak_weeks == 2


def test_the_streak_looks_further_back_than_the_weeks_shown() -> None:
    spans = [ItemSpan(1, 1, d(-70), None)]
    sessions = [(1, d(-7 * n)) for n in range(1, 11)]
    result = compute(spans, sessions, today=d(1), weeks=1)
    assert len(result.weeks) == 1
    assert result.current_streak_weeks == 10


def test_weeks_without_a_plan_have_no_percent() -> None:
    result = compute([], [], today=d(1), weeks=3)
    assert [w.percent for w in result.weeks] == [None, None, None]
    assert (result.percent, result.current_streak_weeks) == (None, 0)


@pytest.mark.parametrize(
    ("sessions", "day", "done"),
    [
        pytest.param([(1, d(2)), (2, d(2))], d(2), True, id="both-items-today"),
        pytest.param([(1, d(2))], d(2), False, id="one-item-missing"),
        pytest.param([(1, d(2)), (2, d(0)), (2, d(1))], d(2), True, id="other-met-its-week"),
        pytest.param([(1, d(1)), (2, d(1))], d(2), False, id="done-yesterday-only"),
        pytest.param([], d(2), False, id="nothing"),
    ],
)
def test_a_day_is_done_when_each_item_is_done_that_day_or_for_the_week(
    sessions: list[tuple[int, datetime.date]], day: datetime.date, done: bool
) -> None:
    spans = [ItemSpan(1, 7, d(-10), None), ItemSpan(2, 2, d(-10), None)]
    assert day_is_done(spans, sessions, day) is done


# --- the endpoint ----------------------------------------------------------------------


@pytest.mark.usefixtures("library")
def test_adherence_weeks_follow_the_patients_timezone_across_the_week_boundary(
    cast: Cast, client_for: ClientFor
) -> None:
    # Sunday 8 March 2026 23:30 UTC is already Monday 9 March in Berlin (UTC+1).
    now = datetime.datetime(2026, 3, 8, 23, 30, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        plan = make_plan(
            cast.alice, cast.carol, ("glute-bridge",), starts_on=datetime.date(2026, 2, 23),
            per_week=2,
        )  # fmt: skip
        item = items_of(plan)[0]
        # Two sessions in the week of 2 March, one on Alice's Monday 9 March.
        log_sessions(item, [datetime.date(2026, 3, 2), datetime.date(2026, 3, 8)])
        log_sessions(item, [datetime.date(2026, 3, 9)])
        body = (
            client_for(cast.alice_user)
            .get(f"/api/v1/patients/{cast.alice.pk}/adherence/", {"weeks": 3})
            .json()
        )
    assert body["today"] == "2026-03-09"
    weeks = body["weeks"]
    assert [w["start"] for w in weeks] == ["2026-02-23", "2026-03-02", "2026-03-09"]
    assert [(w["done"], w["prescribed"]) for w in weeks] == [(0, 2), (2, 2), (1, 2)]
    assert [w["in_progress"] for w in weeks] == [False, False, True]
    assert weeks[1]["percent"] == 100
    assert (body["prescribed"], body["done"], body["percent"]) == (4, 2, 50)
    assert body["current_streak_weeks"] == 1
    (row,) = body["items"]
    assert (row["exercise"], row["per_week"], row["done"], row["prescribed"]) == (
        "glute-bridge", 2, 2, 4,
    )  # fmt: skip


@pytest.mark.usefixtures("library")
def test_a_superseded_plan_counts_until_the_new_one_starts(
    cast: Cast, client_for: ClientFor
) -> None:
    now = datetime.datetime(2026, 3, 11, 12, 0, tzinfo=datetime.UTC)  # a Wednesday
    with time_machine.travel(now, tick=False):
        old = make_plan(cast.alice, cast.carol, ("glute-bridge",), starts_on=datetime.date(2026, 2, 23), per_week=7)  # fmt: skip
        new = make_plan(cast.alice, cast.carol, ("clamshell",), starts_on=datetime.date(2026, 3, 5), per_week=7)  # fmt: skip
        body = (
            client_for(cast.carol)
            .get(f"/api/v1/patients/{cast.alice.pk}/adherence/", {"weeks": 2})
            .json()
        )
    week = body["weeks"][0]  # 2-8 March: old plan Mon-Wed (3 days), new plan Thu-Sun (4 days)
    by_item = {i["plan_item"]: i["prescribed"] for i in week["items"]}
    assert by_item == {items_of(old)[0].pk: 3, items_of(new)[0].pk: 4}


@pytest.mark.parametrize("weeks", ["0", "53", "x", "-1"])
def test_a_bad_weeks_value_is_a_400(cast: Cast, client_for: ClientFor, weeks: str) -> None:
    response = client_for(cast.carol).get(
        f"/api/v1/patients/{cast.alice.pk}/adherence/", {"weeks": weeks}
    )
    assert response.status_code == 400
    assert "weeks" in response.json()


@pytest.mark.usefixtures("library")
def test_the_caseload_gets_each_patients_adherence_in_two_queries(cast: Cast) -> None:
    now = datetime.datetime(2026, 3, 11, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        alice_item = items_of(make_plan(cast.alice, cast.carol, ("glute-bridge",), per_week=2))[0]
        items_of(make_plan(cast.bob, cast.dave, ("clamshell",), per_week=2))
        # Alice did every session of the last two complete weeks; Bob none.
        log_sessions(alice_item, [d(-7), d(-5), d(0), d(2)])
        with CaptureQueriesContext(connection) as queries:
            percents = adherence_percent_by_patient(patients=[cast.alice, cast.bob], weeks=2)
    assert percents == {cast.alice.pk: 100, cast.bob.pk: 0}
    assert len(queries) == 2
