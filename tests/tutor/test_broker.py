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
