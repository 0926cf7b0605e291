"""The patient page (clinic:patient): header, alerts with evidence, acknowledge and resolve."""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from diaries.models import DiaryEntry
from diaries.selectors import patient_today
from patients.models import CareTeamMembership, Patient, User
from reminders.models import Alert
from tests.clinic.pages_helpers import browser_for, make_alert, make_operator
from tests.conftest import Cast
from tests.exercises.helpers import diary, items_of, local_today, log_sessions, make_plan
from tests.factories import make_clinician

CALLERS = {
    "clinician": 200,
    "other_clinician": 404,
    "patient": 302,
    "caregiver": 302,
    "anonymous": 302,
    "operator": 404,
}


def _page(client: Client, patient: Patient) -> str:
    response = client.get(f"/clinic/patients/{patient.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _caller(cast: Cast, name: str) -> User | None:
    return make_operator() if name == "operator" else cast.user(name)


def _api_alert(user: User, alert: Alert) -> dict[str, object]:
    api = APIClient()
    api.force_authenticate(user=user)
    response = api.get(f"/api/v1/alerts/{alert.pk}/")
    assert response.status_code == 200
    return dict(response.json())


# Access


@pytest.mark.parametrize("caller", list(CALLERS))
def test_only_the_care_team_opens_the_page(cast: Cast, caller: str) -> None:
    response = browser_for(_caller(cast, caller)).get(f"/clinic/patients/{cast.alice.pk}/")
    assert response.status_code == CALLERS[caller]
    if caller == "anonymous":
        assert response["Location"].startswith("/clinic/signin/?next=")
    elif caller in ("patient", "caregiver"):
        assert response["Location"] == "/app/"
    elif response.status_code == 404:
        assert "Alice" not in response.content.decode()


@pytest.mark.parametrize("caller", list(CALLERS))
def test_only_the_care_team_acts_on_an_alert(cast: Cast, caller: str) -> None:
    alert = make_alert(cast.alice)
    response = browser_for(_caller(cast, caller)).post(
        f"/clinic/patients/{cast.alice.pk}/alerts/{alert.pk}/",
        {"action": "acknowledge", "note": "seen"},
    )
    expected = {**CALLERS, "clinician": 302}[caller]
    assert response.status_code == expected
    alert.refresh_from_db()
    assert alert.status == ("acknowledged" if caller == "clinician" else "open")


def test_an_alert_of_another_patient_is_not_found_under_this_one(cast: Cast) -> None:
    other = make_alert(cast.bob)
    CareTeamMembership.objects.get_or_create(patient=cast.bob, clinician=cast.carol)
    response = browser_for(cast.carol).post(
        f"/clinic/patients/{cast.alice.pk}/alerts/{other.pk}/", {"action": "resolve"}
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == "open"


def test_acting_needs_post_and_csrf(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    url = f"/clinic/patients/{cast.alice.pk}/alerts/{alert.pk}/"
    assert browser_for(cast.carol).get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.carol)
    assert strict.post(url, {"action": "acknowledge"}).status_code == 403
    alert.refresh_from_db()
    assert alert.status == "open"


# Header


def test_the_header_says_who_the_patient_is_and_when_they_last_wrote(cast: Cast) -> None:
    Patient.objects.filter(pk=cast.alice.pk).update(
        affected_side="both", stage="Moderate (Tönnis 2)", weight_bearing="partial",
        walking_aid="crutches",
    )  # fmt: skip
    cast.carol.first_name, cast.carol.last_name = "Carol", "Jones"
    cast.carol.save()
    helper = make_clinician("hana")
    CareTeamMembership.objects.create(patient=cast.alice, clinician=helper)
    gone = make_clinician("ivan")
    ended = CareTeamMembership.objects.create(patient=cast.alice, clinician=gone)
    CareTeamMembership.objects.filter(pk=ended.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=9),
        ended_at=timezone.now() - datetime.timedelta(days=1),
    )
    today = patient_today(cast.alice)
    DiaryEntry.objects.create(
        patient=cast.alice, date=today - datetime.timedelta(days=5), pain_rest=3
    )
    DiaryEntry.objects.create(
        patient=cast.alice, date=today - datetime.timedelta(days=2), pain_rest=4
    )
    body = _page(browser_for(cast.carol), cast.alice)
    assert "<dt>Side</dt><dd>Both</dd>" in body
    assert "Moderate (Tönnis 2)" in body
    assert "<dt>Weight-bearing</dt><dd>Partial" in body
    assert "<dt>Walking aid</dt><dd>Crutches" in body
    assert "Carol Jones, hana</dd>" in body
    assert "ivan" not in body
    assert "Last entry 2 days ago" in body
    assert f'datetime="{(today - datetime.timedelta(days=2)).isoformat()}"' in body
    assert "<dt>Timezone</dt><dd>Europe/Berlin</dd>" in body


@pytest.mark.parametrize(
    ("days_ago", "words"),
    [(0, "Last entry today"), (1, "Last entry yesterday"), (None, "No diary entries yet")],
)
def test_the_last_entry_in_words(cast: Cast, days_ago: int | None, words: str) -> None:
    if days_ago is not None:
        day = patient_today(cast.alice) - datetime.timedelta(days=days_ago)
        DiaryEntry.objects.create(patient=cast.alice, date=day, pain_rest=2)
    assert words in _page(browser_for(cast.carol), cast.alice)


def test_user_text_is_escaped(cast: Cast) -> None:
    name = "<script>alert(1)</script> {{ x }}"
    Patient.objects.filter(pk=cast.alice.pk).update(display_name=name, stage="<b>{% x %}</b>")
    alert = make_alert(cast.alice, reason="<img src=x onerror=alert(1)> {{ y }}")
    alert.acknowledge_note = "<i>note</i>"
    alert.status = "acknowledged"
    alert.acknowledged_at = timezone.now()
    alert.save()
    body = _page(browser_for(cast.carol), cast.alice)
    assert "<script>alert(1)" not in body
    assert "<img src=x" not in body
    assert "<i>note</i>" not in body
    assert "<b>{% x %}</b>" not in body
    assert html.escape(name) in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ x }}" in body
    assert "&lt;i&gt;note&lt;/i&gt;" in body


