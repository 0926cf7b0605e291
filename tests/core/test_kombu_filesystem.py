"""The filesystem broker: a message put is a message got, whole, and half-written files wait."""

from __future__ import annotations

import fcntl
import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from queue import Empty
from typing import Any

import pytest
from kombu import Connection

from core import kombu_filesystem


@pytest.fixture
def queue_name() -> str:
    # Kombu remembers declared bindings per process, so each test uses a queue of its
    # own (a remembered binding would not be written to this test's control folder).
    return f"hipwell-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture(params=["core.kombu_filesystem:Transport"])
def connection(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Connection]:
    options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        # Kombu's default is ./control: the checkout.
        "control_folder": str(tmp_path / "control"),
    }
    with Connection("filesystem://", transport=request.param, transport_options=options) as conn:
        yield conn


def _half_written(folder: Path, queue_name: str) -> Path:
    """Leave a message file as kombu's stock writer does mid-write: truncated JSON."""
    whole = json.dumps({"body": "eyJldmFsdWF0aW9uX2lkcyI6IFsxXX0=", "properties": {}})
    # Sorts before any real timestamp, so a consumer looks at it first.
    path = folder / f"0_00000000-0000-0000-0000-000000000000.{queue_name}.msg"
    path.write_text(whole[: len(whole) // 2])
    return path


def test_a_message_put_through_the_transport_is_read_back_whole(
    connection: Connection, tmp_path: Path, queue_name: str
) -> None:
    queue = connection.SimpleQueue(queue_name)
    queue.put({"evaluation_ids": [1, 2, 3]})
    assert not list(tmp_path.glob("*.partial"))
    message = queue.get(timeout=2)
    assert message.payload == {"evaluation_ids": [1, 2, 3]}
    message.ack()
    queue.close()


def test_a_message_still_being_written_is_left_until_it_is_whole(
    connection: Connection, tmp_path: Path, queue_name: str
) -> None:
    queue = connection.SimpleQueue(queue_name)
    partial = _half_written(tmp_path, queue_name)
    with partial.open("rb") as writer:
        # The stock writer holds an exclusive lock while it writes.
        fcntl.flock(writer.fileno(), fcntl.LOCK_EX)
        queue.put({"evaluation_ids": [7]})
        message = queue.get(timeout=2)
        assert message.payload == {"evaluation_ids": [7]}
        message.ack()
    assert partial.exists()  # untouched, for when its writer finishes
    queue.close()


def test_a_message_whose_writer_died_is_set_aside_not_fatal(
    connection: Connection, tmp_path: Path, queue_name: str
) -> None:
    queue = connection.SimpleQueue(queue_name)
    partial = _half_written(tmp_path, queue_name)
    queue.put({"evaluation_ids": [8]})
    message = queue.get(timeout=2)
    assert message.payload == {"evaluation_ids": [8]}
    message.ack()
    assert not partial.exists()
    assert partial.with_name(partial.name + ".corrupt").exists()
    queue.close()


def test_the_settings_use_it_for_the_embedded_broker() -> None:
    from config.celery import app

    with app.connection_for_write() as connection:
        assert type(connection.transport).__module__ == "core.kombu_filesystem"


def test_exchange_tables_live_under_the_var_dir_not_in_the_checkout(
    settings: Any, queue_name: str
) -> None:
    from config.celery import app

    root = Path(__file__).resolve().parent.parent.parent
    control = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["control_folder"])
    assert control.is_relative_to(settings.VAR_DIR)
    # Declaring a queue writes its exchange table.
    with app.connection_for_write() as connection:
        queue = connection.SimpleQueue(queue_name)
        queue.put({"ping": True})
        queue.get(timeout=2).ack()
        queue.close()
    assert (control / f"{queue_name}.exchange").exists()
    assert not (root / "control").exists()


def _claimed_by_a_dead_consumer(
    queue: Any, folder: Path, queue_name: str, *, age_seconds: float
) -> Path:
    """Put a message, then leave it renamed to .claimed, as a consumer that died."""
    queue.put({"evaluation_ids": [1]})
    (written,) = folder.glob(f"*.{queue_name}.msg")
    claimed = written.with_name(written.name + ".claimed")
    written.rename(claimed)
    stamp = time.time() - age_seconds
    os.utime(claimed, (stamp, stamp))
    return claimed


def test_a_message_claimed_by_a_consumer_that_died_is_delivered_again(
    connection: Connection, tmp_path: Path, queue_name: str
) -> None:
    queue = connection.SimpleQueue(queue_name)
    claimed = _claimed_by_a_dead_consumer(
        queue, tmp_path, queue_name, age_seconds=kombu_filesystem.STALE_CLAIM_SECONDS + 1
    )
    message = queue.get(timeout=2)
    assert message.payload == {"evaluation_ids": [1]}
    message.ack()
    assert not claimed.exists()
    queue.close()


def test_a_fresh_claim_belongs_to_a_live_consumer_and_is_left_alone(
    connection: Connection, tmp_path: Path, queue_name: str
) -> None:
    queue = connection.SimpleQueue(queue_name)
    claimed = _claimed_by_a_dead_consumer(
        queue, tmp_path, queue_name, age_seconds=kombu_filesystem.STALE_CLAIM_SECONDS - 5
    )
    with pytest.raises(Empty):
        queue.get(timeout=0.2)
    assert claimed.exists()
    queue.close()


def test_a_message_that_waited_long_is_not_taken_for_a_stale_claim(
    connection: Connection, tmp_path: Path, queue_name: str
) -> None:
    """Claiming stamps the file: its write time says nothing about its claim."""
    queue = connection.SimpleQueue(queue_name)
    queue.put({"evaluation_ids": [7]})
    (written,) = tmp_path.glob(f"*.{queue_name}.msg")
    old = time.time() - 10 * kombu_filesystem.STALE_CLAIM_SECONDS
    os.utime(written, (old, old))
    channel = queue.channel
    claimed = channel._claim(str(written))
    assert claimed is not None
    assert Path(claimed).stat().st_mtime > time.time() - 60
    channel._recover_stale_claims(sorted(p.name for p in tmp_path.iterdir()), f"{queue_name}.msg")
    assert Path(claimed).exists()
    queue.close()
