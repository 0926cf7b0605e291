"""The filesystem broker's atomic writes: a message put is a message got, whole."""

from __future__ import annotations

from pathlib import Path

from kombu import Connection


def test_a_message_put_through_the_transport_is_read_back_whole(tmp_path: Path) -> None:
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}
    with Connection(
        "filesystem://", transport="core.kombu_filesystem:Transport", transport_options=options
    ) as connection:
        queue = connection.SimpleQueue("hipwell-test")
        queue.put({"evaluation_ids": [1, 2, 3]})
        assert not list(tmp_path.glob("*.partial"))
        message = queue.get(timeout=2)
        assert message.payload == {"evaluation_ids": [1, 2, 3]}
        message.ack()
        queue.close()


def test_the_settings_use_it_for_the_embedded_broker() -> None:
    from config.celery import app

    with app.connection_for_write() as connection:
        assert type(connection.transport).__module__ == "core.kombu_filesystem"
