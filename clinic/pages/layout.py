"""Render a clinician page inside the shared layout (header, navigation, unread count)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from patients.models import User
from reminders import selectors as alert_selectors


def unread_alert_count(user: User) -> int:
    """Open alerts of the caller's patients that nobody has acknowledged yet (one query)."""
    return alert_selectors.alert_list(user=user, status="open").count()


def _optional_url(name: str) -> str | None:
    """A page another part of the clinic may not have yet: its URL, or None."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def poll_seconds() -> int:
    return int(getattr(settings, "HIPWELL_CLINIC_POLL_SECONDS", 60))


def render_page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    status: int = 200,
    nav: str = "",
) -> HttpResponse:
    """Render a full page: the layout needs the signed-in user and their unread count."""
    user = request.user
    layout: dict[str, Any] = {"nav": nav, "enrol_url": _optional_url("clinic:enrol")}
    if isinstance(user, User) and user.is_authenticated:
        layout["unread_alerts"] = unread_alert_count(user)
        layout["signed_in_name"] = user.get_full_name() or user.username
    return render(request, template, {**layout, **context}, status=status)
