"""Browser test of the care-team page: add a colleague, save the contact details, axe."""

from __future__ import annotations

from typing import Any

import pytest

from patients import selectors
from tests.browser.conftest import axe, clinic_shot, clinic_sign_in
from tests.factories import PASSWORD, make_clinician, make_patient

BOTH = pytest.mark.parametrize("clinic_page", ["desktop", "tablet"], indirect=True)


@BOTH
def test_a_clinician_adds_a_colleague_and_sets_the_contact_details(clinic_page: Any) -> None:
    page = clinic_page
    carol = make_clinician("carol")
    make_clinician("frida")
    alice = make_patient("alice", clinicians=(carol,))
    clinic_sign_in(page, "carol", PASSWORD)
    page.goto(f"/clinic/patients/{alice.pk}/care-team/")
    page.get_by_role("heading", name="Care team of Alice", level=1).wait_for()
    axe(page)
    page.get_by_role("button", name="Leave this care team").click()
    page.get_by_role("alert").get_by_role(
        "link", name="A patient must keep at least one active clinician"
    ).wait_for()
    axe(page)
    clinic_shot(page, "care-team-last")
    page.get_by_label("Colleague's user name").fill("frida")
    page.get_by_role("button", name="Add to the care team").click()
    page.get_by_text("frida joined Alice's care team.").wait_for()
    page.get_by_label("Phone number for patients").fill("+44 20 7946 0000")
    page.get_by_label("Reply time for urgent alerts").fill("same day")
    page.get_by_label("Escalation email (care team only)").fill("not an email")
    page.get_by_role("button", name="Save the contact details").click()
    page.get_by_role("alert").get_by_role("link", name="Enter a valid email address.").click()
    assert page.evaluate("document.activeElement.id") == "id_escalation_email"
    axe(page)
    clinic_shot(page, "care-team-errors")
    page.get_by_label("Escalation email (care team only)").fill("lead@clinic.example")
    page.get_by_role("button", name="Save the contact details").click()
    page.get_by_text("The contact details are saved.").wait_for()
    axe(page)
    clinic_shot(page, "care-team")
    details = selectors.care_team_contact(patient_id=alice.pk)
    assert details.phone == "+44 20 7946 0000"
    assert details.escalation_email == "lead@clinic.example"
