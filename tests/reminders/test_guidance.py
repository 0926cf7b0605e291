"""What the patient is told, by severity: table tests of the pure wording builder."""

from __future__ import annotations

import pytest

from patients.selectors import CareTeamContactDetails
from reminders import guidance
from reminders.rules import RULES, RuleHit

CONFIGURED = CareTeamContactDetails(
    phone="+49 30 1234-5678",
    opening_hours="Mon-Fri 08:00-18:00",
    response_time_urgent="within 1 hour in opening hours",
    response_time_high="the same working day",
    response_time_moderate="within 2 working days",
    out_of_hours="Call 116117 (on-call doctors).\nIn an emergency call 112.",
    escalation_email="lead@example.org",
)
UNSET = CareTeamContactDetails()

RULE_OF = {"urgent": "fall", "high": "instability", "moderate": "new_limp"}


def _hit(rule: str, severity: str, **values: object) -> RuleHit:
    return RuleHit(rule, severity, "A reason.", {}, dict(values))


# severity, the contact keys shown when configured, the words that say the team was told
TABLE = [
    ("urgent", {"phone", "opening_hours", "response_time", "out_of_hours"}, "care team has been told"),
    ("high", {"phone", "opening_hours", "response_time"}, "care team has been told"),
    ("moderate", {"phone", "opening_hours", "response_time"}, "physiotherapist will review it"),
]  # fmt: skip


@pytest.mark.parametrize(("severity", "keys", "told"), TABLE)
def test_a_configured_team_is_quoted_with_exactly_the_fields_of_that_severity(
    severity: str, keys: set[str], told: str
) -> None:
    item = guidance.guidance_for_hit(_hit(RULE_OF[severity], severity), CONFIGURED)
    assert (item.rule, item.severity) == (RULE_OF[severity], severity)
    assert set(item.contact) == keys
    assert item.contact["response_time"] == CONFIGURED.response_time(severity)
    assert told in item.advice
    assert "call +49 30 1234-5678 (Mon-Fri 08:00-18:00)" in item.advice
    assert f"(their response time: {CONFIGURED.response_time(severity)})" in item.advice
    assert "escalation" not in str(item.as_dict())
    assert "lead@example.org" not in item.advice
    out_of_hours = "Out of hours: Call 116117 (on-call doctors). In an emergency call 112."
    assert (out_of_hours in item.advice) == (severity == "urgent")


@pytest.mark.parametrize(("severity", "keys", "told"), TABLE)
def test_an_unconfigured_team_is_promised_nothing(severity: str, keys: set[str], told: str) -> None:
    item = guidance.guidance_for_hit(_hit(RULE_OF[severity], severity), UNSET)
    assert item.contact == {}
    assert told in item.advice
    assert "call your care team" not in item.advice.lower()
    assert ", call " not in item.advice  # no "to reach your care team, call ..."
    assert "response time" not in item.advice
    assert "within" not in item.advice
    assert "Out of hours" not in item.advice


def test_opening_hours_without_a_phone_are_said_without_asking_for_a_call() -> None:
    hours_only = CareTeamContactDetails(opening_hours="Mon-Fri 9-17")
    item = guidance.guidance_for_hit(_hit("instability", "high"), hours_only)
    assert item.contact == {"opening_hours": "Mon-Fri 9-17"}
    assert "Your care team's opening hours: Mon-Fri 9-17." in item.advice
    assert ", call " not in item.advice


def test_a_phone_without_hours_or_times_is_quoted_alone() -> None:
    phone_only = CareTeamContactDetails(phone="0800 123")
    item = guidance.guidance_for_hit(_hit("fall", "urgent"), phone_only)
    assert item.contact == {"phone": "0800 123"}
    assert "To reach your care team, call 0800 123." in item.advice
    assert "Your care team has been told." in item.advice


def test_urgent_says_what_to_do_now() -> None:
    item = guidance.guidance_for_hit(_hit("pain_spike", "urgent", pain_rest=9), UNSET)
    assert item.title == "Your pain: what to do now"
    assert item.advice.startswith("You told us your pain today is severe.")
    for words in (
        "Stop what you are doing and rest.",
        "Do not put weight on the leg if it cannot bear it.",
        "If you cannot walk, you hit your head, or you have severe pain that does not "
        "settle, get urgent care now: call your local emergency number or go to an "
        "emergency department.",
    ):
        assert words in item.advice


