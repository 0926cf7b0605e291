"""The password-reset email: where it goes and what it says."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from patients import links, selectors
from patients.models import User

logger = logging.getLogger("hipwell.auth")


def address_of(user: User) -> str:
    """Return where a user's reset link goes: a patient's profile email, else the account's."""
    if user.is_patient:
        patient = getattr(user, "patient", None)
        return patient.email if patient is not None else ""
    return user.email


def reset_link(user: User) -> str:
    """Return a single-use link that lets this user set a new password (Django's token)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return links.password_reset_url(uid=uid, token=default_token_generator.make_token(user))


def send(username: str) -> bool:
    """Email the reset link to the active user of this name, if they have an address.

    Return whether one went; asking for an unknown account or one without an address
    is logged and otherwise does nothing.
    """
    user = selectors.active_user_by_username(username)
    address = address_of(user) if user is not None else ""
    if user is None or not address:
        logger.info("reset link not sent (no such account or no address): username=%r", username)
        return False
    minutes = max(1, int(settings.PASSWORD_RESET_TIMEOUT) // 60)
    hours = minutes // 60
    if minutes % 60:
        lifetime = f"{minutes} minutes"
    else:
        lifetime = "1 hour" if hours == 1 else f"{hours} hours"
    body = (
        f"Someone asked to reset the password of your Hipwell account ({user.username}).\n\n"
        f"To choose a new password, open this link within {lifetime}:\n\n"
        f"{reset_link(user)}\n\n"
        "The link works once. If you did not ask for it, you can ignore this email: "
        "your password stays as it is.\n\n-- Hipwell"
    )
    EmailMessage(subject="Reset your Hipwell password", body=body, to=[address]).send()
    logger.info("reset link mailed: user=%s", user.pk)
    return True
