"""Whether an exercise or aquatic reminder is moot: that day's sessions are already logged.

The reminders app asks this before sending (``reminders.skips``); this module
knows nothing of reminders beyond the kind and source it is given.
"""

from __future__ import annotations

import datetime

from core.validators import parse_object_id
from exercises import adherence, selectors
from exercises.models import Setting
from patients.models import Patient

KIND_SETTINGS = {"exercise": Setting.LAND.value, "aquatic": Setting.AQUATIC.value}
PLAN_SOURCE = "plan:"


def exercise_reminder_moot(*, patient: Patient, day: datetime.date, kind: str, source: str) -> str:
    """Return why an exercise reminder of ``kind`` for ``day`` is moot, or "" to send it.

    Moot when, on that local day, every item of that setting in the plan in force
    is done that day or has met its share of the week (see ``adherence.day_is_done``);
    and when a plan-made reminder (``source`` "plan:<id>") belongs to a plan not in
    force that day. Other kinds of reminder are never moot here.
    """
    if kind not in KIND_SETTINGS:
        return ""
    items, sessions = selectors.sessions_in_week(
        patient=patient, day=day, setting=KIND_SETTINGS[kind]
    )
    if source.startswith(PLAN_SOURCE) and all(
        f"{PLAN_SOURCE}{item.plan_id}" != source for item in items
    ):
        return "the plan this reminder belongs to has no such exercises in force"
    # Each plan's own days, as adherence counts them: a plan ending midweek owes only
    # its share of the week, so the days it was not in force ask nothing of it.
    spans = selectors.item_spans(items)
    if adherence.day_is_done(spans, sessions, day):
        return "that day's exercise sessions are already logged"
    return ""


def plan_reminder_over(*, patient: Patient, day: datetime.date, source: str) -> bool:
    """Tell whether a plan-made reminder's plan is over for good by ``day`` (one query).

    Over when the plan ended before that day, was withdrawn before it started, or is
    not the patient's; a plan not yet started is not over. Other sources never are.
    """
    if not source.startswith(PLAN_SOURCE):
        return False
    plan_id = parse_object_id(source.removeprefix(PLAN_SOURCE))
    if plan_id is None:
        return True
    return not selectors.plans_live_from(patient=patient, day=day).filter(pk=plan_id).exists()
