"""Retried creates never duplicate: a POST sent again with its Idempotency-Key."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings

from core.models import IdempotencyRecord
from reminders.models import ReminderSchedule
from tests.conftest import Cast, ClientFor

pytestmark = pytest.mark.django_db

REMINDERS = "/api/v1/patients/me/reminders/"
KEY = "5b0f7a1e-5d2c-4c1e-9a37-7d1f0c2b9e11"


def _reminder(time: str = "09:00") -> dict[str, Any]:
    return {"kind": "custom", "times": [time], "message": "Stretch"}


def _post(client: Any, body: dict[str, Any], key: str | None = KEY, url: str = REMINDERS) -> Any:
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post(url, body, format="json", **headers)


def _schedules(cast: Cast) -> int:
    return ReminderSchedule.objects.filter(patient=cast.alice, message="Stretch").count()


def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.alice_user)
    first = _post(client, _reminder())
    again = _post(client, _reminder())
    assert first.status_code == again.status_code == 201, first.content
    assert again.json() == first.json()
    assert _schedules(cast) == 1


def test_without_a_key_each_post_creates(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.alice_user)
    _post(client, _reminder(), key=None)
    _post(client, _reminder("10:00"), key=None)
    assert _schedules(cast) == 2


def test_the_same_key_for_a_different_request_is_refused_and_creates_nothing(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.alice_user)
    _post(client, _reminder())
    other = _post(client, _reminder("18:00"))
    assert other.status_code == 422
    assert "Idempotency-Key" in other.json()["detail"]
    assert _schedules(cast) == 1


def test_a_refused_request_is_not_remembered_so_the_corrected_one_goes_through(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.alice_user)
    refused = _post(client, {"kind": "custom", "times": ["25:00"], "message": "Stretch"})
    assert refused.status_code == 400
    corrected = _post(client, _reminder())
    assert corrected.status_code == 201, corrected.content
    assert _schedules(cast) == 1
    assert IdempotencyRecord.objects.count() == 1


def test_keys_belong_to_one_user(cast: Cast, client_for: ClientFor) -> None:
    _post(client_for(cast.alice_user), _reminder())
    bobs = _post(
        client_for(cast.bob.user), _reminder(), url=f"/api/v1/patients/{cast.bob.pk}/reminders/"
    )
    assert bobs.status_code == 201, bobs.content
    assert ReminderSchedule.objects.filter(patient=cast.bob, message="Stretch").count() == 1


def test_a_key_is_forgotten_after_its_time(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.alice_user)
    _post(client, _reminder())
    hours = settings.HIPWELL["IDEMPOTENCY_TTL_HOURS"]
    with time_machine.travel(datetime.timedelta(hours=hours, minutes=1)):
        later = _post(client, _reminder())
    assert later.status_code == 201
    assert _schedules(cast) == 2
    assert IdempotencyRecord.objects.count() == 1  # the expired one was swept


@pytest.mark.parametrize("key", ["", "x" * 101, "caf\u00e9", "a\tb"])
def test_a_malformed_key_is_a_400_and_creates_nothing(
    cast: Cast, client_for: ClientFor, key: str
) -> None:
    response = _post(client_for(cast.alice_user), _reminder(), key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert _schedules(cast) == 0


def test_goals_and_enrolment_take_the_key_too(cast: Cast, client_for: ClientFor) -> None:
    carol = client_for(cast.carol)
    due = (datetime.date(2026, 11, 18) + datetime.timedelta(days=60)).isoformat()
    goal = {"metric": "walking_distance_m", "baseline": 600, "target": 1000, "due_date": due}
    goals_url = f"/api/v1/patients/{cast.alice.pk}/goals/"
    assert _post(carol, goal, url=goals_url).json() == _post(carol, goal, url=goals_url).json()
    assert len(carol.get(goals_url).json()) == 1

    enrol = {"display_name": "Grace Hopper", "timezone": "Europe/London", "affected_side": "left"}
    first = _post(carol, enrol, key="enrol-1", url="/api/v1/patients/")
    again = _post(carol, enrol, key="enrol-1", url="/api/v1/patients/")
    assert first.status_code == again.status_code == 201, first.content
    assert again.json()["invite_code"] == first.json()["invite_code"]
    names = [p["display_name"] for p in carol.get("/api/v1/patients/").json()]
    assert names.count("Grace Hopper") == 1
