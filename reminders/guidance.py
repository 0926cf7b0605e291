"""What the patient is told about a red flag: plain words by severity, and how to reach a person.

Pure (the pure rules and the standard library; no Django, no database). The same
words answer a diary PUT at once (``guidance``) and fill the one inbox or push
message an evaluation sends the patient and the caregivers the patient chose.

Every sentence about the care team comes from what the team configured
(``Contact``): no phone, no "call us"; no response time, no time. Clinical advice
stays inside what docs/clinical.md and the domain notes say; nothing is diagnosed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from reminders.rules import RULES, RuleHit, severity_rank


class Contact(Protocol):
    """A care team's contact details, None where the team has not said (``CareTeamContactDetails``)."""

    @property
    def phone(self) -> str | None: ...
    @property
    def opening_hours(self) -> str | None: ...
    @property
    def out_of_hours(self) -> str | None: ...
    def response_time(self, severity: str) -> str | None: ...


@dataclass(frozen=True)
class Guidance:
    """What one tripped rule means for the patient, and who to reach."""

    rule: str
    severity: str
    title: str
    advice: str
    contact: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "title": self.title,
            "advice": self.advice,
            "contact": dict(self.contact),
        }


EMERGENCY = "call your local emergency number or go to an emergency department"

_TOPIC = {
    "pain_spike": "Your pain",
    "instability": "Your hip gave way",
    "fall": "Your fall",
    "walking_decline": "Walking has become harder",
    "night_pain": "Pain at night",
    "new_limp": "A new limp",
    "gradual_decline": "Slowly getting worse",
    "low_mood": "How you are feeling",
}

_OPENER = {
    "pain_spike": "Your pain today is much higher than is usual for you.",
    "instability": "You told us your hip gave way.",
    "fall": "You told us you had a fall.",
    "walking_decline": "Walking seems to have become harder for you than it was recently.",
    "night_pain": "Your hip has been painful at night on several of the last few nights.",
    "new_limp": "You noted a limp that is worse than before.",
    "gradual_decline": (
        "Over the last few weeks things have slowly got worse: your pain or your walking "
        "is not as good as it was a few weeks ago, even though no single day stood out."
    ),
    "low_mood": (
        "You have told us that your mood has been low, or that you have felt stressed, "
        "on most days this past week."
    ),
}
_SEVERE_PAIN = "You told us your pain today is severe."

_SELF_CARE = {
    "night_pain": (
        "Keep to your usual routine, pace your activity through the day, and note in your "
        "diary how you sleep."
    ),
    "new_limp": (
        "Go gently, use your walking aid if you have one, and avoid long walks until it "
        "has been reviewed."
    ),
    "gradual_decline": (
        "Keep pacing your activity, keep to the exercises that feel comfortable, and keep "
        "filling in your diary so the trend is clear."
    ),
}
_SELF_CARE_DEFAULT = (
    "Pace your activity, keep to the exercises that feel comfortable, and keep filling in "
    "your diary."
)
_UNTIL_THEN = (
    "Until then, rest the hip, use your walking aid if you have one, and avoid the "
    "activities that make it worse."
)


