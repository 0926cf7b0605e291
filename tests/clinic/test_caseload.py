"""The caseload: one row a patient of the clinician, most urgent first, in fixed queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clinic.caseload import CaseloadRow, most_urgent_first
from patients.models import CareTeamMembership
from reminders import rules
from reminders.models import Alert, Severity
from tests.access import CALLERS, Row, assert_access
from tests.conftest import Cast, ClientFor
from tests.diaries.helpers import make_entries
from tests.factories import make_patient

URL = "/api/v1/caseload/"


def _alert(cast: Cast, severity: str, rule: str = "fall") -> None:
    Alert.objects.create(
        patient=cast.alice, rule=rule, severity=severity, reason="r", evidence={},
        diary_date=timezone.now().date(),
    )  # fmt: skip


def test_a_clinician_sees_only_their_caseload(cast: Cast, client_for: ClientFor) -> None:
    body = client_for(cast.carol).get(URL).json()
    assert [row["patient"]["id"] for row in body] == [cast.alice.pk]
    assert set(body[0]) >= {"patient", "last_entry_date", "means_7d", "change", "adherence",
                            "open_alerts", "worst_open_severity"}  # fmt: skip


@pytest.mark.parametrize("caller", CALLERS)
def test_access(cast: Cast, client_for: ClientFor, caller: str) -> None:
    expected = dict.fromkeys(CALLERS, 403) | {
        "clinician": 200,
        "other_clinician": 200,
        "anonymous": 401,
    }
    assert_access(Row("GET", URL, expected), caller, cast, client_for)


def test_the_most_urgent_patient_comes_first(cast: Cast, client_for: ClientFor) -> None:
    quiet = make_patient("quinn", clinicians=(cast.carol,))
    make_entries(quiet, 20)
    make_entries(cast.alice, 20)
    _alert(cast, "urgent")
    _alert(cast, "moderate", rule="new_limp")
    body = client_for(cast.carol).get(URL).json()
    assert body[0]["patient"]["id"] == cast.alice.pk
    assert (body[0]["open_alerts"], body[0]["worst_open_severity"]) == (2, "urgent")
    assert body[1]["open_alerts"] == 0


def test_the_change_against_baseline_is_reported(cast: Cast, client_for: ClientFor) -> None:
    make_entries(cast.alice, 30, pain_activity=2)
    from diaries.models import DiaryEntry
    from diaries.selectors import patient_today

    recent = patient_today(cast.alice) - datetime.timedelta(days=6)
    DiaryEntry.objects.filter(patient=cast.alice, date__gte=recent).update(pain_activity=6)
    row = client_for(cast.carol).get(URL).json()[0]
    assert row["means_7d"]["pain_activity"] == 6
    assert row["change"]["pain_activity"]["meaningful"] is True
    assert row["change"]["pain_activity"]["baseline"] == 2


def test_the_caseload_and_the_trends_judge_meaningful_change_alike(
    cast: Cast, client_for: ClientFor
) -> None:
    from diaries.models import DiaryEntry
    from tests.diaries.helpers import days_ago

    make_entries(cast.alice, 30, pain_rest=1, pain_activity=3, walking_distance_m=300)
    recent = DiaryEntry.objects.filter(patient=cast.alice, date__gte=days_ago(cast.alice, 6))
    recent.update(pain_activity=4, stiffness=5, walking_distance_m=210)
    recent.filter(date__gte=days_ago(cast.alice, 3)).update(pain_rest=2)  # 1 -> 1.57
    expected = {
        "pain_rest": False,  # +57 % but 0.57 points
        "pain_activity": True,  # +33 % and 1 point
        "stiffness": True,  # 2 points
        "walking_distance_m": False,  # -30 % but 90 m
        "pain_night": False,
    }
    row = client_for(cast.carol).get(URL).json()[0]
    trends = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/trends/?days=30")
    for metric, meaningful in expected.items():
        assert row["change"][metric]["meaningful"] is meaningful, metric
        assert trends.json()["change"][metric]["meaningful"] is meaningful, metric


def test_the_caseload_runs_the_same_queries_for_few_and_many_patients(
    cast: Cast, client_for: ClientFor
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client_for(cast.carol).get(URL).status_code == 200
        return len(ctx)

    make_entries(cast.alice, 30)
    few = count()
    for n in range(12):
        patient = make_patient(f"p{n}", clinicians=(cast.carol,), timezone="Asia/Tokyo")
        make_entries(patient, 30)
    # A clinician-set baseline window takes another path; it must not add queries per patient.
    windowed = make_patient("w", clinicians=(cast.carol,))
    make_entries(windowed, 30)
    windowed.baseline_start = windowed.baseline_end = timezone.now().date() - datetime.timedelta(
        days=20
    )
    windowed.save()
    assert CareTeamMembership.objects.filter(clinician=cast.carol).count() == 14
    assert count() <= few + 1  # the window query runs once, for all windowed patients


def test_ordering_breaks_ties_by_silence() -> None:
    today = datetime.date(2026, 3, 1)

    def row(name: str, last: datetime.date | None) -> CaseloadRow:
        return CaseloadRow(1, name, last, today, {}, {}, None, 0, None)

    ordered = most_urgent_first(
        [row("a", today), row("b", None), row("c", today - datetime.timedelta(days=9))]
    )
    assert [r.display_name for r in ordered] == ["b", "c", "a"]


def _severity_row(name: str, severity: str | None) -> CaseloadRow:
    today = datetime.date(2026, 3, 1)
    return CaseloadRow(1, name, today, today, {}, {}, None, 1 if severity else 0, severity)


def test_the_caseload_orders_severities_as_the_red_flag_rules_rank_them() -> None:
    rows = [_severity_row(str(s), s) for s in ("moderate", None, "urgent", "high")]
    by_rules = sorted(Severity.values, key=rules.SEVERITY_ORDER.__getitem__, reverse=True)
    assert [r.worst_open_severity for r in most_urgent_first(rows)] == [*by_rules, None]


def test_the_caseload_reads_the_one_severity_ranking(monkeypatch: pytest.MonkeyPatch) -> None:
    # Reversing the rules' ranking must reverse the caseload: no second copy decides.
    monkeypatch.setattr(rules, "SEVERITY_ORDER", {"urgent": 1, "high": 2, "moderate": 3})
    rows = [_severity_row(s, s) for s in ("urgent", "moderate", "high")]
    ordered = [r.worst_open_severity for r in most_urgent_first(rows)]
    assert ordered == ["moderate", "high", "urgent"]


def test_every_stored_severity_has_a_rank() -> None:
    assert set(Severity.values) == set(rules.SEVERITY_ORDER)
