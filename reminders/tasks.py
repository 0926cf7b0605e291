"""Celery tasks: take ids, call a service, return. All are safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task

from reminders import alerts, dispatch, planner

logger = logging.getLogger("hipwell.tasks")


@shared_task(acks_late=True, ignore_result=True)
def evaluate_diary_day(evaluation_id: int) -> int:
    """Evaluate a diary day's red flags (idempotent, so a redelivered message is harmless)."""
    return len(alerts.alert_evaluation_process(evaluation_id))


@shared_task(ignore_result=True)
def dispatch_due() -> dict[str, int]:
    """Send what is due now."""
    return dispatch.dispatch_due()


@shared_task(ignore_result=True)
def scan() -> dict[str, int]:
    """The safety net, every minute: owed evaluations, due reminders, stuck leases, escalations."""
    evaluated = 0
    for evaluation_id in alerts.pending_evaluations():
        try:
            alerts.alert_evaluation_process(evaluation_id)
        except Exception:
            # One bad row must not stop the safety net for everyone else; it stays
            # owed (with its error recorded) and is tried again on the next scan.
            logger.exception("evaluation %s failed; will retry", evaluation_id)
            continue
        evaluated += 1
    reaped = dispatch.reap_expired_leases()
    planned = planner.plan_due_schedules()
    escalated = len(alerts.alerts_escalate())
    sent = dispatch.dispatch_due()
    return {"evaluated": evaluated, "reaped": reaped, "planned": planned, "escalated": escalated,
            **{f"deliveries_{k}": v for k, v in sent.items()}}  # fmt: skip
