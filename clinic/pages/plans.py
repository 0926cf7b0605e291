"""Prescribe or change a patient's exercise plan (``clinic:plan-new``).

The exercise choices come from the library selector the API's ``GET exercises/`` uses
(filtered to land or aquatic); the posted rows become the body of ``POST patients/<p>/plans/``,
validated by ``PlanIn`` and saved by ``services.plan_create``. The weight-bearing check is
the service's: an exercise needing more load than the patient's status is refused with
its reason, at its row, until a written override reason is given. Without JavaScript the
form is a fixed number of rows.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from rest_framework.exceptions import ValidationError as DrfValidationError

from clinic.pages.access import clinic_page, clinic_user, patient_or_404
from clinic.pages.layout import render_page
from diaries.selectors import patient_today
from exercises import selectors, services
from exercises.library_data import WEIGHT_BEARING_LEVELS
from exercises.serializers import PlanIn
from patients.models import Patient, User

ROWS = 6
NUMBERS = ("sets", "reps", "hold_seconds", "minutes", "per_week")
ROW_FIELDS = ("exercise", *NUMBERS, "override_reason")
API_OVERRIDE = "give override_reason to prescribe it anyway"
PAGE_OVERRIDE = "write the reason in this item's reason box to prescribe it anyway"
SETTINGS = {"": "Land and aquatic", "land": "Land only", "aquatic": "Aquatic only"}


def _above(exercise: Any, patient: Patient) -> bool:
    need = WEIGHT_BEARING_LEVELS.index(exercise.min_weight_bearing)
    return need > WEIGHT_BEARING_LEVELS.index(patient.weight_bearing)


def _exercise_choices(exercises: list[Any], patient: Patient) -> list[Any]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for exercise in exercises:
        label = exercise.name
        if _above(exercise, patient):
            label += f" (needs {exercise.min_weight_bearing} weight-bearing)"
        groups.setdefault(exercise.get_setting_display(), []).append((exercise.slug, label))
    return [("", "No exercise in this row"), *groups.items()]


class PlanForm(forms.Form):
    title = forms.CharField(
        label="Plan title",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 120}),
        help_text='The patient sees it, for example "Hip strength, weeks 1 to 4".',
    )
    starts_on = forms.CharField(
        label="Starts on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: today. A later day keeps the current plan until the day before.",
    )


def _number(label: str, low: int, high: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]*", "size": 4}),
        help_text=f"{low} to {high}",
    )


class _AnyChoice(forms.ChoiceField):
    """Draws the choices; the API's serializer and service judge the posted value."""

    def valid_value(self, value: Any) -> bool:
        return True


