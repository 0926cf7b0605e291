"""Retried creates never duplicate: the ``Idempotency-Key`` header on POST.

A ``PUT`` by date or by a client-made UUID is idempotent by its path. A ``POST``
that creates something (a reminder, a goal, a plan) is not: when the answer is
lost on a bad connection, the phone's outbox sends it again. With the same
``Idempotency-Key`` header, the retry gets the first answer back (same status,
same body) and nothing new is created. The key is the client's (a UUID), scoped
to the signed-in user, remembered for ``HIPWELL_IDEMPOTENCY_TTL_HOURS``.

Only successes are remembered: a refused request can be corrected and sent again
with the same key. The same key with a different body or path is a ``422``: the
client has a bug, and guessing which request it meant would lose one of them.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEY_MAX_LENGTH = 100

View = TypeVar("View", bound=Callable[..., Response])


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = f"This {HEADER} was already used for a different request."
    default_code = "idempotency_key_reused"


def _ttl() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.HIPWELL["IDEMPOTENCY_TTL_HOURS"])


def _key(request: Request) -> str | None:
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= KEY_MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise exceptions.ValidationError(
            {HEADER: [f"Use 1 to {KEY_MAX_LENGTH} printable ASCII characters, e.g. a UUID."]}
        )
    return key


def _fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{body}".encode()).hexdigest()


def idempotent(view: View) -> View:
    """Make a view method answer a retried request (same key, same request) as the first time."""

    @functools.wraps(view)
    def wrapper(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = _key(request)
        if key is None or not request.user.is_authenticated:
            return view(self, request, *args, **kwargs)
        fingerprint = _fingerprint(request)
        now = timezone.now()
        with transaction.atomic():
            IdempotencyRecord.objects.filter(
                user_id=request.user.pk, created_at__lt=now - _ttl()
            ).delete()
            # A concurrent retry with the same key waits here on the unique row
            # until the first commits, then replays its answer.
            record, created = IdempotencyRecord.objects.select_for_update().get_or_create(
                user_id=request.user.pk,
                key=key,
                defaults={"fingerprint": fingerprint, "status_code": 200},
            )
            if not created:
                if record.fingerprint != fingerprint:
                    raise KeyReused()
                return Response(record.body, status=record.status_code)
            response = view(self, request, *args, **kwargs)
            if not status.is_success(response.status_code):
                record.delete()
                return response
            record.status_code = response.status_code
            record.body = response.data
            record.save(update_fields=["status_code", "body"])
        return response

    return cast(View, wrapper)
