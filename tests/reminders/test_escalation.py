"""The escalation ladder: the responsible physiotherapist, then the care team's other
clinicians, then the team's escalation contact; each step once, never the same people."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from patients.models import CareTeamContact, CareTeamMembership, User
from reminders import alerts, dispatch
from reminders.models import Alert, Delivery, Notification
from tests.conftest import Cast, ClientFor
from tests.factories import make_clinician
from tests.reminders.helpers import put_day, steady_history

LEAD = "clinic-lead@example.org"


def _after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.HIPWELL["ALERT_ESCALATE_AFTER_MINUTES"])


def _open_fall(cast: Cast, client_for: ClientFor) -> tuple[Alert, datetime.datetime]:
    """Open an urgent fall alert for alice; return it and the instant it opened."""
    today = steady_history(cast.alice)
    put_day(client_for(cast.alice_user), today, fall=True)
    alert = Alert.objects.get(patient=cast.alice)
    opened = alert.created_at.replace(microsecond=0)
    Alert.objects.filter(pk=alert.pk).update(created_at=opened)
    alert.refresh_from_db()
    return alert, opened


def _join(cast: Cast, clinician: User, *, started: datetime.datetime | None = None) -> None:
    membership = CareTeamMembership.objects.create(patient=cast.alice, clinician=clinician)
    if started is not None:
        CareTeamMembership.objects.filter(pk=membership.pk).update(started_at=started)


def _contact(cast: Cast, email: str = LEAD) -> None:
    CareTeamContact.objects.create(patient=cast.alice, escalation_email=email)


def _told(purpose: str) -> set[int | None]:
    return set(Delivery.objects.filter(purpose=purpose).values_list("recipient_id", flat=True))


def _level(alert: Alert) -> int:
    alert.refresh_from_db()
    return alert.escalation_level


# --- level 0 ---------------------------------------------------------------------------


def test_an_alert_first_reaches_only_the_longest_serving_active_clinician(
    cast: Cast, client_for: ClientFor
) -> None:
    erin_clinician = make_clinician("ed")
    carol_start = CareTeamMembership.objects.get(clinician=cast.carol).started_at
    _join(cast, cast.dave, started=carol_start - datetime.timedelta(days=30))
    _join(cast, erin_clinician)
    alert, _ = _open_fall(cast, client_for)
    # Dave has served alice longest: he is her responsible physiotherapist.
    assert _told("alert") == {cast.dave.pk}
    assert (alert.escalation_level, alert.escalated_at) == (0, None)


def test_an_inactive_or_ended_clinician_is_not_the_responsible_one(
    cast: Cast, client_for: ClientFor
) -> None:
    carol_start = CareTeamMembership.objects.get(clinician=cast.carol).started_at
    _join(cast, cast.dave, started=carol_start + datetime.timedelta(days=1))
    cast.carol.is_active = False
    cast.carol.save()
    _open_fall(cast, client_for)
    assert _told("alert") == {cast.dave.pk}


def test_a_raised_severity_reaches_the_responsible_clinician_only(
    cast: Cast, client_for: ClientFor
) -> None:
    _join(cast, cast.dave)
    today = steady_history(cast.alice)
    client = client_for(cast.alice_user)
    put_day(client, today - datetime.timedelta(days=1), pain_activity=8)
    assert Alert.objects.get().severity == "high"
    Delivery.objects.all().delete()
    put_day(client, today, pain_activity=10)
    assert Alert.objects.get().severity == "urgent"
    assert _told("alert") == {cast.carol.pk}


# --- level 1 ---------------------------------------------------------------------------


def test_level_one_waits_for_the_escalation_time(cast: Cast, client_for: ClientFor) -> None:
    _join(cast, cast.dave)
    alert, opened = _open_fall(cast, client_for)
    just_before = opened + _after() - datetime.timedelta(seconds=1)
    assert alerts.alerts_escalate(just_before) == []
    assert _level(alert) == 0
    assert _told("escalation") == set()


def test_level_one_tells_the_other_clinicians_not_the_responsible_one_again(
    cast: Cast, client_for: ClientFor
) -> None:
    ed = make_clinician("ed")
    _join(cast, cast.dave)
    _join(cast, ed)
    alert, opened = _open_fall(cast, client_for)
    at = opened + _after()
    assert [a.pk for a in alerts.alerts_escalate(at)] == [alert.pk]
    alert.refresh_from_db()
    assert (alert.escalation_level, alert.escalated_at) == (1, at)
    assert _told("escalation") == {cast.dave.pk, ed.pk}
    # On every channel each of them has, as for the first message.
    assert set(
        Delivery.objects.filter(purpose="escalation", recipient=cast.dave).values_list(
            "channel", flat=True
        )
    ) == {"inbox", "email"}


def test_an_ended_or_inactive_colleague_is_not_escalated_to(
    cast: Cast, client_for: ClientFor
) -> None:
    ed = make_clinician("ed")
    _join(cast, cast.dave)
    _join(cast, ed)
    CareTeamMembership.objects.filter(clinician=cast.dave).update(ended_at=timezone.now())
    ed.is_active = False
    ed.save()
    _contact(cast)
    alert, opened = _open_fall(cast, client_for)
    alerts.alerts_escalate(opened + _after())
    # Nobody else is active on the team: straight to the escalation contact.
    assert _level(alert) == 2
    assert _told("escalation") == {None}


# --- level 2 ---------------------------------------------------------------------------


def test_level_two_goes_to_the_escalation_email_another_escalation_time_later(
    cast: Cast, client_for: ClientFor
) -> None:
    _join(cast, cast.dave)
    _contact(cast)
    alert, opened = _open_fall(cast, client_for)
    first = opened + _after()
    alerts.alerts_escalate(first)
    assert alerts.alerts_escalate(first + _after() - datetime.timedelta(seconds=1)) == []
    assert _level(alert) == 1
    second = first + _after() + datetime.timedelta(seconds=1)
    assert [a.pk for a in alerts.alerts_escalate(second)] == [alert.pk]
    alert.refresh_from_db()
    assert (alert.escalation_level, alert.escalated_at) == (2, second)
    (contact,) = Delivery.objects.filter(purpose="escalation", recipient__isnull=True)
    assert (contact.to_address, contact.channel) == (LEAD, "email")
    # The top of the ladder: nothing further, however long it stays open.
    assert alerts.alerts_escalate(second + 10 * _after()) == []


def test_the_escalation_email_is_mailed_to_the_address_and_nowhere_else(
    cast: Cast, client_for: ClientFor
) -> None:
    _contact(cast)
    alert, opened = _open_fall(cast, client_for)
    mail.outbox.clear()
    at = opened + _after()
    alerts.alerts_escalate(at)
    assert dispatch.dispatch_due(at) == {"sent": 1}
    (message,) = mail.outbox
    assert message.to == [LEAD]
    assert message.subject.startswith("ESCALATED (level 2, open 4 h)")
    assert "Escalation level 2 of 2" in message.body
    assert "open for 4 h" in message.body
    assert f"/alerts/{alert.pk}" in message.body
    assert not Notification.objects.filter(kind="escalation").exists()


def test_a_team_of_one_goes_straight_to_the_escalation_contact(
    cast: Cast, client_for: ClientFor
) -> None:
    _contact(cast)
    alert, opened = _open_fall(cast, client_for)
    assert alerts.alerts_escalate(opened + _after() - datetime.timedelta(seconds=1)) == []
    assert len(alerts.alerts_escalate(opened + _after())) == 1
    assert _level(alert) == 2
    assert not Delivery.objects.filter(purpose="escalation", recipient=cast.carol).exists()
    assert Delivery.objects.filter(purpose="escalation", to_address=LEAD).count() == 1


def test_without_an_escalation_email_level_two_tells_the_operators_and_warns(
    cast: Cast, client_for: ClientFor, caplog: pytest.LogCaptureFixture
) -> None:
    operator = User.objects.create_user("ops", email="ops@example.org", role="admin", is_staff=True)
    User.objects.create_user("gone", role="admin", is_staff=True, is_active=False)
    alert, opened = _open_fall(cast, client_for)
    with caplog.at_level(logging.WARNING, logger="hipwell.alerts"):
        assert len(alerts.alerts_escalate(opened + _after())) == 1
    assert _level(alert) == 2
    assert _told("escalation") == {operator.pk}
    assert "no escalation email" in caplog.text


def test_level_two_never_goes_back_to_people_already_told(
    cast: Cast, client_for: ClientFor
) -> None:
    # Dave is a colleague on the team and an operator: told at level 1, not again at 2.
    cast.dave.is_staff = True
    cast.dave.save()
    _join(cast, cast.dave)
    alert, opened = _open_fall(cast, client_for)
    first = opened + _after()
    alerts.alerts_escalate(first)
    assert _told("escalation") == {cast.dave.pk}
    assert alerts.alerts_escalate(first + _after()) == []
    assert _level(alert) == 1
    assert Delivery.objects.filter(purpose="escalation").values("recipient").distinct().count() == 1


def test_with_nobody_new_to_tell_the_alert_waits_and_climbs_once_someone_joins(
    cast: Cast, client_for: ClientFor
) -> None:
    alert, opened = _open_fall(cast, client_for)
    assert alerts.alerts_escalate(opened + _after()) == []
    assert (_level(alert), alert.escalated_at) == (0, None)
    _join(cast, cast.dave)
    later = opened + 2 * _after()
    assert len(alerts.alerts_escalate(later)) == 1
    assert _level(alert) == 1
    assert _told("escalation") == {cast.dave.pk}


# --- once, and only while open ----------------------------------------------------------


def test_two_beats_racing_take_one_step(cast: Cast, client_for: ClientFor) -> None:
    _join(cast, cast.dave)
    alert, opened = _open_fall(cast, client_for)
    at = opened + _after()
    # Both beats read the alert at level 0 before either writes.
    first, second = Alert.objects.get(pk=alert.pk), Alert.objects.get(pk=alert.pk)
    assert alerts._escalate_one(first, at) is True
    assert alerts._escalate_one(second, at) is False
    assert _level(alert) == 1
    assert Delivery.objects.filter(purpose="escalation").count() == 2  # dave: inbox, email
    assert alerts.alerts_escalate(at) == []


def test_an_acknowledged_alert_stops_climbing(cast: Cast, client_for: ClientFor) -> None:
    _join(cast, cast.dave)
    _contact(cast)
    alert, opened = _open_fall(cast, client_for)
    first = opened + _after()
    alerts.alerts_escalate(first)
    response = client_for(cast.dave).post(
        f"/api/v1/alerts/{alert.pk}/acknowledge/", {}, format="json"
    )
    assert response.status_code == 200
    assert alerts.alerts_escalate(first + 3 * _after()) == []
    assert _level(alert) == 1
    assert not Delivery.objects.filter(to_address=LEAD).exists()


def test_an_alert_acknowledged_while_a_beat_runs_is_not_escalated(
    cast: Cast, client_for: ClientFor
) -> None:
    _join(cast, cast.dave)
    alert, opened = _open_fall(cast, client_for)
    stale = Alert.objects.get(pk=alert.pk)  # the beat read it open
    alerts.alert_resolve(alert=alert, clinician=cast.carol)
    assert alerts._escalate_one(stale, opened + _after()) is False
    alert.refresh_from_db()
    assert (alert.status, alert.escalation_level, alert.escalated_at) == ("resolved", 0, None)
    assert not Delivery.objects.filter(purpose="escalation").exists()


# --- the rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recipient", "address", "channel"),
    [(True, LEAD, "email"), (False, "", "email"), (False, LEAD, "inbox"), (False, LEAD, "push")],
)
def test_a_delivery_goes_to_exactly_one_person_or_one_address_by_email(
    cast: Cast, recipient: bool, address: str, channel: str
) -> None:
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            recipient=cast.carol if recipient else None, to_address=address,
            patient=cast.alice, channel=channel, purpose="escalation", title="t", body="b",
            dedupe_key="k", due_at=now, next_attempt_at=now, expires_at=now,
        )  # fmt: skip


def test_the_alert_api_shows_the_level_and_never_the_escalation_address(
    cast: Cast, client_for: ClientFor
) -> None:
    _contact(cast)
    alert, opened = _open_fall(cast, client_for)
    alerts.alerts_escalate(opened + _after())
    seen = client_for(cast.carol).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert seen["escalation_level"] == 2
    listed = client_for(cast.carol).get(f"/api/v1/alerts/?patient={cast.alice.pk}").json()
    assert [a["escalation_level"] for a in listed] == [2]
    for person in (cast.alice_user, cast.erin, cast.carol):
        for url in (f"/api/v1/alerts/{alert.pk}/", "/api/v1/alerts/"):
            response = client_for(person).get(url)
            assert response.status_code == 200
            assert LEAD not in response.content.decode()
