"""Hostile requests get a short refusal, never Django's DEBUG page with settings and paths."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client, override_settings
from rest_framework.test import APIClient

from core.middleware import CappedStream, RequestLimitsMiddleware
from tests.conftest import Cast, ClientFor

LIMIT = 4096
API = "/api/v1/auth/token/"
PAGE = "/admin/login/"
# What the technical error page is made of; none of it may reach a client.
LEAKS = [b"Traceback", b"DJANGO_SETTINGS_MODULE", b"SECRET_KEY", b"settings.py", b"site-packages"]


@pytest.fixture(params=[True, False], ids=["debug", "no-debug"])
def debug(request: pytest.FixtureRequest) -> Iterator[bool]:
    limits = {**settings.HIPWELL, "MAX_BODY_BYTES": LIMIT}
    with override_settings(DEBUG=request.param, HIPWELL=limits):
        yield request.param


def _client() -> Client:
    client = Client()
    client.raise_request_exception = False
    return client


def _assert_json(base: HttpResponseBase, status: int) -> None:
    response = cast(HttpResponse, base)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"detail"}
    assert not any(leak in response.content for leak in LEAKS)


def _assert_plain(base: HttpResponseBase, status: int) -> None:
    response = cast(HttpResponse, base)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("text/plain")
    assert len(response.content) < 200
    assert not any(leak in response.content for leak in LEAKS)


def test_an_oversized_api_body_is_a_json_413(debug: bool) -> None:
    body = b'{"username": "' + b"x" * LIMIT + b'"}'
    _assert_json(_client().post(API, body, content_type="application/json"), 413)


def test_an_oversized_page_body_is_a_plain_413(debug: bool) -> None:
    body = "username=" + "x" * LIMIT
    response = _client().post(PAGE, body, content_type="application/x-www-form-urlencoded")
    _assert_plain(response, 413)


def test_a_body_just_under_the_limit_is_read(debug: bool) -> None:
    body = b'{"username": "' + b"x" * (LIMIT - 100) + b'", "password": "p"}'
    response = _client().post(API, body, content_type="application/json")
    assert response.status_code in (400, 401), response.content[:300]


def test_a_malformed_content_length_is_a_400(debug: bool) -> None:
    response = _client().post(API, b"{}", content_type="application/json", CONTENT_LENGTH="12a")
    _assert_json(response, 400)


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=50)
def test_too_many_query_fields_on_the_api_is_a_json_400(debug: bool) -> None:
    query = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    _assert_json(_client().get(f"/api/v1/patients/me/?{query}"), 400)


@override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=50)
def test_too_many_form_fields_on_a_page_is_a_plain_400(debug: bool) -> None:
    body = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = _client().post(PAGE, body, content_type="application/x-www-form-urlencoded")
    _assert_plain(response, 400)


@pytest.mark.parametrize("host", ["evil.example", "localhost:80@evil", "bad host"])
def test_an_unknown_host_on_the_api_is_a_json_400(debug: bool, host: str) -> None:
    _assert_json(_client().get("/api/v1/patients/me/", HTTP_HOST=host), 400)
    _assert_json(_client().post(API, {}, content_type="application/json", HTTP_HOST=host), 400)


def test_an_unknown_host_on_a_page_is_a_plain_400(debug: bool) -> None:
    _assert_plain(_client().get(PAGE, HTTP_HOST="evil.example"), 400)


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=BoUnDaRy", "application/x-www-form-urlencoded"]
)
def test_form_bodies_are_a_415_on_the_api(
    debug: bool, cast: Cast, client_for: ClientFor, content_type: str
) -> None:
    client = client_for(cast.alice_user)
    client.raise_request_exception = False
    body = (
        '--BoUnDaRy\r\nContent-Disposition: form-data; name="timezone"\r\n\r\nUTC\r\n'
        "--BoUnDaRy--\r\n"
        if content_type.startswith("multipart")
        else "timezone=UTC"
    )
    response = client.patch("/api/v1/patients/me/", body, content_type=content_type)
    _assert_json(response, 415)
    response = APIClient().post(API, body, content_type=content_type)
    _assert_json(response, 415)


def test_a_malformed_multipart_page_body_is_a_plain_400(debug: bool) -> None:
    response = _client().post(PAGE, b"--x\r\n", content_type="multipart/form-data; boundary=")
    _assert_plain(response, 400)


def _asgi_request(body: bytes, declared: int) -> ASGIRequest:
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "path": API,
        "query_string": b"",
        "headers": [
            (b"host", b"localhost"),
            (b"content-type", b"application/json"),
            (b"content-length", str(declared).encode()),
        ],
    }
    return ASGIRequest(scope, io.BytesIO(body))


def test_bytes_read_beyond_the_limit_are_refused_even_when_the_length_was_understated(
    debug: bool,
) -> None:
    """ASGI hands Django the whole body; a short Content-Length must not let it all in."""

    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(request.body)

    middleware = RequestLimitsMiddleware(view)
    request = _asgi_request(b"x" * (LIMIT * 2), declared=10)
    with pytest.raises(RequestDataTooBig):
        middleware(request)
    response = middleware.process_exception(request, RequestDataTooBig("too big"))
    assert response is not None
    _assert_json(response, 413)


def test_the_capped_stream_counts_every_read() -> None:
    stream = CappedStream(io.BytesIO(b"a\n" * 10), limit=10)
    assert stream.readline() == b"a\n"
    assert stream.read(8) == b"a\n" * 4
    with pytest.raises(RequestDataTooBig):
        stream.read(1)
