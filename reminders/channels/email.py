"""Email through Django's backend, configured by EMAIL_URL."""

from __future__ import annotations

import smtplib

from django.core.mail import EmailMessage

from reminders.channels import DeliveryError
from reminders.links import absolute_url
from reminders.models import Delivery


class EmailChannel:
    name = "email"

    def send(self, delivery: Delivery) -> str:
        # A person's own address, or an address with no account (an escalation contact).
        person = delivery.recipient
        address = delivery.to_address or (person.email if person is not None else "")
        if not address:
            raise DeliveryError("the recipient has no email address", permanent=True)
        link = absolute_url(delivery.link)
        body = f"{delivery.body}\n\n{link}".strip() + "\n\n-- Hipwell"
        subject = " ".join(delivery.title.split())
        message = EmailMessage(subject=subject, body=body, to=[address])
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"address refused: {exc}", permanent=True) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"mail server: {exc}", permanent=False) from None
        except ValueError as exc:
            # A header Django refuses (BadHeaderError) will be refused every time.
            raise DeliveryError(f"message refused: {exc}", permanent=True) from None
        return f"mailed to {address}"
