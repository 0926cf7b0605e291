"""VAPID keys for Web Push: from the environment, or generated once into var/ in development.

Production must configure the key (settings refuse to load without it when
DJANGO_DEBUG is off): several web and worker hosts that each generated their own
would sign with different keys, and browsers subscribed through one host would
reject pushes signed by another.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid02


@dataclass(frozen=True)
class VapidKeys:
    private_key: str  # PEM or the base64url raw key pywebpush accepts
    public_key: str  # base64url uncompressed point: the browser's applicationServerKey


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _public_key_of(vapid: Vapid02) -> str:
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return _b64url(raw)


def new_private_key() -> str:
    """Return a fresh private key as the base64url string HIPWELL_VAPID_PRIVATE_KEY takes."""
    vapid = Vapid02()
    vapid.generate_keys()
    return _b64url(vapid.private_key.private_numbers().private_value.to_bytes(32, "big"))


@functools.cache
def vapid_keys() -> VapidKeys:
    """Return the server's VAPID keys, generating them on first run in development."""
    configured_private = settings.HIPWELL["VAPID_PRIVATE_KEY"]
    if configured_private:
        vapid = Vapid02.from_string(configured_private)
        public = settings.HIPWELL["VAPID_PUBLIC_KEY"] or _public_key_of(vapid)
        return VapidKeys(private_key=configured_private, public_key=public)
    # Only reachable in development: settings refuse to load without a configured key
    # when DJANGO_DEBUG is off.
    path = settings.VAR_DIR / "vapid_private.pem"
    if not path.exists():
        vapid = Vapid02()
        vapid.generate_keys()
        vapid.save_key(str(path))
        path.chmod(0o600)
    vapid = Vapid02.from_file(str(path))
    return VapidKeys(private_key=str(path), public_key=_public_key_of(vapid))
