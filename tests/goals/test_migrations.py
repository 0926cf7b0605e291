"""The goal tables move from exercises to goals without losing a row (and titles become one line)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("exercises", "0002_load_library"), ("goals", None)]
AFTER = [
    ("exercises", "0003_move_goals_to_goals_app"),
    ("goals", "0004_archive_and_single_line_titles"),
]


@pytest.mark.django_db(transaction=True)
def test_goal_rows_survive_the_move_and_multi_line_titles_are_joined() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(("exercises", "0002_load_library")).apps
    patient = old.get_model("patients", "Patient").objects.create(
        display_name="Ada",
        timezone="UTC",
        affected_side="left",
        weight_bearing="full",
        walking_aid="none",
    )
    goal = old.get_model("exercises", "Goal").objects.create(
        patient=patient, metric="pain_rest", title="Less pain\r\nat rest\n\n  by June ",
        baseline=6, target=2, due_date=datetime.date(2030, 6, 1),
    )  # fmt: skip
    old.get_model("exercises", "GoalMilestone").objects.create(goal=goal, percent=25, value=5)
    old.get_model("exercises", "RomMeasurement").objects.create(
        patient=patient, movement="flexion", side="left", degrees=95,
        measured_on=datetime.date(2030, 1, 1),
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("goals", "Goal").objects.get(pk=goal.pk)
    assert moved.title == "Less pain at rest by June"
    assert moved.archived_at is None
    assert new.get_model("goals", "GoalMilestone").objects.get().goal_id == goal.pk
    assert new.get_model("goals", "RomMeasurement").objects.get().degrees == 95
    tables = connection.introspection.table_names()
    assert {"goals_goal", "goals_goalmilestone", "goals_rommeasurement"} <= set(tables)
    assert "exercises_goal" not in tables

    # Back to the latest state for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
