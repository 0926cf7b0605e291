"""Red-flag rules for the daily hip diary.

Pure standard-library code (and the diary's pure measure labels): no Django, no database. Each rule compares one diary day (the
entry) with the patient's own earlier days (the history) and returns a RuleHit saying which
values fired, against which baseline and threshold, or None. Missing days are gaps and an
empty field is simply not a value; nothing is ever read as zero.
"""

import datetime
import math
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, Self

# The diary's pure trends module (standard library only) names the measures.
from diaries.trends import LABELS

LIMP_ORDER = {"none": 0, "slight": 1, "marked": 2}
AID_ORDER = {"none": 0, "cane": 1, "crutches": 2, "walker": 3}
# The one ranking of alert severities, higher is worse: alerts, escalation, the open-alert
# summary and the caseload all compare severities through it.
SEVERITY_ORDER = {"moderate": 1, "high": 2, "urgent": 3}
RULES = ("pain_spike", "instability", "fall", "walking_decline", "night_pain", "new_limp")
PAIN_FIELDS = ("pain_rest", "pain_activity", "pain_night")

# Mid-sentence in a reason, so lower case: "pain at rest 9/10 is ...".
_PAIN_LABELS = {name: LABELS[name].lower() for name in PAIN_FIELDS}
_AID_LABELS = {"none": "no aid", "cane": "a cane", "crutches": "crutches", "walker": "a walker"}


@dataclass(frozen=True)
class DayRecord:
    """Hold one diary day; every field may be None (not recorded)."""

    date: datetime.date
    pain_rest: int | None = None
    pain_activity: int | None = None
    pain_night: int | None = None
    walking_distance_m: int | None = None
    limp: str | None = None  # "none" | "slight" | "marked"
    instability: bool | None = None
    fall: bool | None = None
    walking_aid: str | None = None  # "none" | "cane" | "crutches" | "walker"


@dataclass(frozen=True)
class Thresholds:
    """Hold the tunable limits of every rule; a care team can tune them per patient."""

    pain_spike_delta: int = 3
    pain_spike_min_values: int = 3
    pain_spike_absolute: int = 8
    pain_spike_absolute_when_mean_below: float = 6
    pain_spike_lookback_days: int = 7
    pain_spike_urgent_at: int = 9
    instability_lookback_days: int = 14
    walking_ratio: float = 0.5
    walking_lookback_days: int = 14
    walking_min_values: int = 5
    walking_aid_lookback_days: int = 7
    night_pain_level: int = 5
    night_pain_consecutive_days: int = 3
    night_pain_baseline_days: int = 7
    night_pain_baseline_below: float = 4
    night_pain_min_values: int = 3
    limp_lookback_days: int = 7

    def __post_init__(self) -> None:
        """Reject values of the wrong type or outside their range, naming the field."""
        for f in fields(self):
            _check_threshold(f.name, getattr(self, f.name), f.type in (float, "float"))
        for count_key, days_key in _COUNT_WITHIN_DAYS:
            # A minimum count larger than its window would silently switch the rule off.
            if getattr(self, count_key) > getattr(self, days_key):
                raise ValueError(f"Threshold {count_key!r} must not exceed {days_key!r}")

    @classmethod
    def from_overrides(cls, overrides: Mapping[str, object]) -> Self:
        """Build thresholds from the defaults and a care team's overrides."""
        known = {f.name for f in fields(cls)}
        for key in overrides:
            if key not in known:
                raise ValueError(f"Unknown threshold {key!r}")
        changes: dict[str, Any] = dict(overrides)
        return replace(cls(), **changes)


_COUNT_WITHIN_DAYS = (
    ("pain_spike_min_values", "pain_spike_lookback_days"),
    ("walking_min_values", "walking_lookback_days"),
    ("night_pain_min_values", "night_pain_baseline_days"),
)


def _limits(key: str) -> tuple[float, float]:
    if key.endswith(("_days", "_min_values")):
        return 1, 365
    if key == "walking_ratio":
        # Below 1 % the distance part could never fire in practice.
        return 0.01, 1
    if key == "pain_spike_delta":
        # A zero delta would flag every unchanged day.
        return 1, 10
    return 0, 10  # Every other threshold is a level on the 0-10 pain scale.


def _check_threshold(key: str, value: object, is_float: bool) -> None:
    # bool is an int subclass, but True as a day count is always a mistake.
    allowed = (int, float) if is_float else (int,)
    if isinstance(value, bool) or not isinstance(value, allowed):
        kind = "a number" if is_float else "a whole number"
        raise ValueError(f"Threshold {key!r} must be {kind}, got {value!r}")
    low, high = _limits(key)
    # NaN and infinities fail the range check too; huge ints never reach a float conversion.
    if not low <= value <= high:
        raise ValueError(f"Threshold {key!r} must be between {low} and {high}, got {value!r}")


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class RuleHit:
    """Say which rule fired, how serious it is, why, and on what evidence."""

    rule: str  # one of RULES
    severity: str  # "urgent" | "high" | "moderate"
    reason: str  # one plain sentence for the physiotherapist, with the values
    evidence: dict[str, object]  # JSON-serialisable; dates as ISO strings


