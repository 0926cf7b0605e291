"""The offline-sync feed: every write and delete after a cursor, never skipping one."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import Cast, ClientFor
from tests.diaries.helpers import days_ago

ENTRY = {"pain_rest": 3, "pain_activity": 4}
FEED = "/api/v1/patients/me/diary/changes/"


def _later(seconds: int = 30) -> Any:
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds))


def test_the_feed_reports_writes_edits_and_deletes_with_a_moving_cursor(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.alice_user)
    for n in (1, 2, 3):
        client.put(f"/api/v1/patients/me/diary/{days_ago(cast.alice, n)}/", ENTRY, format="json")
    with _later():
        first = client.get(FEED).json()
    assert [e["date"] for e in first["entries"]] == [
        days_ago(cast.alice, n).isoformat() for n in (3, 2, 1)
    ]
    assert first["deleted"] == []
    client.put(
        f"/api/v1/patients/me/diary/{days_ago(cast.alice, 2)}/", {"pain_rest": 9}, format="json"
    )
    client.delete(f"/api/v1/patients/me/diary/{days_ago(cast.alice, 3)}/")
    with _later(60):
        second = client.get(FEED, {"since": first["next_cursor"]}).json()
        third = client.get(FEED, {"since": second["next_cursor"]}).json()
    assert [e["date"] for e in second["entries"]] == [days_ago(cast.alice, 2).isoformat()]
    assert second["entries"][0]["pain_rest"] == 9
    assert second["deleted"] == [days_ago(cast.alice, 3).isoformat()]
    assert third["entries"] == []
    assert third["deleted"] == []


def test_the_cursor_does_not_move_past_changes_that_may_still_be_committing(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.alice_user)
    client.put(f"/api/v1/patients/me/diary/{days_ago(cast.alice, 1)}/", ENTRY, format="json")
    fresh = client.get(FEED).json()
    # The change is reported at once, but the cursor stays behind it until it settles,
    # so a slower transaction that took a lower id is never skipped.
    assert len(fresh["entries"]) == 1
    again = client.get(FEED, {"since": fresh["next_cursor"]}).json()
    assert len(again["entries"]) == 1


@pytest.mark.parametrize("cursor", ["garbage", "djE6YWJj", "%%%", "x" * 500, "-1"])
def test_a_bad_cursor_is_a_400(cast: Cast, client_for: ClientFor, cursor: str) -> None:
    response = client_for(cast.alice_user).get(FEED, {"since": cursor})
    assert response.status_code == 400
    assert "since" in response.json()


def test_the_feed_runs_the_same_queries_for_few_and_many_changes(
    cast: Cast, client_for: ClientFor
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(cast.alice_user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(FEED)
        return len(ctx)

    client.put(f"/api/v1/patients/me/diary/{days_ago(cast.alice, 0)}/", ENTRY, format="json")
    few = count()
    for n in range(1, 30):
        client.put(f"/api/v1/patients/me/diary/{days_ago(cast.alice, n)}/", ENTRY, format="json")
    assert count() == few


def test_a_cursor_ahead_of_the_diary_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    from diaries.selectors import encode_cursor

    client = client_for(cast.alice_user)
    client.put(f"/api/v1/patients/me/diary/{days_ago(cast.alice, 1)}/", ENTRY, format="json")
    response = client.get(FEED, {"since": encode_cursor(999_999)})
    assert response.status_code == 400
    assert "since" in response.json()


def test_a_day_edited_many_times_comes_back_once(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.alice_user)
    day = days_ago(cast.alice, 1)
    for pain in range(11):
        client.put(f"/api/v1/patients/me/diary/{day}/", {"pain_rest": pain}, format="json")
    with _later():
        body = client.get(FEED).json()
    assert [e["date"] for e in body["entries"]] == [day.isoformat()]
    assert body["entries"][0]["pain_rest"] == 10
    assert body["has_more"] is False