class ItemForm(forms.Form):
    exercise = _AnyChoice(label="Exercise", required=False)
    sets = _number("Sets", 1, 20)
    reps = _number("Reps", 1, 100)
    hold_seconds = _number("Hold (seconds)", 1, 300)
    minutes = _number("Minutes", 1, 240)
    per_week = _number("Times a week", 1, 14)
    override_reason = forms.CharField(
        label="Reason to prescribe above the weight-bearing status",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": 500}),
        help_text="Only when the exercise needs more load than the patient's status allows.",
    )

    def __init__(self, *args: Any, choices: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exercise = self.fields["exercise"]
        if isinstance(exercise, forms.ChoiceField):
            exercise.choices = choices

    def chosen(self) -> bool:
        return bool(self.data.get(self.add_prefix("exercise"), "").strip())

    def api_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {"exercise": self.data.get(self.add_prefix("exercise"), "")}
        for name in NUMBERS:
            raw = str(self.data.get(self.add_prefix(name), "")).strip()
            if raw:
                item[name] = int(raw) if raw.isascii() and raw.isdigit() else raw
        reason = str(self.data.get(self.add_prefix("override_reason"), "")).strip()
        if reason:
            item["override_reason"] = reason
        return item


def _setting(request: HttpRequest) -> str:
    value = request.POST.get("setting", request.GET.get("setting", ""))
    return value if value in SETTINGS else ""


def _forms(
    request: HttpRequest, patient: Patient, user: User, setting: str
) -> tuple[PlanForm, list[ItemForm]]:
    exercises = list(selectors.exercise_list(user=user, setting=setting or None))
    choices = _exercise_choices(exercises, patient)
    data = request.POST if request.method == "POST" else None
    plan = PlanForm(data)
    rows = [ItemForm(data, choices=choices, prefix=f"item-{n}") for n in range(1, ROWS + 1)]
    # A row's chosen exercise stays a choice even when the filter hides its setting.
    if data is not None:
        shown = {slug for group in choices[1:] for slug, _ in group[1]}
        picked = [r.data.get(r.add_prefix("exercise"), "") for r in rows if r.chosen()]
        extra = selectors.exercises_by_reference(
            user=user, references=[p for p in picked if p not in shown]
        )
        if extra:
            more = _exercise_choices(list({e.pk: e for e in extra.values()}.values()), patient)
            for row in rows:
                field = row.fields["exercise"]
                if isinstance(field, forms.ChoiceField):
                    field.choices = [*choices, *more[1:]]
    plan.is_valid()
    for row in rows:
        row.is_valid()
    return plan, rows


def _errors(plan: PlanForm, rows: list[ItemForm]) -> list[dict[str, str]]:
    found = [
        {"field": plan[name].auto_id, "message": str(message)}
        for name in plan.fields
        for message in plan.errors.get(name, [])
    ]
    for number, row in enumerate(rows, start=1):
        for name in row.fields:
            for message in row.errors.get(name, []):
                found.append({"field": row[name].auto_id, "message": f"Item {number}: {message}"})
    return found


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [m for value in detail.values() for m in _flatten(value)]
    if isinstance(detail, list | tuple):
        return [m for value in detail for m in _flatten(value)]
    return [str(detail)]


def _place(errors: dict[str, Any], plan: PlanForm, rows: list[ItemForm], used: list[int]) -> None:
    """Put the API's errors on the page's fields (items by their position among the used rows)."""
    for name, detail in errors.items():
        if name == "items" and isinstance(detail, dict):
            for index, problems in detail.items():
                row = rows[used[int(index)]]
                for field, words in problems.items() if isinstance(problems, dict) else []:
                    target = field if field in row.fields else "exercise"
                    for message in _flatten(words):
                        row.add_error(target, message.replace(API_OVERRIDE, PAGE_OVERRIDE))
        elif name == "items":
            for message in _flatten(detail):
                rows[0].add_error("exercise", message)
        else:
            target = name if name in plan.fields else "title"
            for message in _flatten(detail):
                plan.add_error(target, message)


def _page(
    request: HttpRequest,
    patient: Patient,
    plan: PlanForm,
    rows: list[ItemForm],
    setting: str,
    *,
    status: int = 200,
) -> HttpResponse:
    user = clinic_user(request)
    current = selectors.plan_in_force_get(patient=patient, day=patient_today(patient))
    return render_page(
        request,
        "clinic/plans_new.html",
        {
            "patient": patient,
            "plan_form": plan,
            "rows": rows,
            "setting": setting,
            "settings": list(SETTINGS.items()),
            "errors": _errors(plan, rows) if request.method == "POST" else [],
            "current": current,
            "weight_bearing": patient.get_weight_bearing_display(),
            "user": user,
        },
        status=status,
    )


@clinic_page
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, patient_id: int) -> HttpResponseBase:
    user = clinic_user(request)
    patient = patient_or_404(user, patient_id)
    setting = _setting(request)
    plan, rows = _forms(request, patient, user, setting)
    if request.method == "GET":
        return _page(request, patient, plan, rows, setting)
    used = [n for n, row in enumerate(rows) if row.chosen()]
    body: dict[str, Any] = {
        "title": request.POST.get("title", ""),
        "items": [rows[n].api_item() for n in used],
    }
    if request.POST.get("starts_on", "").strip():
        body["starts_on"] = request.POST["starts_on"].strip()
    data = PlanIn(data=body)
    if not data.is_valid():
        errors = dict(data.errors)
        if not body["items"]:
            errors["items"] = ["Choose at least one exercise."]
        if not body["title"].strip():
            errors["title"] = ["Enter a title for the plan."]
        _place(errors, plan, rows, used)
        return _page(request, patient, plan, rows, setting, status=400)
    try:
        created = services.plan_create(patient=patient, prescribed_by=user, **data.validated_data)
    except DrfValidationError as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"title": exc.detail}
        _place(dict(detail), plan, rows, used)
        return _page(request, patient, plan, rows, setting, status=400)
    except DjangoValidationError as exc:
        _place(exc.message_dict, plan, rows, used)
        return _page(request, patient, plan, rows, setting, status=400)
    items = created.items.count()
    messages.success(
        request,
        f"Plan \u201c{created.title}\u201d prescribed with {items} "
        f"exercise{'s' if items != 1 else ''}, from {created.starts_on:%-d %B %Y}.",
    )
    return HttpResponseRedirect(reverse("clinic:plan-new", args=[patient.pk]))
