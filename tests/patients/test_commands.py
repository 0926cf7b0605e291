"""The management commands an operator runs: create_clinician and seed_demo."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from diaries.models import DiaryEntry
from patients.models import Patient, Role, User
from reminders.models import Alert, Notification


def test_create_clinician_reads_the_password_from_the_environment(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIPWELL_PASSWORD", "A-strong-pass-for-carol")
    call_command(
        "create_clinician",
        "--username",
        "carol",
        "--email",
        "carol@example.org",
        stdout=io.StringIO(),
    )
    user = User.objects.get(username="carol")
    assert user.role == Role.CLINICIAN
    assert user.check_password("A-strong-pass-for-carol")


def test_create_clinician_refuses_a_weak_password(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIPWELL_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_clinician", "--username", "carol", "--email", "c@example.org")
    assert not User.objects.exists()


@override_settings(DEBUG=False)
def test_seed_demo_refuses_without_debug_unless_forced(db: None) -> None:
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


@override_settings(DEBUG=True)
def test_seed_demo_is_realistic_and_safe_to_run_twice(db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    counts = (
        User.objects.count(),
        Patient.objects.count(),
        DiaryEntry.objects.count(),
        Alert.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        User.objects.count(),
        Patient.objects.count(),
        DiaryEntry.objects.count(),
        Alert.objects.count(),
    ) == counts
    assert {p.timezone for p in Patient.objects.all()} == {
        "Europe/Berlin",
        "America/New_York",
        "Pacific/Auckland",
    }
    assert DiaryEntry.objects.filter(patient__user__username="demo-patient-1").count() >= 75
    deteriorating = Alert.objects.filter(patient__user__username="demo-patient-3", status="open")
    assert {"pain_spike", "fall"} <= set(deteriorating.values_list("rule", flat=True))
    assert not Alert.objects.exclude(patient__user__username="demo-patient-3").exists()
    assert Notification.objects.filter(recipient__username="demo-clinician").exists()
    assert Notification.objects.filter(recipient__username="demo-patient-1").exists()
