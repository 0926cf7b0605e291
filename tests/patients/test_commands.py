"""The patients app's management command: create_clinician (seed_demo is in tests/clinic)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from patients.models import Role, User


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
