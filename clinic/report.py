"""The clinician's visit report: one PDF with header, charts, weekly means, changes, alerts
and the sections of ``clinic.sections`` (exercise adherence, goals, diary notes).

Every piece of user text (names, titles, notes, reasons) goes through
:func:`_text`: XML-escaped for reportlab's Paragraph markup, control characters
dropped, and wrapped to its cell, long words split, so no text can push a row
past a page (reportlab's ``LayoutError``) or out of its column.
"""

from __future__ import annotations

import datetime
import io
import statistics
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
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

from clinic.sections import SECTIONS, ReportSection
from clinic.visuals import ChartRequest, chart_bytes, chart_etag
from diaries import trends
from diaries.selectors import baseline_window, trend_days
from patients.models import Patient
from reminders.selectors import alerts_overlapping

PAGE_WIDTH = A4[0] - 30 * mm  # inside the 15 mm margins
_STYLES = getSampleStyleSheet()
CELL = ParagraphStyle("cell", parent=_STYLES["BodyText"], fontSize=8, leading=10, splitLongWords=1)
HEAD = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold")


def _text(value: object, style: ParagraphStyle) -> Paragraph:
    """Return user text as a Paragraph: escaped, control characters dropped, lines kept."""
    text = "".join(ch for ch in str(value) if ch == "\n" or ch.isprintable() or ch == " ")
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def weekly_means(built: dict[str, Any], metrics: Sequence[str]) -> list[list[str]]:
    """Return a table of weekly means (weeks starting on the range's first day)."""
    dates = built["dates"]
    rows = [["Week from", *(trends.LABELS[m] for m in metrics)]]
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
            trends.LABELS[metric], _fmt(change["baseline"]), _fmt(change["current"]),
            "-" if delta is None else f"{delta:+.1f}{unit}", "YES" if change["meaningful"] else "no",
        ])  # fmt: skip
    return rows


def alert_days(first: datetime.date, last: datetime.date, count: int) -> str:
    """Return an alert's evidence range: one day, or first to last with the days counted."""
    if first == last:
        return first.isoformat()
    counted = f" ({count} days)" if count > 1 else ""
    return f"{first.isoformat()} to {last.isoformat()}{counted}"


def latest_reason(last: datetime.date, reason: str) -> str:
    """Return an alert's reason (its latest day's, with that day's values) under that day."""
    return f"{last.isoformat()}: {reason}"


def _table(
    data: Sequence[Sequence[Any]],
    highlight_col: int | None = None,
    weights: Sequence[float] = (),
) -> Table:
    """Lay out a table across the page; every cell is wrapped text (see ``_text``)."""
    columns = len(data[0])
    weights = list(weights) if len(weights) == columns else [2.0] + [1.0] * (columns - 1)
    widths = [PAGE_WIDTH * w / sum(weights) for w in weights]
    rows = [
        [
            cell if isinstance(cell, Paragraph) else _text(cell, HEAD if r == 0 else CELL)
            for cell in row
        ]
        for r, row in enumerate(data)
    ]
    table = Table(rows, repeatRows=1, colWidths=widths)
    style = [
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


def _sections(patient: Patient, start: datetime.date, end: datetime.date) -> list[ReportSection]:
    found = (provider(patient, start, end) for provider in SECTIONS)
    return [section for section in found if section is not None]


def visit_report_pdf(patient: Patient, start: datetime.date, end: datetime.date) -> bytes:
    """Render the visit report for a date range as PDF bytes."""
    styles = getSampleStyleSheet()
    built = trends.build_trends(
        trend_days(patient=patient, start=start, end=end), start, end, baseline_window(patient)
    )
    story: list[Any] = [
        _text(f"Hipwell visit report: {patient.display_name}", styles["Title"]),
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
            f"Meaningful: {trends.MEANINGFUL_RULE}.",
            styles["Normal"],
        )
    )
    story += [_table(change_table(built), highlight_col=4), Spacer(1, 4 * mm)]
    story.append(Paragraph("Weekly means", styles["Heading2"]))
    story.append(_table(weekly_means(built, trends.METRICS)))
    story.append(Paragraph("Red-flag alerts in this range", styles["Heading2"]))
    alerts = alerts_overlapping(patient_id=patient.pk, start=start, end=end)
    if alerts:
        rows = [["Days", "Rule", "Severity", "Status", "Latest day and reason"]]
        rows += [
            [alert_days(a.first_day, a.last_day, len(a.evidence.get("days", []))),
             a.get_rule_display(), a.severity, a.status, latest_reason(a.last_day, a.reason)]
            for a in alerts
        ]  # fmt: skip
        # The reason is the sentence a clinician reads: give it most of the width.
        story.append(_table(rows, weights=(34, 36, 16, 22, 76)))
    else:
        story.append(Paragraph("No alerts were raised in this range.", styles["Normal"]))
    for section in _sections(patient, start, end):
        story.append(_text(section.title, styles["Heading2"]))
        story += [_text(text, styles["Normal"]) for text in section.paragraphs]
        if section.table:
            story.append(_table(section.table, weights=section.col_weights))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"Visit report {patient.display_name} {start} to {end}",
        author="Hipwell", leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
    )  # fmt: skip
    document.build(story)
    return buffer.getvalue()
