"""Red-flag alerts: evaluate a diary day, open or extend alerts, escalate, acknowledge."""

from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.queue import enqueue_on_commit
from diaries.selectors import diary_dates, diary_entry_list
from patients.models import Patient, User
from patients.selectors import care_team_contact
from reminders import guidance, rules
from reminders.deliveries import (
    deliveries_for_alert,
    escalation_deliveries,
    escalation_step,
    guidance_deliveries,
)
from reminders.dispatch import held_release_on_commit
from reminders.models import (
    PER_DAY_RULES,
    Alert,
    AlertEvaluation,
    AlertStatus,
    AlertTrigger,
    EscalationLevel,
    PatientRuleSettings,
    Severity,
)

logger = logging.getLogger("hipwell.alerts")


def alert_evaluation_request(*, patient_id: int, date: datetime.date) -> list[AlertEvaluation]:
    """Record, in the caller's transaction, that a diary day must be evaluated.

    A day written late (offline sync, backfill) or deleted also changes the
    history of the days after it, so every later entry whose rule windows reach
    back to this day is evaluated again; triggers are unique per day and rule, so
    re-evaluating never duplicates an alert.
    """
    from reminders.tasks import evaluate_diary_days

    reach = datetime.timedelta(days=rules.history_days_needed(thresholds_for(patient_id)))
    later = diary_dates(
        patient_id=patient_id, start=date + datetime.timedelta(days=1), end=date + reach
    )
    days = [date, *later]
    evaluations = AlertEvaluation.objects.bulk_create(
        AlertEvaluation(patient_id=patient_id, date=day) for day in days
    )
    # One message for the whole write: a burst of syncs must not flood the queue.
    enqueue_on_commit(evaluate_diary_days, [evaluation.pk for evaluation in evaluations])
    return evaluations


class _DiaryDay(Protocol):
    """The fields of a diary entry the rules read (rows of ``diary_entry_list``)."""

    @property
    def date(self) -> datetime.date: ...
    @property
    def pain_rest(self) -> int | None: ...
    @property
    def pain_activity(self) -> int | None: ...
    @property
    def pain_night(self) -> int | None: ...
    @property
    def walking_distance_m(self) -> int | None: ...
    @property
    def limp(self) -> str | None: ...
    @property
    def instability(self) -> bool: ...
    @property
    def fall(self) -> bool: ...
    @property
    def walking_aid(self) -> str | None: ...
    @property
    def mood(self) -> int | None: ...
    @property
    def fall_injured(self) -> bool | None: ...
    @property
    def fall_hit_head(self) -> bool | None: ...
    @property
    def fall_can_bear_weight(self) -> bool | None: ...


def _record(entry: _DiaryDay) -> rules.DayRecord:
    return rules.DayRecord(
        date=entry.date,
        pain_rest=entry.pain_rest,
        pain_activity=entry.pain_activity,
        pain_night=entry.pain_night,
        walking_distance_m=entry.walking_distance_m,
        limp=entry.limp,
        instability=entry.instability,
        fall=entry.fall,
        walking_aid=entry.walking_aid,
        mood=entry.mood,
        fall_injured=entry.fall_injured,
        fall_hit_head=entry.fall_hit_head,
        fall_can_bear_weight=entry.fall_can_bear_weight,
    )


def thresholds_for(patient_id: int) -> rules.Thresholds:
    """Return the patient's thresholds: the defaults with the care team's overrides."""
    row = PatientRuleSettings.objects.filter(patient_id=patient_id).first()
    if row is None or not row.overrides:
        return rules.DEFAULT_THRESHOLDS
    try:
        return rules.Thresholds.from_overrides(row.overrides)
    except ValueError:
        # Overrides are validated on save; a bad row must never silence the rules.
        logger.exception("invalid rule overrides for patient %s; using defaults", patient_id)
        return rules.DEFAULT_THRESHOLDS


def hits_for_day(patient_id: int, date: datetime.date) -> list[rules.RuleHit]:
    """Run the red-flag rules on a patient's diary day against its history (three queries)."""
    t = thresholds_for(patient_id)
    start = date - datetime.timedelta(days=rules.history_days_needed(t))
    entries = list(diary_entry_list(patient_id=patient_id, start=start, end=date))
    today = [e for e in entries if e.date == date]
    if not today:
        return []
    history = [_record(e) for e in entries if e.date < date]
    # The walking aid recorded at enrolment: the baseline of a first aid in the diary.
    profile_aid = Patient.objects.filter(pk=patient_id).values_list("walking_aid", flat=True)
    return rules.evaluate(_record(today[0]), history, t, profile_aid=profile_aid.first())