Rule = Callable[[DayRecord, Iterable[DayRecord], Thresholds], RuleHit | None]


def _back(day: datetime.date, days: int) -> datetime.date:
    try:
        return day - datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.min


def _prior(
    history: Iterable[DayRecord], day: datetime.date, nearest: int, farthest: int
) -> list[DayRecord]:
    # Day offsets rather than shifted dates, so entries near date.min cannot overflow.
    return [r for r in history if nearest <= (day - r.date).days <= farthest]


def _values(records: Iterable[DayRecord], name: str) -> list[Any]:
    return [v for r in records if (v := getattr(r, name)) is not None]


def _window(day: datetime.date, nearest: int, farthest: int) -> dict[str, object]:
    return {"from": _back(day, farthest).isoformat(), "to": _back(day, nearest).isoformat()}


def _settings(t: Thresholds, prefix: str) -> dict[str, object]:
    return {k.removeprefix(prefix): v for k, v in asdict(t).items() if k.startswith(prefix)}


def _round1(x: float) -> float:
    # Half up, as people round; round() would show a mean of 3.25 as 3.2.
    return math.floor(x * 10 + 0.5) / 10


def _metres(x: float) -> str:
    return f"{int(x):,} m" if float(x).is_integer() else f"{x:,.1f} m"


def _earlier(count: int, noun: str) -> str:
    if count == 0:
        return f"no earlier {noun}s"
    return f"only {count} earlier {noun}{'' if count == 1 else 's'}"


def _hit(
    rule: str, severity: str, clauses: list[str], evidence: dict[str, object], limits: object
) -> RuleHit:
    reason = "; ".join(clauses)
    evidence["thresholds"] = limits
    return RuleHit(rule, severity, f"{reason[0].upper()}{reason[1:]}.", evidence)


def severity_rank(severity: str | None) -> int:
    """Return how serious a severity is (higher is worse); 0 for none or an unknown one."""
    return SEVERITY_ORDER.get(severity or "", 0)


def history_days_needed(t: Thresholds = DEFAULT_THRESHOLDS) -> int:
    """Return how many calendar days before the entry's date the rules look at."""
    return max(
        t.pain_spike_lookback_days,
        t.instability_lookback_days,
        t.walking_lookback_days,
        t.walking_aid_lookback_days,
        t.night_pain_consecutive_days - 1 + t.night_pain_baseline_days,
        t.limp_lookback_days,
    )


