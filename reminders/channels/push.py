"""Web Push with pywebpush: every subscription of the recipient, once each.

Every endpoint is checked again at send time (see reminders/push_urls.py): it must
still parse as a push service URL, and its host must resolve to public addresses
only. The request then goes to the address that was checked (PinnedSession), so a
DNS answer that changes between the check and the connection changes nothing. A
refused endpoint is a permanent failure for that subscription: it is recorded on
the delivery and in the log, and the subscription is deleted, like one the push
service says is gone.
"""

from __future__ import annotations

import json
import logging
import socket

from django.conf import settings
from pywebpush import WebPushException, webpush

from reminders.channels import DeliveryError
from reminders.channels.pinned import PinnedSession
from reminders.links import absolute_url, patient_app_url
from reminders.models import Delivery, PushSubscription
from reminders.push_urls import (
    PushEndpointRefused,
    PushTarget,
    parse_push_endpoint,
    refused_address,
)
from reminders.vapid import vapid_keys

logger = logging.getLogger("hipwell.push")

# Messages older than this are useless to the patient; the push service may drop them.
TTL_SECONDS = 60 * 60
GONE = (404, 410)


def push_target(endpoint: str) -> PushTarget:
    """Return where an endpoint leads under the current settings, or raise PushEndpointRefused."""
    return parse_push_endpoint(
        endpoint,
        allowed_hosts=settings.HIPWELL["PUSH_ALLOWED_HOSTS"],
        test_origin=settings.HIPWELL["PUSH_TEST_ORIGIN"],
    )


def checked_address(target: PushTarget) -> str:
    """Resolve the host once and return the address to connect to.

    Raises PushEndpointRefused when any address is not public (the test origin is
    exempt: it is configured to be local), DeliveryError (transient) when the name
    does not resolve now.
    """
    try:
        infos = socket.getaddrinfo(target.host.strip("[]"), target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise DeliveryError(f"cannot resolve {target.host}: {exc}", permanent=False) from None
    addresses = [str(info[4][0]) for info in infos]
    if not target.is_test_origin:
        refused = refused_address(addresses)
        if refused is not None:
            raise PushEndpointRefused(f"{target.host} resolves to a non-public address {refused}")
    if not addresses:
        raise DeliveryError(f"{target.host} has no address", permanent=False)
    return addresses[0]


class PushChannel:
    name = "push"

    def send(self, delivery: Delivery) -> str:
        if delivery.recipient_id is None:
            # An address with no account has no browser (a constraint forbids the row).
            raise DeliveryError("push needs a person, not an address", permanent=True)
        subscriptions = list(PushSubscription.objects.filter(user_id=delivery.recipient_id))
        reached: list[int] = list(delivery.progress.get("push_reached", []))
        refused: list[str] = list(delivery.progress.get("push_refused", []))
        keys = vapid_keys()
        payload = json.dumps(
            {
                "title": delivery.title,
                "body": delivery.body,
                "url": absolute_url(delivery.link) or patient_app_url(),
            }
        )
        retry_reasons: list[str] = []
        removed = 0
        try:
            for subscription in subscriptions:
                if subscription.pk in reached:
                    continue  # reached on an earlier attempt: never twice
                try:
                    target = push_target(subscription.endpoint)
                    address = checked_address(target)
                except PushEndpointRefused as exc:
                    logger.warning(
                        "push subscription %s of user %s refused and removed: %s",
                        subscription.pk, subscription.user_id, exc,
                    )  # fmt: skip
                    refused.append(f"subscription {subscription.pk}: {exc}")
                    subscription.delete()
                    continue
                except DeliveryError as exc:
                    retry_reasons.append(str(exc))
                    continue
                try:
                    status = _send_one(subscription, payload, keys.private_key, address)
                except DeliveryError as exc:
                    retry_reasons.append(str(exc))  # unreachable now; the others still go
                    continue
                if status is None or 200 <= status < 300:
                    reached.append(subscription.pk)
                elif status in GONE:
                    subscription.delete()
                    removed += 1
                elif status == 429 or status >= 500:
                    retry_reasons.append(f"{status}")
                else:
                    # Other 4xx (and 3xx, never followed): this subscription is broken
                    # for this message; do not retry it.
                    reached.append(subscription.pk)
        finally:
            # Whatever happens, remember who was reached so a retry never repeats them.
            delivery.progress = {
                **delivery.progress,
                "push_reached": reached,
                **({"push_refused": refused} if refused else {}),
            }
            Delivery.objects.filter(pk=delivery.pk).update(progress=delivery.progress)
        if retry_reasons:
            raise DeliveryError(
                f"push service asked to retry ({', '.join(retry_reasons)})", permanent=False
            )
        if refused and not reached:
            raise DeliveryError(f"push endpoint refused ({'; '.join(refused)})", permanent=True)
        note = f"pushed to {len(reached)} subscription(s), removed {removed}"
        return note + (f", refused {len(refused)}" if refused else "")


def _send_one(
    subscription: PushSubscription, payload: str, private_key: str, address: str
) -> int | None:
    """Send one push message to the checked address and return the push service's status."""
    with PinnedSession(address) as session:
        try:
            response = webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=payload,
                vapid_private_key=private_key,
                vapid_claims={"sub": settings.HIPWELL["VAPID_SUBJECT"]},
                ttl=TTL_SECONDS,
                timeout=10,
                requests_session=session,
            )
        except WebPushException as exc:
            if exc.response is not None:
                return int(exc.response.status_code)
            raise DeliveryError(f"push failed: {exc}", permanent=False) from None
        except (OSError, ValueError) as exc:
            raise DeliveryError(f"push failed: {exc}", permanent=False) from None
    return int(getattr(response, "status_code", 201))
