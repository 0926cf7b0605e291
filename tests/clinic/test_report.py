"""The visit report: the exercise, goal and note sections, and user text that must render."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from clinic.report import visit_report_pdf
from clinic.sections import SECTIONS, adherence_section, goals_section, notes_section
from diaries.models import DiaryEntry
from goals import services as goal_services
from goals.models import MAX_GOAL_TITLE_LENGTH
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import items_of, local_today, log_sessions, make_plan

pytestmark = pytest.mark.usefixtures("library")


def _range(cast: Cast) -> tuple[datetime.date, datetime.date]:
    today = local_today(cast.alice)
    return today - datetime.timedelta(days=27), today


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_sections_come_in_report_order() -> None:
    assert (adherence_section, goals_section, notes_section) == SECTIONS


def test_without_plans_or_goals_there_are_no_sections(cast: Cast) -> None:
    start, end = _range(cast)
    assert adherence_section(cast.alice, start, end) is None
    assert goals_section(cast.alice, start, end) is None


def test_the_adherence_section_has_a_row_a_week_and_a_line_an_exercise(cast: Cast) -> None:
    item = items_of(make_plan(cast.alice, cast.carol, ("glute-bridge",), per_week=2))[0]
    start, end = _range(cast)
    log_sessions(item, [end - datetime.timedelta(days=n) for n in range(0, 28, 3)])
    section = adherence_section(cast.alice, start, end)
    assert section is not None
    assert section.title == "Exercise adherence"
    assert section.table[0] == ["Week from", "Prescribed", "Done", "Adherence"]
    assert 5 <= len(section.table) <= 6  # header and the weeks touching 28 days
    assert any("Glute bridge (2 a week)" in p for p in section.paragraphs)


def test_the_goals_section_lists_progress_and_milestones(cast: Cast) -> None:
    start, end = _range(cast)
    goal_services.goal_create(
        patient=cast.alice, created_by=cast.carol,
        values={"metric": "rom_flexion", "baseline": 80, "target": 100, "title": "Flexion 100",
                "due_date": end + datetime.timedelta(days=30)},
    )  # fmt: skip
    goal_services.measurement_record(
        patient=cast.alice, recorded_by=cast.carol, movement="flexion", degrees=95
    )
    section = goals_section(cast.alice, start, end)
    assert section is not None
    assert section.table[1][0] == "Flexion 100"
    assert section.table[1][3:6] == ["95", "75 %", "25 %, 50 %, 75 %"]


def test_the_visit_report_renders_with_the_exercise_sections(
    cast: Cast, client_for: ClientFor
) -> None:
    item = items_of(make_plan(cast.alice, cast.carol, ("glute-bridge",), per_week=2))[0]
    today = local_today(cast.alice)
    log_sessions(item, [today])
    goal_services.goal_create(
        patient=cast.alice, created_by=cast.carol,
        values={"metric": "rom_flexion", "baseline": 80, "target": 100, "title": "Flexion 100",
                "due_date": today + datetime.timedelta(days=30)},
    )  # fmt: skip
    goal_services.measurement_record(
        patient=cast.alice, recorded_by=cast.carol, movement="flexion", degrees=95
    )
    response = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/report.pdf")
    assert response.status_code == 200
    text = " ".join(_pdf_text(response.content).split())
    assert "Exercise adherence" in text
    assert re.search(r"Glute bridge \(2 a week\): \d+ done, \d+ prescribed \(\d+ %\)", text)
    assert "Week from Prescribed Done Adherence" in text
    assert re.search(r"\(so far\) 2 1 50 %", text)  # today's session, this week
    assert "Goal Baseline Target Now Progress Milestones Due Status" in text
    assert "Flexion 100 80 100 95 75 % 25 %, 50 %, 75 %" in text
    assert "0 of 1 goal(s) met" in text


def test_a_maximal_title_and_a_long_note_render(cast: Cast) -> None:
    today = local_today(cast.alice)
    title = ("W" * 60 + " ") * 3
    title = (title + "x" * MAX_GOAL_TITLE_LENGTH)[:MAX_GOAL_TITLE_LENGTH]
    goal_services.goal_create(
        patient=cast.alice, created_by=cast.carol,
        values={"metric": "pain_rest", "baseline": 6, "target": 2, "title": title,
                "due_date": today + datetime.timedelta(days=30)},
    )  # fmt: skip
    note = "N" * 1000 + " <b>&amp; $x$ \\ \u05e9\u05dc\u05d5\u05dd 🦴\n" + "y " * 480
    DiaryEntry.objects.create(patient=cast.alice, date=today, pain_rest=4, note=note[:2000])
    text = _pdf_text(visit_report_pdf(cast.alice, today - datetime.timedelta(days=27), today))
    assert "Diary notes" in text
    assert "<b>&amp;" in text  # shown as typed, not read as markup
    assert "WWWW" in text


def test_user_text_with_markup_and_other_scripts_renders(cast: Cast) -> None:
    today = local_today(cast.alice)
    cast.alice.display_name = "Ann <b>&</b> $\\alpha$ \\ 🦴 \u05e9\u05dc\u05d5\u05dd"
    cast.alice.save(update_fields=["display_name"])
    text = _pdf_text(visit_report_pdf(cast.alice, today - datetime.timedelta(days=27), today))
    assert "Ann <b>&</b>" in text
