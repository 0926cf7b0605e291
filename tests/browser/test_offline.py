"""Offline in the browser, through the screens a person uses: two diary days and an
exercise session saved with no connection survive a reload (the service worker
serves the app) and reach the server exactly once when the connection returns; a
save the server refuses shows its message and stays on the phone."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from diaries.models import DiaryEntry
from exercises.models import ExerciseSession
from tests.browser.conftest import axe, idb_counts, shot
from tests.browser.seeded import seed_patient
from tests.factories import PASSWORD, make_patient

TODAY = "2026-11-18"  # the suite's fixed clock
YESTERDAY = "2026-11-17"


def _controlled(page: Any) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def _nav(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def test_two_days_and_a_session_saved_offline_arrive_once(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seeded = seed_patient("alice")
    yesterday = DiaryEntry.objects.get(patient=seeded.patient, date=YESTERDAY)
    sign_in("alice", PASSWORD)
    _controlled(page)
    # Online first: the phone keeps its last copies of the diary days and the plan.
    _nav(page, "Diary")
    page.get_by_role("heading", name="Today's diary", level=1).wait_for()
    page.get_by_role("link", name="Previous day").click()
    page.get_by_text("Saved with your care team.").wait_for()
    _nav(page, "Exercises")
    page.get_by_role("heading", name="Glute bridge").wait_for()

    page.context.set_offline(True)
    page.get_by_text("You are offline.").wait_for()
    # Today, a new day.
    _nav(page, "Diary")
    page.get_by_role("heading", name="Today's diary", level=1).wait_for()
    page.get_by_label("Pain at rest", exact=True).fill("3")
    page.get_by_label("Notes").fill("Logged on the bus.")
    page.get_by_role("button", name="Save diary").click()
    page.get_by_role("heading", name="Saved on this phone", level=1).wait_for()
    assert "Your care team does not know about it yet." in page.locator("main").inner_text()
    # Yesterday, changed from the copy on the phone: only night pain changes.
    page.get_by_role("link", name="Change today's diary").click()
    page.get_by_role("link", name="Previous day").click()
    page.get_by_text("You are offline: this is the last copy this phone saw.").wait_for()
    assert page.get_by_label("Pain at rest", exact=True).get_attribute("aria-valuetext") == (
        f"{yesterday.pain_rest} out of 10"
    )
    page.get_by_label("Pain at night", exact=True).fill("5")
    page.get_by_role("button", name="Save diary").click()
    page.get_by_role("heading", name="Saved on this phone", level=1).wait_for()
    # A session, through the Exercises screen (a UUID made on the phone).
    _nav(page, "Exercises")
    bridge = page.locator("li.exercise").filter(
        has=page.get_by_role("heading", name="Glute bridge")
    )
    bridge.get_by_role("button", name="Done as prescribed").click()
    bridge.get_by_role("button", name="Yes, log it").click()
    bridge.get_by_text("Saved on this phone.").wait_for()

    # Still offline, the page reloads: the service worker serves the app, the outbox stays.
    page.reload()
    page.get_by_role("heading", name="Exercises", level=1).wait_for()
    _nav(page, "Today")
    page.get_by_text("3 items are saved on this phone, not sent yet.").wait_for()
    page.get_by_role("button", name="Show what is on this phone").click()
    labels = page.locator(".outbox-list > li strong").all_inner_texts()
    assert labels == [
        "Diary for 18 November",
        "Diary for 17 November",
        "Glute bridge on 18 November",
    ]
    assert not DiaryEntry.objects.filter(patient=seeded.patient, date=TODAY).exists()
    axe(page)
    shot(page, "offline-three-waiting")

    page.context.set_offline(False)
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    today = DiaryEntry.objects.get(patient=seeded.patient, date=TODAY)
    assert (today.pain_rest, today.pain_night, today.note, today.version) == (
        3,
        None,
        "Logged on the bus.",
        1,
    )
    changed = DiaryEntry.objects.get(patient=seeded.patient, date=YESTERDAY)
    assert changed.version == yesterday.version + 1
    assert changed.pain_night == 5
    kept = ("pain_rest", "pain_activity", "stiffness", "sleep_interference", "walking_distance_m")
    assert [getattr(changed, name) for name in kept] == [getattr(yesterday, name) for name in kept]
    sessions = ExerciseSession.objects.filter(plan_item=seeded.land, date=TODAY)
    assert sessions.count() == 1
    session = sessions.get()
    assert isinstance(session.client_id, uuid.UUID)
    assert (session.sets_done, session.reps_done) == (seeded.land.sets, seeded.land.reps)
    assert idb_counts(page)["outbox"] == 0
    # Replaying again (a timer, another tab) stores nothing twice.
    page.evaluate("async () => (await import('/static/pwa/js/outbox.js')).replay()")
    assert (
        DiaryEntry.objects.filter(patient=seeded.patient, date__in=[TODAY, YESTERDAY]).count() == 2
    )
    assert ExerciseSession.objects.filter(plan_item=seeded.land, date=TODAY).count() == 1


def test_a_save_the_server_refuses_shows_its_message_and_stays(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = make_patient("alice")
    sign_in("alice", PASSWORD)
    _controlled(page)
    # The phone's calendar is a day behind the server's: the oldest day the phone still
    # offers (30 days back) is 31 days back for the server, which keeps it read-only.
    page.clock.set_system_time(timezone.now() - datetime.timedelta(days=1))
    page.context.set_offline(True)
    page.goto("/app/diary/2026-10-18/")
    page.get_by_role("heading", name="Diary for Sunday 18 October", level=1).wait_for()
    page.get_by_label("Pain at rest", exact=True).fill("4")
    page.get_by_role("button", name="Save diary").click()
    page.get_by_role("heading", name="Saved on this phone", level=1).wait_for()

    page.context.set_offline(False)
    page.get_by_role(
        "heading", name="Not saved: please check your diary for Sunday 18 October"
    ).wait_for()
    alert = page.get_by_role("alert")
    assert "Entries older than 30 days are read-only; ask your care team." in alert.inner_text()
    page.get_by_text("1 item was not accepted: it needs you.").wait_for()
    axe(page)
    shot(page, "diary-refused")
    # It stays on the phone, with the server's words, until the person deals with it.
    page.reload()
    page.get_by_role("button", name="Show what is on this phone").click()
    item = page.locator(".outbox-list > li.refused")
    assert item.locator("strong").inner_text() == "Diary for 18 October"
    assert "read-only" in item.locator(".server-messages").inner_text()
    assert (
        item.get_by_role("link", name="Change it").get_attribute("href") == "/app/diary/2026-10-18/"
    )
    assert idb_counts(page)["outbox"] == 1
    assert not DiaryEntry.objects.filter(patient=alice).exists()


def test_a_refused_save_is_changed_from_the_servers_words_and_then_arrives(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = make_patient("alice")
    sign_in("alice", PASSWORD)
    page.goto("/app/diary/")
    page.get_by_label("Pain at rest", exact=True).fill("2")
    # A character the server refuses in a note (pasted from somewhere, say).
    page.get_by_label("Notes").evaluate(
        "(note) => { note.value = 'Pasted\\u0000text'; note.dispatchEvent(new Event('input', { bubbles: true })); }"
    )
    page.get_by_role("button", name="Save diary").click()
    page.get_by_role("heading", name="Not saved: please check your diary for today").wait_for()
    assert "Null characters are not allowed." in page.get_by_role("alert").inner_text()
    page.get_by_role("link", name="Change it").click()
    summary = page.get_by_role("alert")
    summary.get_by_role("heading", name="Your last save was not accepted").wait_for()
    summary.get_by_role("link", name="Null characters are not allowed.").click()
    assert page.evaluate("() => document.activeElement.id") == "note"
    assert page.get_by_label("Pain at rest", exact=True).get_attribute("aria-valuetext") == (
        "2 out of 10"
    )
    axe(page)
    page.get_by_label("Notes").fill("Pasted text")
    page.get_by_role("button", name="Save diary").click()
    page.get_by_text("Your diary for today has reached your care team.").wait_for()
    entry = DiaryEntry.objects.get(patient=alice, date=TODAY)
    assert (entry.pain_rest, entry.note) == (2, "Pasted text")
    # The corrected save replaced the refused one on the phone.
    assert idb_counts(page)["outbox"] == 0
