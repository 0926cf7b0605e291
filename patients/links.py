"""The links the patients app sends people, built in one place, on HIPWELL_PUBLIC_URL.

Every link is absolute, so it works from a mail client and from a letter as well as
from the app. (The reminders app builds its own links in ``reminders/links.py``.)
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings


def _base() -> str:
    return str(settings.HIPWELL["PUBLIC_URL"]).rstrip("/")


def password_reset_url(**params: str) -> str:
    """Return the app's password-reset page with its query (``code``, or ``uid`` and ``token``)."""
    return f"{_base()}/app/reset/?{urlencode(params)}"


def activation_url(code: str) -> str:
    """Return the app's activation page with an invite code filled in (the QR code's link)."""
    return f"{_base()}/app/activate/?{urlencode({'code': code})}"
