"""Every place that names a diary measure takes the name from diaries.trends.LABELS."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Field

from clinic.report import change_table, weekly_means
from diaries import trends
from diaries.charts import SYMPTOM_PANELS
from diaries.models import DiaryEntry
from goals.models import GoalMetric
from reminders import rules

NO_CHANGE = {"baseline": None, "current": None, "absolute": None, "percent": None}


def test_the_labels_name_every_diary_measure_once() -> None:
    assert tuple(trends.LABELS) == trends.METRICS


@pytest.mark.parametrize("metric", trends.METRICS)
def test_a_goal_on_a_diary_measure_is_named_as_the_diary_names_it(metric: str) -> None:
    assert GoalMetric(metric).label == trends.LABELS[metric]


def test_the_report_tables_name_the_measures_as_the_diary_does() -> None:
    change = {metric: {**NO_CHANGE, "meaningful": False} for metric in trends.METRICS}
    rows = change_table({"change": change})
    assert [row[0] for row in rows[1:]] == [trends.LABELS[m] for m in trends.METRICS]
    # The report once said "Low mood / stress" and "Walking distance (m)" on its own.
    assert "Low mood or stress" in rows[-2][0]
    series = {m: {"daily": [1.0]} for m in trends.METRICS}
    header = weekly_means({"dates": [datetime.date(2026, 3, 1)], "series": series}, trends.METRICS)
    assert header[0][1:] == [trends.LABELS[m] for m in trends.METRICS]


def test_the_chart_panels_name_the_measures_as_the_diary_does() -> None:
    assert all(label == trends.LABELS[metric] for metric, label, _ in SYMPTOM_PANELS)


@pytest.mark.parametrize("metric", [m for m in trends.SCORES if m != "stiffness"])
def test_the_diary_field_help_names_the_score(metric: str) -> None:
    field = DiaryEntry._meta.get_field(metric)
    assert isinstance(field, Field)
    assert field.help_text == f"{trends.LABELS[metric]}, 0-{trends.MAX_SCORE}"


def test_a_red_flag_reason_names_the_pain_in_lower_case() -> None:
    day = datetime.date(2026, 3, 10)
    hit = rules.pain_spike(rules.DayRecord(day, pain_night=9), [])
    assert hit is not None
    assert hit.reason.startswith(f"{trends.LABELS['pain_night']} 9/10".capitalize())
