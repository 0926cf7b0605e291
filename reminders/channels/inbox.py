"""The in-app inbox: a notification row the PWA and clinician pages list."""

from __future__ import annotations

from reminders.models import Delivery, Notification


class InboxChannel:
    name = "inbox"

    def send(self, delivery: Delivery) -> str:
        # One notification per delivery: the OneToOne link makes a resend a no-op.
        notification, created = Notification.objects.get_or_create(
            delivery=delivery,
            defaults={
                "recipient_id": delivery.recipient_id,
                "kind": delivery.purpose,
                "title": delivery.title,
                "body": delivery.body,
                "link": delivery.link,
                "patient_id": delivery.patient_id,
                "alert_id": delivery.alert_id,
            },
        )
        return f"notification {notification.pk}" + ("" if created else " (already there)")
