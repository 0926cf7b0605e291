"""Progress: the API's trend charts with alt text made from the trends, a 30/90-day
switch, revalidation through the browser's HTTP cache (ETag), goals with milestones
and adherence by week as a table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.browser.conftest import axe, shot
from tests.browser.seeded import seed_patient
from tests.factories import PASSWORD


def _open_progress(page: Any) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Progress", level=1).wait_for()


def _charts_loaded(page: Any) -> None:
    page.wait_for_function(
        """() => {
            const images = [...document.querySelectorAll("figure.chart img")];
            return images.length === 2 && images.every((img) => img.complete && img.naturalWidth > 0);
        }"""
    )


def test_charts_goals_and_adherence(page: Any, sign_in: Callable[[str, str], None]) -> None:
    seed_patient()
    charts: list[dict[str, Any]] = []

    def seen(response: Any) -> None:
        if "/charts/" in response.url:
            charts.append(
                {
                    "url": response.url.split("/api/v1/")[1],
                    "status": response.status,
                    "etag": response.headers.get("etag"),
                    "if_none_match": response.request.header_value("if-none-match"),
                }
            )

    page.on("response", seen)
    sign_in("alice", PASSWORD)
    _open_progress(page)
    _charts_loaded(page)
    symptoms = page.get_by_role(
        "img", name="Chart of symptom scores from 20 Oct to 18 Nov", exact=False
    )
    alt = symptoms.get_attribute("alt") or ""
    assert (
        "pain at rest 1.7 out of 10 over the last 7 days, down from 5.6 at the start, a real improvement"
        in alt
    )
    assert "stiffness 4 out of 10 over the last 7 days, the same as at the start (4)" in alt
    walking = page.get_by_role("img", name="Chart of comfortable walking distance", exact=False)
    assert (
        "785 metres on average over the last 7 days, against 465 metres at the start, a real improvement"
        in (walking.get_attribute("alt") or "")
    )
    assert {c["url"] for c in charts} == {
        "patients/me/charts/symptoms.png?days=30",
        "patients/me/charts/walking.png?days=30",
    }

    goals = page.locator("li.goal")
    assert goals.count() == 2
    night = goals.filter(has_text="Night pain")
    assert "Reached" in night.locator(".goal-status").inner_text()
    assert night.locator(".milestones .reached").count() == 4
    walk = goals.filter(has_text="walking distance")
    assert walk.get_by_role("progressbar", name="Progress").get_attribute("value") == "64"
    assert walk.locator(".milestones .reached").count() == 2
    assert "50%, reached" in walk.locator(".milestones").inner_text().replace("\n", " ").replace(
        " , ", ", "
    )

    table = page.get_by_role("table", name="Exercise sessions done each week, newest first")
    rows = table.locator("tbody tr")
    assert rows.count() == 8
    cells = [
        [" ".join(c.split()) for c in rows.nth(n).locator("th, td").all_inner_texts()]
        for n in (0, 1)
    ]
    assert cells == [["16 Nov (this week, so far)", "1", "5", "20%"], ["9 Nov", "4", "5", "80%"]]
    axe(page)
    shot(page, "progress")

    # 90 days: both charts asked again, with their own range.
    page.get_by_role("button", name="Last 90 days").click()
    page.get_by_role(
        "img", name="Chart of symptom scores from 21 Aug to 18 Nov", exact=False
    ).wait_for()
    _charts_loaded(page)
    assert page.get_by_role("button", name="Last 90 days").get_attribute("aria-pressed") == "true"
    assert "patients/me/charts/walking.png?days=90" in {c["url"] for c in charts}

    # A reload revalidates from the browser's HTTP cache: the same URLs, sent with the
    # ETag each first came with (Chromium reports the server's 304 as the cached 200).
    etags: dict[str, str] = {}
    for chart in charts:
        if chart["url"].endswith("?days=30") and chart["etag"]:
            etags.setdefault(chart["url"], chart["etag"])
    assert len(etags) == 2, charts
    charts.clear()
    page.reload()
    page.get_by_role("heading", name="Progress", level=1).wait_for()
    _charts_loaded(page)

    def revalidations() -> dict[str, str]:
        return {c["url"]: c["if_none_match"] for c in charts if c["url"].endswith("?days=30")}

    # Response events reach Python after the images load: wait for both (bounded).
    for _ in range(50):
        if len(revalidations()) == len(etags):
            break
        page.wait_for_timeout(100)
    # Every chart request after the reload carries the ETag it first came with. (A
    # chart the browser served from its memory cache without asking is cached too.)
    for url, sent in revalidations().items():
        assert sent == etags[url], charts
    for url, etag in etags.items():
        answer = page.request.get(f"/api/v1/{url}", headers={"If-None-Match": etag})
        assert answer.status == 304
