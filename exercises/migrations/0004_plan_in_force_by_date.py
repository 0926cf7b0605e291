"""Plans are in force by date: each ends the day before its successor starts.

Until now the newest plan was "active" from the moment it was written, even when it
started later. ``ends_on`` records the last day a plan is in force; existing plans
get it from their successor, in the order they were written (as adherence already
counted them). A successor starting on the same day leaves its predecessor ending
before it started: withdrawn, never in force.
"""

import datetime

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def close_superseded_plans(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ExercisePlan = apps.get_model("exercises", "ExercisePlan")
    previous = None
    for plan in ExercisePlan.objects.order_by("patient_id", "created_at", "id"):
        if previous is not None and previous.patient_id == plan.patient_id:
            previous.ends_on = plan.starts_on - datetime.timedelta(days=1)
            previous.save(update_fields=["ends_on"])
        previous = plan


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0003_move_goals_to_goals_app"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="exerciseplan",
            name="exercise_plan_one_active_per_patient",
        ),
        migrations.AddField(
            model_name="exerciseplan",
            name="ends_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(close_superseded_plans, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="exerciseplan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ends_on__isnull", True)),
                fields=("patient",),
                name="exercise_plan_one_open_per_patient",
            ),
        ),
        migrations.AddConstraint(
            model_name="exerciseplan",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    ("ends_on__gte", models.F("starts_on")),
                    _connector="OR",
                ),
                fields=("patient", "starts_on"),
                name="exercise_plan_one_live_start_per_day",
            ),
        ),
    ]
