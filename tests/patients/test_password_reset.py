"""Password resets: by a code from the physiotherapist, and by an emailed link."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from patients.models import PasswordResetCode, Patient, User
from tests.conftest import Cast, ClientFor
from tests.factories import PASSWORD

TOKEN = "/api/v1/auth/token/"
ME = "/api/v1/auth/me/"
RESET = "/api/v1/auth/password-reset/"
RESET_EMAIL = "/api/v1/auth/password-reset/email/"
RESET_CONFIRM = "/api/v1/auth/password-reset/confirm/"
NEW_PASSWORD = "a-brand-new-Secret-77"
CODE_INVALID = {"code": ["This reset code is not valid. Ask your physiotherapist for a new one."]}
EMAIL_DETAIL = {"detail": "If this account has an email address, a link is on its way."}


def _code_url(patient: Patient | int) -> str:
    pk = patient if isinstance(patient, int) else patient.pk
    return f"/api/v1/patients/{pk}/password-reset-code/"


def _issue(client_for: ClientFor, by: User, patient: Patient) -> dict[str, Any]:
    response = client_for(by).post(_code_url(patient))
    assert response.status_code == 201, response.content
    return dict(response.json())


def _reset(username: str, code: str, new_password: str = NEW_PASSWORD, **extra: Any) -> Any:
    client = APIClient(REMOTE_ADDR=extra.pop("ip", "10.0.0.1"))
    body = {"username": username, "code": code, "new_password": new_password}
    return client.post(RESET, body, format="json", **extra)


def _sign_in(username: str, password: str = PASSWORD, ip: str = "10.0.0.1") -> Any:
    return APIClient(REMOTE_ADDR=ip).post(
        TOKEN, {"username": username, "password": password}, format="json"
    )


def _signed_in_everywhere(username: str) -> tuple[str, APIClient]:
    """A token and a browser session of the user, both live."""
    token = _sign_in(username).json()["token"]
    browser = APIClient()
    browser.force_login(User.objects.get(username=username))
    assert browser.get(ME).status_code == 200
    return token, browser


def _assert_signed_out_everywhere(token: str, browser: APIClient) -> None:
    assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get(ME).status_code == 401
    assert browser.get(ME).status_code == 401


# The code: issued by the care team or an operator.


def test_the_care_team_issues_a_code_with_its_link(cast: Cast, client_for: ClientFor) -> None:
    body = _issue(client_for, cast.carol, cast.alice)
    assert set(body) == {"code", "expires_at", "reset_url"}
    assert re.fullmatch(r"HR-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", body["code"])
    expires = datetime.datetime.fromisoformat(body["expires_at"])
    assert abs(expires - (timezone.now() + datetime.timedelta(hours=24))) < datetime.timedelta(
        seconds=5
    )
    public = settings.HIPWELL["PUBLIC_URL"].rstrip("/")
    assert body["reset_url"] == f"{public}/app/reset/?code={body['code']}"
    stored = PasswordResetCode.objects.get(user=cast.alice_user)
    assert body["code"] not in stored.code_hash
    assert stored.created_by == cast.carol


@override_settings(HIPWELL={**settings.HIPWELL, "RESET_CODE_TTL_HOURS": 2})
def test_the_code_lifetime_is_configurable(cast: Cast, client_for: ClientFor) -> None:
    body = _issue(client_for, cast.carol, cast.alice)
    expires = datetime.datetime.fromisoformat(body["expires_at"])
    assert expires - timezone.now() < datetime.timedelta(hours=2, seconds=5)
    assert expires - timezone.now() > datetime.timedelta(hours=1, minutes=59)


def test_an_operator_may_issue_a_code_for_any_patient(cast: Cast, client_for: ClientFor) -> None:
    root = User.objects.create_superuser("root", "root@example.org", "x-Very-long-1")
    assert _issue(client_for, root, cast.bob)["code"].startswith("HR-")
    for reference in ("99999", "me", "abc"):
        assert client_for(root).post(_code_url_raw(reference)).status_code == 404


def _code_url_raw(reference: str) -> str:
    return f"/api/v1/patients/{reference}/password-reset-code/"


def test_no_code_for_a_patient_without_an_account(cast: Cast, client_for: ClientFor) -> None:
    enrolled = client_for(cast.carol).post(
        "/api/v1/patients/",
        {"display_name": "Grace", "timezone": "UTC", "affected_side": "left"},
        format="json",
    )
    response = client_for(cast.carol).post(_code_url(enrolled.json()["id"]))
    assert response.status_code == 404
    assert "invite" in response.json()["detail"]
    assert not PasswordResetCode.objects.exists()


# Using the code.


def test_a_code_sets_the_password_and_signs_out_everywhere(
    cast: Cast, client_for: ClientFor
) -> None:
    token, browser = _signed_in_everywhere("alice")
    code = _issue(client_for, cast.carol, cast.alice)["code"]
    response = _reset("alice", code)
    assert response.status_code == 204
    _assert_signed_out_everywhere(token, browser)
    assert not AuthToken.objects.filter(user=cast.alice_user).exists()
    assert _sign_in("alice").status_code == 400
    assert _sign_in("alice", NEW_PASSWORD).status_code == 200
    assert PasswordResetCode.objects.get(user=cast.alice_user).used_at is not None


def test_a_code_works_once(cast: Cast, client_for: ClientFor) -> None:
    code = _issue(client_for, cast.carol, cast.alice)["code"]
    assert _reset("alice", code).status_code == 204
    again = _reset("alice", code, "another-Secret-word-88")
    assert again.status_code == 400
    assert again.json() == CODE_INVALID
    assert _sign_in("alice", NEW_PASSWORD).status_code == 200


def test_a_code_may_be_typed_loosely_and_the_username_in_any_case(
    cast: Cast, client_for: ClientFor
) -> None:
    code = _issue(client_for, cast.carol, cast.alice)["code"]
    assert _reset("ALICE", code.lower().replace("-", " ")).status_code == 204


def test_a_wrong_code_or_username_answers_one_way(cast: Cast, client_for: ClientFor) -> None:
    alice_code = _issue(client_for, cast.carol, cast.alice)["code"]
    answers = [
        _reset("alice", "HR-AAAA-BBBB-CCCC"),
        _reset("bob", alice_code),
        _reset("nobody", alice_code),
        _reset("alice", ""),
        _reset("alice", "x" * 64),
    ]
    for answer in answers:
        assert answer.status_code == 400
        assert answer.json() == CODE_INVALID
    assert _reset("alice", alice_code).status_code == 204


@pytest.mark.parametrize("body", [{}, {"username": "alice"}, {"code": ["x"], "username": 3}])
def test_a_malformed_reset_is_a_400(db: None, body: dict[str, Any]) -> None:
    assert APIClient().post(RESET, body, format="json").status_code == 400


def test_an_invite_code_is_not_a_reset_code(cast: Cast, client_for: ClientFor) -> None:
    invite = client_for(cast.alice_user).post(
        "/api/v1/patients/me/caregivers/", {"name": "Sister"}, format="json"
    )
    assert _reset("alice", invite.json()["invite_code"]).json() == CODE_INVALID


def test_the_code_expires_at_its_time(cast: Cast, client_for: ClientFor) -> None:
    body = _issue(client_for, cast.carol, cast.alice)
    expires = datetime.datetime.fromisoformat(body["expires_at"])
    with time_machine.travel(expires - datetime.timedelta(seconds=1), tick=False):
        assert _reset("alice", body["code"], "weak").status_code == 400  # still valid:
        assert "new_password" in _reset("alice", body["code"], "weak").json()
    with time_machine.travel(expires, tick=False):
        assert _reset("alice", body["code"]).json() == CODE_INVALID
    assert _sign_in("alice").status_code == 200


def test_a_new_code_withdraws_the_unused_one(cast: Cast, client_for: ClientFor) -> None:
    first = _issue(client_for, cast.carol, cast.alice)["code"]
    second = _issue(client_for, cast.carol, cast.alice)["code"]
    assert _reset("alice", first).json() == CODE_INVALID
    assert _reset("alice", second).status_code == 204


def test_a_weak_new_password_is_refused_and_the_code_kept(
    cast: Cast, client_for: ClientFor
) -> None:
    code = _issue(client_for, cast.carol, cast.alice)["code"]
    for weak in ("short", "password123", "12345678901"):
        response = _reset("alice", code, weak)
        assert response.status_code == 400
        assert "new_password" in response.json()
    assert _sign_in("alice").status_code == 200
    assert _reset("alice", code).status_code == 204


def test_a_deactivated_account_cannot_be_reset(cast: Cast, client_for: ClientFor) -> None:
    code = _issue(client_for, cast.carol, cast.alice)["code"]
    User.objects.filter(pk=cast.alice_user.pk).update(is_active=False)
    assert _reset("alice", code).json() == CODE_INVALID


@pytest.fixture
def small_account_cap() -> Iterator[int]:
    with override_settings(HIPWELL={**settings.HIPWELL, "LOGIN_ACCOUNT_FAILURE_LIMIT": 8}):
        yield 8


def test_wrong_codes_count_towards_the_account_cap(
    cast: Cast, client_for: ClientFor, small_account_cap: int
) -> None:
    code = _issue(client_for, cast.carol, cast.alice)["code"]
    for n in range(small_account_cap):
        _reset("alice", "HR-AAAA-BBBB-CCCC", ip=f"10.1.0.{n + 1}")
    capped = _sign_in("alice", ip="10.2.0.1")
    assert capped.status_code == 429
    refused = _reset("alice", code, ip="10.2.0.2")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert _sign_in("bob", ip="10.2.0.1").status_code == 200


def test_a_reset_lets_the_locked_out_person_in_with_the_new_password(
    cast: Cast, client_for: ClientFor
) -> None:
    for _ in range(5):
        _sign_in("alice", "forgotten", ip="10.0.0.5")
    assert _sign_in("alice", ip="10.0.0.5").status_code == 429
    code = _issue(client_for, cast.carol, cast.alice)["code"]
    assert _reset("alice", code, ip="10.0.0.5").status_code == 204
    assert _sign_in("alice", NEW_PASSWORD, ip="10.0.0.5").status_code == 200


def test_resets_share_the_sign_in_throttle_and_ignore_forged_headers(db: None) -> None:
    for n in range(20):
        assert _reset(f"nobody-{n}", "HR-AAAA-BBBB-CCCC").status_code == 400
    for n in range(3):
        forged = _reset("nobody-x", "HR-AAAA", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        assert forged.status_code == 429
        assert int(forged["Retry-After"]) > 0
    assert _reset("nobody-x", "HR-AAAA", ip="10.0.0.2").status_code == 400


# The emailed link.


def _ask_for_link(
    capture: Callable[..., Any], username: str, ip: str = "10.0.0.1", **extra: Any
) -> Any:
    with capture(execute=True):
        return APIClient(REMOTE_ADDR=ip).post(
            RESET_EMAIL, {"username": username}, format="json", **extra
        )


def _link_in(message: mail.EmailMessage) -> dict[str, str]:
    found = re.search(r"https?://\S+/app/reset/\?\S+", str(message.body))
    assert found is not None, message.body
    url = urlsplit(found.group(0))
    public = settings.HIPWELL["PUBLIC_URL"].rstrip("/")
    assert f"{url.scheme}://{url.netloc}" == public
    query = parse_qs(url.query)
    assert set(query) == {"uid", "token"}
    return {"uid": query["uid"][0], "token": query["token"][0]}


def _confirm(link: dict[str, str], new_password: str = NEW_PASSWORD) -> Any:
    return APIClient().post(RESET_CONFIRM, {**link, "new_password": new_password}, format="json")


@pytest.fixture
def alice_with_email(cast: Cast) -> Cast:
    Patient.objects.filter(pk=cast.alice.pk).update(email="alice.home@example.org")
    return cast


def test_a_patient_with_an_address_gets_a_link(
    alice_with_email: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    response = _ask_for_link(django_capture_on_commit_callbacks, "Alice")
    assert response.status_code == 202
    assert response.json() == EMAIL_DETAIL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice.home@example.org"]
    assert "alice" in str(message.body)
    _link_in(message)


def test_a_clinician_gets_the_link_at_their_account_address(
    cast: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    assert _ask_for_link(django_capture_on_commit_callbacks, "carol").status_code == 202
    assert [m.to for m in mail.outbox] == [["carol@example.org"]]


def test_no_address_or_no_account_gets_the_same_answer_and_no_mail(
    cast: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # alice's profile has no email (her account's copy is not where patients' mail goes).
    assert Patient.objects.get(pk=cast.alice.pk).email == ""
    answers = [
        _ask_for_link(django_capture_on_commit_callbacks, "alice"),
        _ask_for_link(django_capture_on_commit_callbacks, "nobody"),
    ]
    User.objects.filter(pk=cast.carol.pk).update(is_active=False)
    answers.append(_ask_for_link(django_capture_on_commit_callbacks, "carol"))
    for answer in answers:
        assert answer.status_code == 202
        assert answer.json() == EMAIL_DETAIL
    assert mail.outbox == []


def test_the_link_sets_the_password_once_and_signs_out_everywhere(
    alice_with_email: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    token, browser = _signed_in_everywhere("alice")
    _ask_for_link(django_capture_on_commit_callbacks, "alice")
    link = _link_in(mail.outbox[0])
    assert _confirm(link).status_code == 204
    _assert_signed_out_everywhere(token, browser)
    assert _sign_in("alice", NEW_PASSWORD).status_code == 200
    again = _confirm(link, "another-Secret-word-88")
    assert again.status_code == 400
    assert set(again.json()) == {"token"}
    assert _sign_in("alice", NEW_PASSWORD).status_code == 200


def test_the_link_expires_after_an_hour(
    alice_with_email: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _ask_for_link(django_capture_on_commit_callbacks, "alice")
    link = _link_in(mail.outbox[0])
    assert "1 hour" in str(mail.outbox[0].body)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        expired = _confirm(link)
    assert expired.status_code == 400
    assert set(expired.json()) == {"token"}
    assert _sign_in("alice").status_code == 200


def test_a_weak_password_keeps_the_link_usable(
    alice_with_email: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    _ask_for_link(django_capture_on_commit_callbacks, "alice")
    link = _link_in(mail.outbox[0])
    weak = _confirm(link, "short")
    assert weak.status_code == 400
    assert "new_password" in weak.json()
    assert _confirm(link).status_code == 204


@pytest.mark.parametrize(
    "link",
    [
        {"uid": "", "token": "x"},
        {"uid": "!!!", "token": "x"},
        {"uid": "YWJj", "token": "x"},  # "abc"
        {"uid": "OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "token": "x"},  # a huge number
        {"uid": "MA", "token": "x"},  # 0
        {"uid": "LTE", "token": "x"},  # -1
        {"uid": "\x00", "token": "\x00"},
    ],
)
def test_a_bad_link_is_a_400_on_token(cast: Cast, link: dict[str, str]) -> None:
    response = _confirm(link)
    assert response.status_code == 400
    assert "token" in response.json() or "uid" in response.json()


def test_a_link_for_one_user_does_not_fit_another(
    alice_with_email: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    _ask_for_link(django_capture_on_commit_callbacks, "alice")
    link = _link_in(mail.outbox[0])
    link["uid"] = urlsafe_base64_encode(force_bytes(alice_with_email.bob.user_id))
    assert _confirm(link).status_code == 400
    assert _sign_in("bob").status_code == 200


def test_reset_emails_are_capped_per_account_whoever_asks(
    alice_with_email: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    for n in range(3):
        ip = f"10.1.0.{n + 1}"
        assert _ask_for_link(django_capture_on_commit_callbacks, "alice", ip).status_code == 202
        assert _ask_for_link(django_capture_on_commit_callbacks, "ghost", ip).status_code == 202
    for name in ("alice", "ALICE", "ghost"):
        capped = _ask_for_link(django_capture_on_commit_callbacks, name, "10.2.0.1")
        assert capped.status_code == 429
        assert int(capped["Retry-After"]) > 0
    assert len(mail.outbox) == 3


def test_reset_emails_are_throttled_per_address_and_ignore_forged_headers(db: None) -> None:
    client = APIClient(REMOTE_ADDR="10.0.0.1")
    for n in range(20):
        answer = client.post(RESET_EMAIL, {"username": f"nobody-{n}"}, format="json")
        assert answer.status_code == 202
    for n in range(3):
        forged = client.post(
            RESET_EMAIL,
            {"username": "nobody-x"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
        assert forged.status_code == 429
    other = APIClient(REMOTE_ADDR="10.0.0.2").post(RESET_EMAIL, {"username": "x"}, format="json")
    assert other.status_code == 202
