"""seed_demo: refused without debug; realistic diaries, alerts, plans, sessions and goals
that sync clients see like any other writes; idempotent."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from diaries.models import DiaryChange, DiaryEntry, DiaryRevision
from exercises import selectors
from exercises.models import ExercisePlan, ExerciseSession
from goals.models import Goal, GoalMilestone, RomMeasurement
from patients.models import Patient, User
from reminders.models import Alert, Notification
from tests.conftest import ClientFor

pytestmark = pytest.mark.usefixtures("library")

MODELS = (ExercisePlan, ExerciseSession, Goal, GoalMilestone, RomMeasurement)


@override_settings(DEBUG=True)
def test_seed_demo_builds_realistic_exercise_data_and_running_it_again_adds_nothing() -> None:
    call_command("seed_demo", stdout=None)
    counts = {m.__name__: m.objects.count() for m in MODELS}
    assert counts["ExercisePlan"] == 5
    assert counts["ExerciseSession"] > 250
    assert counts["Goal"] == 15
    by_story = {}
    for patient in Patient.objects.all():
        plan = selectors.plan_list(patient=patient).first()
        assert plan is not None
        assert selectors.items_above_weight_bearing(plan=plan, patient=patient) == set()
        weeks = selectors.adherence_get(patient=patient, weeks=6).result.weeks
        by_story[patient.display_name] = [w.percent for w in weeks[:-1]]
    improving, deteriorating = by_story["Maria Keller"], by_story["Aroha Ngata"]
    assert min(p for p in improving if p is not None) >= 70
    assert deteriorating[-1] is not None
    assert deteriorating[-1] < 40
    call_command("seed_demo", stdout=None)
    assert {m.__name__: m.objects.count() for m in MODELS} == counts


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug_unless_forced(db: None) -> None:
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


@override_settings(DEBUG=True)
def test_seed_demo_is_realistic_and_safe_to_run_twice(db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        User.objects.count(),
        Patient.objects.count(),
        DiaryEntry.objects.count(),
        Alert.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        User.objects.count(),
        Patient.objects.count(),
        DiaryEntry.objects.count(),
        Alert.objects.count(),
    ) == counts
    assert {p.timezone for p in Patient.objects.all()} == {
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Auckland",
        "Europe/London",
        "Asia/Kolkata",
    }
    assert DiaryEntry.objects.filter(patient__user__username="demo-patient-1").count() >= 75
    deteriorating = Alert.objects.filter(patient__user__username="demo-patient-3", status="open")
    assert {"pain_spike", "fall"} <= set(deteriorating.values_list("rule", flat=True))
    assert not Alert.objects.filter(
        patient__user__username__in=["demo-patient-1", "demo-patient-2"]
    ).exists()
    # The quiet stories cross no daily threshold: at most their own rule fires.
    assert set(_open_rules("demo-patient-4")) <= {"gradual_decline"}
    assert set(_open_rules("demo-patient-5")) <= {"low_mood"}
    assert Notification.objects.filter(recipient__username="demo-clinician").exists()
    assert Notification.objects.filter(recipient__username="demo-patient-1").exists()


def _open_rules(username: str) -> list[str]:
    return list(
        Alert.objects.filter(patient__user__username=username, status="open").values_list(
            "rule", flat=True
        )
    )


def _daily(username: str, field: str) -> dict[datetime.date, Any]:
    rows = DiaryEntry.objects.filter(patient__user__username=username).values_list("date", field)
    return {date: value for date, value in rows if value is not None}


def _mean_between(
    values: dict[datetime.date, int], today: datetime.date, near: int, far: int
) -> tuple[float, int]:
    """Return the mean and count of the values ``near`` to ``far`` days before today."""
    picked = [
        value
        for date, value in values.items()
        if today - datetime.timedelta(days=far) <= date <= today - datetime.timedelta(days=near)
    ]
    return sum(picked) / len(picked), len(picked)


@override_settings(DEBUG=True)
def test_the_demo_shows_a_gradual_decline_and_a_low_mood(db: None) -> None:
    from diaries.selectors import patient_today
    from reminders import rules

    call_command("seed_demo", stdout=io.StringIO())
    tom = Patient.objects.get(user__username="demo-patient-4")
    today = patient_today(tom)
    activity = _daily("demo-patient-4", "pain_activity")
    recent, recent_count = _mean_between(activity, today, 0, 6)
    earlier, earlier_count = _mean_between(activity, today, 7, 27)
    # Creeping up about 2 points over 4 weeks, on enough days for the rule to judge...
    assert recent_count >= 4
    assert earlier_count >= 7
    assert 2 <= recent - earlier <= 3
    # ...without any day crossing a daily threshold: no severe pain, no bad nights.
    assert max(activity.values()) < 8
    assert max(_daily("demo-patient-4", "pain_night").values()) < 5
    assert set(_daily("demo-patient-4", "limp").values()) == {"none"}

    priya = Patient.objects.get(user__username="demo-patient-5")
    today = patient_today(priya)
    mood = _daily("demo-patient-5", "mood")
    low, low_count = _mean_between(mood, today, 0, 6)
    before, before_count = _mean_between(mood, today, 7, 13)
    assert low >= 7
    assert low_count >= 4
    assert before < 4
    assert before_count >= 4
    # Once the rules know these stories, the demo shows them as open alerts.
    if "gradual_decline" in rules.RULES:
        assert "gradual_decline" in _open_rules("demo-patient-4")
    if "low_mood" in rules.RULES:
        assert "low_mood" in _open_rules("demo-patient-5")


@override_settings(DEBUG=True)
def test_the_demo_care_team_has_contact_details_and_a_rerun_keeps_edits(db: None) -> None:
    from patients.selectors import care_team_contact
    from patients.services import care_team_contact_replace

    call_command("seed_demo", stdout=io.StringIO())
    patients = list(Patient.objects.all())
    assert len(patients) == 5
    for patient in patients:
        details = care_team_contact(patient_id=patient.pk)
        assert details.phone
        assert details.opening_hours
        assert all(details.response_time(s) for s in ("urgent", "high", "moderate"))
        assert details.out_of_hours
        assert details.escalation_email
        assert details.updated_by == "demo-clinician"
    first = patients[0]
    clinician = User.objects.get(username="demo-clinician")
    care_team_contact_replace(patient=first, values={"phone": "0800 123 456"}, updated_by=clinician)
    call_command("seed_demo", stdout=io.StringIO())
    kept = care_team_contact(patient_id=first.pk)
    assert kept.phone == "0800 123 456"
    assert kept.opening_hours is None


def _sync_from_empty_cursor(client_for: ClientFor, user: User) -> list[str]:
    """Page through the changes feed as an offline client would; return the dates received."""
    client = client_for(user)
    dates: list[str] = []
    since = ""
    # Past the feed's settle time, so the cursor may move over every demo write.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        for _ in range(10):
            page: dict[str, Any] = client.get(
                "/api/v1/patients/me/diary/changes/", {"since": since}
            ).json()
            dates += [entry["date"] for entry in page["entries"]]
            since = page["next_cursor"]
            if not page["has_more"]:
                break
    return dates


@override_settings(DEBUG=True)
def test_an_offline_client_syncing_from_an_empty_cursor_gets_every_demo_day(
    client_for: ClientFor,
) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    for patient in Patient.objects.select_related("user"):
        assert patient.user is not None
        stored = sorted(
            d.isoformat()
            for d in DiaryEntry.objects.filter(patient=patient).values_list("date", flat=True)
        )
        assert len(stored) >= 75
        assert _sync_from_empty_cursor(client_for, patient.user) == stored
        revisions = DiaryRevision.objects.filter(patient=patient)
        assert sorted(r.date.isoformat() for r in revisions) == stored
        assert {(r.action, r.changed_by_id) for r in revisions} == {("create", patient.user.pk)}
    rows = (DiaryChange.objects.count(), DiaryRevision.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (DiaryChange.objects.count(), DiaryRevision.objects.count()) == rows


@override_settings(DEBUG=True)
def test_a_demo_seeded_without_feed_rows_gets_them_once(client_for: ClientFor) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    rows = (DiaryChange.objects.count(), DiaryRevision.objects.count())
    # What an older seed_demo left: entries only.
    DiaryChange.objects.all().delete()
    DiaryRevision.objects.all().delete()
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert (DiaryChange.objects.count(), DiaryRevision.objects.count()) == rows
    maria = User.objects.get(username="demo-patient-1")
    assert (
        len(_sync_from_empty_cursor(client_for, maria))
        == DiaryEntry.objects.filter(patient__user=maria).count()
    )
