"""The in-app inbox: a notification row the PWA and clinician pages list."""

from __future__ import annotations

from typing import Any

from django.db import connection

from reminders.models import Delivery, Notification


def _fields(delivery: Delivery) -> dict[str, Any]:
    """Return what a delivery's notification says, to whom, about whom."""
    return {
        "recipient_id": delivery.recipient_id,
        "kind": delivery.purpose,
        "title": delivery.title,
        "body": delivery.body,
        "link": delivery.link,
        "patient_id": delivery.patient_id,
        "alert_id": delivery.alert_id,
    }


class InboxChannel:
    name = "inbox"

    def send(self, delivery: Delivery) -> str:
        # One notification per delivery: the OneToOne link makes a resend a no-op.
        notification, created = Notification.objects.get_or_create(
            delivery=delivery, defaults=_fields(delivery)
        )
        return f"notification {notification.pk}" + ("" if created else " (already there)")

    def send_many(self, deliveries: list[Delivery]) -> dict[int, str]:
        """Create the notifications of many deliveries in a few statements; notes by delivery id.

        Each delivery ends as ``send`` would leave it: a delivery that already has its
        notification (resent after a reaped lease) keeps it. A notification created
        concurrently for the same delivery makes the insert raise IntegrityError;
        the dispatcher then rolls back and sends one by one, where ``send`` copes.
        """
        ids = [delivery.pk for delivery in deliveries]
        notes = {
            delivery_id: f"notification {pk} (already there)"
            for delivery_id, pk in Notification.objects.filter(delivery_id__in=ids).values_list(
                "delivery_id", "pk"
            )
            if delivery_id is not None
        }
        fresh = [delivery for delivery in deliveries if delivery.pk not in notes]
        # delivery_id rather than delivery: the descriptor costs time on thousands of rows.
        created = Notification.objects.bulk_create(
            Notification(delivery_id=delivery.pk, **_fields(delivery)) for delivery in fresh
        )
        if created and not connection.features.can_return_rows_from_bulk_insert:
            # Without INSERT ... RETURNING the new ids are unknown: read them back.
            created = list(Notification.objects.filter(delivery_id__in=[d.pk for d in fresh]))
        for notification in created:
            if notification.delivery_id is not None:
                notes[notification.delivery_id] = f"notification {notification.pk}"
        return notes
