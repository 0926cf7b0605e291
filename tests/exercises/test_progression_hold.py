"""Progression holds while a pain, instability, fall or walking alert is open."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exercises import hooks
from exercises.progression import (
    HOLD,
    PROGRESS,
    STEP_BACK,
    Advice,
    OpenAlert,
    SessionPain,
    advise,
    hold_for_alerts,
)
from exercises.selectors import plan_advice
from reminders import receivers
from reminders.models import Alert
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import diary, items_of, local_today, log_sessions, make_plan

TODAY = datetime.date(2026, 12, 3)
HOLDING = ["pain_spike", "instability", "fall", "walking_decline"]
NOT_HOLDING = ["night_pain", "new_limp", "low_mood", "gradual_decline"]


def _advice(decision: str) -> Advice:
    return Advice(
        decision=decision, reason=f"{decision} as judged.", patient_message="As before.",
        evidence={"pain_limit": 5},
    )  # fmt: skip


def _open(rule: str, days_ago: int = 1) -> OpenAlert:
    return OpenAlert(rule=rule, first_day=TODAY - datetime.timedelta(days=days_ago))


# --- the pure part -----------------------------------------------------------------------


@pytest.mark.parametrize("decision", [PROGRESS, HOLD])
def test_progress_and_hold_become_a_hold_naming_the_alert(decision: str) -> None:
    held = hold_for_alerts(_advice(decision), [_open("fall")], TODAY)
    assert held.decision == HOLD
    assert held.reason == (
        "Hold: a fall alert from 2 Dec is open; review it before the patient progresses."
    )
    assert held.patient_message.startswith(
        "Hold: a fall alert from 2 Dec is open; your physiotherapist will review before you "
        "progress. Keep going at your current level"
    )
    assert held.evidence == {
        "pain_limit": 5,
        "open_alerts": [{"rule": "fall", "first_day": "2026-12-02"}],
        "without_alerts": {"decision": decision, "reason": f"{decision} as judged."},
    }


def test_a_step_back_stays_a_step_back_with_the_alert_added() -> None:
    advice = _advice(STEP_BACK)
    held = hold_for_alerts(advice, [_open("pain_spike", 0)], TODAY)
    assert held.decision == STEP_BACK
    assert held.reason == "step_back as judged. Also, a pain alert from 3 Dec is open."
    assert held.patient_message == advice.patient_message


@pytest.mark.parametrize(
    ("rule", "phrase"),
    [
        ("pain_spike", "a pain alert"),
        ("instability", "an instability alert"),
        ("fall", "a fall alert"),
        ("walking_decline", "a walking alert"),
    ],
)
def test_each_holding_rule_is_named(rule: str, phrase: str) -> None:
    held = hold_for_alerts(_advice(PROGRESS), [_open(rule)], TODAY)
    assert held.decision == HOLD
    assert held.reason.startswith(f"Hold: {phrase} from 2 Dec is open;")


@pytest.mark.parametrize("rule", NOT_HOLDING)
def test_other_alerts_change_nothing(rule: str) -> None:
    advice = _advice(PROGRESS)
    assert hold_for_alerts(advice, [_open(rule)], TODAY) is advice
    assert hold_for_alerts(advice, [], TODAY) is advice


def test_several_alerts_are_named_oldest_first_with_the_year_when_it_differs() -> None:
    alerts = [_open("instability", 1), _open("low_mood", 3), _open("fall", 400), _open("fall", 2)]
    held = hold_for_alerts(_advice(PROGRESS), alerts, TODAY)
    assert held.reason == (
        "Hold: a fall alert from 29 Oct 2025, a fall alert from 1 Dec and an instability "
        "alert from 2 Dec are open; review them before the patient progresses."
    )
    named = held.evidence["open_alerts"]
    assert isinstance(named, list)
    assert [a["rule"] for a in named] == ["fall", "fall", "instability"]


def test_the_hold_applies_to_real_advice() -> None:
    sessions = [SessionPain(TODAY - datetime.timedelta(days=n), 3, 2, 2) for n in (9, 5, 2)]
    assert advise(sessions, today=TODAY).decision == PROGRESS
    held = hold_for_alerts(advise(sessions, today=TODAY), [_open("fall")], TODAY)
    assert held.decision == HOLD
    assert held.evidence["sessions_in_window"] == 3


# --- through the API -----------------------------------------------------------------------


def _url(cast: Cast) -> str:
    return f"/api/v1/patients/{cast.alice.pk}/plan/"


@pytest.fixture
def progressing(cast: Cast, library: None) -> None:
    """Alice's plan, both items on course to progress: three easy sessions that settled."""
    plan = make_plan(cast.alice, cast.carol)
    today = local_today(cast.alice)
    for item in items_of(plan):
        log_sessions(item, [today - datetime.timedelta(days=n) for n in (9, 5, 2)])
    for n in range(12):
        diary(cast.alice, today - datetime.timedelta(days=n), pain_rest=2)