def guidance_for_day(patient_id: int, date: datetime.date) -> list[guidance.Guidance]:
    """Return what the patient is told about a saved diary day, most severe first.

    The same pure rules as the evaluation, on the stored day and its history (three
    queries), and the care team's contact details (one more) only when a rule trips.
    """
    hits = hits_for_day(patient_id, date)
    if not hits:
        return []
    return guidance.guidance_list(hits, care_team_contact(patient_id=patient_id))


def alert_evaluation_process(evaluation_id: int) -> list[Alert]:
    """Evaluate one owed diary day; running it twice changes nothing.

    One transaction: the alerts it opens or extends and the one message the patient
    (and the caregivers they chose) get about them commit together, so a retry after
    a failure starts from nothing and a finished evaluation is never run again.
    """
    evaluation = AlertEvaluation.objects.filter(pk=evaluation_id).first()
    if evaluation is None or evaluation.processed_at is not None:
        return []
    AlertEvaluation.objects.filter(pk=evaluation_id).update(attempts=F("attempts") + 1)
    patient_id, date = evaluation.patient_id, evaluation.date
    try:
        with transaction.atomic():
            hits = hits_for_day(patient_id, date)
            applied = [(hit, *_apply_hit(patient_id, date, hit)) for hit in hits]
            _advise(patient_id, date, [(hit, alert) for hit, alert, advise in applied if advise])
    except Exception as exc:
        AlertEvaluation.objects.filter(pk=evaluation_id).update(last_error=repr(exc)[:2000])
        raise
    AlertEvaluation.objects.filter(pk=evaluation_id).update(processed_at=timezone.now())
    return [alert for _, alert, _ in applied if alert is not None]


def _advise(
    patient_id: int, date: datetime.date, advised: list[tuple[rules.RuleHit, Alert | None]]
) -> None:
    """Owe one message for every alert this day opened or advised again, most severe first."""
    alerts = [alert for _, alert in advised if alert is not None]
    if not alerts:
        return
    items = guidance.guidance_list(
        [hit for hit, _ in advised], care_team_contact(patient_id=patient_id)
    )
    worst = max(alerts, key=lambda a: (rules.severity_rank(a.severity), -a.pk))
    key = f"guidance:{date.isoformat()}:" + ".".join(
        str(a.pk) for a in sorted(alerts, key=lambda a: a.pk)
    )
    guidance_deliveries(patient=worst.patient, items=items, key=key, alert=worst)


def _evidence_day(date: datetime.date, hit: rules.RuleHit) -> dict[str, Any]:
    """Return one day of an alert's evidence: the day's values, severity and reason."""
    return {
        "date": date.isoformat(),
        "severity": hit.severity,
        "reason": hit.reason,
        "values": hit.values,
    }


@transaction.atomic
def _apply_hit(
    patient_id: int, date: datetime.date, hit: rules.RuleHit
) -> tuple[Alert | None, bool]:
    """Open an alert for a hit, or add it to the open one; notify when it is new or worse.

    Return the alert touched, if any, and whether the patient is owed the advice for
    it (a new alert, or a new episode of a re-advised rule); ``_advise`` sends that.
    """
    existing = (
        AlertTrigger.objects.select_related("alert")
        .filter(patient_id=patient_id, rule=hit.rule, diary_date=date)
        .first()
    )
    if existing is not None and not _is_worse(hit.severity, existing.severity):
        return None, False  # an edited day fires again, no worse than before: nothing new
    if existing is not None and existing.alert.status == AlertStatus.OPEN:
        alert = existing.alert
        if _is_worse(hit.severity, alert.severity):
            _raise_severity(alert, hit, date)
        _update_trigger(existing, alert, hit)
        return alert, False
    # No trigger for this day yet, or the day got worse after its alert was closed:
    # either way it belongs to the rule's open alert (a fall: that day's), or to a new one.
    scope = _scope(hit.rule, date)
    open_alert = (
        Alert.objects.select_for_update()
        .filter(patient_id=patient_id, status=AlertStatus.OPEN, **scope)
        .first()
    )
    opened = _open_alert(patient_id, date, hit) if open_alert is None else None
    if opened is not None:
        alert, event, advise = opened, "opened", True
    else:
        if open_alert is None:
            # Another worker opened this rule's alert after our read; extend theirs, so
            # this day's evidence and a higher severity are not lost.
            open_alert = _open_alert_for_update(patient_id, scope)
        alert, event = open_alert, _extend_alert(open_alert, date, hit)
        # A new episode while the alert is open: the patient needs the advice again
        # now; the care team hears again only if the severity rose (``event``).
        advise = existing is None and hit.rule in RE_ADVISED_RULES
    if existing is not None:
        _update_trigger(existing, alert, hit)
    else:
        # A concurrent evaluation of the same day may get here first: its unique
        # trigger makes this insert fail, which undoes this evaluation whole; the
        # evaluation stays owed and its retry finds the trigger.
        AlertTrigger.objects.create(
            alert=alert, patient_id=patient_id, rule=hit.rule, diary_date=date,
            severity=hit.severity, reason=hit.reason, evidence=hit.evidence,
        )  # fmt: skip
    if event:
        deliveries_for_alert(alert, event=event)
    return alert, advise


