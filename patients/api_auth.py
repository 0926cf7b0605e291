"""Sign in, sign out, who am I, account activation, and password changes."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import authenticate, logout
from django.http import HttpRequest
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from patients import accounts, devices, lockout, services
from patients.access import request_user
from patients.models import User
from patients.throttles import ScopedRateThrottle

auth_log = logging.getLogger("hipwell.auth")


class CredentialsIn(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class ActivationIn(serializers.Serializer[Any]):
    invite_code = serializers.CharField(max_length=64)
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class PasswordChangeIn(serializers.Serializer[Any]):
    old_password = serializers.CharField(max_length=4096, trim_whitespace=False)
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


def _locked(request: HttpRequest, username: str, why: str, retry_after: int) -> Response:
    auth_log.warning(
        "login refused, %s: username=%r ip=%s", why, username, lockout.client_ip(request)
    )
    return Response(
        {"detail": lockout.LOCKED_OUT_DETAIL},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(retry_after)},
    )


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
    response = Response(TokenOut(body).data, status=http_status)
    response.set_cookie(
        devices.COOKIE_NAME,
        devices.device_token(user.username, device_id),
        **devices.cookie_options(),
    )
    return response


class TokenView(APIView):
    """Exchange a username and password for an expiring token.

    Failures lock the (username, address) pair for a while and count towards a
    slower per-account cap; a device that signed in before keeps its own budget.
    """

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "login"

    @extend_schema(request=CredentialsIn, responses={200: TokenOut})
    def post(self, request: Request) -> Response:
        data = CredentialsIn(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"]
        django_request = request._request
        ip = lockout.client_ip(django_request)
        device_id = devices.known_device(django_request, username)
        if device_id is not None:
            wait = lockout.device_retry_after(device_id)
            if wait is not None:
                return _locked(django_request, username, "known device failed too often", wait)
            # django-axes leaves this attempt alone (AXES_WHITELIST_CALLABLE).
            django_request.hipwell_known_device = device_id  # type: ignore[attr-defined]
        else:
            wait = lockout.account_retry_after(username)
            if wait is not None:
                return _locked(django_request, username, "account capped", wait)
        user = authenticate(
            django_request,
            username=lockout.canonical_username(username),
            password=data.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            wait = int(lockout.lockout_response(django_request)["Retry-After"])
            return _locked(django_request, username, "locked out", wait)
        if not isinstance(user, User) or not user.is_active:
            if device_id is not None:
                lockout.device_failure_record(device_id)
            else:
                lockout.account_failure_record(username)
            auth_log.info("login failed: username=%r ip=%s", username, ip)
            return Response(
                {"non_field_errors": ["Unable to sign in with these credentials."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if device_id is not None:
            lockout.device_failures_reset(device_id)
        auth_log.info(
            "login succeeded: user=%s ip=%s known_device=%s", user.pk, ip, bool(device_id)
        )
        return signed_in_response(request, user, status.HTTP_200_OK, device_id)


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

    The token or session the change is made with stays valid.
    """

    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "login"

    @extend_schema(request=PasswordChangeIn, responses={204: None})
    def post(self, request: Request) -> Response:
        user = request_user(request)
        data = PasswordChangeIn(data=request.data)
        data.is_valid(raise_exception=True)
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
        user = request_user(request)
        patient = getattr(user, "patient", None) if user.is_patient else None
        body = {
            "id": user.pk,
            "username": user.username,
            "role": user.role,
            "patient_id": patient.pk if patient is not None else None,
        }
        return Response(MeOut(body).data)


class ActivateView(APIView):
    """Create an account from an invite code and sign in."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "login"

    @extend_schema(request=ActivationIn, responses={201: TokenOut})
    def post(self, request: Request) -> Response:
        data = ActivationIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.account_activate(**data.validated_data)
        auth_log.info(
            "account activated: user=%s ip=%s", user.pk, lockout.client_ip(request._request)
        )
        return signed_in_response(request, user, status.HTTP_201_CREATED)
