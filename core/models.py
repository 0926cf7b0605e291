"""Base models shared by every app."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class TimeStampedModel(models.Model):
    """Add creation and last-change timestamps (UTC)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class IdempotencyRecord(models.Model):
    """The answer to a create request sent with an ``Idempotency-Key``, kept for its retries.

    A phone that lost the answer to a POST sends it again with the same key; the
    retry gets the first answer instead of creating a second reminder or goal.
    ``user_id`` is a plain number, not a foreign key: core sits below the app that
    defines users (docs/architecture.md), and records live only a day.
    """

    user_id = models.BigIntegerField()
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user_id", "key"], name="idempotency_key_once_per_user"
            ),
            models.CheckConstraint(
                condition=models.Q(status_code__gte=200, status_code__lt=300),
                name="idempotency_records_successes_only",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} (user {self.user_id})"
