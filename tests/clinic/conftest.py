"""Fixtures of the clinic tests: the report and the demo need the exercise library."""

from __future__ import annotations

import pytest

from tests.exercises.helpers import ensure_library


@pytest.fixture
def library(db: None) -> None:
    """Make sure the built-in library is loaded (a transactional test elsewhere may flush it)."""
    ensure_library()
