"""The vendored JavaScript is exactly what pwa/vendor.lock.json records (no network)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LOCK = json.loads((ROOT / "pwa" / "vendor.lock.json").read_text())["packages"]


@pytest.mark.parametrize("entry", LOCK, ids=[entry["name"] for entry in LOCK])
def test_each_vendored_file_matches_its_recorded_checksum(entry: dict[str, str]) -> None:
    path = ROOT / entry["target"]
    assert path.is_file(), f"{entry['target']} is missing: run make vendor"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
    assert entry["version"].count(".") == 2  # pinned: an exact version, never a range


def test_the_lock_lists_every_vendored_file_and_the_packages_of_issue_10() -> None:
    targets = {entry["target"] for entry in LOCK}
    on_disk = {
        path.relative_to(ROOT).as_posix()
        for folder in (
            "pwa/static/pwa/vendor",
            "tests/browser/vendor",
            "clinic/static/clinic/vendor",
        )
        for path in (ROOT / folder).glob("*")
        if path.is_file()
    }
    assert on_disk == targets
    assert {entry["name"] for entry in LOCK} >= {"htm", "idb", "axe-core", "htmx.org"}
    assert next(e for e in LOCK if e["name"] == "axe-core")["version"] == "4.14.1"
    assert next(e for e in LOCK if e["name"] == "htmx.org")["version"].startswith("2.")
