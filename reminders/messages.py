"""What people are told: plain words for patients, precise words for clinicians."""

from __future__ import annotations

import datetime

from reminders.models import DELIVERY_TITLE_LENGTH, Alert, EscalationLevel, ReminderKind

# What a patient (and a caregiver they chose) is told about a red flag is worded by
# severity in reminders/guidance.py, the same words the diary PUT answers with.


def day_label(day: datetime.date, *, year: bool = True) -> str:
    """Return a diary day as a person reads it: "5 Dec 2026" (or "5 Dec")."""
    return f"{day.day} {day:%b}" + (f" {day.year}" if year else "")


def day_range(first: datetime.date, last: datetime.date, count: int) -> str:
    """Return "Diary day: 5 Dec 2026" or "Diary days: 2 Dec to 5 Dec 2026 (4 days)"."""
    if first == last:
        return f"Diary day: {day_label(first)}"
    start = day_label(first, year=first.year != last.year)
    return f"Diary days: {start} to {day_label(last)} ({count} days)"


def open_for_label(open_for: datetime.timedelta) -> str:
    """Return how long an alert has been open: "45 min", "4 h 1 min", "2 days 3 h"."""
    minutes = max(int(open_for.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (f" {hours} h" if hours else "")
    if hours:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{minutes} min"


def _evidence_day_count(alert: Alert) -> int:
    days = alert.evidence.get("days") if isinstance(alert.evidence, dict) else None
    if isinstance(days, list) and days:
        return len(days)
    return (alert.last_day - alert.first_day).days + 1


def clinician_alert(
    alert: Alert,
    *,
    escalation_level: int = EscalationLevel.RESPONSIBLE,
    open_for: datetime.timedelta | None = None,
) -> tuple[str, str]:
    """Return a title and body telling a clinician which rule fired, why, and over which days.

    The alert's reason is its latest day's. An escalation says which step of the
    ladder it is and how long the alert has been open without an acknowledgement.
    """
    patient = alert.patient.display_name
    prefix = ""
    lead = ""
    if escalation_level > EscalationLevel.RESPONSIBLE:
        level = EscalationLevel(escalation_level)
        still = f", open {open_for_label(open_for)}" if open_for is not None else ""
        prefix = f"ESCALATED (level {level.value}{still}): "
        since = f" for {open_for_label(open_for)}" if open_for is not None else ""
        lead = (
            f"Escalation level {level.value} of {EscalationLevel.CONTACT.value} "
            f"({level.label.lower()}): this alert has been open{since} and no one has "
            "acknowledged it yet. "
        )
    title = (
        f"{prefix}{alert.get_severity_display()} red flag for {patient}: {alert.get_rule_display()}"
    )
    # Titles become email subjects: one line, whatever was typed as the patient's name.
    title = " ".join(title.split())
    days = day_range(alert.first_day, alert.last_day, _evidence_day_count(alert))
    latest = (
        f"{alert.reason} "
        if alert.first_day == alert.last_day
        else f"Latest day ({day_label(alert.last_day)}): {alert.reason} "
    )
    body = f"{lead}{days}. {latest}Please review the diary and acknowledge the alert in Hipwell."
    return (title[:DELIVERY_TITLE_LENGTH], body)


_REMINDER_TEXT = {
    ReminderKind.DIARY: ("Time for your hip diary", "A minute now: how was your hip today?"),
    ReminderKind.EXERCISE: ("Today's exercises", "Your exercises for today are ready. Go gently."),
    ReminderKind.PACING: ("Time for a short break", "Pause for 5 minutes: sit, stretch, breathe."),
    ReminderKind.MEDICATION: ("Medication reminder", "It is time for your planned medication."),
    ReminderKind.AQUATIC: ("Aquatic session", "Your aquatic therapy session is coming up."),
    ReminderKind.CUSTOM: ("Reminder", "A reminder from your care plan."),
}


def reminder_text(kind: str, message: str) -> tuple[str, str]:
    title, default_body = _REMINDER_TEXT.get(
        ReminderKind(kind), _REMINDER_TEXT[ReminderKind.CUSTOM]
    )
    return (title, message or default_body)
