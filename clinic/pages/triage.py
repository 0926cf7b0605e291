"""The caseload's rows in words: why each patient is where they are, and what to read.

Pure presentation over ``clinic.selectors.caseload`` (the API's caseload, most urgent
first) plus two list queries for the whole caseload: the open alerts (to name the
worst one) and the care-team memberships (to tell "my patients"). The query count
does not grow with the caseload.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from clinic.caseload import CaseloadRow
from clinic.selectors import ADHERENCE_WEEKS
from diaries import trends
from patients.models import User
from patients.selectors import responsible_memberships
from reminders import selectors as alert_selectors
from reminders.rules import severity_rank

NOT_LOGGING_DAYS = 3  # no diary for this many days: "not logging"
PAIN = ("pain_rest", "pain_activity", "pain_night")
PAIN_SHORT = {"pain_rest": "At rest", "pain_activity": "On activity", "pain_night": "At night"}
SCOPES = ("team", "mine")


def fold(text: str) -> str:
    """Compare names as people read them: NFKC, case-folded."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def day_words(day: datetime.date, today: datetime.date) -> str:
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return f"on {day:%-d %b}"


def _number(value: float) -> str:
    rounded = round(abs(value), 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def _points(value: float) -> str:
    text = _number(value)
    return f"{text} point" if text == "1" else f"{text} points"


@dataclass(frozen=True)
class Change:
    """One measure's change against baseline, in words and with an arrow."""

    metric: str
    label: str
    direction: str  # "up", "down", "same"
    arrow: str
    words: str  # "up 3 points on baseline"
    worse: bool
    meaningful: bool


def change_of(metric: str, change: dict[str, object]) -> Change | None:
    delta = change.get("absolute")
    if not isinstance(delta, int | float):
        return None
    label = trends.LABELS[metric].replace(" (m)", "")
    if metric == trends.WALKING:
        label = "Walking distance"
        amount = f"{abs(round(delta)):.0f} m"
        worse = delta < 0
    else:
        amount = _points(delta)
        worse = delta > 0
    if round(delta, 1) == 0:
        return Change(metric, label, "same", "→", "no change on baseline", False, False)
    direction = "up" if delta > 0 else "down"
    return Change(
        metric,
        label,
        direction,
        "↑" if delta > 0 else "↓",
        f"{direction} {amount} on baseline",
        worse,
        bool(change.get("meaningful")),
    )


@dataclass(frozen=True)
class TriageRow:
    row: CaseloadRow
    reasons: list[str]
    pain: list[tuple[str, str]]  # (label, 7-day mean or "no entries")
    headline_change: Change | None
    adherence: str
    alerts: str
    mine: bool
    worst_alert: Any = None  # a reminders Alert
    severity_label: str = ""
    changes: list[Change] = field(default_factory=list)

    @property
    def not_logging(self) -> bool:
        days = self.row.days_since_entry
        return days is None or days >= NOT_LOGGING_DAYS


def _alert_reason(alert: Any, today: datetime.date, others: int) -> str:
    if alert.rule == "fall":
        text = f"Fall reported {day_words(alert.diary_date, today)}"
    else:
        since = day_words(alert.first_day, today)
        text = f"{alert.get_rule_display()} since {since}"
        if alert.first_day == today:
            text = f"{alert.get_rule_display()} today"
    text += f" ({alert.get_severity_display().lower()})"
    if others:
        text += f", and {others} more open alert{'s' if others > 1 else ''}"
    return text


def _reasons(row: CaseloadRow, alert: Any, changes: list[Change]) -> list[str]:
    reasons = []
    if alert is not None:
        reasons.append(_alert_reason(alert, row.today, row.open_alerts - 1))
    for change in changes:
        if change.meaningful and change.worse:
            reasons.append(f"{change.label} {change.words}")
    days = row.days_since_entry
    if days is None:
        reasons.append("No diary yet")
    elif days >= NOT_LOGGING_DAYS:
        reasons.append(f"No diary for {days} days")
    if not reasons:
        reasons.append("No open alerts, no meaningful change, logging")
    return reasons


def _adherence(percent: int | None) -> str:
    window = f"last {ADHERENCE_WEEKS} complete weeks"
    if percent is None:
        return f"No sessions prescribed, {window}"
    return f"{percent}% of prescribed sessions, {window}"


def _worst_open_alerts(user: User) -> dict[int, Any]:
    """Each patient's worst open alert, then its newest (one query)."""
    worst: dict[int, Any] = {}
    for alert in alert_selectors.alert_list(user=user, status="open"):
        current = worst.get(alert.patient_id)
        key = (severity_rank(alert.severity), alert.diary_date, alert.created_at)
        if current is None or key > (
            severity_rank(current.severity),
            current.diary_date,
            current.created_at,
        ):
            worst[alert.patient_id] = alert
    return worst


def _responsible(patient_ids: list[int]) -> dict[int, int]:
    """Each patient's responsible physiotherapist: the longest-serving active clinician
    (patients.selectors.responsible_memberships; one query)."""
    first: dict[int, int] = {}
    for patient_id, clinician_id in (
        responsible_memberships()
        .filter(patient_id__in=patient_ids)
        .values_list("patient_id", "clinician_id")
    ):
        first.setdefault(patient_id, clinician_id)
    return first


def triage_rows(user: User, rows: list[CaseloadRow]) -> list[TriageRow]:
    ids = [r.patient_id for r in rows]
    worst = _worst_open_alerts(user)
    responsible = _responsible(ids)
    out = []
    for row in rows:
        changes = [c for m in trends.METRICS if (c := change_of(m, row.change[m])) is not None]
        by_metric = {c.metric: c for c in changes}
        pain_changes = [by_metric[m] for m in PAIN if m in by_metric]

        # The headline: the largest meaningful worsening of pain, else another meaningful
        # worsening, else the largest change in pain.
        def size(c: Change, row: CaseloadRow = row) -> float:
            return -abs(_delta(row, c.metric))

        worse_pain = sorted((c for c in pain_changes if c.meaningful and c.worse), key=size)
        worse_other = [c for c in changes if c.meaningful and c.worse and c not in worse_pain]
        ranked = worse_pain or worse_other or sorted(pain_changes, key=size)
        headline = ranked[0] if ranked else None
        alert = worst.get(row.patient_id)
        pain = [
            (
                PAIN_SHORT[m],
                "no entries"
                if row.means_7d.get(m) is None
                else _number(float(row.means_7d[m] or 0)),
            )
            for m in PAIN
        ]
        alerts = "None"
        if row.open_alerts:
            severity = (
                str(row.worst_open_severity).capitalize().lower() if row.worst_open_severity else ""
            )
            alerts = f"{row.open_alerts} open" + (f", worst {severity}" if severity else "")
        out.append(
            TriageRow(
                row=row,
                reasons=_reasons(row, alert, changes),
                pain=pain,
                headline_change=headline,
                adherence=_adherence(row.adherence_percent),
                alerts=alerts,
                mine=responsible.get(row.patient_id) == user.pk,
                worst_alert=alert,
                severity_label=str(row.worst_open_severity).capitalize()
                if row.worst_open_severity
                else "",
                changes=changes,
            )
        )
    return out


def _delta(row: CaseloadRow, metric: str) -> float:
    value = row.change[metric].get("absolute")
    return float(value) if isinstance(value, int | float) else 0.0


@dataclass(frozen=True)
class Filters:
    scope: str = "team"
    alerts_only: bool = False
    not_logging: bool = False
    search: str = ""

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Filters:
        scope = query.get("scope", "team")
        return cls(
            scope=scope if scope in SCOPES else "team",
            alerts_only=query.get("alerts") == "1",
            not_logging=query.get("quiet") == "1",
            search=query.get("q", "")[:120],
        )

    def keep(self, row: TriageRow) -> bool:
        if self.scope == "mine" and not row.mine:
            return False
        if self.alerts_only and not row.row.open_alerts:
            return False
        if self.not_logging and not row.not_logging:
            return False
        wanted = fold(self.search)
        return not wanted or wanted in fold(row.row.display_name)

    @property
    def active(self) -> bool:
        return self.scope != "team" or self.alerts_only or self.not_logging or bool(self.search)
