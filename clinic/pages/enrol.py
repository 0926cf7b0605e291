"""Enrol a patient (``clinic:enrol``), through the API's serializer and service.

The form is only for drawing the fields: the posted data is validated by
``PatientCreateIn`` (the shape of ``POST /api/v1/patients/``) and the patient is made by
``services.patient_enrol``, as the API does. The answer shows the invite code once, with
a QR code of the app's activation link.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from clinic.pages.access import clinic_page, clinic_user
from clinic.pages.enrol_codes import activation_url, add_api_errors, qr_svg, summary_errors
from clinic.pages.layout import render_page
from core.validators import patient_timezones
from patients import services
from patients.models import Role, Side, WalkingAid, WeightBearing
from patients.serializers import PatientCreateIn

DEFAULT_TIMEZONE = "Europe/London"
FIELDS = [
    "display_name",
    "affected_side",
    "stage",
    "diagnosis_date",
    "walking_aid",
    "weight_bearing",
    "timezone",
    "email",
]


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(patient_timezones())]


class EnrolForm(forms.Form):
    """Draws the enrolment fields; PatientCreateIn validates what is posted."""

    display_name = forms.CharField(
        label="Name the patient goes by",
        required=False,
        help_text='Shown to the care team and in the app, for example "Nina Patel".',
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 120}),
    )
    affected_side = forms.ChoiceField(
        label="Affected hip",
        required=False,
        choices=[("", "Choose a side"), *Side.choices],
    )
    stage = forms.CharField(
        label="Stage (optional)",
        required=False,
        help_text='For example "Tönnis 2" or "early".',
        widget=forms.TextInput(attrs={"maxlength": 40}),
    )
    diagnosis_date = forms.CharField(
        label="Date of diagnosis (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    walking_aid = forms.ChoiceField(
        label="Walking aid", required=False, choices=WalkingAid.choices, initial=WalkingAid.NONE
    )
    weight_bearing = forms.ChoiceField(
        label="Weight-bearing",
        required=False,
        choices=WeightBearing.choices,
        initial=WeightBearing.FULL,
        help_text="Exercises that need more load than this are refused in the plan.",
    )
    timezone = forms.ChoiceField(
        label="Timezone",
        required=False,
        choices=_timezone_choices,
        initial=DEFAULT_TIMEZONE,
        help_text="Reminders and the diary day follow it.",
    )
    email = forms.CharField(
        label="Email (optional)",
        required=False,
        help_text="Only for the password-reset link; the invite code is given in person.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def api_data(self) -> dict[str, Any]:
        """The posted values as the API would receive them (empty optional ones left out)."""
        data: dict[str, Any] = {}
        for name in FIELDS:
            value = self.data.get(name, "")
            if value == "" and name not in ("display_name", "affected_side", "timezone"):
                continue
            data[name] = value
        return data


MESSAGES = {
    "display_name": {"blank": "Enter the name the patient goes by"},
    "affected_side": {"invalid_choice": "Choose the affected hip"},
    "timezone": {"blank": "Choose the patient's timezone"},
}


def _api_errors(serializer: PatientCreateIn) -> dict[str, Any]:
    """The serializer's errors, with the blank-field ones said for this page."""
    errors: dict[str, Any] = {}
    for name, details in serializer.errors.items():
        said = []
        for detail in details:
            code = getattr(detail, "code", "")
            if name == "affected_side" and str(serializer.initial_data.get(name, "")) == "":
                code = "invalid_choice"
            said.append(MESSAGES.get(name, {}).get(code, str(detail)))
        errors[name] = said
    return errors


def _form_page(request: HttpRequest, form: EnrolForm, *, status: int = 200) -> HttpResponse:
    return render_page(
        request,
        "clinic/enrol.html",
        {"form": form, "errors": summary_errors(form, FIELDS) if form.is_bound else []},
        status=status,
        nav="enrol",
    )


@clinic_page
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    user = clinic_user(request)
    if user.role != Role.CLINICIAN:
        # The API's rule: only clinicians enrol (an operator is on no care team).
        return render_page(request, "clinic/enrol_refused.html", {}, status=403, nav="enrol")
    if request.method == "GET":
        return _form_page(request, EnrolForm())
    form = EnrolForm(request.POST)
    form.is_valid()  # the drawing form accepts anything; the serializer decides
    serializer = PatientCreateIn(data=form.api_data())
    if not serializer.is_valid():
        add_api_errors(form, _api_errors(serializer), fallback="display_name")
        return _form_page(request, form, status=400)
    try:
        patient, issued = services.patient_enrol(clinician=user, **serializer.to_profile())
    except DjangoValidationError as exc:
        add_api_errors(form, exc.message_dict, fallback="display_name")
        return _form_page(request, form, status=400)
    link = activation_url(issued.code)
    return render_page(
        request,
        "clinic/enrol_done.html",
        {
            "patient": patient,
            "code": issued.code,
            "expires_at": issued.invite.expires_at,
            "link": link,
            "qr": qr_svg(link, title=f"QR code of the activation link for {patient.display_name}"),
        },
        nav="enrol",
    )
