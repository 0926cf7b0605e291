"""Hand the goal and measurement models to the goals app, without touching the tables."""

from django.db import migrations


class Migration(migrations.Migration):
    # After goals.0001 has taken the models over, so no state ever lacks them.
    dependencies = [
        ("exercises", "0002_load_library"),
        ("goals", "0001_initial"),
    ]

    # State only: the tables now belong to the goals app (goals.0001), which keeps them.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="goalmilestone",
                    name="goal",
                ),
                migrations.RemoveField(
                    model_name="rommeasurement",
                    name="patient",
                ),
                migrations.RemoveField(
                    model_name="rommeasurement",
                    name="recorded_by",
                ),
                migrations.DeleteModel(
                    name="Goal",
                ),
                migrations.DeleteModel(
                    name="GoalMilestone",
                ),
                migrations.DeleteModel(
                    name="RomMeasurement",
                ),
            ],
        ),
    ]
