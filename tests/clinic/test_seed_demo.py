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
    assert counts["ExercisePlan"] == 3
    assert counts["ExerciseSession"] > 150
    assert counts["Goal"] == 9
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
    }
    assert DiaryEntry.objects.filter(patient__user__username="demo-patient-1").count() >= 75
    deteriorating = Alert.objects.filter(patient__user__username="demo-patient-3", status="open")
    assert {"pain_spike", "fall"} <= set(deteriorating.values_list("rule", flat=True))
    assert not Alert.objects.exclude(patient__user__username="demo-patient-3").exists()
    assert Notification.objects.filter(recipient__username="demo-clinician").exists()
    assert Notification.objects.filter(recipient__username="demo-patient-1").exists()


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
