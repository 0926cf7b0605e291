"""One timezone check for the whole project: places people live, a 400 otherwise, no writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from core.validators import patient_timezones, validate_timezone
from patients import hooks
from patients.models import Patient
from tests.conftest import Cast, ClientFor

NOT_PLACES = [
    "Factory",
    "localtime",
    "posixrules",
    "right/Europe/Berlin",
    "posix/Europe/Berlin",
    "right/UTC",
    "posix/UTC",
    "",
    "Mars/Olympus_Mons",
    "europe/berlin",
    " Europe/Berlin",
    "Europe/../Europe/Berlin",
    "/etc/localtime",
    "Europe/Berlin\x00",
    "\u202e",
]
# Serializers trim surrounding whitespace, so " Europe/Berlin" is a valid request.
NOT_PLACES_OVER_HTTP = [name for name in NOT_PLACES if name != " Europe/Berlin"]
# Serializers trim surrounding whitespace, so " Europe/Berlin" is a valid request.
NOT_PLACES_OVER_HTTP = [name for name in NOT_PLACES if name != " Europe/Berlin"]
PLACES = ["UTC", "Europe/Berlin", "America/New_York", "Pacific/Auckland", "Asia/Kolkata"]


@pytest.mark.parametrize("name", NOT_PLACES)
def test_it_refuses_names_that_are_not_places_people_live(name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_timezone(name)
    assert caught.value.code == "invalid_timezone"


@pytest.mark.parametrize("name", PLACES)
def test_it_accepts_iana_zones(name: str) -> None:
    validate_timezone(name)


def test_no_artefact_is_on_the_list_of_patient_timezones() -> None:
    zones = patient_timezones()
    assert "Europe/Berlin" in zones
    assert not {"Factory", "localtime", "posixrules"} & zones
    assert not [z for z in zones if z.startswith(("right/", "posix/"))]


def test_the_model_field_uses_the_same_check(cast: Cast) -> None:
    cast.alice.timezone = "Factory"
    with pytest.raises(ValidationError) as caught:
        cast.alice.full_clean()
    assert "timezone" in caught.value.message_dict


@pytest.mark.parametrize("name", NOT_PLACES_OVER_HTTP)
@pytest.mark.parametrize("path", ["/api/v1/patients/me/", "/api/v1/patients/{pk}/"])
def test_a_patient_profile_patch_with_a_bad_zone_is_a_400_and_writes_nothing(
    cast: Cast, client_for: ClientFor, name: str, path: str
) -> None:
    client = client_for(cast.alice_user)
    client.raise_request_exception = False
    response = client.patch(
        path.format(pk=cast.alice.pk),
        {"timezone": name, "display_name": "Alice Changed"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "timezone" in response.json()
    stored = Patient.objects.get(pk=cast.alice.pk)
    assert (stored.timezone, stored.display_name) == ("Europe/Berlin", "Alice")


def test_a_clinician_patch_with_a_bad_zone_is_a_400_with_a_clear_message(
    cast: Cast, client_for: ClientFor
) -> None:
    client = client_for(cast.carol)
    client.raise_request_exception = False
    response = client.patch(
        f"/api/v1/patients/{cast.alice.pk}/", {"timezone": "Factory"}, format="json"
    )
    assert response.status_code == 400
    assert "not a timezone people live in" in response.json()["timezone"][0]
    assert Patient.objects.get(pk=cast.alice.pk).timezone == "Europe/Berlin"


def test_a_good_zone_is_saved(cast: Cast, client_for: ClientFor) -> None:
    response = client_for(cast.alice_user).patch(
        "/api/v1/patients/me/", {"timezone": "Pacific/Auckland"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["timezone"] == "Pacific/Auckland"
    assert Patient.objects.get(pk=cast.alice.pk).timezone == "Pacific/Auckland"


@pytest.mark.parametrize("name", NOT_PLACES_OVER_HTTP)
def test_enrolment_with_a_bad_zone_is_a_400_and_enrols_nobody(
    cast: Cast, client_for: ClientFor, name: str
) -> None:
    client = client_for(cast.carol)
    client.raise_request_exception = False
    before = Patient.objects.count()
    body: dict[str, Any] = {"display_name": "Grace", "timezone": name, "affected_side": "right"}
    response = client.post("/api/v1/patients/", body, format="json")
    assert response.status_code == 400, response.content
    assert "timezone" in response.json()
    assert Patient.objects.count() == before


def test_a_profile_update_is_undone_when_its_clock_hook_fails(
    cast: Cast, client_for: ClientFor
) -> None:
    """The update and the reminders it moves are one transaction: all or nothing."""

    def fail(*, patient: Patient) -> None:
        raise RuntimeError("reminders could not be recomputed")

    hooks.patient_clock_changed.connect(fail)
    try:
        client = client_for(cast.alice_user)
        client.raise_request_exception = False
        response = client.patch("/api/v1/patients/me/", {"timezone": "Asia/Tokyo"}, format="json")
    finally:
        hooks.patient_clock_changed.disconnect(fail)
    assert response.status_code == 500
    assert Patient.objects.get(pk=cast.alice.pk).timezone == "Europe/Berlin"
