"""Web Push with pywebpush: every subscription of the recipient, once each."""

from __future__ import annotations

import json

from django.conf import settings
from pywebpush import WebPushException, webpush

from reminders.channels import DeliveryError
from reminders.models import Delivery, PushSubscription
from reminders.vapid import vapid_keys

# Messages older than this are useless to the patient; the push service may drop them.
TTL_SECONDS = 60 * 60
GONE = (404, 410)


class PushChannel:
    name = "push"

    def send(self, delivery: Delivery) -> str:
        subscriptions = list(PushSubscription.objects.filter(user_id=delivery.recipient_id))
        reached: list[int] = list(delivery.progress.get("push_reached", []))
        keys = vapid_keys()
        payload = json.dumps(
            {"title": delivery.title, "body": delivery.body, "url": delivery.link or "/app/"}
        )
        retry_reasons: list[str] = []
        removed = 0
        try:
            for subscription in subscriptions:
                if subscription.pk in reached:
                    continue  # reached on an earlier attempt: never twice
                try:
                    status = _send_one(subscription, payload, keys.private_key)
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
                    # Other 4xx: this subscription is broken for this message; do not retry it.
                    reached.append(subscription.pk)
        finally:
            # Whatever happens, remember who was reached so a retry never repeats them.
            delivery.progress = {**delivery.progress, "push_reached": reached}
            Delivery.objects.filter(pk=delivery.pk).update(progress=delivery.progress)
        if retry_reasons:
            raise DeliveryError(
                f"push service asked to retry ({', '.join(retry_reasons)})", permanent=False
            )
        return f"pushed to {len(reached)} subscription(s), removed {removed}"


def _send_one(subscription: PushSubscription, payload: str, private_key: str) -> int | None:
    """Send one push message and return the push service's status code."""
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
        )
    except WebPushException as exc:
        if exc.response is not None:
            return int(exc.response.status_code)
        raise DeliveryError(f"push failed: {exc}", permanent=False) from None
    except (OSError, ValueError) as exc:
        raise DeliveryError(f"push failed: {exc}", permanent=False) from None
    return int(getattr(response, "status_code", 201))