# fall follow-ups (hit_head, can_bear_weight) and what comes first
FALLS = [
    (True, None, "Get urgent care now: you hit your head."),
    (None, False, "Get urgent care now: you cannot put weight on your leg."),
    (True, False, "Get urgent care now: you hit your head and you cannot put weight on your leg."),
    (False, True, None),
    (None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(("hit_head", "bears_weight", "first"), FALLS)
def test_a_head_strike_or_no_weight_bearing_puts_urgent_care_first(
    hit_head: bool | None, bears_weight: bool | None, first: str | None
) -> None:
    values = {"fall": True, "fall_hit_head": hit_head, "fall_can_bear_weight": bears_weight}
    values = {k: v for k, v in values.items() if v is not None}
    item = guidance.guidance_for_hit(_hit("fall", "urgent", **values), CONFIGURED)
    if first is None:
        assert item.title == "Your fall: what to do now"
        assert item.advice.startswith("You told us you had a fall.")
    else:
        assert item.title == "Get urgent care now"
        assert item.advice.startswith(first)
        before, opener, _ = item.advice.partition("You told us you had a fall.")
        assert opener  # the usual words follow the urgent line
        assert before.endswith(
            "Please call your local emergency number or go to an emergency department. "
        )


def test_high_tells_the_team_was_told_and_how_to_manage_until_then() -> None:
    item = guidance.guidance_for_hit(_hit("walking_decline", "high"), CONFIGURED)
    assert item.title == "Walking has become harder: your care team has been told"
    assert (
        "Your care team has been told and will get back to you "
        "(their response time: the same working day)." in item.advice
    )
    assert "rest the hip, use your walking aid if you have one" in item.advice
    assert "If you need to speak to them sooner, call +49 30 1234-5678" in item.advice


def test_gradual_decline_says_in_plain_words_that_things_slowly_got_worse() -> None:
    item = guidance.guidance_for_hit(_hit("gradual_decline", "moderate"), CONFIGURED)
    assert item.title == "Slowly getting worse: your physiotherapist will review it"
    assert "Over the last few weeks things have slowly got worse" in item.advice
    assert "no single day stood out" in item.advice
    assert "Keep pacing your activity" in item.advice
    assert "(their response time: within 2 working days)" in item.advice


@pytest.mark.parametrize("contact", [CONFIGURED, UNSET])
def test_low_mood_is_kind_points_to_support_and_to_emergency_services(
    contact: CareTeamContactDetails,
) -> None:
    item = guidance.guidance_for_hit(_hit("low_mood", "moderate", mood=8), contact)
    assert item.title == "Your mood: you are not alone with it"
    assert "Long-term pain can affect mood" in item.advice
    assert "physiotherapist will review it, can talk it through with you" in item.advice
    assert "point you to support" in item.advice
    assert item.advice.endswith(
        "If you feel unsafe, or think about harming yourself, contact emergency services "
        "now: call your local emergency number."
    )
    assert ("If you would like to talk sooner, call" in item.advice) == (contact is CONFIGURED)


def test_every_rule_has_its_own_words() -> None:
    advice = {
        rule: guidance.guidance_for_hit(_hit(rule, "moderate"), UNSET).advice for rule in RULES
    }
    assert not any(a.startswith("Something in your diary") for a in advice.values())
    assert len({a.split(".")[0] for a in advice.values()}) == len(RULES)


def test_the_list_is_most_severe_first_then_in_the_rules_order() -> None:
    hits = [
        _hit("low_mood", "moderate"),
        _hit("instability", "high"),
        _hit("fall", "urgent"),
        _hit("new_limp", "moderate"),
        _hit("pain_spike", "urgent"),
    ]
    items = guidance.guidance_list(hits, UNSET)
    assert [(i.severity, i.rule) for i in items] == [
        ("urgent", "pain_spike"),
        ("urgent", "fall"),
        ("high", "instability"),
        ("moderate", "new_limp"),
        ("moderate", "low_mood"),
    ]


def test_one_message_lists_several_items_and_a_single_item_is_its_advice() -> None:
    fall, limp = guidance.guidance_list(
        [_hit("new_limp", "moderate"), _hit("fall", "urgent")], UNSET
    )
    assert guidance.patient_message([limp]) == (limp.title, limp.advice)
    title, body = guidance.patient_message([fall, limp])
    assert title == "Your fall: what to do now (and 1 more)"
    assert body == f"1. {fall.title}\n{fall.advice}\n\n2. {limp.title}\n{limp.advice}"


@pytest.mark.parametrize(
    ("display_name", "name"),
    [("Alice Smith", "Alice"), ("  Jo\nAnne  Smith ", "Jo"), ("", "The person you support")],
)
def test_a_caregiver_is_told_with_the_patients_first_name_on_one_line(
    display_name: str, name: str
) -> None:
    items = guidance.guidance_list([_hit("instability", "high")], UNSET)
    title, body = guidance.caregiver_message(display_name, items)
    assert title == f"{name} reported something in their hip diary"
    assert "\n" not in title
    assert body.startswith(f"{name} saved a hip diary entry that needs attention")
    assert body.endswith(items[0].advice)
