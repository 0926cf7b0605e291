"""Today in the browser: the diary's status, today's exercises, what is new from the
care team and what waits on the phone; offline it draws from the last copies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reminders.models import Notification
from tests.browser.conftest import axe, shot
from tests.browser.seeded import seed_patient
from tests.exercises.helpers import log_sessions
from tests.factories import PASSWORD


def _section(page: Any, name: str) -> Any:
    return page.get_by_role("region", name=name)


def test_today_shows_the_diary_exercises_and_news_and_follows_a_save(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    seeded = seed_patient("alice")
    sign_in("alice", PASSWORD)
    diary = _section(page, "Your diary")
    diary.get_by_text("Not yet.").wait_for()
    exercises = _section(page, "Today's exercises")
    exercises.get_by_text("Glute bridge").wait_for()
    rows = exercises.locator(".today-list li")
    assert rows.count() == 2
    assert [rows.nth(i).locator(".not-done").inner_text() for i in range(2)] == [
        "Not yet",
        "Not yet",
    ]
    unread = Notification.objects.filter(recipient=seeded.user, read_at=None)
    latest = unread.order_by("-created_at", "-id").first()
    assert latest is not None
    news = _section(page, "From your care team")
    news.get_by_text(f"{unread.count()} new messages.").wait_for()
    assert f"The latest: {latest.title}" in news.inner_text()
    assert page.get_by_text("Everything you saved is with your care team.").is_visible()
    axe(page)
    shot(page, "today-with-plan")

    # Today's session logged elsewhere shows as done here.
    log_sessions(seeded.land, [seeded.today])
    diary.get_by_role("link", name="Fill in today's diary").click()
    page.get_by_role("heading", name="Today's diary", level=1).wait_for()
    page.get_by_label("Pain at rest", exact=True).fill("2")
    page.get_by_role("button", name="Save diary").click()
    page.get_by_text("Your diary for today has reached your care team.").wait_for()
    page.get_by_role("link", name="Back to Today").click()
    page.get_by_role("heading", name="Today", level=1).wait_for()
    _section(page, "Your diary").get_by_text("Done.").wait_for()
    assert (
        _section(page, "Your diary").get_by_role("link", name="Change today's diary").is_visible()
    )
    exercises = _section(page, "Today's exercises")
    exercises.locator(".done").first.wait_for()
    assert exercises.locator(".done").count() == 1
    assert exercises.locator(".today-list li").first.locator(".done").inner_text() == "Done"


def test_today_offline_draws_from_the_phone(page: Any, sign_in: Callable[[str, str], None]) -> None:
    seed_patient("alice")
    sign_in("alice", PASSWORD)
    _section(page, "Today's exercises").get_by_text("Glute bridge").wait_for()
    _section(page, "From your care team").get_by_text("new messages.").wait_for()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.reload()
    page.get_by_role("heading", name="Today", level=1).wait_for()
    exercises = _section(page, "Today's exercises")
    exercises.get_by_text("Glute bridge").wait_for()
    assert "copy saved on this phone" in exercises.inner_text()
    _section(page, "From your care team").get_by_text("new messages.").wait_for()
    _section(page, "Your diary").get_by_text("Not yet.").wait_for()

    # A diary saved offline: Today says it is on the phone, not with the care team.
    _section(page, "Your diary").get_by_role("link", name="Fill in today's diary").click()
    page.get_by_label("Pain at night", exact=True).fill("4")
    page.get_by_role("button", name="Save diary").click()
    page.get_by_role("heading", name="Saved on this phone", level=1).wait_for()
    page.get_by_role("link", name="Back to Today").click()
    _section(page, "Your diary").get_by_text("saved on this phone").wait_for()
    assert page.get_by_text("1 item is saved on this phone, not sent yet.").is_visible()
    axe(page)
    shot(page, "today-offline")
