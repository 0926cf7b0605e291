"""The escalation ladder: alerts record their step; a delivery may go to an address."""

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_escalated(apps: Any, schema_editor: Any) -> None:
    """An alert escalated before the ladder told the care team again: step 1."""
    alert_model = apps.get_model("reminders", "Alert")
    alert_model.objects.filter(escalated_at__isnull=False).update(escalation_level=1)


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0005_caregiver_scopes"),
        ("reminders", "0004_alert_evidence_days"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="escalation_level",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (0, "Responsible physiotherapist"),
                    (1, "The care team's other clinicians"),
                    (2, "The care team's escalation contact"),
                ],
                default=0,
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="to_address",
            field=models.EmailField(blank=True, default="", max_length=254),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="recipient",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deliveries",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(mark_escalated, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.CheckConstraint(
                condition=models.Q(("escalation_level__in", [0, 1, 2])),
                name="alert_escalation_level_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("escalated_at__isnull", True), ("escalation_level", 0)),
                    models.Q(("escalated_at__isnull", False), ("escalation_level__gt", 0)),
                    _connector="OR",
                ),
                name="alert_escalated_has_time",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("recipient__isnull", False), ("to_address", "")),
                    models.Q(
                        ("channel", "email"),
                        ("recipient__isnull", True),
                        models.Q(("to_address", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="delivery_one_recipient",
            ),
        ),
    ]
