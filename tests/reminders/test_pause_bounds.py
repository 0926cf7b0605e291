"""A pause is a date the diary would accept too: far-future or far-past dates are a 400."""

from __future__ import annotations

import pytest
import time_machine

from reminders.models import ReminderSchedule
from tests.conftest import Cast, ClientFor

NOW = "2026-11-18T10:00:00Z"


def _schedule(cast: Cast) -> ReminderSchedule:
    return ReminderSchedule.objects.create(
        patient=cast.alice, kind="diary", times=["19:00"], weekdays=list(range(7)),
        channels=["inbox"],
    )  # fmt: skip


@pytest.mark.parametrize("day", ["9999-12-31", "2201-01-01", "0001-01-01", "1899-12-31"])
@time_machine.travel(NOW, tick=False)
def test_it_refuses_a_pause_outside_the_diary_range(
    cast: Cast, client_for: ClientFor, day: str
) -> None:
    schedule = _schedule(cast)
    client = client_for(cast.alice_user)
    client.raise_request_exception = False
    url = f"/api/v1/patients/me/reminders/{schedule.pk}/"
    response = client.patch(url, {"paused_until": day}, format="json")
    assert response.status_code == 400, response.content
    assert "paused_until" in response.json()
    schedule.refresh_from_db()
    assert schedule.paused_until is None


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@time_machine.travel(NOW, tick=False)
def test_it_refuses_a_far_pause_on_a_new_reminder(
    cast: Cast, client_for: ClientFor, day: str
) -> None:
    client = client_for(cast.alice_user)
    client.raise_request_exception = False
    body = {"kind": "pacing", "times": ["10:00"], "paused_until": day}
    response = client.post("/api/v1/patients/me/reminders/", body, format="json")
    assert response.status_code == 400, response.content
    assert "paused_until" in response.json()
    assert not ReminderSchedule.objects.filter(patient=cast.alice, kind="pacing").exists()


@time_machine.travel(NOW, tick=False)
def test_it_accepts_a_pause_at_the_edge_of_the_range(cast: Cast, client_for: ClientFor) -> None:
    schedule = _schedule(cast)
    response = client_for(cast.alice_user).patch(
        f"/api/v1/patients/me/reminders/{schedule.pk}/", {"paused_until": "2200-12-31"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["paused_until"] == "2200-12-31"
