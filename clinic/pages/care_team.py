"""A patient's care team (``clinic:care-team``): its members, adding a colleague, leaving,
and how patients reach the team (contact details and the escalation address).

Every write goes through the API's serializers and services: ``CareTeamAddIn`` and
``services.care_team_add`` (``POST patients/<p>/care-team/``), ``services.care_team_end``
for the clinician leaving (its rules: only oneself, the last active clinician stays), and
``CareTeamContactIn`` with ``services.care_team_contact_replace``
(``PUT patients/<p>/care-team/contact/``). Care team only, as the API.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from clinic.pages.access import clinic_page, clinic_user, patient_or_404
from clinic.pages.enrol_codes import add_api_errors, summary_errors
from clinic.pages.layout import render_page
from patients import contact, selectors, services
from patients.models import CareTeamMembership, Patient
from patients.serializers import CareTeamAddIn, CareTeamContactIn

SEVERITY_WORDS = {"urgent": "urgent", "high": "high", "moderate": "moderate"}


class AddForm(forms.Form):
    clinician = forms.CharField(
        label="Colleague's user name",
        required=False,
        help_text="They must have a clinician's account in Hipwell.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


class ContactForm(forms.Form):
    phone = forms.CharField(
        label="Phone number for patients",
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    opening_hours = forms.CharField(
        label="Opening hours",
        required=False,
        help_text='For example "Monday to Friday, 8am to 6pm".',
    )
    response_time_urgent = forms.CharField(
        label="Reply time for urgent alerts", required=False, help_text='For example "same day".'
    )
    response_time_high = forms.CharField(
        label="Reply time for high alerts", required=False, help_text='For example "1 working day".'
    )
    response_time_moderate = forms.CharField(
        label="Reply time for moderate alerts",
        required=False,
        help_text='For example "at the next review".',
    )
    out_of_hours = forms.CharField(
        label="Out of hours",
        required=False,
        help_text="What a patient should do when the team is closed.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    escalation_email = forms.CharField(
        label="Escalation email (care team only)",
        required=False,
        help_text="Urgent alerts nobody acknowledges are sent here. Patients never see it.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def api_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            name: self.data.get(name, "")
            for name in ("phone", "opening_hours", "out_of_hours", "escalation_email")
        }
        data["response_times"] = {
            severity: self.data.get(f"response_time_{severity}", "")
            for severity in contact.RESPONSE_SEVERITIES
        }
        return data


def _contact_initial(patient: Patient) -> dict[str, str]:
    details = selectors.care_team_contact(patient_id=patient.pk)
    initial = {
        "phone": details.phone or "",
        "opening_hours": details.opening_hours or "",
        "out_of_hours": details.out_of_hours or "",
        "escalation_email": details.escalation_email or "",
    }
    for severity in contact.RESPONSE_SEVERITIES:
        initial[f"response_time_{severity}"] = details.response_time(severity) or ""
    return initial


def _contact_errors(errors: dict[str, Any]) -> dict[str, Any]:
    """The serializer's nested ``response_times`` errors, moved to this form's fields."""
    flat = {name: value for name, value in errors.items() if name != "response_times"}
    nested = errors.get("response_times")
    if isinstance(nested, dict):
        for severity, value in nested.items():
            flat[f"response_time_{severity}"] = value
    elif nested:
        flat["response_time_urgent"] = nested
    return flat


def _page(
    request: HttpRequest,
    patient: Patient,
    *,
    add_form: AddForm | None = None,
    contact_form: ContactForm | None = None,
    leave_problem: str = "",
    status: int = 200,
) -> HttpResponse:
    user = clinic_user(request)
    add_form = add_form or AddForm()
    contact_form = contact_form or ContactForm(initial=_contact_initial(patient))
    members = list(selectors.care_team_list(patient=patient))
    mine = next((m for m in members if m.clinician_id == user.pk and m.is_active), None)
    errors = []
    if add_form.is_bound:
        errors += summary_errors(add_form)
    if contact_form.is_bound:
        errors += summary_errors(contact_form)
    if leave_problem:
        errors.append({"field": "leave", "message": leave_problem})
    return render_page(
        request,
        "clinic/care_team.html",
        {
            "patient": patient,
            "active": [m for m in members if m.is_active],
            "past": [m for m in members if not m.is_active],
            "mine": mine,
            "add_form": add_form,
            "contact_form": contact_form,
            "errors": errors,
            "leave_problem": leave_problem,
        },
        status=status,
    )


def _back(patient: Patient) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("clinic:care-team", args=[patient.pk]))


@clinic_page
@require_GET
def care_team(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = patient_or_404(clinic_user(request), patient_id)
    return _page(request, patient)


@clinic_page
@require_POST
def care_team_add(request: HttpRequest, patient_id: int) -> HttpResponseBase:
    user = clinic_user(request)
    patient = patient_or_404(user, patient_id)
    form = AddForm(request.POST)
    form.is_valid()
    data = CareTeamAddIn(data={"clinician": request.POST.get("clinician", "")})
    if not data.is_valid():
        words = {"clinician": ["Enter your colleague's user name"]}
        blank = request.POST.get("clinician", "").strip() == ""
        add_api_errors(form, words if blank else dict(data.errors), fallback="clinician")
        return _page(request, patient, add_form=form, status=400)
    try:
        membership, created = services.care_team_add(
            patient=patient, clinician_username=data.validated_data["clinician"], added_by=user
        )
    except DjangoValidationError as exc:
        add_api_errors(form, exc.message_dict, fallback="clinician")
        return _page(request, patient, add_form=form, status=400)
    name = membership.clinician.get_full_name() or membership.clinician.username
    if created:
        messages.success(request, f"{name} joined {patient.display_name}'s care team.")
    else:
        messages.info(request, f"{name} is already on {patient.display_name}'s care team.")
    return _back(patient)


@clinic_page
@require_POST
def care_team_leave(request: HttpRequest, patient_id: int) -> HttpResponseBase:
    user = clinic_user(request)
    patient = patient_or_404(user, patient_id)
    membership = CareTeamMembership.objects.filter(
        patient=patient, clinician=user, ended_at__isnull=True
    ).first()
    if membership is None:
        return _page(request, patient, leave_problem="You are not on this care team.", status=400)
    try:
        services.care_team_end(membership=membership, ended_by=user)
    except (DjangoValidationError, DjangoPermissionDenied) as exc:
        words = " ".join(getattr(exc, "messages", None) or [str(exc)])
        return _page(request, patient, leave_problem=words, status=400)
    # The caseload shows no messages: none is queued to surface on a later page.
    return HttpResponseRedirect(reverse("clinic:caseload"))


@clinic_page
@require_POST
def care_team_contact(request: HttpRequest, patient_id: int) -> HttpResponseBase:
    user = clinic_user(request)
    patient = patient_or_404(user, patient_id)
    form = ContactForm(request.POST)
    form.is_valid()
    data = CareTeamContactIn(data=form.api_data())
    if not data.is_valid():
        add_api_errors(form, _contact_errors(dict(data.errors)), fallback="phone")
        return _page(request, patient, contact_form=form, status=400)
    try:
        services.care_team_contact_replace(
            patient=patient, values=data.to_values(), updated_by=user
        )
    except DjangoValidationError as exc:
        add_api_errors(form, _contact_errors(exc.message_dict), fallback="phone")
        return _page(request, patient, contact_form=form, status=400)
    messages.success(request, "The contact details are saved. Patients see them in the app.")
    return _back(patient)
