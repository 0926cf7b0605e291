"""Refuse hostile requests early, in plain words, whatever DEBUG says.

Django answers an unknown ``Host``, an oversized body or too many form fields by
raising a ``SuspiciousOperation``; with ``DEBUG`` on, that becomes the technical
error page, which shows settings and file paths to whoever sent the request. This
middleware runs first and answers those cases itself: JSON ``{"detail": ...}`` on
API paths, a short plain-text page elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any, BinaryIO, cast

from django.conf import settings
from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError

API_PREFIX = "/api/"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refusal(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    """Answer in the API's error shape on API paths and as plain text elsewhere."""
    response: HttpResponse
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": detail}, status=status)
    else:
        response = HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")
    # This middleware answers before the header middlewares run: say "do not store"
    # here, as every other API answer does.
    response["Cache-Control"] = "no-store"
    return response


def too_large(request: HttpRequest) -> HttpResponse:
    limit = settings.HIPWELL["MAX_BODY_BYTES"]
    return refusal(request, 413, f"The request body is larger than {limit} bytes.")


class CappedStream:
    """Wrap a request's input and refuse to read more than ``limit`` bytes in total.

    The Content-Length check covers honest clients; this covers bodies whose length
    was not declared or was understated (a server passing chunked bodies through).
    """

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._read = 0

    def _count(self, chunk: bytes) -> bytes:
        self._read += len(chunk)
        if self._read > self._limit:
            raise RequestDataTooBig("The request body exceeds HIPWELL_MAX_BODY_BYTES.")
        return chunk

    def read(self, size: int | None = -1) -> bytes:
        return self._count(self._stream.read(-1 if size is None else size))

    def readline(self, size: int | None = -1) -> bytes:
        return self._count(self._stream.readline(-1 if size is None else size))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class RequestLimitsMiddleware:
    """Check the host, the body size and the number of fields before anything else runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._refuse(request)
        if refused is not None:
            return refused
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """Answer the same refusals when a view is the first to read the body or host."""
        return self._answer(request, exception)

    def _refuse(self, request: HttpRequest) -> HttpResponse | None:
        limit: int = settings.HIPWELL["MAX_BODY_BYTES"]
        try:
            request.get_host()
        except DisallowedHost:
            return refusal(request, 400, "Unknown host.")
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        if not raw_length.isascii() or not raw_length.isdecimal():
            return refusal(request, 400, "Content-Length must be a number of bytes.")
        if int(raw_length) > limit:
            return too_large(request)
        # Every later reader (Django's request.body and POST, DRF's parsers) reads
        # through this cap.
        request._stream = cast(BinaryIO, CappedStream(request._stream, limit))
        try:
            # Parse the query string and form bodies now, while a refusal is still
            # ours to answer; Django caches both, so views read them for free.
            request.GET  # noqa: B018
            content_type = request.META.get("CONTENT_TYPE", "")
            if content_type.startswith(FORM_TYPES) and not request.path.startswith(API_PREFIX):
                request.POST  # noqa: B018
        except Exception as exc:  # only the refusals _answer knows are answered here
            answered = self._answer(request, exc)
            if answered is None:
                raise
            return answered
        return None

    def _answer(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        if isinstance(exception, TooManyFieldsSent):
            return refusal(request, 400, "The request has too many fields.")
        if isinstance(exception, TooManyFilesSent):
            return refusal(request, 400, "The request has too many files.")
        if isinstance(exception, DisallowedHost):
            return refusal(request, 400, "Unknown host.")
        if isinstance(exception, MultiPartParserError | UnreadablePostError):
            return refusal(request, 400, "The request body could not be read.")
        return None
