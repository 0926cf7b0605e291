"""Browser tests of the clinician pages' platform: sign-in, layout, 404, accessibility."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe, clinic_shot, clinic_sign_in
from tests.clinic.pages_helpers import make_alert
from tests.factories import PASSWORD, make_clinician, make_patient

BOTH = pytest.mark.parametrize("clinic_page", ["desktop", "tablet"], indirect=True)


@BOTH
def test_a_clinician_signs_in_and_sees_the_caseload(clinic_page: Any) -> None:
    page = clinic_page
    carol = make_clinician("carol")
    make_patient("alice", clinicians=(carol,))
    page.goto("/clinic/")
    page.get_by_role("heading", name="Sign in to the clinic").wait_for()
    axe(page)
    clinic_shot(page, "signin")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    summary.get_by_role("link", name="Enter your user name").wait_for()
    axe(page)
    clinic_shot(page, "signin-errors")
    summary.get_by_role("link", name="Enter your password").click()
    assert page.evaluate("document.activeElement.id") == "id_password"
    clinic_sign_in(page, "carol", PASSWORD)
    assert page.url.endswith("/clinic/")
    page.get_by_role("link", name="Alice").wait_for()
    page.get_by_text("Signed in as carol").wait_for()
    axe(page)
    clinic_shot(page, "caseload-one")


@BOTH
def test_the_patient_page_the_inbox_and_the_404_page_pass_axe(clinic_page: Any) -> None:
    page = clinic_page
    carol = make_clinician("carol")
    alice = make_patient("alice", clinicians=(carol,))
    alert = make_alert(alice, reason="Fall reported; no injury.")
    clinic_sign_in(page, "carol", PASSWORD)
    page.goto(f"/clinic/alerts/{alert.pk}/")
    assert page.url.endswith(f"/clinic/patients/{alice.pk}/#alert-{alert.pk}")
    page.get_by_role("heading", name="Alice", level=1).wait_for()
    axe(page)
    clinic_shot(page, "patient")
    page.get_by_role("link", name="Alerts").click()
    page.get_by_role("heading", name="Alerts", level=1).wait_for()
    axe(page)
    clinic_shot(page, "alerts")
    page.goto("/clinic/patients/999999/")
    page.get_by_role("heading", name="Page not found").wait_for()
    axe(page)
    clinic_shot(page, "not-found")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in to the clinic").wait_for()


def test_the_skip_link_reaches_the_main_content(clinic_page: Any) -> None:
    page = clinic_page
    make_clinician("carol")
    clinic_sign_in(page, "carol", PASSWORD)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


TARGETS = (
    ".site-nav a, .account button, .skip-link, main button, main .choice, main input[type=search],"
    " main textarea, .patient-link, .inbox-item__title a"
)


@pytest.mark.parametrize("clinic_page", ["tablet"], indirect=True)
def test_every_control_is_a_44_pixel_target_on_a_tablet(clinic_page: Any) -> None:
    page = clinic_page
    carol = make_clinician("carol")
    alice = make_patient("alice", clinicians=(carol,))
    make_alert(alice)
    clinic_sign_in(page, "carol", PASSWORD)
    for path in ("/clinic/", "/clinic/alerts/"):
        page.goto(path)
        small = page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                .filter((el) => el.offsetParent !== null)
                .map((el) => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
                .filter(([, box]) => box.height < 44 || box.width < 44)
                .map(([text, box]) => `${text}: ${Math.round(box.width)}x${Math.round(box.height)}`)""",
            TARGETS,
        )
        assert page.locator(TARGETS).count() > 5
        assert not small, f"{path}: targets under 44 px: {small}"
