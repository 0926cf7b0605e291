"""Shared fixtures: people with names, and API clients signed in as them."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from patients.models import Patient, User
from tests.factories import make_caregiver, make_clinician, make_patient

pytest_plugins = ["tests.servers"]

# Every test runs on a clock that starts at this instant and ticks on, so no result
# depends on the day the suite runs (a Sunday, a daylight-saving change, New Year).
# Set HIPWELL_TEST_NOW to run the whole suite at another instant and find a test that
# only passes on some days. Tests whose code under test runs in another process
# (a real worker, a second dispatcher) are marked ``real_clock``: a clock moved in
# this process would disagree with theirs.
TEST_NOW = datetime.datetime.fromisoformat(
    os.environ.get("HIPWELL_TEST_NOW", "2026-11-18T10:00:00+00:00")
)

# Property tests check what is true, not how fast: a per-example deadline only makes
# them fail when the two CI cores are busy with the rest of the suite.
hypothesis_settings.register_profile("hipwell", deadline=None)
hypothesis_settings.load_profile("hipwell")

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
def _fixed_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("real_clock"):
        yield
        return
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Start each test with an empty cache: throttle counters and rendered charts live there."""
    from django.core.cache import cache

    cache.clear()
