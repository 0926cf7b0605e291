"""Settings: reminder schedules (add, change, stop, a refusal shown), quiet hours and
timezone, caregivers (invite with the code shown once, change scopes, end access),
password change and the sign-out buttons. Writes go through the outbox."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from patients.models import CaregiverLink, Patient
from reminders.models import ReminderSchedule
from tests.browser.conftest import axe, idb_counts, shot
from tests.browser.seeded import seed_patient
from tests.factories import PASSWORD

ALL_SAVED = "Everything you saved is with your care team."


def _open_settings(page: Any) -> None:
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Settings").click()
    page.get_by_role("heading", name="Settings", level=1).wait_for()
    page.get_by_text("You have no reminders.").wait_for()


def test_reminders_quiet_hours_and_timezone(page: Any, sign_in: Callable[[str, str], None]) -> None:
    seeded = seed_patient()
    sign_in("alice", PASSWORD)
    _open_settings(page)
    page.get_by_text("Notifications are off").wait_for()
    axe(page)
    shot(page, "settings")

    # Add.
    page.get_by_role("button", name="Add a reminder").click()
    form = page.get_by_role("form", name="New reminder")
    form.get_by_label("Remind me to").select_option("exercise")
    form.get_by_label("Time").fill("17:30")
    form.get_by_label("Saturday").uncheck()
    form.get_by_label("Sunday").uncheck()
    form.get_by_label("Your own words (optional)").fill("Bridges and clams")
    axe(page)
    shot(page, "settings-reminder-form")
    form.get_by_role("button", name="Add reminder").click()
    page.get_by_role("heading", name="Do my exercises").wait_for()
    page.get_by_text("at 17:30 on weekdays").wait_for()
    schedule = ReminderSchedule.objects.get(patient=seeded.patient, active=True)
    assert schedule.kind == "exercise"
    assert schedule.weekdays == [0, 1, 2, 3, 4]
    assert schedule.message == "Bridges and clams"

    # Change.
    page.get_by_role("button", name="Change Do my exercises").click()
    page.get_by_role("form", name="Change reminder").get_by_label("Time").fill("18:00")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("at 18:00 on weekdays").wait_for()
    schedule.refresh_from_db()
    assert [t.strftime("%H:%M") if hasattr(t, "strftime") else t for t in schedule.times] == [
        "18:00"
    ]

    # A time in the quiet hours is refused, and the server's words are shown.
    page.get_by_role("button", name="Change Do my exercises").click()
    page.get_by_role("form", name="Change reminder").get_by_label("Time").fill("23:00")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("alert").filter(has_text="Not accepted").wait_for()
    assert "quiet hours" in page.get_by_role("alert").filter(has_text="Not accepted").inner_text()
    shot(page, "settings-reminder-refused")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Show what is on this phone").click()
    page.get_by_role("button", name="Discard").click()
    page.get_by_role("button", name="Cancel").first.click()

    # Stop (after a confirmation).
    page.get_by_role("button", name="Stop Do my exercises").click()
    page.get_by_text("You have no reminders.").wait_for()
    schedule.refresh_from_db()
    assert not schedule.active

    # Quiet hours and timezone.
    page.get_by_label("Quiet from").fill("22:00")
    page.get_by_label("Until").fill("07:30")
    page.get_by_label("Timezone", exact=True).select_option("Europe/Berlin")
    page.get_by_role("button", name="Save quiet hours and timezone").click()
    page.get_by_text("Saved.").wait_for()
    patient = Patient.objects.get(pk=seeded.patient.pk)
    assert patient.quiet_hours == (datetime.time(22, 0), datetime.time(7, 30))
    assert patient.timezone == "Europe/Berlin"
    page.get_by_text(ALL_SAVED).wait_for()
    assert idb_counts(page)["outbox"] == 0


def test_caregivers_invite_change_and_end(page: Any, sign_in: Callable[[str, str], None]) -> None:
    seeded = seed_patient()
    sign_in("alice", PASSWORD)
    _open_settings(page)
    page.get_by_role("button", name="Invite a caregiver").click()
    form = page.get_by_role("form", name="Invite a caregiver")
    form.get_by_label("Their name").fill("Sam")
    form.get_by_label("Diary notes").check()
    form.get_by_label("Also send them my red-flag advice").check()
    axe(page)
    form.get_by_role("button", name="Invite").click()
    page.get_by_role("heading", name="Invite code for Sam").wait_for()
    code = page.locator(".invite-code .code").inner_text()
    assert code.startswith("HW-")
    link = CaregiverLink.objects.get(patient=seeded.patient)
    assert sorted(link.scopes) == ["alerts", "diary_scores", "exercises", "notes"]
    assert link.receives_guidance
    axe(page)
    shot(page, "settings-caregiver-code")
    page.get_by_role("button", name="Done").click()
    # Shown once: the code is nowhere on the page any more.
    assert page.get_by_text(code).count() == 0
    card = page.locator("li.caregiver", has_text="Sam")
    assert "Invited, not joined yet" in card.inner_text()

    card.get_by_role("button", name="Change what Sam sees").click()
    card.get_by_label("Red-flag alerts").uncheck()
    card.get_by_label("Also send them my red-flag advice").uncheck()
    card.get_by_role("button", name="Save").click()
    page.locator(
        "li.caregiver",
        has_text="Can see: Diary scores and walking, Diary notes, Exercises and sessions.",
    ).wait_for()
    link.refresh_from_db()
    assert sorted(link.scopes) == ["diary_scores", "exercises", "notes"]
    assert not link.receives_guidance

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="End access for Sam").click()
    page.get_by_text("No caregivers yet.").wait_for()
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_password_change_and_sign_out_buttons(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seed_patient()
    sign_in("alice", PASSWORD)
    _open_settings(page)
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill("a fresh long passphrase")
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("This is not your current password.").first.wait_for()
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Your password is changed.").wait_for()
    page.get_by_role("button", name="Sign out on every device").last.click()
    page.get_by_role("heading", name="Sign out on every device?").wait_for()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("heading", name="Sign in to Hipwell").wait_for()
    # The new password is the one that works now.
    sign_in("alice", "a fresh long passphrase")
