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


def test_a_consumer_never_reads_a_message_half_written(tmp_path: Path) -> None:
    """kombu wrote straight into the message's file: a worker that read it mid-write got nothing and stopped
    with an unrecoverable JSONDecodeError. Large messages put while another connection takes them as fast as
    it can: every one arrives whole."""
    import threading

    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path), "control_folder": str(tmp_path)}
    queue = Queue("jobs", Exchange("jobs"), "jobs")
    count, padding = 60, "x" * 2_000_000
    received: list[int] = []
    failures: list[BaseException] = []

    def consume() -> None:
        try:
            with Connection("filesystem://", transport="tutor.broker:Transport", transport_options=options) as c, \
                    c.SimpleQueue(queue) as simple:
                while len(received) < count:
                    message = simple.get(timeout=60)
                    received.append(message.payload["n"])
                    message.ack()
        except BaseException as exc:  # noqa: BLE001 - the test reports it below
            failures.append(exc)

    with Connection("filesystem://", transport="tutor.broker:Transport", transport_options=options) as connection:
        producer = connection.Producer()
        producer.publish({"n": -1}, exchange=queue.exchange, routing_key="jobs", declare=[queue])
        consumer = threading.Thread(target=consume)
        consumer.start()
        for n in range(count - 1):
            producer.publish({"n": n, "padding": padding}, exchange=queue.exchange, routing_key="jobs")
        consumer.join(timeout=120)
    assert not failures, (failures, len(received), sorted(p.name[-40:] for p in tmp_path.iterdir())[:5])
    assert sorted(received) == list(range(-1, count - 1))
    assert not list(tmp_path.glob("*.part"))
