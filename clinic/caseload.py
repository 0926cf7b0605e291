"""Order a caseload most urgent first. Pure: rows in, rows out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from reminders.rules import severity_rank


@dataclass(frozen=True)
class CaseloadRow:
    patient_id: int
    display_name: str
    last_entry_date: datetime.date | None
    today: datetime.date
    means_7d: dict[str, float | None]
    change: dict[str, dict[str, object]]
    adherence_percent: int | None
    open_alerts: int
    worst_open_severity: str | None

    @property
    def days_since_entry(self) -> int | None:
        return None if self.last_entry_date is None else (self.today - self.last_entry_date).days

    @property
    def worsened(self) -> int:
        """Count meaningful changes for the worse (scores up, walking down)."""
        count = 0
        for metric, change in self.change.items():
            delta = change.get("absolute")
            if not change.get("meaningful") or not isinstance(delta, int | float):
                continue
            if (metric == "walking_distance_m" and delta < 0) or (
                metric != "walking_distance_m" and delta > 0
            ):
                count += 1
        return count


def urgency_key(row: CaseloadRow) -> tuple[int, int, int, int, str]:
    """Sort key: worst open alert, then open alerts, then worsening, then silence."""
    silence = row.days_since_entry if row.days_since_entry is not None else 10_000
    return (
        -severity_rank(row.worst_open_severity),
        -row.open_alerts,
        -row.worsened,
        -silence,
        row.display_name.lower(),
    )


def most_urgent_first(rows: list[CaseloadRow]) -> list[CaseloadRow]:
    return sorted(rows, key=urgency_key)
