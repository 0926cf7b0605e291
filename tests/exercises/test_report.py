"""The exercise sections of the visit report."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings

from exercises import goal_services
from exercises.report import adherence_section, goals_section
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import items_of, local_today, log_sessions, make_plan

pytestmark = pytest.mark.usefixtures("library")


def _range(cast: Cast) -> tuple[datetime.date, datetime.date]:
    today = local_today(cast.alice)
    return today - datetime.timedelta(days=27), today


def test_the_sections_are_registered_in_settings() -> None:
    assert settings.HIPWELL_REPORT_SECTIONS == [
        "exercises.report.adherence_section", "exercises.report.goals_section",
    ]  # fmt: skip


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
    item = items_of(make_plan(cast.alice, cast.carol))[0]
    log_sessions(item, [local_today(cast.alice)])
    response = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/report.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
