"""Celery tasks of the goals app: take ids, call a service, return."""

from __future__ import annotations

from celery import shared_task

from goals import services


@shared_task(ignore_result=True)
def goals_evaluate_all() -> int:
    """Record and celebrate goal milestones that diary entries have reached (safe to repeat)."""
    return services.goals_evaluate_all()
