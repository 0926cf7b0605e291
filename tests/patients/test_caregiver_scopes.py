"""Caregivers see what the patient chooses: scopes on the link, set at invite and by PATCH,
enforced field by field inside a resource (the matrix of whole resources is in each
app's test_access.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from patients.models import CaregiverLink
from tests.access import caregiver_with
from tests.conftest import Cast, ClientFor
from tests.diaries.helpers import local_today, make_entries
from tests.exercises.helpers import items_of, log_sessions, make_plan
from tests.factories import make_caregiver

CAREGIVERS = "/api/v1/patients/me/caregivers/"
SCORE_FIELDS = ("pain_rest", "pain_activity", "walking_distance_m", "fall", "limp")


def _link(cast: Cast, caregiver: Any) -> CaregiverLink:
    return CaregiverLink.objects.get(patient=cast.alice, caregiver=caregiver)


# --- choosing scopes --------------------------------------------------------------------


def test_a_new_caregiver_shares_scores_exercises_and_alerts_but_not_notes_or_mood(
    cast: Cast, client_for: ClientFor
) -> None:
    response = client_for(cast.alice_user).post(CAREGIVERS, {"name": "Partner"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["scopes"] == ["diary_scores", "exercises", "alerts"]
    assert body["receives_guidance"] is False
    link = CaregiverLink.objects.get(pk=body["id"])
    assert (link.scope_notes, link.scope_mood) == (False, False)


def test_the_patient_chooses_scopes_and_guidance_when_inviting(
    cast: Cast, client_for: ClientFor
) -> None:
    body = {"name": "Sister", "scopes": ["notes", "mood"], "receives_guidance": True}
    response = client_for(cast.alice_user).post(CAREGIVERS, body, format="json")
    assert response.status_code == 201
    assert response.json()["scopes"] == ["notes", "mood"]
    assert response.json()["receives_guidance"] is True


def test_a_link_made_before_scopes_existed_shares_nothing(cast: Cast) -> None:
    # The migration adds every scope column with default False: an old row is this row.
    link = CaregiverLink.objects.create(patient=cast.alice, name="Old link")
    assert link.scopes == []
    assert link.receives_guidance is False


def test_the_patient_changes_scopes_with_patch(cast: Cast, client_for: ClientFor) -> None:
    link = _link(cast, cast.erin)
    url = f"{CAREGIVERS}{link.pk}/"
    client = client_for(cast.alice_user)
    response = client.patch(url, {"scopes": ["mood", "alerts"]}, format="json")
    assert response.status_code == 200
    assert response.json()["scopes"] == ["mood", "alerts"]
    assert response.json()["receives_guidance"] is False
    response = client.patch(url, {"receives_guidance": True}, format="json")
    assert (response.json()["scopes"], response.json()["receives_guidance"]) == (
        ["mood", "alerts"],
        True,
    )
    assert client.patch(url, {"scopes": []}, format="json").json()["scopes"] == []
    link.refresh_from_db()
    assert (link.scopes, link.receives_guidance) == ([], True)
    # Erin now reads nothing of the diary.
    make_entries(cast.alice, 2)
    diary = client_for(cast.erin).get(f"/api/v1/patients/{cast.alice.pk}/diary/")
    assert diary.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"scopes": ["everything"]},
        {"scopes": "notes"},
        {"scopes": ["notes", "notes"]},
        {"scopes": None},
        {"receives_guidance": "maybe"},
    ],
)
def test_bad_scope_changes_are_a_400_and_change_nothing(
    cast: Cast, client_for: ClientFor, body: dict[str, object]
) -> None:
    link = _link(cast, cast.erin)
    before = link.scopes
    response = client_for(cast.alice_user).patch(f"{CAREGIVERS}{link.pk}/", body, format="json")
    assert response.status_code == 400
    link.refresh_from_db()
    assert link.scopes == before


def test_a_bad_scope_on_invite_is_a_400(cast: Cast, client_for: ClientFor) -> None:
    body = {"name": "Sister", "scopes": ["diary"]}
    response = client_for(cast.alice_user).post(CAREGIVERS, body, format="json")
    assert response.status_code == 400
    assert "scopes" in response.json()


def test_another_patients_link_id_is_a_404(cast: Cast, client_for: ClientFor) -> None:
    bobs = CaregiverLink.objects.create(patient=cast.bob, name="Bob's brother")
    url = f"{CAREGIVERS}{bobs.pk}/"
    response = client_for(cast.alice_user).patch(url, {"scopes": ["notes"]}, format="json")
    assert response.status_code == 404
    assert client_for(cast.alice_user).patch(f"{CAREGIVERS}x/", {"scopes": []}).status_code == 404


def test_the_caregiver_list_shows_each_links_scopes(cast: Cast, client_for: ClientFor) -> None:
    make_caregiver("gina", cast.alice, scopes=["notes"])
    rows = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/caregivers/").json()
    assert {row["username"]: row["scopes"] for row in rows}["gina"] == ["notes"]


# --- fields inside a resource -----------------------------------------------------------


def _diary(cast: Cast) -> None:
    make_entries(cast.alice, 3, mood=6, note="Bad night, argued with my sister.")


def _diary_reads(cast: Cast, client: Any) -> list[dict[str, Any]]:
    base = f"/api/v1/patients/{cast.alice.pk}/diary/"
    today = local_today(cast.alice).isoformat()
    day = client.get(f"{base}{today}/")
    listed = client.get(base)
    changes = client.get(f"{base}changes/")
    assert (day.status_code, listed.status_code, changes.status_code) == (200, 200, 200)
    return [day.json(), *listed.json(), *changes.json()["entries"]]


@pytest.mark.parametrize(
    ("scopes", "shown", "hidden"),
    [
        pytest.param(["diary_scores"], SCORE_FIELDS, ("note", "mood"), id="scores-only"),
        pytest.param(["notes"], ("note",), (*SCORE_FIELDS, "mood"), id="notes-only"),
        pytest.param(["mood"], ("mood",), (*SCORE_FIELDS, "note"), id="mood-only"),
        pytest.param(
            ["diary_scores", "notes", "mood"], (*SCORE_FIELDS, "note", "mood"), (), id="all"
        ),
        pytest.param(["exercises", "alerts"], None, None, id="no-diary-scope-404"),
    ],
)
def test_diary_fields_follow_the_caregivers_scopes(
    cast: Cast,
    client_for: ClientFor,
    scopes: list[str],
    shown: tuple[str, ...] | None,
    hidden: tuple[str, ...] | None,
) -> None:
    _diary(cast)
    client = client_for(caregiver_with(cast, scopes))
    if shown is None or hidden is None:
        url = f"/api/v1/patients/{cast.alice.pk}/diary/"
        assert client.get(url).status_code == 404
        return
    for entry in _diary_reads(cast, client):
        assert {"date", "version"} <= set(entry)
        assert set(shown) <= set(entry)
        assert not set(hidden) & set(entry)
        if "note" in shown:
            assert entry["note"] == "Bad night, argued with my sister."


def test_the_patient_and_the_care_team_see_every_diary_field(
    cast: Cast, client_for: ClientFor
) -> None:
    _diary(cast)
    for user in (cast.alice_user, cast.carol):
        for entry in _diary_reads(cast, client_for(user)):
            assert {*SCORE_FIELDS, "note", "mood"} <= set(entry)


@pytest.mark.parametrize(("mood", "shown"), [(False, False), (True, True)])
def test_trends_hold_mood_only_with_the_mood_scope(
    cast: Cast, client_for: ClientFor, mood: bool, shown: bool
) -> None:
    _diary(cast)
    scopes = ["diary_scores", "mood"] if mood else ["diary_scores"]
    body = client_for(caregiver_with(cast, scopes)).get(
        f"/api/v1/patients/{cast.alice.pk}/trends/?days=7"
    )
    assert body.status_code == 200
    data = body.json()
    for part in (data["series"], data["change"], data["baseline"]["values"]):
        assert ("mood" in part) is shown
        assert "pain_rest" in part


@pytest.mark.parametrize(("scores", "shown"), [(False, False), (True, True)])
def test_session_rows_show_diary_pain_only_with_the_scores_scope(
    cast: Cast, client_for: ClientFor, scores: bool, shown: bool
) -> None:
    make_entries(cast.alice, 3)
    item = items_of(make_plan(cast.alice, cast.carol))[0]
    log_sessions(item, [local_today(cast.alice) - datetime.timedelta(days=1)])
    scopes = ["exercises", "diary_scores"] if scores else ["exercises"]
    rows = client_for(caregiver_with(cast, scopes)).get(
        f"/api/v1/patients/{cast.alice.pk}/sessions/"
    )
    assert rows.status_code == 200
    (row,) = rows.json()
    assert "sets_done" in row
    assert ("pain_before" in row) is shown
    assert ("pain_next_morning" in row) is shown


@pytest.mark.parametrize(("mood", "titles"), [(False, ["Walk"]), (True, ["Walk", "Mood"])])
def test_a_goal_on_mood_is_shown_only_with_the_mood_scope(
    cast: Cast, client_for: ClientFor, mood: bool, titles: list[str]
) -> None:
    from tests.exercises.helpers import ensure_library

    ensure_library()
    due = (local_today(cast.alice) + datetime.timedelta(days=30)).isoformat()
    carol = client_for(cast.carol)
    url = f"/api/v1/patients/{cast.alice.pk}/goals/"
    for title, metric, baseline, target in (
        ("Walk", "walking_distance_m", 500, 1500),
        ("Mood", "mood", 7, 3),
    ):
        goal = {"title": title, "metric": metric, "baseline": baseline, "target": target,
                "due_date": due}  # fmt: skip
        assert carol.post(url, goal, format="json").status_code == 201
    scopes = ["diary_scores", "mood"] if mood else ["diary_scores"]
    body = client_for(caregiver_with(cast, scopes)).get(url).json()
    assert sorted(g["title"] for g in body) == sorted(titles)
