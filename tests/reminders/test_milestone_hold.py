"""No celebration during trouble: goal milestones wait while an urgent or high alert is open."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from diaries.models import DiaryEntry
from goals import services as goal_services
from reminders import dispatch, tasks
from reminders.alerts import alert_acknowledge, alert_resolve
from reminders.models import Alert, Delivery, Notification
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import local_today


def _alert(cast: Cast, severity: str = "urgent", rule: str = "fall") -> Alert:
    return Alert.objects.create(
        patient=cast.alice, rule=rule, severity=severity, reason="A fall was reported.",
        evidence={}, diary_date=local_today(cast.alice),
    )  # fmt: skip


def _reach_milestone(
    cast: Cast, client_for: ClientFor, metres: int = 700, *, queue: bool = True
) -> None:
    """Set a walking goal (600 m to 1000 m) and walk far enough for a milestone.

    ``queue=False`` loses the on-commit work (the dispatcher has not run yet).
    """
    due = local_today(cast.alice) + datetime.timedelta(days=60)
    if not cast.alice.goals.exists():
        response = client_for(cast.carol).post(
            f"/api/v1/patients/{cast.alice.pk}/goals/",
            {"metric": "walking_distance_m", "baseline": 600, "target": 1000,
             "due_date": due.isoformat()},
            format="json",
        )  # fmt: skip
        assert response.status_code == 201, response.content
    today = local_today(cast.alice)
    for n in range(3):
        DiaryEntry.objects.update_or_create(
            patient=cast.alice, date=today - datetime.timedelta(days=n),
            defaults={"pain_rest": 2, "walking_distance_m": metres},
        )  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=queue):
        goal_services.goals_evaluate(patient=cast.alice)


def _inbox(cast: Cast) -> list[str]:
    dispatch.dispatch_due()
    return list(
        Notification.objects.filter(recipient=cast.alice_user, kind="milestone")
        .order_by("id")
        .values_list("title", flat=True)
    )


def _statuses() -> list[str]:
    return list(Delivery.objects.filter(purpose="milestone").values_list("status", flat=True))


def test_a_milestone_reached_while_an_urgent_alert_is_open_is_held_then_sent_on_acknowledge(
    cast: Cast, client_for: ClientFor
) -> None:
    alert = _alert(cast, "urgent")
    _reach_milestone(cast, client_for)
    assert _statuses() == ["held"]
    assert _inbox(cast) == []
    assert _statuses() == ["held"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(cast.carol).post(
            f"/api/v1/alerts/{alert.pk}/acknowledge/", {"note": "called her"}, format="json"
        )
    assert response.status_code == 200, response.content
    assert _inbox(cast) == ["25 % of the way there"]
    assert _statuses() == ["sent"]
    # Acknowledging again, resolving, the scan: nothing is sent twice.
    with TestCase.captureOnCommitCallbacks(execute=True):
        alert_resolve(alert=alert, clinician=cast.carol)
    tasks.scan()
    assert _inbox(cast) == ["25 % of the way there"]


def test_resolving_the_open_alert_sends_the_held_milestone(
    cast: Cast, client_for: ClientFor
) -> None:
    alert = _alert(cast, "high", rule="pain_spike")
    _reach_milestone(cast, client_for)
    assert _inbox(cast) == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(cast.carol).post(
            f"/api/v1/alerts/{alert.pk}/resolve/", {"note": "settled"}, format="json"
        )
    assert response.status_code == 200, response.content
    assert _inbox(cast) == ["25 % of the way there"]


def test_the_milestone_waits_for_the_last_urgent_or_high_alert(
    cast: Cast, client_for: ClientFor
) -> None:
    first, second = _alert(cast, "urgent"), _alert(cast, "high", rule="instability")
    _alert(cast, "moderate", rule="low_mood")  # stays open: it does not hold anything
    _reach_milestone(cast, client_for)
    with TestCase.captureOnCommitCallbacks(execute=True):
        alert_acknowledge(alert=first, clinician=cast.carol)
    assert _inbox(cast) == []
    assert _statuses() == ["held"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        alert_acknowledge(alert=second, clinician=cast.carol)
    assert _inbox(cast) == ["25 % of the way there"]


@pytest.mark.parametrize("status", ["acknowledged", "resolved"])
def test_a_moderate_or_closed_alert_holds_nothing(
    cast: Cast, client_for: ClientFor, status: str
) -> None:
    _alert(cast, "moderate", rule="gradual_decline")
    closed = _alert(cast, "urgent")
    Alert.objects.filter(pk=closed.pk).update(status=status, acknowledged_at=timezone.now())
    _reach_milestone(cast, client_for)
    assert _inbox(cast) == ["25 % of the way there"]


def test_the_scan_releases_a_held_milestone_when_the_fast_path_was_lost(
    cast: Cast, client_for: ClientFor
) -> None:
    alert = _alert(cast, "urgent")
    _reach_milestone(cast, client_for)
    with TestCase.captureOnCommitCallbacks(execute=False):  # the queued release is lost
        alert_acknowledge(alert=alert, clinician=cast.carol)
    assert _inbox(cast) == []
    results = tasks.scan()
    assert results["released"] == 1
    assert Notification.objects.filter(recipient=cast.alice_user, kind="milestone").count() == 1
    assert tasks.scan().get("released") == 0
    assert _inbox(cast) == ["25 % of the way there"]


def test_a_broker_failure_on_acknowledge_loses_nothing(cast: Cast, client_for: ClientFor) -> None:
    alert = _alert(cast, "urgent")
    _reach_milestone(cast, client_for)
    with (
        mock.patch.object(tasks.release_held, "apply_async", side_effect=OSError("broker down")),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        alert_acknowledge(alert=alert, clinician=cast.carol)
    assert _statuses() == ["held"]
    tasks.scan()
    assert _inbox(cast) == ["25 % of the way there"]


def test_an_alert_opened_before_the_dispatch_holds_an_owed_milestone(
    cast: Cast, client_for: ClientFor
) -> None:
    _reach_milestone(cast, client_for, queue=False)
    assert _statuses() == ["pending"]
    alert = _alert(cast, "urgent")  # raised before the dispatcher reached the message
    assert dispatch.dispatch_due() == {"held": 1}
    held = Delivery.objects.get(purpose="milestone")
    assert (held.status, held.attempts) == ("held", 0)  # holding is not an attempt
    assert held.attempt_log.get().outcome == "held"
    with TestCase.captureOnCommitCallbacks(execute=True):
        alert_acknowledge(alert=alert, clinician=cast.carol)
    assert _inbox(cast) == ["25 % of the way there"]


def test_a_held_milestone_never_expires_and_is_fresh_when_released(
    cast: Cast, client_for: ClientFor
) -> None:
    alert = _alert(cast, "urgent")
    _reach_milestone(cast, client_for)
    later = timezone.now() + datetime.timedelta(days=10)
    assert dispatch.dispatch_due(later) == {}
    assert _statuses() == ["held"]
    Alert.objects.filter(pk=alert.pk).update(status="acknowledged", acknowledged_at=later)
    assert dispatch.held_release(now=later) == 1
    released = Delivery.objects.get(purpose="milestone")
    assert (released.next_attempt_at, released.expires_at) == (
        later, later + dispatch.RELEASED_MESSAGE_LIFETIME,
    )  # fmt: skip
    assert dispatch.dispatch_due(later) == {"sent": 1}


def test_a_milestone_reached_during_trouble_arrives_once_with_the_later_ones(
    cast: Cast, client_for: ClientFor
) -> None:
    alert = _alert(cast, "urgent")
    _reach_milestone(cast, client_for, 700)
    _reach_milestone(cast, client_for, 800)
    assert _inbox(cast) == []
    assert _statuses() == ["held", "held"]
    with TestCase.captureOnCommitCallbacks(execute=True):
        alert_acknowledge(alert=alert, clinician=cast.carol)
    _reach_milestone(cast, client_for, 900)
    tasks.scan()
    assert _inbox(cast) == [
        "25 % of the way there", "50 % of the way there", "75 % of the way there",
    ]  # fmt: skip


def test_the_release_is_per_patient(cast: Cast, client_for: ClientFor) -> None:
    _alert(cast, "urgent")
    _reach_milestone(cast, client_for)
    Alert.objects.create(
        patient=cast.bob, rule="fall", severity="urgent", reason="A fall.", evidence={},
        diary_date=local_today(cast.bob),
    )  # fmt: skip
    assert dispatch.held_release() == 0
    assert dispatch.held_release(patient_id=cast.bob.pk) == 0
    assert _statuses() == ["held"]


def test_only_a_celebration_can_be_held(cast: Cast) -> None:
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            recipient=cast.alice_user, patient=cast.alice, channel="inbox", purpose="reminder",
            title="t", body="b", dedupe_key="k", due_at=now, next_attempt_at=now,
            expires_at=now, status="held",
        )  # fmt: skip
