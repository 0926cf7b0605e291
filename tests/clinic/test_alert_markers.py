"""Alerts on the charts and in the visit report by their evidence days, not their first day."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from clinic.report import latest_reason, visit_report_pdf
from clinic.visuals import ChartRequest, chart_etag, chart_input
from reminders.models import Alert
from reminders.selectors import alert_days_in_range
from tests.conftest import Cast, ClientFor
from tests.reminders.helpers import put_day, steady_history

pytestmark = pytest.mark.usefixtures("library")

DAY = datetime.timedelta(days=1)


def _alert(cast: Cast, days: list[datetime.date], rule: str = "instability") -> Alert:
    return Alert.objects.create(
        patient=cast.alice, rule=rule, severity="high", reason="Gave way.",
        evidence={"days": [{"date": d.isoformat()} for d in days]},
        diary_date=days[0], first_day=days[0], last_day=days[-1],
    )  # fmt: skip


def test_an_alert_marks_each_of_its_evidence_days_in_the_range(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today - 4 * DAY, instability=True)
    put_day(client, today - 1 * DAY, instability=True)
    assert Alert.objects.count() == 1
    start, end = today - 13 * DAY, today
    # Both episodes are marked; the quiet days between them are not.
    assert alert_days_in_range(patient_id=cast.alice.pk, start=start, end=end) == [
        today - 4 * DAY,
        today - DAY,
    ]
    chart = chart_input(
        ChartRequest(patient=cast.alice, kind="symptoms", fmt="svg", start=start, end=end)
    )
    assert chart.alert_dates == [today - 4 * DAY, today - DAY]


def test_only_the_days_inside_the_chart_are_marked(cast: Cast) -> None:
    start, end = datetime.date(2026, 11, 10), datetime.date(2026, 11, 16)
    # Opened before the range, its later days inside it: marked (today it was not).
    _alert(cast, [start - 2 * DAY, start, start + DAY])
    # After the range: nothing; another patient's alert: nothing.
    _alert(cast, [end + DAY], rule="walking_decline")
    Alert.objects.create(
        patient=cast.bob, rule="fall", severity="urgent", reason="Fell.", diary_date=start,
        evidence={"days": [{"date": start.isoformat()}]},
    )  # fmt: skip
    assert alert_days_in_range(patient_id=cast.alice.pk, start=start, end=end) == [
        start,
        start + DAY,
    ]


def test_days_named_by_two_alerts_are_marked_once(cast: Cast) -> None:
    day = datetime.date(2026, 11, 12)
    _alert(cast, [day])
    Alert.objects.create(
        patient=cast.alice, rule="fall", severity="urgent", reason="Fell.", diary_date=day,
        evidence={"days": [{"date": day.isoformat()}]},
    )  # fmt: skip
    assert alert_days_in_range(patient_id=cast.alice.pk, start=day - DAY, end=day + DAY) == [day]


def test_an_alert_without_evidence_days_marks_its_whole_range(cast: Cast) -> None:
    first = datetime.date(2026, 11, 10)
    Alert.objects.create(
        patient=cast.alice, rule="night_pain", severity="high", reason="Nights.", evidence={},
        diary_date=first, first_day=first, last_day=first + 2 * DAY,
    )  # fmt: skip
    Alert.objects.create(
        patient=cast.alice, rule="new_limp", severity="moderate", reason="Limp.",
        evidence={"days": [{"date": "not a day"}, "junk"]}, diary_date=first + 5 * DAY,
    )  # fmt: skip
    assert alert_days_in_range(patient_id=cast.alice.pk, start=first, end=first + 9 * DAY) == [
        first,
        first + DAY,
        first + 2 * DAY,
        first + 5 * DAY,
    ]


def test_the_chart_version_is_in_the_etag(cast: Cast) -> None:
    from clinic import visuals

    request = ChartRequest(
        patient=cast.alice, kind="symptoms", fmt="png",
        start=datetime.date(2026, 11, 1), end=datetime.date(2026, 11, 14),
    )  # fmt: skip
    assert visuals.CHART_VERSION == "3"
    before = chart_etag(request)
    visuals.CHART_VERSION = "2"
    try:
        assert chart_etag(request) != before
    finally:
        visuals.CHART_VERSION = "3"


def test_the_report_puts_the_latest_reason_under_its_day(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    first = today - 3 * DAY
    put_day(client, first, instability=True)
    put_day(client, today, instability=True)
    alert = Alert.objects.get()
    assert alert.last_day == today
    pdf = visit_report_pdf(cast.alice, today - 27 * DAY, today)
    text = " ".join(
        " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert "Latest day and reason" in text
    assert f"{first.isoformat()} to {today.isoformat()} (2 days)" in text
    assert f"{today.isoformat()}: " in text
    assert latest_reason(today, alert.reason) == f"{today.isoformat()}: {alert.reason}"