# Rules whose new episodes, while their alert is open, advise the patient again.
RE_ADVISED_RULES = frozenset({"instability"})


def _scope(rule: str, date: datetime.date) -> dict[str, Any]:
    """Return the filter of the one open alert a hit of this rule on this day belongs to."""
    if rule in PER_DAY_RULES:
        return {"rule": rule, "diary_date": date}
    return {"rule": rule}


def _open_alert_for_update(patient_id: int, scope: dict[str, Any]) -> Alert:
    alert = (
        Alert.objects.select_for_update()
        .filter(patient_id=patient_id, status=AlertStatus.OPEN, **scope)
        .first()
    )
    if alert is None:
        # Opened and closed again in between: leave the evaluation owed for the next scan.
        raise RuntimeError(f"open {scope['rule']} alert for patient {patient_id} vanished; retry")
    return alert


def _recurrence(patient_id: int, date: datetime.date, hit: rules.RuleHit) -> Alert | None:
    """Return the closed alert of the same rule a new one recurs after, if recent enough."""
    if hit.rule != "instability":
        return None
    days = thresholds_for(patient_id).instability_lookback_days
    return (
        Alert.objects.filter(
            patient_id=patient_id,
            rule=hit.rule,
            status__in=[AlertStatus.ACKNOWLEDGED, AlertStatus.RESOLVED],
            last_day__gte=date - datetime.timedelta(days=days),
            first_day__lte=date,
        )
        .order_by("-last_day", "-id")
        .first()
    )


def _update_trigger(trigger: AlertTrigger, alert: Alert, hit: rules.RuleHit) -> None:
    trigger.alert = alert
    trigger.severity, trigger.reason, trigger.evidence = hit.severity, hit.reason, hit.evidence
    trigger.save(update_fields=["alert", "severity", "reason", "evidence"])


def _is_worse(new: str, old: str) -> bool:
    return rules.severity_rank(new) > rules.severity_rank(old)


def _open_alert(patient_id: int, date: datetime.date, hit: rules.RuleHit) -> Alert | None:
    reason, evidence = hit.reason, {**hit.evidence, "days": [_evidence_day(date, hit)]}
    earlier = _recurrence(patient_id, date, hit)
    if earlier is not None:
        # A new episode soon after a closed alert: say so, the pattern is the news.
        status = earlier.get_status_display().lower()
        reason = (
            f"Recurrent: {reason} An earlier {earlier.get_rule_display().lower()} alert "
            f"(diary day {earlier.last_day.isoformat()}) was {status}."
        )
        evidence["recurrent_after"] = {"alert": earlier.pk, "day": earlier.last_day.isoformat()}
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                patient_id=patient_id, rule=hit.rule, severity=hit.severity, reason=reason,
                evidence=evidence, diary_date=date, first_day=date, last_day=date,
            )  # fmt: skip
    except IntegrityError:
        return None  # another worker opened it at the same moment; its evaluation notifies
    logger.info("alert %s opened: %s for patient %s", alert.pk, hit.rule, patient_id)
    return alert


def _extend_alert(alert: Alert, date: datetime.date, hit: rules.RuleHit) -> str:
    """Add a new trigger's evidence to an open alert; return the event to notify, if any."""
    _add_day(alert, date, hit)
    event = ""
    if _is_worse(hit.severity, alert.severity):
        alert.severity = hit.severity
        event = f"severity-{hit.severity}"
    alert.save(update_fields=[*_DAY_FIELDS, "severity"])
    return event


_DAY_FIELDS = ("evidence", "reason", "first_day", "last_day", "updated_at")


def _add_day(alert: Alert, date: datetime.date, hit: rules.RuleHit) -> None:
    """Put a day into an alert's evidence (an edited day replaces its entry); widen the range.

    The alert's reason and its top-level evidence follow its latest day, so a day synced
    late adds its entry without hiding the newest news.
    """
    day = date.isoformat()
    days = [d for d in alert.evidence.get("days", []) if d.get("date") != day]
    days = sorted([*days, _evidence_day(date, hit)], key=lambda d: str(d.get("date")))
    if date >= alert.last_day:
        alert.evidence = {**hit.evidence, **_kept(alert)}
        alert.reason = _recurrent_prefix(alert) + hit.reason
    alert.evidence = {**alert.evidence, "days": days}
    alert.first_day, alert.last_day = min(alert.first_day, date), max(alert.last_day, date)


