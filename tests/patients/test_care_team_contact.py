"""The care team's contact details: set by its clinicians, read by everyone related."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from patients import selectors
from patients.models import CareTeamContact, CareTeamMembership
from tests.conftest import Cast, ClientFor

FULL = {
    "phone": "+49 30 1234-5678",
    "opening_hours": "Mon-Fri 08:00-18:00",
    "response_times": {
        "urgent": "within 1 hour in opening hours",
        "high": "the same working day",
        "moderate": "within 2 working days",
    },
    "out_of_hours": "Call 116117 (on-call doctors).\nIn an emergency call 112.",
    "escalation_email": "clinic-lead@example.org",
}


def _url(patient: object) -> str:
    return f"/api/v1/patients/{patient}/care-team/contact/"


def _put(client_for: ClientFor, cast: Cast, body: Any) -> Any:
    return client_for(cast.carol).put(_url(cast.alice.pk), body, format="json")


def test_a_patient_whose_team_has_said_nothing_reads_empty_details(
    cast: Cast, client_for: ClientFor
) -> None:
    body = client_for(cast.alice_user).get(_url("me")).json()
    assert body == {
        "phone": "",
        "opening_hours": "",
        "response_times": {"urgent": "", "high": "", "moderate": ""},
        "out_of_hours": "",
        "configured": False,
        "updated_at": None,
        "updated_by": None,
    }
    assert not CareTeamContact.objects.exists()


def test_a_clinician_sets_the_details_and_the_patient_and_caregiver_read_them(
    cast: Cast, client_for: ClientFor
) -> None:
    response = _put(client_for, cast, FULL)
    assert response.status_code == 200, response.content
    saved = response.json()
    assert {name: saved[name] for name in FULL} == FULL
    assert saved["configured"] is True
    assert saved["updated_by"] == "carol"
    assert saved["updated_at"] is not None
    for reader in (cast.alice_user, cast.erin):
        seen = client_for(reader).get(_url(cast.alice.pk)).json()
        # The escalation address is the team's own route, not one for patients.
        assert "escalation_email" not in seen
        assert seen["phone"] == FULL["phone"]
        assert seen["response_times"] == FULL["response_times"]
        assert seen["out_of_hours"] == FULL["out_of_hours"]
    assert client_for(cast.carol).get(_url(cast.alice.pk)).json() == saved


def test_put_replaces_the_whole_set_and_omitted_fields_are_cleared(
    cast: Cast, client_for: ClientFor
) -> None:
    _put(client_for, cast, FULL)
    body = _put(
        client_for, cast, {"phone": "020 7946 0000", "response_times": {"high": "next day"}}
    ).json()
    assert body["phone"] == "020 7946 0000"
    assert body["opening_hours"] == ""
    assert body["escalation_email"] == ""
    assert body["response_times"] == {"urgent": "", "high": "next day", "moderate": ""}
    assert CareTeamContact.objects.count() == 1
    cleared = _put(client_for, cast, {}).json()
    assert cleared["configured"] is False
    assert cleared["phone"] == ""


def test_another_clinician_of_the_team_may_edit_and_is_named(
    cast: Cast, client_for: ClientFor
) -> None:
    _put(client_for, cast, FULL)
    CareTeamMembership.objects.create(patient=cast.alice, clinician=cast.dave)
    body = (
        client_for(cast.dave)
        .put(_url(cast.alice.pk), {**FULL, "phone": "+1 (555) 010-9999"}, format="json")
        .json()
    )
    assert body["updated_by"] == "dave"
    assert body["phone"] == "+1 (555) 010-9999"


def test_one_patients_details_do_not_leak_into_anothers(cast: Cast, client_for: ClientFor) -> None:
    _put(client_for, cast, FULL)
    assert client_for(cast.bob.user).get(_url("me")).json()["configured"] is False


@pytest.mark.parametrize(
    "phone",
    [
        "+49 30 1234-5678",
        "(020) 7946 0000",
        "030/123.456",
        "123456",
        "+" + "1" * 20,
        "",
        "  0800 111 222  ",
    ],
)
def test_phone_numbers_are_checked_loosely(cast: Cast, client_for: ClientFor, phone: str) -> None:
    response = _put(client_for, cast, {"phone": phone})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == phone.strip()


@pytest.mark.parametrize(
    "phone",
    [
        "12345",  # 5 digits
        "1" * 21,  # 21 digits
        "call us",
        "+49 30 1234 ext. 5",
        "49+30",
        "++49 30 123456",
        "\uff10\uff13\uff10 \uff11\uff12\uff13\uff14\uff15\uff16",  # full-width digits
        "030\n123456",
        "1" * 33,  # longer than the column
    ],
)
def test_what_cannot_be_dialled_is_a_400_on_phone(
    cast: Cast, client_for: ClientFor, phone: str
) -> None:
    response = _put(client_for, cast, {"phone": phone})
    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    assert not CareTeamContact.objects.exists()


@pytest.mark.parametrize(
    "email",
    [
        "not-an-email",
        "lead@",
        "@example.org",
        "lead@example",
        "a b@example.org",
        "x" * 250 + "@e.org",
    ],
)
def test_the_escalation_contact_must_be_an_email_address(
    cast: Cast, client_for: ClientFor, email: str
) -> None:
    response = _put(client_for, cast, {"escalation_email": email})
    assert response.status_code == 400
    assert list(response.json()) == ["escalation_email"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"opening_hours": "Mon-Fri\n08:00-18:00"}, "opening_hours"),
        ({"opening_hours": "x" * 121}, "opening_hours"),
        ({"response_times": {"urgent": "within\t1 hour"}}, "response_times"),
        ({"response_times": {"high": "x" * 81}}, "response_times"),
        ({"response_times": "same day"}, "response_times"),
        ({"out_of_hours": "x" * 1001}, "out_of_hours"),
        ({"out_of_hours": "call\x00112"}, "out_of_hours"),
        ({"out_of_hours": "call\x1b112"}, "out_of_hours"),
        ({"opening_hours": None}, "opening_hours"),
    ],
    ids=[
        "hours-two-lines", "hours-too-long", "response-tab", "response-too-long",
        "response-not-object", "out-of-hours-too-long", "out-of-hours-nul",
        "out-of-hours-escape", "hours-null",
    ],
)  # fmt: skip
def test_each_field_has_its_shape_and_cap(
    cast: Cast, client_for: ClientFor, body: dict[str, Any], field: str
) -> None:
    response = _put(client_for, cast, body)
    assert response.status_code == 400
    assert list(response.json()) == [field]


@pytest.mark.parametrize(
    "body",
    [
        {"opening_hours": "x" * 120},
        {"response_times": {"urgent": "x" * 80, "high": "x" * 80, "moderate": "x" * 80}},
        {"out_of_hours": "x" * 1000},
        {"out_of_hours": "Line one\r\nLine two\tand a tab"},
    ],
    ids=["hours-at-cap", "responses-at-cap", "out-of-hours-at-cap", "out-of-hours-lines"],
)
def test_the_caps_themselves_are_accepted(
    cast: Cast, client_for: ClientFor, body: dict[str, Any]
) -> None:
    assert _put(client_for, cast, body).status_code == 200


@pytest.mark.parametrize("body", ["not json", "[]", "null"])
def test_a_body_that_is_not_an_object_is_a_400(
    cast: Cast, client_for: ClientFor, body: str
) -> None:
    response = client_for(cast.carol).put(
        _url(cast.alice.pk), body, content_type="application/json"
    )
    assert response.status_code == 400


def test_delete_is_not_offered(cast: Cast, client_for: ClientFor) -> None:
    assert client_for(cast.carol).delete(_url(cast.alice.pk)).status_code == 405


def test_the_selector_gives_none_for_what_the_team_has_not_said(
    cast: Cast, client_for: ClientFor
) -> None:
    empty = selectors.care_team_contact(patient_id=cast.alice.pk)
    assert not empty.configured
    assert empty.response_time("urgent") is None
    _put(client_for, cast, {"phone": "0800 111 222", "response_times": {"high": "same day"}})
    details = selectors.care_team_contact(patient_id=cast.alice.pk)
    assert details.configured
    assert details.phone == "0800 111 222"
    assert details.response_time("high") == "same day"
    assert details.response_time("urgent") is None
    assert details.response_time("unknown") is None
    assert details.out_of_hours is None
    assert details.escalation_email is None
    assert details.updated_by == "carol"


def test_the_model_refuses_what_the_api_refuses(cast: Cast) -> None:
    row = CareTeamContact(patient=cast.alice, phone="call us", escalation_email="nope")
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    assert {"phone", "escalation_email"} <= set(caught.value.message_dict)
    with pytest.raises(IntegrityError), transaction.atomic():
        CareTeamContact.objects.create(patient=cast.alice, out_of_hours="x" * 1001)
