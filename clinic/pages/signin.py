"""Sign in and out of the clinician pages, through the API's sign-in checks.

The credentials go through ``patients.accounts.credentials_check`` (django-axes'
pair lockout, the per-account cap, known devices), the same function the API's
``auth/session/`` and ``auth/token/`` use, behind the API's ``login`` throttle
budget. (The known-device cookie lives under /api/v1/auth/, so this page meets the
pair lockout and the account cap.) ``login`` starts the session (new key, new CSRF token, ``user_logged_in``).
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.throttling import ScopedRateThrottle

from clinic.pages.access import may_use_clinic, no_store, patient_app
from clinic.pages.layout import render_page
from patients import accounts, lockout
from patients.models import User

auth_log = logging.getLogger("hipwell.auth")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
WRONG = "Enter a correct user name and password. Both are case-sensitive."


class SignInForm(forms.Form):
    username = forms.CharField(
        label="User name",
        max_length=150,
        error_messages={"required": "Enter your user name"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=4096,
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class _LoginBudget:
    """The API's sign-in throttle scope, for a plain Django view."""

    throttle_scope = "login"


def safe_next(request: HttpRequest, value: str | None) -> str:
    """Where to go after signing in: a same-site path under /clinic/, else the caseload."""
    home = reverse("clinic:caseload")
    if not value or not value.startswith(home) or value.startswith(reverse("clinic:signin")):
        return home
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return home
    return value


def _page(request: HttpRequest, form: SignInForm, status: int = 200, **extra: Any) -> HttpResponse:
    errors = [
        {"field": f"id_{name}", "message": message}
        for name, messages in form.errors.items()
        if name != "__all__"
        for message in messages
    ]
    errors += [{"field": "id_username", "message": message} for message in form.non_field_errors()]
    context = {
        "form": form,
        "errors": errors,
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render_page(request, "clinic/signin.html", {**context, **extra}, status=status)


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    if isinstance(user, User) and user.is_authenticated and request.method == "GET":
        if may_use_clinic(user):
            return no_store(HttpResponseRedirect(safe_next(request, request.GET.get("next"))))
        return no_store(HttpResponseRedirect(patient_app()))
    if request.method == "GET":
        return no_store(_page(request, SignInForm()))
    form = SignInForm(request.POST)
    if not form.is_valid():
        return no_store(_page(request, form, status=400))
    throttle = ScopedRateThrottle()
    if not throttle.allow_request(request, _LoginBudget()):  # type: ignore[arg-type]
        return no_store(_refused(request, form, int(throttle.wait() or 60)))
    username = form.cleaned_data["username"]
    attempt = accounts.credentials_check(request, username, form.cleaned_data["password"])
    if attempt.retry_after is not None:
        # This page answers the lockout itself (429, Retry-After, in the error summary);
        # django-axes' middleware would swap it for the API's JSON answer.
        request.axes_locked_out = False  # type: ignore[attr-defined]
        auth_log.warning(
            "login refused, %s: username=%r ip=%s",
            attempt.why,
            username,
            lockout.client_ip(request),
        )
        return no_store(_refused(request, form, attempt.retry_after))
    if attempt.user is None:
        form.add_error(None, WRONG)
        return no_store(_page(request, form, status=400))
    signed_in = attempt.user
    login(request, signed_in, backend=getattr(signed_in, "backend", None) or MODEL_BACKEND)
    target = (
        safe_next(request, request.POST.get("next")) if may_use_clinic(signed_in) else patient_app()
    )
    return no_store(HttpResponseRedirect(target))


def _refused(request: HttpRequest, form: SignInForm, retry_after: int) -> HttpResponse:
    minutes = max(1, -(-retry_after // 60))
    form.add_error(
        None,
        f"Too many attempts to sign in. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
    )
    response = _page(request, form, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@require_POST
def signout(request: HttpRequest) -> HttpResponseBase:
    logout(request)
    return no_store(HttpResponseRedirect(reverse("clinic:signin")))
