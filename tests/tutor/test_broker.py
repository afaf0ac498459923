"""The embedded broker marks a message it puts back as redelivered, where Celery reads it, so a job whose
pool child died is taken over at once instead of after the heartbeat's 30 s silence."""

from __future__ import annotations

from pathlib import Path

import pytest
from kombu import Connection, Exchange, Queue


def redelivered_after_a_reject(transport: str, folder: Path) -> tuple[object, object]:
    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(folder)}
    queue = Queue("jobs", Exchange("jobs"), "jobs")
    with Connection("filesystem://", transport=transport, transport_options=options) as connection:
        connection.Producer().publish({"job": 1}, exchange=queue.exchange, routing_key="jobs", declare=[queue])
        with connection.SimpleQueue(queue) as simple:
            first = simple.get(timeout=5)
            seen_first = first.delivery_info.get("redelivered")
            first.reject(requeue=True)  # what Celery does when a pool child dies under an acks_late task
            again = simple.get(timeout=5)
            again.ack()
            return seen_first, again.delivery_info.get("redelivered")


def test_it_marks_a_message_put_back_as_redelivered(tmp_path: Path) -> None:
    assert redelivered_after_a_reject("tutor.broker:Transport", tmp_path) == (None, True)


def test_the_celery_app_uses_it_for_the_embedded_broker(settings) -> None:  # type: ignore[no-untyped-def]
    from config.celery import app

    if not settings.CELERY_BROKER_URL.startswith("filesystem"):
        pytest.skip("the broker is not the embedded one")
    from tutor.broker import Transport

    with app.connection_for_write() as connection:
        assert isinstance(connection.transport, Transport)


def consume_while_putting(transport: str, folder: Path, *, count: int = 40) -> list[int]:
    """Put ``count`` large messages from one thread while this one takes them as fast as it can; what it took."""
    import threading
    import time
    from queue import Empty

    options = {"data_folder_in": str(folder), "data_folder_out": str(folder), "control_folder": str(folder)}
    padding = "x" * 2_000_000
    with Connection("filesystem://", transport=transport, transport_options=options) as producer, \
            Connection("filesystem://", transport=transport, transport_options=options) as consumer:
        put, take = producer.default_channel, consumer.default_channel
        writer = threading.Thread(target=lambda: [put._put("jobs", {"n": n, "padding": padding}) for n in range(count)])
        writer.start()
        received: list[int] = []
        deadline = time.monotonic() + 120
        while len(received) < count and time.monotonic() < deadline:
            try:
                received.append(take._get("jobs")["n"])
            except Empty:
                time.sleep(0.001)
        writer.join()
    return received


def test_a_consumer_never_reads_a_message_half_written(tmp_path: Path) -> None:
    """kombu wrote straight into the message's file: a worker that read it mid-write got nothing and stopped
    with an unrecoverable JSONDecodeError (kombu's own transport fails this within a few messages)."""
    assert sorted(consume_while_putting("tutor.broker:Transport", tmp_path)) == list(range(40))
    assert not list(tmp_path.glob("*.part"))
