"""Every link a clinician is sent about an alert (email, push, inbox) opens that alert.

The alert goes out through the real path (deliveries_for_alert, then the
dispatcher for the inbox and email); each link is followed, signed in as the
person it was sent to, to the patient's page at that alert.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from reminders.deliveries import deliveries_for_alert
from reminders.dispatch import dispatch_due
from reminders.links import absolute_url
from reminders.models import Delivery, Notification, PushSubscription
from tests.clinic.pages_helpers import browser_for, make_alert
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def _lands_on_the_alert(cast: Cast, link: str, alert_id: int) -> None:
    url = urlsplit(link)
    client = browser_for(cast.carol)
    first = client.get(url.path)
    assert first.status_code == 302, link
    target = first["Location"]
    assert target.endswith(f"/clinic/patients/{cast.alice.pk}/#alert-{alert_id}"), target
    page = client.get(target.split("#")[0])
    assert page.status_code == 200
    assert f'id="alert-{alert_id}"' in page.content.decode()


def test_each_channels_link_opens_the_alert_on_the_patients_page(cast: Cast) -> None:
    cast.carol.email = "carol@clinic.example"
    cast.carol.save(update_fields=["email"])
    PushSubscription.objects.create(
        user=cast.carol, endpoint="https://push.example/carol", p256dh="k", auth="a"
    )
    alert = make_alert(cast.alice)
    deliveries_for_alert(alert, event="opened")
    sent = Delivery.objects.filter(alert=alert, recipient=cast.carol)
    assert set(sent.values_list("channel", flat=True)) == {"inbox", "email", "push"}

    # The push payload's url is absolute_url(delivery.link) (reminders/channels/push.py).
    push = sent.get(channel="push")
    _lands_on_the_alert(cast, absolute_url(push.link), alert.pk)

    dispatch_due()
    inbox = Notification.objects.get(recipient=cast.carol)
    _lands_on_the_alert(cast, inbox.link, alert.pk)

    (email,) = [m for m in mail.outbox if "carol@clinic.example" in m.to]
    links = re.findall(r"https?://\S+/clinic/alerts/\d+/", str(email.body))
    assert links, email.body
    _lands_on_the_alert(cast, links[0], alert.pk)


def test_another_clinicians_link_is_a_404_for_someone_outside_the_care_team(
    cast: Cast,
) -> None:
    alert = make_alert(cast.alice)
    response = browser_for(cast.dave).get(f"/clinic/alerts/{alert.pk}/")
    assert response.status_code == 404
