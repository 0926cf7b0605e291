"""Session logs: idempotent by client UUID, validated, with next-morning pain from the diary."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
import time_machine

from exercises.models import ExerciseSession
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import diary, items_of, local_today, make_plan

pytestmark = pytest.mark.usefixtures("library")


def _url(cast: Cast, client_id: str | uuid.UUID) -> str:
    return f"/api/v1/patients/{cast.alice.pk}/sessions/{client_id}/"


def _body(cast: Cast, **changes: Any) -> dict[str, Any]:
    plan = make_plan(cast.alice, cast.carol) if "plan_item" not in changes else None
    body: dict[str, Any] = {
        "plan_item": items_of(plan)[0].pk if plan else None,
        "date": local_today(cast.alice).isoformat(),
        "sets_done": 2,
        "reps_done": 10,
        "rpe": 4,
        "pain_during": 3,
        "pain_after": 2,
    }
    return {**body, **changes}


def test_a_new_session_is_created_with_201(cast: Cast, client_for: ClientFor) -> None:
    key = uuid.uuid4()
    response = client_for(cast.alice_user).put(_url(cast, key), _body(cast), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["client_id"] == str(key)
    assert ExerciseSession.objects.filter(patient=cast.alice).count() == 1


def test_a_retry_is_harmless_and_answers_200_with_the_same_body(
    cast: Cast, client_for: ClientFor
) -> None:
    key, body = uuid.uuid4(), _body(cast)
    client = client_for(cast.alice_user)
    first = client.put(_url(cast, key), body, format="json")
    second = client.put(_url(cast, key), body, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert ExerciseSession.objects.filter(patient=cast.alice).count() == 1


@pytest.mark.parametrize("change", [{"pain_during": 4}, {"reps_done": None}, {"sets_done": 3}])
def test_the_same_uuid_with_a_different_body_is_a_409(
    cast: Cast, client_for: ClientFor, change: dict[str, Any]
) -> None:
    key, body = uuid.uuid4(), _body(cast)
    client = client_for(cast.alice_user)
    assert client.put(_url(cast, key), body, format="json").status_code == 201
    response = client.put(_url(cast, key), {**body, **change}, format="json")
    assert response.status_code == 409
    assert ExerciseSession.objects.get(client_id=key).pain_during == 3


def test_another_patients_uuid_does_not_collide(cast: Cast, client_for: ClientFor) -> None:
    key = uuid.uuid4()
    assert (
        client_for(cast.alice_user).put(_url(cast, key), _body(cast), format="json").status_code
        == 201
    )
    bob_plan = make_plan(cast.bob, cast.dave)
    body = {"plan_item": items_of(bob_plan)[0].pk, "date": local_today(cast.bob).isoformat(),
            "minutes": 10}  # fmt: skip
    response = client_for(cast.bob.user).put(
        f"/api/v1/patients/{cast.bob.pk}/sessions/{key}/", body, format="json"
    )
    assert response.status_code == 201


def test_a_plan_item_of_another_patient_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    bob_item = items_of(make_plan(cast.bob, cast.dave))[0]
    body = _body(cast, plan_item=bob_item.pk)
    response = client_for(cast.alice_user).put(_url(cast, uuid.uuid4()), body, format="json")
    assert response.status_code == 400
    assert "plan_item" in response.json()


def test_a_date_after_today_in_the_patients_timezone_is_a_400(
    cast: Cast, client_for: ClientFor
) -> None:
    # 23:30 UTC on 9 March is already 10 March in Berlin, but not the 11th.
    with time_machine.travel(
        datetime.datetime(2026, 3, 9, 23, 30, tzinfo=datetime.UTC), tick=False
    ):
        body = _body(cast)
        client = client_for(cast.alice_user)
        ok = client.put(_url(cast, uuid.uuid4()), {**body, "date": "2026-03-10"}, format="json")
        late = client.put(_url(cast, uuid.uuid4()), {**body, "date": "2026-03-11"}, format="json")
    assert ok.status_code == 201
    assert late.status_code == 400
    assert "date" in late.json()


def test_a_session_before_the_plan_started_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    today = local_today(cast.alice)
    item = items_of(make_plan(cast.alice, cast.carol, starts_on=today))[0]
    body = _body(cast, plan_item=item.pk, date=(today - datetime.timedelta(days=1)).isoformat())
    response = client_for(cast.alice_user).put(_url(cast, uuid.uuid4()), body, format="json")
    assert response.status_code == 400
    assert "started on" in response.json()["date"][0]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pain_during": 11}, "pain_during"),
        ({"rpe": -1}, "rpe"),
        ({"rpe": 2.5}, "rpe"),
        ({"date": "2026-02-30"}, "date"),
        ({"plan_item": "one"}, "plan_item"),
        ({"sets_done": None, "reps_done": None}, "non_field_errors"),
    ],
)
def test_invalid_fields_are_a_400_naming_them(
    cast: Cast, client_for: ClientFor, changes: dict[str, Any], field: str
) -> None:
    response = client_for(cast.alice_user).put(
        _url(cast, uuid.uuid4()), _body(cast, **changes), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_a_path_that_is_not_a_uuid_is_a_404(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.alice_user).put(_url(cast, "not-a-uuid"), _body(cast), format="json")
    assert response.status_code == 404


def test_the_session_list_carries_pre_session_and_next_morning_pain(
    cast: Cast, client_for: ClientFor
) -> None:
    today = local_today(cast.alice)
    day = today - datetime.timedelta(days=2)
    item = items_of(make_plan(cast.alice, cast.carol))[0]
    diary(cast.alice, day, pain_rest=2, pain_activity=4)
    diary(cast.alice, day + datetime.timedelta(days=1), pain_rest=3)
    body = _body(cast, plan_item=item.pk, date=day.isoformat())
    client_for(cast.alice_user).put(_url(cast, uuid.uuid4()), body, format="json")
    rows = (
        client_for(cast.carol)
        .get(f"/api/v1/patients/{cast.alice.pk}/sessions/", {"from": day.isoformat()})
        .json()
    )
    assert len(rows) == 1
    assert rows[0]["exercise"] == "glute-bridge"
    assert (rows[0]["pain_before"], rows[0]["pain_next_morning"]) == (2, 3)


def test_a_new_session_counts_toward_a_sessions_per_week_goal(
    cast: Cast, client_for: ClientFor
) -> None:
    body = _body(cast)
    client_for(cast.carol).post(
        f"/api/v1/patients/{cast.alice.pk}/goals/",
        {"metric": "sessions_per_week", "baseline": 0, "target": 4,
         "due_date": (local_today(cast.alice) + datetime.timedelta(days=30)).isoformat()},
        format="json",
    )  # fmt: skip
    client_for(cast.alice_user).put(_url(cast, uuid.uuid4()), body, format="json")
    goal = client_for(cast.alice_user).get(f"/api/v1/patients/{cast.alice.pk}/goals/").json()[0]
    assert (goal["current"], goal["progress_percent"], goal["milestones"]) == (1.0, 25, [25])
