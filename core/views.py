"""Error pages that speak JSON to API clients."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer an unknown API path in the API's error shape; other paths get Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


@csrf_exempt
def api_not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """Answer any unknown path under /api/ with a JSON 404, whatever DEBUG says.

    With DEBUG on, Django's own 404 page lists every URL pattern of the project.
    CSRF-exempt because it changes nothing: a signed-in browser's POST to a wrong
    path gets this JSON 404, not Django's HTML CSRF page.
    """
    return JsonResponse({"detail": "Not found."}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side."}, status=500)
    return defaults.server_error(request)
