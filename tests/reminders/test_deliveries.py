"""Every owed message is built by one function: due, first attempt and expiry agree."""

from __future__ import annotations

import datetime

import time_machine

from reminders import planner, services
from reminders.deliveries import (
    ALERT_MESSAGE_EXPIRY,
    deliveries_for_alert,
    delivery_row,
    notify_person,
)
from reminders.models import (
    DELIVERY_KEY_LENGTH,
    DELIVERY_TITLE_LENGTH,
    Alert,
    Delivery,
    DeliveryPurpose,
)
from tests.conftest import Cast

NOW = datetime.datetime(2026, 6, 2, 10, 0, tzinfo=datetime.UTC)


def _assert_consistent(rows: list[Delivery], expiry: datetime.timedelta) -> None:
    assert rows
    for row in rows:
        assert row.next_attempt_at == row.due_at
        assert row.expires_at - row.due_at == expiry


def test_it_builds_alert_messages_for_the_care_team_not_the_patient(cast: Cast) -> None:
    alert = Alert.objects.create(
        patient=cast.alice, rule="fall", severity="urgent", reason="A fall.",
        diary_date=datetime.date(2026, 6, 1),
    )  # fmt: skip
    with time_machine.travel(NOW, tick=False):
        deliveries_for_alert(alert, event="opened")
    rows = list(Delivery.objects.filter(alert=alert))
    _assert_consistent(rows, ALERT_MESSAGE_EXPIRY)
    # The patient hears once per evaluation (reminders.deliveries.guidance_deliveries).
    assert {r.recipient_id for r in rows} == {cast.carol.pk}
    assert all(r.due_at == NOW and r.dedupe_key for r in rows)


def test_it_builds_reminder_occurrences_with_their_kinds_expiry(cast: Cast) -> None:
    with time_machine.travel(NOW - datetime.timedelta(hours=2), tick=False):
        schedule = services.reminder_schedule_create(
            patient=cast.alice, created_by=cast.carol, kind="pacing", times=["11:30"],
            weekdays=list(range(7)), channels=["inbox"],
        )  # fmt: skip
    planner.plan_schedule(schedule, NOW)
    rows = list(Delivery.objects.filter(schedule=schedule))
    _assert_consistent(rows, planner.expiry_for("pacing"))
    assert all(r.dedupe_key is None and r.purpose == DeliveryPurpose.REMINDER for r in rows)


def test_it_cuts_long_titles_and_keys_to_their_columns(cast: Cast) -> None:
    with time_machine.travel(NOW, tick=False):
        created = notify_person(
            user=cast.alice_user, patient_id=cast.alice.pk, purpose=DeliveryPurpose.MILESTONE,
            title="T" * 300, body="Well done.", dedupe_key="k" * 300,
        )  # fmt: skip
    row = Delivery.objects.get(recipient=cast.alice_user)
    assert created == 1
    assert len(row.title) == DELIVERY_TITLE_LENGTH
    assert row.dedupe_key is not None
    assert len(row.dedupe_key) == DELIVERY_KEY_LENGTH
    _assert_consistent([row], ALERT_MESSAGE_EXPIRY)


def test_an_alert_row_built_with_a_long_title_fits_too(cast: Cast) -> None:
    row = delivery_row(
        recipient=cast.carol, patient_id=cast.alice.pk, channel="inbox",
        purpose=DeliveryPurpose.ALERT, title="x" * 500, body="b", link="",
        due_at=NOW, expires_after=ALERT_MESSAGE_EXPIRY, dedupe_key="alert:1:opened:1:inbox",
    )  # fmt: skip
    assert len(row.title) == DELIVERY_TITLE_LENGTH
    assert row.dedupe_key == "alert:1:opened:1:inbox"
    _assert_consistent([row], ALERT_MESSAGE_EXPIRY)
