"""A plan is in force from its starts_on: until then it is scheduled and shown as next."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, transaction

from exercises import selectors
from exercises.models import ExercisePlan
from exercises.skips import exercise_reminder_moot
from reminders.models import ReminderSchedule
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import items_of, make_plan

pytestmark = pytest.mark.usefixtures("library")

# A Wednesday; alice lives in Europe/Berlin, where it is the same day.
NOW = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 11, 18)
SATURDAY = datetime.date(2026, 11, 21)


def _url(cast: Cast, tail: str) -> str:
    return f"/api/v1/patients/{cast.alice.pk}/{tail}"


def _prescribe(
    cast: Cast, client_for: ClientFor, starts_on: datetime.date, **extra: Any
) -> dict[str, Any]:
    body = {
        "title": f"From {starts_on}",
        "starts_on": starts_on.isoformat(),
        "items": [{"exercise": "heel-slides", "per_week": 7}],
        **extra,
    }
    response = client_for(cast.carol).post(_url(cast, "plans/"), body, format="json")
    assert response.status_code == 201, response.content
    body_out: dict[str, Any] = response.json()
    return body_out


def _log(cast: Cast, client_for: ClientFor, item_id: int, day: datetime.date) -> Any:
    body = {"plan_item": item_id, "date": day.isoformat(), "sets_done": 2, "pain_during": 2}
    client = client_for(cast.alice_user)
    return client.put(_url(cast, f"sessions/{uuid.uuid4()}/"), body, format="json")


@time_machine.travel(NOW, tick=False)
def test_a_plan_written_for_later_is_scheduled_and_the_current_stays_in_force(
    cast: Cast, client_for: ClientFor
) -> None:
    current = make_plan(cast.alice, cast.carol, per_week=7)
    written = _prescribe(cast, client_for, SATURDAY)
    assert written["status"] == "scheduled"

    body = client_for(cast.alice_user).get(_url(cast, "plan/")).json()
    assert body["id"] == current.pk
    assert body["status"] == "active"
    assert body["ends_on"] == "2026-11-20"
    assert all(item["advice"] is not None for item in body["items"])
    assert body["next"]["id"] == written["id"]
    assert body["next"]["status"] == "scheduled"
    assert body["next"]["starts_on"] == "2026-11-21"
    assert all(item["advice"] is None for item in body["next"]["items"])

    history = client_for(cast.carol).get(_url(cast, "plans/")).json()
    assert {p["id"]: p["status"] for p in history} == {
        written["id"]: "scheduled",
        current.pk: "active",
    }


@time_machine.travel(NOW, tick=False)
def test_the_scheduled_plan_takes_over_on_its_first_day(cast: Cast, client_for: ClientFor) -> None:
    current = make_plan(cast.alice, cast.carol)
    written = _prescribe(cast, client_for, SATURDAY)
    with time_machine.travel(datetime.datetime(2026, 11, 21, 8, 0, tzinfo=datetime.UTC)):
        body = client_for(cast.alice_user).get(_url(cast, "plan/")).json()
        history = client_for(cast.alice_user).get(_url(cast, "plans/")).json()
    assert body["id"] == written["id"]
    assert body["status"] == "active"
    assert body["next"] is None
    assert {p["id"]: p["status"] for p in history}[current.pk] == "superseded"


@time_machine.travel(NOW, tick=False)
def test_sessions_are_logged_against_the_plan_in_force_that_day(
    cast: Cast, client_for: ClientFor
) -> None:
    old_item = items_of(make_plan(cast.alice, cast.carol))[0]
    new_item_id = _prescribe(cast, client_for, SATURDAY)["items"][0]["id"]

    early = _log(cast, client_for, new_item_id, TODAY)
    assert early.status_code == 400
    assert "starts on 2026-11-21" in early.json()["date"][0]
    assert _log(cast, client_for, old_item.pk, TODAY).status_code == 201

    with time_machine.travel(datetime.datetime(2026, 11, 21, 8, 0, tzinfo=datetime.UTC)):
        late = _log(cast, client_for, old_item.pk, SATURDAY)
        assert late.status_code == 400
        assert "ended on 2026-11-20" in late.json()["date"][0]
        assert _log(cast, client_for, old_item.pk, TODAY).status_code == 201
        assert _log(cast, client_for, new_item_id, SATURDAY).status_code == 201


@time_machine.travel(NOW, tick=False)
def test_adherence_asks_for_each_plan_only_on_its_own_days(
    cast: Cast, client_for: ClientFor
) -> None:
    old_item = items_of(make_plan(cast.alice, cast.carol, ("glute-bridge",), per_week=7))[0]
    new_item_id = _prescribe(cast, client_for, SATURDAY)["items"][0]["id"]
    week = selectors.adherence_get(patient=cast.alice, weeks=1).result.weeks[-1]
    prescribed = {item.item_id: item.prescribed for item in week.items}
    # Monday 16 to Friday 20 under the old plan, Saturday and Sunday under the new one.
    assert prescribed == {old_item.pk: 5, new_item_id: 2}


@time_machine.travel(NOW, tick=False)
def test_plan_reminders_follow_the_plan_in_force_each_day(
    cast: Cast, client_for: ClientFor
) -> None:
    reminder = {"kind": "exercise", "times": ["17:00"]}
    old = _prescribe(cast, client_for, TODAY - datetime.timedelta(days=10), reminders=[reminder])
    new = _prescribe(cast, client_for, SATURDAY, reminders=[reminder])
    sources = set(
        ReminderSchedule.objects.filter(patient=cast.alice, active=True).values_list(
            "source", flat=True
        )
    )
    # The old plan keeps reminding until it ends; the new one's reminders wait for it.
    assert {f"plan:{old['id']}", f"plan:{new['id']}"} <= sources

    def moot(day: datetime.date, plan: dict[str, Any]) -> str:
        source = f"plan:{plan['id']}"
        return exercise_reminder_moot(patient=cast.alice, day=day, kind="exercise", source=source)

    assert moot(TODAY, old) == ""
    assert moot(TODAY, new) != ""
    assert moot(SATURDAY, old) != ""
    assert moot(SATURDAY, new) == ""


@time_machine.travel(NOW, tick=False)
def test_a_newer_prescription_withdraws_plans_scheduled_on_or_after_its_start(
    cast: Cast, client_for: ClientFor
) -> None:
    current = make_plan(cast.alice, cast.carol)
    later = _prescribe(cast, client_for, SATURDAY)
    same_day = _prescribe(cast, client_for, SATURDAY)
    sooner = _prescribe(cast, client_for, TODAY + datetime.timedelta(days=1))

    plans = {p.pk: p for p in ExercisePlan.objects.filter(patient=cast.alice)}
    assert plans[later["id"]].is_withdrawn
    assert plans[same_day["id"]].is_withdrawn
    assert plans[current.pk].ends_on == TODAY
    assert plans[sooner["id"]].ends_on is None
    body = client_for(cast.alice_user).get(_url(cast, "plan/")).json()
    assert (body["id"], body["next"]["id"]) == (current.pk, sooner["id"])
    statuses = {
        p["id"]: p["status"] for p in client_for(cast.carol).get(_url(cast, "plans/")).json()
    }
    assert statuses[later["id"]] == statuses[same_day["id"]] == "superseded"


@time_machine.travel(NOW, tick=False)
def test_a_plan_for_today_replaces_the_current_one_at_once(
    cast: Cast, client_for: ClientFor
) -> None:
    current = make_plan(cast.alice, cast.carol)
    written = _prescribe(cast, client_for, TODAY)
    body = client_for(cast.alice_user).get(_url(cast, "plan/")).json()
    assert (body["id"], body["next"]) == (written["id"], None)
    current.refresh_from_db()
    assert current.ends_on == TODAY - datetime.timedelta(days=1)
    assert current.superseded_by_id == written["id"]


@time_machine.travel(NOW, tick=False)
def test_with_only_a_scheduled_plan_the_404_still_names_it(
    cast: Cast, client_for: ClientFor
) -> None:
    written = _prescribe(cast, client_for, SATURDAY)
    response = client_for(cast.alice_user).get(_url(cast, "plan/"))
    assert response.status_code == 404
    assert response.json()["next"]["id"] == written["id"]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("caller", ["other_patient", "other_clinician"])
def test_strangers_get_404_for_the_plan_in_force(
    cast: Cast, client_for: ClientFor, caller: str
) -> None:
    make_plan(cast.alice, cast.carol)
    _prescribe(cast, client_for, SATURDAY)
    response = client_for(cast.user(caller)).get(_url(cast, "plan/"))
    assert response.status_code == 404
    assert "next" not in response.json()


@time_machine.travel(NOW, tick=False)
def test_the_database_allows_one_open_plan_and_one_live_plan_per_start_day(cast: Cast) -> None:
    plan = make_plan(cast.alice, cast.carol)
    fields = {"patient": cast.alice, "title": "x", "patient_weight_bearing": "full"}
    with pytest.raises(IntegrityError), transaction.atomic():
        ExercisePlan.objects.create(starts_on=SATURDAY, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExercisePlan.objects.create(starts_on=plan.starts_on, ends_on=SATURDAY, **fields)
    # A withdrawn plan (ending before it starts) may share a start day.
    ExercisePlan.objects.create(
        starts_on=plan.starts_on, ends_on=plan.starts_on - datetime.timedelta(days=1), **fields
    )
