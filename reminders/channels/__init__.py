"""Delivery channels: one module each, behind one small interface.

A channel sends one delivery or raises :class:`DeliveryError`, saying whether the
failure is permanent (do not retry) or transient (retry later with backoff).
"""

from __future__ import annotations

from typing import Protocol

from reminders.models import Delivery


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class DeliveryChannel(Protocol):
    name: str

    def send(self, delivery: Delivery) -> str:
        """Send the delivery and return a short note of what was done."""
        ...


def channel_for(name: str) -> DeliveryChannel:
    """Return the channel that sends deliveries of this name."""
    from reminders.channels import email, inbox, push

    channels: dict[str, DeliveryChannel] = {
        "inbox": inbox.InboxChannel(),
        "email": email.EmailChannel(),
        "push": push.PushChannel(),
    }
    try:
        return channels[name]
    except KeyError:
        raise DeliveryError(f"unknown channel {name!r}", permanent=True) from None
