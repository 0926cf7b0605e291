"""Celery tasks: take ids, call a service, return. All are safe to run twice."""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import shared_task

from reminders import alerts, dispatch, planner

logger = logging.getLogger("hipwell.tasks")


@shared_task(acks_late=True, ignore_result=True)
def evaluate_diary_days(evaluation_ids: list[int]) -> int:
    """Evaluate the diary days one write owes, oldest first (idempotent)."""
    return sum(len(alerts.alert_evaluation_process(pk)) for pk in evaluation_ids)


@shared_task(ignore_result=True)
def dispatch_due() -> dict[str, int]:
    """Send what is due now."""
    return dispatch.dispatch_due()


@shared_task(ignore_result=True)
def release_held(patient_id: int) -> int:
    """Send a patient's held celebrations if no urgent or high alert is open any more."""
    released = dispatch.held_release(patient_id=patient_id)
    if released:
        dispatch.dispatch_due()
    return released


def _step(name: str, results: dict[str, int], work: Callable[[], object]) -> None:
    """Run one step of the scan; a failure is logged and never stops the other steps."""
    try:
        outcome = work()
    except Exception:
        logger.exception("scan step %s failed; the next scan tries again", name)
        results[f"{name}_failed"] = 1
        return
    if isinstance(outcome, dict):
        results.update({f"{name}_{k}": v for k, v in outcome.items()})
    elif isinstance(outcome, int):
        results[name] = outcome


def _evaluate_owed() -> int:
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
    return evaluated


@shared_task(ignore_result=True)
def scan() -> dict[str, int]:
    """The safety net, every minute: owed evaluations, escalations, stuck leases, reminders.

    It also releases held celebrations whose patient has no open urgent or high alert.
    Escalation runs early and every step is isolated, so nothing one patient's data
    does can hold back another patient's red flag.
    """
    results: dict[str, int] = {}
    _step("evaluated", results, _evaluate_owed)
    _step("escalated", results, lambda: len(alerts.alerts_escalate()))
    _step("reaped", results, dispatch.reap_expired_leases)
    _step("planned", results, planner.plan_due_schedules)
    _step("released", results, dispatch.held_release)
    _step("deliveries", results, dispatch.dispatch_due)
    return results
