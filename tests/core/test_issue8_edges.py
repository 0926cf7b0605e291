"""Edges found while documenting issue 8: every date bounded, JSON 404s, refusals not stored."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.conftest import Cast, ClientFor
from tests.factories import make_patient

FAR_DATES = ["0001-01-01", "1899-12-31", "2201-01-01", "9999-12-31"]


@pytest.mark.parametrize("day", FAR_DATES)
@pytest.mark.parametrize("field", ["date_of_birth", "diagnosis_date"])
def test_profile_dates_outside_the_bounds_are_refused(
    cast: Cast, client_for: ClientFor, field: str, day: str
) -> None:
    response = client_for(cast.carol).patch(
        f"/api/v1/patients/{cast.alice.pk}/", {field: day}, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    cast.alice.refresh_from_db()
    assert getattr(cast.alice, field) is None


@pytest.mark.parametrize("day", FAR_DATES)
def test_a_baseline_window_outside_the_bounds_is_refused(
    cast: Cast, client_for: ClientFor, day: str
) -> None:
    window = sorted([day, "2026-01-01"])
    response = client_for(cast.carol).patch(
        f"/api/v1/patients/{cast.alice.pk}/", {"baseline_window": window}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "baseline_window" in response.json()


@pytest.mark.parametrize("day", FAR_DATES)
def test_a_measurement_date_outside_the_bounds_is_refused(
    cast: Cast, client_for: ClientFor, day: str
) -> None:
    response = client_for(cast.carol).post(
        f"/api/v1/patients/{cast.alice.pk}/measurements/",
        {"movement": "flexion", "side": "left", "degrees": 90, "measured_on": day},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "measured_on" in response.json()


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v2/", "/api/v1/patients"])
def test_an_unknown_api_path_is_a_json_404_whatever_debug_says(debug: bool, path: str) -> None:
    with override_settings(DEBUG=debug):
        response = Client().get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert b"URLconf" not in response.content


@pytest.mark.django_db
def test_a_signed_in_browsers_post_to_an_unknown_api_path_is_a_json_404() -> None:
    """Not Django's HTML CSRF page: the wrong path is the news, and nothing changes."""
    browser = Client(enforce_csrf_checks=True)
    user = make_patient("alice").user
    assert user is not None
    browser.force_login(user)
    response = browser.post("/api/v1/no-such-thing/", {}, content_type="application/json")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_refusal_before_the_views_is_not_stored() -> None:
    response = Client().get("/api/v1/auth/me/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-store"
