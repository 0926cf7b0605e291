"""Every message's link comes from reminders/links.py, on HIPWELL_PUBLIC_URL."""

from __future__ import annotations

import base64
import datetime
import json
import os
import re
from pathlib import Path
from typing import Any

import http_ece  # type: ignore[import-untyped]
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core import mail

from reminders import dispatch, links, planner, services
from reminders.models import Alert, Delivery, Notification, PushSubscription
from tests.conftest import Cast, ClientFor
from tests.reminders.helpers import put_day, steady_history
from tests.reminders.test_push import PushService, push_service  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parent.parent.parent
PUBLIC = "https://care.example.org/hipwell"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _subscribe_with_private_key(
    user: Any, endpoint: str
) -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    """Subscribe a user as a browser would; return its private key and auth secret."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)
    PushSubscription.objects.create(
        user=user, endpoint=endpoint, p256dh=_b64(public), auth=_b64(auth)
    )
    return private, auth


def test_the_links_are_absolute_on_the_public_url(settings: Any) -> None:
    settings.HIPWELL = {**settings.HIPWELL, "PUBLIC_URL": PUBLIC + "/"}
    assert links.clinician_patient_url(7) == f"{PUBLIC}/clinic/patients/7/"
    assert links.clinician_alert_url(9) == f"{PUBLIC}/clinic/alerts/9/"
    assert links.patient_app_url() == f"{PUBLIC}/app/"
    assert links.patient_app_url("diary") == f"{PUBLIC}/app/diary/"
    assert links.absolute_url("/app/") == f"{PUBLIC}/app/"
    assert links.absolute_url("") == ""


def test_alert_emails_pushes_and_inbox_messages_link_through_the_links_module(
    cast: Cast,
    client_for: ClientFor,
    settings: Any,
    push_service: PushService,  # noqa: F811
) -> None:
    settings.HIPWELL = {**settings.HIPWELL, "PUBLIC_URL": PUBLIC}
    private, auth = _subscribe_with_private_key(cast.carol, push_service.url("/carol"))
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    dispatch.dispatch_due()
    alert = Alert.objects.get()
    clinician_link = links.clinician_alert_url(alert.pk)

    assert set(Delivery.objects.filter(recipient=cast.carol).values_list("link", flat=True)) == {
        clinician_link
    }
    assert Notification.objects.get(recipient=cast.carol).link == clinician_link
    assert Notification.objects.get(recipient=cast.alice_user).link == links.patient_app_url()
    (email,) = [m for m in mail.outbox if cast.carol.email in m.to]
    assert clinician_link in email.body
    (_, _, body) = push_service.received[0]
    payload = json.loads(http_ece.decrypt(body, private_key=private, auth_secret=auth))
    assert payload["url"] == clinician_link


def test_reminders_and_other_messages_link_to_the_patient_app(cast: Cast, settings: Any) -> None:
    settings.HIPWELL = {**settings.HIPWELL, "PUBLIC_URL": PUBLIC}
    with time_machine.travel(datetime.datetime(2026, 3, 2, 6, 0, tzinfo=datetime.UTC), tick=False):
        services.default_schedules_create(patient=cast.alice)
    with time_machine.travel(datetime.datetime(2026, 3, 3, 20, 0, tzinfo=datetime.UTC), tick=False):
        assert planner.plan_due_schedules() > 0
        services.notify_person(
            user=cast.alice_user, patient_id=cast.alice.pk, purpose="milestone",
            title="Well done", body="Half way.", dedupe_key="links-test",
        )  # fmt: skip
    assert set(Delivery.objects.values_list("link", flat=True)) == {links.patient_app_url()}


def test_no_other_module_spells_out_a_page_path() -> None:
    # The pages do not exist yet: a path written anywhere but links.py would be missed
    # when they land.
    page = re.compile(r"""["'](?:https?://[^"']*)?/(?:app|clinic)/""")
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("core", "patients", "diaries", "exercises", "goals", "reminders", "clinic")
        for path in (ROOT / app).rglob("*.py")
        if path.name != "links.py" and "migrations" not in path.parts
        and page.search(path.read_text())
    ]  # fmt: skip
    assert offenders == []
