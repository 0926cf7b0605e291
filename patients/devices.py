"""Known devices: a signed, HttpOnly cookie set when someone signs in.

The cookie names the account and a random device id; it proves only that this
browser or app signed in to that account before, so it lets the right password
through when strangers have locked the account's address pair or capped the
account. It grants no access by itself. A non-browser client keeps the value from
``Set-Cookie`` and sends it back as the cookie or as the ``X-Hipwell-Device`` header.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from patients.lockout import canonical_username

COOKIE_NAME = "hipwell_device"
HEADER = "HTTP_X_HIPWELL_DEVICE"
_SALT = "hipwell.known-device"
# A signed value is short; anything much longer is not ours and is not parsed.
_MAX_LENGTH = 512


def _lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=int(settings.HIPWELL["KNOWN_DEVICE_DAYS"]))


def known_device(request: HttpRequest, username: str) -> str | None:
    """Return the device id if the request carries a valid device token for this username."""
    wanted = canonical_username(username)
    for value in (request.META.get(HEADER), request.COOKIES.get(COOKIE_NAME)):
        if not isinstance(value, str) or not value or len(value) > _MAX_LENGTH:
            continue
        try:
            payload: Any = signing.loads(value, salt=_SALT, max_age=_lifetime())
        except signing.BadSignature:
            continue
        if isinstance(payload, dict) and payload.get("u") == wanted:
            device_id = payload.get("d")
            if isinstance(device_id, str):
                return device_id
    return None


def device_token(username: str, device_id: str | None = None) -> str:
    """Sign a device token for a username, keeping the device's id when it has one."""
    payload = {"u": canonical_username(username), "d": device_id or secrets.token_urlsafe(12)}
    return signing.dumps(payload, salt=_SALT)


def cookie_options() -> dict[str, Any]:
    return {
        "max_age": int(_lifetime().total_seconds()),
        "httponly": True,
        "secure": not settings.DEBUG,
        "samesite": "Strict",
        "path": "/api/v1/auth/",
    }
