"""Sign in, sign out, who am I, and account activation."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, logout
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.lockout import lockout_response
from patients import services
from patients.access import request_user
from patients.models import User

auth_log = logging.getLogger("hipwell.auth")


class CredentialsIn(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class ActivationIn(serializers.Serializer[Any]):
    invite_code = serializers.CharField(max_length=64)
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


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


def _client_ip(request: Request) -> str:
    return str(request.META.get("REMOTE_ADDR", "-"))


def token_response(request: Request, user: User, http_status: int) -> Response:
    """Issue a new expiring token for a user, as the body of a sign-in response."""
    instance, token = AuthToken.objects.create(user, settings.REST_KNOX["TOKEN_TTL"])
    body = {
        "token": token,
        "expires_at": instance.expiry,
        "user": {"id": user.pk, "username": user.username, "role": user.role},
    }
    return Response(TokenOut(body).data, status=http_status)


class TokenView(APIView):
    """Exchange a username and password for an expiring token."""

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
        user = authenticate(
            django_request, username=username, password=data.validated_data["password"]
        )
        if getattr(django_request, "axes_locked_out", False):
            auth_log.warning(
                "login refused, locked out: username=%r ip=%s", username, _client_ip(request)
            )
            locked = lockout_response(django_request)
            return Response(
                {"detail": "Too many failed sign-in attempts. Try again later."},
                status=locked.status_code,
                headers={"Retry-After": locked["Retry-After"]},
            )
        if not isinstance(user, User) or not user.is_active:
            auth_log.info("login failed: username=%r ip=%s", username, _client_ip(request))
            return Response(
                {"non_field_errors": ["Unable to sign in with these credentials."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        auth_log.info("login succeeded: user=%s ip=%s", user.pk, _client_ip(request))
        return token_response(request, user, status.HTTP_200_OK)


class LogoutView(APIView):
    """Revoke the token this request was made with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        else:
            logout(request._request)
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
        auth_log.info("account activated: user=%s ip=%s", user.pk, _client_ip(request))
        return token_response(request, user, status.HTTP_201_CREATED)
