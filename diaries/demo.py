"""Ninety days of realistic diaries for the demo patients."""

from __future__ import annotations

import datetime
import random

from diaries.models import DiaryChange, DiaryEntry
from diaries.selectors import patient_today
from diaries.services import diary_history_import, diary_history_record
from patients.demo import DemoPatient
from patients.models import Patient, User

DAYS = 90


def _clamp(value: float, low: int = 0, high: int = 10) -> int:
    return max(low, min(high, round(value)))


# The gradual decline: pain on activity creeps up by this much over the last 4 weeks,
# slowly at first, so no day crosses a daily red-flag threshold but the last week's
# mean ends about 2 points above the three weeks before.
CREEP_POINTS = 3.5
CREEP_DAYS = 28


def _quiet_story_values(story: str, days_left: int, rng: random.Random) -> dict[str, object]:
    """Return a day of the stories that no daily threshold catches: creeping pain, low mood."""
    t = max(0, CREEP_DAYS - days_left) if story == "gradual_decline" else 0
    creep = CREEP_POINTS * (t / CREEP_DAYS) ** 2
    low_week = story == "low_mood" and days_left <= 6
    values: dict[str, object] = {
        "pain_rest": _clamp(1.5 + 0.6 * creep + rng.gauss(0, 0.3)),
        "pain_activity": _clamp(3 + creep + rng.gauss(0, 0.4)),
        "pain_night": _clamp(1.5 + 0.4 * creep + rng.gauss(0, 0.4)),
        "stiffness": _clamp(2.5 + 0.5 * creep + rng.gauss(0, 0.4)),
        "sleep_interference": _clamp((5.5 if low_week else 1.5) + rng.gauss(0, 0.5)),
        "mood": _clamp((7.6 if low_week else 2.5) + rng.gauss(0, 0.4), low=7 if low_week else 0),
        "walking_distance_m": max(0, int(round(1000 + rng.gauss(0, 80), -1))),
        "limp": "none",
        "walking_aid": "cane" if story == "low_mood" else "none",
        "instability": False,
        "fall": False,
        "note": "",
    }
    if low_week and days_left in (5, 1):
        values["note"] = (
            "Feeling low and not sleeping well."
            if days_left == 5
            else "Hard to get motivated for anything this week."
        )
    return values


def _day_values(story: str, day: int, rng: random.Random) -> dict[str, object]:
    """Return one day's diary for a story; ``day`` counts 0 (oldest) to DAYS-1 (today)."""
    if story in ("gradual_decline", "low_mood"):
        return _quiet_story_values(story, DAYS - 1 - day, rng)
    progress = day / (DAYS - 1)
    if story == "improving":
        pain, walk = 6 - 3.5 * progress, 600 + 1400 * progress
    elif story == "stable":
        pain, walk = 4.0, 1100.0
    else:
        pain, walk = 3.5 + 0.5 * progress, 1300 - 200 * progress
    values: dict[str, object] = {
        # Rest pain moves little from day to day; the next morning's value feeds the
        # exercise advice, so jumpy noise here would read as overnight flare-ups.
        "pain_rest": _clamp(pain - 1.5 + rng.gauss(0, 0.3)),
        "pain_activity": _clamp(pain + rng.gauss(0, 1.0)),
        "pain_night": _clamp(pain - 2 + rng.gauss(0, 0.8)),
        "stiffness": _clamp(pain - 0.5 + rng.gauss(0, 0.8)),
        "sleep_interference": _clamp(pain - 1.5 + rng.gauss(0, 1.0)),
        "mood": _clamp(pain - 1 + rng.gauss(0, 1.0)),
        "walking_distance_m": max(0, int(round(walk + rng.gauss(0, 120), -1))),
        "limp": "slight" if pain >= 4 else "none",
        "walking_aid": "cane"
        if story == "stable"
        else ("crutches" if story == "deteriorating" else "none"),
        "instability": False,
        "fall": False,
        "note": "",
    }
    days_left = DAYS - 1 - day
    if story == "deteriorating" and days_left <= 6:
        # The last week: a sharp rise in pain, night pain that persists, a fall.
        values.update(
            pain_rest=_clamp(6 + (6 - days_left) * 0.4),
            pain_activity=_clamp(8 + (6 - days_left) * 0.3),
            pain_night=_clamp(6 + (6 - days_left) * 0.3),
            sleep_interference=7,
            walking_distance_m=max(100, 500 - (6 - days_left) * 60),
            limp="marked",
        )
        if days_left == 2:
            values.update(
                fall=True, instability=True, note="Hip gave way on the stairs and I fell."
            )
    return values


def seed(clinician: User, patients: list[tuple[Patient, DemoPatient]]) -> None:
    """Give each demo patient 90 days of diaries (with a few missed days); idempotent.

    Written through ``diary_history_import``, so each day has its revision and its
    changes-feed row and an offline client syncing from an empty cursor gets the
    whole demo history. A database seeded before that gets the missing rows once.
    """
    for patient, demo in patients:
        if DiaryEntry.objects.filter(patient=patient).exists():
            _record_unlogged_history(patient)
            continue
        rng = random.Random(f"hipwell-demo-{demo.username}")
        today = patient_today(patient)
        days: dict[datetime.date, dict[str, object]] = {}
        for day in range(DAYS):
            if rng.random() < 0.08 and day < DAYS - 8:
                continue  # missed days are part of real diaries
            date = today - datetime.timedelta(days=DAYS - 1 - day)
            days[date] = _day_values(demo.story, day, rng)
        diary_history_import(patient=patient, days=days, actor=_author(patient))


def _author(patient: Patient) -> User | None:
    # The patient keeps their own diary.
    return patient.user


def _record_unlogged_history(patient: Patient) -> None:
    """Log the demo days an older seed_demo stored without revisions or feed rows."""
    if DiaryChange.objects.filter(patient=patient).exists():
        return
    entries = list(DiaryEntry.objects.filter(patient=patient))
    diary_history_record(patient=patient, entries=entries, actor=_author(patient))
