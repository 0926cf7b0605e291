"""Build the clinician's caseload from each app's selectors, in a fixed number of queries."""

from __future__ import annotations

from clinic.caseload import CaseloadRow, most_urgent_first
from diaries import trends
from diaries.selectors import diary_summaries, patient_today
from exercises.selectors import adherence_percent_by_patient
from patients.access import patients_visible_to
from patients.models import User
from reminders.selectors import open_alert_summary

ADHERENCE_WEEKS = 4


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def caseload(*, user: User) -> list[CaseloadRow]:
    """Return one row a patient the user may see, most urgent first."""
    patients = list(patients_visible_to(user).order_by("id"))
    ids = [p.pk for p in patients]
    diaries = diary_summaries(patients=patients)
    alerts = open_alert_summary(patient_ids=ids)
    adherence = adherence_percent_by_patient(patients=patients, weeks=ADHERENCE_WEEKS)
    rows = []
    for patient in patients:
        summary = diaries[patient.pk]
        change: dict[str, dict[str, object]] = {}
        for metric in trends.METRICS:
            c = trends.change_against(summary.baseline[metric], summary.current[metric], metric)
            change[metric] = {
                "baseline": _round(c.baseline), "current": _round(c.current),
                "absolute": _round(c.absolute), "percent": _round(c.percent),
                "meaningful": c.meaningful,
            }  # fmt: skip
        open_count, worst = alerts[patient.pk]
        rows.append(
            CaseloadRow(
                patient_id=patient.pk,
                display_name=patient.display_name,
                last_entry_date=summary.last_entry_date,
                today=patient_today(patient),
                means_7d={k: _round(v) for k, v in summary.current.items()},
                change=change,
                adherence_percent=adherence.get(patient.pk),
                open_alerts=open_count,
                worst_open_severity=worst,
            )
        )
    return most_urgent_first(rows)
