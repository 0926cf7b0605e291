"""Work the patients app hands to the Celery worker."""

from __future__ import annotations

from celery import shared_task

from patients import reset_mail


@shared_task(ignore_result=True)
def password_reset_email_send(username: str) -> None:
    """Email a password-reset link (queued on commit by ``accounts.password_reset_email_request``)."""
    reset_mail.send(username)
