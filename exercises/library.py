"""Load the built-in library (``library_data``) into the database, keyed by slug.

Used by the data migration (with its historical model) and by anything that needs
to bring an existing database up to date with the seeds; running it twice changes
nothing the second time.
"""

from __future__ import annotations

from typing import Any

from exercises.library_data import EXERCISES, ExerciseSeed, validate_library


def seed_fields(seed: ExerciseSeed) -> dict[str, Any]:
    """Return the model fields of one seed (everything but the slug)."""
    return {
        "name": seed.name,
        "setting": seed.setting,
        "category": seed.category,
        "target_muscles": list(seed.target_muscles),
        "instructions": seed.instructions,
        "cautions": seed.cautions,
        "min_weight_bearing": seed.min_weight_bearing,
        "water_depth": seed.water_depth,
        "default_sets": seed.default_sets,
        "default_reps": seed.default_reps,
        "default_hold_seconds": seed.default_hold_seconds,
        "default_minutes": seed.default_minutes,
        "default_per_week": seed.default_per_week,
        "is_builtin": True,
        "created_by": None,
    }


def library_sync(model: Any) -> int:
    """Create or update every built-in exercise in ``model``'s table; return rows created."""
    problems = validate_library(EXERCISES)
    if problems:
        raise ValueError("The built-in exercise library is invalid: " + "; ".join(problems))
    created = 0
    for seed in EXERCISES:
        _, was_created = model.objects.update_or_create(slug=seed.slug, defaults=seed_fields(seed))
        created += int(was_created)
    return created
