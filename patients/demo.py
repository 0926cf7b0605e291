"""Demo accounts for ``seed_demo``: one clinician, five patients, the care team's contacts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from patients.models import CareTeamContact, CareTeamMembership, Patient, Role, User
from patients.services import care_team_contact_replace

DEMO_PASSWORD = "hipwell-demo"  # noqa: S105 - published demo credentials, refused outside DEBUG
DEMO_CLINICIAN = "demo-clinician"


@dataclass(frozen=True)
class DemoPatient:
    username: str
    display_name: str
    timezone: str
    affected_side: str
    weight_bearing: str
    walking_aid: str
    # "improving" | "stable" | "deteriorating" | "gradual_decline" | "low_mood": later
    # seeders shape diaries, sessions and goals by it.
    story: str


DEMO_PATIENTS = (
    DemoPatient(
        "demo-patient-1", "Maria Keller", "Europe/Berlin", "left", "full", "none", "improving"
    ),
    DemoPatient(
        "demo-patient-2", "James Okafor", "America/New_York", "right", "partial", "cane", "stable"
    ),
    DemoPatient(
        "demo-patient-3",
        "Aroha Ngata",
        "Pacific/Auckland",
        "both",
        "protected",
        "crutches",
        "deteriorating",
    ),
    DemoPatient(
        "demo-patient-4", "Tom Hughes", "Europe/London", "right", "full", "none", "gradual_decline"
    ),
    DemoPatient(
        "demo-patient-5", "Priya Nair", "Asia/Kolkata", "left", "partial", "cane", "low_mood"
    ),
)

# The demo care team's contact details; what patient messages quote.
DEMO_CARE_TEAM_CONTACT = {
    "phone": "+44 20 7946 0000",
    "opening_hours": "Mon-Fri 08:00-18:00",
    "response_time_urgent": "within 1 hour in opening hours",
    "response_time_high": "the same working day",
    "response_time_moderate": "within 2 working days",
    "out_of_hours": (
        "When the clinic is closed, call your local out-of-hours medical service.\n"
        "If you cannot walk, hit your head or have severe pain that does not settle, "
        "call the emergency number (112 or 999) or go to the emergency department."
    ),
    "escalation_email": "clinic-lead@hipwell.local",
}


def _user(username: str, role: str, first: str = "", last: str = "") -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def seed_accounts() -> tuple[User, list[tuple[Patient, DemoPatient]]]:
    """Create (or find) the demo clinician and patients; safe to run again."""
    clinician, _ = _user(DEMO_CLINICIAN, Role.CLINICIAN, "Sam", "Rivera")
    patients = []
    for demo in DEMO_PATIENTS:
        user, _ = _user(demo.username, Role.PATIENT)
        patient, _ = Patient.objects.get_or_create(
            user=user,
            defaults={
                "display_name": demo.display_name,
                "timezone": demo.timezone,
                "affected_side": demo.affected_side,
                "weight_bearing": demo.weight_bearing,
                "walking_aid": demo.walking_aid,
                "diagnosis_date": timezone.now().date() - datetime.timedelta(days=400),
                "stage": "ARCO II",
                "consent_at": timezone.now(),
            },
        )
        CareTeamMembership.objects.get_or_create(
            patient=patient, clinician=clinician, ended_at=None, defaults={"added_by": clinician}
        )
        if not CareTeamContact.objects.filter(patient=patient).exists():
            # Only the first time: a clinician's later edits in the demo are kept.
            care_team_contact_replace(
                patient=patient, values=DEMO_CARE_TEAM_CONTACT, updated_by=clinician
            )
        patients.append((patient, demo))
    return clinician, patients
