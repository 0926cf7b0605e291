"""No request, however malformed, produces a 500: every API route against nasty input."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import Cast, ClientFor

NASTY_BODIES: list[object] = [
    None, [], "text", 12, {}, {"a": None}, [{"b": 1}],
    {"pain_rest": "x" * 10_000, "times": ["25:99"], "weekdays": "all", "items": [{"exercise": None}]},
    {"kind": "pacing", "every_minutes": 10**30, "window": [None, None]},
    {"display_name": "\x00", "timezone": "\u202e", "quiet_hours": [[], {}]},
    {"endpoint": "https://push.example/x", "keys": "none"},
    {"overrides": {"pain_spike_delta": 10**40}},
    {"invite_code": ["x"], "username": {"a": 1}, "password": None},
    {"note": {"nested": ["deep"]}, "date": "2026-02-30", "plan_item": -1, "rpe": 1e308},
]  # fmt: skip
JUNK_IDS = ["me", "0", "999999999", "abc", "-5", "1.5"]


def _api_routes() -> Iterator[str]:
    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    for route in walk(get_resolver().url_patterns, ""):
        if route.startswith("api/v1/"):
            yield route


def _concrete(route: str, value: str) -> str:
    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"\(\?P<kind>[^)]*\)", "symptoms", route)
    route = re.sub(r"\(\?P<fmt>[^)]*\)", "png", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", value, route)
    route = route.replace("\\.", ".")
    return "/" + re.sub(r"<(?:\w+:)?\w+>", value, route)


ROUTES = sorted(set(_api_routes()))


@pytest.mark.parametrize("route", ROUTES)
def test_no_route_answers_500_to_nasty_input(cast: Cast, client_for: ClientFor, route: str) -> None:
    for user in (cast.alice_user, cast.carol, cast.erin):
        client = client_for(user)
        client.raise_request_exception = False
        for value in [str(cast.alice.pk), *JUNK_IDS]:
            url = _concrete(route, value)
            for method in ("get", "delete"):
                response = getattr(client, method)(url + "?from=x&to=&days=-1&since=%ff&status=%00")
                assert response.status_code < 500, (method, url, response.content[:200])
            for body in NASTY_BODIES:
                for method in ("post", "put", "patch"):
                    response = getattr(client, method)(url, body, format="json")
                    assert response.status_code < 500, (method, url, body, response.content[:200])


def test_the_route_list_is_not_empty() -> None:
    assert len(ROUTES) > 20
