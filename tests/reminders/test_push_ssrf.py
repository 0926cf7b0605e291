"""Push endpoints cannot make the worker POST anywhere but a public push service."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from reminders import dispatch
from reminders.channels.pinned import PinnedSession
from reminders.models import Delivery, DeliveryStatus, PushSubscription
from tests.conftest import Cast, ClientFor
from tests.reminders.test_push import NOW, PushService, _browser_keys, _push_delivery

SUBSCRIBE = "/api/v1/push/subscriptions/"


def _post(client_for: ClientFor, cast: Cast, endpoint: str) -> int:
    response = client_for(cast.alice_user).post(
        SUBSCRIBE, {"endpoint": endpoint, "keys": _browser_keys()}, format="json"
    )
    return int(response.status_code)


@pytest.fixture
def local_server() -> Any:
    """A local HTTP server that is NOT the configured test origin (a victim, say)."""
    service = PushService()
    service.thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()


def test_with_default_settings_a_loopback_endpoint_is_refused_and_never_posted_to(
    cast: Cast, client_for: ClientFor, local_server: PushService
) -> None:
    assert _post(client_for, cast, local_server.url("/")) == 400
    # A row stored before the check existed (or by the admin) is refused at send time.
    subscription = PushSubscription.objects.create(
        user=cast.alice_user, endpoint=local_server.url("/"), **_browser_keys()
    )
    delivery = _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"failed": 1}
    assert local_server.received == []
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "refused" in delivery.last_error
    assert delivery.progress["push_refused"][0].startswith(f"subscription {subscription.pk}:")
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://127.0.0.1\\@fcm.googleapis.com/x",  # urlsplit and urllib3 disagree
        "https://fcm.googleapis.com\\@127.0.0.1/x",
        "https://user:pw@fcm.googleapis.com/x",
        "https://fcm.googleapis.com@127.0.0.1/x",
        "https://fcm.googleapis.com:8443/x",
        "https://fcm.googleapis.com:80/x",
        "http://fcm.googleapis.com/x",
        "https://fcm.googleapis.com/x\ty",
        "https://fcm.googleapis.com/x\x00",
        "https://fcm.googleapis.com/%0d%0a\r\nHost: evil",
        "https://fcm.googleapis.com./x",
        "https://fcm.googleapis.com.evil.example/x",
        "https://evilfcm.googleapis.com.example/x",
        "https://127.0.0.1/x",
        "https://[::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://169.254.169.254/latest/meta-data/",
        "https://fcm.googleapis.com/x#frag",
        "https://fcm.googl\u0435apis.com/x",  # a Cyrillic e
        "gopher://fcm.googleapis.com/x",
    ],
)
def test_it_refuses_endpoints_that_are_not_plainly_a_push_service(
    cast: Cast, client_for: ClientFor, endpoint: str
) -> None:
    assert _post(client_for, cast, endpoint) == 400
    assert not PushSubscription.objects.exists()


def test_the_test_origin_allows_plain_http_to_that_origin_only(
    cast: Cast, client_for: ClientFor, settings: Any, local_server: PushService
) -> None:
    settings.HIPWELL = {**settings.HIPWELL, "PUSH_TEST_ORIGIN": local_server.origin}
    port = local_server.server.server_address[1]
    assert _post(client_for, cast, f"http://127.0.0.1:{port + 1}/x") == 400
    assert _post(client_for, cast, f"http://localhost:{port}/x") == 400
    assert _post(client_for, cast, f"https://127.0.0.1:{port}/x") == 400
    assert _post(client_for, cast, local_server.url("/x")) == 201


def test_an_allowed_host_that_resolves_to_loopback_is_refused_at_send_time(
    cast: Cast, client_for: ClientFor, settings: Any
) -> None:
    settings.HIPWELL = {**settings.HIPWELL, "PUSH_ALLOWED_HOSTS": ["localhost"]}
    assert _post(client_for, cast, "https://localhost/fcm/send/x") == 201
    delivery = _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"failed": 1}
    delivery.refresh_from_db()
    assert "non-public address" in delivery.last_error
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "private",
    ["10.1.2.3", "::1", "::ffff:169.254.169.254", "fe80::1", "0.0.0.0", "fd00::1"],  # noqa: S104
)
def test_one_private_address_among_public_ones_is_enough_to_refuse(
    cast: Cast, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch, private: str
) -> None:
    assert _post(client_for, cast, "https://fcm.googleapis.com/fcm/send/x") == 201

    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        assert host == "fcm.googleapis.com"
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("142.250.1.95", port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (private, port, 0, 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"failed": 1}
    assert Delivery.objects.get().progress["push_refused"]


def test_a_name_that_does_not_resolve_now_is_retried_not_refused(
    cast: Cast, client_for: ClientFor, settings: Any
) -> None:
    settings.HIPWELL = {**settings.HIPWELL, "PUSH_ALLOWED_HOSTS": ["invalid"]}
    assert _post(client_for, cast, "https://push.invalid/x") == 201
    _push_delivery(cast)
    assert dispatch.dispatch_due(NOW) == {"retry": 1}
    assert PushSubscription.objects.exists()


def test_the_request_goes_to_the_checked_address_whatever_dns_says(
    local_server: PushService,
) -> None:
    # push.invalid resolves nowhere: only the pinned address can have been used, and
    # the URL's host name is still what the server sees.
    port = local_server.server.server_address[1]
    with PinnedSession("127.0.0.1") as session:
        response = session.post(f"http://push.invalid:{port}/pinned", data=b"x", timeout=5)
    assert response.status_code == 201
    path, headers, _ = local_server.received[0]
    assert path == "/pinned"
    assert headers["Host"] == f"push.invalid:{port}"
