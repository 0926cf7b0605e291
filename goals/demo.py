"""Demo goals and range-of-motion measurements, shaped by each demo patient's story."""

from __future__ import annotations

import datetime

from diaries.selectors import patient_today
from exercises.selectors import plan_list
from goals import services as goal_services
from goals.models import Goal
from patients.demo import DemoPatient
from patients.models import Patient, User


def _goals(patient: Patient, demo: DemoPatient, clinician: User, today: datetime.date) -> None:
    due = today + datetime.timedelta(days=45)
    plan = plan_list(patient=patient).first()  # the newest: the one the demo just prescribed
    weekly = sum(item.per_week for item in plan.items.all()) if plan is not None else 3
    side = demo.affected_side if demo.affected_side in ("left", "right") else "left"
    # Flexion measured at the first visit and again today.
    for measured_on, degrees in ((today - datetime.timedelta(weeks=6), 85), (today, 95)):
        goal_services.measurement_record(
            patient=patient, recorded_by=clinician, movement="flexion", degrees=degrees,
            measured_on=measured_on, side=side, note="Measured at the visit (demo).",
        )  # fmt: skip
    story_goal = {
        "improving": {"metric": "walking_distance_m", "baseline": 600, "target": 2200,
                      "title": "Walk 2.2 km comfortably"},
        "stable": {"metric": "pain_activity", "baseline": 5, "target": 2,
                   "title": "Pain on activity at most 2/10"},
        "deteriorating": {"metric": "pain_night", "baseline": 3, "target": 1,
                          "title": "Night pain at most 1/10"},
        "gradual_decline": {"metric": "pain_activity", "baseline": 3, "target": 2,
                            "title": "Pain on activity at most 2/10"},
        "low_mood": {"metric": "walking_distance_m", "baseline": 900, "target": 1500,
                     "title": "Walk 1.5 km most days"},
    }[demo.story]  # fmt: skip
    goals: list[dict[str, object]] = [
        {**story_goal, "due_date": due},
        {"metric": "sessions_per_week", "baseline": 0, "target": weekly, "due_date": due,
         "title": f"Every prescribed session: {weekly} a week"},
        {"metric": "rom_flexion", "side": side, "baseline": 85, "target": 105, "due_date": due,
         "title": "Hip flexion to 105 degrees"},
    ]  # fmt: skip
    for values in goals:
        goal_services.goal_create(patient=patient, created_by=clinician, values=values)


def seed(clinician: User, patients: list[tuple[Patient, DemoPatient]]) -> None:
    """Give each demo patient goals on their story's measure, sessions and flexion; idempotent."""
    for patient, demo in patients:
        if Goal.objects.filter(patient=patient).exists():
            continue
        _goals(patient, demo, clinician, patient_today(patient))
