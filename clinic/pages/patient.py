"""One patient's page (``clinic:patient``), and the alert links that land on it.

The page reads through the API's selectors and access policy: the patient through
``patient_or_404`` (the API's ``access_patient``, care team only), the care team through
``patients.selectors``, the last entry through ``diaries.selectors``, the alerts through
``reminders.selectors``; acknowledge and resolve go through the same services as the
API's ``alerts/<id>/acknowledge/`` and ``resolve/``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST
from rest_framework.exceptions import NotFound, PermissionDenied

from clinic.pages.access import clinic_page, clinic_user, patient_or_404
from clinic.pages.alerts import AcknowledgeForm
from clinic.pages.layout import render_page, unread_alert_count
from diaries import selectors as diary_selectors
from diaries.api import ENTRY_FIELD_SCOPES
from diaries.charts import SYMPTOM_PANELS
from diaries.trends import LABELS
from exercises import selectors as exercise_selectors
from goals import selectors as goal_selectors
from goals.progress import MILESTONES
from patients import selectors as patient_selectors
from patients.access import CARE_TEAM, PatientAccess, access_patient
from patients.models import Patient, User
from reminders import selectors as alert_selectors
from reminders import services as alert_services

ALERT_LIMIT = 20
DIARY_DAYS = 14
ADHERENCE_WEEKS = 4  # complete weeks, before the current one
MEASUREMENT_LIMIT = 20
REPORT_DAYS = 90  # the API's default range for the report
GOAL_STATUS_WORDS = {
    "active": "In progress",
    "achieved": "Achieved",
    "overdue": "Past its due date",
}
DECISIONS = {"progress": "Progress", "hold": "Hold", "step_back": "Step back"}
CHART_DAYS = (30, 90, 365)
CHART_DEFAULT_DAYS = 90


@dataclass(frozen=True)
class EvidenceDay:
    date: datetime.date | None
    reason: str
    severity: str
    values: list[tuple[str, str]]


def _value_words(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def evidence_days(alert: Any) -> list[EvidenceDay]:
    """The alert's evidence, one line a day, oldest first (as the API's ``days``)."""
    entries = alert.evidence.get("days") if isinstance(alert.evidence, dict) else None
    days = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        try:
            day: datetime.date | None = datetime.date.fromisoformat(str(entry.get("date")))
        except ValueError:
            day = None
        raw = entry.get("values")
        values = [
            (LABELS.get(name, name.replace("_", " ").capitalize()), _value_words(value))
            for name, value in (raw.items() if isinstance(raw, dict) else [])
        ]
        days.append(
            EvidenceDay(
                date=day,
                reason=str(entry.get("reason", "")),
                severity=str(entry.get("severity", "")),
                values=values,
            )
        )
    return days


def alert_context(alert: Any, form: AcknowledgeForm | None = None) -> dict[str, Any]:
    return {
        "alert": alert,
        "days": evidence_days(alert),
        "form": form or AcknowledgeForm(auto_id=f"alert-{alert.pk}-%s"),
    }


def last_entry_words(last: datetime.date | None, today: datetime.date) -> str:
    if last is None:
        return "no diary entries yet"
    ago = (today - last).days
    if ago <= 0:
        return "last entry today"
    if ago == 1:
        return "last entry yesterday"
    return f"last entry {ago} days ago"


def header_context(found: Patient) -> dict[str, Any]:
    today = diary_selectors.patient_today(found)
    summary = diary_selectors.diary_summaries(patients=[found]).get(found.pk)
    last = summary.last_entry_date if summary else None
    team = [
        m.clinician.get_full_name() or m.clinician.username
        for m in patient_selectors.care_team_list(patient=found)
        if m.ended_at is None
    ]
    return {
        "today": today,
        "last_entry": last,
        "last_entry_words": last_entry_words(last, today),
        "care_team": team,
    }


def chart_days(request: HttpRequest) -> int:
    """The chart window asked for (``?days=``), one of CHART_DAYS; 90 otherwise."""
    try:
        days = int(request.GET.get("days", CHART_DEFAULT_DAYS))
    except ValueError:
        return CHART_DEFAULT_DAYS
    return days if days in CHART_DAYS else CHART_DEFAULT_DAYS


def charts_context(found: Patient, days: int) -> dict[str, Any]:
    """The API's cached chart images for the last ``days`` days, with words for each."""

    def url(kind: str) -> str:
        path = reverse("chart", kwargs={"patient": found.pk, "kind": kind, "fmt": "png"})
        return f"{path}?days={days}"

    symptoms = ", ".join(label.lower() for _, label, _ in SYMPTOM_PANELS)
    return {
        "chart_days": days,
        "chart_choices": CHART_DAYS,
        "charts": [
            {
                "title": "Symptoms",
                "src": url("symptoms"),
                "alt": (
                    f"Chart of {found.display_name}'s daily symptom scores over the last "
                    f"{days} days, one panel each for {symptoms}, on a scale of 0 (none) to "
                    "10 (worst), with a grey band for no meaningful change from baseline "
                    "and alert days marked."
                ),
            },
            {
                "title": "Walking",
                "src": url("walking"),
                "alt": (
                    f"Chart of {found.display_name}'s comfortable walking distance in "
                    f"metres each day over the last {days} days, with a grey band for no "
                    "meaningful change from baseline and alert days marked."
                ),
            },
        ],
    }


