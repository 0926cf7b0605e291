"""Keep patient data out of every cache: API responses are ``Cache-Control: no-store``."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

API_PREFIX = "/api/v1/"
# A view may choose private caching instead (charts revalidate by ETag): "private"
# already forbids shared caches (proxies, CDNs) from storing the response.
_KEPT = ("private", "no-store")


class NoStoreAPIMiddleware:
    """Mark every /api/v1/ response no-store unless its view chose private caching.

    The schema and the Swagger UI live outside /api/v1/ and carry no patient data,
    so they stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            chosen = response.get("Cache-Control", "").lower()
            if not any(word in chosen for word in _KEPT):
                response["Cache-Control"] = "no-store"
        return response
