"""The daily diary over HTTP: write, read, replace, delete, validate."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diaries.models import DiaryEntry, DiaryRevision
from tests.conftest import Cast, ClientFor
from tests.diaries.helpers import days_ago, local_today

ENTRY = {
    "pain_rest": 2, "pain_activity": 4, "pain_night": 1, "stiffness": 3,
    "sleep_interference": 2, "mood": 3, "walking_distance_m": 1200, "limp": "slight",
    "instability": False, "fall": False, "walking_aid": "none", "note": "Walked to the shop.",
}  # fmt: skip


def _url(patient_id: object, day: datetime.date | str) -> str:
    return f"/api/v1/patients/{patient_id}/diary/{day}/"


def _put(
    client_for: ClientFor,
    cast: Cast,
    day: datetime.date | str,
    body: dict[str, Any],
    **headers: str,
) -> Any:
    return client_for(cast.alice_user).put(_url("me", day), body, format="json", headers=headers)


def test_a_first_put_creates_the_day_and_a_second_replaces_it(
    cast: Cast, client_for: ClientFor
) -> None:
    today = local_today(cast.alice)
    created = _put(client_for, cast, today, ENTRY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["date"] == today.isoformat()
    assert {"created_at", "updated_at"} <= set(body)
    replaced = _put(client_for, cast, today, {"pain_rest": 5})
    assert replaced.status_code == 200
    assert replaced.json()["pain_rest"] == 5
    assert replaced.json()["walking_distance_m"] is None  # PUT replaces the whole day
    assert DiaryEntry.objects.filter(patient=cast.alice).count() == 1


def test_an_identical_repeat_changes_nothing(cast: Cast, client_for: ClientFor) -> None:
    today = local_today(cast.alice)
    first = _put(client_for, cast, today, ENTRY).json()
    again = _put(client_for, cast, today, ENTRY)
    assert again.status_code == 200
    assert again.json()["updated_at"] == first["updated_at"]
    assert again.json()["version"] == first["version"]
    assert DiaryEntry.objects.filter(patient=cast.alice).count() == 1
    assert DiaryRevision.objects.filter(patient=cast.alice).count() == 1


def test_every_change_is_kept_as_a_revision_the_care_team_can_read(
    cast: Cast, client_for: ClientFor
) -> None:
    today = local_today(cast.alice)
    _put(client_for, cast, today, ENTRY)
    _put(client_for, cast, today, {**ENTRY, "pain_rest": 6})
    revisions = (
        client_for(cast.carol)
        .get(f"/api/v1/patients/{cast.alice.pk}/diary/{today}/revisions/")
        .json()
    )
    assert [r["action"] for r in revisions] == ["update", "create"]
    assert revisions[0]["old_values"]["pain_rest"] == 2
    assert revisions[0]["changed_by"] == "alice"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pain_rest", -1), ("pain_rest", 11), ("pain_rest", 3.5), ("pain_rest", "3.5"), ("pain_rest", True),
        ("pain_activity", 99), ("pain_night", -5), ("stiffness", 11), ("sleep_interference", 11),
        ("mood", 11), ("walking_distance_m", -1), ("walking_distance_m", 50001),
        ("walking_distance_m", 1e20), ("limp", "severe"), ("instability", "yes"), ("fall", 1),
        ("walking_aid", "wheelchair"), ("note", "x" * 2001), ("pain_rest", [1]), ("pain_rest", {"a": 1}),
    ],
)  # fmt: skip
def test_each_field_out_of_range_is_a_400_naming_it(
    cast: Cast, client_for: ClientFor, field: str, value: object
) -> None:
    response = _put(client_for, cast, local_today(cast.alice), {**ENTRY, field: value})
    assert response.status_code == 400
    assert field in response.json()
    assert not DiaryEntry.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"), [("walking_distance_m", 50000), ("pain_rest", 0), ("note", "x" * 2000)]
)
def test_boundaries_are_accepted(
    cast: Cast, client_for: ClientFor, field: str, value: object
) -> None:
    assert (
        _put(client_for, cast, local_today(cast.alice), {**ENTRY, field: value}).status_code == 201
    )


@pytest.mark.parametrize(
    "body",
    [
        {"fall": True},
        {"instability": True},
        {"note": "The hip gave way on the stairs."},
        {"walking_distance_m": 500},
        {"weight_bearing_followed": False},
        {"mood": 0},
    ],
    ids=["fall", "instability", "note", "walking", "weight_bearing", "one_score"],
)
def test_any_one_field_makes_a_valid_entry(
    cast: Cast, client_for: ClientFor, body: dict[str, Any]
) -> None:
    response = _put(client_for, cast, local_today(cast.alice), body)
    assert response.status_code == 201, response.content
    stored = response.json()
    assert all(stored[name] == value for name, value in body.items())
    assert stored["pain_rest"] is None


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"fall": False, "instability": False},
        {"note": ""},
        {"note": "  \n "},
        {"pain_rest": None, "limp": None, "walking_aid": None},
    ],
    ids=["empty", "false_flags", "empty_note", "blank_note", "nulls"],
)
def test_a_put_without_any_field_is_a_400(
    cast: Cast, client_for: ClientFor, body: dict[str, Any]
) -> None:
    response = _put(client_for, cast, local_today(cast.alice), body)
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not DiaryEntry.objects.exists()


def test_a_fall_reported_on_its_own_carries_its_follow_up_answers(
    cast: Cast, client_for: ClientFor
) -> None:
    today = local_today(cast.alice)
    body = {
        "fall": True,
        "fall_injured": True,
        "fall_hit_head": False,
        "fall_can_bear_weight": None,
    }
    response = _put(client_for, cast, today, body)
    assert response.status_code == 201, response.content
    assert {name: response.json()[name] for name in body} == body
    entry = DiaryEntry.objects.get(patient=cast.alice, date=today)
    assert (entry.fall_injured, entry.fall_hit_head, entry.fall_can_bear_weight) == (
        True,
        False,
        None,
    )
    # Replacing the day without the answers clears them, as PUT clears every omitted field.
    replaced = _put(client_for, cast, today, {"fall": True}).json()
    assert (replaced["fall_injured"], replaced["fall_hit_head"]) == (None, None)


@pytest.mark.parametrize("field", ["fall_injured", "fall_hit_head", "fall_can_bear_weight"])
@pytest.mark.parametrize("fall", [False, None], ids=["fall_false", "fall_omitted"])
@pytest.mark.parametrize("answer", [True, False])
def test_a_fall_follow_up_without_a_fall_is_a_400_naming_it(
    cast: Cast, client_for: ClientFor, field: str, fall: bool | None, answer: bool
) -> None:
    body: dict[str, Any] = {"pain_rest": 2, field: answer}
    if fall is not None:
        body["fall"] = fall
    response = _put(client_for, cast, local_today(cast.alice), body)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not DiaryEntry.objects.exists()


def test_unanswered_follow_ups_without_a_fall_are_accepted(
    cast: Cast, client_for: ClientFor
) -> None:
    body = {"pain_rest": 2, "fall_injured": None, "fall_hit_head": None}
    assert _put(client_for, cast, local_today(cast.alice), body).status_code == 201


@pytest.mark.parametrize("value", ["yes", 1, 0, "true", [True]])
def test_a_fall_follow_up_must_be_a_boolean(
    cast: Cast, client_for: ClientFor, value: object
) -> None:
    response = _put(
        client_for, cast, local_today(cast.alice), {"fall": True, "fall_hit_head": value}
    )
    assert response.status_code == 400
    assert "fall_hit_head" in response.json()


@pytest.mark.parametrize(
    "values",
    [
        {"fall": False, "fall_hit_head": True, "pain_rest": 2},
        {"fall": False, "fall_can_bear_weight": False, "pain_rest": 2},
        {},
        {"fall": False, "instability": False, "note": ""},
    ],
    ids=["follow_up_without_fall", "bear_weight_without_fall", "nothing", "only_defaults"],
)
def test_the_database_refuses_what_the_api_refuses(values: dict[str, Any], cast: Cast) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        DiaryEntry.objects.create(patient=cast.alice, date=local_today(cast.alice), **values)


def test_the_fall_answers_are_in_the_revisions_and_the_changes_feed(
    cast: Cast, client_for: ClientFor
) -> None:
    from django.utils import timezone

    today = local_today(cast.alice)
    _put(client_for, cast, today, {"fall": True, "fall_hit_head": True})
    _put(client_for, cast, today, {"fall": True, "fall_hit_head": False})
    revisions = (
        client_for(cast.carol)
        .get(f"/api/v1/patients/{cast.alice.pk}/diary/{today}/revisions/")
        .json()
    )
    assert revisions[0]["old_values"]["fall_hit_head"] is True
    assert revisions[0]["new_values"]["fall_hit_head"] is False
    assert revisions[1]["new_values"]["fall_can_bear_weight"] is None
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=30)):
        feed = client_for(cast.alice_user).get("/api/v1/patients/me/diary/changes/").json()
    [entry] = feed["entries"]
    assert (entry["fall"], entry["fall_hit_head"], entry["fall_injured"]) == (True, False, None)


@pytest.mark.parametrize("body", ["not json", "[]", "null", "{", '{"pain_rest": NaN}'])
def test_malformed_bodies_are_a_400(cast: Cast, client_for: ClientFor, body: str) -> None:
    response = client_for(cast.alice_user).put(
        _url("me", local_today(cast.alice)), body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "day", ["2026-02-30", "yesterday", "20260101", "2026-1-1", "0000-01-01", "9999-99-99"]
)
def test_a_malformed_date_is_a_400(cast: Cast, client_for: ClientFor, day: str) -> None:
    response = _put(client_for, cast, day, ENTRY)
    assert response.status_code == 400
    assert "date" in response.json()


def test_a_date_after_today_in_the_patients_timezone_is_a_400(
    cast: Cast, client_for: ClientFor
) -> None:
    response = _put(client_for, cast, local_today(cast.alice) + datetime.timedelta(days=1), ENTRY)
    assert response.status_code == 400
    assert "date" in response.json()


def test_patients_in_auckland_and_los_angeles_have_different_todays(
    cast: Cast, client_for: ClientFor
) -> None:
    cast.alice.timezone = "Pacific/Auckland"
    cast.alice.save()
    cast.bob.timezone = "America/Los_Angeles"
    cast.bob.save()
    # 2026-11-22 10:00 UTC is 23:00 on the 22nd in Auckland and 02:00 on the 22nd in LA;
    # at 12:00 UTC Auckland is already on the 23rd.
    with time_machine.travel(
        datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC), tick=False
    ):
        auckland = client_for(cast.alice_user).put(_url("me", "2026-11-23"), ENTRY, format="json")
        los_angeles = client_for(cast.bob.user).put(_url("me", "2026-11-23"), ENTRY, format="json")
        assert (
            client_for(cast.bob.user)
            .put(_url("me", "2026-11-22"), ENTRY, format="json")
            .status_code
            == 201
        )
    assert auckland.status_code == 201
    assert los_angeles.status_code == 400


def test_entries_older_than_30_days_are_read_only_for_the_patient(
    cast: Cast, client_for: ClientFor
) -> None:
    assert _put(client_for, cast, days_ago(cast.alice, 30), ENTRY).status_code == 201
    old = _put(client_for, cast, days_ago(cast.alice, 31), ENTRY)
    assert old.status_code == 400
    assert "read-only" in old.json()["date"][0]


def test_the_range_list_is_in_date_order(cast: Cast, client_for: ClientFor) -> None:
    for n in (3, 1, 2):
        _put(client_for, cast, days_ago(cast.alice, n), ENTRY)
    start, end = days_ago(cast.alice, 3), days_ago(cast.alice, 1)
    body = (
        client_for(cast.carol)
        .get(f"/api/v1/patients/{cast.alice.pk}/diary/?from={start}&to={end}")
        .json()
    )
    assert [row["date"] for row in body] == [days_ago(cast.alice, n).isoformat() for n in (3, 2, 1)]


@pytest.mark.parametrize(
    "query",
    ["from=2026-05-01&to=2026-04-01", "from=bad", "to=2026-13-01", "from=2020-01-01&to=2026-01-01"],
)
def test_a_bad_range_is_a_400(cast: Cast, client_for: ClientFor, query: str) -> None:
    assert (
        client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/diary/?{query}").status_code
        == 400
    )


def test_delete_removes_the_day(cast: Cast, client_for: ClientFor) -> None:
    today = local_today(cast.alice)
    _put(client_for, cast, today, ENTRY)
    client = client_for(cast.alice_user)
    assert client.delete(_url("me", today)).status_code == 204
    assert client.get(_url("me", today)).status_code == 404
    assert client.delete(_url("me", today)).status_code == 404


def test_if_match_with_a_stale_etag_is_a_412(cast: Cast, client_for: ClientFor) -> None:
    today = local_today(cast.alice)
    etag = _put(client_for, cast, today, ENTRY)["ETag"]
    assert (
        _put(client_for, cast, today, {**ENTRY, "pain_rest": 4}, **{"If-Match": etag}).status_code
        == 200
    )
    stale = _put(client_for, cast, today, {**ENTRY, "pain_rest": 7}, **{"If-Match": etag})
    assert stale.status_code == 412
    assert DiaryEntry.objects.get(patient=cast.alice).pain_rest == 4


def test_a_diary_put_runs_a_fixed_number_of_queries(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.alice_user)
    today = local_today(cast.alice)
    with CaptureQueriesContext(connection) as create:
        client.put(_url("me", today), ENTRY, format="json")
    with CaptureQueriesContext(connection) as update:
        client.put(_url("me", today), {**ENTRY, "pain_rest": 3}, format="json")
    with CaptureQueriesContext(connection) as repeat:
        client.put(_url("me", today), {**ENTRY, "pain_rest": 3}, format="json")
    # Create: resolve the patient; the service's transaction (a savepoint inside the
    # test's own) around: lock-read the day, savepoint + insert + release, revision,
    # change log, the care team's rule overrides, later days whose history this day
    # changes, the evaluation outbox. Update: the same without the insert's savepoint.
    # An identical repeat stops after reading the day. Then every PUT works out its
    # guidance: the rule overrides, the day with its history (one range query), the
    # profile's walking aid; nothing trips here, so no contact details are read.
    assert (len(create), len(update), len(repeat)) == (15, 13, 7), [
        q["sql"] for q in create.captured_queries
    ]


def test_delete_with_a_stale_if_match_is_a_412(cast: Cast, client_for: ClientFor) -> None:
    today = local_today(cast.alice)
    etag = _put(client_for, cast, today, ENTRY)["ETag"]
    _put(client_for, cast, today, {**ENTRY, "pain_rest": 5})
    stale = client_for(cast.alice_user).delete(_url("me", today), headers={"If-Match": etag})
    assert stale.status_code == 412
    assert DiaryEntry.objects.filter(patient=cast.alice).exists()