def _sentence(text: str) -> str:
    """Close a team-written text as a sentence (it may or may not end with a stop)."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def contact_for(contact: Contact, severity: str) -> dict[str, str]:
    """Return the configured contact fields that matter at this severity, and no others.

    Every severity gets the phone, opening hours and the response time for that
    severity; out-of-hours care only matters when the patient must act now (urgent).
    """
    fields = {
        "phone": contact.phone,
        "opening_hours": contact.opening_hours,
        "response_time": contact.response_time(severity),
        "out_of_hours": contact.out_of_hours if severity == "urgent" else None,
    }
    return {name: value for name, value in fields.items() if value}


def _phone_line(contact: dict[str, str], lead: str) -> str:
    if "phone" not in contact:
        if "opening_hours" in contact:
            return f"Your care team's opening hours: {_sentence(contact['opening_hours'])}"
        return ""
    hours = f" ({contact['opening_hours']})" if "opening_hours" in contact else ""
    return f"{lead}, call {contact['phone']}{hours}."


def _told_line(contact: dict[str, str], what: str) -> str:
    if "response_time" in contact:
        return f"{what} (their response time: {contact['response_time']})."
    return f"{what}."


def _fall_urgent_now(hit: RuleHit) -> str:
    """Return "get urgent care now" for a fall with a head strike or no weight-bearing."""
    if hit.rule != "fall":
        return ""
    reasons = []
    if hit.values.get("fall_hit_head") is True:
        reasons.append("you hit your head")
    if hit.values.get("fall_can_bear_weight") is False:
        reasons.append("you cannot put weight on your leg")
    if not reasons:
        return ""
    return f"Get urgent care now: {' and '.join(reasons)}. Please {EMERGENCY}."


def _opener(hit: RuleHit) -> str:
    if hit.rule == "pain_spike" and hit.severity == "urgent":
        return _SEVERE_PAIN
    return _OPENER.get(hit.rule, "Something in your diary needs a closer look.")


def _urgent(hit: RuleHit, contact: dict[str, str]) -> tuple[str, list[str]]:
    now = _fall_urgent_now(hit)
    title = (
        "Get urgent care now" if now else f"{_TOPIC.get(hit.rule, 'Your diary')}: what to do now"
    )
    parts = [
        now,
        _opener(hit),
        "Stop what you are doing and rest. Do not put weight on the leg if it cannot bear it.",
        # Said once: after a head strike or a leg that cannot bear weight the first
        # sentence already sends them to urgent care.
        ""
        if now
        else f"If you cannot walk, you hit your head, or you have severe pain that does not "
        f"settle, get urgent care now: {EMERGENCY}.",
        _told_line(contact, "Your care team has been told"),
        _phone_line(contact, "To reach your care team"),
    ]
    if "out_of_hours" in contact:
        parts.append(f"Out of hours: {_sentence(contact['out_of_hours'])}")
    return title, parts


def _high(hit: RuleHit, contact: dict[str, str]) -> tuple[str, list[str]]:
    title = f"{_TOPIC.get(hit.rule, 'Your diary')}: your care team has been told"
    parts = [
        _opener(hit),
        _told_line(contact, "Your care team has been told and will get back to you"),
        _UNTIL_THEN,
        _phone_line(contact, "If you need to speak to them sooner"),
        f"If it gets much worse or you cannot walk, get urgent care: {EMERGENCY}.",
    ]
    return title, parts


def _moderate(hit: RuleHit, contact: dict[str, str]) -> tuple[str, list[str]]:
    if hit.rule == "low_mood":
        return "Your mood: you are not alone with it", [
            _opener(hit),
            "Long-term pain can affect mood, and you do not have to deal with it alone.",
            _told_line(
                contact,
                "Your physiotherapist will review it, can talk it through with you and can "
                "point you to support",
            ),
            _phone_line(contact, "If you would like to talk sooner"),
            "If you feel unsafe, or think about harming yourself, contact emergency services "
            "now: call your local emergency number.",
        ]
    title = f"{_TOPIC.get(hit.rule, 'Your diary')}: your physiotherapist will review it"
    parts = [
        _opener(hit),
        _SELF_CARE.get(hit.rule, _SELF_CARE_DEFAULT),
        _told_line(contact, "Your physiotherapist will review it"),
        _phone_line(contact, "If you have questions before then"),
    ]
    return title, parts


_BY_SEVERITY = {"urgent": _urgent, "high": _high, "moderate": _moderate}


def guidance_for_hit(hit: RuleHit, contact: Contact) -> Guidance:
    """Return what the patient is told about one tripped rule."""
    shown = contact_for(contact, hit.severity)
    title, parts = _BY_SEVERITY.get(hit.severity, _moderate)(hit, shown)
    return Guidance(
        rule=hit.rule,
        severity=hit.severity,
        title=title,
        advice=" ".join(part for part in parts if part),
        contact=shown,
    )


def _order(rule: str) -> int:
    return RULES.index(rule) if rule in RULES else len(RULES)


def guidance_list(hits: Iterable[RuleHit], contact: Contact) -> list[Guidance]:
    """Return the guidance for every hit, most severe first (then in the rules' order)."""
    ordered = sorted(hits, key=lambda h: (-severity_rank(h.severity), _order(h.rule)))
    return [guidance_for_hit(hit, contact) for hit in ordered]


def _listing(items: Sequence[Guidance]) -> str:
    if len(items) == 1:
        return items[0].advice
    return "\n\n".join(f"{n}. {item.title}\n{item.advice}" for n, item in enumerate(items, 1))


def patient_message(items: Sequence[Guidance]) -> tuple[str, str]:
    """Return the title and body of the one message a save's guidance sends the patient."""
    title = items[0].title
    if len(items) > 1:
        title = f"{title} (and {len(items) - 1} more)"
    return title, _listing(items)


def first_name(display_name: str) -> str:
    """Return the first word of a patient's display name, on one line (user text)."""
    words = display_name.split()
    return words[0][:60] if words else "The person you support"


def caregiver_message(display_name: str, items: Sequence[Guidance]) -> tuple[str, str]:
    """Return the message a caregiver the patient chose gets: what the patient was told."""
    name = first_name(display_name)
    title = f"{name} reported something in their hip diary"
    intro = (
        f"{name} saved a hip diary entry that needs attention and chose to share their "
        f"advice with you. This is what {name} was told:"
    )
    return title, f"{intro}\n\n{_listing(items)}"
