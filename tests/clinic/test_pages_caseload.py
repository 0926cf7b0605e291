"""The caseload triage page (/clinic/): order, reasons in words, filters, polling, queries."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diaries.models import DiaryEntry
from patients.models import Patient
from tests.clinic.pages_helpers import browser_for, make_alert
from tests.conftest import Cast
from tests.diaries.helpers import days_ago, make_entries
from tests.factories import make_clinician, make_patient


def _names(body: str) -> list[str]:
    return re.findall(r'<a class="patient-link" href="/clinic/patients/\d+/">([^<]+)</a>', body)


def _row(body: str, name: str) -> str:
    start = body.index(f">{name}</a>")
    return body[start : body.index("</tr>", start)]


@pytest.fixture
def ward(cast: Cast) -> dict[str, Patient]:
    """Carol's caseload: a fall, night pain up 3 points, six silent days, a steady one."""
    carol = cast.carol
    fallon = make_patient("fallon", clinicians=(carol,))
    make_entries(fallon, 30)
    make_alert(fallon, rule="fall", severity="urgent", days_ago=1)
    nina = make_patient("nina", clinicians=(carol,))
    make_entries(nina, 30, pain_night=1)
    DiaryEntry.objects.filter(patient=nina, date__gte=days_ago(nina, 6)).update(pain_night=4)
    sam = make_patient("sam", clinicians=(carol,))
    make_entries(sam, 30)
    DiaryEntry.objects.filter(patient=sam, date__gt=days_ago(sam, 6)).delete()
    steady = make_patient("steady", clinicians=(carol,))
    make_entries(steady, 30)
    make_entries(cast.alice, 30)
    return {"fallon": fallon, "nina": nina, "sam": sam, "steady": steady}


def test_the_most_urgent_come_first_each_with_its_reason_in_words(
    cast: Cast, ward: dict[str, Patient]
) -> None:
    body = browser_for(cast.carol).get("/clinic/").content.decode()
    assert _names(body) == ["Fallon", "Nina", "Sam", "Alice", "Steady"]
    assert "<li>Fall reported yesterday (urgent)</li>" in _row(body, "Fallon")
    assert "<li>Night pain up 3 points on baseline</li>" in _row(body, "Nina")
    assert "<li>No diary for 6 days</li>" in _row(body, "Sam")
    assert "<li>No open alerts, no meaningful change, logging</li>" in _row(body, "Steady")


def test_a_row_shows_pain_the_change_with_its_direction_adherence_and_alerts(
    cast: Cast, ward: dict[str, Patient]
) -> None:
    body = browser_for(cast.carol).get("/clinic/").content.decode()
    nina = _row(body, "Nina")
    assert "<dt>At night</dt><dd>4</dd>" in nina
    assert '<span aria-hidden="true" class="arrow">↑</span>' in nina
    assert "Night pain up 3 points on baseline (meaningfully worse)" in nina
    assert "No sessions prescribed, last 4 complete weeks" in nina
    assert "<td>None</td>" in nina
    fallon = _row(body, "Fallon")
    assert "1 open, worst urgent" in fallon


def test_an_alert_other_than_a_fall_names_its_rule_and_first_day(cast: Cast) -> None:
    make_entries(cast.alice, 30)
    make_alert(cast.alice, rule="pain_spike", severity="high", days_ago=3)
    make_alert(cast.alice, rule="low_mood", severity="moderate", days_ago=0)
    body = browser_for(cast.carol).get("/clinic/").content.decode()
    row = _row(body, "Alice")
    assert "Sudden worsening of pain since 3 days ago (high), and 1 more open alert" in row
    assert "2 open, worst high" in row


