"""No request, however malformed, produces a 500: every API route against nasty input."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

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
    *(
        # Far-future and far-past dates and datetimes, alone in otherwise valid bodies
        # (day arithmetic on them overflows) and in every date field at once.
        body
        for day in ("9999-12-31", "0001-01-01", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00")
        for body in (
            {"kind": "pacing", "times": ["10:00"], "paused_until": day},
            {"paused_until": day},
            {"kind": "diary", "times": ["19:00"], "paused_until": day, "starts_on": day},
            {"title": "Plan", "starts_on": day, "items": [{"exercise": 1, "sets": 1}]},
            {"metric": "pain_activity", "target": 2, "due_date": day},
            {"movement": "flexion", "degrees": 90, "measured_on": day},
            {"date": day, "plan_item": 1, "minutes": 10, "client_id": "6c8f2d64-2b7e-4c5e-9c1e-0d9a1f2b3c4d"},
            {"date_of_birth": day, "diagnosis_date": day, "baseline_window": [day, day]},
            {"display_name": "Far", "timezone": "UTC", "affected_side": "left", "diagnosis_date": day},
        )
    ),
]  # fmt: skip
QUERIES = [
    "?from=x&to=&days=-1&since=%ff&status=%00",
    "?from=0001-01-01&to=9999-12-31&days=99999999999999999999&since=9999-12-31T23:59:59Z",
]
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
                for query in QUERIES:
                    response = getattr(client, method)(url + query)
                    assert response.status_code < 500, (method, url, response.content[:200])
            for body in NASTY_BODIES:
                for method in ("post", "put", "patch"):
                    response = getattr(client, method)(url, body, format="json")
                    assert response.status_code < 500, (method, url, body, response.content[:200])


def test_the_route_list_is_not_empty() -> None:
    assert len(ROUTES) > 20


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/patients/me/diary/2026-01-01/"])
def test_deeply_nested_json_is_a_400(cast: Cast, client_for: ClientFor, path: str) -> None:
    body = "[" * 100_000 + "]" * 100_000
    client = client_for(cast.alice_user)
    client.raise_request_exception = False
    response = client.put(path, body, content_type="application/json")
    assert response.status_code in (400, 405)
    response = client.post(path, body, content_type="application/json")
    assert response.status_code in (400, 405)


@pytest.mark.parametrize(
    "query", ["to=0001-01-01", "from=0001-01-01&to=0001-01-02", "to=9999-12-31"]
)
@pytest.mark.parametrize("path", ["diary/", "report.pdf", "sessions/"])
def test_dates_at_the_ends_of_the_calendar_are_a_400(
    cast: Cast, client_for: ClientFor, path: str, query: str
) -> None:
    response = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/{path}?{query}")
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("existing", "change"),
    [
        ({"times": ["09:00"]}, {"every_minutes": 10}),
        ({"every_minutes": 60, "window": ["09:00", "17:00"]}, {"window": None}),
        ({"times": ["09:00"]}, {"times": []}),
    ],
)
def test_a_patch_that_breaks_a_reminder_is_a_400(
    cast: Cast, client_for: ClientFor, existing: dict[str, object], change: dict[str, object]
) -> None:
    client = client_for(cast.alice_user)
    created = client.post(
        "/api/v1/patients/me/reminders/", {"kind": "pacing", **existing}, format="json"
    )
    assert created.status_code == 201, created.content
    response = client.patch(
        f"/api/v1/patients/me/reminders/{created.json()['id']}/", change, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here/", "/api/v1/patients/1/charts/symptoms.PNG"]
)
def test_unknown_api_paths_answer_json_404(
    client_for: ClientFor, cast: Cast, path: str, settings: Any
) -> None:
    settings.DEBUG = False
    response = client_for(cast.carol).get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
