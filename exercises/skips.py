"""Whether an exercise or aquatic reminder is moot: that day's sessions are already logged.

The reminders app asks this before sending (``reminders.skips``); this module
knows nothing of reminders beyond the kind and source it is given.
"""

from __future__ import annotations

import datetime

from exercises import adherence, selectors
from exercises.models import Setting
from patients.models import Patient

KIND_SETTINGS = {"exercise": Setting.LAND.value, "aquatic": Setting.AQUATIC.value}


def exercise_reminder_moot(*, patient: Patient, day: datetime.date, kind: str, source: str) -> str:
    """Return why an exercise reminder of ``kind`` for ``day`` is moot, or "" to send it.

    Moot when, on that local day, every item of that setting in the active plan is
    done that day or has met its weekly target (see ``adherence.day_is_done``); and
    when a plan-made reminder (``source`` "plan:<id>") outlived its plan. Other
    kinds of reminder are never moot here.
    """
    if kind not in KIND_SETTINGS:
        return ""
    items, sessions = selectors.sessions_in_week(
        patient=patient, day=day, setting=KIND_SETTINGS[kind]
    )
    if source.startswith("plan:") and all(f"plan:{item.plan_id}" != source for item in items):
        return "the plan this reminder belongs to has no such exercises in force"
    spans = [
        adherence.ItemSpan(item.pk, item.per_week, item.plan.starts_on, None) for item in items
    ]
    if adherence.day_is_done(spans, sessions, day):
        return "that day's exercise sessions are already logged"
    return ""
