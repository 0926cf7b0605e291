"""The sections of the visit report that come from the apps above the diary.

Each is a callable ``(patient, start, end) -> ReportSection | None``; ``SECTIONS``
lists them in the order the report shows them. Cells and paragraphs are plain
text: the report escapes and wraps them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from diaries.selectors import diary_notes, patient_today
from exercises import adherence, selectors
from goals import selectors as goal_selectors
from patients.models import Patient

MAX_REPORT_WEEKS = 104
MAX_REPORT_NOTES = 60


@dataclass(frozen=True)
class ReportSection:
    """A titled block of the report: paragraphs and an optional table (first row: headings)."""

    title: str
    paragraphs: Sequence[str] = ()
    table: Sequence[Sequence[str]] = field(default_factory=list)
    # Relative column widths; default: the first column twice as wide as the others.
    col_weights: Sequence[float] = ()


SectionProvider = Callable[[Patient, datetime.date, datetime.date], "ReportSection | None"]


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
        # Archived goals are left out, as from every list.
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
    return ReportSection(
        title="Goals",
        paragraphs=paragraphs,
        table=table,
        col_weights=(3.5, 1.3, 1.3, 1.1, 1.5, 2, 2, 1.5),
    )


def notes_section(
    patient: Patient, start: datetime.date, end: datetime.date
) -> ReportSection | None:
    """Return the patient's diary notes in the range, newest first."""
    notes = diary_notes(patient_id=patient.pk, start=start, end=end, limit=MAX_REPORT_NOTES)
    if not notes:
        return None
    table = [["Date", "Note"], *([day.isoformat(), note] for day, note in notes)]
    paragraphs = []
    if len(notes) == MAX_REPORT_NOTES:
        paragraphs.append(f"The latest {MAX_REPORT_NOTES} notes; older ones are in the diary.")
    return ReportSection(
        title="Diary notes", paragraphs=paragraphs, table=table, col_weights=(1, 6)
    )


SECTIONS: tuple[SectionProvider, ...] = (adherence_section, goals_section, notes_section)
