"""The OpenAPI schema is generated without warnings and served with the docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client


def test_schema_generation_produces_no_warnings(db: None, tmp_path: Path) -> None:
    # --fail-on-warn turns every drf-spectacular warning and error into a failure.
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "s.yaml"))
    assert (tmp_path / "s.yaml").read_text().startswith("openapi:")


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_are_served(client: Client, path: str) -> None:
    assert client.get(path).status_code == 200
