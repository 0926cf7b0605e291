"""The built-in exercise library and its validator. No database."""

from __future__ import annotations

import dataclasses
import re

import pytest

from exercises.library_data import (
    AQUATIC_CATEGORIES,
    CATEGORIES,
    EXERCISES,
    LAND_CATEGORIES,
    SETTINGS,
    WATER_DEPTHS,
    WEIGHT_BEARING_LEVELS,
    ExerciseSeed,
    suitable_for,
    validate_library,
)

BY_SLUG = {item.slug: item for item in EXERCISES}


def _good(**changes: object) -> ExerciseSeed:
    base = ExerciseSeed(
        slug="test-bridge",
        name="Test bridge",
        setting="land",
        category="strength",
        target_muscles=("gluteus maximus",),
        instructions="Lie on your back. Lift your hips.",
        cautions="Stop if pain goes above your limit.",
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=3,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _sentences(text: str) -> int:
    return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])


def test_the_builtin_library_has_no_problems() -> None:
    assert validate_library(EXERCISES) == []


def test_the_library_holds_at_least_thirty_exercises() -> None:
    assert len(EXERCISES) >= 30


def test_slugs_are_unique() -> None:
    assert len(BY_SLUG) == len(EXERCISES)


@pytest.mark.parametrize("setting", SETTINGS)
def test_each_setting_is_present(setting: str) -> None:
    assert any(item.setting == setting for item in EXERCISES)


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_is_used_at_least_once(category: str) -> None:
    assert any(item.category == category for item in EXERCISES)


@pytest.mark.parametrize("level", WEIGHT_BEARING_LEVELS)
def test_each_weight_bearing_level_is_present(level: str) -> None:
    assert any(item.min_weight_bearing == level for item in EXERCISES)


@pytest.mark.parametrize("depth", WATER_DEPTHS)
def test_each_water_depth_is_used(depth: str) -> None:
    assert any(item.water_depth == depth for item in EXERCISES)


@pytest.mark.parametrize("item", EXERCISES, ids=lambda item: item.slug)
def test_each_exercise_reads_as_short_plain_guidance(item: ExerciseSeed) -> None:
    assert 2 <= _sentences(item.instructions) <= 5
    assert 1 <= _sentences(item.cautions) <= 2
    assert item.target_muscles


@pytest.mark.parametrize("item", EXERCISES, ids=lambda item: item.slug)
def test_each_exercise_uses_a_category_matching_its_setting(item: ExerciseSeed) -> None:
    expected = LAND_CATEGORIES if item.setting == "land" else AQUATIC_CATEGORIES
    assert item.category in expected


@pytest.mark.parametrize("item", EXERCISES, ids=lambda item: item.slug)
def test_each_dose_is_gentle_enough_for_conservative_care(item: ExerciseSeed) -> None:
    assert item.default_sets is None or item.default_sets <= 3
    assert item.default_reps is None or item.default_reps <= 15
    assert item.default_hold_seconds is None or item.default_hold_seconds <= 30
    assert item.default_minutes is None or item.default_minutes <= 20


@pytest.mark.parametrize(
    ("slug", "setting", "min_weight_bearing", "water_depth"),
    [
        ("glute-bridge", "land", "protected", None),
        ("heel-slides", "land", "protected", None),
        ("sit-to-stand", "land", "partial", None),
        ("single-leg-stance-supported", "land", "full", None),
        ("lateral-band-walk", "land", "full", None),
        ("water-walking-forwards", "aquatic", "protected", "chest"),
        ("deep-water-running", "aquatic", "protected", "deep"),
        ("aquatic-tandem-walk", "aquatic", "partial", "waist"),
    ],
)
def test_key_exercises_carry_the_expected_setting_and_load(
    slug: str, setting: str, min_weight_bearing: str, water_depth: str | None
) -> None:
    item = BY_SLUG[slug]
    assert (item.setting, item.min_weight_bearing, item.water_depth) == (
        setting,
        min_weight_bearing,
        water_depth,
    )


def test_a_valid_item_has_no_problems() -> None:
    assert validate_library([_good()]) == []


def test_an_empty_library_has_no_problems() -> None:
    assert validate_library([]) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"setting": "pool"}, "unknown setting"),
        ({"category": "yoga"}, "unknown category"),
        ({"category": "aquatic_walking"}, "land exercise with aquatic category"),
        ({"min_weight_bearing": "none"}, "unknown min_weight_bearing"),
        ({"water_depth": "chest"}, "land exercise with water_depth"),
        ({"setting": "aquatic", "category": "aquatic_mobility"}, "without water_depth"),
        (
            {"setting": "aquatic", "category": "aquatic_mobility", "water_depth": "ankle"},
            "unknown water_depth",
        ),
        ({"setting": "aquatic", "water_depth": "chest"}, "aquatic exercise with land category"),
        ({"default_sets": None, "default_reps": None}, "no dose"),
        ({"default_reps": 0}, "default_reps must be at least 1"),
        ({"default_per_week": 0}, "default_per_week must be 1..14"),
        ({"default_per_week": 15}, "default_per_week must be 1..14"),
        ({"instructions": "   "}, "empty instructions"),
        ({"cautions": ""}, "empty cautions"),
        ({"name": ""}, "empty name"),
        ({"target_muscles": ()}, "target_muscles must be non-empty"),
        ({"slug": "Glute_Bridge"}, "not kebab-case"),
    ],
)
def test_validate_library_catches_each_kind_of_problem(
    changes: dict[str, object], expected: str
) -> None:
    problems = validate_library([_good(**changes)])
    assert len(problems) == 1, problems
    assert expected in problems[0]


@pytest.mark.parametrize("per_week", [1, 7, 14])
def test_validate_library_accepts_per_week_at_the_edges(per_week: int) -> None:
    assert validate_library([_good(default_per_week=per_week)]) == []


@pytest.mark.parametrize(
    "dose",
    [
        {"default_sets": None, "default_reps": None, "default_minutes": 10},
        {"default_sets": None, "default_reps": None, "default_hold_seconds": 20},
        {"default_sets": None},
    ],
)
def test_validate_library_accepts_any_single_kind_of_dose(dose: dict[str, object]) -> None:
    assert validate_library([_good(**dose)]) == []


def test_validate_library_catches_duplicate_slugs() -> None:
    problems = validate_library([_good(), _good(name="Another")])
    assert problems == ["'test-bridge': duplicate slug (2 entries)"]


def test_validate_library_reports_every_problem_on_a_bad_item() -> None:
    bad = _good(setting="pool", instructions="", default_per_week=0)
    assert len(validate_library([bad])) == 3


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("protected", {"protected"}),
        ("partial", {"protected", "partial"}),
        ("full", {"protected", "partial", "full"}),
    ],
)
def test_suitable_for_keeps_exercises_within_the_weight_bearing_status(
    status: str, allowed: set[str]
) -> None:
    chosen = suitable_for(status)
    assert chosen
    assert {item.min_weight_bearing for item in chosen} == allowed
    assert len(chosen) == sum(1 for item in EXERCISES if item.min_weight_bearing in allowed)


def test_suitable_for_rejects_an_unknown_status() -> None:
    with pytest.raises(ValueError, match="unknown weight-bearing"):
        suitable_for("none")


def test_exercise_seeds_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        EXERCISES[0].slug = "changed"  # type: ignore[misc]
