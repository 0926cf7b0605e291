"""The access matrix: every endpoint against every kind of caller.

Each app's tests declare rows; ``assert_access`` runs one row for one caller.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rest_framework.test import APIClient

from patients.models import User
from tests.conftest import Cast

CALLERS = (
    "patient",
    "other_patient",
    "clinician",
    "other_clinician",
    "caregiver",
    "revoked_caregiver",
    "anonymous",
)

# The usual answers: readers see, strangers get 404, anonymous 401.
READ = {
    "patient": 200,
    "other_patient": 404,
    "clinician": 200,
    "other_clinician": 404,
    "caregiver": 200,
    "revoked_caregiver": 404,
    "anonymous": 401,
}


def expect(base: Mapping[str, int], **overrides: int) -> dict[str, int]:
    return {**base, **overrides}


@dataclass(frozen=True)
class Row:
    method: str
    url: str  # may name {alice}, {bob} and any key the row's setup returns
    expected: Mapping[str, int]
    body: Any = None
    setup: Callable[[Cast], dict[str, Any]] = field(default=lambda cast: {})
    headers: Mapping[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def assert_access(
    row: Row, caller: str, cast: Cast, client_for: Callable[[User | None], APIClient]
) -> None:
    """Call the row's endpoint as the caller and check the status code."""
    names = {"alice": cast.alice.pk, "bob": cast.bob.pk, **row.setup(cast)}
    url = row.url.format(**names)
    client = client_for(cast.user(caller))
    extra: dict[str, Any] = {
        f"HTTP_{key.upper().replace('-', '_')}": value for key, value in row.headers.items()
    }
    response = client.generic(
        row.method,
        url,
        data="" if row.body is None else _json(row.body, names),
        content_type="application/json",
        **extra,
    )
    expected = row.expected[caller]
    assert response.status_code == expected, (
        f"{row} as {caller}: {response.status_code} != {expected}: {response.content[:300]!r}"
    )


def _json(body: Any, names: Mapping[str, Any]) -> str:
    text = json.dumps(body)
    for key, value in names.items():
        text = text.replace(f"{{{key}}}", str(value))
    return text
