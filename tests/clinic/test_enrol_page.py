"""The enrolment page (/clinic/enrol/): who gets it, validation, the invite code shown once."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from patients.models import CareTeamMembership, Invite, Patient
from tests.clinic.pages_helpers import browser_for, make_operator
from tests.conftest import Cast

ENROL = "/clinic/enrol/"
ACTIVATE = "/api/v1/auth/activate/"
GOOD = {
    "display_name": "Nina Patel",
    "affected_side": "left",
    "stage": "Tönnis 2",
    "diagnosis_date": "2026-06-01",
    "walking_aid": "cane",
    "weight_bearing": "partial",
    "timezone": "Europe/Berlin",
    "email": "",
}


def _code(body: str) -> str:
    found = re.search(r'<p class="code" id="the-code">([^<]+)</p>', body)
    assert found is not None, body
    return found.group(1)


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("clinician", 200),
        ("other_clinician", 200),
        ("patient", 302),
        ("caregiver", 302),
        ("anonymous", 302),
        ("operator", 403),
    ],
)
def test_the_enrol_page_is_for_clinicians(cast: Cast, caller: str, expected: int) -> None:
    user = make_operator() if caller == "operator" else cast.user(caller)
    for method in ("get", "post"):
        response = getattr(browser_for(user), method)(ENROL, GOOD)
        assert response.status_code == expected, (caller, method)
        assert "no-store" in response["Cache-Control"]
        if caller in ("patient", "caregiver"):
            assert response["Location"] == "/app/"
        if caller == "anonymous":
            assert response["Location"].startswith("/clinic/signin/?next=")
    # Only the two clinicians' posts made patients.
    made = Patient.objects.filter(display_name="Nina Patel").count()
    assert made == (1 if caller in ("clinician", "other_clinician") else 0)


def test_the_header_links_to_the_enrol_page(cast: Cast) -> None:
    body = browser_for(cast.carol).get("/clinic/").content.decode()
    assert f'href="{ENROL}"' in body
    assert "Enrol a patient" in body


def test_enrolling_creates_the_patient_and_shows_a_code_that_activates(
    cast: Cast, settings: Any
) -> None:
    settings.HIPWELL = {**settings.HIPWELL, "PUBLIC_URL": "https://hipwell.example"}
    response = browser_for(cast.carol).post(ENROL, GOOD)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    patient = Patient.objects.get(display_name="Nina Patel")
    assert (patient.affected_side, patient.walking_aid, patient.weight_bearing) == (
        "left",
        "cane",
        "partial",
    )
    assert (patient.timezone, patient.stage, str(patient.diagnosis_date)) == (
        "Europe/Berlin",
        "Tönnis 2",
        "2026-06-01",
    )
    assert CareTeamMembership.objects.filter(patient=patient, clinician=cast.carol).exists()
    code = _code(body)
    assert "Shown once." in body
    assert f"https://hipwell.example/app/activate/?code={code}" in body
    # The QR code is inline SVG without style attributes (the CSP refuses them).
    svg = re.search(r"<svg[^>]*>.*?</svg>", body, re.S)
    assert svg is not None
    assert "style=" not in svg.group(0)
    assert "<title>QR code of the activation link for Nina Patel</title>" in svg.group(0)
    assert code not in Invite.objects.get(patient=patient).code_hash
    # The code works once, with consent, through the API.
    activation = {"invite_code": code, "username": "nina", "password": "a-long-Secret-42"}
    refused = APIClient().post(ACTIVATE, {**activation, "consent": False}, format="json")
    assert refused.status_code == 400
    done = APIClient().post(ACTIVATE, {**activation, "consent": True}, format="json")
    assert done.status_code == 201, done.content
    patient.refresh_from_db()
    assert patient.user is not None
    assert patient.user.username == "nina"
    again = APIClient().post(
        ACTIVATE, {**activation, "username": "nina2", "consent": True}, format="json"
    )
    assert again.status_code == 400


def test_a_blank_form_is_refused_with_a_summary_linking_to_each_field(cast: Cast) -> None:
    response = browser_for(cast.carol).post(ENROL, {"timezone": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert '<a href="#id_display_name">Enter the name the patient goes by</a>' in body
    assert '<a href="#id_affected_side">Choose the affected hip</a>' in body
    assert '<a href="#id_timezone">Choose the patient&#x27;s timezone</a>' in body
    assert not Patient.objects.filter(display_name="").exists()


@pytest.mark.parametrize(
    ("field", "value", "anchor", "words"),
    [
        ("timezone", "Mars/Olympus", "id_timezone", "is not a timezone people live in"),
        ("timezone", "Europe/../UTC", "id_timezone", "is not a timezone people live in"),
        ("diagnosis_date", "2099-01-01", "id_diagnosis_date", "cannot be in the future"),
        ("diagnosis_date", "yesterday", "id_diagnosis_date", "Date has wrong format"),
        ("email", "not-an-email", "id_email", "Enter a valid email address"),
        ("display_name", "Nina\nPatel", "id_display_name", ""),
        ("weight_bearing", "none", "id_weight_bearing", "not a valid choice"),
    ],
)
def test_the_api_serializer_refuses_bad_values_at_their_field(
    cast: Cast, field: str, value: str, anchor: str, words: str
) -> None:
    response = browser_for(cast.carol).post(ENROL, {**GOOD, field: value})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<a href="#{anchor}">' in body
    assert words in body
    assert not Patient.objects.filter(display_name__startswith="Nina").exists()


def test_the_form_needs_its_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.carol)
    page = client.get(ENROL)
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post(ENROL, GOOD)
    assert response.status_code == 403
    assert not Patient.objects.filter(display_name="Nina Patel").exists()
