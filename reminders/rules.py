"""Red-flag rules for the daily hip diary.

Pure standard-library code (and the diary's pure measure labels): no Django, no database. Each rule compares one diary day (the
entry) with the patient's own earlier days (the history) and returns a RuleHit saying which
values fired, against which baseline and threshold, or None. Missing days are gaps and an
empty field is simply not a value; nothing is ever read as zero.
"""

import datetime
import fractions
import math
import statistics
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Self

# The diary's pure trends module (standard library only) names the measures.
from diaries.trends import LABELS

LIMP_ORDER = {"none": 0, "slight": 1, "marked": 2}
AID_ORDER = {"none": 0, "cane": 1, "crutches": 2, "walker": 3}
# The one ranking of alert severities, higher is worse: alerts, escalation, the open-alert
# summary and the caseload all compare severities through it.
SEVERITY_ORDER = {"moderate": 1, "high": 2, "urgent": 3}
RULES = (
    "pain_spike",
    "instability",
    "fall",
    "walking_decline",
    "night_pain",
    "new_limp",
    "gradual_decline",
    "low_mood",
)
PAIN_FIELDS = ("pain_rest", "pain_activity", "pain_night")

# Mid-sentence in a reason, so lower case: "pain at rest 9/10 is ...".
_PAIN_LABELS = {name: LABELS[name].lower() for name in PAIN_FIELDS}
_WALKING = "walking_distance_m"
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
    mood: int | None = None  # low mood or stress, 0-10, higher is worse
    fall_injured: bool | None = None
    fall_hit_head: bool | None = None
    fall_can_bear_weight: bool | None = None


@dataclass(frozen=True)
class Thresholds:
    """Hold the tunable limits of every rule; a care team can tune them per patient."""

    pain_spike_delta: int = 3
    pain_spike_min_values: int = 3
    pain_spike_rise_min_score: int = 5
    pain_spike_absolute: int = 8
    pain_spike_absolute_when_mean_below: float = 6
    pain_spike_lookback_days: int = 7
    pain_spike_urgent_at: int = 9
    instability_lookback_days: int = 14
    walking_ratio: float = 0.5
    walking_lookback_days: int = 14
    walking_min_values: int = 3
    walking_aid_lookback_days: int = 7
    night_pain_level: int = 5
    night_pain_nights: int = 3
    night_pain_window_nights: int = 4
    night_pain_baseline_days: int = 7
    night_pain_baseline_below: float = 4
    night_pain_baseline_rise: float = 2
    night_pain_min_values: int = 3
    limp_lookback_days: int = 7
    gradual_recent_days: int = 7
    gradual_recent_min_values: int = 4
    gradual_earlier_days: int = 21
    gradual_earlier_min_values: int = 7
    gradual_pain_rise: float = 2
    gradual_walking_ratio: float = 0.7
    low_mood_level: float = 7
    low_mood_days: int = 7
    low_mood_min_values: int = 4

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
    ("night_pain_nights", "night_pain_window_nights"),
    ("gradual_recent_min_values", "gradual_recent_days"),
    ("gradual_earlier_min_values", "gradual_earlier_days"),
    ("low_mood_min_values", "low_mood_days"),
)


def _limits(key: str) -> tuple[float, float]:
    if key.endswith(("_days", "_min_values", "_nights")):
        return 1, 365
    if key in ("walking_ratio", "gradual_walking_ratio"):
        # Below 1 % the distance part could never fire in practice.
        return 0.01, 1
    if key == "pain_spike_delta":
        # A zero delta would flag every unchanged day.
        return 1, 10
    if key == "gradual_pain_rise":
        # A zero rise would flag every unchanged month.
        return 0.5, 10
    return 0, 10  # Every other threshold is a level or a rise on the 0-10 scale.


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
    # The entry's own values of the measures the rule reads (filled by ``evaluate``).
    values: dict[str, object] = field(default_factory=dict)


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
        t.night_pain_window_nights - 1 + t.night_pain_baseline_days,
        t.limp_lookback_days,
        t.gradual_recent_days + t.gradual_earlier_days - 1,
        2 * t.low_mood_days - 1,
    )


