"""A patient with weeks of data for the browser tests of Exercises, Progress, Inbox,
Settings and Learn: a plan in force with one aquatic item, some sessions, diary days,
goals and inbox messages. Everything is written through the services or models, on
the suite's fixed clock (2026-11-18), so the screens show the same thing every run."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from diaries.models import DiaryEntry
from diaries.selectors import patient_today
from exercises import services as exercise_services
from exercises.models import ExercisePlan, PlanItem
from goals import services as goal_services
from patients.models import Patient, User
from reminders.models import DeliveryPurpose, Notification
from tests.exercises.helpers import ensure_library, log_sessions
from tests.factories import make_clinician, make_patient

LAND = "glute-bridge"
AQUATIC = "water-walking-forwards"


@dataclass
class Seeded:
    patient: Patient
    clinician: User
    plan: ExercisePlan
    land: PlanItem
    aquatic: PlanItem
    today: datetime.date

    @property
    def user(self) -> User:
        assert self.patient.user is not None
        return self.patient.user


def seed_patient(username: str = "alice") -> Seeded:
    carol = make_clinician("carol")
    patient = make_patient(username, clinicians=(carol,))
    today = patient_today(patient)
    ensure_library()
    plan = exercise_services.plan_create(
        patient=patient,
        prescribed_by=carol,
        title="Hip strength and pool",
        items=[
            {
                "exercise": LAND,
                "sets": 2,
                "reps": 10,
                "per_week": 3,
                "notes": "Slowly up and down.",
            },
            {"exercise": AQUATIC, "minutes": 10, "per_week": 2},
        ],
        starts_on=today - datetime.timedelta(days=42),
    )
    land, aquatic = list(plan.items.order_by("position"))
    # Six weeks of diary days: pain easing, walking further.
    for back in range(42, 0, -1):
        day = today - datetime.timedelta(days=back)
        DiaryEntry.objects.create(
            patient=patient,
            date=day,
            pain_rest=max(1, 6 - (42 - back) // 8),
            pain_activity=max(2, 7 - (42 - back) // 8),
            pain_night=max(0, 4 - (42 - back) // 10),
            stiffness=4,
            sleep_interference=3,
            walking_distance_m=400 + (42 - back) * 10,
        )
    sessions = [today - datetime.timedelta(days=d) for d in (15, 13, 11, 8, 6, 4, 1)]
    log_sessions(land, sessions, pain_during=3, rpe=4)
    log_sessions(
        aquatic,
        [today - datetime.timedelta(days=d) for d in (12, 5)],
        sets_done=0,
        reps_done=0,
        minutes=10,
    )
    goal_services.goal_create(
        patient=patient,
        created_by=carol,
        values={
            "metric": "walking_distance_m",
            "baseline": 400,
            "target": 1000,
            "due_date": today + datetime.timedelta(days=60),
        },
    )
    goal_services.goal_create(
        patient=patient,
        created_by=carol,
        values={
            "metric": "pain_night",
            "baseline": 4,
            "target": 1,
            "due_date": today + datetime.timedelta(days=30),
        },
    )
    user = patient.user
    assert user is not None
    Notification.objects.create(
        recipient=user,
        patient=patient,
        kind=DeliveryPurpose.REMINDER,
        title="Time for your exercises",
        body="Your glute bridges and pool walking are on today's list.",
        link="http://localhost/app/exercises/",
        read_at=timezone.now() - datetime.timedelta(hours=20),
    )
    Notification.objects.create(
        recipient=user,
        patient=patient,
        kind=DeliveryPurpose.MILESTONE,
        title="You reached 50% of your walking goal",
        body="Well done: you walk 700 m comfortably now. Keep going at your own pace.",
        link="/app/progress/",
    )
    return Seeded(
        patient=patient, clinician=carol, plan=plan, land=land, aquatic=aquatic, today=today
    )
