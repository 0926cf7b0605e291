"""The one place that builds the links people are sent in emails, pushes and the inbox.

The clinician and patient pages these point at come in a later issue; when they
land, this module is the only thing that changes. Every link is absolute, on
HIPWELL_PUBLIC_URL, so it works from a mail client as well as from the app.
"""

from __future__ import annotations

from django.conf import settings


def _base() -> str:
    return str(settings.HIPWELL["PUBLIC_URL"]).rstrip("/")


def absolute_url(link: str) -> str:
    """Return a link as an absolute URL (rows written before links were absolute are paths)."""
    if not link or "://" in link:
        return link
    return _base() + "/" + link.lstrip("/")


def clinician_patient_url(patient_id: int) -> str:
    """Return the clinician's page of one patient."""
    return f"{_base()}/clinic/patients/{int(patient_id)}/"


def clinician_alert_url(alert_id: int) -> str:
    """Return the clinician's page of one alert."""
    return f"{_base()}/clinic/alerts/{int(alert_id)}/"


def patient_app_url(section: str = "") -> str:
    """Return a section of the patient app (its home page when no section is given)."""
    section = section.strip("/")
    return f"{_base()}/app/" + (f"{section}/" if section else "")
