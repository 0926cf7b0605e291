"""Account writes: usernames, sign-in tokens, password changes, signing out everywhere."""

from __future__ import annotations

import logging
import unicodedata

from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from patients.models import User

logger = logging.getLogger("hipwell.auth")

# Japanese writes one name in several scripts; they are not look-alikes of each other.
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "KATAKANA-HIRAGANA": "CJK"}


def _scripts(name: str) -> set[str]:
    scripts = set()
    for char in name:
        if not char.isalpha():
            continue
        script = unicodedata.name(char, "UNKNOWN").split(" ")[0]
        scripts.add(_SCRIPT_FAMILIES.get(script, script))
    return scripts


def username_clean(username: str) -> str:
    """Return a new username in NFKC form, or raise if it is invalid or a look-alike.

    A name that mixes scripts (a Latin name with one Cyrillic letter) looks like
    another person's name on screen, so it is refused; a name in one script is fine.
    """
    name = unicodedata.normalize("NFKC", username)
    try:
        User.username_validator(name)
    except ValidationError as exc:
        raise ValidationError({"username": list(exc.messages)}) from None
    if len(name) > 150:
        raise ValidationError({"username": ["Use at most 150 characters."]})
    if len(_scripts(name)) > 1:
        raise ValidationError(
            {"username": ["Use letters from one alphabet only (no look-alike characters)."]}
        )
    return name


def username_is_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


def auth_token_issue(*, user: User, request: HttpRequest) -> tuple[AuthToken, str]:
    """Issue an expiring token and announce the sign-in, as knox's LoginView does.

    The ``user_logged_in`` signal is what resets django-axes' failure count and
    records ``last_login``; the per-user limit keeps live tokens bounded by revoking
    the oldest.
    """
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None:
        # Keep the newest ``limit - 1`` live tokens and revoke the rest, so at most
        # ``limit`` stay live. Refusing instead (knox's way) would shut a patient who
        # lost a phone or two out of every device until a token expired, weeks later.
        AuthToken.objects.filter(user=user, expiry__lte=timezone.now()).delete()
        keep = (
            AuthToken.objects.filter(user=user)
            .order_by("-created")
            .values_list("pk", flat=True)[: max(limit - 1, 0)]
        )
        revoked, _ = AuthToken.objects.filter(user=user).exclude(pk__in=list(keep)).delete()
        if revoked:
            logger.info("sign-in revoked %d oldest token(s) of user %s", revoked, user.pk)
    instance, token = AuthToken.objects.create(
        user, knox_settings.TOKEN_TTL, prefix=knox_settings.TOKEN_PREFIX
    )
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return instance, token


@transaction.atomic
def password_change(
    *,
    user: User,
    old_password: str,
    new_password: str,
    request: HttpRequest,
    keep_token: AuthToken | None,
) -> None:
    """Change a password and revoke every other token and session of the user.

    The token or session the change was made with stays valid: the person who just
    proved the old password should not be signed out of the device in their hand.
    Other sessions stop verifying because their hash was made from the old password.
    """
    if not user.check_password(old_password):
        raise ValidationError({"old_password": ["This is not your current password."]})
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": list(exc.messages)}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    others = AuthToken.objects.filter(user=user)
    if keep_token is not None:
        others = others.exclude(pk=keep_token.pk)
    revoked, _ = others.delete()
    if keep_token is None:
        # Signed in with a session: re-sign that one session with the new password.
        update_session_auth_hash(request, user)
    logger.info("password changed: user=%s other tokens revoked=%s", user.pk, revoked)


@transaction.atomic
def sign_out_everywhere(*, user: User) -> None:
    """Revoke every token and every session of a user, the calling one included."""
    AuthToken.objects.filter(user=user).delete()
    # Sessions carry a hash that includes the generation; raising it orphans them all.
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    logger.info("signed out everywhere: user=%s", user.pk)
