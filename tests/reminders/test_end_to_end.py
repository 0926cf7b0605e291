"""A diary PUT reaches the care team through a real worker, on each broker."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import pytest

from tests.reminders.test_push import PushService, _browser_keys
from tests.stack import Stack, running_stack, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.real_clock]


def _enrol_and_activate(stack: Stack) -> tuple[str, str, str]:
    """Create a clinician, enrol a patient, activate; return (clinician, patient) tokens and today."""
    stack.env["HIPWELL_PASSWORD"] = "A-long-clinician-pass-1"
    stack.manage("create_clinician", "--username", "carol", "--email", "carol@example.org")
    carol = stack.token("carol", "A-long-clinician-pass-1")
    status, patient = stack.request(
        "POST", "/api/v1/patients/",
        {"display_name": "Alice", "timezone": "Europe/Berlin", "affected_side": "left"}, carol,
    )  # fmt: skip
    assert status == 201, patient
    status, activated = stack.request(
        "POST", "/api/v1/auth/activate/",
        {"invite_code": patient["invite_code"], "username": "alice", "password": "A-long-patient-pass-2",
         "consent": True},
    )  # fmt: skip
    assert status == 201, activated
    today = datetime.datetime.now(datetime.UTC).astimezone(
        datetime.timezone(datetime.timedelta(hours=1))
    )
    # Berlin is UTC+1 or +2; "yesterday" is safely not in the future either way.
    day = (today - datetime.timedelta(days=1)).date().isoformat()
    return carol, str(activated["token"]), day


def _fall_reaches_the_care_team(stack: Stack, push: PushService) -> None:
    carol, alice, day = _enrol_and_activate(stack)
    status, _ = stack.request(
        "POST", "/api/v1/push/subscriptions/",
        {"endpoint": push.url("/carol"), "keys": _browser_keys()}, carol,
    )  # fmt: skip
    assert status == 201
    status, entry = stack.request(
        "PUT", f"/api/v1/patients/me/diary/{day}/", {"pain_rest": 3, "fall": True}, alice
    )
    assert status == 201, entry

    def open_alerts() -> list[Any] | None:
        return stack.request("GET", "/api/v1/alerts/?status=open", token=carol)[1] or None

    alert = wait_for(open_alerts, timeout=60)[0]
    assert alert["rule"] == "fall"
    inbox = wait_for(
        lambda: stack.request("GET", "/api/v1/notifications/", token=carol)[1] or None, timeout=60
    )
    assert "red flag" in inbox[0]["title"]
    patient_inbox = wait_for(
        lambda: stack.request("GET", "/api/v1/notifications/", token=alice)[1] or None
    )
    assert "care team has been told" in patient_inbox[0]["body"]
    mail_dir = stack.var_dir / "mail"
    assert wait_for(lambda: mail_dir.exists() and any(mail_dir.iterdir()), timeout=60)
    assert wait_for(lambda: [p for p, _, _ in push.received if p == "/carol"], timeout=60)


@pytest.fixture
def push_service_here() -> Any:
    service = PushService()
    service.thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()


def test_on_the_filesystem_transport(tmp_path: Path, push_service_here: PushService) -> None:
    broker_dir = tmp_path / "var" / "celery" / "queue"
    del broker_dir  # the settings create the folders under the stack's var/
    with running_stack(
        tmp_path, "filesystem://", env={"HIPWELL_PUSH_TEST_ORIGIN": push_service_here.origin}
    ) as stack:
        _fall_reaches_the_care_team(stack, push_service_here)


@pytest.mark.redis
def test_on_redis(tmp_path: Path, redis_url: str, push_service_here: PushService) -> None:
    with running_stack(
        tmp_path, redis_url, env={"HIPWELL_PUSH_TEST_ORIGIN": push_service_here.origin}
    ) as stack:
        _fall_reaches_the_care_team(stack, push_service_here)


def test_with_the_broker_down_the_put_succeeds_and_the_scan_delivers(tmp_path: Path) -> None:
    closed_port = 1  # nothing listens on port 1 of the loopback
    with running_stack(tmp_path, f"redis://127.0.0.1:{closed_port}/0", worker=False) as stack:
        carol, alice, day = _enrol_and_activate(stack)
        # The request itself has a timeout: a PUT that waited on the broker would fail here.
        status, _ = stack.request(
            "PUT",
            f"/api/v1/patients/me/diary/{day}/",
            {"pain_rest": 3, "fall": True},
            alice,
            timeout=10,
        )
        assert status == 201
        assert stack.request("GET", "/api/v1/alerts/", token=carol)[1] == []
        # The periodic scan (beat runs it every minute) finds the owed evaluation.
        stack.manage("shell", "-c", "from reminders.tasks import scan; print(scan())")
        alerts = stack.request("GET", "/api/v1/alerts/", token=carol)[1]
        assert [a["rule"] for a in alerts] == ["fall"]
        assert os.environ.get("CELERY_BROKER_URL", "") != stack.env["CELERY_BROKER_URL"]
