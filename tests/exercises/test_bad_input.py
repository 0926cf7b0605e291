"""Bad input is a clear 400 or 404, never a 500."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from tests.conftest import Cast, ClientFor

pytestmark = pytest.mark.usefixtures("library")

WRITES = [
    ("carol", "post", "plans/"),
    ("carol", "post", "goals/"),
    ("carol", "post", "measurements/"),
    ("alice", "put", f"sessions/{uuid.UUID(int=1)}/"),
]


def _client(cast: Cast, client_for: ClientFor, who: str) -> APIClient:
    return client_for(cast.carol if who == "carol" else cast.alice_user)


@pytest.mark.parametrize(("who", "method", "tail"), WRITES)
def test_malformed_json_is_a_400(
    cast: Cast, client_for: ClientFor, who: str, method: str, tail: str
) -> None:
    client = _client(cast, client_for, who)
    url = f"/api/v1/patients/{cast.alice.pk}/{tail}"
    response = getattr(client, method)(url, data='{"title": ', content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


@pytest.mark.parametrize(("who", "method", "tail"), WRITES)
@pytest.mark.parametrize("body", [[], "text", 7, {"items": "all"}, {"title": ["x"], "items": [1]}])
def test_wrong_types_are_a_400(
    cast: Cast, client_for: ClientFor, who: str, method: str, tail: str, body: object
) -> None:
    client = _client(cast, client_for, who)
    response = getattr(client, method)(
        f"/api/v1/patients/{cast.alice.pk}/{tail}", body, format="json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("reference", ["nope", "9" * 40, "²", 0, -3, 10**20, 1.5, None, {"a": 1}])
def test_an_unknown_or_malformed_exercise_is_a_400(
    cast: Cast, client_for: ClientFor, reference: object
) -> None:
    response = client_for(cast.carol).post(
        f"/api/v1/patients/{cast.alice.pk}/plans/",
        {"title": "x", "items": [{"exercise": reference}]},
        format="json",
    )
    assert response.status_code == 400
    assert "exercise" in response.json()["items"]["0"]


@pytest.mark.parametrize(
    "client_id", ["abc", "1234", "00000000-0000-0000-0000-00000000000g", "%00"]
)
def test_a_bad_session_uuid_in_the_path_is_a_404(
    cast: Cast, client_for: ClientFor, client_id: str
) -> None:
    response = client_for(cast.alice_user).put(
        f"/api/v1/patients/{cast.alice.pk}/sessions/{client_id}/", {}, format="json"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["from=2026-13-01", "to=yesterday", "from=2026-03-10&to=2026-03-01",
                                   "from=2020-01-01&to=2026-01-01"])  # fmt: skip
def test_a_bad_session_range_is_a_400(cast: Cast, client_for: ClientFor, query: str) -> None:
    response = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/sessions/?{query}")
    assert response.status_code == 400