def _alert(cast: Cast, rule: str, severity: str = "high", **fields: Any) -> Alert:
    return Alert.objects.create(
        patient=cast.alice, rule=rule, severity=severity, reason="As raised.", evidence={},
        diary_date=local_today(cast.alice) - datetime.timedelta(days=2), **fields,
    )  # fmt: skip


def _items(client_for: ClientFor, cast: Cast, who: str = "clinician") -> list[dict[str, Any]]:
    response = client_for(cast.user(who)).get(_url(cast))
    assert response.status_code == 200, response.content
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@pytest.mark.usefixtures("progressing")
def test_without_alerts_the_items_progress(cast: Cast, client_for: ClientFor) -> None:
    assert [i["advice"]["decision"] for i in _items(client_for, cast)] == [PROGRESS, PROGRESS]


@pytest.mark.usefixtures("progressing")
@pytest.mark.parametrize("severity", ["urgent", "high", "moderate"])
@pytest.mark.parametrize("rule", HOLDING)
def test_a_holding_alert_of_any_severity_holds_every_item(
    cast: Cast, client_for: ClientFor, rule: str, severity: str
) -> None:
    _alert(cast, rule, severity)
    label = {"pain_spike": "a pain", "instability": "an instability", "fall": "a fall",
             "walking_decline": "a walking"}[rule]  # fmt: skip
    for item in _items(client_for, cast):
        assert item["advice"]["decision"] == HOLD
        assert item["advice"]["reason"].startswith(f"Hold: {label} alert from 16 Nov is open;")
        assert item["advice"]["evidence"]["without_alerts"]["decision"] == PROGRESS
    for who in ("patient", "caregiver"):
        for item in _items(client_for, cast, who):
            assert item["advice"]["decision"] is None
            assert item["advice"]["patient_message"].startswith(
                f"Hold: {label} alert from 16 Nov is open; your physiotherapist will review "
                "before you progress."
            )


@pytest.mark.usefixtures("progressing")
@pytest.mark.parametrize("rule", NOT_HOLDING)
def test_other_open_alerts_do_not_hold(cast: Cast, client_for: ClientFor, rule: str) -> None:
    _alert(cast, rule)
    assert [i["advice"]["decision"] for i in _items(client_for, cast)] == [PROGRESS, PROGRESS]


@pytest.mark.usefixtures("progressing")
@pytest.mark.parametrize("status", ["acknowledged", "resolved"])
def test_a_closed_alert_no_longer_holds(cast: Cast, client_for: ClientFor, status: str) -> None:
    _alert(cast, "fall", "urgent", status=status, acknowledged_at=timezone.now())
    assert [i["advice"]["decision"] for i in _items(client_for, cast)] == [PROGRESS, PROGRESS]


@pytest.mark.usefixtures("progressing")
def test_another_patients_alert_does_not_hold(cast: Cast, client_for: ClientFor) -> None:
    Alert.objects.create(
        patient=cast.bob, rule="fall", severity="urgent", reason="A fall.", evidence={},
        diary_date=local_today(cast.bob),
    )  # fmt: skip
    assert [i["advice"]["decision"] for i in _items(client_for, cast)] == [PROGRESS, PROGRESS]


def _plan_queries(client_for: ClientFor, cast: Cast) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        _items(client_for, cast)
    return [q["sql"] for q in queries.captured_queries]


@pytest.mark.usefixtures("progressing")
def test_the_plan_asks_for_open_alerts_once_whatever_the_alerts(
    cast: Cast, client_for: ClientFor
) -> None:
    none = _plan_queries(client_for, cast)
    _alert(cast, "fall", "urgent")
    _alert(cast, "instability")
    _alert(cast, "walking_decline", "moderate")
    _alert(cast, "low_mood", "moderate")
    some = _plan_queries(client_for, cast)
    assert len(some) == len(none) == 7
    assert sum('"reminders_alert"' in sql for sql in some) == 1


def test_advice_without_an_answer_to_the_hook_is_a_deployment_error(
    cast: Cast, client_for: ClientFor, library: None
) -> None:
    plan = make_plan(cast.alice, cast.carol)
    hooks.open_alert_reasons.disconnect(receivers.open_alert_reasons)
    try:
        with pytest.raises(ImproperlyConfigured):
            plan_advice(plan=plan, patient=cast.alice)
    finally:
        hooks.open_alert_reasons.connect(receivers.open_alert_reasons)
