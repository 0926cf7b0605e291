"""The suite's real servers work: Django on PostgreSQL with row locks, and Redis."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import redis
from django.db import connections, transaction

from patients.models import User
from tests.servers import PostgresDatabase

_WAIT = 10.0


@pytest.mark.postgres
@pytest.mark.django_db(databases=["default", "postgres"], transaction=True)
def test_orm_runs_on_a_migrated_postgres_database(pg_db: PostgresDatabase) -> None:
    User.objects.db_manager(pg_db.alias).create_user(username="pg-alice", password="x")

    assert connections[pg_db.alias].vendor == "postgresql"
    assert connections["default"].vendor == "sqlite"
    assert User.objects.using(pg_db.alias).filter(username="pg-alice").exists()
    # The alias is separate: nothing leaked into the SQLite default.
    assert not User.objects.filter(username="pg-alice").exists()
    assert pg_db.url.endswith(f"/{connections[pg_db.alias].settings_dict['NAME']}")


@pytest.mark.postgres
@pytest.mark.django_db(databases=["default", "postgres"], transaction=True)
def test_two_threads_skip_each_others_locked_rows(pg_db: PostgresDatabase) -> None:
    for n in range(10):
        User.objects.db_manager(pg_db.alias).create_user(username=f"row-{n}")
    first_holds_locks = threading.Event()
    second_done = threading.Event()
    claimed: dict[str, set[int]] = {}
    errors: list[BaseException] = []

    def claimer(
        name: str, limit: int | None, before: Callable[[], None], after: Callable[[], None]
    ) -> None:
        try:
            before()
            with transaction.atomic(using=pg_db.alias):
                rows = (
                    User.objects.using(pg_db.alias)
                    .select_for_update(skip_locked=True)
                    .order_by("pk")
                )
                claimed[name] = set((rows[:limit] if limit else rows).values_list("pk", flat=True))
                # Hold the locks until the other thread has looked at the rows.
                after()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            first_holds_locks.set()
            second_done.set()
        finally:
            # Each thread has its own connection; an open one would keep the test
            # database from being dropped at the end of the session.
            connections[pg_db.alias].close()

    def hold_until_second_is_done() -> None:
        first_holds_locks.set()
        second_done.wait(_WAIT)

    def wait_for_first() -> None:
        first_holds_locks.wait(_WAIT)

    first = threading.Thread(
        target=claimer, args=("first", 4, lambda: None, hold_until_second_is_done)
    )
    second = threading.Thread(
        target=claimer, args=("second", None, wait_for_first, second_done.set)
    )
    first.start()
    second.start()
    first.join(_WAIT)
    second.join(_WAIT)

    assert not errors
    all_pks = set(User.objects.using(pg_db.alias).values_list("pk", flat=True))
    assert len(claimed["first"]) == 4
    assert claimed["first"].isdisjoint(claimed["second"])
    assert claimed["first"] | claimed["second"] == all_pks


@pytest.mark.redis
def test_redis_answers_ping(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.ping()
        client.set("hipwell:probe", "1")
        assert client.get("hipwell:probe") == b"1"
    finally:
        client.close()
