"""Shared builders of the clinician page tests (tests/clinic/test_pages*.py)."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from patients.models import Patient, Role, User
from reminders.models import Alert
from tests.factories import make_user


def make_operator(username: str = "olga") -> User:
    user = make_user(username, Role.ADMIN)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def make_alert(
    patient: Patient,
    *,
    rule: str = "fall",
    severity: str = "urgent",
    days_ago: int = 1,
    reason: str = "Fall reported.",
) -> Alert:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return Alert.objects.create(
        patient=patient,
        rule=rule,
        severity=severity,
        reason=reason,
        diary_date=day,
        first_day=day,
        last_day=day,
    )


def browser_for(user: User | None) -> Client:
    """A Django test client signed in with a session as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
