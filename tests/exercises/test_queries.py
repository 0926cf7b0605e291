"""The plan, adherence, goals and session endpoints run a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals import services as goal_services
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import diary, items_of, local_today, log_sessions, make_plan

pytestmark = pytest.mark.usefixtures("library")

URLS = ["plan/", "plans/", "adherence/?weeks=12", "goals/", "sessions/?from={start}"]


def _data(cast: Cast, days: int) -> None:
    """Give alice ``days`` days of sessions (every item, every day), diaries and goals."""
    plan = make_plan(cast.alice, cast.carol, ("glute-bridge", "clamshell", "heel-slides"))
    today = local_today(cast.alice)
    dates = [today - datetime.timedelta(days=n) for n in range(days)]
    for item in items_of(plan):
        log_sessions(item, dates)
    for day in dates:
        diary(cast.alice, day, pain_rest=2, pain_activity=3, walking_distance_m=900)
    due = today + datetime.timedelta(days=30)
    for metric, baseline, target in [("walking_distance_m", 500, 1500), ("pain_rest", 5, 1),
                                     ("sessions_per_week", 0, 30), ("rom_flexion", 80, 110)]:  # fmt: skip
        goal_services.goal_create(
            patient=cast.alice, created_by=cast.carol,
            values={"metric": metric, "baseline": baseline, "target": target, "due_date": due},
        )  # fmt: skip
    goal_services.measurement_record(
        patient=cast.alice, recorded_by=cast.carol, movement="flexion", degrees=90
    )


def _count(client_for: ClientFor, cast: Cast, url: str, who: str) -> int:
    start = (local_today(cast.alice) - datetime.timedelta(days=40)).isoformat()
    client = client_for(cast.user(who))
    full = f"/api/v1/patients/{cast.alice.pk}/{url.format(start=start)}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(full)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("who", ["clinician", "patient"])
def test_the_query_count_does_not_grow_with_the_number_of_sessions(
    cast: Cast, client_for: ClientFor, url: str, who: str
) -> None:
    _data(cast, 3)
    small = _count(client_for, cast, url, who)
    _data(cast, 30)  # a second plan supersedes the first; three times as many rows again
    large = _count(client_for, cast, url, who)
    assert small == large
    assert large <= 8
