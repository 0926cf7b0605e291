"""The caseload triage, the clinician's landing page, and its rows for polling."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from clinic.pages.access import clinic_page, clinic_user
from clinic.pages.layout import poll_seconds, render_page, unread_alert_count
from clinic.pages.triage import NOT_LOGGING_DAYS, Filters, triage_rows
from clinic.selectors import caseload


def _results(request: HttpRequest) -> dict[str, Any]:
    user = clinic_user(request)
    filters = Filters.from_query(request.GET.dict())
    everyone = triage_rows(user, caseload(user=user))
    shown = [row for row in everyone if filters.keep(row)]
    query = {
        key: value
        for key, value in (
            ("scope", filters.scope if filters.scope != "team" else ""),
            ("alerts", "1" if filters.alerts_only else ""),
            ("quiet", "1" if filters.not_logging else ""),
            ("q", filters.search),
        )
        if value
    }
    return {
        "rows": shown,
        "total": len(everyone),
        "filters": filters,
        "query": urlencode(query),
        "poll_seconds": poll_seconds(),
        "updated_at": timezone.localtime(),
        "not_logging_days": NOT_LOGGING_DAYS,
    }


@clinic_page
def caseload_page(request: HttpRequest) -> HttpResponse:
    return render_page(request, "clinic/caseload.html", _results(request), nav="caseload")


@clinic_page
def caseload_rows(request: HttpRequest) -> HttpResponse:
    """The results region alone: htmx polls it and swaps it in place (the header's
    unread count comes along, out of band)."""
    context = _results(request)
    context.update(oob=True, oob_unread=unread_alert_count(clinic_user(request)))
    return render(request, "clinic/_caseload_results.html", context)
