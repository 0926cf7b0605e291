"""The alert inbox: every open alert of the caller's patients, acknowledged in place."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinic.pages.access import clinic_page, clinic_user, patient_or_404
from clinic.pages.layout import render_page, unread_alert_count
from patients.models import User
from reminders import selectors as alert_selectors
from reminders import services as alert_services
from reminders.rules import SEVERITY_ORDER

NOTE_MAX = 2000  # as the API's AcknowledgeIn


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=NOTE_MAX,
        error_messages={"max_length": f"Keep the note to {NOTE_MAX} characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def open_alerts(user: User) -> QuerySet[Any]:
    """Open alerts of the caller's patients, most severe first, then newest."""
    rank = Case(
        *(When(severity=s, then=Value(r)) for s, r in SEVERITY_ORDER.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        alert_selectors.alert_list(user=user, status="open")
        .annotate(rank=rank)
        .order_by("-rank", "-created_at", "-id")
    )


@clinic_page
def inbox(request: HttpRequest) -> HttpResponse:
    alerts = list(open_alerts(clinic_user(request)))
    return render_page(
        request,
        "clinic/alerts.html",
        {"alerts": [(a, AcknowledgeForm(auto_id=f"alert-{a.pk}-%s")) for a in alerts]},
        nav="alerts",
    )


@clinic_page
@require_POST
def acknowledge(request: HttpRequest, alert_id: int) -> HttpResponseBase:
    """Acknowledge with a note; htmx gets the row back (and the header count), others a redirect."""
    user = clinic_user(request)
    alert = alert_selectors.alert_get(user=user, alert_id=str(alert_id))
    if alert is None:
        raise Http404
    patient_or_404(user, alert.patient_id)
    form = AcknowledgeForm(request.POST, auto_id=f"alert-{alert.pk}-%s")
    status = 200
    if form.is_valid():
        alert = alert_services.alert_acknowledge(
            alert=alert, clinician=user, note=form.cleaned_data["note"]
        )
        alert = alert_selectors.alert_get(user=user, alert_id=str(alert.pk)) or alert
    else:
        status = 400
    if not getattr(request, "htmx", False):
        if status == 400:
            return render_page(
                request, "clinic/alerts.html", {"alerts": [(alert, form)]}, status=400, nav="alerts"
            )
        return HttpResponseRedirect(reverse("clinic:alerts") + f"#alert-{alert.pk}")
    return render(
        request,
        "clinic/_alert_row.html",
        {"alert": alert, "form": form, "oob": True, "oob_unread": unread_alert_count(user)},
    )  # 200 even for a refused note: htmx swaps only successful answers
