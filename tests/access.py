"""The access matrix: every endpoint against every kind of caller.

Each app's tests declare rows; ``assert_access`` runs one row for one caller.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from rest_framework.test import APIClient

from patients.models import CaregiverScope, User
from tests.conftest import Cast
from tests.factories import make_caregiver

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


# What a caregiver's link may share: each scope alone, none (every link made before
# scopes existed) and all of them.
SCOPE_CASES: dict[str, frozenset[str]] = {
    **{scope.value: frozenset({scope.value}) for scope in CaregiverScope},
    "no_scope": frozenset(),
    "every_scope": frozenset(s.value for s in CaregiverScope),
}


@dataclass(frozen=True)
class ScopedRead:
    """A GET a caregiver may make only with one of `needs` (else 404, as if it did not exist)."""

    url: str
    needs: frozenset[str]
    setup: Callable[[Cast], dict[str, Any]] = field(default=lambda cast: {})

    def __str__(self) -> str:
        return f"GET {self.url} needs {'|'.join(sorted(self.needs))}"


def caregiver_with(cast: Cast, scopes: Collection[str], username: str = "gina") -> User:
    """A second active caregiver of alice's, sharing exactly `scopes`."""
    return make_caregiver(username, cast.alice, scopes=scopes)


def assert_scoped_read(
    read: ScopedRead,
    scopes: Collection[str],
    cast: Cast,
    client_for: Callable[[User | None], APIClient],
) -> None:
    """A caregiver with `scopes` reads the endpoint (200) or finds nothing (404)."""
    names = {"alice": cast.alice.pk, "bob": cast.bob.pk, **read.setup(cast)}
    response = client_for(caregiver_with(cast, scopes)).get(read.url.format(**names))
    expected = 200 if read.needs & set(scopes) else 404
    assert response.status_code == expected, (
        f"{read} with {sorted(scopes)}: {response.status_code} != {expected}: "
        f"{response.content[:300]!r}"
    )
