"""Who may reach which diary endpoint."""

from __future__ import annotations

import pytest

from patients.models import CaregiverScope
from tests.access import (
    CALLERS,
    READ,
    SCOPE_CASES,
    Row,
    ScopedRead,
    assert_access,
    assert_scoped_read,
    expect,
)
from tests.conftest import Cast, ClientFor
from tests.diaries.helpers import local_today, make_entries


def _with_entry(cast: Cast) -> dict[str, object]:
    make_entries(cast.alice, 3)
    return {"today": local_today(cast.alice).isoformat()}


PATIENT_WRITES = expect(READ, clinician=403, caregiver=403)
CARE_TEAM_ONLY = expect(READ, patient=403, caregiver=403)

ROWS = [
    Row("PUT", "/api/v1/patients/{alice}/diary/{today}/", expect(PATIENT_WRITES, patient=201),
        {"pain_rest": 2}, setup=lambda cast: {"today": local_today(cast.alice).isoformat()}),
    Row("GET", "/api/v1/patients/{alice}/diary/{today}/", READ, setup=_with_entry),
    Row("DELETE", "/api/v1/patients/{alice}/diary/{today}/", expect(PATIENT_WRITES, patient=204), setup=_with_entry),
    Row("GET", "/api/v1/patients/{alice}/diary/", READ, setup=_with_entry),
    Row("GET", "/api/v1/patients/{alice}/diary/changes/", READ, setup=_with_entry),
    Row("GET", "/api/v1/patients/{alice}/diary/{today}/revisions/", expect(READ, caregiver=403), setup=_with_entry),
    Row("GET", "/api/v1/patients/{alice}/trends/", READ, setup=_with_entry),
    Row("GET", "/api/v1/patients/{alice}/charts/symptoms.png", READ, setup=_with_entry),
    Row("GET", "/api/v1/patients/{alice}/charts/walking.svg", READ, setup=_with_entry),
    Row("GET", "/api/v1/patients/{alice}/report.pdf", CARE_TEAM_ONLY, setup=_with_entry),
]  # fmt: skip


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("row", ROWS, ids=str)
def test_access_matrix(row: Row, caller: str, cast: Cast, client_for: ClientFor) -> None:
    assert_access(row, caller, cast, client_for)


DIARY = frozenset({CaregiverScope.DIARY_SCORES, CaregiverScope.NOTES, CaregiverScope.MOOD})
SCORES = frozenset({CaregiverScope.DIARY_SCORES})
SCOPED_READS = [
    ScopedRead("/api/v1/patients/{alice}/diary/{today}/", DIARY, setup=_with_entry),
    ScopedRead("/api/v1/patients/{alice}/diary/", DIARY, setup=_with_entry),
    ScopedRead("/api/v1/patients/{alice}/diary/changes/", DIARY, setup=_with_entry),
    ScopedRead("/api/v1/patients/{alice}/trends/", SCORES, setup=_with_entry),
    ScopedRead("/api/v1/patients/{alice}/charts/symptoms.png", SCORES, setup=_with_entry),
    ScopedRead("/api/v1/patients/{alice}/charts/walking.svg", SCORES, setup=_with_entry),
]


@pytest.mark.parametrize("scopes", SCOPE_CASES.values(), ids=SCOPE_CASES.keys())
@pytest.mark.parametrize("read", SCOPED_READS, ids=str)
def test_caregiver_scope_matrix(
    read: ScopedRead, scopes: frozenset[str], cast: Cast, client_for: ClientFor
) -> None:
    assert_scoped_read(read, scopes, cast, client_for)
