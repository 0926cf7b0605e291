"""Who may reach which exercise endpoint."""

from __future__ import annotations

import datetime
import uuid

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
from tests.exercises.helpers import ensure_library, items_of, local_today, log_sessions, make_plan

PATIENT_WRITES = expect(READ, clinician=403, caregiver=403)
CARE_TEAM_WRITES = expect(READ, patient=403, caregiver=403)
SIGNED_IN = expect(READ, other_patient=200, other_clinician=200, revoked_caregiver=200)
CLINICIANS_ADD = expect(
    SIGNED_IN, patient=403, other_patient=403, caregiver=403, revoked_caregiver=403,
    clinician=201, other_clinician=201,
)  # fmt: skip


def _with_plan(cast: Cast) -> dict[str, object]:
    plan = make_plan(cast.alice, cast.carol)
    item = items_of(plan)[0]
    log_sessions(item, [local_today(cast.alice) - datetime.timedelta(days=1)])
    return {"item": item.pk, "today": local_today(cast.alice).isoformat(), "uuid": uuid.uuid4()}


def _library(cast: Cast) -> dict[str, object]:
    ensure_library()
    return {}


def _due(cast: Cast) -> dict[str, object]:
    ensure_library()
    return {"due": (local_today(cast.alice) + datetime.timedelta(days=30)).isoformat()}


CUSTOM = {
    "name": "Towel slide", "setting": "land", "category": "range_of_motion",
    "target_muscles": ["hip flexors"], "instructions": "Slide the heel on a towel.",
    "cautions": "Stay pain-tolerable.", "min_weight_bearing": "protected",
    "default_reps": 10, "default_per_week": 5,
}  # fmt: skip
PLAN = {"title": "Plan", "items": [{"exercise": "glute-bridge"}]}
SESSION = {"plan_item": "{item}", "date": "{today}", "sets_done": 2, "pain_during": 2}
GOAL = {"metric": "sessions_per_week", "baseline": 0, "target": 5, "due_date": "{due}"}
MEASUREMENT = {"movement": "flexion", "degrees": 95}

ROWS = [
    Row("GET", "/api/v1/exercises/", SIGNED_IN, setup=_library),
    Row("POST", "/api/v1/exercises/", CLINICIANS_ADD, CUSTOM, setup=_library),
    Row("GET", "/api/v1/patients/{alice}/plans/", READ, setup=_with_plan),
    Row("POST", "/api/v1/patients/{alice}/plans/", expect(CARE_TEAM_WRITES, clinician=201), PLAN, setup=_library),
    Row("GET", "/api/v1/patients/{alice}/plan/", READ, setup=_with_plan),
    Row("PUT", "/api/v1/patients/{alice}/sessions/{uuid}/", expect(PATIENT_WRITES, patient=201), SESSION, setup=_with_plan),
    Row("GET", "/api/v1/patients/{alice}/sessions/", READ, setup=_with_plan),
    Row("GET", "/api/v1/patients/{alice}/adherence/", READ, setup=_with_plan),
    Row("GET", "/api/v1/patients/{alice}/goals/", READ, setup=_due),
    Row("POST", "/api/v1/patients/{alice}/goals/", expect(CARE_TEAM_WRITES, clinician=201), GOAL, setup=_due),
    Row("GET", "/api/v1/patients/{alice}/measurements/", READ),
    Row("POST", "/api/v1/patients/{alice}/measurements/", expect(CARE_TEAM_WRITES, clinician=201), MEASUREMENT),
]  # fmt: skip


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("row", ROWS, ids=str)
def test_access_matrix(row: Row, caller: str, cast: Cast, client_for: ClientFor) -> None:
    assert_access(row, caller, cast, client_for)


@pytest.mark.parametrize("caller", ["patient", "clinician", "caregiver"])
def test_bobs_data_is_a_404_by_id_for_alices_circle(
    caller: str, cast: Cast, client_for: ClientFor
) -> None:
    make_plan(cast.bob, cast.dave)
    client = client_for(cast.user(caller))
    for tail in ("plans/", "plan/", "sessions/", "adherence/", "goals/", "measurements/"):
        assert client.get(f"/api/v1/patients/{cast.bob.pk}/{tail}").status_code == 404


EXERCISES = frozenset({CaregiverScope.EXERCISES})
SCORES = frozenset({CaregiverScope.DIARY_SCORES})
SCOPED_READS = [
    ScopedRead("/api/v1/patients/{alice}/plans/", EXERCISES, setup=_with_plan),
    ScopedRead("/api/v1/patients/{alice}/plan/", EXERCISES, setup=_with_plan),
    ScopedRead("/api/v1/patients/{alice}/sessions/", EXERCISES, setup=_with_plan),
    ScopedRead("/api/v1/patients/{alice}/adherence/", EXERCISES, setup=_with_plan),
    ScopedRead("/api/v1/patients/{alice}/goals/", SCORES, setup=_due),
    ScopedRead("/api/v1/patients/{alice}/measurements/", SCORES),
]


@pytest.mark.parametrize("scopes", SCOPE_CASES.values(), ids=SCOPE_CASES.keys())
@pytest.mark.parametrize("read", SCOPED_READS, ids=str)
def test_caregiver_scope_matrix(
    read: ScopedRead, scopes: frozenset[str], cast: Cast, client_for: ClientFor
) -> None:
    assert_scoped_read(read, scopes, cast, client_for)
