"""What the patient is told, through the API: the diary PUT's guidance and one message a save."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.hooks import Hook
from diaries import hooks as diary_hooks
from patients.models import CaregiverLink
from reminders import alerts, dispatch
from reminders.models import AlertEvaluation, Delivery, Notification, PushSubscription
from tests.conftest import Cast, ClientFor
from tests.reminders.helpers import STEADY, put_day, steady_history

CONTACT: dict[str, Any] = {
    "phone": "+49 30 1234-5678",
    "opening_hours": "Mon-Fri 08:00-18:00",
    "response_times": {
        "urgent": "within 1 hour in opening hours",
        "high": "the same working day",
        "moderate": "within 2 working days",
    },
    "out_of_hours": "Call 116117 (on-call doctors).",
    "escalation_email": "clinic-lead@example.org",
}


def _configure(client_for: ClientFor, cast: Cast) -> None:
    url = f"/api/v1/patients/{cast.alice.pk}/care-team/contact/"
    response = client_for(cast.carol).put(url, CONTACT, format="json")
    assert response.status_code == 200, response.content


def _guidance(response: Any) -> list[dict[str, Any]]:
    guidance: list[dict[str, Any]] = response.json()["guidance"]
    return guidance


def _advice_to(user: Any) -> list[Delivery]:
    return list(Delivery.objects.filter(recipient=user, purpose="patient_advice").order_by("id"))


def test_a_steady_day_answers_with_no_guidance(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    response = put_day(client_for(cast.alice_user), today)
    assert response.status_code == 201
    assert response.json()["guidance"] == []
    assert response.json()["pain_rest"] == STEADY["pain_rest"]


@pytest.mark.parametrize(
    ("values", "rule", "severity", "title"),
    [
        ({"pain_activity": 9}, "pain_spike", "urgent", "Your pain: what to do now"),
        ({"fall": True}, "fall", "urgent", "Your fall: what to do now"),
        ({"instability": True}, "instability", "high", "Your hip gave way: your care team has been told"),
        ({"pain_activity": 8}, "pain_spike", "high", "Your pain: your care team has been told"),
        ({"limp": "marked"}, "new_limp", "moderate", "A new limp: your physiotherapist will review it"),
    ],
)  # fmt: skip
def test_a_put_that_trips_a_rule_answers_with_its_guidance_and_the_teams_contact(
    cast: Cast,
    client_for: ClientFor,
    values: dict[str, Any],
    rule: str,
    severity: str,
    title: str,
) -> None:
    _configure(client_for, cast)
    today = steady_history(cast.alice)
    response = put_day(client_for(cast.alice_user), today, **values)
    assert response.status_code == 201
    [item] = _guidance(response)
    assert (item["rule"], item["severity"], item["title"]) == (rule, severity, title)
    assert set(item) == {"rule", "severity", "title", "advice", "contact"}
    expected = {
        "phone": CONTACT["phone"],
        "opening_hours": CONTACT["opening_hours"],
        "response_time": CONTACT["response_times"][severity],
    }
    if severity == "urgent":
        expected["out_of_hours"] = CONTACT["out_of_hours"]
    assert item["contact"] == expected
    assert "clinic-lead@example.org" not in str(response.json())
    assert f"(their response time: {expected['response_time']})" in item["advice"]


def test_a_fall_with_a_head_strike_says_get_urgent_care_now_first(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    response = put_day(
        client_for(cast.alice_user), today, fall=True, fall_hit_head=True, fall_can_bear_weight=True
    )
    [item] = _guidance(response)
    assert (item["rule"], item["severity"], item["title"]) == (
        "fall",
        "urgent",
        "Get urgent care now",
    )
    assert item["advice"].startswith("Get urgent care now: you hit your head.")


def test_an_unconfigured_care_team_is_never_promised(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    response = put_day(client_for(cast.alice_user), today, fall=True, instability=True)
    items = _guidance(response)
    assert [i["rule"] for i in items] == ["fall", "instability"]
    for item in items:
        assert item["contact"] == {}
        assert ", call " not in item["advice"]
        assert "response time" not in item["advice"]
        assert "Out of hours" not in item["advice"]


def test_an_identical_repeat_put_answers_the_same_guidance(
    cast: Cast, client_for: ClientFor
) -> None:
    _configure(client_for, cast)
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    first = put_day(client, today, fall=True, pain_activity=9)
    again = put_day(client, today, fall=True, pain_activity=9)
    assert again.status_code == 200
    assert again.json()["version"] == first.json()["version"]
    assert _guidance(again) == _guidance(first)
    assert len(_guidance(first)) == 2


def test_one_save_tripping_several_rules_sends_the_patient_one_message_most_severe_first(
    cast: Cast, client_for: ClientFor
) -> None:
    _configure(client_for, cast)
    PushSubscription.objects.create(
        user=cast.alice_user, endpoint="https://push.example.org/a", p256dh="k", auth="a"
    )
    today = steady_history(cast.alice)
    response = put_day(
        client_for(cast.alice_user), today, instability=True, limp="marked", pain_activity=9
    )
    items = _guidance(response)
    assert [(i["severity"], i["rule"]) for i in items] == [
        ("urgent", "pain_spike"), ("high", "instability"), ("moderate", "new_limp"),
    ]  # fmt: skip
    advice = _advice_to(cast.alice_user)
    assert sorted(d.channel for d in advice) == ["inbox", "push"]
    assert advice[0].alert is not None
    assert advice[0].alert.rule == "pain_spike"
    dispatch.dispatch_due()
    [note] = Notification.objects.filter(recipient=cast.alice_user)
    assert note.title == "Your pain: what to do now (and 2 more)"
    assert note.body == "\n\n".join(
        f"{n}. {i['title']}\n{i['advice']}" for n, i in enumerate(items, start=1)
    )
    # Re-running or retrying the evaluation owes nothing new.
    evaluation = AlertEvaluation.objects.get(date=today)
    AlertEvaluation.objects.filter(pk=evaluation.pk).update(processed_at=None)
    alerts.alert_evaluation_process(evaluation.pk)
    alerts.alert_evaluation_process(evaluation.pk)
    assert len(_advice_to(cast.alice_user)) == 2


def test_a_new_instability_episode_while_its_alert_is_open_advises_once_more(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today - datetime.timedelta(days=1), instability=True)
    put_day(client, today, instability=True, limp="marked")
    put_day(client, today, instability=True, limp="marked", note="same day, edited")
    # One message per save that opened or advised again: day 1 (instability), day 2 (both).
    advice = _advice_to(cast.alice_user)
    assert [d.title for d in advice] == [
        "Your hip gave way: your care team has been told",
        "Your hip gave way: your care team has been told (and 1 more)",
    ]


def test_a_caregiver_the_patient_chose_gets_the_same_message_worded_for_them(
    cast: Cast, client_for: ClientFor
) -> None:
    CaregiverLink.objects.filter(caregiver__in=[cast.erin, cast.frank]).update(
        receives_guidance=True
    )
    today = steady_history(cast.alice)
    response = put_day(client_for(cast.alice_user), today, fall=True, fall_hit_head=True)
    [item] = _guidance(response)
    assert not _advice_to(cast.frank)  # revoked
    [delivery] = _advice_to(cast.erin)  # inbox only: no push subscription
    assert delivery.channel == "inbox"
    dispatch.dispatch_due()
    [note] = Notification.objects.filter(recipient=cast.erin)
    assert note.title == "Alice reported something in their hip diary"
    assert note.body == (
        "Alice saved a hip diary entry that needs attention and chose to share their advice "
        f"with you. This is what Alice was told:\n\n{item['advice']}"
    )


def test_a_caregiver_without_receives_guidance_gets_nothing(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    assert _advice_to(cast.alice_user)
    assert not _advice_to(cast.erin)
    assert not Notification.objects.filter(recipient=cast.erin).exists()


def test_a_caregiver_gets_low_mood_guidance_only_when_mood_is_shared(
    cast: Cast, client_for: ClientFor
) -> None:
    link = CaregiverLink.objects.get(caregiver=cast.erin)
    link.receives_guidance = True
    link.set_scopes(["diary_scores", "alerts"])
    link.save()
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    for n in range(6, 0, -1):
        put_day(client, today - datetime.timedelta(days=n), mood=8)
    response = put_day(client, today, mood=8, limp="marked")
    assert [i["rule"] for i in _guidance(response)] == ["new_limp", "low_mood"]
    patient_bodies = [d.body for d in _advice_to(cast.alice_user)]
    carer_bodies = [d.body for d in _advice_to(cast.erin)]
    assert any("Long-term pain can affect mood" in b for b in patient_bodies)
    assert carer_bodies
    assert not any("mood" in b.lower() for b in carer_bodies)


def test_a_caregiver_cannot_put_so_is_never_answered_guidance(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    url = f"/api/v1/patients/{cast.alice.pk}/diary/{today}/"
    response = client_for(cast.erin).put(url, {**STEADY, "fall": True}, format="json")
    assert response.status_code in (403, 404)
    assert "guidance" not in response.json()


def test_a_put_that_trips_a_rule_reads_the_contact_once_more(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice, days=28)
    client = client_for(cast.alice_user)
    url = f"/api/v1/patients/me/diary/{today}/"
    client.put(url, STEADY, format="json")
    with CaptureQueriesContext(connection) as steady:
        client.put(url, {**STEADY, "note": "edited"}, format="json")
    with CaptureQueriesContext(connection) as tripped:
        client.put(url, {**STEADY, "fall": True, "pain_activity": 9}, format="json")
    # Two updates of the day with 28 days of history (tests/diaries pins an update at 13
    # with its guidance): two rules trip, and the contact details are read once for both.
    assert (len(steady), len(tripped)) == (13, 14), [q["sql"] for q in tripped.captured_queries]


def test_asking_a_hook_needs_exactly_one_receiver() -> None:
    class Answer:
        def __call__(self, *, n: int) -> int:
            return n * 2

    hook: Hook[Answer] = Hook("test.asked", required=False)
    with pytest.raises(ImproperlyConfigured, match=r"test\.asked"):
        hook.ask(n=1)
    hook.connect(Answer())
    assert hook.ask(n=21) == 42
    hook.connect(lambda *, n: n)  # type: ignore[arg-type]
    with pytest.raises(ImproperlyConfigured, match="exactly one receiver"):
        hook.ask(n=1)


def test_the_diary_guidance_hook_is_answered_by_reminders() -> None:
    from reminders import receivers

    assert diary_hooks.guidance_for.receivers == (receivers.guidance_for,)