@dataclass(frozen=True)
class DiaryRow:
    date: datetime.date
    entry: Any  # a diaries DiaryEntry, or None for a day without one


def diary_context(access: PatientAccess, today: datetime.date) -> dict[str, Any]:
    """The last DIARY_DAYS days, newest first, a row a day (as the API's diary list).

    The columns follow what the API returns to this caller: the note and mood only
    with their scopes (a clinician of the care team has every scope).
    """
    start = today - datetime.timedelta(days=DIARY_DAYS - 1)
    entries = diary_selectors.diary_entries_by_date(
        patient_id=access.patient.pk, start=start, end=today
    )
    rows = [
        DiaryRow(date=day, entry=entries.get(day))
        for day in (today - datetime.timedelta(days=n) for n in range(DIARY_DAYS))
    ]
    return {
        "diary_rows": rows,
        "diary_days": DIARY_DAYS,
        "diary_entries": len(entries),
        "show_note": access.may(ENTRY_FIELD_SCOPES["note"]),
        "show_mood": access.may(ENTRY_FIELD_SCOPES["mood"]),
    }


@dataclass(frozen=True)
class PlanRow:
    item: Any  # an exercises PlanItem, with its exercise
    dose: str
    done: int
    prescribed: int
    percent: int | None
    week_done: int
    week_prescribed: int
    decision: str
    decision_words: str
    reason: str
    above_weight_bearing: bool


def _reason_after(reason: str, decision_words: str) -> str:
    """The advice's reason without its leading "Hold: " (the page names the decision)."""
    prefix = f"{decision_words}: "
    return reason[len(prefix) :] if reason.startswith(prefix) else reason


def dose_words(item: Any) -> str:
    parts = []
    if item.sets and item.reps:
        parts.append(f"{item.sets} sets of {item.reps}")
    elif item.sets:
        parts.append(f"{item.sets} sets")
    elif item.reps:
        parts.append(f"{item.reps} repetitions")
    if item.hold_seconds:
        parts.append(f"hold {item.hold_seconds} s")
    if item.minutes:
        parts.append(f"{item.minutes} min")
    parts.append(f"{item.per_week} times a week")
    if item.target_rpe is not None:
        parts.append(f"effort {item.target_rpe}/10")
    parts.append(f"pain limit {item.pain_limit}/10")
    return ", ".join(parts)


def plan_context(found: Patient, today: datetime.date) -> dict[str, Any]:
    """The plan in force with adherence per item and progression advice.

    The same selectors as the API's ``plan/`` (plan in force, advice, weight-bearing
    check) and ``adherence/`` (``ADHERENCE_WEEKS`` complete weeks and this week so far).
    """
    plan = exercise_selectors.plan_in_force_get(patient=found, day=today)
    upcoming = exercise_selectors.plan_next_get(patient=found, day=today)
    context: dict[str, Any] = {"plan": plan, "plan_next": upcoming, "plan_rows": []}
    if plan is None:
        return context
    advice = exercise_selectors.plan_advice(plan=plan, patient=found, today=today)
    report = exercise_selectors.adherence_get(patient=found, weeks=ADHERENCE_WEEKS + 1, today=today)
    weeks = report.result.weeks
    complete = [w for w in weeks if not w.in_progress]
    totals = {t.item_id: t for t in report.result.items}
    this_week = {i.item_id: i for i in weeks[-1].items} if weeks else {}
    above = exercise_selectors.items_above_weight_bearing(plan=plan, patient=found)
    rows = []
    for item in plan.items.all():
        total = totals.get(item.pk)
        week = this_week.get(item.pk)
        said = advice.get(item.pk)
        decision = said.decision if said else ""
        rows.append(
            PlanRow(
                item=item,
                dose=dose_words(item),
                done=total.done if total else 0,
                prescribed=total.prescribed if total else 0,
                percent=total.percent if total else None,
                week_done=week.done if week else 0,
                week_prescribed=week.prescribed if week else 0,
                decision=decision,
                decision_words=DECISIONS.get(decision, decision),
                reason=_reason_after(said.reason, DECISIONS.get(decision, decision))
                if said
                else "",
                above_weight_bearing=item.pk in above,
            )
        )
    context.update(
        plan_rows=rows,
        adherence_weeks=ADHERENCE_WEEKS,
        adherence_start=complete[0].start if complete else None,
        adherence_end=complete[-1].end if complete else None,
        adherence_percent=report.result.percent,
        adherence_counted=report.result.counted,
        adherence_prescribed=report.result.prescribed,
        week_start=weeks[-1].start if weeks else None,
    )
    return context


