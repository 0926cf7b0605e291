"""What the patients app announces to the apps above it (see ``core.hooks``)."""

from __future__ import annotations

from typing import Protocol

from core.hooks import Hook
from patients.models import Patient


class PatientChanged(Protocol):
    def __call__(self, *, patient: Patient) -> None: ...


patient_enrolled: Hook[PatientChanged] = Hook("patients.patient_enrolled", required=False)
"""A clinician enrolled a patient; called inside the enrolment's transaction.

The reminders app gives the patient the default diary reminder. Optional: a
deployment without reminders simply has no schedules to create.
"""

patient_clock_changed: Hook[PatientChanged] = Hook("patients.patient_clock_changed", required=False)
"""The patient's timezone or quiet hours changed; called inside the update's transaction.

The reminders app recomputes when each schedule is next due. Optional: without
reminders there is nothing to recompute.
"""
