"""Exercises: today's checklist from the plan in force, logging a session in two taps
(stored once, through the outbox and a UUID made on the phone), "More" with effort and
pain, the aquatic item's water depth, and progression advice including a hold."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Any

from exercises.models import ExerciseSession
from reminders.models import Alert
from tests.browser.conftest import axe, idb_counts, shot
from tests.browser.seeded import seed_patient
from tests.factories import PASSWORD


def _open_exercises(page: Any) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercises").click()
    page.get_by_role("heading", name="Exercises", level=1).wait_for()
    page.get_by_role("heading", name="Glute bridge").wait_for()


def _card(page: Any, name: str) -> Any:
    return page.locator("li.exercise", has=page.get_by_role("heading", name=name))


def test_the_checklist_shows_dose_cautions_depth_and_advice(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seed_patient()
    sign_in("alice", PASSWORD)
    _open_exercises(page)
    bridge = _card(page, "Glute bridge")
    assert "2 sets of 10, 3 times a week" in bridge.locator(".dose").inner_text()
    assert "This week: 1 of 3 done" in bridge.inner_text()
    assert "Stop if pain goes above your agreed limit" in bridge.locator(".caution").inner_text()
    assert "Keep pain during the exercise at 5 out of 10 or less." in bridge.inner_text()
    bridge.get_by_text("How to do it").click()
    assert bridge.get_by_text("Lie on your back with both knees bent").is_visible()
    assert "Slowly up and down." in bridge.inner_text()
    assert "Well done: your hip has been coping well" in bridge.locator(".advice").inner_text()
    pool = _card(page, "Water walking forwards")
    assert "In the pool" in pool.get_by_role("heading").inner_text()
    assert "10 minutes, twice a week" in pool.locator(".dose").inner_text()
    assert "Water depth: chest-deep." in pool.locator(".water-depth").inner_text()
    assert pool.locator(".status-line").inner_text() == "Not logged today"
    axe(page)
    shot(page, "exercises")


def test_two_taps_log_exactly_one_session_through_the_api(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seeded = seed_patient()
    sign_in("alice", PASSWORD)
    _open_exercises(page)
    before = ExerciseSession.objects.count()
    bridge = _card(page, "Glute bridge")
    bridge.get_by_role("button", name="Done as prescribed").click()  # tap 1
    confirm = bridge.get_by_role("button", name="Yes, log it")
    assert confirm.evaluate("(button) => document.activeElement === button")
    confirm.click()  # tap 2
    bridge.get_by_text("Logged. Your care team can see it.").wait_for()
    # Focus stays on this exercise, on its button for another session.
    again = bridge.get_by_role("button", name="Done again as prescribed")
    assert again.evaluate("(button) => document.activeElement === button")
    bridge.locator(".status-line").filter(has_text=re.compile(r"^\W*Done today$")).wait_for()
    assert ExerciseSession.objects.count() == before + 1
    session = ExerciseSession.objects.get(plan_item=seeded.land, date=seeded.today)
    assert (session.sets_done, session.reps_done, session.minutes) == (2, 10, None)
    assert isinstance(session.client_id, uuid.UUID)
    assert idb_counts(page)["outbox"] == 0
    # The week's count follows from the server.
    bridge.get_by_text("This week: 2 of 3 done").wait_for()
    # Replaying the same PUT (as the outbox would after a lost answer) changes nothing.
    status = page.evaluate(
        """async ([id, body]) => {
            const api = await import("/static/pwa/js/api.js");
            await api.send("PUT", `patients/me/sessions/${id}/`, body);
            return "ok";
        }""",
        [
            str(session.client_id),
            {
                "plan_item": seeded.land.pk,
                "date": str(seeded.today),
                "sets_done": 2,
                "reps_done": 10,
            },
        ],
    )
    assert status == "ok"
    assert ExerciseSession.objects.filter(plan_item=seeded.land, date=seeded.today).count() == 1
    shot(page, "exercises-logged")


def test_more_records_effort_and_pain(page: Any, sign_in: Callable[[str, str], None]) -> None:
    seeded = seed_patient()
    sign_in("alice", PASSWORD)
    _open_exercises(page)
    pool = _card(page, "Water walking forwards")
    pool.get_by_role("button", name="More").click()
    assert pool.get_by_label("Minutes").input_value() == "10"
    pool.get_by_label("Minutes").fill("15")
    pool.get_by_label("How hard did it feel?").select_option("4")
    pool.get_by_label("Hip pain during the exercise").select_option("3")
    pool.get_by_label("Hip pain afterwards").select_option("2")
    axe(page)
    shot(page, "exercises-more")
    pool.get_by_role("button", name="Save session").click()
    pool.get_by_text("Logged. Your care team can see it.").wait_for()
    session = ExerciseSession.objects.get(plan_item=seeded.aquatic, date=seeded.today)
    assert (session.minutes, session.rpe, session.pain_during, session.pain_after) == (15, 4, 3, 2)


def test_offline_a_session_waits_on_the_phone_and_is_sent_once(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seeded = seed_patient()
    sign_in("alice", PASSWORD)
    _open_exercises(page)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    bridge = _card(page, "Glute bridge")
    bridge.get_by_role("button", name="Done as prescribed").click()
    bridge.get_by_role("button", name="Yes, log it").click()
    bridge.locator(".status-line", has_text="Done today - saved on this phone, not sent").wait_for()
    # After a reload, still offline, the screen comes from the last copies.
    page.reload()
    page.get_by_role("heading", name="Glute bridge").wait_for()
    page.get_by_text("You are seeing the copy saved on this phone").wait_for()
    _card(page, "Glute bridge").locator(
        ".status-line", has_text="Done today - saved on this phone, not sent"
    ).wait_for()
    assert not ExerciseSession.objects.filter(plan_item=seeded.land, date=seeded.today).exists()
    page.context.set_offline(False)
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    assert ExerciseSession.objects.filter(plan_item=seeded.land, date=seeded.today).count() == 1


def test_an_open_fall_alert_shows_a_hold_with_its_reason(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seeded = seed_patient()
    Alert.objects.create(
        patient=seeded.patient, rule="fall", severity="urgent", reason="A fall.", evidence={},
        diary_date=seeded.today - datetime.timedelta(days=1),
    )  # fmt: skip
    sign_in("alice", PASSWORD)
    _open_exercises(page)
    advice = _card(page, "Glute bridge").locator(".advice")
    assert "Hold: a fall alert from 17 Nov is open" in advice.inner_text()
    assert "hold" in (advice.get_attribute("class") or "")
    axe(page)
    shot(page, "exercises-hold")
