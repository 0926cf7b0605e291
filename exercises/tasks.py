"""Celery tasks of the exercise app: take ids, call a service, return."""

from __future__ import annotations

from celery import shared_task

from exercises import goal_services


@shared_task(ignore_result=True)
def goals_evaluate_all() -> int:
    """Record and celebrate goal milestones that diary entries have reached (safe to repeat)."""
    return goal_services.goals_evaluate_all()
