"""Join the lines of multi-line goal titles (defect 8), before 0004 forbids them."""

from __future__ import annotations

from typing import Any

from django.db import migrations

# The same characters as goals.models.LINE_BREAKS, frozen here as migrations must be.
LINE_BREAKS = ("\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
MAX_TITLE = 200


def one_line(title: str) -> str:
    """Return the title's non-blank lines joined by single spaces, within the length cap."""
    for mark in LINE_BREAKS:
        title = title.replace(mark, "\n")
    joined = " ".join(line.strip() for line in title.split("\n") if line.strip())
    return (joined or "Goal")[:MAX_TITLE]


def join_title_lines(apps: Any, schema_editor: Any) -> None:
    goal_model = apps.get_model("goals", "Goal")
    for goal in goal_model.objects.only("pk", "title").iterator():
        fixed = one_line(goal.title)
        if fixed != goal.title:
            goal_model.objects.filter(pk=goal.pk).update(title=fixed)


class Migration(migrations.Migration):
    dependencies = [("goals", "0002_rename_tables")]

    # Reversing leaves the joined titles as they are: the lines cannot be told apart.
    operations = [migrations.RunPython(join_title_lines, migrations.RunPython.noop)]