def pain_spike(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag severe pain, pain well above its own recent mean, or high pain on a low baseline.

    A score at the urgent level fires whatever the history (urgent). A rise of at least
    ``delta`` over the mean of enough earlier values fires when the score is also at least
    ``rise_min_score`` (high). A severe score on a thin or low baseline fires (high).
    """
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
        above = (
            enough
            and (score - t.pain_spike_delta) * count >= total
            and score >= t.pain_spike_rise_min_score
        )
        low_baseline = not enough or total < t.pain_spike_absolute_when_mean_below * count
        urgent = score >= t.pain_spike_urgent_at
        if not (urgent or above or (score >= t.pain_spike_absolute and low_baseline)):
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
        if urgent:
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
    """Flag every day the hip gives way, naming earlier episodes of the recent past."""
    if entry.instability is not True:
        return None
    days = t.instability_lookback_days
    window = _prior(history, entry.date, 1, days)
    earlier = sorted(r.date.isoformat() for r in window if r.instability is True)
    day = entry.date.isoformat()
    if earlier:
        times = "once" if len(earlier) == 1 else f"{len(earlier)} times"
        clause = (
            f"the hip gave way on {day}, and {times} before in the last {days} days "
            f"(latest {earlier[-1]})"
        )
    else:
        clause = f"the hip gave way on {day}, with no instability reported in the last {days} days"
    recorded = len(_values(window, "instability"))
    evidence = {
        "date": day,
        "window": _window(entry.date, 1, days),
        "days_recorded": recorded,
        "earlier_episodes": earlier,
    }
    return _hit("instability", "high", [clause], evidence, _settings(t, "instability_"))


def fall(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag every reported fall, with the follow-up answers that call for care now."""
    if entry.fall is not True:
        return None
    day = entry.date.isoformat()
    clauses = [f"a fall was reported on {day}"]
    if entry.fall_hit_head is True:
        clauses.append("the patient hit their head")
    if entry.fall_can_bear_weight is False:
        clauses.append("the patient cannot bear weight on the leg")
    if entry.fall_injured is True:
        clauses.append("the patient was hurt in the fall")
    evidence: dict[str, object] = {"date": day}
    answers = {
        "injured": entry.fall_injured,
        "hit_head": entry.fall_hit_head,
        "can_bear_weight": entry.fall_can_bear_weight,
    }
    if any(value is not None for value in answers.values()):
        evidence["follow_up"] = answers
    return _hit("fall", "urgent", clauses, evidence, {})


def walking_decline(
    entry: DayRecord,
    history: Iterable[DayRecord],
    t: Thresholds = DEFAULT_THRESHOLDS,
    profile_aid: str | None = None,
) -> RuleHit | None:
    """Flag walking distance collapsing against its median, or a stronger walking aid.

    The aid is compared with the strongest one of the recent diary days; when they record
    none, with ``profile_aid``, the aid on the patient's profile (recorded at enrolment).
    """
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
    source = "diary"
    if strongest is None and profile_aid in AID_ORDER:
        strongest, source = profile_aid, "profile"
    if aid is not None and strongest is not None and AID_ORDER[aid] > AID_ORDER[strongest]:
        if source == "profile":
            before = f"{_AID_LABELS[strongest]} on the profile, with none recorded"
        else:
            before = "no aid" if strongest == "none" else f"at most {_AID_LABELS[strongest]}"
        clauses.append(
            f"the walking aid today is {_AID_LABELS[aid]}, up from {before} in the last "
            f"{aid_days} days"
        )
        parts["walking_aid"] = {
            "value": aid,
            "strongest_previous": strongest,
            "source": source,
            "count": len(earlier),
            "window": _window(entry.date, 1, aid_days),
        }
    if not clauses:
        return None
    return _hit("walking_decline", "high", clauses, parts, _settings(t, "walking_"))


def night_pain(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag night pain on most of the last few nights, tonight one of them.

    At least ``nights`` of the last ``window_nights`` nights (tonight included) must be at
    ``level`` or more; an unlogged night counts neither way, a logged lower one against.
    The nights are new when the mean of the ``baseline_days`` before the window is below
    ``baseline_below`` (or has too few values), or each qualifying night is at least
    ``baseline_rise`` above that mean.
    """
    level, needed, span = t.night_pain_level, t.night_pain_nights, t.night_pain_window_nights
    if entry.pain_night is None or entry.pain_night < level:
        return None
    records = tuple(history)
    logged = [(entry.date, entry.pain_night)]
    for back in range(1, span):
        worst = max(_values(_prior(records, entry.date, back, back), "pain_night"), default=None)
        if worst is not None:
            logged.append((_back(entry.date, back), worst))
    logged.reverse()
    qualifying = [(day, value) for day, value in logged if value >= level]
    if len(qualifying) < needed:
        return None
    farthest = span - 1 + t.night_pain_baseline_days
    baseline = _values(_prior(records, entry.date, span, farthest), "pain_night")
    count, total = len(baseline), sum(baseline)
    enough = count >= t.night_pain_min_values
    low = not enough or total < t.night_pain_baseline_below * count
    rise = t.night_pain_baseline_rise
    # Each qualifying night at least `rise` above the mean: night * count >= total + rise * count.
    risen = enough and all(value * count >= total + _exact(rise) * count for _, value in qualifying)
    if not (low or risen):
        return None
    mean = _round1(total / count) if count else None
    before = f"the {t.night_pain_baseline_days} days before"
    if enough and mean is not None:
        against = f"against a mean of {mean:.1f} in {before}"
        if not low:
            against += f", each night at least {_number(rise)} points above it"
    else:
        against = f"with {_earlier(count, 'night pain score')} in {before}"
    scores = ", ".join(str(value) for _, value in qualifying)
    of_nights = f"{len(qualifying)} of the last {span} nights" if span > 1 else "tonight"
    clause = f"night pain has been at least {level}/10 on {of_nights} ({scores}), {against}"
    evidence: dict[str, object] = {
        "nights": [
            {"date": day.isoformat(), "pain_night": value, "qualifies": value >= level}
            for day, value in logged
        ],
        "window": _window(entry.date, 0, span - 1),
        "baseline": {"mean": mean, "count": count, "window": _window(entry.date, span, farthest)},
    }
    return _hit("night_pain", "moderate", [clause], evidence, _settings(t, "night_pain_"))


def _exact(x: float) -> fractions.Fraction:
    # A tuned 0.7 is the decimal 0.7, not the float just below it, so a limit is met exactly.
    return fractions.Fraction(x).limit_denominator(10**6)


def _number(x: float) -> str:
    return f"{int(x)}" if float(x).is_integer() else f"{x:.1f}"


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


def gradual_decline(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag worsening that creeps in below every daily threshold.

    Compares the mean of the last ``recent_days`` (the entry's day included) with the mean
    of the ``earlier_days`` before them: a pain score at least ``pain_rise`` points higher,
    or walking distance at most ``walking_ratio`` of the earlier mean.
    """
    near, far = t.gradual_recent_days, t.gradual_recent_days + t.gradual_earlier_days - 1
    records = (*(r for r in history if r.date < entry.date), entry)
    recent = _prior(records, entry.date, 0, near - 1)
    earlier = _prior(records, entry.date, near, far)
    found: list[dict[str, object]] = []
    clauses: list[str] = []
    recent_words = f"the last {near} days"
    earlier_words = f"the {t.gradual_earlier_days} days before"
    for name in (*PAIN_FIELDS, _WALKING):
        now, then = _values(recent, name), _values(earlier, name)
        n, m = len(now), len(then)
        if n < t.gradual_recent_min_values or m < t.gradual_earlier_min_values:
            continue
        now_total, then_total = sum(now), sum(then)
        # Cross-multiplied, so a mean exactly at the limit fires.
        if name == _WALKING:
            fires = now_total * m <= _exact(t.gradual_walking_ratio) * then_total * n
        else:
            fires = now_total * m - then_total * n >= _exact(t.gradual_pain_rise) * n * m
        if not fires:
            continue
        now_mean, then_mean = _round1(now_total / n), _round1(then_total / m)
        if name == _WALKING:
            share = f"{now_total * m / (then_total * n):.0%}" if then_total else "0%"
            clauses.append(
                f"walking distance averaged {_metres(now_mean)} over {recent_words}, {share} "
                f"of the mean of {_metres(then_mean)} in {earlier_words}"
            )
        else:
            gap = _round1(now_total / n - then_total / m)
            clauses.append(
                f"{_PAIN_LABELS[name]} averaged {now_mean:.1f}/10 over {recent_words}, "
                f"{gap:.1f} points above the mean of {then_mean:.1f} in {earlier_words}"
            )
        found.append(
            {
                "field": name,
                "recent_mean": now_mean,
                "recent_count": n,
                "earlier_mean": then_mean,
                "earlier_count": m,
            }
        )
    if not found:
        return None
    evidence: dict[str, object] = {
        "measures": found,
        "recent_window": _window(entry.date, 0, near - 1),
        "earlier_window": _window(entry.date, near, far),
    }
    return _hit("gradual_decline", "moderate", clauses, evidence, _settings(t, "gradual_"))


def _low_mood_mean(records: Iterable[DayRecord], t: Thresholds) -> tuple[float | None, int, bool]:
    values = _values(records, "mood")
    count, total = len(values), sum(values)
    met = count >= t.low_mood_min_values and total >= _exact(t.low_mood_level) * count
    return (_round1(total / count) if count else None), count, met


def low_mood(
    entry: DayRecord, history: Iterable[DayRecord], t: Thresholds = DEFAULT_THRESHOLDS
) -> RuleHit | None:
    """Flag a week of low mood or stress that the week before did not have.

    Fires when the mean ``mood`` of the last ``low_mood_days`` (the entry's day included,
    at least ``min_values`` scores) is at least ``level``, and the same test on the
    ``low_mood_days`` before them fails.
    """
    days = t.low_mood_days
    records = (*(r for r in history if r.date < entry.date), entry)
    mean, count, met = _low_mood_mean(_prior(records, entry.date, 0, days - 1), t)
    if not met or mean is None:
        return None
    before_mean, before_count, before_met = _low_mood_mean(
        _prior(records, entry.date, days, 2 * days - 1), t
    )
    if before_met:
        return None
    label = LABELS["mood"].lower()
    clause = (
        f"{label} averaged {mean:.1f}/10 over the last {days} days ({count} scores), "
        f"at or above {_number(t.low_mood_level)}"
    )
    if before_mean is not None:
        clause += f", up from {before_mean:.1f} in the {days} days before"
    evidence: dict[str, object] = {
        "recent": {"mean": mean, "count": count, "window": _window(entry.date, 0, days - 1)},
        "before": {
            "mean": before_mean,
            "count": before_count,
            "window": _window(entry.date, days, 2 * days - 1),
        },
    }
    return _hit("low_mood", "moderate", [clause], evidence, _settings(t, "low_mood_"))


# The diary measures each rule reads: the values an alert's evidence keeps for each day.
RULE_FIELDS: dict[str, tuple[str, ...]] = {
    "pain_spike": PAIN_FIELDS,
    "instability": ("instability",),
    "fall": ("fall", "fall_injured", "fall_hit_head", "fall_can_bear_weight"),
    "walking_decline": (_WALKING, "walking_aid"),
    "night_pain": ("pain_night",),
    "new_limp": ("limp",),
    "gradual_decline": (*PAIN_FIELDS, _WALKING),
    "low_mood": ("mood",),
}


def day_values(rule: str, entry: DayRecord) -> dict[str, object]:
    """Return the entry's recorded values of the measures a rule reads."""
    names = RULE_FIELDS.get(rule, ())
    return {name: value for name in names if (value := getattr(entry, name)) is not None}


_CHECKS: tuple[Rule, ...] = (
    pain_spike,
    instability,
    fall,
    walking_decline,
    night_pain,
    new_limp,
    gradual_decline,
    low_mood,
)


def evaluate(
    entry: DayRecord,
    history: Iterable[DayRecord],
    t: Thresholds = DEFAULT_THRESHOLDS,
    profile_aid: str | None = None,
) -> list[RuleHit]:
    """Run every rule on the entry and return the hits in RULES order.

    ``profile_aid`` is the walking aid on the patient's profile, the baseline of the
    walking-aid check when the recent diary days record none.
    """
    # Read the history once, so a generator works and each rule sees only earlier days.
    earlier = tuple(r for r in history if r.date < entry.date)
    hits = (
        walking_decline(entry, earlier, t, profile_aid)
        if check is walking_decline
        else check(entry, earlier, t)
        for check in _CHECKS
    )
    return [replace(hit, values=day_values(hit.rule, entry)) for hit in hits if hit is not None]
