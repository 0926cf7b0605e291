"""Browser tests of the patient page: the deteriorating demo patient, an alert acknowledged
with a note (seen through the API), the chart switches, axe and screenshots."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from patients.demo import DEMO_CLINICIAN, DEMO_PASSWORD
from patients.models import User
from reminders.models import Alert
from tests.browser.conftest import axe, clinic_shot, clinic_sign_in
from tests.exercises.helpers import ensure_library

BOTH = pytest.mark.parametrize("clinic_page", ["desktop", "tablet"], indirect=True)
NOTE = "Rang Aroha: sore after the fall, no head strike; seeing her Friday."


@BOTH
def test_open_the_deteriorating_demo_patient_and_acknowledge_an_alert_with_a_note(
    clinic_page: Any,
) -> None:
    page = clinic_page
    ensure_library()
    call_command("seed_demo", "--force", stdout=None)
    fall = Alert.objects.filter(status="open", rule="fall").order_by("created_at").first()
    assert fall is not None, "the demo has a patient with an open fall alert"
    patient = fall.patient
    clinic_sign_in(page, DEMO_CLINICIAN, DEMO_PASSWORD)
    page.locator("table.caseload").get_by_role("link", name=patient.display_name).click()
    page.get_by_role("heading", name=patient.display_name, level=1).wait_for()
    assert page.url.endswith(f"/clinic/patients/{patient.pk}/")
    header = page.locator(".patient-header")
    assert "Care team" in header.inner_text()
    assert re.search(r"Last entry (today|yesterday|\d+ days ago)", header.inner_text())
    # Every section is there, the charts loaded through the session.
    for heading in ("Alerts", "Recent diary", "Plan in force", "Goals and milestones",
                    "Measurements", "Visit report"):  # fmt: skip
        page.get_by_role("heading", name=heading, level=2).wait_for()
    page.locator("#charts").scroll_into_view_if_needed()
    for image in page.locator("#charts img").all():
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
    assert (
        "Hold" in page.locator("#plan").inner_text()
    )  # open pain and fall alerts hold progression
    axe(page)
    clinic_shot(page, "patient-demo")

    item = page.locator(f"#alert-{fall.pk}")
    item.get_by_label("Note (optional)").fill(NOTE)
    page.evaluate("window.__stillHere = true")
    item.get_by_role("button", name="Acknowledge").click()
    done = page.locator(f"#alert-{fall.pk} .acknowledged")
    done.wait_for()
    assert f"Note: {NOTE}" in done.inner_text()
    assert page.evaluate("window.__stillHere === true"), "the page reloaded"
    axe(page)
    clinic_shot(page, "patient-acknowledged")

    api = APIClient()
    api.force_authenticate(user=User.objects.get(username=DEMO_CLINICIAN))
    data = api.get(f"/api/v1/alerts/{fall.pk}/").json()
    assert data["status"] == "acknowledged"
    assert data["acknowledge_note"] == NOTE
    assert data["acknowledged_by"] == DEMO_CLINICIAN

    # Resolve it too; the page keeps the first note.
    page.locator(f"#alert-{fall.pk}").get_by_role("button", name="Resolve").click()
    page.locator(f"#alert-{fall.pk} .acknowledged", has_text="Resolved").wait_for()
    assert api.get(f"/api/v1/alerts/{fall.pk}/").json()["status"] == "resolved"

    # The chart switches: 30 days swaps the images in place and says so.
    page.locator("#charts").get_by_role("link", name="30 days").click()
    page.locator('#charts a[aria-current="true"]', has_text="30 days").wait_for()
    assert "?days=30" in (page.locator("#charts img").first.get_attribute("src") or "")
    assert page.evaluate("window.__stillHere === true"), "the page reloaded"
    page.get_by_role("heading", name="Trends over the last 30 days").wait_for()
    axe(page)


def test_without_javascript_acknowledging_returns_to_the_alert(browser: Any, app: Any) -> None:
    ensure_library()
    call_command("seed_demo", "--force", stdout=None)
    fall = Alert.objects.filter(status="open", rule="fall").order_by("created_at").first()
    assert fall is not None
    context = browser.new_context(
        java_script_enabled=False, base_url=app.url, viewport={"width": 1280, "height": 800}
    )
    try:
        page = context.new_page()
        clinic_sign_in(page, DEMO_CLINICIAN, DEMO_PASSWORD)
        page.goto(f"/clinic/alerts/{fall.pk}/")
        item = page.locator(f"#alert-{fall.pk}")
        item.get_by_label("Note (optional)").fill("Seen without scripts.")
        item.get_by_role("button", name="Acknowledge").click()
        page.wait_for_url(re.compile(rf"/clinic/patients/{fall.patient_id}/#alert-{fall.pk}$"))
        assert "Note: Seen without scripts." in page.locator(f"#alert-{fall.pk}").inner_text()
    finally:
        context.close()
