"""The new-plan page: the library with land and aquatic filters, doses, a later start,
the weight-bearing check with its reason and the written override, all through the API.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from exercises.models import ExercisePlan, PlanItem
from tests.clinic.pages_helpers import browser_for, make_operator
from tests.conftest import Cast, ClientFor
from tests.exercises.helpers import ensure_library, local_today

CALLERS = {
    "clinician": 200,
    "other_clinician": 404,
    "patient": 302,
    "caregiver": 302,
    "anonymous": 302,
    "operator": 404,
}
BAND = "lateral-band-walk"  # needs full weight-bearing
POOL = "water-walking-forwards"  # aquatic, fine on protected weight-bearing


@pytest.fixture(autouse=True)
def _library(db: None) -> None:
    ensure_library()


def _url(cast: Cast) -> str:
    return f"/clinic/patients/{cast.alice.pk}/plan/new/"


def _partial(cast: Cast) -> None:
    cast.alice.weight_bearing = "partial"
    cast.alice.save(update_fields=["weight_bearing"])


def _form(title: str = "Hip programme", **rows: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"title": title, "setting": ""}
    for row, values in rows.items():
        for name, value in values.items():
            data[f"item-{row[-1]}-{name}"] = value
    return data


@pytest.mark.parametrize("caller", list(CALLERS))
def test_the_plan_page_is_for_the_care_team_only(cast: Cast, caller: str) -> None:
    user = make_operator() if caller == "operator" else cast.user(caller)
    client = browser_for(user)
    page = client.get(_url(cast))
    assert page.status_code == CALLERS[caller]
    assert "no-store" in page["Cache-Control"]
    posted = client.post(_url(cast), _form(row1={"exercise": POOL, "minutes": "20"}))
    assert posted.status_code == (302 if caller == "clinician" else CALLERS[caller])
    if caller in ("patient", "caregiver"):
        assert posted["Location"] == "/app/"
    assert ExercisePlan.objects.filter(patient=cast.alice).exists() == (caller == "clinician")


def test_the_filters_show_land_or_aquatic_exercises(cast: Cast) -> None:
    client = browser_for(cast.carol)
    both = client.get(_url(cast)).content.decode()
    assert '<optgroup label="Land">' in both
    assert '<optgroup label="Aquatic">' in both
    water = client.get(_url(cast), {"setting": "aquatic"}).content.decode()
    assert '<optgroup label="Aquatic">' in water
    assert '<optgroup label="Land">' not in water
    assert f'value="{POOL}"' in water
    land = client.get(_url(cast), {"setting": "land"}).content.decode()
    assert '<optgroup label="Aquatic">' not in land
    assert f'value="{BAND}"' in land


def test_a_plan_with_one_aquatic_item_is_saved_and_seen_through_the_api(
    cast: Cast, client_for: ClientFor
) -> None:
    client = browser_for(cast.carol)
    response = client.post(
        _url(cast),
        _form(
            "Pool weeks",
            row1={"exercise": POOL, "minutes": "15", "per_week": "2"},
        ),
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Plan \u201cPool weeks\u201d prescribed with 1 exercise" in page
    plan = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/plan/").json()
    assert plan["title"] == "Pool weeks"
    (item,) = plan["items"]
    assert item["exercise"]["slug"] == POOL
    assert item["exercise"]["setting"] == "aquatic"
    assert (item["minutes"], item["per_week"], item["sets"]) == (15, 2, None)


def test_a_later_start_keeps_the_current_plan_until_then(cast: Cast) -> None:
    client = browser_for(cast.carol)
    client.post(_url(cast), _form("Now", row1={"exercise": "glute-bridge"}))
    later = local_today(cast.alice) + datetime.timedelta(days=7)
    response = client.post(
        _url(cast),
        {**_form("Next week", row1={"exercise": POOL}), "starts_on": later.isoformat()},
    )
    assert response.status_code == 302
    plans = {p.title: p for p in ExercisePlan.objects.filter(patient=cast.alice)}
    assert plans["Next week"].starts_on == later
    assert plans["Now"].ends_on == later - datetime.timedelta(days=1)


def test_an_unsafe_item_is_refused_with_its_reason_then_taken_with_an_override(
    cast: Cast,
) -> None:
    _partial(cast)
    client = browser_for(cast.carol)
    page = client.get(_url(cast)).content.decode()
    assert "Side steps with a band (needs full weight-bearing)" in page
    rows = {
        "row1": {"exercise": "glute-bridge", "sets": "3", "reps": "10"},
        "row2": {"exercise": BAND, "sets": "2", "reps": "8"},
    }
    refused = client.post(_url(cast), _form("Hip programme", **rows))
    assert refused.status_code == 400
    body = refused.content.decode()
    assert (
        '<a href="#id_item-2-exercise">Item 2: Side steps with a band needs full weight-bearing'
        in body
    )
    assert "this patient is on partial weight-bearing" in body
    assert "write the reason in this item&#x27;s reason box to prescribe it anyway" in body
    # The typed rows are kept.
    assert 'value="8"' in body
    assert not ExercisePlan.objects.filter(patient=cast.alice).exists()
    reason = "Cleared by the surgeon for light band work."
    rows["row2"]["override_reason"] = reason
    taken = client.post(_url(cast), _form("Hip programme", **rows))
    assert taken.status_code == 302
    band = PlanItem.objects.get(plan__patient=cast.alice, exercise__slug=BAND)
    assert band.override_reason == reason
    assert (band.sets, band.reps) == (2, 8)
    bridge = PlanItem.objects.get(plan__patient=cast.alice, exercise__slug="glute-bridge")
    assert bridge.override_reason == ""


@pytest.mark.parametrize(
    ("data", "anchor", "words"),
    [
        (_form(""), "id_title", "Enter a title for the plan."),
        (_form(), "id_item-1-exercise", "Item 1: Choose at least one exercise."),
        (_form(row3={"exercise": POOL, "sets": "99"}), "id_item-3-sets", "Item 3:"),
        (_form(row1={"exercise": POOL, "reps": "many"}), "id_item-1-reps", "Item 1:"),
        (
            _form(row1={"exercise": POOL}, row2={"exercise": POOL}),
            "id_item-2-exercise",
            "is already item 1 of this plan",
        ),
        (_form(row1={"exercise": "no-such-thing"}), "id_item-1-exercise", "Unknown exercise"),
        (
            {**_form(row1={"exercise": POOL}), "starts_on": "2099-01-01"},
            "id_starts_on",
            "",
        ),
    ],
)
def test_bad_plans_are_refused_at_their_field(
    cast: Cast, data: dict[str, Any], anchor: str, words: str
) -> None:
    response = browser_for(cast.carol).post(_url(cast), data)
    assert response.status_code == 400
    body = response.content.decode()
    summary = body.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]
    link = summary.split(f'<a href="#{anchor}">', 1)
    assert len(link) == 2, summary
    assert words in link[1].split("</a>", 1)[0]
    assert not ExercisePlan.objects.filter(patient=cast.alice).exists()


def test_the_plan_form_needs_the_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.carol)
    response = client.post(_url(cast), _form(row1={"exercise": POOL}))
    assert response.status_code == 403
    assert not ExercisePlan.objects.exists()
