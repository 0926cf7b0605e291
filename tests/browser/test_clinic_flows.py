"""Browser tests of the clinician's work: triage, acknowledging, live rows, email links."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from diaries.selectors import patient_today
from patients.demo import DEMO_CLINICIAN, DEMO_PASSWORD
from reminders import dispatch, tasks
from reminders.models import Alert, AlertEvaluation
from tests.browser.conftest import App, axe, clinic_shot, clinic_sign_in
from tests.clinic.pages_helpers import make_alert
from tests.exercises.helpers import ensure_library
from tests.factories import PASSWORD, make_clinician, make_patient
from tests.reminders.helpers import STEADY, steady_history

BOTH = pytest.mark.parametrize("clinic_page", ["desktop", "tablet"], indirect=True)


def _fall_through_the_api(patient: Any) -> Alert:
    """The patient saves today's diary with a fall; the alert evaluation runs here, now."""
    today = patient_today(patient)
    api = APIClient()
    api.force_authenticate(user=patient.user)
    saved = api.put(f"/api/v1/patients/me/diary/{today}/", {**STEADY, "fall": True}, format="json")
    assert saved.status_code in (200, 201), saved.content
    owed = list(
        AlertEvaluation.objects.filter(processed_at__isnull=True).values_list("pk", flat=True)
    )
    tasks.evaluate_diary_days(owed)  # what the worker would do; no worker runs in tests
    return Alert.objects.get(patient=patient, rule="fall", status="open")


@BOTH
def test_the_caseload_shows_the_deteriorating_demo_patient_first(
    clinic_page: Any, settings: Any
) -> None:
    page = clinic_page
    ensure_library()
    call_command("seed_demo", "--force", stdout=None)
    first_alerted = Alert.objects.filter(status="open", rule="fall").order_by("created_at").first()
    assert first_alerted is not None, "the demo has a patient with an open fall alert"
    clinic_sign_in(page, DEMO_CLINICIAN, DEMO_PASSWORD)
    first = page.locator("table.caseload tbody tr").first
    first.get_by_role("link", name=first_alerted.patient.display_name).wait_for()
    assert "Fall reported" in first.locator(".reasons").inner_text()
    axe(page)
    clinic_shot(page, "caseload-demo")
    page.get_by_label("With open alerts").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"alerts=1"))
    axe(page)
    clinic_shot(page, "caseload-alerts-only")


@BOTH
def test_acknowledge_an_alert_with_a_note_and_read_it_through_the_api(clinic_page: Any) -> None:
    page = clinic_page
    carol = make_clinician("carol")
    alice = make_patient("alice", clinicians=(carol,))
    alert = make_alert(alice, reason="Fall reported; walked on after it.")
    clinic_sign_in(page, "carol", PASSWORD)
    page.get_by_role("navigation", name="Clinic").get_by_role("link", name="Alerts").click()
    page.get_by_role("heading", name="Alerts", level=1).wait_for()
    item = page.locator(f"#alert-{alert.pk}")
    item.get_by_label("Note (optional)").fill("Rang Alice: no injury, seen Friday.")
    page.evaluate("window.__stillHere = true")
    item.get_by_role("button", name="Acknowledge").click()
    acknowledged = page.locator(f"#alert-{alert.pk} .acknowledged")
    acknowledged.wait_for()
    assert "Note: Rang Alice: no injury, seen Friday." in acknowledged.inner_text()
    assert page.evaluate("window.__stillHere === true"), "the page reloaded"
    assert page.locator("#unread-count .badge").count() == 0
    axe(page)
    clinic_shot(page, "alerts-acknowledged")
    answer = page.request.get(f"/api/v1/alerts/{alert.pk}/")
    assert answer.ok
    assert answer.json()["acknowledge_note"] == "Rang Alice: no injury, seen Friday."
    assert answer.json()["status"] == "acknowledged"


def test_a_fall_saved_through_the_api_appears_on_the_open_caseload(
    clinic_page: Any, settings: Any
) -> None:
    settings.HIPWELL_CLINIC_POLL_SECONDS = 1
    page = clinic_page
    carol = make_clinician("carol")
    alice = make_patient("alice", clinicians=(carol,))
    steady = make_patient("steady", clinicians=(carol,))
    steady_history(steady)
    steady_history(alice)
    clinic_sign_in(page, "carol", PASSWORD)
    assert page.locator("table.caseload tbody tr").first.get_by_role("link").inner_text() == (
        "Alice"
    )
    page.evaluate("window.__stillHere = true")
    _fall_through_the_api(alice)
    first = page.locator("table.caseload tbody tr").first
    first.locator(".reasons", has_text="Fall reported today").wait_for(timeout=15_000)
    assert first.get_by_role("link").inner_text() == "Alice"
    assert page.evaluate("window.__stillHere === true"), "the page reloaded"
    page.locator("#unread-count .badge", has_text="1").wait_for()  # the header's count too
    clinic_shot(page, "caseload-live")


def test_an_alert_emails_link_opens_the_patient_page_at_the_alert(
    clinic_page: Any, settings: Any, tmp_path: Path, app: App
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.HIPWELL = {**settings.HIPWELL, "PUBLIC_URL": app.url}
    page = clinic_page
    carol = make_clinician("carol")
    alice = make_patient("alice", clinicians=(carol,))
    steady_history(alice)
    clinic_sign_in(page, "carol", PASSWORD)
    alert = _fall_through_the_api(alice)
    dispatch.dispatch_due()  # the real delivery path: the clinician's email
    mail = "\n".join(p.read_text() for p in tmp_path.iterdir())
    assert "carol@example.org" in mail
    links = re.findall(r"https?://[^\s\"'<>]+/clinic/alerts/\d+/", mail)
    assert links, mail[:2000]
    assert links[0] == f"{app.url}/clinic/alerts/{alert.pk}/"
    page.goto(links[0])
    assert page.url == f"{app.url}/clinic/patients/{alice.pk}/#alert-{alert.pk}"
    target = page.locator(f"#alert-{alert.pk}")
    target.wait_for()
    assert "Fall" in target.inner_text()
    assert page.evaluate("location.hash") == f"#alert-{alert.pk}"
    axe(page)
    clinic_shot(page, "patient-from-email")
