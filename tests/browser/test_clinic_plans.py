"""Browser test of the new-plan page: an aquatic plan, then an unsafe item and its override."""

from __future__ import annotations

from typing import Any

import pytest

from exercises.models import ExercisePlan, PlanItem
from tests.browser.conftest import axe, clinic_shot, clinic_sign_in
from tests.exercises.helpers import ensure_library
from tests.factories import PASSWORD, make_clinician, make_patient

BOTH = pytest.mark.parametrize("clinic_page", ["desktop", "tablet"], indirect=True)
REASON = "Cleared by the surgeon for light band work."


@BOTH
def test_a_clinician_prescribes_an_aquatic_plan_then_overrides_an_unsafe_item(
    clinic_page: Any,
) -> None:
    ensure_library()
    page = clinic_page
    carol = make_clinician("carol")
    alice = make_patient("alice", clinicians=(carol,), weight_bearing="partial")
    clinic_sign_in(page, "carol", PASSWORD)
    page.goto(f"/clinic/patients/{alice.pk}/plan/new/")
    page.get_by_role("heading", name="New exercise plan for Alice", level=1).wait_for()
    axe(page)
    page.get_by_label("Exercises to choose from").select_option("aquatic")
    page.get_by_role("button", name="Show these exercises").click()
    page.wait_for_url("**/plan/new/?setting=aquatic")
    item1 = page.get_by_role("group", name="Item 1")
    item1.get_by_label("Exercise").select_option("water-walking-forwards")
    item1.get_by_label("Minutes").fill("15")
    page.get_by_label("Plan title").fill("Pool weeks")
    clinic_shot(page, "plan-new")
    page.get_by_role("button", name="Prescribe this plan").click()
    page.get_by_text("Plan \u201cPool weeks\u201d prescribed with 1 exercise").wait_for()
    axe(page)
    assert ExercisePlan.objects.get(patient=alice).items.get().exercise.setting == "aquatic"
    # A land plan with an exercise above Alice's partial weight-bearing.
    page.get_by_label("Exercises to choose from").select_option("land")
    page.get_by_role("button", name="Show these exercises").click()
    page.get_by_label("Plan title").fill("Strength")
    item1 = page.get_by_role("group", name="Item 1")
    item1.get_by_label("Exercise").select_option("glute-bridge")
    item2 = page.get_by_role("group", name="Item 2")
    item2.get_by_label("Exercise").select_option("lateral-band-walk")
    item2.get_by_label("Sets").fill("2")
    page.get_by_role("button", name="Prescribe this plan").click()
    summary = page.get_by_role("alert")
    link = summary.get_by_role("link", name="Item 2: Side steps with a band needs full")
    link.wait_for()
    assert "this patient is on partial weight-bearing" in link.inner_text()
    axe(page)
    clinic_shot(page, "plan-refused")
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_item-2-exercise"
    page.get_by_role("group", name="Item 2").get_by_label(
        "Reason to prescribe above the weight-bearing status"
    ).fill(REASON)
    page.get_by_role("button", name="Prescribe this plan").click()
    page.get_by_text("Plan \u201cStrength\u201d prescribed with 2 exercises").wait_for()
    axe(page)
    clinic_shot(page, "plan-prescribed")
    band = PlanItem.objects.get(plan__title="Strength", exercise__slug="lateral-band-walk")
    assert band.override_reason == REASON
    assert band.sets == 2
