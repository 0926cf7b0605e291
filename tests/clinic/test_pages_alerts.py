"""The alert inbox (/clinic/alerts/): open alerts, most severe then newest; acknowledge in place."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from reminders.models import Alert
from tests.clinic.pages_helpers import browser_for, make_alert, make_operator
from tests.conftest import Cast, ClientFor
from tests.factories import make_patient

HTMX = {"HX-Request": "true"}


def _ids(body: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li class="inbox-item[^"]*" id="alert-(\d+)">', body)]


def test_open_alerts_come_most_severe_first_then_newest(cast: Cast) -> None:
    moderate = make_alert(cast.alice, rule="low_mood", severity="moderate", days_ago=0)
    old_urgent = make_alert(cast.alice, rule="fall", severity="urgent", days_ago=3)
    high = make_alert(cast.alice, rule="pain_spike", severity="high", days_ago=2)
    new_urgent = make_alert(cast.alice, rule="fall", severity="urgent", days_ago=1)
    closed = make_alert(cast.alice, rule="new_limp", severity="urgent", days_ago=1)
    Alert.objects.filter(pk=closed.pk).update(status="resolved", acknowledged_at=closed.created_at)
    make_alert(cast.bob)  # dave's patient
    body = browser_for(cast.carol).get("/clinic/alerts/").content.decode()
    assert _ids(body) == [new_urgent.pk, old_urgent.pk, high.pk, moderate.pk]


def test_each_alert_names_the_patient_rule_days_and_reason(cast: Cast) -> None:
    alert = make_alert(cast.alice, rule="pain_spike", severity="high", reason="Pain up 4 points.")
    Alert.objects.filter(pk=alert.pk).update(first_day=alert.first_day - datetime.timedelta(days=2))
    alert.refresh_from_db()
    body = browser_for(cast.carol).get("/clinic/alerts/").content.decode()
    assert (
        f'<a href="/clinic/patients/{cast.alice.pk}/#alert-{alert.pk}">Alice</a>: Sudden worsening of pain'
        in body
    )
    assert f"{alert.first_day:%-d %b %Y} to {alert.last_day:%-d %b %Y}" in body
    assert "Pain up 4 points." in body
    assert '<span class="severity severity--high">High</span>' in body


def test_acknowledge_in_place_returns_the_row_and_the_new_count(
    cast: Cast, client_for: ClientFor
) -> None:
    alert = make_alert(cast.alice)
    make_alert(cast.alice, rule="pain_spike", severity="high")
    client = browser_for(cast.carol)
    response = client.post(
        f"/clinic/alerts/{alert.pk}/acknowledge/", {"note": "Rang her; no injury."}, headers=HTMX
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert body.lstrip().startswith(
        f'<li class="inbox-item inbox-item--urgent" id="alert-{alert.pk}">'
    )
    assert "Acknowledged by carol" in body
    assert "Note: Rang her; no injury." in body
    assert (
        '<span class="count" id="unread-count" hx-swap-oob="true"><span class="badge">1</span>'
        in body
    )
    api = client_for(cast.carol).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert api["status"] == "acknowledged"
    assert api["acknowledge_note"] == "Rang her; no injury."


def test_acknowledge_without_javascript_goes_back_to_the_inbox(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    response = browser_for(cast.carol).post(f"/clinic/alerts/{alert.pk}/acknowledge/", {"note": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/clinic/alerts/#alert-{alert.pk}"
    alert.refresh_from_db()
    assert alert.status == "acknowledged"
    assert alert.acknowledged_by == cast.carol


def test_acknowledging_twice_keeps_the_first_note(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    client = browser_for(cast.carol)
    client.post(f"/clinic/alerts/{alert.pk}/acknowledge/", {"note": "first"}, headers=HTMX)
    client.post(f"/clinic/alerts/{alert.pk}/acknowledge/", {"note": "second"}, headers=HTMX)
    alert.refresh_from_db()
    assert alert.acknowledge_note == "first"


def test_a_note_too_long_is_refused_at_the_field(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    client = browser_for(cast.carol)
    response = client.post(
        f"/clinic/alerts/{alert.pk}/acknowledge/", {"note": "x" * 2001}, headers=HTMX
    )
    assert "Keep the note to 2000 characters or fewer" in response.content.decode()
    plain = client.post(f"/clinic/alerts/{alert.pk}/acknowledge/", {"note": "x" * 2001})
    assert plain.status_code == 400
    alert.refresh_from_db()
    assert alert.status == "open"


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("clinician", 302),
        ("other_clinician", 404),
        ("patient", 302),
        ("caregiver", 302),
        ("anonymous", 302),
        ("operator", 404),
    ],
)
def test_only_the_care_team_acknowledges(cast: Cast, caller: str, expected: int) -> None:
    alert = make_alert(cast.alice)
    user = make_operator() if caller == "operator" else cast.user(caller)
    response = browser_for(user).post(f"/clinic/alerts/{alert.pk}/acknowledge/", {"note": "n"})
    assert response.status_code == expected
    alert.refresh_from_db()
    assert (alert.status == "acknowledged") == (caller == "clinician")


def test_acknowledge_needs_a_post_with_the_csrf_token(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.carol)
    assert client.post(f"/clinic/alerts/{alert.pk}/acknowledge/", {"note": "n"}).status_code == 403
    assert browser_for(cast.carol).get(f"/clinic/alerts/{alert.pk}/acknowledge/").status_code == 405
    alert.refresh_from_db()
    assert alert.status == "open"


def test_the_inbox_runs_the_same_queries_for_few_and_many_alerts(cast: Cast) -> None:
    client = browser_for(cast.carol)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/clinic/alerts/").status_code == 200
        return len(ctx)

    make_alert(cast.alice)
    client.get("/clinic/alerts/")
    few = count()
    for n in range(30):
        make_alert(make_patient(f"p{n}", clinicians=(cast.carol,)))
    assert count() == few


def test_an_empty_inbox_says_so(cast: Cast) -> None:
    body = browser_for(cast.carol).get("/clinic/alerts/").content.decode()
    assert "No open alerts." in body
