"""Progression advice from the pain-monitoring model. Pure: stdlib only.

The model physiotherapists use: pain during exercise up to the item's limit
(default 5/10) is acceptable if it settles by the next morning and does not rise
from week to week. Otherwise, step back.

``advise`` looks at the sessions in the 14 days up to ``today`` (inclusive; so
``today - 13`` .. ``today``) and returns one of:

* ``step_back``: a session's pain during exercise went above the limit, or the next
  morning's pain was more than 1 point above the pre-session level (when both are
  known).
* ``progress``: at least 3 sessions in the window, every one with pain during
  recorded and within the limit, no overnight flare, at least one session whose
  overnight response is known, at least one session in the latest 7 days, and a
  weekly trend that is not rising (mean pain during of the latest 7 days is not
  above the mean of the 7 days before; no sessions in the earlier week counts as
  not rising).
* ``hold`` otherwise, with every reason that blocked progress.

``hold_for_alerts`` then turns ``progress`` and ``hold`` into ``hold`` while a red-flag
alert that bears on loading the hip is open (``HOLD_RULES``: pain, instability, fall,
walking, any severity), naming the alert and its first day: progression waits for the
physiotherapist's review. ``step_back`` stays (it is already more cautious) and gains
the alert in its reason.

The advice is a suggestion for the clinician; the patient message never mentions
drugs or surgery and points to the care team when stepping back.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

WINDOW_DAYS = 14
WEEK_DAYS = 7
MIN_SESSIONS_TO_PROGRESS = 3
OVERNIGHT_TOLERANCE = 1  # next-morning pain may sit at most this far above pre-session
DEFAULT_PAIN_LIMIT = 5

PROGRESS = "progress"
HOLD = "hold"
STEP_BACK = "step_back"
DECISIONS: tuple[str, ...] = (PROGRESS, HOLD, STEP_BACK)


@dataclass(frozen=True)
class SessionPain:
    date: datetime.date
    pain_during: int | None  # 0-10 during the session
    pain_before: int | None  # that day's diary pain_activity or pain_rest, if known
    pain_next_morning: int | None  # from the NEXT day's diary, if known


# Red-flag rules (reminders.rules) whose open alert holds every progression, and how
# the advice names each.
HOLD_RULES: dict[str, str] = {
    "pain_spike": "pain",
    "instability": "instability",
    "fall": "fall",
    "walking_decline": "walking",
}


@dataclass(frozen=True)
class OpenAlert:
    """An open red-flag alert, as the exercises app is told of it (exercises.hooks)."""

    rule: str  # a key of HOLD_RULES
    first_day: datetime.date  # the first day of its evidence


@dataclass(frozen=True)
class Advice:
    decision: str  # "progress" | "hold" | "step_back"
    reason: str  # plain sentence for the clinician, with numbers
    patient_message: str  # gentle guidance for the patient
    evidence: dict[str, object]  # JSON-serialisable


_PATIENT_PROGRESS = (
    "Well done: your hip has been coping well with these exercises. Pain has stayed "
    "within your limit and settled by the next morning. Your physiotherapist may "
    "suggest a small, gradual step up at your next review."
)
_PATIENT_HOLD = (
    "Keep going at your current level for now. Keep doing your sessions and logging "
    "your pain during exercise and the next morning, so your care team can see how "
    "your hip is responding."
)
_PATIENT_STEP_BACK = (
    "Your hip seems to have been working a bit harder than it should. Ease back to an "
    "easier version, fewer repetitions or a shorter session for now, and stay within "
    "a comfortable range. Please let your care team know how you are feeling; contact "
    "them promptly if pain is severe, keeps rising, or the hip gives way."
)


def _check_score(value: int | None, what: str, day: datetime.date) -> None:
    if value is not None and not 0 <= value <= 10:
        raise ValueError(f"{what} on {day.isoformat()} must be 0-10, got {value}")


def _mean(values: Sequence[int]) -> float | None:
    if not values:
        return None
    return round(sum(values) / len(values), 2)


def _rising(latest: Sequence[int], earlier: Sequence[int]) -> bool:
    """Is the latest week's mean above the earlier week's? Exact integer comparison."""
    if not latest or not earlier:
        return False
    return sum(latest) * len(earlier) > sum(earlier) * len(latest)


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def advise(
    sessions: Sequence[SessionPain],
    pain_limit: int = DEFAULT_PAIN_LIMIT,
    today: datetime.date | None = None,
) -> Advice:
    """Progress, hold or step back, from the sessions of the last 14 days."""
    if not 0 <= pain_limit <= 10:
        raise ValueError(f"pain_limit must be 0-10, got {pain_limit}")
    for s in sessions:
        _check_score(s.pain_during, "pain_during", s.date)
        _check_score(s.pain_before, "pain_before", s.date)
        _check_score(s.pain_next_morning, "pain_next_morning", s.date)

    if today is None and sessions:
        today = max(s.date for s in sessions)

    evidence: dict[str, object] = {
        "pain_limit": pain_limit,
        "today": today.isoformat() if today else None,
        "window_days": WINDOW_DAYS,
    }

    if today is None:
        evidence.update(window_start=None, sessions_in_window=0, sessions=[])
        return Advice(
            decision=HOLD,
            reason="No exercise sessions recorded, so there is nothing to judge progression on.",
            patient_message=_PATIENT_HOLD,
            evidence=evidence,
        )

    window_start = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    latest_week_start = today - datetime.timedelta(days=WEEK_DAYS - 1)
    window = sorted((s for s in sessions if window_start <= s.date <= today), key=lambda s: s.date)

    exceeded = [
        {"date": s.date.isoformat(), "pain_during": s.pain_during}
        for s in window
        if s.pain_during is not None and s.pain_during > pain_limit
    ]
    flares = [
        {
            "date": s.date.isoformat(),
            "pain_before": s.pain_before,
            "pain_next_morning": s.pain_next_morning,
        }
        for s in window
        if s.pain_before is not None
        and s.pain_next_morning is not None
        and s.pain_next_morning - s.pain_before > OVERNIGHT_TOLERANCE
    ]
    missing_during = [s.date.isoformat() for s in window if s.pain_during is None]
    overnight_known = sum(
        1 for s in window if s.pain_before is not None and s.pain_next_morning is not None
    )
    latest = [
        s.pain_during for s in window if s.pain_during is not None and s.date >= latest_week_start
    ]
    earlier = [
        s.pain_during for s in window if s.pain_during is not None and s.date < latest_week_start
    ]
    sessions_latest_week = sum(1 for s in window if s.date >= latest_week_start)
    rising = _rising(latest, earlier)
    mean_latest = _mean(latest)
    mean_earlier = _mean(earlier)

    evidence.update(
        window_start=window_start.isoformat(),
        sessions_in_window=len(window),
        sessions_in_latest_week=sessions_latest_week,
        sessions_with_overnight_check=overnight_known,
        sessions_missing_pain_during=missing_during,
        limit_exceeded=exceeded,
        overnight_flares=flares,
        mean_pain_during_latest_week=mean_latest,
        mean_pain_during_previous_week=mean_earlier,
        trend_rising=rising,
        sessions=[
            {
                "date": s.date.isoformat(),
                "pain_during": s.pain_during,
                "pain_before": s.pain_before,
                "pain_next_morning": s.pain_next_morning,
            }
            for s in window
        ],
    )

    if exceeded or flares:
        parts: list[str] = []
        if exceeded:
            parts.extend(
                f"pain during exercise was {e['pain_during']}/10 on {e['date']}, "
                f"above the limit of {pain_limit}/10"
                for e in exceeded
            )
        if flares:
            parts.extend(
                f"next-morning pain after the session on {f['date']} was "
                f"{f['pain_next_morning']}/10 against {f['pain_before']}/10 before it "
                f"(more than {OVERNIGHT_TOLERANCE} point above)"
                for f in flares
            )
        return Advice(
            decision=STEP_BACK,
            reason=f"Step back: {_join(parts)}.",
            patient_message=_PATIENT_STEP_BACK,
            evidence=evidence,
        )

    blockers: list[str] = []
    if len(window) < MIN_SESSIONS_TO_PROGRESS:
        blockers.append(
            f"only {len(window)} session{'s' if len(window) != 1 else ''} in the "
            f"{WINDOW_DAYS} days to {today.isoformat()} "
            f"(at least {MIN_SESSIONS_TO_PROGRESS} needed)"
        )
    if missing_during:
        blockers.append(
            f"pain during exercise was not recorded for {len(missing_during)} "
            f"session{'s' if len(missing_during) != 1 else ''} "
            f"({', '.join(missing_during)})"
        )
    if window and overnight_known == 0:
        blockers.append(
            "no session has both a pre-session and a next-morning pain score, "
            "so settling overnight cannot be confirmed"
        )
    if window and sessions_latest_week == 0:
        blockers.append(
            f"no sessions in the latest {WEEK_DAYS} days "
            f"({latest_week_start.isoformat()} to {today.isoformat()})"
        )
    if rising:
        blockers.append(
            f"pain during exercise is rising week to week "
            f"(mean {mean_latest}/10 in the latest {WEEK_DAYS} days against "
            f"{mean_earlier}/10 in the {WEEK_DAYS} days before)"
        )

    if blockers:
        return Advice(
            decision=HOLD,
            reason=f"Hold: {_join(blockers)}.",
            patient_message=_PATIENT_HOLD,
            evidence=evidence,
        )

    highest = max(s.pain_during for s in window if s.pain_during is not None)
    trend = (
        f"mean pain during {mean_latest}/10 in the latest {WEEK_DAYS} days against "
        f"{mean_earlier}/10 the week before"
        if mean_earlier is not None
        else f"mean pain during {mean_latest}/10 in the latest {WEEK_DAYS} days, "
        "no sessions the week before to compare"
    )
    return Advice(
        decision=PROGRESS,
        reason=(
            f"Progress: {len(window)} sessions in the {WINDOW_DAYS} days to "
            f"{today.isoformat()}, highest pain during {highest}/10 (limit {pain_limit}/10), "
            f"next-morning pain never more than {OVERNIGHT_TOLERANCE} point above "
            f"pre-session ({overnight_known} checked), {trend}."
        ),
        patient_message=_PATIENT_PROGRESS,
        evidence=evidence,
    )


def _day(day: datetime.date, today: datetime.date) -> str:
    """2 Dec; 2 Dec 2025 when not this year."""
    short = f"{day.day} {day:%b}"
    return short if day.year == today.year else f"{short} {day.year}"


def _alerts_phrase(alerts: Sequence[OpenAlert], today: datetime.date) -> str:
    """'a fall alert from 2 Dec is open', '... and an instability alert from 1 Dec are open'."""
    named = []
    for alert in alerts:
        label = HOLD_RULES[alert.rule]
        article = "an" if label[0] in "aeiou" else "a"
        named.append(f"{article} {label} alert from {_day(alert.first_day, today)}")
    if len(named) == 1:
        return f"{named[0]} is open"
    return f"{', '.join(named[:-1])} and {named[-1]} are open"


def hold_for_alerts(advice: Advice, alerts: Sequence[OpenAlert], today: datetime.date) -> Advice:
    """Hold progression while a pain, instability, fall or walking alert is open.

    ``alerts`` may hold any rule; only ``HOLD_RULES`` count (oldest first in the
    reason). ``progress`` and ``hold`` become ``hold`` with the alerts as the reason;
    ``step_back`` stays, with the alerts added. The advice without the alerts is kept
    in the evidence.
    """
    holding = sorted(
        (a for a in alerts if a.rule in HOLD_RULES), key=lambda a: (a.first_day, a.rule)
    )
    if not holding:
        return advice
    phrase = _alerts_phrase(holding, today)
    evidence = {
        **advice.evidence,
        "open_alerts": [{"rule": a.rule, "first_day": a.first_day.isoformat()} for a in holding],
        "without_alerts": {"decision": advice.decision, "reason": advice.reason},
    }
    if advice.decision == STEP_BACK:
        return Advice(
            decision=STEP_BACK,
            reason=f"{advice.reason} Also, {phrase}.",
            patient_message=advice.patient_message,
            evidence=evidence,
        )
    return Advice(
        decision=HOLD,
        reason=f"Hold: {phrase}; review {'it' if len(holding) == 1 else 'them'} "
        "before the patient progresses.",
        patient_message=(
            f"Hold: {phrase}; your physiotherapist will review before you progress. Keep "
            "going at your current level for now, and contact your care team if your hip "
            "gets worse."
        ),
        evidence=evidence,
    )
