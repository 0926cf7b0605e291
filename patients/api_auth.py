"""Sign in (token or browser session), sign out, who am I, activation, passwords and resets.

The token path (``auth/token/``) and the session path (``auth/session/``) check a
sign-in the same way (``accounts.credentials_check``) and answer the same refusals;
only what they issue differs: a knox token in the body, or a Django session cookie.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import login, logout
from django.http import HttpRequest
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from patients import accounts, devices, lockout, privacy, services
from patients.access import request_user
from patients.models import User
from patients.throttles import ScopedRateThrottle

auth_log = logging.getLogger("hipwell.auth")

# Activation logs a user in who was never passed through authenticate().
_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


class CredentialsIn(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class ConsentField(serializers.BooleanField):
    """True only for a JSON ``true``; anything else (missing, false, "yes") is no consent."""

    def to_internal_value(self, data: Any) -> bool:
        return data is True


class ActivationIn(serializers.Serializer[Any]):
    invite_code = serializers.CharField(max_length=64)
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    consent = ConsentField(
        required=False,
        default=False,
        allow_null=True,
        help_text="true: the person read and accepted the privacy notice (auth/privacy-notice/).",
    )


class PasswordChangeIn(serializers.Serializer[Any]):
    old_password = serializers.CharField(max_length=4096, trim_whitespace=False)
    new_password = serializers.CharField(max_length=4096, trim_whitespace=False)


class ResetWithCodeIn(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    # Blank is answered like any wrong code, not as a malformed request.
    code = serializers.CharField(max_length=64, allow_blank=True)
    new_password = serializers.CharField(max_length=4096, trim_whitespace=False)


class ResetEmailIn(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, trim_whitespace=False)


class ResetConfirmIn(serializers.Serializer[Any]):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    new_password = serializers.CharField(max_length=4096, trim_whitespace=False)


class UserOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    role = serializers.CharField()


class TokenOut(serializers.Serializer[Any]):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
    user = UserOut()


class MeOut(UserOut):
    patient_id = serializers.IntegerField(allow_null=True)


class SignedInSessionOut(serializers.Serializer[Any]):
    user = MeOut()


class CsrfOut(serializers.Serializer[Any]):
    csrf_token = serializers.CharField()


class DetailOut(serializers.Serializer[Any]):
    detail = serializers.CharField()


class PrivacyNoticeOut(serializers.Serializer[Any]):
    version = serializers.CharField()
    title = serializers.CharField()
    paragraphs = serializers.ListField(child=serializers.CharField())


RESET_EMAIL_DETAIL = "If this account has an email address, a link is on its way."


def _locked(request: HttpRequest, username: str, why: str, retry_after: int) -> Response:
    auth_log.warning(
        "login refused, %s: username=%r ip=%s", why, username, lockout.client_ip(request)
    )
    return Response(
        {"detail": lockout.LOCKED_OUT_DETAIL},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(retry_after)},
    )


def _me(user: User) -> dict[str, Any]:
    patient = getattr(user, "patient", None) if user.is_patient else None
    return {
        "id": user.pk,
        "username": user.username,
        "role": user.role,
        "patient_id": patient.pk if patient is not None else None,
    }


def _remember_device(response: Response, user: User, device_id: str | None) -> Response:
    response.set_cookie(
        devices.COOKIE_NAME,
        devices.device_token(user.username, device_id),
        **devices.cookie_options(),
    )
    return response


def signed_in_response(
    request: Request, user: User, http_status: int, device_id: str | None = None
) -> Response:
    """Issue a token as the body of a sign-in response, and mark the device as known."""
    instance, token = accounts.auth_token_issue(user=user, request=request._request)
    body = {
        "token": token,
        "expires_at": instance.expiry,
        "user": {"id": user.pk, "username": user.username, "role": user.role},
    }
    return _remember_device(Response(TokenOut(body).data, status=http_status), user, device_id)


def session_started_response(
    request: Request, user: User, http_status: int, device_id: str | None = None
) -> Response:
    """Start a Django session for the user, and mark the device as known.

    ``login`` gives the session a new key and the CSRF cookie a new value (so neither
    a planted session nor a token read before sign-in carries over), records
    ``last_login`` and sends ``user_logged_in``, which resets django-axes' count.
    """
    login(request._request, user, backend=getattr(user, "backend", None) or _MODEL_BACKEND)
    body = {"user": _me(user)}
    return _remember_device(
        Response(SignedInSessionOut(body).data, status=http_status), user, device_id
    )


def _enforce_csrf(request: Request) -> None:
    """Refuse a browser write without the CSRF token (403), as session-authenticated views do.

    These views sign in, so they run without authentication and DRF exempts them from
    Django's check; signing in without it would let another site log a browser into
    an account of its choosing.
    """
    SessionAuthentication().enforce_csrf(request)


def _sign_in(request: Request) -> tuple[User, str | None] | Response:
    """Check credentials through every lockout layer; the user, or the refusal to answer."""
    data = CredentialsIn(data=request.data)
    data.is_valid(raise_exception=True)
    username = data.validated_data["username"]
    attempt = accounts.credentials_check(
        request._request, username, data.validated_data["password"]
    )
    if attempt.retry_after is not None:
        return _locked(request._request, username, attempt.why, attempt.retry_after)
    if attempt.user is None:
        return Response(
            {"non_field_errors": ["Unable to sign in with these credentials."]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return attempt.user, attempt.device_id


def _activate(request: Request) -> User:
    data = ActivationIn(data=request.data)
    data.is_valid(raise_exception=True)
    user = services.account_activate(**data.validated_data)
    auth_log.info("account activated: user=%s ip=%s", user.pk, lockout.client_ip(request._request))
    return user


class _SignInView(APIView):
    """Anyone may call it; one budget of attempts a minute per client address."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "login"


