"""Charts with the alert overlay and the visit report over HTTP (``clinic.charts_api``)."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

from tests.conftest import Cast, ClientFor
from tests.diaries.helpers import days_ago, make_entries, queries_at_10_and_365_days


@pytest.mark.parametrize(
    "path", ["charts/symptoms.png?days={days}", "charts/walking.svg?days={days}"]
)
def test_charts_run_the_same_queries_for_10_and_365_days(
    cast: Cast, client_for: ClientFor, path: str
) -> None:
    few, many = queries_at_10_and_365_days(cast, client_for, path)
    assert few == many


def test_the_chart_is_a_png_with_an_etag_and_a_matching_request_gets_304(
    cast: Cast, client_for: ClientFor
) -> None:
    make_entries(cast.alice, 60)
    client = client_for(cast.carol)
    url = f"/api/v1/patients/{cast.alice.pk}/charts/symptoms.png?days=90"
    response = client.get(url, HTTP_ACCEPT="image/png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert 10_000 < len(response.content) < 2_000_000
    assert response["Cache-Control"].startswith("private")
    etag = response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url)["ETag"] == etag  # derived from the data, not the clock


def test_a_304_does_not_render(
    cast: Cast, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_entries(cast.alice, 10)
    client = client_for(cast.carol)
    url = f"/api/v1/patients/{cast.alice.pk}/charts/walking.png"
    etag = client.get(url)["ETag"]

    def explode(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("rendered on a conditional hit")

    monkeypatch.setattr("diaries.charts.walking_chart", explode)
    monkeypatch.setattr("clinic.visuals.chart_input", explode)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_etag_changes_when_the_diary_changes(cast: Cast, client_for: ClientFor) -> None:
    make_entries(cast.alice, 10)
    url = f"/api/v1/patients/{cast.alice.pk}/charts/symptoms.svg"
    before = client_for(cast.carol).get(url)
    client_for(cast.alice_user).put(
        f"/api/v1/patients/me/diary/{days_ago(cast.alice, 0)}/", {"pain_rest": 9}, format="json"
    )
    after = client_for(cast.carol).get(url)
    assert before["ETag"] != after["ETag"]
    assert ET.fromstring(after.content).tag.endswith("svg")


@pytest.mark.parametrize(
    "path", ["charts/symptoms.gif", "charts/other.png", "charts/symptoms.png?days=0"]
)
def test_unknown_charts_are_404_or_400(cast: Cast, client_for: ClientFor, path: str) -> None:
    response = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/{path}")
    assert response.status_code in (400, 404)


def test_the_report_is_a_pdf_naming_the_patient_and_range(
    cast: Cast, client_for: ClientFor
) -> None:
    cast.alice.display_name = "Alice <Ampersand & Co>"
    cast.alice.save()
    make_entries(cast.alice, 40)
    start, end = days_ago(cast.alice, 29), days_ago(cast.alice, 0)
    response = client_for(cast.carol).get(
        f"/api/v1/patients/{cast.alice.pk}/report.pdf?from={start}&to={end}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Alice <Ampersand & Co>" in text
    assert start.isoformat() in text
    assert end.isoformat() in text
    assert "Weekly means" in text
    assert "Change against baseline" in text


@pytest.mark.parametrize("header", ["*", "W/{etag}", '"other", {etag}'])
def test_weak_and_wildcard_if_none_match_get_304(
    cast: Cast, client_for: ClientFor, header: str
) -> None:
    make_entries(cast.alice, 5)
    client = client_for(cast.carol)
    url = f"/api/v1/patients/{cast.alice.pk}/charts/walking.png"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=header.format(etag=etag)).status_code == 304
