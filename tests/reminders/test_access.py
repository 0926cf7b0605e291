"""Who may reach alerts, reminders, notifications and push endpoints."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from patients.models import CaregiverScope
from reminders.models import Alert, Notification, ReminderSchedule
from tests.access import (
    CALLERS,
    READ,
    SCOPE_CASES,
    Row,
    ScopedRead,
    assert_access,
    assert_scoped_read,
    caregiver_with,
    expect,
)
from tests.conftest import Cast, ClientFor

SIGNED_IN = dict.fromkeys(CALLERS, 200) | {"anonymous": 401}


def _alert(cast: Cast) -> dict[str, int]:
    alert = Alert.objects.create(
        patient=cast.alice, rule="fall", severity="urgent", reason="A fall was reported.",
        evidence={}, diary_date=timezone.now().date(),
    )  # fmt: skip
    return {"alert": alert.pk}


def _schedule(cast: Cast) -> dict[str, object]:
    schedule = ReminderSchedule.objects.create(
        patient=cast.alice,
        kind="diary",
        times=["19:00"],
        weekdays=list(range(7)),
        channels=["inbox"],
    )
    return {"reminder": schedule.pk}


def _alice_notification(cast: Cast) -> dict[str, object]:
    note = Notification.objects.create(
        recipient=cast.alice_user, kind="reminder", title="t", body="b"
    )
    return {"notification": note.pk}


ACK = expect(READ, patient=403, caregiver=403)
WRITE = expect(READ, caregiver=403)
TOMORROW = (timezone.now() + datetime.timedelta(days=2)).date().isoformat()

ROWS = [
    Row("GET", "/api/v1/alerts/{alert}/", READ, setup=_alert),
    Row("POST", "/api/v1/alerts/{alert}/acknowledge/", ACK, {"note": "seen"}, setup=_alert),
    Row("POST", "/api/v1/alerts/{alert}/resolve/", ACK, {}, setup=_alert),
    Row("GET", "/api/v1/patients/{alice}/alert-settings/", expect(READ, patient=403, caregiver=403)),
    Row("PUT", "/api/v1/patients/{alice}/alert-settings/", expect(READ, patient=403, caregiver=403),
        {"overrides": {"pain_spike_delta": 4}}),
    Row("GET", "/api/v1/patients/{alice}/reminders/", READ),
    Row("POST", "/api/v1/patients/{alice}/reminders/", expect(WRITE, patient=201, clinician=201),
        {"kind": "exercise", "times": ["17:00"]}),
    Row("GET", "/api/v1/patients/{alice}/reminders/{reminder}/", READ, setup=_schedule),
    Row("PATCH", "/api/v1/patients/{alice}/reminders/{reminder}/", WRITE,
        {"paused_until": TOMORROW}, setup=_schedule),
    Row("DELETE", "/api/v1/patients/{alice}/reminders/{reminder}/", expect(WRITE, patient=204, clinician=204),
        setup=_schedule),
    Row("POST", "/api/v1/notifications/{notification}/read/",
        expect(SIGNED_IN, other_patient=404, clinician=404, other_clinician=404, caregiver=404,
               revoked_caregiver=404), setup=_alice_notification),
    Row("GET", "/api/v1/notifications/", SIGNED_IN),
    Row("GET", "/api/v1/alerts/", SIGNED_IN),
    Row("GET", "/api/v1/push/vapid-public-key/", dict.fromkeys(CALLERS, 200)),
]  # fmt: skip


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("row", ROWS, ids=str)
def test_access_matrix(row: Row, caller: str, cast: Cast, client_for: ClientFor) -> None:
    assert_access(row, caller, cast, client_for)


@pytest.mark.parametrize(
    ("caller", "visible"),
    [("patient", 1), ("other_patient", 0), ("clinician", 1), ("other_clinician", 0),
     ("caregiver", 1), ("revoked_caregiver", 0)],
)  # fmt: skip
def test_alert_lists_are_scoped(
    cast: Cast, client_for: ClientFor, caller: str, visible: int
) -> None:
    _alert(cast)
    assert len(client_for(cast.user(caller)).get("/api/v1/alerts/").json()) == visible


def test_acknowledging_someone_elses_alert_is_a_404(cast: Cast, client_for: ClientFor) -> None:
    alert_id = _alert(cast)["alert"]
    response = client_for(cast.dave).post(
        f"/api/v1/alerts/{alert_id}/acknowledge/", {}, format="json"
    )
    assert response.status_code == 404
    assert Alert.objects.get(pk=alert_id).status == "open"


@pytest.mark.parametrize("query", ["status=bogus", "patient=abc", "patient=-1"])
def test_bad_alert_filters_are_a_400(cast: Cast, client_for: ClientFor, query: str) -> None:
    assert client_for(cast.carol).get(f"/api/v1/alerts/?{query}").status_code == 400


def test_the_alert_list_filters_by_status_and_patient(cast: Cast, client_for: ClientFor) -> None:
    _alert(cast)
    client = client_for(cast.carol)
    assert len(client.get(f"/api/v1/alerts/?status=open&patient={cast.alice.pk}").json()) == 1
    assert client.get("/api/v1/alerts/?status=acknowledged").json() == []
    assert client.get(f"/api/v1/alerts/?patient={cast.bob.pk}").json() == []


@pytest.mark.parametrize("scopes", SCOPE_CASES.values(), ids=SCOPE_CASES.keys())
def test_caregiver_scope_matrix(scopes: frozenset[str], cast: Cast, client_for: ClientFor) -> None:
    read = ScopedRead("/api/v1/alerts/{alert}/", frozenset({CaregiverScope.ALERTS}), setup=_alert)
    assert_scoped_read(read, scopes, cast, client_for)


@pytest.mark.parametrize("scopes", SCOPE_CASES.values(), ids=SCOPE_CASES.keys())
def test_a_caregivers_alert_list_holds_alerts_only_with_the_alerts_scope(
    scopes: frozenset[str], cast: Cast, client_for: ClientFor
) -> None:
    _alert(cast)
    client = client_for(caregiver_with(cast, scopes))
    visible = 1 if CaregiverScope.ALERTS in scopes else 0
    assert len(client.get("/api/v1/alerts/").json()) == visible
    assert len(client.get(f"/api/v1/alerts/?patient={cast.alice.pk}").json()) == visible
