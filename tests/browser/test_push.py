"""Web Push from Settings: the permission is asked only by a tap on "Turn on
notifications", after the explanation; the subscription is stored through the API and
deleted when turned off; the service worker shows a push and a tap opens its link.

What is real here and what is not: headless Chromium has no push service. With the
notification permission granted, ``pushManager.permissionState()`` says "granted" but
``pushManager.subscribe()`` rejects with "AbortError: Registration failed - permission
denied". The first test drives that real path and checks what the person sees. The
second replaces only ``PushManager.prototype.subscribe``/``getSubscription`` (an init
script) with a stand-in subscription carrying real P-256 keys and an endpoint on the
tests' push origin (``HIPWELL_PUSH_TEST_ORIGIN``); everything else (permission prompt,
VAPID key, outbox, API, database, the worker's push and notificationclick handlers) is
the real thing. Pushes are delivered through the DevTools Protocol
(``ServiceWorker.deliverPushMessage``)."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from reminders.models import PushSubscription
from tests.browser.conftest import App, axe, idb_counts, shot
from tests.factories import PASSWORD, make_patient

PUSH_ORIGIN = "http://127.0.0.1:9"  # never contacted: nothing is sent to it in these tests

COUNT_PERMISSION_ASKS = """
(() => {
  if (!("Notification" in window)) return;
  window.__permissionAsks = 0;
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = (...args) => {
    window.__permissionAsks += 1;
    return ask(...args);
  };
})();
"""

STAND_IN_PUSH_SERVICE = """
((subscription) => {
  if (!("PushManager" in self)) return;
  // Like a browser's, the stand-in subscription outlives a page load (this tab's session).
  const KEY = "stand-in-push-subscription";
  const made = () => ({
    endpoint: subscription.endpoint,
    toJSON: () => subscription,
    unsubscribe: async () => {
      sessionStorage.removeItem(KEY);
      window.__unsubscribed += 1;
      return true;
    },
  });
  window.__subscribeCalls = [];
  window.__unsubscribed = 0;
  PushManager.prototype.subscribe = async function (options) {
    window.__subscribeCalls.push({
      userVisibleOnly: options.userVisibleOnly,
      keyBytes: new Uint8Array(options.applicationServerKey).length,
    });
    sessionStorage.setItem(KEY, "1");
    return made();
  };
  PushManager.prototype.getSubscription = async function () {
    return sessionStorage.getItem(KEY) ? made() : null;
  };
})(%s);
"""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _browser_subscription() -> dict[str, Any]:
    """A subscription as a browser makes one: real P-256 public key, 16-byte secret."""
    public = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {
        "endpoint": f"{PUSH_ORIGIN}/push/{_b64(os.urandom(8))}",
        "expirationTime": None,
        "keys": {"p256dh": _b64(public), "auth": _b64(os.urandom(16))},
    }


def _asks(page: Any) -> int:
    return int(page.evaluate("() => window.__permissionAsks"))


def _open_settings(page: Any) -> None:
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("heading", name="Settings", level=1).wait_for()
    page.get_by_role("heading", name="Notifications on this phone").wait_for()


def test_headless_chromium_asks_only_after_the_tap_and_says_when_it_cannot_subscribe(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    page.context.add_init_script(COUNT_PERMISSION_ASKS)
    page.context.grant_permissions(["notifications"])
    sign_in("alice", PASSWORD)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert _asks(page) == 0  # not on first load
    _open_settings(page)
    page.get_by_text("Notifications are off").wait_for()
    assert _asks(page) == 0  # not on opening Settings either
    page.get_by_role("button", name="Turn on notifications").click()
    page.get_by_role("alert").filter(
        has_text="This browser could not set up notifications"
    ).wait_for()
    assert _asks(page) == 1
    message = page.get_by_role("alert").filter(has_text="could not set up").inner_text()
    assert "AbortError: Registration failed - permission denied" in message
    assert "Reminders still arrive in your inbox." in message
    assert not PushSubscription.objects.exists()
    assert idb_counts(page)["outbox"] == 0
    shot(page, "settings-push-unavailable")


def test_turning_push_on_stores_the_subscription_and_off_deletes_it(
    page: Any, app: App, settings: Any, sign_in: Callable[[str, str], None]
) -> None:
    settings.HIPWELL = {**settings.HIPWELL, "PUSH_TEST_ORIGIN": PUSH_ORIGIN}
    alice = make_patient("alice")
    subscription = _browser_subscription()
    page.context.add_init_script(COUNT_PERMISSION_ASKS)
    page.context.add_init_script(STAND_IN_PUSH_SERVICE % json.dumps(subscription))
    page.context.grant_permissions(["notifications"])
    sign_in("alice", PASSWORD)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    _open_settings(page)
    # The explanation comes first, then the button; nothing was asked yet.
    section = page.get_by_role("region", name="Notifications on this phone")
    text = section.inner_text()
    assert text.index("even when the app is closed") < text.index("Turn on notifications")
    assert _asks(page) == 0
    axe(page)
    shot(page, "settings-push-off")

    page.get_by_role("button", name="Turn on notifications").click()
    section.get_by_text("Notifications are on").wait_for()
    assert _asks(page) == 1
    assert page.evaluate("() => window.__subscribeCalls") == [
        {"userVisibleOnly": True, "keyBytes": 65}
    ]
    stored = PushSubscription.objects.get()
    assert stored.user == alice.user
    assert stored.endpoint == subscription["endpoint"]
    assert (stored.p256dh, stored.auth) == (
        subscription["keys"]["p256dh"],
        subscription["keys"]["auth"],
    )
    assert idb_counts(page)["outbox"] == 0
    axe(page)
    shot(page, "settings-push-on")

    # A push for this phone: the worker shows it, and a tap opens its link in the app.
    cdp = page.context.new_cdp_session(page)
    registration = _registration_id(page, cdp, app)
    payload = {
        "title": "Time for your exercises",
        "body": "Glute bridges today.",
        "url": app.at("/app/inbox/"),
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": app.url, "registrationId": registration, "data": json.dumps(payload)},
    )
    [worker] = [w for w in page.context.service_workers if w.url.endswith("/app/sw.js")]
    shown = _shown_by_worker(page, worker)
    assert shown == [{"title": payload["title"], "body": payload["body"], "url": payload["url"]}]
    worker.evaluate(
        """async () => {
            const [notification] = await self.registration.getNotifications();
            self.dispatchEvent(new NotificationEvent("notificationclick", { notification }));
        }"""
    )
    page.wait_for_url(app.at("/app/inbox/"))
    page.get_by_role("heading", name="Inbox", level=1).wait_for()

    # Off: the browser unsubscribes and the server forgets the subscription.
    _open_settings(page)
    page.get_by_role("button", name="Turn off notifications").click()
    page.get_by_text("Notifications are off").wait_for()
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    assert page.evaluate("() => window.__unsubscribed") == 1
    assert not PushSubscription.objects.exists()
    assert _asks(page) == 0  # since the tap's page load: turning off asks nothing


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


def _shown_by_worker(page: Any, worker: Any) -> list[dict[str, Any]]:
    """The notifications as the worker itself sees them, once there is one."""
    for _ in range(100):
        shown = worker.evaluate(
            """async () => (await self.registration.getNotifications())
                .map((n) => ({ title: n.title, body: n.body, url: n.data && n.data.url }))"""
        )
        if shown:
            return list(shown)
        page.wait_for_timeout(50)
    raise AssertionError("the service worker showed no notification")
