"""Issue a patient a fresh invite code, or a password-reset code, and show it once.

``clinic:patient-invite`` calls ``services.patient_invite_reissue`` (the API's
``POST patients/<p>/invite/``: care team only) and ``clinic:patient-reset-code`` calls
``accounts.password_reset_code_issue`` (the API's ``POST patients/<p>/password-reset-code/``:
the care team, or an operator helping any patient back in). A GET explains and offers
the button; the POST's answer shows the code with its QR code, never to be shown again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from clinic.pages.access import clinic_page, clinic_user, patient_or_404
from clinic.pages.enrol_codes import activation_url, qr_svg, reset_url
from clinic.pages.layout import render_page
from patients import accounts, selectors, services
from patients.models import Patient, Role, User

ACTIVATED = "This patient has already activated their account."
NO_ACCOUNT = "This patient has no account yet; issue a new invite code instead."


def _reset_target(user: User, patient_id: int) -> Patient:
    """The API's rule: operators reach any patient by id; others only their care team's."""
    if user.role == Role.ADMIN:
        found = selectors.patient_get_for_operator(reference=str(patient_id))
        if found is None:
            raise Http404
        return found
    return patient_or_404(user, patient_id)


@clinic_page
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, patient_id: int) -> HttpResponse:
    user = clinic_user(request)
    patient = patient_or_404(user, patient_id)
    context = {"patient": patient, "kind": "invite"}
    if request.method == "GET":
        problem = ACTIVATED if patient.user_id is not None else ""
        return render_page(request, "clinic/enrol_issue.html", {**context, "problem": problem})
    try:
        issued = services.patient_invite_reissue(patient=patient, clinician=user)
    except DjangoValidationError as exc:
        words = " ".join(exc.messages) or ACTIVATED
        return render_page(
            request, "clinic/enrol_issue.html", {**context, "problem": words}, status=400
        )
    link = activation_url(issued.code)
    return render_page(
        request,
        "clinic/enrol_issued.html",
        {
            **context,
            "code": issued.code,
            "expires_at": issued.invite.expires_at,
            "link": link,
            "qr": qr_svg(link, title=f"QR code of the activation link for {patient.display_name}"),
        },
    )


@clinic_page
@require_http_methods(["GET", "POST"])
def reset_code(request: HttpRequest, patient_id: int) -> HttpResponse:
    user = clinic_user(request)
    patient = _reset_target(user, patient_id)
    context = {"patient": patient, "kind": "reset"}
    if request.method == "GET":
        problem = NO_ACCOUNT if patient.user_id is None else ""
        return render_page(request, "clinic/enrol_issue.html", {**context, "problem": problem})
    try:
        issued = accounts.password_reset_code_issue(patient=patient, issued_by=user)
    except accounts.NoAccountYet:
        return render_page(
            request, "clinic/enrol_issue.html", {**context, "problem": NO_ACCOUNT}, status=400
        )
    link = reset_url(issued.code)
    return render_page(
        request,
        "clinic/enrol_issued.html",
        {
            **context,
            "code": issued.code,
            "expires_at": issued.expires_at,
            "link": link,
            "qr": qr_svg(
                link, title=f"QR code of the password-reset link for {patient.display_name}"
            ),
        },
    )
