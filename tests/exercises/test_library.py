"""The library in the database: loaded by a data migration, listed, extended by clinicians."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from exercises.library import library_sync
from exercises.library_data import EXERCISES, ExerciseSeed, validate_library
from exercises.models import Exercise
from tests.conftest import Cast, ClientFor

URL = "/api/v1/exercises/"


def _as_seed(exercise: Exercise) -> ExerciseSeed:
    return ExerciseSeed(
        slug=exercise.slug, name=exercise.name, setting=exercise.setting,
        category=exercise.category, target_muscles=tuple(exercise.target_muscles),
        instructions=exercise.instructions, cautions=exercise.cautions,
        min_weight_bearing=exercise.min_weight_bearing, default_sets=exercise.default_sets,
        default_reps=exercise.default_reps, default_hold_seconds=exercise.default_hold_seconds,
        default_minutes=exercise.default_minutes, default_per_week=exercise.default_per_week,
        water_depth=exercise.water_depth,
    )  # fmt: skip


def test_the_data_migration_loaded_the_builtin_library(db: None) -> None:
    builtin = Exercise.objects.filter(is_builtin=True)
    assert builtin.count() >= 30
    assert set(builtin.values_list("slug", flat=True)) == {seed.slug for seed in EXERCISES}


def test_the_loaded_library_validates_and_has_both_settings(library: None) -> None:
    rows = list(Exercise.objects.filter(is_builtin=True))
    assert validate_library(_as_seed(e) for e in rows) == []
    assert {e.setting for e in rows} == {"land", "aquatic"}
    assert all(e.water_depth for e in rows if e.setting == "aquatic")


def test_loading_the_library_again_creates_nothing_new(library: None) -> None:
    before = Exercise.objects.count()
    assert library_sync(Exercise) == 0
    assert Exercise.objects.count() == before


def test_the_database_refuses_an_aquatic_exercise_without_water_depth(library: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.create(
            slug="x", name="X", setting="aquatic", category="aquatic_walking",
            instructions="i", cautions="c", min_weight_bearing="protected",
            default_minutes=5, default_per_week=2,
        )  # fmt: skip


def test_anyone_signed_in_lists_the_library_filtered_by_setting(
    cast: Cast, client_for: ClientFor, library: None
) -> None:
    response = client_for(cast.bob.user).get(URL, {"setting": "aquatic"})
    assert response.status_code == 200
    assert len(response.json()) >= 10
    assert {row["setting"] for row in response.json()} == {"aquatic"}
    assert all(row["water_depth"] in ("waist", "chest", "deep") for row in response.json())


def test_an_unknown_setting_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.carol).get(URL, {"setting": "space"})
    assert response.status_code == 400
    assert "setting" in response.json()


def _custom(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Pool noodle straddle",
        "setting": "aquatic",
        "category": "aquatic_balance",
        "target_muscles": ["core", "hip abductors"],
        "instructions": "Sit on a noodle in chest-deep water and keep your balance.",
        "cautions": "Stay near the side of the pool.",
        "min_weight_bearing": "protected",
        "water_depth": "chest",
        "default_minutes": 5,
        "default_per_week": 2,
        **changes,
    }


def test_a_clinician_adds_an_own_exercise_seen_only_by_them(
    cast: Cast, client_for: ClientFor, library: None
) -> None:
    response = client_for(cast.carol).post(URL, _custom(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_builtin"] is False
    assert body["slug"].startswith("pool-noodle-straddle-")
    carol_slugs = {r["slug"] for r in client_for(cast.carol).get(URL).json()}
    dave_slugs = {r["slug"] for r in client_for(cast.dave).get(URL).json()}
    assert body["slug"] in carol_slugs
    assert body["slug"] not in dave_slugs


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"water_depth": None}, "water_depth"),
        ({"setting": "land", "category": "aquatic_balance", "water_depth": None}, "category"),
        ({"default_minutes": None}, "no dose"),
    ],
)
def test_an_inconsistent_custom_exercise_is_refused(
    cast: Cast, client_for: ClientFor, changes: dict[str, Any], message: str
) -> None:
    response = client_for(cast.carol).post(URL, _custom(**changes), format="json")
    assert response.status_code == 400
    assert message in str(response.json())


def test_patients_may_not_add_exercises(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.alice_user).post(URL, _custom(), format="json")
    assert response.status_code == 403
