"""Progress toward a goal, and the milestones it has crossed. Pure.

The current value of a goal's metric comes from the data:

* a diary score or walking distance: the mean of the last 7 days of the diary,
  once at least 3 of those days have a value (one day is too noisy to celebrate);
* a range-of-motion angle: the latest angle the clinician measured on that side;
* sessions per week: exercise sessions logged in the last 7 days.

Progress is how far the current value has come from the baseline toward the
target, 0-100 % (whole percent, rounded down, so 100 % means the target is met).
It works in both directions: a pain goal falls toward its target, a walking goal
rises toward it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

MILESTONES: tuple[int, ...] = (25, 50, 75, 100)
WINDOW_DAYS = 7
MIN_DIARY_DAYS = 3


def diary_current(values: Sequence[float | int | None]) -> float | None:
    """Return the mean of a window of diary values, or None with too few of them."""
    known = [float(v) for v in values if v is not None]
    if len(known) < MIN_DIARY_DAYS:
        return None
    return round(sum(known) / len(known), 1)


def progress_percent(baseline: float, target: float, current: float | None) -> int | None:
    """Return progress from baseline toward target, clamped to 0-100, or None if unknown."""
    if current is None or baseline == target:
        return None
    fraction = (current - baseline) / (target - baseline)
    # A tiny epsilon keeps 0.75 * 100 from landing on 74.99999.
    return max(0, min(100, math.floor(fraction * 100 + 1e-9)))


def milestones_due(percent: int | None, reached: Iterable[int]) -> list[int]:
    """Return the milestones a progress has crossed that were not reached before."""
    if percent is None:
        return []
    already = set(reached)
    return [m for m in MILESTONES if m <= percent and m not in already]


def congratulation(title: str, milestone: int) -> tuple[str, str]:
    """Return the inbox title and body that celebrate a milestone."""
    if milestone >= 100:
        return (
            "Goal reached!",
            f'Well done: you have reached your goal "{title}". '
            "Your care team will talk with you about what comes next.",
        )
    return (
        f"{milestone} % of the way there",
        f'Good progress: you are {milestone} % of the way to your goal "{title}". '
        "Keep going at a pace your hip is comfortable with.",
    )