class TokenView(_SignInView):
    """Exchange a username and password for an expiring token.

    Failures lock the (username, address) pair for a while and count towards a
    slower per-account cap; a device that signed in before keeps its own budget.
    """

    @extend_schema(request=CredentialsIn, responses={200: TokenOut})
    def post(self, request: Request) -> Response:
        outcome = _sign_in(request)
        if isinstance(outcome, Response):
            return outcome
        user, device_id = outcome
        return signed_in_response(request, user, status.HTTP_200_OK, device_id)


class CsrfView(APIView):
    """Set the CSRF cookie and tell its value, for the app to send as ``X-CSRFToken``."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(responses={200: CsrfOut})
    def get(self, request: Request) -> Response:
        return Response(CsrfOut({"csrf_token": get_token(request._request)}).data)


class SessionView(_SignInView):
    """Sign a browser in with a session cookie: the checks and answers of ``auth/token/``."""

    @extend_schema(request=CredentialsIn, responses={200: SignedInSessionOut})
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)
        outcome = _sign_in(request)
        if isinstance(outcome, Response):
            return outcome
        user, device_id = outcome
        return session_started_response(request, user, status.HTTP_200_OK, device_id)


class SessionActivateView(_SignInView):
    """Create an account from an invite code and start a browser session."""

    @extend_schema(request=ActivationIn, responses={201: SignedInSessionOut})
    def post(self, request: Request) -> Response:
        _enforce_csrf(request)
        user = _activate(request)
        return session_started_response(request, user, status.HTTP_201_CREATED)


class LogoutView(APIView):
    """Revoke the token this request was made with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        else:
            logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LogoutAllView(APIView):
    """Revoke every token and every session of the caller, this one included."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        accounts.sign_out_everywhere(user=user)
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordView(APIView):
    """Change the caller's password; every other token and session is revoked.

    The token or session the change is made with stays valid. A wrong old password
    counts towards the account cap, and a capped account may not try (429).
    """

    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "login"

    @extend_schema(request=PasswordChangeIn, responses={204: None})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = PasswordChangeIn(data=request.data)
        data.is_valid(raise_exception=True)
        wait = lockout.account_retry_after(user.username)
        if wait is not None:
            return _locked(request._request, user.username, "password change, capped", wait)
        accounts.password_change(
            user=user,
            old_password=data.validated_data["old_password"],
            new_password=data.validated_data["new_password"],
            request=request._request,
            keep_token=request.auth if isinstance(request.auth, AuthToken) else None,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    """Tell the caller who they are."""

    @extend_schema(responses={200: MeOut})
    def get(self, request: Request) -> Response:
        return Response(MeOut(_me(request_user(request))).data)


class ActivateView(_SignInView):
    """Create an account from an invite code and sign in."""

    @extend_schema(request=ActivationIn, responses={201: TokenOut})
    def post(self, request: Request) -> Response:
        user = _activate(request)
        return signed_in_response(request, user, status.HTTP_201_CREATED)


class PrivacyNoticeView(APIView):
    """The privacy notice a person accepts (``consent: true``) when they activate."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(responses={200: PrivacyNoticeOut})
    def get(self, request: Request) -> Response:
        body = {
            "version": privacy.VERSION,
            "title": privacy.TITLE,
            "paragraphs": list(privacy.PARAGRAPHS),
        }
        return Response(PrivacyNoticeOut(body).data)


class PasswordResetView(_SignInView):
    """Set a new password with a reset code from the physiotherapist; sign out everywhere."""

    @extend_schema(request=ResetWithCodeIn, responses={204: None})
    def post(self, request: Request) -> Response:
        data = ResetWithCodeIn(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        wait = lockout.account_retry_after(username)
        if wait is not None:
            return _locked(request._request, username, "reset with code, capped", wait)
        accounts.password_reset_with_code(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordResetEmailView(_SignInView):
    """Email a reset link when the account has an address; the same answer either way."""

    @extend_schema(request=ResetEmailIn, responses={202: DetailOut})
    def post(self, request: Request) -> Response:
        data = ResetEmailIn(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        wait = lockout.reset_email_retry_after(username)
        if wait is not None:
            return Response(
                {"detail": "Too many reset emails asked for this account. Try again later."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
                headers={"Retry-After": str(wait)},
            )
        lockout.reset_email_record(username)
        accounts.password_reset_email_request(username=username)
        return Response(
            DetailOut({"detail": RESET_EMAIL_DETAIL}).data, status=status.HTTP_202_ACCEPTED
        )


class PasswordResetConfirmView(_SignInView):
    """Set a new password from an emailed link; sign out everywhere."""

    @extend_schema(request=ResetConfirmIn, responses={204: None})
    def post(self, request: Request) -> Response:
        data = ResetConfirmIn(data=request.data)
        data.is_valid(raise_exception=True)
        accounts.password_reset_with_token(**data.validated_data)
        return Response(status=status.HTTP_204_NO_CONTENT)
