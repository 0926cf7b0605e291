from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.views import api_not_found


def health(request: HttpRequest) -> JsonResponse:
    """Answer a load balancer's liveness probe."""
    return JsonResponse({"status": "ok"})


api_v1 = [
    path("", include("patients.urls")),
    path("", include("diaries.urls")),
    path("", include("reminders.urls")),
    path("", include("clinic.urls")),
    path("", include("exercises.urls")),
    path("", include("goals.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its init script from ?script: no inline script under the CSP.
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema", template_name="hipwell/swagger_ui.html"
        ),
        name="docs",
    ),
    path("healthz", health, name="health"),
    # Last among the API routes: an unknown API path is a JSON 404 even with DEBUG on.
    re_path(r"^api/(?P<rest>.*)$", api_not_found),
    # The patient app (pwa/): its shell for every client route, the service worker
    # (at /app/sw.js so that its scope is /app/), the manifest and the offline page.
    path("app/", include("pwa.urls")),
    # The clinician pages (clinic/page_urls.py; namespace "clinic").
    path("clinic/", include("clinic.page_urls")),
    # People open the app; the API docs stay at /api/docs/.
    path("", RedirectView.as_view(url="/app/", permanent=False)),
]

handler404 = "core.views.not_found"
handler500 = "core.views.server_error"
