"""A strict Content-Security-Policy everywhere; patient data is never stored by caches."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from tests.conftest import Cast, ClientFor


def _policy(client: APIClient, path: str) -> dict[str, list[str]]:
    header = client.get(path)["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/api/docs/", "/admin/login/", "/api/v1/alerts/"])
def test_every_page_has_a_strict_content_security_policy(api: APIClient, path: str) -> None:
    policy = _policy(api, path)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_the_api_docs_need_no_inline_script_or_style(api: APIClient) -> None:
    page = api.get("/api/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "<style" not in page
    assert "style=" not in page
    script_url = re.findall(r'<script src="([^"]+)"', page)[-1]
    script = api.get(script_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


@pytest.mark.parametrize(
    ("who", "path"),
    [("alice", "/api/v1/patients/me/"), ("alice", "/api/v1/notifications/"),
     ("carol", "/api/v1/alerts/"), (None, "/api/v1/alerts/"), ("alice", "/api/v1/nowhere/")],
)  # fmt: skip
def test_api_responses_are_never_stored(
    cast: Cast, client_for: ClientFor, who: str | None, path: str
) -> None:
    user = {"alice": cast.alice_user, "carol": cast.carol, None: None}[who]
    assert client_for(user).get(path)["Cache-Control"] == "no-store"


def test_charts_keep_private_etag_caching_that_shared_caches_may_not_store(
    cast: Cast, client_for: ClientFor
) -> None:
    response = client_for(cast.alice_user).get("/api/v1/patients/me/charts/symptoms.png")
    assert response.status_code == 200
    assert response["ETag"]
    assert "private" in response["Cache-Control"]


def test_the_anonymous_schema_stays_cacheable(api: APIClient) -> None:
    assert "no-store" not in api.get("/api/schema/").get("Cache-Control", "")
