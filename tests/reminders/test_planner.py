"""Reminder schedules become deliveries at the right local times, once each."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.test import TestCase

from diaries.models import DiaryEntry
from reminders import dispatch, planner, services
from reminders.models import Delivery, Notification, ReminderSchedule
from tests.conftest import Cast, ClientFor

UTC = datetime.UTC


def _schedule(cast: Cast, created: datetime.datetime, **fields: Any) -> ReminderSchedule:
    with time_machine.travel(created, tick=False):
        return services.reminder_schedule_create(
            patient=cast.alice, created_by=cast.carol,
            **{"kind": "pacing", "times": ["09:00"], "weekdays": list(range(7)), "channels": ["inbox"], **fields},
        )  # fmt: skip


def _run_minutes(start: datetime.datetime, minutes: int, step: int = 5) -> None:
    """Run the planner and dispatcher every few minutes, as beat would (it runs every minute)."""
    for minute in range(0, minutes + 1, step):
        moment = start + datetime.timedelta(minutes=minute)
        with time_machine.travel(moment, tick=False):
            planner.plan_due_schedules(moment)
            dispatch.dispatch_due(moment)


def _due_utc(cast: Cast) -> list[datetime.datetime]:
    return sorted(
        Delivery.objects.filter(patient=cast.alice, status="sent").values_list("due_at", flat=True)
    )


@pytest.mark.parametrize(
    ("tz", "day", "local_time", "expected_utc"),
    [
        # Spring forward: 02:30 does not exist; sent at the first valid instant after it.
        (
            "Europe/Berlin",
            datetime.date(2026, 3, 29),
            "02:30",
            datetime.datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        ),
        (
            "America/New_York",
            datetime.date(2026, 3, 8),
            "02:30",
            datetime.datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
        ),
        (
            "Australia/Sydney",
            datetime.date(2026, 10, 4),
            "02:30",
            datetime.datetime(2026, 10, 3, 16, 0, tzinfo=UTC),
        ),
        # Fall back: 01:30 / 02:30 happen twice; sent once, at the first.
        (
            "Europe/Berlin",
            datetime.date(2026, 10, 25),
            "02:30",
            datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
        ),
        (
            "America/New_York",
            datetime.date(2026, 11, 1),
            "01:30",
            datetime.datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        ),
        (
            "Australia/Sydney",
            datetime.date(2026, 4, 5),
            "02:30",
            datetime.datetime(2026, 4, 4, 15, 30, tzinfo=UTC),
        ),
    ],
)
def test_daylight_saving_gaps_and_repeats_send_once_at_the_right_instant(
    cast: Cast, tz: str, day: datetime.date, local_time: str, expected_utc: datetime.datetime
) -> None:
    cast.alice.timezone = tz
    cast.alice.quiet_hours_start, cast.alice.quiet_hours_end = (
        datetime.time(23, 0),
        datetime.time(0, 30),
    )
    cast.alice.save()
    start = expected_utc - datetime.timedelta(hours=3)
    _schedule(cast, start, times=[local_time])
    _run_minutes(start, 6 * 60)
    assert _due_utc(cast) == [expected_utc]
    assert Notification.objects.filter(recipient=cast.alice_user).count() == 1


def test_a_time_inside_quiet_hours_is_refused_when_scheduling(
    cast: Cast, client_for: ClientFor
) -> None:
    response = client_for(cast.alice_user).post(
        "/api/v1/patients/me/reminders/", {"kind": "custom", "times": ["23:00"]}, format="json"
    )
    assert response.status_code == 400
    assert "quiet hours" in response.json()["times"][0]


def test_pacing_reminders_every_90_minutes_skip_quiet_hours(cast: Cast) -> None:
    # Berlin, winter (UTC+1): quiet 21:30-08:00; window 07:00-23:00 every 90 minutes.
    start = datetime.datetime(2026, 1, 12, 0, 0, tzinfo=UTC)  # a Monday, 01:00 local
    _schedule(
        cast,
        start,
        times=[],
        every_minutes=90,
        window_start=datetime.time(7, 0),
        window_end=datetime.time(23, 0),
    )
    _run_minutes(start, 24 * 60)
    local = [
        d.astimezone(datetime.timezone(datetime.timedelta(hours=1))).strftime("%H:%M")
        for d in _due_utc(cast)
    ]
    assert local == [
        "08:30",
        "10:00",
        "11:30",
        "13:00",
        "14:30",
        "16:00",
        "17:30",
        "19:00",
        "20:30",
    ]


def test_downtime_catches_up_but_expires_stale_reminders(cast: Cast) -> None:
    start = datetime.datetime(2026, 1, 12, 7, 0, tzinfo=UTC)  # 08:00 Berlin
    _schedule(cast, start, times=["09:00", "10:00", "11:30"], kind="diary")
    # The worker was down from 08:00 until 12:45 local. Diary reminders expire after
    # 3 hours: 09:00 is stale and expired, 10:00 and 11:30 are still worth sending.
    back = datetime.datetime(2026, 1, 12, 11, 45, tzinfo=UTC)  # 12:45 Berlin
    with time_machine.travel(back, tick=False):
        planner.plan_due_schedules(back)
        dispatch.dispatch_due(back)
    statuses = dict(Delivery.objects.values_list("due_at", "status"))
    assert statuses[datetime.datetime(2026, 1, 12, 8, 0, tzinfo=UTC)] == "expired"
    assert statuses[datetime.datetime(2026, 1, 12, 9, 0, tzinfo=UTC)] == "sent"
    assert statuses[datetime.datetime(2026, 1, 12, 10, 30, tzinfo=UTC)] == "sent"


def test_planning_twice_never_duplicates(cast: Cast) -> None:
    start = datetime.datetime(2026, 1, 12, 7, 0, tzinfo=UTC)
    schedule = _schedule(cast, start)
    moment = datetime.datetime(2026, 1, 12, 8, 5, tzinfo=UTC)
    planner.plan_schedule(schedule, moment)
    schedule.planned_until = start  # as if the first run's bookkeeping was lost
    planner.plan_schedule(schedule, moment)
    assert Delivery.objects.count() == 1


def test_a_diary_reminder_is_not_sent_when_the_day_is_logged(
    cast: Cast, client_for: ClientFor
) -> None:
    start = datetime.datetime(2026, 1, 12, 7, 0, tzinfo=UTC)
    _schedule(cast, start, kind="diary", times=["19:00"])
    DiaryEntry.objects.create(patient=cast.alice, date=datetime.date(2026, 1, 12), pain_rest=2)
    moment = datetime.datetime(2026, 1, 12, 18, 0, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        planner.plan_due_schedules(moment)
        assert dispatch.dispatch_due(moment) == {"skipped": 1}


def test_a_paused_schedule_sends_nothing_until_the_pause_ends(cast: Cast) -> None:
    start = datetime.datetime(2026, 1, 12, 7, 0, tzinfo=UTC)
    _schedule(cast, start, paused_until=datetime.date(2026, 1, 13))
    _run_minutes(start, 2 * 24 * 60 + 120)
    assert [d.date() for d in _due_utc(cast)] == [datetime.date(2026, 1, 14)]


def test_enrolment_creates_the_evening_diary_reminder(cast: Cast, client_for: ClientFor) -> None:
    body = (
        client_for(cast.carol)
        .post(
            "/api/v1/patients/",
            {"display_name": "Ann", "timezone": "Asia/Tokyo", "affected_side": "left"},
            format="json",
        )
        .json()
    )
    schedule = ReminderSchedule.objects.get(patient_id=body["id"])
    assert (schedule.kind, schedule.times) == ("diary", ["19:00"])


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "nap", "times": ["09:00"]},
        {"kind": "pacing", "times": ["9am"]},
        {"kind": "pacing", "times": []},
        {"kind": "pacing", "every_minutes": 90},
        {"kind": "pacing", "every_minutes": 2, "window": ["09:00", "17:00"]},
        {"kind": "pacing", "every_minutes": 60, "window": ["17:00", "09:00"]},
        {"kind": "diary", "times": ["09:00"], "weekdays": [7]},
        {"kind": "diary", "times": ["09:00"], "channels": ["sms"]},
        {"kind": "diary", "times": "09:00"},
    ],
)
def test_bad_schedules_are_a_400(cast: Cast, client_for: ClientFor, body: dict[str, Any]) -> None:
    response = client_for(cast.alice_user).post(
        "/api/v1/patients/me/reminders/", body, format="json"
    )
    assert response.status_code == 400, response.content


def test_a_patient_creates_pauses_and_deletes_a_reminder(cast: Cast, client_for: ClientFor) -> None:
    client = client_for(cast.alice_user)
    created = client.post(
        "/api/v1/patients/me/reminders/",
        {"kind": "pacing", "every_minutes": 60, "window": ["09:00", "17:00"], "weekdays": [0, 2, 4],
         "message": "Stand up and stretch"},
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.content
    url = f"/api/v1/patients/me/reminders/{created.json()['id']}/"
    with TestCase.captureOnCommitCallbacks(execute=True):
        paused = client.patch(url, {"paused_until": "2030-01-01"}, format="json")
    assert paused.json()["paused_until"] == "2030-01-01"
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_moving_timezone_moves_the_next_reminder(cast: Cast, client_for: ClientFor) -> None:
    start = datetime.datetime(2026, 1, 12, 7, 0, tzinfo=UTC)
    schedule = _schedule(cast, start, times=["19:00"])
    assert schedule.next_due_at == datetime.datetime(2026, 1, 12, 18, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        response = client_for(cast.alice_user).patch(
            "/api/v1/patients/me/", {"timezone": "America/New_York"}, format="json"
        )
    assert response.status_code == 200
    schedule.refresh_from_db()
    assert schedule.next_due_at == datetime.datetime(2026, 1, 13, 0, 0, tzinfo=UTC)


def test_a_long_pause_shows_the_first_reminder_after_it(cast: Cast, client_for: ClientFor) -> None:
    start = datetime.datetime(2026, 1, 12, 7, 0, tzinfo=UTC)
    schedule = _schedule(cast, start, times=["09:00"], paused_until=datetime.date(2026, 3, 1))
    # 09:00 in Berlin on 2 March (UTC+1) is 08:00 UTC.
    assert schedule.next_due_at == datetime.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def test_patients_do_not_see_the_clinicians_acknowledgement_note(
    cast: Cast, client_for: ClientFor
) -> None:
    from reminders.models import Alert

    alert = Alert.objects.create(
        patient=cast.alice, rule="fall", severity="urgent", reason="r", evidence={},
        diary_date=datetime.date(2026, 1, 12),
    )  # fmt: skip
    client_for(cast.carol).post(
        f"/api/v1/alerts/{alert.pk}/acknowledge/", {"note": "Worried; call GP"}, format="json"
    )
    assert (
        client_for(cast.carol).get(f"/api/v1/alerts/{alert.pk}/").json()["acknowledge_note"]
        == "Worried; call GP"
    )
    assert (
        client_for(cast.alice_user).get(f"/api/v1/alerts/{alert.pk}/").json()["acknowledge_note"]
        == ""
    )
    assert client_for(cast.erin).get("/api/v1/alerts/").json()[0]["acknowledge_note"] == ""
