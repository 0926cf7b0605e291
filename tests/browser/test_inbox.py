"""Inbox: reminders and care-team messages newest first, unread ones marked, marked read
(through the outbox) when opened, and a link under /app/ opened inside the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reminders.models import Notification
from tests.browser.conftest import axe, idb_counts, shot
from tests.browser.seeded import seed_patient
from tests.factories import PASSWORD


def _open_inbox(page: Any) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Inbox").click()
    page.get_by_role("heading", name="Inbox", level=1).wait_for()


def test_messages_are_marked_read_when_opened_and_links_open_in_the_app(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seeded = seed_patient()
    mine = Notification.objects.filter(recipient=seeded.user)
    assert mine.count() == 4
    assert mine.filter(read_at__isnull=True).count() == 3
    sign_in("alice", PASSWORD)
    _open_inbox(page)
    page.get_by_text("3 unread messages.").wait_for()
    titles = page.locator(".message-toggle")
    assert titles.count() == 4
    # Newest first: the two seeded last, then the goals' own milestone messages.
    assert "You reached 50% of your walking goal" in titles.nth(0).inner_text()
    assert "Time for your exercises" in titles.nth(1).inner_text()
    assert page.locator(".message.unread").count() == 3
    assert page.locator(".message.unread .tag.new").count() == 3
    assert "(unread)" in (
        page.get_by_role(
            "button", name="You reached 50% of your walking goal", exact=False
        ).text_content()
        or ""
    )
    axe(page)
    shot(page, "inbox")

    first = page.get_by_role("button", name="You reached 50% of your walking goal", exact=False)
    first.click()
    assert first.get_attribute("aria-expanded") == "true"
    page.get_by_text("Well done: you walk 700 m comfortably now.").wait_for()
    page.get_by_text("2 unread messages.").wait_for()
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    milestone = mine.get(title="You reached 50% of your walking goal")
    assert milestone.read_at is not None
    assert idb_counts(page)["outbox"] == 0
    axe(page)
    shot(page, "inbox-open")

    # A link under /app/ opens inside the app, even when written with another host.
    reminder = page.get_by_role("button", name="Time for your exercises")
    reminder.click()
    link = page.get_by_role("link", name="Open Exercises")
    assert link.get_attribute("href") == "/app/exercises/"
    link.click()
    page.get_by_role("heading", name="Exercises", level=1).wait_for()
    assert page.url.endswith("/app/exercises/")
    # Opening a message that was already read sends nothing.
    assert mine.get(title="Time for your exercises").read_at is not None
    assert idb_counts(page)["outbox"] == 0


def test_offline_opening_a_message_waits_on_the_phone(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seeded = seed_patient()
    sign_in("alice", PASSWORD)
    _open_inbox(page)
    page.get_by_text("3 unread messages.").wait_for()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.get_by_role("button", name="You reached 50% of your walking goal", exact=False).click()
    page.get_by_text("2 unread messages.").wait_for()
    page.get_by_text("1 item is saved on this phone, not sent yet.").wait_for()
    page.reload()
    page.get_by_text("2 unread messages.").wait_for()
    note = Notification.objects.get(
        recipient=seeded.user, title="You reached 50% of your walking goal"
    )
    assert note.read_at is None
    page.context.set_offline(False)
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    note.refresh_from_db()
    assert note.read_at is not None
