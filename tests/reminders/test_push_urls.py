"""The pure checks behind push endpoints: the HTTP client's parser, public addresses."""

from __future__ import annotations

import pytest

from reminders.push_urls import (
    PushEndpointRefused,
    is_public_address,
    parse_push_endpoint,
    refused_address,
)

ALLOWED = ["fcm.googleapis.com", "push.services.mozilla.com"]


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc", "fcm.googleapis.com"),
        ("https://FCM.googleapis.com:443/x", "fcm.googleapis.com"),
        ("https://updates.push.services.mozilla.com/wpush/v2/a?b=c", "updates.push.services.mozilla.com"),
    ],
)  # fmt: skip
def test_it_accepts_push_services_on_https(url: str, host: str) -> None:
    target = parse_push_endpoint(url, allowed_hosts=ALLOWED)
    assert (target.scheme, target.host, target.port, target.is_test_origin) == (
        "https", host, 443, False,
    )  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1\\@fcm.googleapis.com/x",
        "https://a@fcm.googleapis.com/x",
        "https://fcm.googleapis.com:444/x",
        "https://fcm.googleapis.com /x",
        "https://fcm.googleapis.com/\x7f",
        "https://fcm.googleapis.com/é",
        "http://fcm.googleapis.com/x",
        "https:///x",
        "fcm.googleapis.com/x",
        "",
    ],
)
def test_it_refuses_the_rest(url: str) -> None:
    with pytest.raises(PushEndpointRefused):
        parse_push_endpoint(url, allowed_hosts=ALLOWED)


def test_the_test_origin_must_match_scheme_host_and_port() -> None:
    origin = "http://127.0.0.1:8025"
    assert parse_push_endpoint("http://127.0.0.1:8025/a", allowed_hosts=[], test_origin=origin)
    for url in ("http://127.0.0.1:8026/a", "https://127.0.0.1:8025/a", "http://localhost:8025/a"):
        with pytest.raises(PushEndpointRefused):
            parse_push_endpoint(url, allowed_hosts=[], test_origin=origin)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("142.250.1.95", True), ("2a00:1450:4001::200e", True),
        ("127.0.0.1", False), ("10.0.0.1", False), ("172.16.0.1", False),
        ("192.168.1.1", False), ("169.254.169.254", False), ("100.64.0.1", False),
        ("0.0.0.0", False), ("224.0.0.1", False), ("240.0.0.1", False),  # noqa: S104
        ("255.255.255.255", False), ("::1", False), ("::", False), ("fe80::1%eth0", False),
        ("fc00::1", False), ("ff02::1", False), ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False), ("64:ff9b::a00:1", False),
        ("not an address", False),
    ],
)  # fmt: skip
def test_only_public_addresses_are_public(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_every_address_of_a_name_must_be_public() -> None:
    assert refused_address(["142.250.1.95", "2a00:1450:4001::200e"]) is None
    assert refused_address(["142.250.1.95", "127.0.0.1"]) == "127.0.0.1"
    assert refused_address([]) == "(none)"
