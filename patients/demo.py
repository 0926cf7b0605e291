"""Demo accounts for ``seed_demo``: one clinician and three patients."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from patients.models import CareTeamMembership, Patient, Role, User

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
    story: str  # "improving" | "stable" | "deteriorating": later seeders shape diaries by it


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
)


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
        patients.append((patient, demo))
    return clinician, patients
