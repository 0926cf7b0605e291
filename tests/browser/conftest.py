"""Browser tests: Playwright from pip driving Debian's Chromium against a live server.

How it fits together (see pwa/README.md, "How to write a browser test"):

* One Chromium per session (``browser``), a fresh context per test (``phone``: 390x844,
  touch, service workers allowed), so tests share nothing but the browser process.
* The live server is pytest-django's ``live_server`` on http://localhost:<port>
  (a secure origin, so service workers work), in this process, on the transactional
  test database: rows a test creates are visible to the server and gone afterwards.
* Clock: the suite's fixed clock (tests/conftest.py) is process-wide, so the live
  server runs on it too; the browser's clock is set to the same instant and ticks
  on, so "today" is the same day in the page and on the server.
* Every test fails on an uncaught page error or a Content-Security-Policy violation.
* ``axe(page)`` runs axe-core (vendored in tests/browser/vendor/) in the page and
  fails on serious or critical violations; ``shot(page, name)`` saves
  var/screenshots/app/<name>.png for people to look at.
* No /usr/bin/chromium: the tests are skipped with the reason, except under CI=true,
  where a missing browser fails them (CI must run them).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

CHROMIUM = Path(os.environ.get("HIPWELL_CHROMIUM", "/usr/bin/chromium"))
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AXE = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots" / "app"
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -r requirements-dev.txt)")
    # Playwright's sync API keeps an asyncio loop running in this thread for the
    # session; Django refuses database calls beside a running loop unless told that
    # this thread is not really async (it is not: Playwright's loop only waits).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _live_database(transactional_db: None) -> None:
    """The live server runs in another thread: only a committed row is visible to it."""


@dataclass
class App:
    """The app under test: its server's URL and the page problems seen so far."""

    url: str
    problems: list[str] = field(default_factory=list)

    def at(self, path: str) -> str:
        return self.url + path


@pytest.fixture
def app(live_server: Any) -> App:
    return App(url=live_server.url)


@pytest.fixture
def phone(browser: Any, app: App) -> Iterator[Any]:
    """A phone-sized browser context on the live server (service workers allowed)."""
    context = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        service_workers="allow",
        base_url=app.url,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(10_000)
    # The page's clock starts where the server's (fixed) clock is now, and ticks on.
    context.clock.install(time=timezone.now())
    yield context
    context.close()
    assert not app.problems, "the page reported problems:\n" + "\n".join(app.problems)


@pytest.fixture
def page(phone: Any, app: App) -> Any:
    """A page in the phone context that records uncaught errors and CSP violations."""
    page = phone.new_page()
    page.on("pageerror", lambda error: app.problems.append(f"uncaught: {error}"))

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            app.problems.append(f"CSP: {message.text}")

    page.on("console", on_console)
    return page


def axe(page: Any, *, context: str = "body") -> None:
    """Fail on serious or critical axe-core violations in the page as it is now."""
    # evaluate() runs through the DevTools Protocol, which the page's CSP does not govern.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        """async (context) => {
            const result = await axe.run(context, { resultTypes: ["violations"] });
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
            }));
        }""",
        context,
    )
    serious = [v for v in results if v["impact"] in ("serious", "critical")]
    assert not serious, "axe found serious or critical violations:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in serious
    )


def shot(page: Any, name: str) -> Path:
    """Save a full-page screenshot to var/screenshots/app/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def controlled(page: Any) -> None:
    """Wait until the app's service worker controls the page (it can then go offline)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def idb_counts(page: Any) -> dict[str, int]:
    """How many records each store of the app's IndexedDB holds (none: empty dict)."""
    return page.evaluate(
        """async () => {
            const names = (await indexedDB.databases()).map((d) => d.name);
            if (!names.includes("hipwell")) return {};
            const db = await new Promise((ok, ko) => {
                const open = indexedDB.open("hipwell");
                open.onsuccess = () => ok(open.result);
                open.onerror = () => ko(open.error);
            });
            const counts = {};
            for (const store of db.objectStoreNames) {
                counts[store] = await new Promise((ok) => {
                    const req = db.transaction(store).objectStore(store).count();
                    req.onsuccess = () => ok(req.result);
                });
            }
            db.close();
            return counts;
        }"""
    )


@pytest.fixture
def sign_in(page: Any) -> Callable[[str, str], None]:
    """Sign in through the sign-in screen and wait for Today."""

    def run(username: str, password: str) -> None:
        page.goto("/app/signin/")
        page.get_by_label("User name").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("heading", name="Today", level=1).wait_for()

    return run


# The clinician pages (clinic/): a desktop (1280x800) or a tablet (820x1180) page.
# Use ``clinic_page`` (desktop), or both sizes with
# ``@pytest.mark.parametrize("clinic_page", ["desktop", "tablet"], indirect=True)``.
CLINIC_VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "tablet": {"width": 820, "height": 1180},
}
CLINIC_SCREENSHOTS = ROOT / "var" / "screenshots" / "clinic"


@pytest.fixture
def clinic_page(request: pytest.FixtureRequest, browser: Any, app: App) -> Iterator[Any]:
    """A page for the clinician pages, recording uncaught errors and CSP violations."""
    kind = getattr(request, "param", "desktop")
    context = browser.new_context(
        viewport=CLINIC_VIEWPORTS[kind],
        has_touch=kind == "tablet",
        base_url=app.url,
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(10_000)
    context.clock.install(time=timezone.now())
    page = context.new_page()
    page.clinic_viewport = kind
    page.on("pageerror", lambda error: app.problems.append(f"uncaught: {error}"))

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            app.problems.append(f"CSP: {message.text}")

    page.on("console", on_console)
    yield page
    context.close()
    assert not app.problems, "the page reported problems:\n" + "\n".join(app.problems)


def clinic_shot(page: Any, name: str) -> Path:
    """Save var/screenshots/clinic/<name>-<desktop|tablet>.png."""
    CLINIC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = CLINIC_SCREENSHOTS / f"{name}-{getattr(page, 'clinic_viewport', 'desktop')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def clinic_sign_in(page: Any, username: str, password: str) -> None:
    """Sign in at /clinic/signin/ and wait for the caseload."""
    page.goto("/clinic/signin/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Caseload", level=1).wait_for()
