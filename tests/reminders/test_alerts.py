"""Red-flag alerts: raised from diary writes, deduplicated, explained, acknowledged, escalated."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone

from reminders import alerts, dispatch
from reminders.models import Alert, AlertEvaluation, Delivery, Notification
from tests.conftest import Cast, ClientFor
from tests.reminders.helpers import evaluate_pending, put_day, steady_history


def test_a_fall_raises_an_urgent_alert_that_says_why(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    alert = Alert.objects.get(patient=cast.alice)
    assert (alert.rule, alert.severity, alert.status) == ("fall", "urgent", "open")
    assert alert.reason
    assert alert.diary_date == today
    assert AlertEvaluation.objects.get().processed_at is not None


def test_a_pain_spike_reports_the_values_and_baseline(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, pain_activity=8)
    body = client_for(cast.carol).get("/api/v1/alerts/?status=open").json()
    assert len(body) == 1
    alert = body[0]
    assert alert["rule"] == "pain_spike"
    assert alert["severity"] == "high"
    assert alert["patient"] == cast.alice.pk
    assert "8" in alert["reason"]
    assert alert["evidence"]["scores"][0]["mean"] == 3.0
    assert set(alert) >= {"id", "patient", "rule", "severity", "status", "reason", "evidence",
                          "diary_date", "created_at", "acknowledged_at", "acknowledged_by"}  # fmt: skip


def test_a_steady_day_raises_nothing(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today)
    assert not Alert.objects.exists()


def test_a_second_trigger_extends_the_open_alert_instead_of_opening_another(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today - datetime.timedelta(days=1), instability=True)
    put_day(client, today, instability=True)
    alert = Alert.objects.get(patient=cast.alice, rule="instability")
    assert [d["date"] for d in alert.evidence["days"]] == [
        (today - datetime.timedelta(days=1)).isoformat(),
        today.isoformat(),
    ]


def test_editing_the_same_day_does_not_raise_the_flag_again(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today, fall=True)
    alert = Alert.objects.get()
    client_for(cast.carol).post(f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json")
    put_day(client, today, fall=True, note="adding a note")
    assert Alert.objects.count() == 1


def test_a_worse_edit_of_the_same_day_raises_the_severity_and_notifies_again(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today, pain_activity=8)
    first = Delivery.objects.filter(recipient=cast.carol).count()
    put_day(client, today, pain_activity=10)
    alert = Alert.objects.get()
    assert alert.severity == "urgent"
    assert Delivery.objects.filter(recipient=cast.carol).count() == 2 * first


def test_running_an_evaluation_twice_changes_nothing(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    evaluation = AlertEvaluation.objects.get()
    AlertEvaluation.objects.update(processed_at=None)
    alerts.alert_evaluation_process(evaluation.pk)
    assert Alert.objects.count() == 1
    assert Delivery.objects.filter(alert__isnull=False).values("dedupe_key").distinct().count() == (
        Delivery.objects.filter(alert__isnull=False).count()
    )


def test_the_care_team_and_the_patient_are_told_on_every_channel(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    dispatch.dispatch_due()
    carol_channels = set(
        Delivery.objects.filter(recipient=cast.carol).values_list("channel", flat=True)
    )
    assert carol_channels == {"inbox", "email"}
    assert not Delivery.objects.filter(recipient=cast.dave).exists()
    patient_note = Notification.objects.get(recipient=cast.alice_user)
    assert "care team has been told" in patient_note.body
    assert "urgent care" in patient_note.body
    from django.core import mail

    assert any("red flag" in m.subject for m in mail.outbox)


def test_a_clinician_acknowledges_an_alert_once(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    alert = Alert.objects.get()
    response = client_for(cast.carol).post(
        f"/api/v1/alerts/{alert.pk}/acknowledge/", {"note": "Phoned, seen today."}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "acknowledged"
    assert body["acknowledged_by"] == "carol"
    again = client_for(cast.carol).post(
        f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json"
    )
    assert again.json()["acknowledged_at"] == body["acknowledged_at"]


def test_after_acknowledgement_a_new_day_opens_a_new_alert(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today - datetime.timedelta(days=1), fall=True)
    alert = Alert.objects.get()
    client_for(cast.carol).post(f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json")
    put_day(client, today, fall=True)
    assert Alert.objects.filter(status="open").count() == 1
    assert Alert.objects.count() == 2


def test_an_open_urgent_alert_is_escalated_once_after_four_hours(
    cast: Cast, client_for: ClientFor
) -> None:
    from patients.models import CareTeamMembership

    CareTeamMembership.objects.create(patient=cast.alice, clinician=cast.dave)
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    later = timezone.now() + datetime.timedelta(hours=4, minutes=1)
    with time_machine.travel(later):
        assert len(alerts.alerts_escalate()) == 1
        assert alerts.alerts_escalate() == []
    alert = Alert.objects.get()
    assert (alert.escalated_at is not None, alert.escalation_level) == (True, 1)
    # Carol heard first; the escalation goes to the care team's other clinician.
    assert Delivery.objects.filter(purpose="escalation", recipient=cast.dave).exists()
    assert not Delivery.objects.filter(purpose="escalation", recipient=cast.carol).exists()


def test_a_moderate_alert_is_not_escalated(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, limp="marked")
    assert Alert.objects.get().severity == "moderate"
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
        assert alerts.alerts_escalate() == []


def test_the_scan_picks_up_evaluations_the_queue_lost(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    # No on-commit execution: the message to the worker is "lost".
    client.put(f"/api/v1/patients/me/diary/{today}/", {"pain_rest": 2, "fall": True}, format="json")
    assert not Alert.objects.exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        from reminders.tasks import scan

        scan()
    assert Alert.objects.filter(rule="fall").exists()
    assert evaluate_pending() == []


def test_the_care_team_tunes_thresholds_and_bad_ones_are_a_400(
    cast: Cast, client_for: ClientFor
) -> None:
    url = f"/api/v1/patients/{cast.alice.pk}/alert-settings/"
    client = client_for(cast.carol)
    ok = client.put(url, {"overrides": {"pain_spike_delta": 4}}, format="json")
    assert ok.status_code == 200
    assert ok.json()["thresholds"]["pain_spike_delta"] == 4
    for bad in ({"nonsense": 1}, {"pain_spike_delta": "high"}, {"pain_spike_delta": -3}):
        response = client.put(url, {"overrides": bad}, format="json")
        assert response.status_code == 400, bad
        assert "overrides" in response.json()
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, pain_activity=6)  # +3: below the tuned +4
    assert not Alert.objects.exists()


def test_one_failing_evaluation_does_not_stop_the_scan(
    cast: Cast, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = steady_history(cast.alice)
    bob_today = steady_history(cast.bob)
    client_for(cast.alice_user).put(
        f"/api/v1/patients/me/diary/{today}/", {"pain_rest": 2, "fall": True}, format="json"
    )
    client_for(cast.bob.user).put(
        f"/api/v1/patients/me/diary/{bob_today}/", {"pain_rest": 2, "fall": True}, format="json"
    )
    real = alerts.hits_for_day

    def flaky(patient_id: int, date: datetime.date) -> list[object]:
        if patient_id == cast.alice.pk:
            raise RuntimeError("boom")
        return real(patient_id, date)  # type: ignore[return-value]

    monkeypatch.setattr(alerts, "hits_for_day", flaky)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        from reminders.tasks import scan

        assert scan()["evaluated"] == 1
    assert Alert.objects.filter(patient=cast.bob).exists()
    failed = AlertEvaluation.objects.get(patient=cast.alice)
    assert failed.processed_at is None
    assert "boom" in failed.last_error


@pytest.mark.parametrize("order", [(2, 1, 0), (2, 0, 1), (0, 1, 2), (1, 0, 2)])
def test_night_pain_fires_whatever_order_the_nights_are_synced_in(
    cast: Cast, client_for: ClientFor, order: tuple[int, int, int]
) -> None:
    today = steady_history(cast.alice, days=17)
    from diaries.models import DiaryEntry

    DiaryEntry.objects.filter(
        patient=cast.alice, date__gte=today - datetime.timedelta(days=2)
    ).delete()
    client = client_for(cast.alice_user)
    for days_back in order:
        put_day(client, today - datetime.timedelta(days=days_back), pain_night=5)
    assert Alert.objects.filter(rule="night_pain").count() == 1


def test_deleting_a_day_re_evaluates_the_days_after_it(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    yesterday = today - datetime.timedelta(days=1)
    put_day(client, yesterday, limp="marked")
    alert = Alert.objects.get(rule="new_limp")
    client_for(cast.carol).post(f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json")
    put_day(client, today, limp="marked")  # not new: the limp was as bad yesterday
    assert Alert.objects.filter(rule="new_limp").count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.delete(f"/api/v1/patients/me/diary/{yesterday}/")  # yesterday was a mistake
    assert Alert.objects.filter(rule="new_limp", status="open", diary_date=today).exists()


def test_a_day_made_worse_after_its_alert_was_acknowledged_raises_it_again(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today, pain_activity=8)
    alert = Alert.objects.get()
    client_for(cast.carol).post(f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json")
    put_day(client, today, pain_activity=10)
    reopened = Alert.objects.get(status="open")
    assert reopened.severity == "urgent"
    assert Delivery.objects.filter(alert=reopened, recipient=cast.carol).exists()


def test_an_alert_for_a_patient_without_a_clinician_reaches_the_operators(
    cast: Cast, client_for: ClientFor
) -> None:
    from patients.models import User

    operator = User.objects.create_user("ops", email="ops@example.org", role="admin", is_staff=True)
    cast.carol.is_active = False
    cast.carol.save()
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    assert Delivery.objects.filter(recipient=operator, purpose="alert").exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
        # The operators already know and there is no one else: escalation waits (logged).
        assert alerts.alerts_escalate() == []


def test_escalation_waits_when_nobody_at_all_can_be_told(cast: Cast, client_for: ClientFor) -> None:
    cast.carol.is_active = False
    cast.carol.save()
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=5)):
        assert alerts.alerts_escalate() == []
    assert Alert.objects.get().escalated_at is None


def test_a_patient_name_with_a_newline_is_refused(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.alice_user).patch(
        "/api/v1/patients/me/", {"display_name": "Alice\nSmith"}, format="json"
    )
    assert response.status_code == 400
    assert "display_name" in response.json()
