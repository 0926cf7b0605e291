"""Skip an exercise or aquatic reminder when that day's sessions are already logged."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from exercises import adherence, selectors
from exercises.models import Setting
from reminders.models import Delivery

KIND_SETTINGS = {"exercise": Setting.LAND.value, "aquatic": Setting.AQUATIC.value}


def exercise_sessions_logged(delivery: Delivery) -> str:
    """Return why an exercise reminder is moot, or "" to send it.

    Moot when, on the patient's local day of the reminder, every item of that
    setting in the active plan is done that day or has met its weekly target (see
    ``adherence.day_is_done``); and when a plan-made reminder outlived its plan.
    """
    schedule = delivery.schedule
    if delivery.purpose != "reminder" or schedule is None or schedule.kind not in KIND_SETTINGS:
        return ""
    patient = schedule.patient
    day = delivery.due_at.astimezone(ZoneInfo(patient.timezone)).date()
    items, sessions = selectors.sessions_in_week(
        patient=patient, day=day, setting=KIND_SETTINGS[schedule.kind]
    )
    if schedule.source.startswith("plan:") and all(
        f"plan:{item.plan_id}" != schedule.source for item in items
    ):
        return "the plan this reminder belongs to has no such exercises in force"
    spans = [
        adherence.ItemSpan(item.pk, item.per_week, item.plan.starts_on, None) for item in items
    ]
    if adherence.day_is_done(spans, sessions, day):
        return "that day's exercise sessions are already logged"
    return ""
