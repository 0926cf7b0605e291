"""Browser test: a clinician enrols a patient and the patient activates with the code shown."""

from __future__ import annotations

from typing import Any

import pytest

from patients import services
from patients.models import Patient
from tests.browser.conftest import axe, clinic_shot, clinic_sign_in, shot
from tests.factories import PASSWORD, make_clinician, make_patient

BOTH = pytest.mark.parametrize("clinic_page", ["desktop", "tablet"], indirect=True)


@BOTH
def test_a_clinician_enrols_a_patient_who_activates_on_their_phone(
    clinic_page: Any, page: Any
) -> None:
    clinic = clinic_page
    make_clinician("carol")
    clinic_sign_in(clinic, "carol", PASSWORD)
    clinic.get_by_role("link", name="Enrol a patient").click()
    clinic.get_by_role("heading", name="Enrol a patient", level=1).wait_for()
    axe(clinic)
    clinic_shot(clinic, "enrol")
    clinic.get_by_role("button", name="Enrol and show the invite code").click()
    summary = clinic.get_by_role("alert")
    summary.get_by_role("link", name="Enter the name the patient goes by").wait_for()
    axe(clinic)
    clinic_shot(clinic, "enrol-errors")
    summary.get_by_role("link", name="Choose the affected hip").click()
    assert clinic.evaluate("document.activeElement.id") == "id_affected_side"
    clinic.get_by_label("Name the patient goes by").fill("Nina Patel")
    clinic.get_by_label("Affected hip").select_option("left")
    clinic.get_by_label("Walking aid").select_option("crutches")
    clinic.get_by_label("Weight-bearing").select_option("partial")
    clinic.get_by_label("Timezone").select_option("Europe/Berlin")
    clinic.get_by_role("button", name="Enrol and show the invite code").click()
    clinic.get_by_role("heading", name="Nina Patel is enrolled", level=1).wait_for()
    clinic.get_by_text("Shown once.").wait_for()
    assert clinic.get_by_role("img", name="QR code of the activation link for Nina Patel")
    code = clinic.locator("#the-code").inner_text().strip()
    assert code
    axe(clinic)
    clinic_shot(clinic, "enrol-code")
    # A second browser, the patient's phone, activates with the code read off the page.
    page.goto("/app/activate/")
    page.get_by_role("heading", name="Activate your account").wait_for()
    page.get_by_label("Invite code").fill(code)
    page.get_by_label("Choose a user name").fill("nina")
    page.get_by_label("Choose a password").fill("a-long-Enough-secret-91")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Activate my account").click()
    page.get_by_role("heading", name="Today", level=1).wait_for()
    shot(page, f"activated-from-clinic-{clinic.clinic_viewport}")
    patient = Patient.objects.get(display_name="Nina Patel")
    assert patient.user is not None
    assert patient.user.username == "nina"
    assert patient.weight_bearing == "partial"


@BOTH
def test_a_new_invite_code_and_a_reset_code_are_shown_once(clinic_page: Any) -> None:
    clinic = clinic_page
    carol = make_clinician("carol")
    make_patient("alice", clinicians=(carol,))
    nina, _ = services.patient_enrol(
        clinician=carol, display_name="Nina", timezone="Europe/London", affected_side="left"
    )
    clinic_sign_in(clinic, "carol", PASSWORD)
    clinic.goto(f"/clinic/patients/{nina.pk}/invite/")
    clinic.get_by_role("heading", name="New invite code for Nina", level=1).wait_for()
    axe(clinic)
    clinic.get_by_role("button", name="Issue a new invite code").click()
    clinic.get_by_text("Shown once.").wait_for()
    assert clinic.locator("#the-code").inner_text().strip()
    axe(clinic)
    clinic_shot(clinic, "invite-code")
    alice = Patient.objects.get(display_name="Alice")
    clinic.goto(f"/clinic/patients/{alice.pk}/reset-code/")
    clinic.get_by_role("heading", name="Password-reset code for Alice", level=1).wait_for()
    axe(clinic)
    clinic_shot(clinic, "reset-code-ask")
    clinic.get_by_role("button", name="Issue a password-reset code").click()
    clinic.get_by_role("img", name="QR code of the password-reset link for Alice").wait_for()
    assert clinic.locator("#the-code").inner_text().strip()
    axe(clinic)
    clinic_shot(clinic, "reset-code")
