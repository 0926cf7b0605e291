"""Goals can be archived; titles are one line within the cap (defect 8)."""

import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0003_single_line_titles"),
    ]

    operations = [
        migrations.AddField(
            model_name="goal",
            name="archived_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("title__contains", "\n"), _negated=True),
                    models.Q(("title__contains", "\r"), _negated=True),
                    models.Q(("title__contains", "\x0b"), _negated=True),
                    models.Q(("title__contains", "\x0c"), _negated=True),
                    models.Q(("title__contains", "\x1c"), _negated=True),
                    models.Q(("title__contains", "\x1d"), _negated=True),
                    models.Q(("title__contains", "\x1e"), _negated=True),
                    models.Q(("title__contains", "\x85"), _negated=True),
                    models.Q(("title__contains", "\u2028"), _negated=True),
                    models.Q(("title__contains", "\u2029"), _negated=True),
                ),
                name="goal_title_single_line",
            ),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("title"), 200
                ),
                name="goal_title_length",
            ),
        ),
    ]