# Alerts


def _alert_with_days(patient: Patient) -> Alert:
    alert = make_alert(patient, rule="night_pain", severity="high", days_ago=1)
    first = alert.first_day - datetime.timedelta(days=2)
    alert.first_day = first
    alert.escalation_level = 1
    alert.escalated_at = timezone.now()
    alert.evidence = {
        "days": [
            {"date": first.isoformat(), "severity": "moderate", "reason": "Night pain 7.",
             "values": {"pain_night": 7}},
            {"date": alert.last_day.isoformat(), "severity": "high", "reason": "Night pain 9.",
             "values": {"pain_night": 9, "fall": False}},
        ]
    }  # fmt: skip
    alert.save()
    return alert


def test_alerts_show_their_evidence_day_by_day_and_escalation(cast: Cast) -> None:
    alert = _alert_with_days(cast.alice)
    body = _page(browser_for(cast.carol), cast.alice)
    assert f'id="alert-{alert.pk}"' in body
    first, last = alert.first_day, alert.last_day
    assert f"{first:%-d %b %Y} to {last:%-d %b %Y}" in body
    assert f"{first:%a %-d %b}</strong> (moderate):\n      Night pain 7. Night pain 7." in body
    assert "Night pain 9; Fall no. Night pain 9." in body
    assert "Escalation: The care team&#x27;s other clinicians" in body
    assert 'name="action" value="acknowledge"' in body
    assert 'name="action" value="resolve"' in body


