"""The clinician's visit report: one PDF with header, charts, weekly means, changes and alerts.

Other apps add sections through ``settings.HIPWELL_REPORT_SECTIONS``: dotted paths
to callables ``(patient, start, end) -> ReportSection | None``.
"""

from __future__ import annotations

import datetime
import io
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.module_loading import import_string
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from diaries import trends
from diaries.selectors import baseline_window, trend_days
from diaries.visuals import ChartRequest, chart_bytes, chart_etag
from patients.models import Patient
from reminders.selectors import alerts_in_range

METRIC_LABELS = {
    "pain_rest": "Pain at rest",
    "pain_activity": "Pain on activity",
    "pain_night": "Night pain",
    "stiffness": "Stiffness",
    "sleep_interference": "Sleep interference",
    "mood": "Low mood / stress",
    "walking_distance_m": "Walking distance (m)",
}


@dataclass(frozen=True)
class ReportSection:
    """A titled block of the report: paragraphs and an optional table."""

    title: str
    paragraphs: Sequence[str] = ()
    table: Sequence[Sequence[str]] = field(default_factory=list)


SectionProvider = Callable[[Patient, datetime.date, datetime.date], "ReportSection | None"]


def _extra_sections(
    patient: Patient, start: datetime.date, end: datetime.date
) -> list[ReportSection]:
    sections = []
    for path in getattr(settings, "HIPWELL_REPORT_SECTIONS", ()):
        provider: SectionProvider = import_string(path)
        section = provider(patient, start, end)
        if section is not None:
            sections.append(section)
    return sections


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def weekly_means(built: dict[str, Any], metrics: Sequence[str]) -> list[list[str]]:
    """Return a table of weekly means (weeks starting on the range's first day)."""
    dates = built["dates"]
    rows = [["Week from", *(METRIC_LABELS[m] for m in metrics)]]
    for first in range(0, len(dates), 7):
        cells = [dates[first]]
        for metric in metrics:
            week = [v for v in built["series"][metric]["daily"][first : first + 7] if v is not None]
            digits = 0 if metric == "walking_distance_m" else 1
            cells.append(_fmt(statistics.fmean(week), digits) if week else "-")
        rows.append(cells)
    return rows


def change_table(built: dict[str, Any]) -> list[list[str]]:
    rows = [["Measure", "Baseline", "Last 7 days", "Change", "Meaningful"]]
    for metric in trends.METRICS:
        change = built["change"][metric]
        unit = " %" if metric == "walking_distance_m" else ""
        delta = change["percent"] if metric == "walking_distance_m" else change["absolute"]
        rows.append([
            METRIC_LABELS[metric], _fmt(change["baseline"]), _fmt(change["current"]),
            "-" if delta is None else f"{delta:+.1f}{unit}", "YES" if change["meaningful"] else "no",
        ])  # fmt: skip
    return rows


def _table(
    data: Sequence[Sequence[Any]],
    highlight_col: int | None = None,
    col_widths: Sequence[float] | None = None,
) -> Table:
    table = Table([list(r) for r in data], repeatRows=1, colWidths=col_widths)
    style = [
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE7F0")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if highlight_col is not None:
        for index, row in enumerate(data[1:], start=1):
            if row[highlight_col] == "YES":
                style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#FCE4D6")))
    table.setStyle(TableStyle(style))
    return table


def visit_report_pdf(patient: Patient, start: datetime.date, end: datetime.date) -> bytes:
    """Render the visit report for a date range as PDF bytes."""
    styles = getSampleStyleSheet()
    built = trends.build_trends(
        trend_days(patient=patient, start=start, end=end), start, end, baseline_window(patient)
    )
    story: list[Any] = [
        Paragraph(f"Hipwell visit report: {escape(patient.display_name)}", styles["Title"]),
        Paragraph(
            f"Range {start.isoformat()} to {end.isoformat()} &middot; affected side: "
            f"{patient.get_affected_side_display()} &middot; weight-bearing: "
            f"{patient.get_weight_bearing_display()} &middot; walking aid: "
            f"{patient.get_walking_aid_display()} &middot; timezone {escape(patient.timezone)}",
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
    ]
    for kind in ("symptoms", "walking"):
        chart = ChartRequest(patient=patient, kind=kind, fmt="png", start=start, end=end)
        png = chart_bytes(chart, chart_etag(chart))
        story.append(Image(io.BytesIO(png), width=180 * mm, height=120 * mm))
    story += [PageBreak(), Paragraph("Change against baseline", styles["Heading2"])]
    window = built["baseline"]["window"]  # type: ignore[index]
    story.append(
        Paragraph(
            f"Baseline window: {window.get('from') or '-'} to {window.get('to') or '-'}. "
            "Meaningful: at least 2 points or 30 % from baseline.",
            styles["Normal"],
        )
    )
    story += [_table(change_table(built), highlight_col=4), Spacer(1, 4 * mm)]
    story.append(Paragraph("Weekly means", styles["Heading2"]))
    story.append(_table(weekly_means(built, trends.METRICS)))
    story.append(Paragraph("Red-flag alerts in this range", styles["Heading2"]))
    alerts = alerts_in_range(patient_id=patient.pk, start=start, end=end)
    if alerts:
        rows = [["Diary date", "Rule", "Severity", "Status", "Reason"]]
        rows += [
            [
                a.diary_date.isoformat(),
                a.get_rule_display(),
                a.severity,
                a.status,
                Paragraph(escape(a.reason), styles["BodyText"]),
            ]
            for a in alerts
        ]
        # The reason is the sentence a clinician reads: give it most of the width.
        story.append(_table(rows, col_widths=[22 * mm, 38 * mm, 17 * mm, 23 * mm, 80 * mm]))
    else:
        story.append(Paragraph("No alerts were raised in this range.", styles["Normal"]))
    for section in _extra_sections(patient, start, end):
        story.append(Paragraph(escape(section.title), styles["Heading2"]))
        story += [Paragraph(escape(text), styles["Normal"]) for text in section.paragraphs]
        if section.table:
            story.append(_table(section.table))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"Visit report {patient.display_name} {start} to {end}",
        author="Hipwell", leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
    )  # fmt: skip
    document.build(story)
    return buffer.getvalue()