def test_a_patient_without_any_diary_says_so(cast: Cast) -> None:
    body = browser_for(cast.carol).get("/clinic/").content.decode()
    assert "<li>No diary yet</li>" in _row(body, "Alice")
    assert "No baseline yet" in _row(body, "Alice")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("alerts=1", ["Fallon"]),
        ("quiet=1", ["Sam"]),
        ("q=NI", ["Nina"]),
        ("q=%EF%BC%AE%EF%BD%89%EF%BD%8E%EF%BD%81", ["Nina"]),  # "Nina" in full-width letters: NFKC
        ("q=zz", []),
        ("alerts=1&quiet=1", []),
        ("scope=nonsense", ["Fallon", "Nina", "Sam", "Alice", "Steady"]),
    ],
)
def test_filters_and_search(
    cast: Cast, ward: dict[str, Patient], query: str, expected: list[str]
) -> None:
    response = browser_for(cast.carol).get(f"/clinic/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert _names(body) == expected
    if not expected:
        assert "No patient matches these filters." in body


def test_my_patients_are_those_i_am_the_responsible_physiotherapist_of(cast: Cast) -> None:
    """ "The whole team" is every patient the access policy shows me; "my patients" those I
    lead (the longest-serving active clinician, who hears of alerts first)."""
    shared = make_patient("shared", clinicians=(cast.dave, cast.carol))
    mine = make_patient("mine", clinicians=(cast.carol, cast.dave))
    carol = browser_for(cast.carol)
    assert _names(carol.get("/clinic/?scope=team").content.decode()) == ["Alice", "Mine", "Shared"]
    assert _names(carol.get("/clinic/?scope=mine").content.decode()) == ["Alice", "Mine"]
    dave = browser_for(cast.dave)
    assert _names(dave.get("/clinic/?scope=mine").content.decode()) == ["Bob", "Shared"]
    assert shared.pk != mine.pk


def test_search_folds_case_and_compatibility_forms(cast: Cast) -> None:
    make_patient("zoe", clinicians=(cast.carol,), display_name="Zoë Ångström")
    client = browser_for(cast.carol)
    assert _names(client.get("/clinic/?q=ZOË").content.decode()) == ["Zoë Ångström"]
    assert _names(client.get("/clinic/?q=%EF%BD%9A%EF%BD%8F").content.decode()) == ["Zoë Ångström"]


def test_the_rows_poll_with_the_filters_kept(cast: Cast, ward: dict[str, Patient]) -> None:
    client = browser_for(cast.carol)
    page = client.get("/clinic/?alerts=1&q=fal").content.decode()
    assert 'hx-get="/clinic/rows/?alerts=1&amp;q=fal" hx-trigger="every 60s"' in page
    rows = client.get("/clinic/rows/?alerts=1&q=fal")
    assert "no-store" in rows["Cache-Control"]
    body = rows.content.decode()
    assert body.lstrip().startswith('<div id="caseload-results"')
    assert "<html" not in body
    assert _names(body) == ["Fallon"]
    # The header's unread count comes along out of band, so it is live too.
    assert (
        '<span class="count" id="unread-count" hx-swap-oob="true"><span class="badge">1</span>'
        in body
    )


def test_the_polling_interval_is_a_setting(cast: Cast, settings: Any) -> None:
    settings.HIPWELL_CLINIC_POLL_SECONDS = 2
    body = browser_for(cast.carol).get("/clinic/").content.decode()
    assert 'hx-trigger="every 2s"' in body


def _caseload_of(size: int) -> Any:
    clinician = make_clinician(f"lead{size}")
    for n in range(size):
        patient = make_patient(f"p{size}-{n}", clinicians=(clinician,))
        make_entries(patient, 21)
        if n % 3 == 0:
            make_alert(patient, rule="fall", severity="urgent")
        if n % 4 == 0:
            DiaryEntry.objects.filter(patient=patient, date__gt=days_ago(patient, 5)).delete()
    return browser_for(clinician)


@pytest.mark.parametrize("path", ["/clinic/", "/clinic/rows/", "/clinic/?alerts=1&q=p"])
def test_the_page_runs_the_same_queries_for_10_and_for_200_patients(db: None, path: str) -> None:
    def count(client: Any) -> int:
        client.get(path)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200
        return len(ctx)

    few, many = _caseload_of(10), _caseload_of(200)
    assert count(few) == count(many)
    assert len(_names(many.get("/clinic/").content.decode())) == 200


def test_changes_are_said_in_words_with_their_direction() -> None:
    from clinic.pages.triage import change_of

    walking = change_of("walking_distance_m", {"absolute": -976.4, "meaningful": True})
    assert walking is not None
    assert (walking.label, walking.words, walking.arrow) == (
        "Walking distance",
        "down 976 m on baseline",
        "↓",
    )
    assert walking.worse
    night = change_of("pain_night", {"absolute": -1.0, "meaningful": False})
    assert night is not None
    assert (night.words, night.worse) == ("down 1 point on baseline", False)
    same = change_of("pain_rest", {"absolute": 0.01, "meaningful": False})
    assert same is not None
    assert same.words == "no change on baseline"
    assert change_of("pain_rest", {"absolute": None}) is None
