"""Reporting a fall or giving way in the browser: the short form adds to today's diary
without wiping it, and the save screen shows the red-flag guidance at once; offline it
gives the urgent advice without claiming the care team knows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from diaries.models import DiaryEntry
from patients.models import CareTeamContact, Patient
from tests.browser.conftest import axe, shot
from tests.factories import PASSWORD, make_clinician, make_patient

TODAY = "2026-11-18"  # the suite's fixed clock


def _patient_with_a_day() -> Patient:
    carol = make_clinician("carol")
    alice = make_patient("alice", clinicians=(carol,))
    CareTeamContact.objects.create(
        patient=alice,
        phone="+49 30 1234-5678",
        opening_hours="Mon-Fri 08:00-18:00",
        response_time_urgent="within 1 hour in opening hours",
        out_of_hours="Call 116117.",
    )
    client = Client()
    assert alice.user is not None
    client.force_login(alice.user)
    answer = client.put(
        f"/api/v1/patients/me/diary/{TODAY}/",
        {"pain_activity": 4, "walking_distance_m": 600, "note": "Walked to the shop."},
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    return alice


def _report(page: Any, *, head: bool, weight: bool | None, pain: int | None = None) -> None:
    page.get_by_role("link", name="Report a fall or giving way").click()
    page.get_by_role("heading", name="Report a fall or giving way", level=1).wait_for()
    page.get_by_label("I had a fall").check()
    page.get_by_role("group", name="Did you hit your head?").get_by_role(
        "radio", name="Yes" if head else "No"
    ).check()
    if weight is not None:
        page.get_by_role("group", name="Can you put weight on the leg?").get_by_role(
            "radio", name="Yes" if weight else "No"
        ).check()
    if pain is not None:
        page.get_by_label("How much does your hip hurt now, at rest?").fill(str(pain))


def test_a_fall_with_a_head_strike_shows_urgent_guidance_at_once(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = _patient_with_a_day()
    sign_in("alice", PASSWORD)
    page.get_by_role("link", name="Report a fall or giving way").click()
    page.get_by_role("heading", name="Report a fall or giving way", level=1).wait_for()
    # Nothing chosen: the form says what is missing and sends nothing.
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("link", name="Choose what happened").wait_for()
    axe(page)
    _report(page, head=True, weight=False, pain=6)
    assert page.get_by_role("group", name="Did you hurt yourself?").is_visible()
    axe(page)
    shot(page, "fall-form")
    page.get_by_role("button", name="Send report").click()

    page.get_by_role("heading", name="Saved: please read this now", level=1).wait_for()
    first = page.locator(".care-card").first
    assert first.get_attribute("data-severity") == "urgent"
    assert first.get_by_role("heading").inner_text() == "Get urgent care now"
    assert "you hit your head" in first.inner_text()
    call = first.get_by_role("link", name="Call your care team: +49 30 1234-5678")
    assert call.get_attribute("href") == "tel:+493012345678"
    assert "Out of hours: Call 116117." in first.inner_text()
    axe(page)
    shot(page, "guidance-urgent")

    # Added to the day: what was there stays.
    entry = DiaryEntry.objects.get(patient=alice, date=TODAY)
    assert (entry.fall, entry.fall_hit_head, entry.fall_can_bear_weight, entry.fall_injured) == (
        True,
        True,
        False,
        None,
    )
    assert (entry.pain_rest, entry.pain_activity, entry.walking_distance_m, entry.note) == (
        6,
        4,
        600,
        "Walked to the shop.",
    )

    # Today keeps the open guidance until the person hides it.
    page.get_by_role("link", name="Back to Today").click()
    guidance = page.get_by_role("region", name="Advice about your diary")
    guidance.get_by_role("heading", name="Get urgent care now").wait_for()
    axe(page)
    shot(page, "today-guidance")
    guidance.get_by_role("button", name="Hide this advice about Wednesday 18 November").click()
    guidance.wait_for(state="detached")
    page.reload()
    page.get_by_role("heading", name="Today", level=1).wait_for()
    page.get_by_role("region", name="Your diary").get_by_text("Done.").wait_for()
    assert page.get_by_role("region", name="Advice about your diary").count() == 0


def test_a_fall_reported_offline_gives_the_urgent_advice_and_says_who_knows(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = _patient_with_a_day()
    sign_in("alice", PASSWORD)
    page.get_by_role("region", name="Your diary").get_by_text("Done.").wait_for()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.get_by_text("You are offline.").wait_for()
    _report(page, head=False, weight=False)
    page.get_by_label("My hip gave way").check()
    page.get_by_role("button", name="Send report").click()

    page.get_by_role("heading", name="Saved on this phone", level=1).wait_for()
    text = page.locator("main").inner_text()
    assert "Your care team does not know about it yet." in text
    first = page.locator(".care-card").first
    assert first.get_attribute("data-severity") == "urgent"
    assert first.get_by_role("heading").inner_text() == "Get urgent care now"
    assert "you cannot put weight on your leg" in first.inner_text()
    # The number from the last copy on the phone, to call now.
    assert first.get_by_role("link", name="Call your care team: +49 30 1234-5678").is_visible()
    assert "has been told" not in text
    high = page.locator(".care-card[data-severity=high]")
    assert (
        high.get_by_role("heading").inner_text() == "Your hip gave way: contact your care team soon"
    )
    axe(page)
    shot(page, "guidance-offline")

    page.context.set_offline(False)
    page.get_by_text("Your diary for today has reached your care team.").wait_for()
    entry = DiaryEntry.objects.get(patient=alice, date=TODAY)
    assert (entry.fall, entry.instability, entry.fall_can_bear_weight, entry.fall_hit_head) == (
        True,
        True,
        False,
        False,
    )
    assert (entry.pain_activity, entry.note, entry.version) == (4, "Walked to the shop.", 2)


def test_a_fall_reported_offline_without_a_copy_of_the_day_adds_to_it(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = _patient_with_a_day()
    sign_in("alice", PASSWORD)
    page.get_by_role("region", name="Your diary").get_by_text("Done.").wait_for()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # This phone has never seen today's entry (it was written on another device).
    page.evaluate(
        "async (path) => (await import('/static/pwa/js/store.js')).forget(path)",
        f"patients/me/diary/{TODAY}/",
    )
    page.context.set_offline(True)
    _report(page, head=False, weight=True)
    page.get_by_text("This report is added to anything already saved for today.").wait_for()
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Saved on this phone", level=1).wait_for()
    assert page.locator(".care-card").first.get_attribute("data-severity") == "high"

    page.context.set_offline(False)
    page.get_by_text("Your diary for today has reached your care team.").wait_for()
    entry = DiaryEntry.objects.get(patient=alice, date=TODAY)
    assert (entry.fall, entry.fall_hit_head, entry.fall_can_bear_weight) == (True, False, True)
    # Read from the server just before the PUT: nothing it held was wiped.
    assert (entry.pain_activity, entry.walking_distance_m, entry.note) == (
        4,
        600,
        "Walked to the shop.",
    )
