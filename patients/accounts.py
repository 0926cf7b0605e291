"""Account writes: usernames, sign-in, tokens, password changes and resets, signing out."""

from __future__ import annotations

import datetime
import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, password_validation, update_session_auth_hash
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from knox.models import AuthToken
from knox.settings import knox_settings

from core.queue import enqueue_on_commit
from patients import devices, links, lockout, selectors, tasks
from patients.invites import RESET_PREFIX, generate_code, hash_code
from patients.models import PasswordResetCode, Patient, User

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


@dataclass(frozen=True)
class SignInAttempt:
    """What checking a username and password found, for the token and the session paths.

    Exactly one of ``user`` (signed in) and ``retry_after`` (refused for a while,
    with ``why`` for the log) is set, or neither: wrong credentials.
    """

    user: User | None = None
    device_id: str | None = None
    retry_after: int | None = None
    why: str = ""


def credentials_check(request: HttpRequest, username: str, password: str) -> SignInAttempt:
    """Check a sign-in through every lockout layer (see ``patients.lockout``).

    A known device (``patients.devices``) is exempt from the pair lockout and the
    account cap and has a budget of its own; anyone else meets django-axes' pair
    lockout and the per-account cap. Failures are counted here. Nothing is issued:
    the caller starts a token or a session for the user it gets back.
    """
    device_id = devices.known_device(request, username)
    if device_id is not None:
        wait = lockout.device_retry_after(device_id)
        if wait is not None:
            return SignInAttempt(retry_after=wait, why="known device failed too often")
        # django-axes leaves this attempt alone (AXES_WHITELIST_CALLABLE).
        request.hipwell_known_device = device_id  # type: ignore[attr-defined]
    else:
        wait = lockout.account_retry_after(username)
        if wait is not None:
            return SignInAttempt(retry_after=wait, why="account capped")
    user = authenticate(request, username=lockout.canonical_username(username), password=password)
    if getattr(request, "axes_locked_out", False):
        wait = int(lockout.lockout_response(request)["Retry-After"])
        return SignInAttempt(retry_after=wait, why="locked out")
    if not isinstance(user, User) or not user.is_active:
        if device_id is not None:
            lockout.device_failure_record(device_id)
        else:
            lockout.account_failure_record(username)
        logger.info("login failed: username=%r ip=%s", username, lockout.client_ip(request))
        return SignInAttempt()
    if device_id is not None:
        lockout.device_failures_reset(device_id)
    logger.info(
        "login succeeded: user=%s ip=%s known_device=%s",
        user.pk,
        lockout.client_ip(request),
        bool(device_id),
    )
    return SignInAttempt(user=user, device_id=device_id)


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
        # A stolen session must not become a way to guess the password: each wrong
        # guess counts towards the account cap, as a failed sign-in does.
        lockout.account_failure_record(user.username)
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


RESET_CODE_INVALID = "This reset code is not valid. Ask your physiotherapist for a new one."
RESET_LINK_INVALID = "This link is not valid or has expired. Ask for a new one."


class NoAccountYet(Exception):
    """The patient has not activated an account, so there is no password to reset."""


@dataclass(frozen=True)
class IssuedResetCode:
    code: str
    expires_at: datetime.datetime
    url: str


@transaction.atomic
def password_reset_code_issue(*, patient: Patient, issued_by: User) -> IssuedResetCode:
    """Issue a single-use reset code for a patient's account; earlier unused ones stop working.

    The plain code is returned once (with the app link that carries it) and never stored.
    """
    if patient.user_id is None:
        raise NoAccountYet
    now = timezone.now()
    PasswordResetCode.objects.filter(
        user_id=patient.user_id, used_at__isnull=True, expires_at__gt=now
    ).update(expires_at=now)
    code = generate_code(RESET_PREFIX)
    ttl = datetime.timedelta(hours=int(settings.HIPWELL["RESET_CODE_TTL_HOURS"]))
    row = PasswordResetCode.objects.create(
        user_id=patient.user_id,
        code_hash=hash_code(code, RESET_PREFIX),
        created_by=issued_by,
        expires_at=now + ttl,
    )
    logger.info("reset code issued: user=%s by=%s", patient.user_id, issued_by.pk)
    return IssuedResetCode(
        code=code, expires_at=row.expires_at, url=links.password_reset_url(code=code)
    )


def _password_replace(user: User, new_password: str) -> None:
    """Set a password someone proved they may set, then end every token and session."""
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": list(exc.messages)}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    sign_out_everywhere(user=user)
    # The person holds a proof from their care team or their mailbox: the failures
    # that made them ask for it must not keep them out of the new password.
    lockout.signin_failures_clear(user.username)


@transaction.atomic
def password_reset_with_code(*, username: str, code: str, new_password: str) -> User:
    """Set a new password with a reset code; one answer for a wrong code or username.

    Every refusal counts towards the account cap, as a failed sign-in does. A weak
    new password is refused after the code is checked, and leaves the code unused.
    """
    user = selectors.active_user_by_username(username)
    claimed = 0
    if user is not None:
        claimed = PasswordResetCode.objects.filter(
            user=user,
            code_hash=hash_code(code, RESET_PREFIX),
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).update(used_at=timezone.now())
    if user is None or claimed != 1:
        lockout.account_failure_record(username)
        logger.info("reset with code refused: username=%r", username)
        raise ValidationError({"code": [RESET_CODE_INVALID]})
    _password_replace(user, new_password)
    logger.info("password reset with a code: user=%s", user.pk)
    return user


def password_reset_email_request(*, username: str) -> None:
    """Have the worker email a reset link to the account, if it exists and has an address.

    Queued on commit whatever the username, and looked up by the worker, so the
    answer takes as long for an account with an address as for none.
    """
    enqueue_on_commit(tasks.password_reset_email_send, username)


def _user_from_uid(uid: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
    except (ValueError, TypeError, OverflowError, UnicodeDecodeError):
        return None
    if pk <= 0 or pk > 2**62:
        return None
    # Locked: of two confirmations of one link, the second sees the new password
    # and finds the token spent.
    return User.objects.select_for_update().filter(pk=pk, is_active=True).first()


@transaction.atomic
def password_reset_with_token(*, uid: str, token: str, new_password: str) -> User:
    """Set a new password from an emailed link (Django's token: single use, expiring)."""
    user = _user_from_uid(uid)
    if user is None or not default_token_generator.check_token(user, token):
        raise ValidationError({"token": [RESET_LINK_INVALID]})
    _password_replace(user, new_password)
    logger.info("password reset from an emailed link: user=%s", user.pk)
    return user