def pain_spike(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag pain well above its own recent mean, or severe pain on a low or thin baseline."""
    days = t.pain_spike_lookback_days
    window = _prior(history, entry.date, 1, days)
    scores: list[dict[str, object]] = []
    clauses: list[str] = []
    severity = "high"
    for name in PAIN_FIELDS:
        score = getattr(entry, name)
        if score is None:
            continue
        values = _values(window, name)
        count, total = len(values), sum(values)
        enough = count >= t.pain_spike_min_values
        # Whole-number arithmetic, so a score exactly `delta` above the mean always fires.
        above = enough and (score - t.pain_spike_delta) * count >= total
        low_baseline = not enough or total < t.pain_spike_absolute_when_mean_below * count
        if not (above or (score >= t.pain_spike_absolute and low_baseline)):
            continue
        mean = _round1(total / count) if count else None
        said = f"{_PAIN_LABELS[name]} {score}/10 is"
        if above and mean is not None:
            gap = _round1(score - mean)
            clauses.append(f"{said} {gap:.1f} points above the {days}-day mean of {mean:.1f}")
        elif enough and mean is not None:
            clauses.append(f"{said} severe against a {days}-day mean of {mean:.1f}")
        else:
            clauses.append(
                f"{said} severe, with {_earlier(count, 'score')} in the last {days} days"
            )
        if score >= t.pain_spike_urgent_at:
            severity = "urgent"
        trigger = "above_mean" if above else "severe"
        scores.append(
            {"field": name, "value": score, "mean": mean, "count": count, "trigger": trigger}
        )
    if not scores:
        return None
    evidence: dict[str, object] = {"scores": scores, "window": _window(entry.date, 1, days)}
    return _hit("pain_spike", severity, clauses, evidence, _settings(t, "pain_spike_"))


def instability(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag the hip giving way when it had not done so in the recent past."""
    if entry.instability is not True:
        return None
    days = t.instability_lookback_days
    window = _prior(history, entry.date, 1, days)
    if any(r.instability is True for r in window):
        return None
    day = entry.date.isoformat()
    clause = f"the hip gave way on {day}, with no instability reported in the last {days} days"
    recorded = len(_values(window, "instability"))
    evidence = {"date": day, "window": _window(entry.date, 1, days), "days_recorded": recorded}
    return _hit("instability", "high", [clause], evidence, _settings(t, "instability_"))


def fall(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag every reported fall."""
    if entry.fall is not True:
        return None
    day = entry.date.isoformat()
    return _hit("fall", "urgent", [f"a fall was reported on {day}"], {"date": day}, {})


def walking_decline(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag walking distance collapsing against its median, or a stronger walking aid."""
    records = tuple(history)
    parts: dict[str, object] = {}
    clauses: list[str] = []
    distance = entry.walking_distance_m
    days = t.walking_lookback_days
    values = _values(_prior(records, entry.date, 1, days), "walking_distance_m")
    if distance is not None and len(values) >= t.walking_min_values:
        median = statistics.median(values)
        if distance < t.walking_ratio * median:
            share = "half" if t.walking_ratio == 0.5 else f"{t.walking_ratio:.0%} of"
            clauses.append(
                f"walking distance {_metres(distance)} is below {share} the {days}-day median "
                f"of {_metres(_round1(median))}"
            )
            parts["distance"] = {
                "value": distance,
                "median": _round1(median),
                "count": len(values),
                "limit": _round1(t.walking_ratio * median),
                "window": _window(entry.date, 1, days),
            }
    aid = entry.walking_aid if entry.walking_aid in AID_ORDER else None
    aid_days = t.walking_aid_lookback_days
    window = _prior(records, entry.date, 1, aid_days)
    earlier = [a for a in _values(window, "walking_aid") if a in AID_ORDER]
    strongest = max(earlier, key=AID_ORDER.__getitem__, default=None)
    if aid is not None and strongest is not None and AID_ORDER[aid] > AID_ORDER[strongest]:
        before = "no aid" if strongest == "none" else f"at most {_AID_LABELS[strongest]}"
        clauses.append(
            f"the walking aid today is {_AID_LABELS[aid]}, up from {before} in the last "
            f"{aid_days} days"
        )
        parts["walking_aid"] = {
            "value": aid,
            "strongest_previous": strongest,
            "count": len(earlier),
            "window": _window(entry.date, 1, aid_days),
        }
    if not clauses:
        return None
    return _hit("walking_decline", "high", clauses, parts, _settings(t, "walking_"))


def night_pain(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag night pain that has newly persisted for several nights in a row."""
    level, run = t.night_pain_level, t.night_pain_consecutive_days
    if entry.pain_night is None or entry.pain_night < level:
        return None
    records = tuple(history)
    nights = [(entry.date, entry.pain_night)]
    for back in range(1, run):
        worst = max(_values(_prior(records, entry.date, back, back), "pain_night"), default=None)
        # A missing night breaks the run: a gap is not evidence of pain.
        if worst is None or worst < level:
            return None
        nights.append((_back(entry.date, back), worst))
    nights.reverse()
    farthest = run - 1 + t.night_pain_baseline_days
    baseline = _values(_prior(records, entry.date, run, farthest), "pain_night")
    count, total = len(baseline), sum(baseline)
    enough = count >= t.night_pain_min_values
    if enough and total >= t.night_pain_baseline_below * count:
        return None
    mean = _round1(total / count) if count else None
    before = f"the {t.night_pain_baseline_days} days before"
    if enough and mean is not None:
        against = f"against a mean of {mean:.1f} in {before}"
    else:
        against = f"with {_earlier(count, 'night pain score')} in {before}"
    scores = ", ".join(str(value) for _, value in nights)
    nights_in_a_row = f"{run} nights in a row" if run > 1 else "1 night"
    clause = f"night pain has been at least {level}/10 for {nights_in_a_row} ({scores}), {against}"
    evidence: dict[str, object] = {
        "nights": [{"date": day.isoformat(), "pain_night": value} for day, value in nights],
        "baseline": {"mean": mean, "count": count, "window": _window(entry.date, run, farthest)},
    }
    return _hit("night_pain", "moderate", [clause], evidence, _settings(t, "night_pain_"))


def new_limp(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag a limp worse than any in the recent past, or a marked limp out of nowhere."""
    limp, days = entry.limp, t.limp_lookback_days
    if limp is None or limp not in LIMP_ORDER:
        return None
    earlier = [x for x in _values(_prior(history, entry.date, 1, days), "limp") if x in LIMP_ORDER]
    worst = max(earlier, key=LIMP_ORDER.__getitem__, default=None)
    if worst is not None:
        if LIMP_ORDER[limp] <= LIMP_ORDER[worst]:
            return None
        clause = f"limp today is {limp}, worse than the worst in the last {days} days ({worst})"
    elif LIMP_ORDER[limp] < max(LIMP_ORDER.values()):
        # Without a recent baseline only the worst limp is clearly new.
        return None
    else:
        clause = f"limp today is {limp}, and no limp was recorded in the last {days} days"
    window = _window(entry.date, 1, days)
    evidence = {"value": limp, "worst_previous": worst, "count": len(earlier), "window": window}
    return _hit("new_limp", "moderate", [clause], evidence, _settings(t, "limp_"))


_CHECKS: tuple[Rule, ...] = (pain_spike, instability, fall, walking_decline, night_pain, new_limp)


def evaluate(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> list[RuleHit]:
    """Run every rule on the entry and return the hits in RULES order."""
    # Read the history once, so a generator works and each rule sees only earlier days.
    earlier = tuple(r for r in history if r.date < entry.date)
    hits = (check(entry, earlier, t) for check in _CHECKS)
    return [hit for hit in hits if hit is not None]
