"""Demo plans and six weeks of sessions, shaped by each demo patient's story."""

from __future__ import annotations

import datetime
import random
import uuid

from diaries.selectors import patient_today
from exercises import services
from exercises.models import ExercisePlan, ExerciseSession, PlanItem
from patients.demo import DemoPatient
from patients.models import Patient, User

WEEKS = 6
# Exercises per weight-bearing status: each suits the status (checked by plan_create).
PLAN_EXERCISES = {
    "full": ["glute-bridge", "side-lying-hip-abduction", "stationary-cycling", "sit-to-stand",
             "single-leg-stance-supported", "water-walking-forwards"],
    "partial": ["glute-bridge", "clamshell", "standing-hip-abduction-supported",
                "stationary-cycling", "supported-weight-shifts", "aquatic-hip-abduction"],
    "protected": ["isometric-glute-squeeze", "heel-slides", "abdominal-bracing",
                  "upper-body-ergometer", "deep-water-running", "aquatic-hip-flexion"],
}  # fmt: skip
DAY = datetime.timedelta(days=1)


def _adherence(story: str, week: int) -> float:
    """Return the chance a prescribed session is done in a week (0 = oldest)."""
    if story == "improving":
        return 0.92
    if story in ("stable", "gradual_decline"):
        return 0.7
    if story == "low_mood":
        # Low mood saps the energy for exercise: the last week drops off.
        return (0.85, 0.85, 0.8, 0.8, 0.75, 0.4)[week]
    return (0.85, 0.85, 0.75, 0.5, 0.3, 0.15)[week]


def _pain_during(story: str, week: int, rng: random.Random) -> int:
    base = {
        "improving": 4 - 0.4 * week,
        "stable": 3.0,
        "gradual_decline": 3 + 0.3 * week,
        "low_mood": 3.0,
    }.get(story, 3 + 0.8 * week)
    return max(0, min(10, round(base + rng.gauss(0, 0.7))))


def _session_days(monday: datetime.date, per_week: int) -> list[datetime.date]:
    """Spread a week's sessions evenly from Monday."""
    step = 7 / per_week
    return [monday + datetime.timedelta(days=int(n * step)) for n in range(per_week)]


def _sessions(
    patient: Patient, demo: DemoPatient, plan: ExercisePlan, today: datetime.date
) -> None:
    rng = random.Random(f"hipwell-demo-sessions-{demo.username}")
    rows = []
    for item in PlanItem.objects.filter(plan=plan).select_related("exercise"):
        for week in range(WEEKS):
            monday = plan.starts_on + datetime.timedelta(weeks=week)
            for day in _session_days(monday, item.per_week):
                if day >= today or rng.random() > _adherence(demo.story, week):
                    continue
                pain = _pain_during(demo.story, week, rng)
                rows.append(
                    ExerciseSession(
                        patient=patient,
                        client_id=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{item.pk}:{day}"),
                        plan_item=item, date=day, sets_done=item.sets, reps_done=item.reps,
                        minutes=item.minutes, rpe=max(2, min(8, pain + 1)), pain_during=pain,
                        pain_after=max(0, pain - 1), logged_by=patient.user,
                    )
                )  # fmt: skip
    ExerciseSession.objects.bulk_create(rows, ignore_conflicts=True)


def seed(clinician: User, patients: list[tuple[Patient, DemoPatient]]) -> None:
    """Give each demo patient a plan fitting their weight-bearing, and sessions; idempotent."""
    for patient, demo in patients:
        if ExercisePlan.objects.filter(patient=patient).exists():
            continue
        today = patient_today(patient)
        plan = services.plan_create(
            patient=patient,
            prescribed_by=clinician,
            title="Hip strength, mobility and pool programme",
            items=[{"exercise": slug} for slug in PLAN_EXERCISES[patient.weight_bearing]],
            starts_on=today - datetime.timedelta(weeks=WEEKS),
            reminders=[
                {"kind": "exercise", "times": [datetime.time(17, 0)], "weekdays": [0, 2, 4],
                 "channels": ["inbox", "push"]},
                {"kind": "aquatic", "times": [datetime.time(10, 0)], "weekdays": [5],
                 "channels": ["inbox", "push"]},
            ],
        )  # fmt: skip
        _sessions(patient, demo, plan, today)
