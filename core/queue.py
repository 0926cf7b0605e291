"""Queue Celery tasks after commit without ever making a request wait on the broker."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger("hipwell.queue")


def _publish(task: Any, args: tuple[Any, ...]) -> None:
    try:
        task.apply_async(args=args, retry=False)
    except Exception:
        logger.warning(
            "could not queue %s%r; the periodic scan will pick it up",
            task.name,
            args,
            exc_info=True,
        )


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Queue a task once the current transaction commits; a broker failure is only logged.

    The row that records the work is already committed, so a lost message costs
    latency, never the work itself.
    """
    transaction.on_commit(lambda: _publish(task, args))
