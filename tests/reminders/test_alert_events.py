"""Falls open an alert per day; instability extends, advises again, and recurs."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from reminders import dispatch
from reminders.models import Alert, Delivery, Notification
from tests.conftest import Cast, ClientFor
from tests.reminders.helpers import put_day, steady_history


def test_two_falls_on_two_days_open_two_alerts_that_each_reach_the_care_team(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today - datetime.timedelta(days=1), fall=True)
    put_day(client, today, fall=True)
    dispatch.dispatch_due()
    falls = list(Alert.objects.filter(patient=cast.alice, rule="fall", status="open"))
    assert sorted(a.diary_date for a in falls) == [today - datetime.timedelta(days=1), today]
    assert all(a.severity == "urgent" for a in falls)
    for alert in falls:
        assert Delivery.objects.filter(alert=alert, recipient=cast.carol, purpose="alert").exists()
        assert Notification.objects.filter(alert=alert, recipient=cast.carol).exists()
    body = client_for(cast.carol).get("/api/v1/alerts/?status=open").json()
    assert sorted(a["diary_date"] for a in body if a["rule"] == "fall") == [
        (today - datetime.timedelta(days=1)).isoformat(),
        today.isoformat(),
    ]


def test_editing_a_fall_day_does_not_open_a_second_alert_for_it(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today, fall=True)
    put_day(client, today, fall=True, note="tripped on the stairs")
    assert Alert.objects.filter(rule="fall").count() == 1


def test_another_episode_while_instability_is_open_advises_the_patient_but_not_the_team(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today - datetime.timedelta(days=1), instability=True)
    team_before = Delivery.objects.filter(recipient=cast.carol).count()
    advice_before = Delivery.objects.filter(
        recipient=cast.alice_user, purpose="patient_advice"
    ).count()
    put_day(client, today, instability=True)
    put_day(client, today, instability=True, note="edited, same episode")
    alert = Alert.objects.get(rule="instability")
    assert alert.status == "open"
    assert Delivery.objects.filter(recipient=cast.carol).count() == team_before
    assert (
        Delivery.objects.filter(recipient=cast.alice_user, purpose="patient_advice").count()
        == advice_before + 1
    )
    dispatch.dispatch_due()
    advice = Notification.objects.filter(recipient=cast.alice_user, kind="patient_advice")
    assert advice.count() == 2
    assert all("hip gave way" in n.body for n in advice)


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_a_new_episode_after_the_alert_was_closed_opens_a_recurrent_alert(
    cast: Cast, client_for: ClientFor, action: str
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    first_day = today - datetime.timedelta(days=3)
    put_day(client, first_day, instability=True)
    first = Alert.objects.get(rule="instability")
    client_for(cast.carol).post(f"/api/v1/alerts/{first.pk}/{action}/", {}, format="json")
    put_day(client, today, instability=True)
    again = Alert.objects.get(rule="instability", status="open")
    assert again.pk != first.pk
    assert again.reason.startswith("Recurrent: The hip gave way on")
    assert f"(diary day {first_day.isoformat()})" in again.reason
    assert again.evidence["recurrent_after"] == {"alert": first.pk, "day": first_day.isoformat()}
    assert Delivery.objects.filter(alert=again, recipient=cast.carol, purpose="alert").exists()


@pytest.mark.parametrize(("days_back", "recurrent"), [(13, True), (14, True), (15, False)])
def test_an_episode_is_recurrent_only_within_the_14_days(
    cast: Cast, client_for: ClientFor, days_back: int, recurrent: bool
) -> None:
    today = steady_history(cast.alice, days=20)
    client = client_for(cast.alice_user)
    put_day(client, today - datetime.timedelta(days=days_back), instability=True)
    first = Alert.objects.get(rule="instability")
    client_for(cast.carol).post(f"/api/v1/alerts/{first.pk}/acknowledge/", {}, format="json")
    put_day(client, today, instability=True)
    again = Alert.objects.get(rule="instability", status="open")
    assert again.reason.startswith("Recurrent") == recurrent
    assert ("recurrent_after" in again.evidence) == recurrent


def test_the_database_allows_one_open_alert_per_rule_but_one_per_day_for_falls(
    cast: Cast,
) -> None:
    day = datetime.date(2026, 11, 10)

    def alert(rule: str, on: datetime.date) -> Alert:
        return Alert.objects.create(
            patient=cast.alice, rule=rule, severity="urgent", reason="r", diary_date=on
        )

    alert("fall", day)
    alert("fall", day + datetime.timedelta(days=1))
    alert("pain_spike", day)
    with pytest.raises(IntegrityError), transaction.atomic():
        alert("fall", day)
    with pytest.raises(IntegrityError), transaction.atomic():
        alert("pain_spike", day + datetime.timedelta(days=1))
    Alert.objects.filter(rule="fall", diary_date=day).update(
        status="resolved", acknowledged_at=datetime.datetime(2026, 11, 11, tzinfo=datetime.UTC)
    )
    assert alert("fall", day).status == "open"


def test_a_fall_with_a_head_strike_says_so_in_the_alert(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    put_day(
        client_for(cast.alice_user),
        today,
        fall=True,
        fall_hit_head=True,
        fall_can_bear_weight=False,
        fall_injured=True,
    )
    alert = Alert.objects.get(rule="fall")
    assert "hit their head" in alert.reason
    assert "cannot bear weight" in alert.reason
    assert alert.evidence["days"][0]["values"] == {
        "fall": True,
        "fall_injured": True,
        "fall_hit_head": True,
        "fall_can_bear_weight": False,
    }
