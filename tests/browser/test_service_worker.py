"""The service worker: offline navigation, push notifications and the update prompt."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from pwa import views
from pwa.shell import Shell, current_shell
from tests.browser.conftest import App, axe, controlled, shot
from tests.factories import PASSWORD, make_patient


def test_offline_any_app_route_opens_from_the_cached_shell(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    sign_in("alice", PASSWORD)
    controlled(page)
    page.context.set_offline(True)
    # Never visited: the worker answers the navigation with the cached shell.
    page.goto("/app/progress/")
    page.get_by_role("heading", name="Progress", level=1).wait_for()
    page.get_by_text("You are offline.").wait_for()
    # A page outside the app's routes falls back to the same shell, which says so.
    page.goto("/app/no-such-screen/")
    page.get_by_role("heading", name="Page not found").wait_for()
    axe(page)
    shot(page, "offline-not-found")


def test_the_offline_page_is_cached_and_passes_axe(page: Any) -> None:
    page.goto("/app/signin/")
    controlled(page)
    page.goto("/app/offline/")
    page.get_by_role("heading", name="You are offline").wait_for()
    axe(page)
    shot(page, "offline-page")


def _notifications(page: Any) -> list[dict[str, Any]]:
    """The notifications the app's worker shows, once there is at least one."""
    for _ in range(100):
        shown = page.evaluate(
            """async () => (await (await navigator.serviceWorker.ready).getNotifications())
                .map((n) => ({ title: n.title, body: n.body, data: n.data }))"""
        )
        if shown:
            return shown
        page.wait_for_timeout(50)
    raise AssertionError("no notification was shown")


def _registration_id(page: Any, cdp: Any, app: App) -> str:
    found: dict[str, str] = {}

    def seen(event: dict[str, Any]) -> None:
        for registration in event["registrations"]:
            if registration["scopeURL"] == app.at("/app/") and not registration["isDeleted"]:
                found["id"] = registration["registrationId"]

    cdp.on("ServiceWorker.workerRegistrationUpdated", seen)
    cdp.send("ServiceWorker.enable")
    for _ in range(100):  # the events arrive while Playwright's loop runs
        if "id" in found:
            return found["id"]
        page.wait_for_timeout(50)
    raise AssertionError("the service worker registration was not reported")


def test_a_push_shows_a_notification_and_a_tap_opens_its_link(
    page: Any, app: App, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    page.context.grant_permissions(["notifications"])
    sign_in("alice", PASSWORD)
    controlled(page)
    cdp = page.context.new_cdp_session(page)
    registration = _registration_id(page, cdp, app)
    # Headless Chromium has no push service: deliver the push through the DevTools
    # Protocol, with the payload reminders/channels/push.py sends.
    payload = {
        "title": "Time for your diary",
        "body": "How was your hip today?",
        "url": app.at("/app/inbox/"),
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": app.url, "registrationId": registration, "data": json.dumps(payload)},
    )
    [shown] = _notifications(page)
    assert shown == {
        "title": payload["title"],
        "body": payload["body"],
        "data": {"url": payload["url"]},
    }
    # A tap: the worker's notificationclick handler, given the real notification.
    [worker] = [w for w in page.context.service_workers if w.url.endswith("/app/sw.js")]
    worker.evaluate(
        """async () => {
            const [notification] = await self.registration.getNotifications();
            self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
        }"""
    )
    page.wait_for_url(app.at("/app/inbox/"))
    page.get_by_role("heading", name="Inbox", level=1).wait_for()


def test_a_push_link_to_another_site_opens_the_app_instead(
    page: Any, app: App, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    page.context.grant_permissions(["notifications"])
    sign_in("alice", PASSWORD)
    controlled(page)
    cdp = page.context.new_cdp_session(page)
    registration = _registration_id(page, cdp, app)
    payload = {"title": "Hipwell", "body": "A message", "url": "https://elsewhere.example/phish"}
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": app.url, "registrationId": registration, "data": json.dumps(payload)},
    )
    [shown] = _notifications(page)
    assert shown["data"] == {"url": app.at("/app/")}


def test_a_new_version_waits_until_the_person_reloads(
    page: Any, monkeypatch: pytest.MonkeyPatch, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    sign_in("alice", PASSWORD)
    controlled(page)
    first = page.evaluate(
        "async () => (await caches.keys()).filter((n) => n.startsWith('hipwell-shell-'))"
    )
    # A new release: any shell file changes, so the served worker's digest does.
    shell = current_shell()
    monkeypatch.setattr(
        views, "current_shell", lambda: Shell(shell.version, "0123456789ab", shell.urls)
    )
    page.evaluate("async () => (await navigator.serviceWorker.getRegistration()).update()")
    banner = page.get_by_role("status").filter(has_text="A new version of Hipwell is ready.")
    banner.wait_for(timeout=30_000)  # the new worker precaches the whole shell first
    axe(page)
    shot(page, "update-ready")
    # Reload: the waiting worker takes over, and the page reloads once under it.
    with page.expect_navigation(timeout=30_000):
        page.get_by_role("button", name="Reload").click()
    page.get_by_role("heading", name="Today", level=1).wait_for(timeout=30_000)
    for _ in range(100):  # the new worker's activate step removes the old cache
        names = page.evaluate("async () => await caches.keys()")
        if names == [name for name in names if name.endswith("-0123456789ab")]:
            break
        page.wait_for_timeout(50)
    assert not banner.is_visible()
    after = page.evaluate(
        "async () => (await caches.keys()).filter((n) => n.startsWith('hipwell-shell-'))"
    )
    assert after != first
    assert len(after) == 1  # the old version's cache is gone
