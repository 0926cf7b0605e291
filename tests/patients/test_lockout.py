"""Sign-in protection: the (username, address) lockout, the per-account cap,
known devices, throttles keyed on the real client address, and the shared cache."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.test import override_settings
from rest_framework.test import APIClient

from tests.conftest import Cast, ClientFor
from tests.factories import PASSWORD

TOKEN = "/api/v1/auth/token/"
DEVICE_COOKIE = "hipwell_device"


def _sign_in(username: str, password: str = PASSWORD, *, ip: str = "10.0.0.1", **extra: Any) -> Any:
    return APIClient(REMOTE_ADDR=ip).post(
        TOKEN, {"username": username, "password": password}, format="json", **extra
    )


@pytest.fixture
def small_account_cap() -> Iterator[int]:
    with override_settings(HIPWELL={**settings.HIPWELL, "LOGIN_ACCOUNT_FAILURE_LIMIT": 8}):
        yield 8


def _cap_the_account(username: str, limit: int) -> None:
    # One failure from each of many addresses: no (username, address) pair locks.
    for n in range(limit):
        _sign_in(username, "wrong", ip=f"10.1.0.{n + 1}")


def test_a_stranger_locks_only_their_own_address_for_that_user(cast: Cast) -> None:
    for _ in range(5):
        _sign_in("carol", "wrong", ip="10.6.6.6")
    assert _sign_in("carol", ip="10.6.6.6").status_code == 429
    assert _sign_in("carol", ip="10.0.0.2").status_code == 200


def test_a_forged_forwarded_for_does_not_escape_the_lockout(cast: Cast) -> None:
    for n in range(5):
        _sign_in("carol", "wrong", ip="10.6.6.6", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    locked = _sign_in("carol", ip="10.6.6.6", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert locked.status_code == 429


def test_failures_from_many_addresses_cap_the_account(cast: Cast, small_account_cap: int) -> None:
    _cap_the_account("carol", small_account_cap)
    capped = _sign_in("carol", ip="10.2.0.1")
    assert capped.status_code == 429
    assert int(capped["Retry-After"]) > 0
    assert capped.json()["detail"]
    assert _sign_in("dave", ip="10.2.0.1").status_code == 200


def test_a_known_device_still_signs_in_when_the_account_is_capped(
    cast: Cast, small_account_cap: int
) -> None:
    phone = APIClient(REMOTE_ADDR="10.0.0.9")
    first = phone.post(TOKEN, {"username": "carol", "password": PASSWORD}, format="json")
    cookie = first.cookies[DEVICE_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    _cap_the_account("carol", small_account_cap)

    phone.defaults["REMOTE_ADDR"] = "10.3.0.1"
    again = phone.post(TOKEN, {"username": "carol", "password": PASSWORD}, format="json")
    assert again.status_code == 200
    assert _sign_in("carol", ip="10.3.0.1").status_code == 429


def test_a_non_browser_client_sends_the_device_in_a_header(
    cast: Cast, small_account_cap: int
) -> None:
    device = _sign_in("carol").cookies[DEVICE_COOKIE].value
    _cap_the_account("carol", small_account_cap)
    assert _sign_in("carol", ip="10.3.0.1", HTTP_X_HIPWELL_DEVICE=device).status_code == 200


def test_a_known_device_is_not_locked_out_by_a_stranger_on_the_same_address(
    cast: Cast,
) -> None:
    device = _sign_in("carol", ip="10.0.0.1").cookies[DEVICE_COOKIE].value
    for _ in range(5):
        _sign_in("carol", "wrong", ip="10.0.0.1")
    assert _sign_in("carol", ip="10.0.0.1").status_code == 429
    known = _sign_in("carol", ip="10.0.0.1", HTTP_X_HIPWELL_DEVICE=device)
    assert known.status_code == 200


def test_a_known_device_gets_only_a_few_guesses_of_its_own(cast: Cast) -> None:
    device = _sign_in("carol").cookies[DEVICE_COOKIE].value
    for _ in range(5):
        _sign_in("carol", "wrong", ip="10.4.0.1", HTTP_X_HIPWELL_DEVICE=device)
    assert _sign_in("carol", ip="10.4.0.1", HTTP_X_HIPWELL_DEVICE=device).status_code == 429


@pytest.mark.parametrize("tamper", ["other-user", "forged", "garbage"])
def test_a_device_of_someone_else_or_a_forged_one_does_not_help(
    cast: Cast, small_account_cap: int, tamper: str
) -> None:
    dave_device = _sign_in("dave").cookies[DEVICE_COOKIE].value
    value = {
        "other-user": dave_device,
        "forged": dave_device.replace("dave", "carol"),
        "garbage": "x" * 5000,
    }[tamper]
    _cap_the_account("carol", small_account_cap)
    refused = _sign_in("carol", ip="10.3.0.1", HTTP_X_HIPWELL_DEVICE=value)
    assert refused.status_code == 429


def test_an_activated_account_is_a_known_device_at_once(
    cast: Cast, client_for: ClientFor, small_account_cap: int
) -> None:
    enrolled = client_for(cast.carol).post(
        "/api/v1/patients/",
        {"display_name": "Grace", "timezone": "UTC", "affected_side": "left"},
        format="json",
    )
    phone = APIClient(REMOTE_ADDR="10.0.0.7")
    activated = phone.post(
        "/api/v1/auth/activate/",
        {
            "invite_code": enrolled.json()["invite_code"],
            "username": "grace",
            "password": PASSWORD,
            "consent": True,
        },
        format="json",
    )
    assert activated.status_code == 201
    assert DEVICE_COOKIE in activated.cookies
    _cap_the_account("grace", small_account_cap)
    again = phone.post(TOKEN, {"username": "grace", "password": PASSWORD}, format="json")
    assert again.status_code == 200


def test_wrong_old_passwords_count_towards_the_account_cap(
    cast: Cast, client_for: ClientFor, small_account_cap: int
) -> None:
    # A stolen session must not be a way to guess the password at leisure.
    thief = client_for(cast.carol)
    for _ in range(small_account_cap):
        wrong = thief.post(
            "/api/v1/auth/password/",
            {"old_password": "guess", "new_password": "a-brand-new-Secret-77"},
            format="json",
        )
        assert wrong.status_code == 400
    assert _sign_in("carol", ip="10.2.0.1").status_code == 429
    capped = thief.post(
        "/api/v1/auth/password/",
        {"old_password": PASSWORD, "new_password": "a-brand-new-Secret-77"},
        format="json",
    )
    assert capped.status_code == 429
    assert int(capped["Retry-After"]) > 0
    assert _sign_in("dave", ip="10.2.0.1").status_code == 200


# Throttles. The sign-in view always carries its scoped throttle (20/minute); tests
# use a fresh username each time so the lockout does not answer first.


def _exhaust_login_throttle(**extra: Any) -> None:
    for n in range(20):
        assert _sign_in(f"nobody-{n}", "wrong", **extra).status_code == 400


def test_a_forged_forwarded_for_does_not_reset_the_throttle(db: None) -> None:
    _exhaust_login_throttle()
    for n in range(5):
        forged = _sign_in("nobody-x", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert forged.status_code == 429
        assert int(forged["Retry-After"]) > 0
    assert _sign_in("nobody-x", "wrong", ip="10.0.0.2").status_code == 400


@pytest.fixture
def one_trusted_proxy() -> Iterator[None]:
    rest = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    with override_settings(REST_FRAMEWORK=rest, HIPWELL_TRUSTED_PROXIES=1):
        yield


def test_behind_a_trusted_proxy_the_hop_it_added_is_the_client(
    db: None, one_trusted_proxy: None
) -> None:
    # Our proxy (10.0.0.1) appends the address it saw; anything before it is the client's word.
    _exhaust_login_throttle(HTTP_X_FORWARDED_FOR="203.0.113.5")
    forged = _sign_in("nobody-x", "wrong", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert forged.status_code == 429
    other_client = _sign_in("nobody-x", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other_client.status_code == 400


def test_behind_a_trusted_proxy_the_lockout_uses_the_client_address(
    cast: Cast, one_trusted_proxy: None
) -> None:
    for _ in range(5):
        _sign_in("carol", "wrong", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert _sign_in("carol", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # Another client behind the same proxy is not locked out by the first.
    assert _sign_in("carol", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 200


def test_a_malformed_forwarded_for_falls_back_to_the_proxy_address(
    cast: Cast, one_trusted_proxy: None
) -> None:
    for value in ["not-an-address", "", ",,,", "1.2.3.4, \x00", "::ffff:zz"]:
        assert _sign_in("carol", "wrong", HTTP_X_FORWARDED_FOR=value).status_code in (400, 429)


DB_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hipwell_cache",
    }
}


def test_the_account_cap_is_shared_through_the_database_cache(
    cast: Cast, small_account_cap: int
) -> None:
    with override_settings(CACHES=DB_CACHE):
        call_command("createcachetable", verbosity=0)
        _cap_the_account("carol", small_account_cap)
        assert _sign_in("carol", ip="10.2.0.1").status_code == 429
        # Another web worker opens its own connection to the same cache table.
        other_worker = DatabaseCache("hipwell_cache", {})
        assert any(other_worker.get(key.removeprefix(":1:")) is not None for key in _cache_keys())


def _cache_keys() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM hipwell_cache")
        return [row[0] for row in cursor.fetchall()]


def test_outside_tests_the_embedded_default_cache_is_the_database(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "HIPWELL_TESTING": "0",
        "HIPWELL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("CACHE_URL", None)
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND']); print(s.REST_FRAMEWORK['NUM_PROXIES'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(settings.BASE_DIR),
    ).stdout.split()
    assert out == ["django.core.cache.backends.db.DatabaseCache", "0"]
