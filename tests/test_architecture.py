"""The import ladder of docs/architecture.md, checked on every module of every app.

Apps import each other one way only, up the ladder

    core -> patients -> diaries -> exercises -> goals -> reminders -> clinic, pwa

A higher app may import a lower one; a lower app never imports a higher one, not
even inside a function or under ``TYPE_CHECKING`` (an import there still couples
the lower app to the higher one's names). ``clinic`` and ``pwa`` share the top
rung and do not import each other.

Second rule: an app reads another app's data through its selectors and writes it
through its services, so it never imports another app's ``models`` module. Two
exceptions, both principled:

* ``patients.models``: users and patients are the vocabulary every app speaks
  (every row belongs to a patient, every write has an actor), and foreign keys
  and type hints need the classes themselves.
* ``core.models``: core defines abstract bases (``TimeStampedModel``) that own no
  table, so importing them couples to no app's data.

Migrations are checked too: a migration that imported a higher app would break a
deployment that stops at a lower rung.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LADDER: dict[str, int] = {
    "core": 0,
    "patients": 1,
    "diaries": 2,
    "exercises": 3,
    "goals": 4,
    "reminders": 5,
    "clinic": 6,
    "pwa": 6,
}
SHARED_MODELS = {"patients.models", "core.models"}


def _app_files() -> Iterator[tuple[str, Path]]:
    for app in LADDER:
        folder = ROOT / app
        if folder.is_dir():
            for path in sorted(folder.rglob("*.py")):
                yield app, path


def imported_modules(source: str, module: str) -> Iterator[tuple[int, str]]:
    """Yield (line, dotted name) of every import in a module, however deeply nested.

    ``from x import y`` yields ``x.y`` as well as ``x``, so ``from diaries import
    models`` counts as importing ``diaries.models``. Relative imports are resolved
    against ``module``.
    """
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")[: -node.level]
                base = ".".join([*parent, base] if base else parent)
            yield node.lineno, base
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def violations(app: str, module: str, source: str) -> list[str]:
    """Return every import of a module of ``app`` that breaks the ladder or the models rule."""
    found = []
    reported: set[int] = set()
    for line, name in imported_modules(source, module):
        parts = name.split(".")
        target = parts[0]
        if target not in LADDER or target == app or line in reported:
            continue
        where = f"{module}:{line} imports {name}"
        if LADDER[target] >= LADDER[app]:
            found.append(f"{where}: {app} may not import {target} (not below it on the ladder)")
        elif len(parts) >= 2 and parts[1] == "models" and ".".join(parts[:2]) not in SHARED_MODELS:
            found.append(f"{where}: read through {target}.selectors, not its models")
        else:
            continue
        reported.add(line)  # one message per import statement is enough
    return found


def _module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_no_app_imports_up_the_ladder_or_another_apps_models() -> None:
    found = []
    for app, path in _app_files():
        found += violations(app, _module_name(path), path.read_text())
    assert found == [], "\n".join(found)


def test_every_app_of_the_ladder_is_installed_and_nothing_else_is_a_project_app() -> None:
    from django.conf import settings

    project_apps = [a for a in settings.INSTALLED_APPS if (ROOT / a.split(".")[0]).is_dir()]
    assert set(project_apps) <= set(LADDER)
    assert [a for a in LADDER if (ROOT / a).is_dir()] == [a for a in LADDER if a in project_apps], (
        "INSTALLED_APPS lists the apps in ladder order"
    )


@pytest.mark.parametrize(
    ("app", "module", "source"),
    [
        # The kinds of violation the review found, each in the shape it took.
        ("core", "core.access", "from patients.models import Patient"),
        ("patients", "patients.services", "def f():\n    from reminders.services import x\n"),
        ("patients", "patients.cmd", "def f():\n    from diaries import demo as d\n"),
        ("diaries", "diaries.report", "from reminders.selectors import alerts_in_range"),
        ("exercises", "exercises.skips", "from reminders.models import Delivery"),
        ("exercises", "exercises.apps", "class A:\n    def r(self):\n        import reminders\n"),
        ("exercises", "exercises.x", "from goals.services import goals_evaluate"),
        ("reminders", "reminders.alerts", "from diaries.models import DiaryEntry"),
        ("reminders", "reminders.demo", "from diaries import models"),
        ("clinic", "clinic.x", "import pwa.views"),
        (
            "diaries",
            "diaries.x",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import reminders.models\n",
        ),
        ("diaries", "diaries.api.x", "from ...reminders import services"),
    ],
)
def test_it_catches_an_import_down_the_ladder(app: str, module: str, source: str) -> None:
    assert violations(app, module, source)


@pytest.mark.parametrize(
    ("app", "module", "source"),
    [
        ("reminders", "reminders.alerts", "from diaries.selectors import diary_entry_list"),
        ("goals", "goals.models", "from patients.models import Patient"),
        ("patients", "patients.models", "from core.models import TimeStampedModel"),
        ("clinic", "clinic.report", "from reminders.selectors import alerts_in_range"),
        ("diaries", "diaries.services", "from diaries.models import DiaryEntry"),
        ("diaries", "diaries.api", "from django.db import models"),
    ],
)
def test_it_allows_imports_up_the_ladder(app: str, module: str, source: str) -> None:
    assert violations(app, module, source) == []
