"""Tokens: issue, expiry, revocation, lockout, and what gets logged."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.conftest import Cast
from tests.factories import PASSWORD

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"


def _sign_in(username: str, password: str = PASSWORD) -> Any:
    return APIClient().post(TOKEN, {"username": username, "password": password}, format="json")


def _client(token: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Token {token}")


def test_it_issues_a_token_with_expiry_and_the_user(cast: Cast) -> None:
    response = _sign_in("carol")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["user"] == {"id": cast.carol.pk, "username": "carol", "role": "clinician"}
    assert datetime.datetime.fromisoformat(body["expires_at"]) > timezone.now()


def test_it_stores_tokens_hashed(cast: Cast) -> None:
    token = _sign_in("carol").json()["token"]
    stored = AuthToken.objects.get(user=cast.carol)
    assert token not in stored.digest
    assert stored.token_key == token[: len(stored.token_key)]


def test_me_tells_a_patient_their_patient_id(cast: Cast) -> None:
    token = _sign_in("alice").json()["token"]
    body = _client(token).get(ME).json()
    assert body == {
        "id": cast.alice_user.pk,
        "username": "alice",
        "role": "patient",
        "patient_id": cast.alice.pk,
    }


def test_me_gives_clinicians_a_null_patient_id(cast: Cast) -> None:
    token = _sign_in("carol").json()["token"]
    assert _client(token).get(ME).json()["patient_id"] is None


def test_an_expired_token_is_refused(cast: Cast) -> None:
    token = _sign_in("carol").json()["token"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        assert _client(token).get(ME).status_code == 401


def test_logout_revokes_only_that_token(cast: Cast) -> None:
    first = _sign_in("carol").json()["token"]
    second = _sign_in("carol").json()["token"]
    assert _client(first).post("/api/v1/auth/logout/").status_code == 204
    assert _client(first).get(ME).status_code == 401
    assert _client(second).get(ME).status_code == 200


@pytest.mark.parametrize(
    "header", ["Token", "Token nonsense", "Token " + "a" * 64, "Bearer abc", "Token \x00"]
)
def test_a_malformed_or_unknown_token_is_a_401(db: None, header: str) -> None:
    assert APIClient(HTTP_AUTHORIZATION=header).get(ME).status_code == 401


def test_a_wrong_password_is_a_400_that_reveals_nothing(cast: Cast) -> None:
    wrong = _sign_in("carol", "nope")
    unknown = _sign_in("nobody", "nope")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()


@pytest.mark.parametrize(
    "body", [{}, {"username": "carol"}, {"password": "x"}, {"username": ["a"], "password": 3}]
)
def test_a_malformed_sign_in_is_a_400(db: None, body: dict[str, object]) -> None:
    assert APIClient().post(TOKEN, body, format="json").status_code == 400


def test_it_locks_out_after_repeated_failures_and_says_when_to_retry(cast: Cast) -> None:
    for _ in range(4):
        assert _sign_in("carol", "wrong").status_code == 400
    assert _sign_in("carol", "wrong").status_code == 429
    locked = _sign_in("carol")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert locked.json()["detail"]
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=16)):
        assert _sign_in("carol").status_code == 200


def test_a_lockout_of_one_user_does_not_lock_another(cast: Cast) -> None:
    for _ in range(5):
        _sign_in("carol", "wrong")
    assert _sign_in("dave").status_code == 200


def test_it_logs_every_attempt_without_the_password(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="hipwell.auth"):
        _sign_in("carol", "the-wrong-secret")
        _sign_in("carol")
    text = caplog.text
    assert "login failed" in text
    assert "login succeeded" in text
    assert "the-wrong-secret" not in text
    assert PASSWORD not in text


def test_a_deactivated_user_cannot_sign_in(cast: Cast) -> None:
    cast.carol.is_active = False
    cast.carol.save()
    assert _sign_in("carol").status_code == 400


def test_session_login_works_for_browser_pages(cast: Cast) -> None:
    client = APIClient()
    client.force_login(cast.carol)
    assert client.get(ME).json()["username"] == "carol"


def test_a_successful_sign_in_resets_the_failure_count(cast: Cast) -> None:
    for _ in range(4):
        assert _sign_in("carol", "wrong").status_code == 400
    assert _sign_in("carol").status_code == 200
    assert _sign_in("carol", "wrong").status_code == 400
    assert _sign_in("carol").status_code == 200


def test_signing_in_records_the_last_login(cast: Cast) -> None:
    assert cast.carol.last_login is None
    assert _sign_in("carol").status_code == 200
    cast.carol.refresh_from_db()
    assert cast.carol.last_login is not None


def test_a_sign_in_beyond_the_per_user_limit_revokes_the_oldest_token(cast: Cast) -> None:
    oldest, _ = AuthToken.objects.create(cast.carol, datetime.timedelta(hours=1))
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
        for _ in range(19):
            AuthToken.objects.create(cast.carol, datetime.timedelta(hours=1))
        response = _sign_in("carol")
    assert response.status_code == 200
    assert AuthToken.objects.filter(user=cast.carol).count() == 20
    assert not AuthToken.objects.filter(pk=oldest.pk).exists()
    assert _client(response.json()["token"]).get("/api/v1/auth/me/").status_code == 200


def test_expired_tokens_do_not_count_towards_the_limit(cast: Cast) -> None:
    for _ in range(20):
        AuthToken.objects.create(cast.carol, datetime.timedelta(hours=1))
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert _sign_in("carol").status_code == 200


def test_sign_in_ignores_the_case_of_the_username(cast: Cast) -> None:
    response = _sign_in("CaRoL")
    assert response.status_code == 200
    assert response.json()["user"]["username"] == "carol"


def test_changing_the_case_does_not_buy_more_guesses(cast: Cast) -> None:
    for name in ("carol", "Carol", "CAROL", "cArol", "caROL"):
        _sign_in(name, "wrong")
    assert _sign_in("carol").status_code == 429


PASSWORD_URL = "/api/v1/auth/password/"
LOGOUT_ALL = "/api/v1/auth/logout-all/"
NEW_PASSWORD = "a-brand-new-Secret-77"


def test_changing_the_password_revokes_every_other_token_and_session(cast: Cast) -> None:
    caller = _sign_in("carol").json()["token"]
    other = _sign_in("carol").json()["token"]
    browser = APIClient()
    browser.force_login(cast.carol)
    assert browser.get(ME).status_code == 200

    response = _client(caller).post(
        PASSWORD_URL, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )

    assert response.status_code == 204
    assert _client(caller).get(ME).status_code == 200
    assert _client(other).get(ME).status_code == 401
    assert browser.get(ME).status_code == 401
    assert _sign_in("carol").status_code == 400
    assert _sign_in("carol", NEW_PASSWORD).status_code == 200


def test_changing_the_password_in_a_session_keeps_that_session(cast: Cast) -> None:
    token = _sign_in("carol").json()["token"]
    browser = APIClient()
    browser.force_login(cast.carol)
    response = browser.post(
        PASSWORD_URL, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 204
    assert browser.get(ME).status_code == 200
    assert _client(token).get(ME).status_code == 401


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"old_password": "wrong", "new_password": NEW_PASSWORD}, "old_password"),
        ({"old_password": PASSWORD, "new_password": "short-9ch"}, "new_password"),
        ({"old_password": PASSWORD, "new_password": "password123"}, "new_password"),
        ({"old_password": PASSWORD}, "new_password"),
        ({"old_password": ["x"], "new_password": 3}, "old_password"),
    ],
)
def test_a_bad_password_change_is_a_400_and_changes_nothing(
    cast: Cast, body: dict[str, object], field: str
) -> None:
    token = _sign_in("carol").json()["token"]
    other = _sign_in("carol").json()["token"]
    response = _client(token).post(PASSWORD_URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert _client(other).get(ME).status_code == 200
    assert _sign_in("carol").status_code == 200


def test_logout_all_revokes_every_token_and_session(cast: Cast) -> None:
    first = _sign_in("carol").json()["token"]
    second = _sign_in("carol").json()["token"]
    colleague = _sign_in("dave").json()["token"]
    browser = APIClient()
    browser.force_login(cast.carol)

    assert _client(first).post(LOGOUT_ALL).status_code == 204

    assert _client(first).get(ME).status_code == 401
    assert _client(second).get(ME).status_code == 401
    assert browser.get(ME).status_code == 401
    assert _client(colleague).get(ME).status_code == 200
    assert _sign_in("carol").status_code == 200


@pytest.mark.parametrize("path", [PASSWORD_URL, LOGOUT_ALL])
def test_account_endpoints_need_a_signed_in_caller(db: None, path: str) -> None:
    assert APIClient().post(path, {}, format="json").status_code == 401


def test_the_demo_accounts_still_sign_in(db: None) -> None:
    from patients.demo import DEMO_CLINICIAN, DEMO_PASSWORD, seed_accounts

    seed_accounts()
    seed_accounts()
    assert _sign_in(DEMO_CLINICIAN, DEMO_PASSWORD).status_code == 200
    assert _sign_in("demo-patient-1", DEMO_PASSWORD).status_code == 200
