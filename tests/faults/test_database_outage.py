"""The worker loses PostgreSQL for ~10 s: the analysis task retries with backoff
(tutor.jobs: 5 s, 10 s, 20 s ... capped at 120 s, 12 retries) and then completes;
the take never stays ``analyzing``.

The worker reaches the test database through a TCP proxy in this process; the
test itself (the "web" side) talks to PostgreSQL directly, as a web server on
another host would while the worker's link is down.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from grading.models import NoteResult, Recording
from tests.conftest import wait_for, worker_log
from tests.faults.conftest import TcpProxy, database_url_through, submit_take, wait_until
from tests.grading.takes import TWINKLE, twinkle_take
from tutor.models import Assignment, User

pytestmark = [pytest.mark.services, pytest.mark.worker]

OUTAGE_SECONDS = 10
# A short hard limit keeps the claim's lease (limit + 5 s) short; the stale age must exceed the limit.
SHORT_LIMITS = {
    "CELERY_TASK_TIME_LIMIT": "10", "CELERY_TASK_SOFT_TIME_LIMIT": "8", "TUTOR_JOB_STALE_AFTER_SECONDS": "15",
}


def status_of(recording_id: int) -> str:
    return str(Recording.objects.values_list("status", flat=True).get(pk=recording_id))


def test_a_take_queued_during_a_database_outage_is_retried_and_completes(
    db_proxy: TcpProxy,
    start_worker: Callable[..., subprocess.Popen[bytes]],
    student: User,
    assignment: Assignment,
    tmp_path: Path,
) -> None:
    worker = start_worker(DATABASE_URL=database_url_through(db_proxy.port))
    db_proxy.cut()
    cut_at = time.monotonic()
    recording_id = submit_take(student, assignment, twinkle_take(tmp_path / "take.wav", cents={3: 40}))

    wait_for(
        lambda: "database unavailable" in worker_log(worker),
        timeout=OUTAGE_SECONDS, what=f"the worker to hit the outage\n{worker_log(worker)}",
    )
    assert status_of(recording_id) == "queued", "nothing may claim the take while the database is away"
    time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - cut_at)))
    assert status_of(recording_id) == "queued"
    db_proxy.restore()
    restored_at = time.monotonic()

    # Backoff 5 s then 10 s: the retry after the outage comes at most ~15 s after it began.
    wait_for(
        lambda: status_of(recording_id) in ("done", "failed"),
        timeout=40, what=f"the retried take to finish\n{worker_log(worker)}",
    )
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "done", recording.error
    assert recording.attempts == 1
    assert NoteResult.objects.filter(recording=recording).count() == len(TWINKLE)
    assert recording.result["notes"][3]["pitch"] == "sharp"
    log = worker_log(worker)
    assert "retrying in 5 s" in log
    assert db_proxy.refused >= 1
    assert time.monotonic() - restored_at < 30


def test_losing_the_database_mid_analysis_retries_and_ends_done_once(
    db_proxy: TcpProxy,
    start_worker: Callable[..., subprocess.Popen[bytes]],
    student: User,
    assignment: Assignment,
    tmp_path: Path,
) -> None:
    worker = start_worker(DATABASE_URL=database_url_through(db_proxy.port), **SHORT_LIMITS)
    recording_id = submit_take(student, assignment, twinkle_take(tmp_path / "take.wav", repeat=3))
    wait_until(lambda: status_of(recording_id) != "queued", timeout=60, what="the worker to claim the take")
    # Freeze the pool process mid-analysis, cut its database link, let it run on:
    # the results it then writes meet a dead connection.
    children = [int(pid) for pid in subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
    ).stdout.split()]
    assert children, "the worker has no pool process"
    for child in children:
        os.kill(child, signal.SIGSTOP)
    try:
        claimed = Recording.objects.get(pk=recording_id)
        db_proxy.cut()
    finally:
        for child in children:
            os.kill(child, signal.SIGCONT)
    assert claimed.status == "analyzing", f"the analysis ended before the cut ({claimed.status}); too fast to test"
    cut_at = time.monotonic()

    wait_for(
        lambda: "database unavailable" in worker_log(worker),
        timeout=OUTAGE_SECONDS, what=f"the write to meet the outage\n{worker_log(worker)}",
    )
    time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - cut_at)))
    assert status_of(recording_id) == "analyzing"
    assert not NoteResult.objects.filter(recording_id=recording_id).exists(), "a half-written result leaked"
    db_proxy.restore()

    # The retry finds the row still claimed by its own first run and takes it
    # over once that claim's lease (hard limit + 5 s = 15 s) has run out.
    wait_for(
        lambda: status_of(recording_id) in ("done", "failed"),
        timeout=45, what=f"the retried take to finish\n{worker_log(worker)}",
    )
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "done", recording.error
    assert recording.attempts == 2
    assert NoteResult.objects.filter(recording=recording).count() == len(TWINKLE)
    assert "retrying in 5 s" in worker_log(worker)
