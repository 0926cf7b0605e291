"""The response a locked-out sign-in gets: JSON, 429, and when to try again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> JsonResponse:
    """Tell a client it is locked out, in the API's error shape, with ``Retry-After``."""
    retry_after = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = JsonResponse(
        {"detail": "Too many failed sign-in attempts. Try again later."}, status=429
    )
    response["Retry-After"] = str(retry_after)
    return response
