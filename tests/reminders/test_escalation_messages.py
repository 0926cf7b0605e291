"""What a clinician reads about an alert: its day range, the latest day's reason, and for an
escalation, the level and how long the alert has been open."""

from __future__ import annotations

import datetime

import pytest

from reminders import messages
from reminders.models import Alert
from tests.conftest import Cast, ClientFor
from tests.reminders.helpers import put_day, steady_history


def _alert(cast: Cast, first: datetime.date, last: datetime.date, days: int) -> Alert:
    evidence = {
        "days": [
            {"date": (first + datetime.timedelta(days=n)).isoformat(), "reason": f"day {n}"}
            for n in range(days)
        ]
    }
    return Alert.objects.create(
        patient=cast.alice, rule="instability", severity="high", reason="The hip gave way twice.",
        evidence=evidence, diary_date=first, first_day=first, last_day=last,
    )  # fmt: skip


def test_a_one_day_alert_names_its_single_date(cast: Cast) -> None:
    day = datetime.date(2026, 12, 5)
    title, body = messages.clinician_alert(_alert(cast, day, day, 1))
    assert title == "High red flag for Alice: New instability"
    assert body == (
        "Diary day: 5 Dec 2026. The hip gave way twice. "
        "Please review the diary and acknowledge the alert in Hipwell."
    )


def test_an_alert_over_several_days_shows_the_range_and_the_latest_reason(cast: Cast) -> None:
    alert = _alert(cast, datetime.date(2026, 12, 2), datetime.date(2026, 12, 5), 4)
    _, body = messages.clinician_alert(alert)
    assert body.startswith("Diary days: 2 Dec to 5 Dec 2026 (4 days). ")
    assert "Latest day (5 Dec 2026): The hip gave way twice. " in body


def test_a_range_across_new_year_names_both_years(cast: Cast) -> None:
    alert = _alert(cast, datetime.date(2026, 12, 30), datetime.date(2027, 1, 2), 2)
    _, body = messages.clinician_alert(alert)
    assert body.startswith("Diary days: 30 Dec 2026 to 2 Jan 2027 (2 days). ")


def test_the_range_counts_the_days_with_evidence_or_else_the_calendar(cast: Cast) -> None:
    alert = _alert(cast, datetime.date(2026, 12, 2), datetime.date(2026, 12, 5), 2)
    assert "(2 days)" in messages.clinician_alert(alert)[1]
    alert.evidence = {}
    assert "(4 days)" in messages.clinician_alert(alert)[1]


def test_the_message_of_a_real_alert_follows_its_latest_day(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today - datetime.timedelta(days=2), instability=True)
    put_day(client, today, instability=True)
    alert = Alert.objects.get(rule="instability")
    _, body = messages.clinician_alert(alert)
    first, last = today - datetime.timedelta(days=2), today
    assert f"Diary days: {first.day} {first:%b}" in body
    assert f"{last.day} {last:%b} {last.year} (2 days)" in body
    assert f"Latest day ({last.day} {last:%b} {last.year}): {alert.reason}" in body


@pytest.mark.parametrize(
    ("level", "open_for", "prefix", "lead"),
    [
        (1, datetime.timedelta(hours=4, minutes=1), "ESCALATED (level 1, open 4 h 1 min): ",
         "Escalation level 1 of 2 (the care team's other clinicians): this alert has been "
         "open for 4 h 1 min and no one has acknowledged it yet. "),
        (2, datetime.timedelta(hours=8), "ESCALATED (level 2, open 8 h): ",
         "Escalation level 2 of 2 (the care team's escalation contact): this alert has been "
         "open for 8 h and no one has acknowledged it yet. "),
    ],
)  # fmt: skip
def test_an_escalation_says_its_level_and_how_long_the_alert_has_been_open(
    cast: Cast, level: int, open_for: datetime.timedelta, prefix: str, lead: str
) -> None:
    day = datetime.date(2026, 12, 5)
    title, body = messages.clinician_alert(
        _alert(cast, day, day, 1), escalation_level=level, open_for=open_for
    )
    assert title == prefix + "High red flag for Alice: New instability"
    assert body.startswith(lead + "Diary day: 5 Dec 2026. ")


@pytest.mark.parametrize(
    ("open_for", "label"),
    [
        (datetime.timedelta(seconds=59), "0 min"),
        (datetime.timedelta(minutes=45), "45 min"),
        (datetime.timedelta(hours=1), "1 h"),
        (datetime.timedelta(hours=23, minutes=59), "23 h 59 min"),
        (datetime.timedelta(days=1), "1 day"),
        (datetime.timedelta(days=2, hours=3, minutes=10), "2 days 3 h"),
    ],
)
def test_open_for_reads_as_a_person_would_say_it(open_for: datetime.timedelta, label: str) -> None:
    assert messages.open_for_label(open_for) == label
