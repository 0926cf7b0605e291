"""Passwords and usernames: length, normalisation, look-alikes and case."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from patients.models import Role, User
from tests.conftest import Cast, ClientFor
from tests.factories import PASSWORD

ACTIVATE = "/api/v1/auth/activate/"
NINE_CHARS = "Zx9!kq2#w"
TEN_CHARS = "Zx9!kq2#wT"


def _code(cast: Cast, client_for: ClientFor) -> str:
    body = client_for(cast.carol).post(
        "/api/v1/patients/",
        {"display_name": "Grace", "timezone": "UTC", "affected_side": "left"},
        format="json",
    )
    assert body.status_code == 201
    return str(body.json()["invite_code"])


def _activate(code: str, username: str = "grace", password: str = TEN_CHARS) -> Any:
    return APIClient().post(
        ACTIVATE,
        {"invite_code": code, "username": username, "password": password, "consent": True},
        format="json",
    )


def test_activation_needs_a_password_of_at_least_ten_characters(
    cast: Cast, client_for: ClientFor
) -> None:
    code = _code(cast, client_for)
    short = _activate(code, password=NINE_CHARS)
    assert short.status_code == 400
    assert "password" in short.json()
    assert _activate(code, password=TEN_CHARS).status_code == 201


def test_create_clinician_needs_ten_characters(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPWELL_PASSWORD", NINE_CHARS)
    with pytest.raises(CommandError):
        call_command("create_clinician", "--username", "zoe", "--email", "zoe@example.org")
    assert not User.objects.filter(username="zoe").exists()


def test_create_clinician_refuses_a_username_taken_in_another_case(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIPWELL_PASSWORD", PASSWORD)
    with pytest.raises(CommandError):
        call_command("create_clinician", "--username", "CAROL", "--email", "c@example.org")


def test_activation_stores_the_username_in_nfkc_form(cast: Cast, client_for: ClientFor) -> None:
    response = _activate(
        _code(cast, client_for), username="\uff47\uff52\uff41\uff43\uff45"
    )  # fullwidth "grace"
    assert response.status_code == 201
    assert response.json()["user"]["username"] == "grace"
    assert User.objects.filter(username="grace").exists()


@pytest.mark.parametrize(
    "username",
    [
        "\u0430lice",  # a Cyrillic a, then Latin letters
        "gr\u0430ce",
        "p\u0430yp\u0430l",
        "\u03bfscar",  # a Greek omicron
    ],
)
def test_activation_refuses_mixed_script_look_alikes(
    cast: Cast, client_for: ClientFor, username: str
) -> None:
    code = _code(cast, client_for)
    response = _activate(code, username=username)
    assert response.status_code == 400
    assert "username" in response.json()
    assert _activate(code).status_code == 201


@pytest.mark.parametrize("username", ["josé", "дмитрий", "grace_2", "μαρία"])
def test_activation_accepts_names_in_one_script(
    cast: Cast, client_for: ClientFor, username: str
) -> None:
    assert _activate(_code(cast, client_for), username=username).status_code == 201


def test_the_database_refuses_usernames_that_differ_only_in_case(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="CAROL", role=Role.CLINICIAN)


def test_a_new_password_is_checked_by_the_validators(cast: Cast) -> None:
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "carol", "password": PASSWORD}, format="json"
    )
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    response = client.post(
        "/api/v1/auth/password/",
        {"old_password": PASSWORD, "new_password": NINE_CHARS},
        format="json",
    )
    assert response.status_code == 400
    assert "new_password" in response.json()
