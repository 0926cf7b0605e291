"""A create whose answer is lost on the way back is replayed without duplicating it.

The outbox gives every POST an Idempotency-Key when it is queued and sends it on
every attempt: the server answers the replay with the first answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reminders.models import ReminderSchedule
from tests.factories import PASSWORD, make_patient

ENQUEUE_POST = """async ([path, body, label]) => {
    const outbox = await import("/static/pwa/js/outbox.js");
    const { id } = await outbox.enqueue({ method: "POST", path, body, label });
    return id;
}"""


def test_a_create_whose_answer_was_lost_is_stored_once(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = make_patient("alice")
    sign_in("alice", PASSWORD)
    keys: list[str | None] = []
    lost: list[bool] = []

    def lose_the_first_answer(route: Any) -> None:
        keys.append(route.request.headers.get("idempotency-key"))
        if len(keys) == 1:
            route.fetch()  # the server creates the reminder...
            route.abort("connectionreset")  # ...and the phone never hears back
            lost.append(True)
        else:
            route.continue_()

    page.route("**/api/v1/patients/me/reminders/", lose_the_first_answer)
    page.evaluate(
        ENQUEUE_POST,
        ["patients/me/reminders/", {"kind": "custom", "times": ["09:00"], "message": "Walk"}, "A"],
    )
    for _ in range(100):  # the route handler runs while Playwright waits
        if lost:
            break
        page.wait_for_timeout(100)
    page.get_by_text("1 item is saved on this phone, not sent yet.").wait_for()
    assert ReminderSchedule.objects.filter(patient=alice, message="Walk").count() == 1

    page.clock.run_for(31_000)  # the outbox's 30-second replay
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    assert len(keys) == 2
    assert keys[0]
    assert keys[0] == keys[1]
    assert ReminderSchedule.objects.filter(patient=alice, message="Walk").count() == 1
