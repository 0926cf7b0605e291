"""What people are told: plain words for patients, precise words for clinicians."""

from __future__ import annotations

from reminders.models import DELIVERY_TITLE_LENGTH, Alert, ReminderKind, Rule

URGENT_CARE = (
    "If you have sudden severe pain, cannot put weight on your leg, have hurt yourself "
    "in a fall, or feel feverish or unwell, do not wait: seek urgent care now "
    "(call your local emergency number or go to an emergency department)."
)

_PATIENT_OPENERS = {
    Rule.PAIN_SPIKE: "Your pain today is much higher than is usual for you.",
    Rule.INSTABILITY: "You told us your hip gave way.",
    Rule.FALL: "You told us you had a fall.",
    Rule.WALKING_DECLINE: "Walking seems to have become harder for you than it was recently.",
    Rule.NIGHT_PAIN: "Your hip has been painful at night for several nights in a row.",
    Rule.NEW_LIMP: "You noted a limp that is worse than before.",
}


def patient_advice(rule: str) -> tuple[str, str]:
    """Return a calm title and body for the patient about a red flag."""
    opener = _PATIENT_OPENERS.get(Rule(rule), "Something in your diary needs a closer look.")
    body = (
        f"{opener} Your care team has been told and will look at your diary and contact "
        f"you. Until then, rest the hip, use your walking aid if you have one, and avoid "
        f"the activities that make it worse. {URGENT_CARE}"
    )
    return ("Your care team has been told", body)


def clinician_alert(alert: Alert, *, escalated: bool = False) -> tuple[str, str]:
    """Return a title and body telling a clinician which rule fired and why."""
    patient = alert.patient.display_name
    prefix = "ESCALATED: still open - " if escalated else ""
    title = (
        f"{prefix}{alert.get_severity_display()} red flag for {patient}: {alert.get_rule_display()}"
    )
    # Titles become email subjects: one line, whatever was typed as the patient's name.
    title = " ".join(title.split())
    body = (
        f"{alert.reason} Diary day: {alert.diary_date.isoformat()}. "
        "Please review the diary and acknowledge the alert in Hipwell."
    )
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
