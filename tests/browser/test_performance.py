"""Light on a phone: the first load's weight, and Today on a CPU slowed 4x.

Both numbers are printed (run with -s to see them) and stated in README.md. The
weight is asserted exactly (at most 100 KB gzip: it does not depend on the
machine). Time does: on a shared CI machine a fixed 2 s bound would fail for
reasons that are not the app's, so the test asserts a generous 6 s and prints
the figure; the README records what was measured."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import pytest

from pwa.shell import current_shell
from tests.browser.conftest import PHONE, App
from tests.factories import PASSWORD, make_patient

BUDGET_BYTES = 100 * 1024
# performance.now() counts from the navigation's start.
TODAY_VISIBLE = """() => {
    const heading = document.querySelector("main h1");
    const ready = heading && heading.textContent === "Today" && heading.checkVisibility();
    return ready ? performance.now() : false;
}"""
SHELL_TYPES = {"document", "script", "stylesheet", "image", "font", "manifest", "other"}


@pytest.fixture
def fresh(browser: Any, app: App) -> Iterator[Any]:
    """A phone context with nothing cached, signed in as alice through the API."""
    make_patient("alice")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, base_url=app.url)
    csrf = context.request.get("/api/v1/auth/csrf/").json()["csrf_token"]
    answer = context.request.post(
        "/api/v1/auth/session/",
        data={"username": "alice", "password": PASSWORD},
        headers={"X-CSRFToken": csrf, "Referer": app.at("/app/signin/")},
    )
    assert answer.status == 200, answer.text()
    yield context
    context.close()


def test_the_first_load_of_the_app_shell_weighs_at_most_100_kb(fresh: Any) -> None:
    loaded: list[tuple[str, str, int, int]] = []

    def record(response: Any) -> None:
        request = response.request
        path = response.url.split("//", 1)[1].split("/", 1)[1]
        if path.startswith("api/"):
            return  # patient data, not the shell
        body = response.body() if response.status == 200 else b""
        loaded.append((request.resource_type, "/" + path, len(body), len(gzip.compress(body, 9))))

    page = fresh.new_page()
    page.on("response", record)
    page.goto("/app/")
    page.get_by_role("heading", name="Today", level=1).wait_for()
    page.wait_for_load_state("networkidle")
    shell = [row for row in loaded if row[0] in SHELL_TYPES]
    total = sum(row[3] for row in shell)
    print(
        f"\nfirst load of the shell: {len(shell)} responses, {sum(r[2] for r in shell)} bytes, {total} bytes gzip"
    )
    for kind, path, raw, packed in sorted(shell, key=lambda row: -row[3]):
        print(f"  {packed:>7} gzip {raw:>7} raw  {kind:<10} {path}")
    assert {row[1] for row in shell} >= {"/app/", "/static/pwa/js/app.js", "/static/pwa/app.css"}
    assert total <= BUDGET_BYTES
    # Then, in the background, the service worker precaches the whole shell (every
    # screen and Learn page) for offline use: reported, not budgeted.
    precache = [
        len(gzip.compress(fresh.request.get(url).body(), 9)) for url in current_shell().urls
    ]
    print(f"then the service worker's precache: {len(precache)} files, {sum(precache)} bytes gzip")


def test_today_is_usable_quickly_with_the_cpu_slowed_4x(fresh: Any) -> None:
    page = fresh.new_page()
    cdp = fresh.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.goto("/app/", wait_until="commit")
    handle = page.wait_for_function(TODAY_VISIBLE, polling="raf", timeout=20_000)
    cold = handle.json_value()
    # The everyday case: the app opened before, its shell in the service worker's cache.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto("/app/", wait_until="commit")
    warm = page.wait_for_function(TODAY_VISIBLE, polling="raf", timeout=20_000).json_value()
    print(
        f"\nToday visible after navigation start, CPU 4x slower: {cold:.0f} ms cold, {warm:.0f} ms warm"
    )
    assert cold < 6000
    assert warm < 6000
