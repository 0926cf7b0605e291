"""One patient's page (``clinic:patient``), and the alert links that land on it."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from clinic.pages.access import clinic_page, clinic_user, patient_or_404
from clinic.pages.layout import render_page
from reminders import selectors as alert_selectors

ALERT_LIMIT = 20


@clinic_page
def patient(request: HttpRequest, patient_id: int) -> HttpResponse:
    user = clinic_user(request)
    found = patient_or_404(user, patient_id)
    alerts = alert_selectors.alert_list(user=user, patient_id=found.pk)[:ALERT_LIMIT]
    return render_page(
        request,
        "clinic/patient.html",
        {"patient": found, "alerts": list(alerts), "alert_limit": ALERT_LIMIT},
    )


@clinic_page
def alert_link(request: HttpRequest, alert_id: int) -> HttpResponseRedirect:
    """An alert's link (emails, pushes, the inbox): the patient's page at that alert."""
    user = clinic_user(request)
    alert = alert_selectors.alert_get(user=user, alert_id=str(alert_id))
    if alert is None:
        raise Http404
    patient_or_404(user, alert.patient_id)  # a reader who is not of the care team: 404
    url = reverse("clinic:patient", args=[alert.patient_id])
    return HttpResponseRedirect(f"{url}#alert-{alert.pk}")


@clinic_page
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    raise Http404
