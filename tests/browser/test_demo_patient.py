"""The issue's promise, as a person would check it: on a phone, demo-patient-1 signs
in, logs a whole day's diary on one screen in a handful of taps, and sees weeks of
their own data in the progress charts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.management import call_command

from diaries.models import DiaryEntry
from patients.demo import DEMO_PASSWORD
from patients.models import Patient
from tests.browser.conftest import shot
from tests.exercises.helpers import ensure_library

# A full diary: six scores, walking distance, limp, aid, weight-bearing, then save.
MOST_INTERACTIONS_FOR_A_FULL_DIARY = 12


def test_demo_patient_logs_a_full_day_and_sees_it_with_weeks_of_data(
    page: Any, sign_in: Callable[[str, str], None]
) -> None:
    ensure_library()
    call_command("seed_demo", "--force", stdout=None)
    patient = Patient.objects.get(user__username="demo-patient-1")
    weeks_before = DiaryEntry.objects.filter(patient=patient).count()
    assert weeks_before >= 21, "the demo has weeks of diaries"

    sign_in("demo-patient-1", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Diary").click()
    page.get_by_role("heading", name="Today's diary", level=1).wait_for()
    steps = [
        lambda: page.get_by_label("Pain at rest", exact=True).fill("2"),
        lambda: page.get_by_label("Pain on activity", exact=True).fill("4"),
        lambda: page.get_by_label("Pain at night", exact=True).fill("1"),
        lambda: page.get_by_label("Stiffness", exact=True).fill("3"),
        lambda: page.get_by_label("How much your hip disturbed your sleep", exact=True).fill("1"),
        lambda: page.get_by_label("Low mood or stress", exact=True).fill("2"),
        lambda: page.get_by_label("How far could you walk comfortably?").fill("1200"),
        lambda: page.get_by_role("group", name="Limp").get_by_role("radio", name="No limp").check(),
        lambda: (
            page.get_by_role("group", name="Walking aid used today")
            .get_by_role("radio", name="None")
            .check()
        ),
        lambda: page.get_by_role("button", name="Save diary").click(),
    ]
    assert len(steps) <= MOST_INTERACTIONS_FOR_A_FULL_DIARY
    for step in steps:
        step()
    page.get_by_text("Your diary for today has reached your care team.").wait_for()
    today = DiaryEntry.objects.filter(patient=patient).order_by("-date").first()
    assert today is not None
    assert (today.pain_rest, today.pain_activity, today.walking_distance_m) == (2, 4, 1200)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    page.get_by_role("heading", name="Progress", level=1).wait_for()
    page.wait_for_function(
        """() => {
            const images = [...document.querySelectorAll("figure.chart img")];
            return images.length === 2 && images.every((img) => img.complete && img.naturalWidth > 0);
        }"""
    )
    shot(page, "demo-progress")