def goals_context(access: PatientAccess, today: datetime.date) -> dict[str, Any]:
    """Goals with progress and milestones, and the latest measurements (as the API's)."""
    progress = goal_selectors.goal_progress_list(patient=access.patient, today=today)
    if not access.may("mood"):
        progress = [p for p in progress if p.goal.metric != "mood"]
    goals = [
        {
            "progress": p,
            "status_words": GOAL_STATUS_WORDS.get(p.status, p.status),
            "milestones": [(m, m in p.milestones) for m in MILESTONES],
        }
        for p in progress
    ]
    measurements = list(goal_selectors.measurement_list(patient=access.patient)[:MEASUREMENT_LIMIT])
    return {
        "goals": goals,
        "measurements": measurements,
        "measurement_limit": MEASUREMENT_LIMIT,
    }


def access_or_404(user: User, patient_id: int) -> PatientAccess:
    """The caller's access to a patient of their care team (``patient_or_404``'s rule)."""
    try:
        return access_patient(user, patient_id, allow=CARE_TEAM)
    except (NotFound, PermissionDenied):
        raise Http404 from None


@clinic_page
def patient(request: HttpRequest, patient_id: int) -> HttpResponse:
    user = clinic_user(request)
    access = access_or_404(user, patient_id)
    found = access.patient
    days = chart_days(request)
    today = diary_selectors.patient_today(found)
    if getattr(request, "htmx", False) and request.headers.get("HX-Target") == "charts":
        return render(
            request,
            "clinic/_patient_charts.html",
            {"patient": found, **charts_context(found, days)},
        )
    alerts = alert_selectors.alert_list(user=user, patient_id=found.pk)[:ALERT_LIMIT]
    return render_page(
        request,
        "clinic/patient.html",
        {
            "patient": found,
            **header_context(found),
            **charts_context(found, days),
            **diary_context(access, today),
            **plan_context(found, today),
            **goals_context(access, today),
            "report_url": reverse("report", kwargs={"patient": found.pk}),
            "report_from": today - datetime.timedelta(days=REPORT_DAYS - 1),
            "report_days": REPORT_DAYS,
            "alerts": [alert_context(a) for a in alerts],
            "alert_limit": ALERT_LIMIT,
        },
    )


ACTIONS: dict[str, Callable[..., Any]] = {
    "acknowledge": alert_services.alert_acknowledge,
    "resolve": alert_services.alert_resolve,
}


@clinic_page
@require_POST
def alert_action(request: HttpRequest, patient_id: int, alert_id: int) -> HttpResponseBase:
    """Acknowledge or resolve (the button pressed) with a note, through the API's services.

    htmx gets the alert back in place (and the header count out of band); a browser
    without JavaScript is sent back to the page at the alert.
    """
    user = clinic_user(request)
    found = patient_or_404(user, patient_id)
    alert = alert_selectors.alert_get(user=user, alert_id=str(alert_id))
    if alert is None or alert.patient_id != found.pk:
        raise Http404
    service = ACTIONS.get(request.POST.get("action", ""))
    form = AcknowledgeForm(request.POST, auto_id=f"alert-{alert.pk}-%s")
    page = reverse("clinic:patient", args=[found.pk])
    if service is None:
        form.add_error(None, "Choose Acknowledge or Resolve")
    if service is not None and form.is_valid():
        service(alert=alert, clinician=user, note=form.cleaned_data["note"])
        alert = alert_selectors.alert_get(user=user, alert_id=str(alert.pk)) or alert
        if not getattr(request, "htmx", False):
            return HttpResponseRedirect(f"{page}#alert-{alert.pk}")
        form = AcknowledgeForm(auto_id=f"alert-{alert.pk}-%s")
    elif not getattr(request, "htmx", False):
        return render_page(
            request,
            "clinic/patient_alert_refused.html",
            {"patient": found, **alert_context(alert, form)},
            status=400,
        )
    return render(
        request,
        "clinic/_patient_alert.html",
        {**alert_context(alert, form), "oob_unread": unread_alert_count(user)},
    )  # 200 even for a refused note: htmx swaps only successful answers


@clinic_page
def alert_link(request: HttpRequest, alert_id: int) -> HttpResponseRedirect:
    """An alert's link (emails, pushes, the inbox): the patient's page at that alert."""
    user = clinic_user(request)
    alert = alert_selectors.alert_get(user=user, alert_id=str(alert_id))
    if alert is None:
        raise Http404
    patient_or_404(user, alert.patient_id)  # a reader who is not of the care team: 404
    url = reverse("clinic:patient", args=[alert.patient_id])
    return HttpResponseRedirect(f"{url}#alert-{alert.pk}")


@clinic_page
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    raise Http404
