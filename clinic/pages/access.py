"""Who may open a clinician page, and which patients it may show.

Every page view is wrapped in :func:`clinic_page`: signed out, it sends the browser
to the sign-in page (with ``next``); a patient or caregiver goes to the patient app;
clinicians and operators get the page, marked ``Cache-Control: no-store``. A patient
is fetched through :func:`patient_or_404`, the API's access policy
(``patients.access``): anything outside the caller's care team is the 404 page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django_htmx.http import HttpResponseClientRedirect
from rest_framework.exceptions import NotFound, PermissionDenied

from patients.access import CARE_TEAM, access_patient
from patients.models import Patient, Role, User


def patient_app() -> str:
    """The patient app's home, by URL name: only the links modules spell out page paths."""
    return reverse("pwa:shell")


View = Callable[..., HttpResponseBase]


def may_use_clinic(user: User) -> bool:
    """Clinicians and operators (staff) use the clinician pages; nobody else does."""
    return user.is_active and (user.role == Role.CLINICIAN or user.is_staff)


def no_store(response: HttpResponseBase) -> HttpResponseBase:
    """Keep a page with patient data out of every cache, the browser's included."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _go(request: HttpRequest, url: str) -> HttpResponseBase:
    """Send the browser elsewhere. An htmx request (a poll, an acknowledge) must not
    swap a whole other page into a fragment: it is told to load the page instead."""
    if _is_htmx(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def signin_redirect(request: HttpRequest) -> HttpResponseBase:
    here = request.get_full_path()
    if _is_htmx(request):
        # Come back to the page the fragment belongs to, not to the fragment.
        details = getattr(request, "htmx", None)
        here = (details and details.current_url_abs_path) or reverse("clinic:caseload")
    return _go(request, f"{reverse('clinic:signin')}?{urlencode({'next': here})}")


def clinic_page(view: View) -> View:
    """Let clinicians and operators in; others to sign-in or the app; 404s as the clinic's page."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return no_store(signin_redirect(request))
        if not may_use_clinic(user):
            return no_store(_go(request, patient_app()))
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = not_found_page(request)
        return no_store(response)

    return wrapped


def not_found_page(request: HttpRequest) -> HttpResponse:
    from clinic.pages.layout import render_page

    return render_page(request, "clinic/404.html", {}, status=404)


def clinic_user(request: HttpRequest) -> User:
    """The signed-in user of a view behind :func:`clinic_page` (which let only a User in)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


def patient_or_404(user: User, patient_id: int | str) -> Patient:
    """Return a patient of the caller's care team, or raise Http404 (the API's 404 rule)."""
    try:
        return access_patient(user, patient_id, allow=CARE_TEAM).patient
    except (NotFound, PermissionDenied):
        raise Http404 from None
