"""The outbox in a real browser: writes wait on the phone offline, survive a reload,
reach the server once when the connection returns, and a refusal stays visible.

The diary and exercise screens are other modules; these tests drive the outbox
module the screens use (js/outbox.js) from the page itself, and read what the
person sees on Today."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from diaries.models import DiaryEntry
from tests.browser.conftest import axe, controlled, idb_counts, shot
from tests.factories import PASSWORD, make_patient

ENQUEUE = """async ([path, body, label]) => {
    const outbox = await import("/static/pwa/js/outbox.js");
    const { id } = await outbox.enqueue({ method: "PUT", path, body, label });
    return id;
}"""


def _status(page: Any) -> str:
    return page.locator(".sync-status .summary").inner_text()


def test_writes_made_offline_survive_a_reload_and_arrive_once(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = make_patient("alice")
    sign_in("alice", PASSWORD)
    controlled(page)
    page.context.set_offline(True)
    page.get_by_text("You are offline.").wait_for()
    page.evaluate(
        ENQUEUE, ["patients/me/diary/2026-11-17/", {"pain_rest": 3}, "Diary for 17 November"]
    )
    page.evaluate(
        ENQUEUE,
        [
            "patients/me/diary/2026-11-18/",
            {"pain_rest": 4, "note": "Swam"},
            "Diary for 18 November",
        ],
    )
    page.get_by_text("2 items are saved on this phone, not sent yet.").wait_for()
    axe(page)
    shot(page, "today-offline-waiting")

    # Still offline: the service worker serves the shell, the app its last copies.
    page.reload()
    page.get_by_role("heading", name="Today", level=1).wait_for()
    page.get_by_text("2 items are saved on this phone, not sent yet.").wait_for()
    assert not DiaryEntry.objects.filter(patient=alice).exists()
    page.get_by_role("button", name="Show what is on this phone").click()
    items = page.locator(".outbox-list > li")
    assert items.count() == 2
    assert items.nth(0).inner_text().startswith("Diary for 17 November")

    page.context.set_offline(False)
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    entries = DiaryEntry.objects.filter(patient=alice).order_by("date")
    assert [(str(e.date), e.pain_rest, e.version) for e in entries] == [
        ("2026-11-17", 3, 1),
        ("2026-11-18", 4, 1),
    ]
    assert idb_counts(page)["outbox"] == 0


def test_a_refused_write_shows_the_servers_message_and_stays(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = make_patient("alice")
    sign_in("alice", PASSWORD)
    page.evaluate(
        ENQUEUE, ["patients/me/diary/2026-11-18/", {"pain_rest": 11}, "Diary for 18 November"]
    )
    page.get_by_text("1 item was not accepted: it needs you.").wait_for()
    page.get_by_role("button", name="Show what is on this phone").click()
    item = page.locator(".outbox-list > li.refused")
    assert "Not accepted by the server" in item.inner_text()
    assert "less than or equal to 10" in item.locator(".server-messages").inner_text()
    axe(page)
    shot(page, "today-refused")
    # Replays go on, and the refusal is still there: never dropped by the app.
    page.evaluate("async () => (await import('/static/pwa/js/outbox.js')).replay()")
    page.reload()
    page.get_by_text("1 item was not accepted: it needs you.").wait_for()
    assert idb_counts(page)["outbox"] == 1
    assert not DiaryEntry.objects.filter(patient=alice).exists()
    # The person may discard it (after a confirmation).
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Show what is on this phone").click()
    page.get_by_role("button", name="Discard").click()
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    assert idb_counts(page)["outbox"] == 0


def test_signing_out_warns_about_unsent_items_first(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    sign_in("alice", PASSWORD)
    controlled(page)
    page.context.set_offline(True)
    page.evaluate(ENQUEUE, ["patients/me/diary/2026-11-18/", {"fall": True}, "Fall on 18 November"])
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("heading", name="Sign out?").wait_for()
    assert page.get_by_text("1 item has not reached your care team.").is_visible()
    assert "Fall on 18 November" in page.locator(".outbox-list").inner_text()
    axe(page)
    shot(page, "signout-unsent")
    page.get_by_role("button", name="Stay signed in").click()
    page.get_by_role("heading", name="Today", level=1).wait_for()
    assert idb_counts(page)["outbox"] == 1
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    # Offline, the server cannot end the session, so the phone stays signed in.
    page.get_by_role("button", name="Sign out and delete unsent items").click()
    page.get_by_text("There is no connection, so you cannot be signed out now.").wait_for()
    assert idb_counts(page)["outbox"] == 1
    # Online, the item is sent at once, and signing out has nothing left to lose.
    page.context.set_offline(False)
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("heading", name="Sign in to Hipwell").wait_for()
    assert idb_counts(page) == {"outbox": 0, "reads": 0}


def test_a_server_fault_keeps_the_order_and_the_30_second_timer_sends_again(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = make_patient("alice")
    sign_in("alice", PASSWORD)
    tried: list[str] = []

    def server_down(route: Any) -> None:
        if route.request.method == "PUT":
            tried.append(route.request.url.rsplit("/diary/", 1)[1])
        route.fulfill(status=503, json={"detail": "Service unavailable."})

    page.route("**/api/v1/patients/me/diary/*/", server_down)
    page.evaluate(
        ENQUEUE, ["patients/me/diary/2026-11-17/", {"pain_rest": 3}, "Diary for 17 November"]
    )
    page.evaluate(
        ENQUEUE, ["patients/me/diary/2026-11-18/", {"pain_rest": 4}, "Diary for 18 November"]
    )
    page.get_by_text("2 items are saved on this phone, not sent yet.").wait_for()
    # The first item failed; the second waits behind it rather than overtaking it.
    assert set(tried) == {"2026-11-17/"}
    page.get_by_role("button", name="Show what is on this phone").click()
    assert "Last try: Service unavailable." in page.locator(".outbox-list > li").first.inner_text()

    sent: list[str] = []

    def server_up(route: Any) -> None:
        if route.request.method == "PUT":  # screens may read the days again, too
            sent.append(route.request.url.rsplit("/diary/", 1)[1])
        route.continue_()

    page.unroute("**/api/v1/patients/me/diary/*/")
    page.route("**/api/v1/patients/me/diary/*/", server_up)
    page.clock.run_for(31_000)  # the next round of the 30-second timer
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    assert sent == ["2026-11-17/", "2026-11-18/"]
    assert DiaryEntry.objects.filter(patient=alice).count() == 2
