"""seed_demo gives the demo patients plans, sessions and goals, and is idempotent."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from exercises import selectors
from exercises.models import ExercisePlan, ExerciseSession
from goals.models import Goal, GoalMilestone, RomMeasurement
from patients.models import Patient

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