def _kept(alert: Alert) -> dict[str, Any]:
    # What an alert says about itself, not about one day: kept when a day is added.
    return {k: v for k, v in alert.evidence.items() if k == "recurrent_after"}


def _recurrent_prefix(alert: Alert) -> str:
    return "Recurrent: " if "recurrent_after" in alert.evidence else ""


def _raise_severity(alert: Alert, hit: rules.RuleHit, date: datetime.date) -> None:
    alert.severity = hit.severity
    _add_day(alert, date, hit)
    alert.save(update_fields=[*_DAY_FIELDS, "severity"])
    deliveries_for_alert(alert, event=f"severity-{hit.severity}")


@transaction.atomic
def alert_acknowledge(*, alert: Alert, clinician: User, note: str = "") -> Alert:
    """Record that a clinician has seen an alert; acknowledging twice keeps the first."""
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    if locked.status != AlertStatus.OPEN:
        return locked
    locked.status = AlertStatus.ACKNOWLEDGED
    locked.acknowledged_at = timezone.now()
    locked.acknowledged_by = clinician
    locked.acknowledge_note = note
    locked.save(
        update_fields=[
            "status",
            "acknowledged_at",
            "acknowledged_by",
            "acknowledge_note",
            "updated_at",
        ]
    )
    # No longer open (resolving an open alert comes through here too): send the goal
    # celebrations held while it was, if no other urgent or high alert remains.
    held_release_on_commit(patient_id=locked.patient_id)
    return locked


@transaction.atomic
def alert_resolve(*, alert: Alert, clinician: User, note: str = "") -> Alert:
    """Close an alert; an open one is acknowledged by the same act."""
    locked = alert_acknowledge(alert=alert, clinician=clinician, note=note)
    if locked.status == AlertStatus.RESOLVED:
        return locked
    locked.status = AlertStatus.RESOLVED
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["status", "resolved_at", "updated_at"])
    return locked


def alerts_escalate(now: datetime.datetime | None = None) -> list[Alert]:
    """Climb the escalation ladder of urgent and high alerts left open too long.

    Level 0 told the responsible physiotherapist when the alert opened (or rose).
    After the escalation time still open, level 1 tells the care team's other
    clinicians; another escalation time later, level 2 tells the team's escalation
    contact (or, with none, the operators); with no other clinicians, level 1 goes
    straight to level 2. An acknowledged or resolved alert stops climbing.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.HIPWELL["ALERT_ESCALATE_AFTER_MINUTES"])
    candidates = (
        Alert.objects.filter(status=AlertStatus.OPEN, severity__in=[Severity.URGENT, Severity.HIGH])
        .filter(
            Q(escalation_level=EscalationLevel.RESPONSIBLE, created_at__lte=cutoff)
            | Q(escalation_level=EscalationLevel.CARE_TEAM, escalated_at__lte=cutoff)
        )
        .select_related("patient")
        .order_by("created_at", "id")
    )
    return [alert for alert in candidates if _escalate_one(alert, now)]


def _escalate_one(alert: Alert, now: datetime.datetime) -> bool:
    """Take an alert's next escalation step once; False when it waits or another beat won."""
    step = escalation_step(alert)
    if step is None:
        return False  # logged; escalation waits until someone new can be told
    with transaction.atomic():
        # The conditional update makes each step happen once, however many beats race,
        # and never for an alert acknowledged in the meantime.
        won = Alert.objects.filter(
            pk=alert.pk, status=AlertStatus.OPEN, escalation_level=alert.escalation_level
        ).update(escalation_level=step.level, escalated_at=now, updated_at=now)
        if won != 1:
            return False
        alert.escalation_level, alert.escalated_at = step.level, now
        escalation_deliveries(alert, step, now=now)
    logger.warning(
        "alert %s escalated to level %s after %s", alert.pk, step.level, now - alert.created_at
    )
    return True


def pending_evaluations() -> list[int]:
    """Return evaluations still owed after the fast path had its chance."""
    grace = settings.HIPWELL["OUTBOX_GRACE_SECONDS"]
    cutoff = timezone.now() - datetime.timedelta(seconds=grace)
    return list(
        AlertEvaluation.objects.filter(processed_at__isnull=True, requested_at__lte=cutoff)
        .order_by("requested_at")
        .values_list("pk", flat=True)[:1000]
    )


def rule_settings_update(
    *, patient: Patient, overrides: dict[str, Any], user: User
) -> dict[str, Any]:
    """Validate and store a care team's threshold overrides for a patient."""
    try:
        thresholds = rules.Thresholds.from_overrides(overrides)
    except (ValueError, TypeError) as exc:
        raise ValidationError({"overrides": [str(exc)]}) from None
    PatientRuleSettings.objects.update_or_create(
        patient=patient, defaults={"overrides": overrides, "updated_by": user}
    )
    return dataclasses.asdict(thresholds)
