"""DRF's throttles, keyed on the same client address as the sign-in lockout."""

from __future__ import annotations

from rest_framework import throttling
from rest_framework.request import Request

from patients.lockout import client_ip


class _RealClientMixin:
    def get_ident(self, request: Request) -> str:
        # DRF's own rule (NUM_PROXIES) picks the hop; a hop that is not an address
        # falls back to REMOTE_ADDR instead of becoming a key the client chose.
        return client_ip(request)


class AnonRateThrottle(_RealClientMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_RealClientMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_RealClientMixin, throttling.ScopedRateThrottle):
    pass
