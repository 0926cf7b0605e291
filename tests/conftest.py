"""Shared fixtures: people with names, and API clients signed in as them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from patients.models import Patient, User
from tests.factories import make_caregiver, make_clinician, make_patient

pytest_plugins = ["tests.servers"]

ClientFor = Callable[[User | None], APIClient]


@dataclass
class Cast:
    """The people of the access matrix.

    alice is a patient on carol's caseload; bob is another patient (dave's);
    erin is alice's active caregiver, frank her revoked one.
    """

    alice: Patient
    bob: Patient
    carol: User
    dave: User
    erin: User
    frank: User

    @property
    def alice_user(self) -> User:
        assert self.alice.user is not None
        return self.alice.user

    def user(self, name: str) -> User | None:
        return {
            "patient": self.alice.user,
            "other_patient": self.bob.user,
            "clinician": self.carol,
            "other_clinician": self.dave,
            "caregiver": self.erin,
            "revoked_caregiver": self.frank,
            "anonymous": None,
        }[name]


@pytest.fixture
def cast(db: None) -> Cast:
    carol = make_clinician("carol")
    dave = make_clinician("dave")
    alice = make_patient("alice", clinicians=(carol,), timezone="Europe/Berlin")
    bob = make_patient("bob", clinicians=(dave,), timezone="America/New_York")
    erin = make_caregiver("erin", alice)
    frank = make_caregiver("frank", alice, revoked=True)
    return Cast(alice=alice, bob=bob, carol=carol, dave=dave, erin=erin, frank=frank)


@pytest.fixture
def client_for() -> Callable[[User | None], APIClient]:
    """Return a factory of API clients authenticated as a user (or anonymous)."""

    def build(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return build


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Start each test with an empty cache: throttle counters and rendered charts live there."""
    from django.core.cache import cache

    cache.clear()
