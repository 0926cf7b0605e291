"""Learn: the list from index.json, a page's fragment inserted under one <h1>, the
red-flag care cards, offline reading from the service worker's precache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.browser.conftest import axe, shot
from tests.factories import PASSWORD, make_patient

INDEX = Path(__file__).resolve().parents[2] / "pwa" / "static" / "pwa" / "learn" / "index.json"


def test_the_list_and_a_page_read_online_and_offline(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    pages = json.loads(INDEX.read_text())["pages"]
    sign_in("alice", PASSWORD)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Learn about your hip").click()
    page.get_by_role("heading", name="Learn about your hip", level=1).wait_for()
    links = page.locator(".learn-list h2 a")
    links.first.wait_for()
    assert links.all_inner_texts() == [p["title"] for p in pages]
    assert page.get_by_text(pages[0]["summary"]).is_visible()
    axe(page)
    shot(page, "learn")

    page.get_by_role("link", name="Red flags: when to get help").click()
    page.get_by_role("heading", name="Red flags: when to get help", level=1).wait_for()
    page.get_by_role("heading", name="Get urgent care now").wait_for()
    assert page.url.endswith("/app/learn/red-flags/")
    # One <h1>; the fragment's own title heading is not repeated under it.
    assert page.locator("main h1").count() == 1
    assert page.locator("main h2", has_text="Red flags: when to get help").count() == 0
    assert page.locator(".learn-page .care-card--urgent").is_visible()
    axe(page)
    shot(page, "learn-red-flags")

    # Offline: the pages come from the service worker's precache.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.get_by_role("link", name="All Learn pages").click()
    page.get_by_role("link", name="Activity pacing").click()
    page.get_by_role("heading", name="What pacing means").wait_for()
    page.goto("/app/learn/aquatic-therapy/")
    page.get_by_role("heading", name="Aquatic therapy", level=1).wait_for()
    page.locator(".learn-page p").first.wait_for()
    assert page.locator(".learn-page p").count() > 2
    assert page.locator(".learn-next").inner_text() == "Next: Red flags: when to get help"


def test_an_unknown_page_says_so(page: Any, sign_in: Callable[[str, str], None]) -> None:
    make_patient("alice")
    sign_in("alice", PASSWORD)
    page.goto("/app/learn/no-such-page/")
    page.get_by_role("heading", name="Page not found", level=1).wait_for()
    page.get_by_role("link", name="See all Learn pages").click()
    page.get_by_role("heading", name="Learn about your hip", level=1).wait_for()
