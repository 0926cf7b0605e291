"""Give the moved tables the goals app's own names (a rename: no row is copied)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0001_initial"),
        ("exercises", "0003_move_goals_to_goals_app"),
    ]

    operations = [
        migrations.AlterModelTable(
            name="goal",
            table=None,
        ),
        migrations.AlterModelTable(
            name="goalmilestone",
            table=None,
        ),
        migrations.AlterModelTable(
            name="rommeasurement",
            table=None,
        ),
    ]
