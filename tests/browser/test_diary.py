"""The diary in the browser: a whole day logged on one screen, checked through the API;
untouched sliders stay unanswered (null); an edit starts from the stored values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from patients.models import Patient
from tests.browser.conftest import axe, idb_counts, shot
from tests.factories import PASSWORD, make_patient

TODAY = "2026-11-18"  # the suite's fixed clock (tests/conftest.py)


def api_day(patient: Patient, day: str) -> dict[str, Any]:
    """The day as the server stores it, read through the API as the patient."""
    client = Client()
    assert patient.user is not None
    client.force_login(patient.user)
    answer = client.get(f"/api/v1/patients/me/diary/{day}/")
    assert answer.status_code == 200, answer.content
    body: dict[str, Any] = answer.json()
    return body


def slide(page: Any, label: str, value: int) -> None:
    page.get_by_label(label, exact=True).fill(str(value))


def test_a_full_diary_on_one_screen_reaches_the_server_as_entered(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = make_patient("alice")
    sign_in("alice", PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Diary").click()
    page.get_by_role("heading", name="Today's diary", level=1).wait_for()
    rest = page.get_by_label("Pain at rest", exact=True)
    assert rest.get_attribute("aria-valuetext") == "Not answered"
    assert "0 no pain" in page.locator("#pain_rest-ends").inner_text()
    axe(page)
    shot(page, "diary-empty")

    slide(page, "Pain at rest", 3)
    slide(page, "Pain on activity", 6)
    assert rest.get_attribute("aria-valuetext") == "3 out of 10"
    # Touched, then taken back: not answered again.
    slide(page, "Stiffness", 4)
    page.get_by_role("button", name="Clear stiffness").click()
    assert page.get_by_label("Stiffness", exact=True).get_attribute("aria-valuetext") == (
        "Not answered"
    )
    page.get_by_label("How far could you walk comfortably?").fill("800")
    page.get_by_role("radio", name="Slight").check()
    page.get_by_role("group", name="Walking aid used today").get_by_role(
        "radio", name="Cane"
    ).check()
    page.get_by_label("My hip gave way").check()
    page.get_by_label("I had a fall").check()
    follow_ups = page.locator(".follow-ups")
    follow_ups.get_by_role("group", name="Did you hurt yourself?").get_by_role(
        "radio", name="No"
    ).check()
    follow_ups.get_by_role("group", name="Can you put weight on the leg?").get_by_role(
        "radio", name="Yes"
    ).check()
    page.get_by_label("Pain medication doses taken").fill("2")
    page.get_by_role("group", name="Did you follow your weight-bearing advice?").get_by_role(
        "radio", name="Yes"
    ).check()
    slide(page, "Low mood or stress", 0)
    page.get_by_label("Notes").fill("Tripped on the stairs.")
    axe(page)
    shot(page, "diary-filled")
    page.get_by_role("button", name="Save diary").click()

    page.get_by_text("Your diary for today has reached your care team.").wait_for()
    # The PUT's guidance, at once, most severe first: the fall, then the giving way and
    # the cane (a stronger aid than the profile's none).
    page.get_by_role("heading", name="Saved: please read this now", level=1).wait_for()
    cards = page.locator(".care-card")
    shown = [
        (cards.nth(i).get_attribute("data-rule"), cards.nth(i).get_attribute("data-severity"))
        for i in range(cards.count())
    ]
    assert shown == [("fall", "urgent"), ("instability", "high"), ("walking_decline", "high")]
    stored = api_day(alice, TODAY)
    expected = {
        "pain_rest": 3,
        "pain_activity": 6,
        "pain_night": None,
        "stiffness": None,
        "sleep_interference": None,
        "mood": 0,
        "walking_distance_m": 800,
        "limp": "slight",
        "walking_aid": "cane",
        "instability": True,
        "fall": True,
        "fall_injured": False,
        "fall_hit_head": None,
        "fall_can_bear_weight": True,
        "weight_bearing_followed": True,
        "pain_medication_doses": 2,
        "note": "Tripped on the stairs.",
        "version": 1,
    }
    assert {name: stored[name] for name in expected} == expected
    assert idb_counts(page)["outbox"] == 0

    # Changing the day starts from what the server holds, and a cleared answer is sent as null.
    page.get_by_role("link", name="Change today's diary").click()
    page.get_by_role("heading", name="Today's diary", level=1).wait_for()
    assert page.get_by_label("Pain on activity", exact=True).get_attribute("aria-valuetext") == (
        "6 out of 10"
    )
    assert page.get_by_label("How far could you walk comfortably?").input_value() == "800"
    assert page.get_by_label("I had a fall").is_checked()
    page.get_by_role("button", name="Clear pain on activity").click()
    page.get_by_label("I had a fall").uncheck()
    page.get_by_role("button", name="Save diary").click()
    page.get_by_role("heading", name="Saved", level=1, exact=False).wait_for()
    page.get_by_text("has reached your care team").wait_for()
    stored = api_day(alice, TODAY)
    assert stored["pain_activity"] is None
    assert stored["pain_rest"] == 3
    assert stored["fall"] is False
    assert stored["fall_injured"] is None
    assert stored["note"] == "Tripped on the stairs."
    assert stored["version"] == 2


def test_an_empty_diary_is_not_sent_and_says_why(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    sign_in("alice", PASSWORD)
    page.goto("/app/diary/")
    page.get_by_role("button", name="Save diary").click()
    assert "Answer at least one question" in page.get_by_role("alert").inner_text()
    page.get_by_label("How far could you walk comfortably?").fill("far")
    page.get_by_role("button", name="Save diary").click()
    page.get_by_role("link", name="Walking distance must be a whole number").wait_for()
    assert idb_counts(page).get("outbox", 0) == 0
    axe(page)


def test_older_days_are_read_only_and_future_days_closed(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    sign_in("alice", PASSWORD)
    page.goto("/app/diary/2026-10-01/")
    page.get_by_text("can be read but not changed").wait_for()
    assert page.get_by_role("button", name="Save diary").count() == 0
    page.goto("/app/diary/2026-11-19/")
    page.get_by_text("This day has not started yet.").wait_for()
    page.goto("/app/diary/2026-10-19/")  # 30 days back: still open
    page.get_by_role("button", name="Save diary").wait_for()
