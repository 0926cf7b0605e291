"""Browser sessions: CSRF, the session sign-in with the token path's checks, cookies,
activation into a session, and signing out of sessions."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from patients.models import Patient
from tests.conftest import Cast, ClientFor
from tests.factories import PASSWORD

CSRF = "/api/v1/auth/csrf/"
SESSION = "/api/v1/auth/session/"
SESSION_ACTIVATE = "/api/v1/auth/session/activate/"
TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"
NEW_PASSWORD = "a-brand-new-Secret-77"


def _browser(ip: str = "10.0.0.1") -> APIClient:
    """A client that, like a browser, gets no free pass on CSRF."""
    return APIClient(enforce_csrf_checks=True, REMOTE_ADDR=ip)


def _csrf(client: APIClient) -> str:
    if "csrftoken" not in client.cookies:
        client.get(CSRF)
    return str(client.cookies["csrftoken"].value)


def _post(client: APIClient, path: str, body: Any = None, **extra: Any) -> Any:
    return client.post(path, body, format="json", HTTP_X_CSRFTOKEN=_csrf(client), **extra)


def _session_sign_in(
    client: APIClient, username: str, password: str = PASSWORD, **extra: Any
) -> Any:
    return _post(client, SESSION, {"username": username, "password": password}, **extra)


def _signed_in(username: str, ip: str = "10.0.0.1") -> APIClient:
    client = _browser(ip)
    assert _session_sign_in(client, username).status_code == 200
    return client


def test_csrf_gives_anyone_a_token_and_a_readable_cookie(db: None) -> None:
    client = _browser()
    response = client.get(CSRF)
    assert response.status_code == 200
    token = response.json()["csrf_token"]
    assert isinstance(token, str)
    assert len(token) >= 32
    cookie = response.cookies["csrftoken"]
    assert not cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_a_session_sign_in_answers_the_user_and_sets_an_httponly_lax_cookie(
    cast: Cast,
) -> None:
    client = _browser()
    response = _session_sign_in(client, "alice")
    assert response.status_code == 200
    assert response.json() == {
        "user": {
            "id": cast.alice_user.pk,
            "username": "alice",
            "role": "patient",
            "patient_id": cast.alice.pk,
        }
    }
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 14 * 24 * 3600
    assert "hipwell_device" in response.cookies
    assert "token" not in response.json()
    me = client.get(ME)
    assert me.status_code == 200
    assert me.json()["username"] == "alice"


def test_a_session_sign_in_matches_the_username_ignoring_case(cast: Cast) -> None:
    response = _session_sign_in(_browser(), "CaRoL")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "carol"


@pytest.mark.parametrize("token", [None, "", "wrong" * 8, "x"])
def test_a_session_sign_in_without_the_csrf_token_is_a_403(cast: Cast, token: str | None) -> None:
    client = _browser()
    client.get(CSRF)
    extra: dict[str, Any] = {} if token is None else {"HTTP_X_CSRFTOKEN": token}
    response = client.post(SESSION, {"username": "alice", "password": PASSWORD}, **extra)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "CSRF" in response.json()["detail"]
    assert client.get(ME).status_code == 401


def test_a_session_sign_in_without_the_csrf_cookie_is_a_403(cast: Cast) -> None:
    token = _browser().get(CSRF).json()["csrf_token"]
    fresh = _browser()  # has no cookie to match the header against
    response = fresh.post(
        SESSION, {"username": "alice", "password": PASSWORD}, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 403


def test_signing_in_rotates_the_session_key_and_the_csrf_token(cast: Cast) -> None:
    # A session planted before sign-in (session fixation) is not the one signed in.
    planted = SessionStore()
    planted["planted"] = True
    planted.create()
    planted_key = str(planted.session_key)
    client = _browser()
    client.cookies[settings.SESSION_COOKIE_NAME] = planted_key
    before = _csrf(client)
    assert _session_sign_in(client, "carol").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert key != planted_key
    assert not SessionStore(session_key=planted_key).exists(planted_key)
    assert client.cookies["csrftoken"].value != before
    # The token read before signing in no longer passes.
    stale = client.post("/api/v1/auth/logout/", HTTP_X_CSRFTOKEN=before)
    assert stale.status_code == 403


def test_a_session_sign_in_records_the_last_login(cast: Cast) -> None:
    assert cast.carol.last_login is None
    _signed_in("carol")
    cast.carol.refresh_from_db()
    assert cast.carol.last_login is not None


def test_session_and_token_answer_a_wrong_password_alike(cast: Cast) -> None:
    token_wrong = APIClient().post(TOKEN, {"username": "carol", "password": "nope"})
    session_wrong = _session_sign_in(_browser("10.0.0.2"), "carol", "nope")
    session_unknown = _session_sign_in(_browser("10.0.0.3"), "nobody", "nope")
    assert token_wrong.status_code == session_wrong.status_code == 400
    assert session_wrong.json() == session_unknown.json() == token_wrong.json()


@pytest.mark.parametrize("body", [{}, {"username": "carol"}, {"username": ["a"], "password": 3}])
def test_a_malformed_session_sign_in_is_a_400(db: None, body: dict[str, object]) -> None:
    assert _post(_browser(), SESSION, body).status_code == 400


def test_the_session_path_locks_the_pair_out_like_the_token_path(cast: Cast) -> None:
    client = _browser("10.6.6.6")
    for _ in range(4):
        assert _session_sign_in(client, "carol", "wrong").status_code == 400
    assert _session_sign_in(client, "carol", "wrong").status_code == 429
    locked = _session_sign_in(client, "carol")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert locked.json()["detail"]
    # The same pair is locked on the token path too: one lockout, two doors.
    token = APIClient(REMOTE_ADDR="10.6.6.6").post(
        TOKEN, {"username": "carol", "password": PASSWORD}
    )
    assert token.status_code == 429
    assert _session_sign_in(_browser("10.0.0.2"), "carol").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert _session_sign_in(client, "carol").status_code == 200


@pytest.fixture
def small_account_cap() -> Iterator[int]:
    with override_settings(HIPWELL={**settings.HIPWELL, "LOGIN_ACCOUNT_FAILURE_LIMIT": 8}):
        yield 8


def test_the_session_path_meets_the_account_cap_and_honours_a_known_device(
    cast: Cast, small_account_cap: int
) -> None:
    phone = _signed_in("carol", ip="10.0.0.9")
    for n in range(small_account_cap):
        _session_sign_in(_browser(f"10.1.0.{n + 1}"), "carol", "wrong")
    capped = _session_sign_in(_browser("10.2.0.1"), "carol")
    assert capped.status_code == 429
    assert int(capped["Retry-After"]) > 0
    # The phone that signed in before carries its device cookie and gets in.
    phone.defaults["REMOTE_ADDR"] = "10.3.0.1"
    assert _session_sign_in(phone, "carol").status_code == 200


def test_the_session_path_shares_the_sign_in_throttle(db: None) -> None:
    client = _browser()
    for n in range(20):
        assert _session_sign_in(client, f"nobody-{n}", "wrong").status_code == 400
    throttled = _session_sign_in(client, "nobody-x", "wrong")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    # Another address has its own budget.
    assert _session_sign_in(_browser("10.0.0.2"), "nobody-x", "wrong").status_code == 400


def test_a_forged_forwarded_for_does_not_escape_the_session_throttle(db: None) -> None:
    client = _browser()
    for n in range(20):
        _session_sign_in(client, f"nobody-{n}", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    for n in range(3):
        forged = _session_sign_in(
            client, "nobody-x", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        )
        assert forged.status_code == 429


def test_a_session_write_without_the_csrf_token_is_refused_everywhere(
    cast: Cast,
) -> None:
    client = _signed_in("alice")
    writes: list[tuple[str, str, Any]] = [
        ("post", "/api/v1/auth/logout/", None),
        ("post", "/api/v1/auth/logout-all/", None),
        (
            "post",
            "/api/v1/auth/password/",
            {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
        ),
        ("patch", "/api/v1/patients/me/", {"timezone": "Europe/Paris"}),
        ("post", "/api/v1/patients/me/caregivers/", {"name": "Sister"}),
    ]
    for method, path, body in writes:
        response = getattr(client, method)(path, body, format="json")
        assert response.status_code == 403, path
        assert "CSRF" in response.json()["detail"], path
    assert client.get(ME).status_code == 200
    assert Patient.objects.get(pk=cast.alice.pk).timezone == "Europe/Berlin"
    # With the token the same write goes through.
    patched = client.patch(
        "/api/v1/patients/me/",
        {"timezone": "Europe/Paris"},
        format="json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert patched.status_code == 200


def test_a_token_client_needs_no_csrf_token(cast: Cast) -> None:
    token = APIClient().post(TOKEN, {"username": "alice", "password": PASSWORD}).json()["token"]
    client = APIClient(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Token {token}")
    response = client.patch("/api/v1/patients/me/", {"timezone": "Europe/Paris"}, format="json")
    assert response.status_code == 200


def test_logout_ends_the_session(cast: Cast) -> None:
    client = _signed_in("alice")
    other = _signed_in("alice")
    assert _post(client, "/api/v1/auth/logout/").status_code == 204
    assert client.get(ME).status_code == 401
    assert other.get(ME).status_code == 200


def test_logout_all_from_a_session_ends_every_session_and_token(cast: Cast) -> None:
    client = _signed_in("alice")
    other = _signed_in("alice", ip="10.0.0.2")
    token = APIClient().post(TOKEN, {"username": "alice", "password": PASSWORD}).json()["token"]
    colleague = _signed_in("carol")
    assert _post(client, "/api/v1/auth/logout-all/").status_code == 204
    assert client.get(ME).status_code == 401
    assert other.get(ME).status_code == 401
    assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get(ME).status_code == 401
    assert colleague.get(ME).status_code == 200
    assert _session_sign_in(_browser("10.0.0.3"), "alice").status_code == 200


def test_a_password_change_in_a_session_keeps_it_and_ends_the_others(cast: Cast) -> None:
    client = _signed_in("alice")
    other = _signed_in("alice", ip="10.0.0.2")
    changed = _post(
        client,
        "/api/v1/auth/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert changed.status_code == 204
    assert client.get(ME).status_code == 200
    assert other.get(ME).status_code == 401


def test_a_session_lasts_fourteen_days_and_is_not_renewed_by_use(cast: Cast) -> None:
    client = _signed_in("alice")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=13)):
        assert client.get(ME).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=14, minutes=1)):
        assert client.get(ME).status_code == 401


@override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
def test_cookies_are_secure_when_the_settings_say_so(cast: Cast) -> None:
    client = _browser()
    assert client.get(CSRF, secure=True).cookies["csrftoken"]["secure"]
    response = client.post(
        SESSION,
        {"username": "alice", "password": PASSWORD},
        format="json",
        secure=True,
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
        HTTP_REFERER="https://testserver/app/",
    )
    assert response.status_code == 200, response.content
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert response.cookies["csrftoken"]["secure"]


def test_debug_mode_decides_whether_the_cookies_are_secure(tmp_path: Path) -> None:
    from tests.core.test_deploy_settings import _production_env

    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_AGE, "
        "s.SESSION_SAVE_EVERY_REQUEST)"
    )

    def run(**overrides: str) -> list[str]:
        env = _production_env(tmp_path, **overrides)
        return subprocess.run(
            [sys.executable, "-c", script],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(settings.BASE_DIR),
        ).stdout.split()

    assert run() == ["True", "True", "True", "False", "Lax", "1209600", "False"]
    assert run(DJANGO_DEBUG="1", HIPWELL_SESSION_DAYS="3")[:2] == ["False", "False"]
    assert run(HIPWELL_SESSION_DAYS="3")[5] == str(3 * 24 * 3600)
    assert os.environ.get("DJANGO_DEBUG") != "0"  # this process was left alone


def _enrol(client_for: ClientFor, cast: Cast) -> str:
    body = client_for(cast.carol).post(
        "/api/v1/patients/",
        {"display_name": "Grace", "timezone": "UTC", "affected_side": "left"},
        format="json",
    )
    assert body.status_code == 201
    return str(body.json()["invite_code"])


def test_session_activation_creates_the_account_and_starts_a_session(
    cast: Cast, client_for: ClientFor
) -> None:
    code = _enrol(client_for, cast)
    client = _browser()
    response = _post(
        client,
        SESSION_ACTIVATE,
        {"invite_code": code, "username": "grace", "password": PASSWORD, "consent": True},
    )
    assert response.status_code == 201, response.content
    patient = Patient.objects.get(display_name="Grace")
    assert response.json() == {
        "user": {
            "id": patient.user_id,
            "username": "grace",
            "role": "patient",
            "patient_id": patient.pk,
        }
    }
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
    assert "hipwell_device" in response.cookies
    assert client.get(ME).json()["patient_id"] == patient.pk
    assert patient.consent_at is not None


def test_session_activation_needs_the_csrf_token_and_leaves_the_code_unused(
    cast: Cast, client_for: ClientFor
) -> None:
    code = _enrol(client_for, cast)
    client = _browser()
    client.get(CSRF)
    body = {"invite_code": code, "username": "grace", "password": PASSWORD, "consent": True}
    refused = client.post(SESSION_ACTIVATE, body, format="json")
    assert refused.status_code == 403
    assert not Patient.objects.get(display_name="Grace").user_id
    assert _post(client, SESSION_ACTIVATE, body).status_code == 201


def test_session_activation_answers_the_activation_errors(
    cast: Cast, client_for: ClientFor
) -> None:
    code = _enrol(client_for, cast)
    bad_code = _post(
        _browser(),
        SESSION_ACTIVATE,
        {
            "invite_code": "HW-AAAA-BBBB-CCCC",
            "username": "grace",
            "password": PASSWORD,
            "consent": True,
        },
    )
    assert bad_code.status_code == 400
    assert set(bad_code.json()) == {"invite_code"}
    taken = _post(
        _browser(),
        SESSION_ACTIVATE,
        {"invite_code": code, "username": "ALICE", "password": PASSWORD, "consent": True},
    )
    assert taken.status_code == 400
    assert "username" in taken.json()


# Sign-in, activation and reset endpoints take no session (they run unauthenticated and
# take JSON only, which no cross-site form can send); the session sign-ins check CSRF
# themselves (above).
NO_SESSION_ROUTES = {
    "/api/v1/auth/token/",
    "/api/v1/auth/activate/",
    "/api/v1/auth/password-reset/",
    "/api/v1/auth/password-reset/email/",
    "/api/v1/auth/password-reset/confirm/",
}


def test_every_write_made_with_a_session_needs_the_csrf_token(cast: Cast) -> None:
    from tests.core.test_no_500 import ROUTES, _concrete

    for username in ("alice", "carol"):
        client = _signed_in(username)
        for route in ROUTES:
            # A regex route included under a prefix keeps its anchors inside.
            url = _concrete(route, str(cast.alice.pk)).replace("^", "").replace("$", "")
            if url in NO_SESSION_ROUTES:
                continue
            for method in ("post", "put", "patch", "delete"):
                response = getattr(client, method)(url, {}, format="json")
                assert response.status_code in (403, 405), (username, method, url)
                if response.status_code == 403:
                    assert "CSRF" in response.json()["detail"], (method, url)
        assert client.get(ME).status_code == 200
