"""Signing in, activating with an invite code, and signing out, in the browser."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.sessions.models import Session

from diaries.models import DiaryEntry
from patients import accounts, privacy, services
from patients.models import Patient
from tests.browser.conftest import App, axe, controlled, idb_counts, shot
from tests.factories import PASSWORD, make_clinician, make_patient


def test_a_patient_signs_in_and_sees_today(page: Any, sign_in: Callable[[str, str], None]) -> None:
    make_patient("alice")
    page.goto("/app/")
    # Signed out: the app sends the person to the sign-in screen.
    page.wait_for_url("**/app/signin/?next=%2Fapp%2F")
    axe(page)
    sign_in("alice", PASSWORD)
    assert page.url.endswith("/app/")
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Today")
        .get_attribute("aria-current")
        == "page"
    )
    assert page.get_by_role("link", name="Report a fall or giving way").is_visible()
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    axe(page)
    shot(page, "today")
    # No credential in the browser's storage: the session cookie is HttpOnly.
    assert page.evaluate("() => localStorage.length") == 0
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert cookies["sessionid"]["httpOnly"] is True
    assert "sessionid" not in page.evaluate("() => document.cookie")


def test_a_wrong_password_shows_the_servers_message(page: Any) -> None:
    make_patient("alice")
    page.goto("/app/signin/")
    page.get_by_label("User name").fill("alice")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    assert page.url.endswith("/app/signin/")
    axe(page)
    shot(page, "signin-error")


def test_an_empty_form_says_what_is_missing_next_to_each_field(page: Any) -> None:
    page.goto("/app/signin/")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("link", name="Enter your user name").is_visible()
    assert page.get_by_label("User name").get_attribute("aria-invalid") == "true"
    axe(page)


def test_a_fresh_account_activates_with_an_invite_code(page: Any, app: App) -> None:
    carol = make_clinician("carol")
    patient, issued = services.patient_enrol(
        clinician=carol, display_name="Nina", timezone="Europe/London", affected_side="left"
    )
    page.goto("/app/signin/")
    page.get_by_role("link", name="Activate your account").click()
    page.get_by_role("heading", name="Activate your account").wait_for()
    # The privacy notice comes from the server, before the consent box.
    page.get_by_role("heading", name=privacy.TITLE).wait_for()
    assert page.get_by_text(privacy.PARAGRAPHS[0]).is_visible()
    axe(page)
    page.get_by_label("Invite code").fill(issued.code)
    page.get_by_label("Choose a user name").fill("nina")
    page.get_by_label("Choose a password").fill("a-long-Enough-secret-91")
    # Without the consent tick, nothing is sent.
    page.get_by_role("button", name="Activate my account").click()
    assert page.get_by_role("link", name="Tick the box").is_visible()
    shot(page, "activate")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Activate my account").click()
    page.get_by_role("heading", name="Today", level=1).wait_for()
    patient = Patient.objects.get(pk=patient.pk)
    assert patient.user is not None
    assert patient.user.username == "nina"
    assert patient.consent_at is not None


def test_signing_out_clears_the_phone(page: Any, sign_in: Callable[[str, str], None]) -> None:
    make_patient("alice")
    sign_in("alice", PASSWORD)
    assert idb_counts(page).get("reads", 0) >= 1  # the last "who am I" is kept for offline
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("heading", name="Sign out?").wait_for()
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    axe(page)
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.get_by_role("heading", name="Sign in to Hipwell").wait_for()
    assert idb_counts(page) == {"outbox": 0, "reads": 0}
    # The server forgot the session too: the app asks to sign in again.
    page.goto("/app/")
    page.wait_for_url("**/app/signin/**")


def test_a_reset_code_from_the_physiotherapist_sets_a_new_password(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    carol = make_clinician("carol")
    alice = make_patient("alice", clinicians=(carol,))
    issued = accounts.password_reset_code_issue(patient=alice, issued_by=carol)
    # The link the physiotherapist hands over carries the code.
    page.goto("/app/reset/?" + urlencode({"code": issued.code}))
    page.get_by_role("heading", name="Reset your password").wait_for()
    assert page.get_by_label("Reset code").input_value() == issued.code
    axe(page)
    shot(page, "reset")
    page.get_by_label("User name").fill("alice")
    page.get_by_label("New password").fill("short")
    page.get_by_role("button", name="Save my new password").click()
    page.get_by_role("alert").wait_for()  # the server's password rules, in its words
    assert page.get_by_label("New password").get_attribute("aria-invalid") == "true"
    page.get_by_label("New password").fill("a-brand-new-Secret-77")
    page.get_by_role("button", name="Save my new password").click()
    page.get_by_role("heading", name="Your password is changed").wait_for()
    page.get_by_role("link", name="Sign in").click()
    sign_in("alice", "a-brand-new-Secret-77")


def test_a_session_ended_elsewhere_asks_to_sign_in_and_keeps_what_waits(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    alice = make_patient("alice")
    sign_in("alice", PASSWORD)
    controlled(page)
    page.context.set_offline(True)
    page.evaluate(
        """async () => {
            const outbox = await import("/static/pwa/js/outbox.js");
            await outbox.enqueue({ method: "PUT", path: "patients/me/diary/2026-11-18/",
                                   body: { pain_rest: 2 }, label: "Diary for 18 November" });
        }"""
    )
    # Signed out everywhere from another device while this phone was offline.
    Session.objects.all().delete()
    page.context.set_offline(False)
    page.get_by_role("heading", name="Sign in to Hipwell").wait_for()
    assert idb_counts(page)["outbox"] == 1
    assert not DiaryEntry.objects.filter(patient=alice).exists()
    page.get_by_label("User name").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Everything you saved is with your care team.").wait_for()
    assert DiaryEntry.objects.get(patient=alice).pain_rest == 2


def test_signing_out_everywhere_ends_the_other_devices_sessions(
    page: Any, browser: Any, app: App, sign_in: Callable[[str, str], None]
) -> None:
    make_patient("alice")
    tablet = browser.new_context(base_url=app.url)
    try:
        csrf = tablet.request.get("/api/v1/auth/csrf/").json()["csrf_token"]
        signed = tablet.request.post(
            "/api/v1/auth/session/",
            data={"username": "alice", "password": PASSWORD},
            headers={"X-CSRFToken": csrf, "Referer": app.at("/app/signin/")},
        )
        assert signed.status == 200
        assert tablet.request.get("/api/v1/auth/me/").status == 200
        sign_in("alice", PASSWORD)
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("button", name="Sign out on every device").click()
        page.get_by_role("heading", name="Sign out on every device?").wait_for()
        axe(page)
        page.get_by_role("button", name="Sign out", exact=True).click()
        page.get_by_role("heading", name="Sign in to Hipwell").wait_for()
        assert idb_counts(page) == {"outbox": 0, "reads": 0}
        assert tablet.request.get("/api/v1/auth/me/").status in (401, 403)
    finally:
        tablet.close()


def test_a_locked_account_says_when_to_try_again_in_words(page: Any) -> None:
    make_patient("alice")
    page.goto("/app/signin/")
    page.get_by_label("User name").fill("alice")
    for _ in range(6):
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_role("alert").wait_for()
        if "try again in" in page.get_by_role("alert").inner_text():
            break
    message = page.get_by_role("alert").inner_text()
    assert re.search(
        r"Please try again in (about \d+ (minutes|hours)|a minute|about an hour)\.", message
    ), message
    shot(page, "signin-locked")
