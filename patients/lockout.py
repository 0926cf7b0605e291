"""Sign-in protection: who a client is, when it is locked out, and what it is told.

Three layers, each keyed so that a stranger cannot deny the owner their account:

- django-axes locks a (username, client address) pair after a few failures;
- a slower cap counts failures per account across all addresses, in the shared cache;
- a *known device* (one that signed in before, see ``patients.devices``) is exempt
  from both and has a small failure budget of its own instead.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
import unicodedata
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.throttling import BaseThrottle

LOCKED_OUT_DETAIL = "Too many failed sign-in attempts. Try again later."


def canonical_username(username: str) -> str:
    """Return the form of a username that sign-in, lockout and uniqueness compare."""
    return unicodedata.normalize("NFKC", username).lower()


def client_ip(request: Any) -> str:
    """Return the client's address: REMOTE_ADDR, or the hop our trusted proxies added.

    The same rule as DRF's throttles (``NUM_PROXIES``), so a lockout and a throttle
    never disagree about who the client is. A hop that is not an address (a client
    can put anything in ``X-Forwarded-For`` before our proxy appends) falls back to
    the proxy's own address rather than becoming a key of the client's choosing.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    chosen = str(BaseThrottle().get_ident(request) or "")
    for candidate in (chosen, remote):
        try:
            return str(ipaddress.ip_address(candidate.strip()))
        except ValueError:
            continue
    # No usable address at all (not seen over real sockets): one shared, unroutable key.
    return "0.0.0.0"  # noqa: S104 - a key, not an address to bind


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Give django-axes the canonical username, so "Carol" and "carol" share a count."""
    raw = (credentials or {}).get("username") or ""
    return canonical_username(str(raw))


def is_known_device_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """Tell django-axes to leave a known device's attempt to our own per-device budget."""
    return bool(getattr(request, "hipwell_known_device", None))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> JsonResponse:
    """Tell a client it is locked out, in the API's error shape, with ``Retry-After``."""
    return too_many_attempts(int(settings.AXES_COOLOFF_TIME.total_seconds()))


def too_many_attempts(retry_after: int) -> JsonResponse:
    response = JsonResponse({"detail": LOCKED_OUT_DETAIL}, status=429)
    response["Retry-After"] = str(max(1, retry_after))
    return response


def _key(kind: str, name: str) -> str:
    # Hashed: usernames and device ids may hold characters some cache backends refuse.
    return f"hipwell:signin:{kind}:{hashlib.sha256(name.encode()).hexdigest()}"


def _count_failure(kind: str, name: str, window: int) -> None:
    key = _key(kind, name)
    # The window is fixed from the first failure; `add` only sets a missing key.
    if cache.add(key, 0, window):
        cache.set(f"{key}:until", time.time() + window, window)
    try:
        cache.incr(key)
    except ValueError:
        # Expired between add and incr: start a fresh window.
        cache.set(key, 1, window)
        cache.set(f"{key}:until", time.time() + window, window)


def _retry_after(kind: str, name: str, limit: int) -> int | None:
    """Return seconds until this counter allows attempts again, or None if it does now."""
    key = _key(kind, name)
    count = cache.get(key)
    if not isinstance(count, int) or count < limit:
        return None
    until = cache.get(f"{key}:until")
    remaining = until - time.time() if isinstance(until, float) else 60
    return max(1, math.ceil(remaining))


def _account_window() -> int:
    return int(settings.HIPWELL["LOGIN_ACCOUNT_WINDOW_MINUTES"]) * 60


def account_retry_after(username: str) -> int | None:
    """Return how long an account is capped for, or None when it is not."""
    limit = int(settings.HIPWELL["LOGIN_ACCOUNT_FAILURE_LIMIT"])
    return _retry_after("account", canonical_username(username), limit)


def account_failure_record(username: str) -> None:
    _count_failure("account", canonical_username(username), _account_window())


def device_retry_after(device_id: str) -> int | None:
    """Return how long a known device must wait after its own failures, or None."""
    return _retry_after("device", device_id, settings.AXES_FAILURE_LIMIT)


def device_failure_record(device_id: str) -> None:
    _count_failure("device", device_id, int(settings.AXES_COOLOFF_TIME.total_seconds()))


def device_failures_reset(device_id: str) -> None:
    key = _key("device", device_id)
    cache.delete_many([key, f"{key}:until"])


def account_failures_reset(username: str) -> None:
    key = _key("account", canonical_username(username))
    cache.delete_many([key, f"{key}:until"])


def signin_failures_clear(username: str) -> None:
    """Forget a user's sign-in failures: the account cap and every address pair.

    For after a password reset: the person proved who they are another way. Known
    devices' own budgets expire on their own (15 minutes).
    """
    from axes.utils import reset

    account_failures_reset(username)
    reset(username=canonical_username(username))


# Reset emails per account, whoever asks: enough for a lost first mail, too few to
# flood someone's inbox. Counted for every username asked about, existing or not.
RESET_EMAILS_PER_ACCOUNT = 3
RESET_EMAIL_WINDOW_SECONDS = 3600


def reset_email_retry_after(username: str) -> int | None:
    """Return how long before another reset email may be asked for this username, or None."""
    return _retry_after("reset-email", canonical_username(username), RESET_EMAILS_PER_ACCOUNT)


def reset_email_record(username: str) -> None:
    _count_failure("reset-email", canonical_username(username), RESET_EMAIL_WINDOW_SECONDS)
