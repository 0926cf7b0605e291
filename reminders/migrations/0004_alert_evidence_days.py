"""Alerts keep the range of their evidence days and one evidence entry per day."""

from typing import Any

from django.db import migrations, models


def fill_days(apps: Any, schema_editor: Any) -> None:
    """Start each alert's range at its diary day; its old trigger summaries become days."""
    alert_model = apps.get_model("reminders", "Alert")
    for alert in alert_model.objects.all().iterator():
        evidence = dict(alert.evidence or {})
        triggers = evidence.pop("triggers", None)
        days = [
            {
                "date": t.get("diary_date"),
                "severity": t.get("severity"),
                "reason": t.get("reason"),
                "values": {},
            }
            for t in triggers or []
            if isinstance(t, dict) and t.get("diary_date")
        ]
        if not days:
            days = [
                {
                    "date": alert.diary_date.isoformat(),
                    "severity": alert.severity,
                    "reason": alert.reason,
                    "values": {},
                }
            ]
        days.sort(key=lambda d: str(d["date"]))
        dates = sorted({alert.diary_date.isoformat(), *(str(d["date"]) for d in days)})
        alert.evidence = {**evidence, "days": days}
        alert.first_day = dates[0]
        alert.last_day = dates[-1]
        alert.save(update_fields=["evidence", "first_day", "last_day"])


class Migration(migrations.Migration):
    dependencies = [("reminders", "0003_one_alert_per_fall_day")]

    operations = [
        migrations.AddField(
            model_name="alert", name="first_day", field=models.DateField(null=True)
        ),
        migrations.AddField(model_name="alert", name="last_day", field=models.DateField(null=True)),
        migrations.RunPython(fill_days, migrations.RunPython.noop),
        migrations.AlterField(model_name="alert", name="first_day", field=models.DateField()),
        migrations.AlterField(model_name="alert", name="last_day", field=models.DateField()),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")),
                name="alert_days_ordered",
            ),
        ),
    ]