@pytest.mark.parametrize("action", ["acknowledge", "resolve"])
def test_acting_without_javascript_goes_back_to_the_alert_and_the_api_shows_the_note(
    cast: Cast, action: str
) -> None:
    alert = make_alert(cast.alice)
    client = browser_for(cast.carol)
    response = client.post(
        f"/clinic/patients/{cast.alice.pk}/alerts/{alert.pk}/",
        {"action": action, "note": "Rang her <b>today</b>"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/clinic/patients/{cast.alice.pk}/#alert-{alert.pk}"
    data = _api_alert(cast.carol, alert)
    assert data["status"] == {"acknowledge": "acknowledged", "resolve": "resolved"}[action]
    assert data["acknowledge_note"] == "Rang her <b>today</b>"
    assert data["acknowledged_by"] == "carol"
    body = _page(client, cast.alice)
    assert "Note: Rang her &lt;b&gt;today&lt;/b&gt;" in body


def test_acting_with_htmx_swaps_the_alert_and_the_header_count(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    make_alert(cast.alice, rule="low_mood", severity="moderate")
    response = browser_for(cast.carol).post(
        f"/clinic/patients/{cast.alice.pk}/alerts/{alert.pk}/",
        {"action": "acknowledge", "note": "Seen"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith(f'<li id="alert-{alert.pk}"')
    assert "Acknowledged by carol" in body
    assert "Note: Seen" in body
    assert 'value="acknowledge"' not in body  # already acknowledged: only Resolve is left
    assert 'value="resolve"' in body
    assert 'id="unread-count" hx-swap-oob="true"><span class="badge">1</span>' in body


def test_resolving_after_acknowledging_keeps_the_first_note(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    client = browser_for(cast.carol)
    url = f"/clinic/patients/{cast.alice.pk}/alerts/{alert.pk}/"
    client.post(url, {"action": "acknowledge", "note": "first"})
    client.post(url, {"action": "resolve", "note": "second"})
    data = _api_alert(cast.carol, alert)
    assert data["status"] == "resolved"
    assert data["acknowledge_note"] == "first"
    body = _page(client, cast.alice)
    assert "Resolved by carol" in body
    assert f'action="{url}"' not in body  # nothing left to do on a resolved alert


def test_a_long_note_is_refused_at_the_field(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    url = f"/clinic/patients/{cast.alice.pk}/alerts/{alert.pk}/"
    client = browser_for(cast.carol)
    response = client.post(url, {"action": "resolve", "note": "x" * 2001})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert f'<a href="#alert-{alert.pk}-note">Keep the note to 2000 characters' in body
    htmx = client.post(url, {"action": "resolve", "note": "x" * 2001}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200
    assert "Keep the note to 2000 characters or fewer" in htmx.content.decode()
    alert.refresh_from_db()
    assert alert.status == "open"


def test_an_unknown_action_changes_nothing(cast: Cast) -> None:
    alert = make_alert(cast.alice)
    response = browser_for(cast.carol).post(
        f"/clinic/patients/{cast.alice.pk}/alerts/{alert.pk}/", {"action": "delete"}
    )
    assert response.status_code == 400
    assert "Choose Acknowledge or Resolve" in response.content.decode()
    alert.refresh_from_db()
    assert alert.status == "open"


# Trend charts


@pytest.mark.parametrize(
    ("asked", "days"), [("", 90), ("30", 30), ("365", 365), ("7", 90), ("x", 90)]
)
def test_the_charts_are_the_apis_images_for_the_window_chosen(
    cast: Cast, asked: str, days: int
) -> None:
    response = browser_for(cast.carol).get(f"/clinic/patients/{cast.alice.pk}/?days={asked}")
    body = response.content.decode()
    for kind in ("symptoms", "walking"):
        assert f'src="/api/v1/patients/{cast.alice.pk}/charts/{kind}.png?days={days}"' in body
    assert f"Trends over the last {days} days" in body
    assert f"symptom scores over the last {days} days, one panel each for pain at rest" in body
    assert "comfortable walking distance in metres each day" in body
    for choice in (30, 90, 365):
        current = ' aria-current="true"' if choice == days else ""
        assert f'hx-push-url="?days={choice}"{current}>{choice} days</a>' in body


def test_a_chart_switch_with_htmx_swaps_only_the_charts(cast: Cast) -> None:
    response = browser_for(cast.carol).get(
        f"/clinic/patients/{cast.alice.pk}/?days=30",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="charts",
    )
    body = response.content.decode()
    assert body.startswith('<section id="charts"')
    assert "/charts/walking.png?days=30" in body
    assert "<h1" not in body


def test_the_chart_images_load_with_the_session(cast: Cast) -> None:
    client = browser_for(cast.carol)
    body = client.get(f"/clinic/patients/{cast.alice.pk}/?days=30").content.decode()
    src = f"/api/v1/patients/{cast.alice.pk}/charts/walking.png?days=30"
    assert src in body
    image = client.get(src)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/png"
    assert browser_for(cast.dave).get(src).status_code == 404


# Recent diary


def test_the_recent_diary_is_a_table_a_row_a_day_newest_first(cast: Cast) -> None:
    today = patient_today(cast.alice)
    DiaryEntry.objects.create(
        patient=cast.alice, date=today - datetime.timedelta(days=1), pain_rest=3, pain_activity=6,
        pain_night=7, stiffness=4, sleep_interference=5, mood=2, walking_distance_m=800,
        limp="slight", walking_aid="cane", instability=True, fall=True, fall_hit_head=True,
        note="Knee <b>fine</b>\nhip sore",
    )  # fmt: skip
    DiaryEntry.objects.create(
        patient=cast.alice, date=today - datetime.timedelta(days=13), pain_rest=1
    )
    DiaryEntry.objects.create(
        patient=cast.alice, date=today - datetime.timedelta(days=14), pain_rest=9
    )
    body = _page(browser_for(cast.carol), cast.alice)
    assert '<caption id="diary-caption">The last 14 days, newest first (2 with an entry).' in body
    for header in ("Date", "Pain at rest", "Night pain", "Walking (m)", "Gave way", "Fall", "Note"):
        assert f'<th scope="col">{header}</th>' in body
    assert '<th scope="col">Low mood or stress</th>' in body
    rows = body.split('<th scope="row">')[1:]
    assert len(rows) == 14
    assert f'datetime="{today.isoformat()}"' in rows[0]
    assert "No entry" in rows[0]
    day = rows[1]
    for cell in (
        "<td>3</td>",
        "<td>6</td>",
        "<td>7</td>",
        "<td>800</td>",
        "<td>Slight</td>",
        "<td>Cane</td>",
    ):
        assert cell in day
    assert "<td><strong>Yes</strong></td>" in day  # gave way
    assert "<strong>Yes</strong>, hit head</td>" in day
    assert "Knee &lt;b&gt;fine&lt;/b&gt;<br>hip sore" in day
    assert "<td>1</td>" in rows[13]
    assert "<td>9</td>" not in body  # 14 days ago is outside the window


def test_the_diary_shows_what_the_api_returns_to_the_clinician(cast: Cast) -> None:
    today = patient_today(cast.alice)
    DiaryEntry.objects.create(patient=cast.alice, date=today, note="Shared with the team", mood=4)
    api = APIClient()
    api.force_authenticate(user=cast.carol)
    listed = api.get(f"/api/v1/patients/{cast.alice.pk}/diary/").json()
    assert listed[0]["note"] == "Shared with the team"
    assert listed[0]["mood"] == 4
    body = _page(browser_for(cast.carol), cast.alice)
    assert '<td class="diary-table__note">Shared with the team</td>' in body
    assert "<td>4</td>" in body


# Plan in force


def _progressing_plan(cast: Cast) -> None:
    """Alice's plan of two items, each with three easy sessions that settled."""
    plan = make_plan(cast.alice, cast.carol)
    today = local_today(cast.alice)
    for item in items_of(plan):
        log_sessions(item, [today - datetime.timedelta(days=n) for n in (9, 5, 2)])
    for n in range(12):
        diary(cast.alice, today - datetime.timedelta(days=n), pain_rest=2)


def _plan_section(body: str) -> str:
    return body.split('<section id="plan"')[1].split("</section>")[0]


@pytest.mark.usefixtures("library")
def test_the_plan_shows_adherence_per_item_and_the_advice_the_api_gives(cast: Cast) -> None:
    _progressing_plan(cast)
    api = APIClient()
    api.force_authenticate(user=cast.carol)
    plan = api.get(f"/api/v1/patients/{cast.alice.pk}/plan/").json()
    adherence = api.get(f"/api/v1/patients/{cast.alice.pk}/adherence/?weeks=5").json()
    section = _plan_section(_page(browser_for(cast.carol), cast.alice))
    assert "<strong>Test plan</strong>" in section
    assert "Adherence over the last 4 complete weeks (" in section
    assert '<th scope="col">Last 4 weeks</th>' in section
    assert section.count('<th scope="row">') == len(plan["items"]) == 2
    totals = {row["plan_item"]: row for row in adherence["items"]}
    for item in plan["items"]:
        assert f'<th scope="row">{html.escape(item["exercise"]["name"])} <span' in section
        total = totals[item["id"]]
        assert f"{total['done']} done of {total['prescribed']} ({total['percent']} %)" in section
        advice = item["advice"]
        assert advice["decision"] == "progress"
        reason = advice["reason"].removeprefix("Progress: ")
        assert f"Progress</span>: {html.escape(reason)}" in section


@pytest.mark.usefixtures("library")
def test_an_open_fall_alert_holds_every_item_with_its_reason(cast: Cast) -> None:
    _progressing_plan(cast)
    make_alert(cast.alice, rule="fall", days_ago=2)
    section = _plan_section(_page(browser_for(cast.carol), cast.alice))
    assert section.count('<span class="decision decision--hold">Hold</span>: a fall alert') == 2
    assert "review it before the patient progresses." in section


def test_without_a_plan_the_section_says_so(cast: Cast) -> None:
    section = _plan_section(_page(browser_for(cast.carol), cast.alice))
    assert "No exercise plan is in force." in section


@pytest.mark.usefixtures("library")
def test_a_plan_starting_later_is_named_as_next(cast: Cast) -> None:
    make_plan(
        cast.alice, cast.carol, starts_on=local_today(cast.alice) + datetime.timedelta(days=3)
    )
    section = _plan_section(_page(browser_for(cast.carol), cast.alice))
    assert "No exercise plan is in force." in section
    assert "Next: <strong>Test plan</strong> starts on" in section


# Goals and measurements


def test_goals_with_milestones_and_measurements_as_the_api_lists_them(cast: Cast) -> None:
    api = APIClient()
    api.force_authenticate(user=cast.carol)
    today = patient_today(cast.alice)
    for n in range(7):
        diary(cast.alice, today - datetime.timedelta(days=n), pain_night=4)
    due = (today + datetime.timedelta(days=30)).isoformat()
    made = api.post(
        f"/api/v1/patients/{cast.alice.pk}/goals/",
        {"metric": "pain_night", "title": "Sleep <through>", "baseline": 8, "target": 2,
         "due_date": due},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    for degrees, day in ((95, 10), (105, 2)):
        measured = api.post(
            f"/api/v1/patients/{cast.alice.pk}/measurements/",
            {"movement": "flexion", "side": "left", "degrees": degrees, "note": "<pain> at end",
             "measured_on": (today - datetime.timedelta(days=day)).isoformat()},
            format="json",
        )  # fmt: skip
        assert measured.status_code == 201, measured.content
    goal = api.get(f"/api/v1/patients/{cast.alice.pk}/goals/").json()[0]
    body = _page(browser_for(cast.carol), cast.alice)
    section = body.split('<section id="goals"')[1].split("</section>")[0]
    assert "Sleep &lt;through&gt;" in section
    assert f"Now {goal['current']:g}, {goal['progress_percent']} % of the way" in section
    for milestone in (25, 50):
        reached = milestone in goal["milestones"]
        assert reached
        assert f'milestone--reached">{milestone} % reached</span>' in section
    assert '<span class="milestone">75 % not yet</span>' in section
    rows = section.split('<th scope="row">')[1:]
    assert len(rows) == 2
    assert "<td>105°</td>" in rows[0]  # newest first
    assert "<td>95°</td>" in rows[1]
    assert "<td>Hip flexion</td>" in rows[0]
    assert "&lt;pain&gt; at end" in rows[0]


def test_without_goals_or_measurements_the_section_says_so(cast: Cast) -> None:
    body = _page(browser_for(cast.carol), cast.alice)
    assert "No goals set." in body
    assert "No measurements recorded." in body


# Visit report


def test_the_report_form_asks_the_api_for_the_last_90_days(cast: Cast) -> None:
    today = patient_today(cast.alice)
    start = today - datetime.timedelta(days=89)
    client = browser_for(cast.carol)
    body = _page(client, cast.alice)
    url = f"/api/v1/patients/{cast.alice.pk}/report.pdf"
    assert f'<form class="report-form" method="get" action="{url}">' in body
    assert f'name="from" value="{start.isoformat()}"' in body
    assert f'name="to" value="{today.isoformat()}"' in body
    # What the form sends, with the session: the PDF of that range.
    pdf = client.get(url, {"from": start.isoformat(), "to": today.isoformat()})
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert f"{start}-{today}.pdf" in pdf["Content-Disposition"]
    assert browser_for(cast.dave).get(url).status_code == 404


# Query count


def _fill(cast: Cast, size: int) -> None:
    """Diary days, alerts (acknowledged and open), plan items with sessions, goals, measures."""
    today = patient_today(cast.alice)
    slugs = ("glute-bridge", "clamshell", "prone-hip-extension", "isometric-glute-squeeze")
    plan = make_plan(cast.alice, cast.carol, slugs[: min(size, len(slugs))])
    for item in items_of(plan):
        log_sessions(item, [today - datetime.timedelta(days=n) for n in range(0, size * 2, 2)])
    for n in range(size * 3):
        diary(cast.alice, today - datetime.timedelta(days=n), pain_rest=2, note=f"day {n}")
    for n in range(size):
        alert = make_alert(cast.alice, rule=("fall", "night_pain")[n % 2], days_ago=n + 1)
        if n % 2:
            alert.status, alert.acknowledged_at, alert.acknowledged_by = (
                "acknowledged", timezone.now(), cast.carol,
            )  # fmt: skip
            alert.save()
    api = APIClient()
    api.force_authenticate(user=cast.carol)
    for n in range(size):
        measured = api.post(
            f"/api/v1/patients/{cast.alice.pk}/measurements/",
            {"movement": "flexion", "side": "left", "degrees": 90 + n},
            format="json",
        )
        goal = api.post(
            f"/api/v1/patients/{cast.alice.pk}/goals/",
            {"metric": "pain_rest", "title": f"Goal {n}", "baseline": 6, "target": 1,
             "due_date": (today + datetime.timedelta(days=30 + n)).isoformat()},
            format="json",
        )  # fmt: skip
        assert (measured.status_code, goal.status_code) == (201, 201)


PAGE_QUERIES = 24  # session, user, unread count, patient, team, diary, alerts, plan, goals...


@pytest.mark.usefixtures("library")
@pytest.mark.parametrize("size", [1, 5])
def test_the_page_runs_the_same_queries_whatever_the_amount_of_data(
    cast: Cast, size: int, django_assert_num_queries: Any
) -> None:
    _fill(cast, size)
    client = browser_for(cast.carol)
    with django_assert_num_queries(PAGE_QUERIES):
        body = _page(client, cast.alice)
    assert body.count('class="alert-item ') == size
    assert body.count('class="goal"') == size
    assert body.count("°</td>") == size
    assert body.count('<span class="decision decision--') == min(size, 4)
    assert body.count('<td class="diary-table__note">day ') == min(size * 3, 14)


def test_the_page_links_to_every_page_that_manages_the_patient(cast: Cast) -> None:
    """The plan, the care team, and the invite and reset codes are one click away."""
    client = browser_for(cast.carol)
    body = _page(client, cast.alice)
    links = {
        "Prescribe or change the plan": f"/clinic/patients/{cast.alice.pk}/plan/new/",
        "Care team and contact details": f"/clinic/patients/{cast.alice.pk}/care-team/",
        "Reissue the invite code": f"/clinic/patients/{cast.alice.pk}/invite/",
        "Password reset code": f"/clinic/patients/{cast.alice.pk}/reset-code/",
    }
    for text, href in links.items():
        assert f'<a href="{href}">{text}</a>' in body
        assert client.get(href).status_code == 200, href
