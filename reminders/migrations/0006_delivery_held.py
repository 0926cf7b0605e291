"""Held deliveries: a goal celebration waits while an urgent or high alert is open."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0005_escalation_ladder"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="delivery",
            name="delivery_status_valid",
        ),
        migrations.AlterField(
            model_name="delivery",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("sending", "Sending"),
                    ("sent", "Sent"),
                    ("skipped", "Skipped"),
                    ("expired", "Expired"),
                    ("failed", "Failed"),
                    ("held", "Held"),
                ],
                default="pending",
                max_length=8,
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                condition=models.Q(("status", "held")), fields=["patient"], name="delivery_held_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "status__in",
                        ["pending", "sending", "sent", "skipped", "expired", "failed", "held"],
                    )
                ),
                name="delivery_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "held"), _negated=True),
                    ("purpose", "milestone"),
                    _connector="OR",
                ),
                name="delivery_held_is_celebration",
            ),
        ),
    ]
