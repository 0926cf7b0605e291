"""The exercise sections of the clinician's visit report (``HIPWELL_REPORT_SECTIONS``)."""

from __future__ import annotations

import datetime

from diaries.report import ReportSection
from diaries.selectors import patient_today
from exercises import adherence, goal_selectors, selectors
from patients.models import Patient

MAX_REPORT_WEEKS = 104


def _pct(value: int | None) -> str:
    return "-" if value is None else f"{value} %"


def adherence_section(
    patient: Patient, start: datetime.date, end: datetime.date
) -> ReportSection | None:
    """Return weekly adherence (sessions done against prescribed) over the report's range."""
    today = min(end, patient_today(patient))
    weeks = (adherence.week_start(today) - adherence.week_start(start)).days // 7 + 1
    report = selectors.adherence_get(
        patient=patient, weeks=max(1, min(weeks, MAX_REPORT_WEEKS)), today=today
    )
    result = report.result
    if not report.items:
        return None
    table = [["Week from", "Prescribed", "Done", "Adherence"]]
    for week in result.weeks:
        label = week.start.isoformat() + (" (so far)" if week.in_progress else "")
        table.append([label, str(week.prescribed), str(week.done), _pct(week.percent)])
    paragraphs = [
        f"Overall, over complete weeks: {result.counted} of {result.prescribed} prescribed "
        f"sessions done ({_pct(result.percent)}). Current streak: "
        f"{result.current_streak_weeks} week(s) with every prescribed session done. "
        "Extra sessions of one exercise do not make up for missed sessions of another."
    ]
    for total in result.items:
        item = report.items[total.item_id]
        if total.prescribed or total.done:
            paragraphs.append(
                f"{item.exercise.name} ({item.per_week} a week): {total.done} done, "
                f"{total.prescribed} prescribed ({_pct(total.percent)})."
            )
    return ReportSection(title="Exercise adherence", paragraphs=paragraphs, table=table)


def goals_section(
    patient: Patient, start: datetime.date, end: datetime.date
) -> ReportSection | None:
    """Return the goals in force during the range, with progress as of today."""
    progress = [
        p
        for p in goal_selectors.goal_progress_list(patient=patient)
        if p.goal.due_date >= start and p.goal.created_at.date() <= end
    ]
    if not progress:
        return None
    table = [["Goal", "Baseline", "Target", "Now", "Progress", "Milestones", "Due", "Status"]]
    for p in progress:
        table.append([
            p.goal.title, f"{p.goal.baseline:g}", f"{p.goal.target:g}",
            "-" if p.current is None else f"{p.current:g}", _pct(p.percent),
            ", ".join(f"{m} %" for m in p.milestones) or "-", p.goal.due_date.isoformat(), p.status,
        ])  # fmt: skip
    met = sum(1 for p in progress if p.status == goal_selectors.GoalStatus.ACHIEVED)
    paragraphs = [
        f"{met} of {len(progress)} goal(s) met. Progress is computed as of today from the "
        "diary (7-day means), measured range of motion and logged sessions."
    ]
    return ReportSection(title="Goals", paragraphs=paragraphs, table=table)
