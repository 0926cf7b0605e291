"""Load the built-in exercise library from ``exercises.library_data``, keyed by slug.

Idempotent: running it again updates the same rows rather than adding new ones.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def load_library(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from exercises.library import library_sync

    library_sync(apps.get_model("exercises", "Exercise"))


def unload_library(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from exercises.library_data import EXERCISES

    Exercise = apps.get_model("exercises", "Exercise")
    # Exercises already prescribed are protected by their plan items and stay.
    for slug in [seed.slug for seed in EXERCISES]:
        Exercise.objects.filter(slug=slug, is_builtin=True).exclude(
            pk__in=apps.get_model("exercises", "PlanItem").objects.values("exercise_id")
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]

    operations = [migrations.RunPython(load_library, unload_library)]
