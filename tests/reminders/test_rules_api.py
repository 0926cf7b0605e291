"""The second edition of the red-flag rules, through the diary API and the worker."""

from __future__ import annotations

import datetime

from diaries.models import DiaryEntry
from patients.models import Patient
from reminders.models import Alert
from tests.conftest import Cast, ClientFor
from tests.reminders.helpers import STEADY, put_day, steady_history

# Three days of 8 before today after a week of 2s; the days between unscored.
MOOD_WEEKS: dict[int, dict[str, object]] = {
    n: {"mood": 8 if n < 4 else 2 if n >= 7 else None} for n in range(1, 15)
}


def _days(patient: Patient, today: datetime.date, by_offset: dict[int, dict[str, object]]) -> None:
    DiaryEntry.objects.filter(patient=patient).delete()
    DiaryEntry.objects.bulk_create(
        DiaryEntry(patient=patient, date=today - datetime.timedelta(days=n), **{**STEADY, **v})
        for n, v in by_offset.items()
    )


def _open(patient: Patient) -> dict[str, str]:
    return dict(
        Alert.objects.filter(patient=patient, status="open").values_list("rule", "severity")
    )


def test_a_9_on_a_mean_of_6_5_is_an_urgent_pain_spike(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    _days(cast.alice, today, {n: {"pain_activity": 6 + n % 2} for n in range(1, 5)})
    put_day(client_for(cast.alice_user), today, pain_activity=9)
    assert _open(cast.alice) == {"pain_spike": "urgent"}


def test_a_rise_from_1_to_4_is_not_a_red_flag(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    _days(cast.alice, today, {n: {"pain_activity": 1} for n in range(1, 5)})
    put_day(client_for(cast.alice_user), today, pain_activity=4)
    assert _open(cast.alice) == {}
    put_day(client_for(cast.alice_user), today, pain_activity=5)
    assert _open(cast.alice) == {"pain_spike": "high"}


def test_1000_m_to_100_m_after_four_days_is_a_walking_decline(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    _days(cast.alice, today, {n: {"walking_distance_m": 1000} for n in range(1, 5)})
    put_day(client_for(cast.alice_user), today, walking_distance_m=100)
    assert _open(cast.alice) == {"walking_decline": "high"}


def test_crutches_on_the_first_entry_compare_with_the_profile(
    cast: Cast, client_for: ClientFor
) -> None:
    assert cast.alice.walking_aid == "none"
    today = steady_history(cast.alice, days=0)
    put_day(client_for(cast.alice_user), today, walking_aid="crutches")
    alert = Alert.objects.get(patient=cast.alice)
    assert alert.rule == "walking_decline"
    assert "on the profile" in alert.reason
    assert alert.evidence["walking_aid"]["source"] == "profile"


def test_the_profiles_own_aid_on_the_first_entry_is_silent(
    cast: Cast, client_for: ClientFor
) -> None:
    Patient.objects.filter(pk=cast.alice.pk).update(walking_aid="crutches")
    today = steady_history(cast.alice, days=0)
    put_day(client_for(cast.alice_user), today, walking_aid="crutches")
    assert not Alert.objects.exists()


def test_night_pain_on_3_of_4_nights_fires_across_an_unlogged_night(
    cast: Cast, client_for: ClientFor
) -> None:
    today = steady_history(cast.alice)
    DiaryEntry.objects.filter(patient=cast.alice, date=today - datetime.timedelta(days=2)).delete()
    DiaryEntry.objects.filter(
        patient=cast.alice, date__in=[today - datetime.timedelta(days=n) for n in (1, 3)]
    ).update(pain_night=6)
    put_day(client_for(cast.alice_user), today, pain_night=5)
    alert = Alert.objects.get(patient=cast.alice, rule="night_pain")
    assert alert.severity == "moderate"
    assert "3 of the last 4 nights" in alert.reason


def test_a_month_of_creeping_pain_is_a_gradual_decline(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice, days=0)
    _days(cast.alice, today, {n: {"pain_rest": 4 if n < 7 else 2} for n in range(1, 28)})
    put_day(client_for(cast.alice_user), today, pain_rest=4)
    alert = Alert.objects.get(patient=cast.alice)
    assert (alert.rule, alert.severity) == ("gradual_decline", "moderate")
    assert "pain at rest" in alert.reason.lower()


def test_a_new_week_of_low_mood_is_flagged(cast: Cast, client_for: ClientFor) -> None:
    today = steady_history(cast.alice)
    _days(cast.alice, today, MOOD_WEEKS)
    put_day(client_for(cast.alice_user), today, mood=7)
    alert = Alert.objects.get(patient=cast.alice)
    assert (alert.rule, alert.severity) == ("low_mood", "moderate")


def test_the_care_team_tunes_the_new_thresholds(cast: Cast, client_for: ClientFor) -> None:
    url = f"/api/v1/patients/{cast.alice.pk}/alert-settings/"
    clinician = client_for(cast.carol)
    thresholds = clinician.get(url).json()["thresholds"]
    assert {
        "pain_spike_rise_min_score": 5,
        "night_pain_nights": 3,
        "night_pain_window_nights": 4,
        "night_pain_baseline_rise": 2,
        "gradual_pain_rise": 2,
        "gradual_walking_ratio": 0.7,
        "low_mood_level": 7,
        "walking_min_values": 3,
    }.items() <= thresholds.items()
    bad = clinician.put(url, {"overrides": {"night_pain_nights": 5}}, format="json")
    assert bad.status_code == 400
    ok = clinician.put(url, {"overrides": {"low_mood_level": 9}}, format="json")
    assert ok.status_code == 200
    today = steady_history(cast.alice)
    _days(cast.alice, today, MOOD_WEEKS)
    put_day(client_for(cast.alice_user), today, mood=8)
    assert not Alert.objects.filter(rule="low_mood").exists()
    clinician.put(url, {"overrides": {}}, format="json")
    put_day(client_for(cast.alice_user), today, mood=8, note="saved again")
    assert Alert.objects.filter(rule="low_mood").exists()


def test_a_tuned_night_pain_run_becomes_nights_of_a_window(cast: Cast) -> None:
    from importlib import import_module

    from django.apps import apps

    from reminders.models import PatientRuleSettings

    migration = import_module("reminders.migrations.0002_rules_second_edition")
    row = PatientRuleSettings.objects.create(
        patient=cast.alice, overrides={"night_pain_consecutive_days": 2, "pain_spike_delta": 4}
    )
    migration.rename_night_pain_overrides(apps, None)
    row.refresh_from_db()
    assert row.overrides == {
        "night_pain_nights": 2,
        "night_pain_window_nights": 3,
        "pain_spike_delta": 4,
    }
    migration.restore_night_pain_overrides(apps, None)
    row.refresh_from_db()
    assert row.overrides == {"night_pain_consecutive_days": 2, "pain_spike_delta": 4}
