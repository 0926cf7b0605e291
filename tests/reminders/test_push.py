"""Web Push against a local HTTP server standing in for the push service (no mocks)."""

from __future__ import annotations

import base64
import datetime
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from reminders import dispatch
from reminders.models import Delivery, PushSubscription
from tests.conftest import Cast, ClientFor

NOW = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
# A status that makes the stand-in push service hang up without answering.
DROP = 0


class PushService:
    """A tiny push service: answers each endpoint path with the status it was told to."""

    def __init__(self) -> None:
        self.statuses: dict[str, list[int]] = {}
        self.received: list[tuple[str, dict[str, str], bytes]] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                service.received.append((self.path, dict(self.headers), body))
                queue = service.statuses.get(self.path, [201])
                status = queue.pop(0) if len(queue) > 1 else queue[0]
                if status == DROP:
                    return  # close the connection without an answer
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", service.url("/redirected"))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        """Return the origin to configure as HIPWELL_PUSH_TEST_ORIGIN."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.origin + path


@pytest.fixture
def push_service(settings: Any) -> Iterator[PushService]:
    """Start the stand-in push service and allow plain HTTP to it, and only to it."""
    service = PushService()
    service.thread.start()
    settings.HIPWELL = {**settings.HIPWELL, "PUSH_TEST_ORIGIN": service.origin}
    yield service
    service.server.shutdown()
    service.server.server_close()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _browser_keys() -> dict[str, str]:
    """Return real subscription keys, as a browser makes them."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {"p256dh": _b64(public), "auth": _b64(os.urandom(16))}


def _subscribe(client_for: ClientFor, cast: Cast, endpoint: str) -> int:
    response = client_for(cast.alice_user).post(
        "/api/v1/push/subscriptions/",
        {"endpoint": endpoint, "keys": _browser_keys()},
        format="json",
    )
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def _push_delivery(cast: Cast) -> Delivery:
    return Delivery.objects.create(
        recipient=cast.alice_user, patient=cast.alice, channel="push", purpose="reminder",
        title="Time for a short break", body="Pause for 5 minutes.", dedupe_key="push:1",
        due_at=NOW, next_attempt_at=NOW, expires_at=NOW + datetime.timedelta(hours=1),
    )  # fmt: skip


def test_it_pushes_an_encrypted_message_with_vapid_and_a_ttl(
    cast: Cast, client_for: ClientFor, push_service: PushService
) -> None:
    _subscribe(client_for, cast, push_service.url("/sub/ok"))
    _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"sent": 1}
    path, headers, body = push_service.received[0]
    assert path == "/sub/ok"
    lowered = {name.lower(): value for name, value in headers.items()}
    assert lowered["ttl"] == "3600"
    assert lowered["authorization"].startswith("vapid t=")
    assert lowered["content-encoding"] == "aes128gcm"
    assert b"Pause for 5 minutes" not in body  # encrypted end to end


def test_a_410_deletes_the_subscription_and_the_delivery_is_done(
    cast: Cast, client_for: ClientFor, push_service: PushService
) -> None:
    _subscribe(client_for, cast, push_service.url("/sub/gone"))
    push_service.statuses["/sub/gone"] = [410]
    _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"sent": 1}
    assert not PushSubscription.objects.exists()


def test_a_429_is_retried_later_and_reaches_each_subscription_once(
    cast: Cast, client_for: ClientFor, push_service: PushService
) -> None:
    _subscribe(client_for, cast, push_service.url("/sub/busy"))
    _subscribe(client_for, cast, push_service.url("/sub/fine"))
    push_service.statuses["/sub/busy"] = [429, 201]
    _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"retry": 1}
    assert dispatch.dispatch_due(NOW + datetime.timedelta(minutes=2)) == {"sent": 1}
    paths = [path for path, _, _ in push_service.received]
    assert paths.count("/sub/fine") == 1
    assert paths.count("/sub/busy") == 2
    assert PushSubscription.objects.count() == 2


def test_a_5xx_is_retried(cast: Cast, client_for: ClientFor, push_service: PushService) -> None:
    _subscribe(client_for, cast, push_service.url("/sub/broken"))
    push_service.statuses["/sub/broken"] = [503]
    _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"retry": 1}


def test_the_vapid_public_key_is_served_and_stable(client_for: ClientFor, cast: Cast) -> None:
    first = client_for(cast.alice_user).get("/api/v1/push/vapid-public-key/").json()["public_key"]
    second = client_for(None).get("/api/v1/push/vapid-public-key/").json()["public_key"]
    assert first == second
    assert len(base64.urlsafe_b64decode(first + "==")) == 65


@pytest.mark.parametrize(
    "body",
    [{}, {"endpoint": "not a url", "keys": {"p256dh": "x", "auth": "y"}},
     {"endpoint": "https://push.example/1"}, {"endpoint": "ftp://push.example/1", "keys": {"p256dh": "x", "auth": "y"}}],
)  # fmt: skip
def test_bad_subscriptions_are_a_400(
    cast: Cast, client_for: ClientFor, body: dict[str, object]
) -> None:
    assert (
        client_for(cast.alice_user)
        .post("/api/v1/push/subscriptions/", body, format="json")
        .status_code
        == 400
    )


def test_a_user_deletes_only_their_own_subscription(cast: Cast, client_for: ClientFor) -> None:
    sub_id = _subscribe(client_for, cast, "https://fcm.googleapis.com/fcm/send/alice")
    assert (
        client_for(cast.bob.user).delete(f"/api/v1/push/subscriptions/{sub_id}/").status_code == 404
    )
    assert (
        client_for(cast.alice_user).delete(f"/api/v1/push/subscriptions/{sub_id}/").status_code
        == 204
    )


def test_an_unreachable_subscription_does_not_make_others_receive_twice(
    cast: Cast, client_for: ClientFor, push_service: PushService
) -> None:
    _subscribe(client_for, cast, push_service.url("/sub/fine"))
    _subscribe(client_for, cast, push_service.url("/sub/hangs-up"))
    push_service.statuses["/sub/hangs-up"] = [DROP]
    _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"retry": 1}
    dispatch.dispatch_due(NOW + datetime.timedelta(minutes=2))
    assert [path for path, _, _ in push_service.received].count("/sub/fine") == 1


@pytest.mark.parametrize(
    ("endpoint", "status"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc", 201),
        ("https://updates.push.services.mozilla.com/wpush/v2/abc", 201),
        ("https://web.push.apple.com/abc", 201),
        ("https://internal.example/admin", 400),
        ("http://fcm.googleapis.com/fcm/send/abc", 400),
        ("https://fcm.googleapis.com.evil.example/x", 400),
    ],
)
def test_outside_development_only_real_push_services_are_accepted(
    cast: Cast, client_for: ClientFor, settings: Any, endpoint: str, status: int
) -> None:
    response = client_for(cast.alice_user).post(
        "/api/v1/push/subscriptions/",
        {"endpoint": endpoint, "keys": _browser_keys()},
        format="json",
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    "keys", [{"p256dh": "zzz", "auth": "zz"}, {"p256dh": "AAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}]
)
def test_keys_that_are_not_a_browsers_are_a_400(
    cast: Cast, client_for: ClientFor, keys: dict[str, str]
) -> None:
    response = client_for(cast.alice_user).post(
        "/api/v1/push/subscriptions/",
        {"endpoint": "https://fcm.googleapis.com/x", "keys": keys},
        format="json",
    )
    assert response.status_code == 400
    assert "keys" in response.json()


def test_a_redirect_from_the_push_service_is_never_followed(
    cast: Cast, client_for: ClientFor, push_service: PushService
) -> None:
    _subscribe(client_for, cast, push_service.url("/sub/moved"))
    push_service.statuses["/sub/moved"] = [307]
    _push_delivery(cast)
    dispatch.dispatch_due(NOW)
    dispatch.dispatch_due(NOW + datetime.timedelta(minutes=5))
    assert [path for path, _, _ in push_service.received] == ["/sub/moved"]
