"""Redis (the broker) crashes and restarts while takes are queued and being graded:
every take still ends ``done``, once, with its per-note rows.

The broker is a redis-server of this test's own (append-only file, fsync on
every write), so killing it touches nobody else's queue.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from grading.models import NoteResult, Recording
from tests.conftest import wait_for, worker_log
from tests.faults.conftest import RedisServer, submit_take, wait_until
from tests.grading.takes import TWINKLE, twinkle_take
from tutor.models import Assignment, User

pytestmark = [pytest.mark.services, pytest.mark.worker]

TAKES = 5
REDIS_DOWN_SECONDS = 3


def test_queued_takes_survive_a_redis_crash_and_restart(
    broker_on_extra_redis: RedisServer,
    start_worker: Callable[..., subprocess.Popen[bytes]],
    student: User,
    assignment: Assignment,
    tmp_path: Path,
) -> None:
    redis = broker_on_extra_redis
    # Queue everything before any worker runs, so the queue is deep when Redis dies.
    take = twinkle_take(tmp_path / "take.wav", cents={3: 40}, repeat=2)
    ids = [submit_take(student, assignment, take) for _ in range(TAKES)]
    assert redis.queue_length("grading") == TAKES

    worker = start_worker(CELERY_VISIBILITY_TIMEOUT="30")
    wait_until(
        lambda: Recording.objects.filter(pk__in=ids).exclude(status="queued").exists(),
        timeout=60, what="the worker to start on the first take",
    )
    redis.kill()
    left_in_queue_at_crash = Recording.objects.filter(pk__in=ids, status="queued").count()
    time.sleep(REDIS_DOWN_SECONDS)
    redis.start()
    assert left_in_queue_at_crash >= 2, "the crash should come while takes are still queued"

    def all_finished() -> bool:
        return not Recording.objects.filter(pk__in=ids).exclude(status__in=("done", "failed")).exists()

    wait_for(all_finished, timeout=90, what=f"every take to finish after the restart\n{worker_log(worker)}")
    for recording in Recording.objects.filter(pk__in=ids):
        assert recording.status == "done", (recording.pk, recording.error)
        assert recording.attempts == 1, f"take {recording.pk} was claimed {recording.attempts} times"
        assert recording.finished_at is not None and recording.result is not None
        assert NoteResult.objects.filter(recording=recording).count() == len(TWINKLE)
        assert recording.result["notes"][3]["pitch"] == "sharp"
    assert "Connection to broker lost" in worker_log(worker)

    # The take in flight at the crash could not be acknowledged on the dead
    # connection; Redis hands it out again once its visibility timeout passes
    # (minutes). Deliver those copies now: each must find its take done and do nothing.
    duplicates = redis.requeue_unacked("grading")
    if duplicates:
        wait_for(
            lambda: worker_log(worker).count("succeeded in") >= TAKES + duplicates,
            timeout=30, what=f"the duplicate deliveries to be consumed\n{worker_log(worker)}",
        )
    assert redis.queue_length("grading") == 0
    for recording in Recording.objects.filter(pk__in=ids):
        assert (recording.status, recording.attempts) == ("done", 1)
        assert NoteResult.objects.filter(recording=recording).count() == len(TWINKLE)
