"""An alert keeps the days of its evidence: first_day, last_day and one entry per day."""

from __future__ import annotations

import datetime
import io
from importlib import import_module

from django.apps import apps
from pypdf import PdfReader

from clinic.report import alert_days, visit_report_pdf
from reminders.models import Alert
from tests.conftest import Cast, ClientFor
from tests.reminders.helpers import put_day, steady_history


def test_an_alert_keeps_one_evidence_day_per_day_with_the_values(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    two_ago, yesterday = (today - datetime.timedelta(days=n) for n in (2, 1))
    put_day(client, two_ago, instability=True)
    put_day(client, today, instability=True)
    put_day(client, yesterday, instability=True)  # synced late
    alert = Alert.objects.get(rule="instability")
    assert (alert.first_day, alert.last_day, alert.diary_date) == (two_ago, today, two_ago)
    days = alert.evidence["days"]
    assert [d["date"] for d in days] == [d.isoformat() for d in (two_ago, yesterday, today)]
    assert all(d["values"] == {"instability": True} and d["severity"] == "high" for d in days)
    assert days[0]["reason"].startswith(f"The hip gave way on {two_ago.isoformat()}")
    # The alert's own reason stays the latest day's, whatever order the days arrive in.
    assert alert.reason.startswith(f"The hip gave way on {today.isoformat()}")


def test_a_worse_edit_of_a_day_replaces_its_entry(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today, pain_activity=8)
    put_day(client, today, pain_activity=10)
    alert = Alert.objects.get(rule="pain_spike")
    assert [(d["date"], d["severity"]) for d in alert.evidence["days"]] == [
        (today.isoformat(), "urgent")
    ]
    assert alert.evidence["days"][0]["values"] == {
        "pain_rest": 2,
        "pain_activity": 10,
        "pain_night": 1,
    }


def test_the_api_shows_the_range_and_the_days(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    yesterday = today - datetime.timedelta(days=1)
    put_day(client, yesterday, instability=True)
    put_day(client, today, instability=True)
    listed = client_for(cast.carol).get("/api/v1/alerts/").json()[0]
    detail = client_for(cast.carol).get(f"/api/v1/alerts/{listed['id']}/").json()
    for body in (listed, detail):
        assert (body["first_day"], body["last_day"]) == (yesterday.isoformat(), today.isoformat())
        assert [d["date"] for d in body["days"]] == [yesterday.isoformat(), today.isoformat()]
        assert set(body["days"][0]) == {"date", "severity", "reason", "values"}
    own = client_for(cast.alice_user).get("/api/v1/alerts/").json()[0]
    assert own["first_day"] == yesterday.isoformat()


def test_the_visit_report_shows_the_range_of_an_alert(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    first = today - datetime.timedelta(days=2)
    put_day(client, first, instability=True)
    put_day(client, today, instability=True)
    pdf = visit_report_pdf(cast.alice, today - datetime.timedelta(days=27), today)
    text = " ".join(
        " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split()
    )
    assert f"{first.isoformat()} to {today.isoformat()} (2 days)" in text
    # An alert whose first day is before the range still shows, with its whole range.
    later = visit_report_pdf(cast.alice, today - datetime.timedelta(days=1), today)
    later_text = " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(later)).pages).split()
    )
    assert f"{first.isoformat()} to {today.isoformat()}" in later_text


def test_alert_days_reads_as_one_day_or_a_range() -> None:
    day = datetime.date(2026, 11, 1)
    assert alert_days(day, day, 1) == "2026-11-01"
    assert (
        alert_days(day, day + datetime.timedelta(days=3), 2) == "2026-11-01 to 2026-11-04 (2 days)"
    )
    assert alert_days(day, day + datetime.timedelta(days=3), 1) == "2026-11-01 to 2026-11-04"


def test_existing_alerts_get_their_days_from_the_diary_day(cast: Cast) -> None:
    migration = import_module("reminders.migrations.0004_alert_evidence_days")
    day = datetime.date(2026, 11, 10)
    old = Alert.objects.create(
        patient=cast.alice, rule="instability", severity="high", reason="Gave way.",
        diary_date=day,
        evidence={"date": day.isoformat(), "triggers": [
            {"diary_date": "2026-11-10", "severity": "high", "reason": "Gave way."},
            {"diary_date": "2026-11-12", "severity": "high", "reason": "Again."},
        ]},
    )  # fmt: skip
    bare = Alert.objects.create(
        patient=cast.alice, rule="fall", severity="urgent", reason="A fall.", diary_date=day
    )
    migration.fill_days(apps, None)
    old.refresh_from_db()
    bare.refresh_from_db()
    assert (old.first_day, old.last_day) == (day, datetime.date(2026, 11, 12))
    assert "triggers" not in old.evidence
    assert [d["date"] for d in old.evidence["days"]] == ["2026-11-10", "2026-11-12"]
    assert (bare.first_day, bare.last_day) == (day, day)
    assert bare.evidence["days"] == [
        {"date": "2026-11-10", "severity": "urgent", "reason": "A fall.", "values": {}}
    ]
