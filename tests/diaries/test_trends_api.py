"""Trends over HTTP, and the diary reads' query counts (charts and the report: tests/clinic)."""

from __future__ import annotations

import pytest

from diaries.models import DiaryEntry
from tests.conftest import Cast, ClientFor
from tests.diaries.helpers import days_ago, make_entries, queries_at_10_and_365_days


def test_trends_report_baseline_and_meaningful_change(cast: Cast, client_for: ClientFor) -> None:
    make_entries(cast.alice, 30, pain_activity=3)
    DiaryEntry.objects.filter(patient=cast.alice, date__gte=days_ago(cast.alice, 6)).update(
        pain_activity=6
    )
    body = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/trends/?days=30").json()
    assert len(body["dates"]) == 30
    assert body["baseline"]["values"]["pain_activity"] == 3
    change = body["change"]["pain_activity"]
    assert change["current"] == 6
    assert change["meaningful"] is True
    assert body["change"]["pain_rest"]["meaningful"] is False


@pytest.mark.parametrize("days", ["0", "-3", "abc", "100000"])
def test_bad_days_are_a_400(cast: Cast, client_for: ClientFor, days: str) -> None:
    response = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/trends/?days={days}")
    assert response.status_code == 400
    assert "days" in response.json()


@pytest.mark.parametrize(
    "path", ["trends/?days={days}", "diary/?from={start}&to={end}", "diary/changes/"]
)
def test_reads_run_the_same_queries_for_10_and_365_days(
    cast: Cast, client_for: ClientFor, path: str
) -> None:
    few, many = queries_at_10_and_365_days(cast, client_for, path)
    assert few == many
