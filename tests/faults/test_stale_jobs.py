"""Nothing stays ``analyzing`` for long: a take left analyzing by a worker that
died outright (no redelivery from the broker) is re-queued by the sweeper once
its heartbeat has been silent for JOB_HEARTBEAT_STALE_SECONDS, and a real worker
then grades it; a take whose pool child was killed is taken over by its own
redelivery as soon as the heartbeat is silent; both are done within 60 s of the
restart. A stale take out of attempts ends ``failed`` with a reason.

The recovery figures are written to stdout (run with ``-s``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from grading.models import NoteResult, Recording
from tests.conftest import wait_for, worker_log
from tests.faults.conftest import submit_take, wait_until
from tests.grading.takes import TWINKLE, twinkle_take
from tutor.models import Assignment, User
from tutor.tasks import sweep_stale_jobs

pytestmark = [pytest.mark.services, pytest.mark.worker]

STALE_AFTER = 15
#: The real defaults: only the heartbeat can bring the take back within a minute.
DEFAULTS = {"TUTOR_JOB_HEARTBEAT_SECONDS": "5", "TUTOR_JOB_HEARTBEAT_STALE_SECONDS": "30"}
RECOVERY_SECONDS = 60


def report(what: str, seconds: float) -> None:
    sys.stdout.write(f"\n[recovery] {what}: {seconds:.1f} s\n")


@pytest.fixture
def short_limits(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CELERY_TASK_TIME_LIMIT = 10
    settings.CELERY_TASK_SOFT_TIME_LIMIT = 8
    settings.JOB_STALE_AFTER_SECONDS = STALE_AFTER


def kill_worker_outright(worker: subprocess.Popen[bytes]) -> None:
    """Freeze the pool processes (the analysis stops where it is), then SIGKILL the whole worker,
    so nothing is left to report the loss or put the message back."""
    children = [int(pid) for pid in subprocess.run(
        ["pgrep", "-P", str(worker.pid)], capture_output=True, text=True
    ).stdout.split()]
    for child in children:
        os.kill(child, signal.SIGSTOP)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    for child in children:
        os.kill(child, signal.SIGKILL)


def test_a_take_left_analyzing_by_a_dead_worker_is_requeued_and_graded(
    start_worker: Callable[..., subprocess.Popen[bytes]],
    student: User,
    assignment: Assignment,
    tmp_path: Path,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.JOB_HEARTBEAT_STALE_SECONDS = 30
    doomed = start_worker(**DEFAULTS)
    recording_id = submit_take(student, assignment, twinkle_take(tmp_path / "take.wav", cents={3: 40}, repeat=3))
    wait_until(
        lambda: Recording.objects.get(pk=recording_id).status != "queued",
        timeout=60, what="the worker to claim the take", every=0.02,
    )
    kill_worker_outright(doomed)
    killed_at = time.monotonic()
    recording = Recording.objects.get(pk=recording_id)
    assert (recording.status, recording.attempts) == ("analyzing", 1), "the worker finished before it was killed"

    # Its heartbeat is fresh: the sweeper leaves the claim alone for now.
    assert sweep_stale_jobs() == 0
    assert Recording.objects.get(pk=recording_id).status == "analyzing"
    rescuer = start_worker(**DEFAULTS)  # the restart; its beat is not running, so the test sweeps every second
    restarted_at = time.monotonic()

    def swept() -> bool:
        time.sleep(1)
        return sweep_stale_jobs() == 1

    wait_for(swept, timeout=45, what="the sweeper to re-queue the take")
    report("whole worker killed -> re-queued", time.monotonic() - killed_at)
    wait_for(
        lambda: Recording.objects.get(pk=recording_id).status in ("done", "failed"),
        timeout=RECOVERY_SECONDS, what=f"the re-queued take to finish\n{worker_log(rescuer)}",
    )
    report("whole worker killed -> done, from the restart", time.monotonic() - restarted_at)
    assert time.monotonic() - restarted_at < RECOVERY_SECONDS
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "done", recording.error
    assert recording.attempts == 2
    assert NoteResult.objects.filter(recording=recording).count() == len(TWINKLE)
    assert recording.result["notes"][3]["pitch"] == "sharp"
    assert sweep_stale_jobs() == 0


def test_a_take_whose_pool_child_was_killed_is_done_within_a_minute(
    start_worker: Callable[..., subprocess.Popen[bytes]],
    student: User,
    assignment: Assignment,
    tmp_path: Path,
) -> None:
    worker = start_worker(**DEFAULTS)
    recording_id = submit_take(student, assignment, twinkle_take(tmp_path / "take.wav", cents={3: 40}, repeat=3))
    wait_until(
        lambda: Recording.objects.get(pk=recording_id).status == "analyzing",
        timeout=60, what="the worker to claim the take", every=0.02,
    )
    children = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True).stdout.split()
    assert children, "the worker has no pool child"
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    killed_at = time.monotonic()
    wait_for(
        lambda: Recording.objects.get(pk=recording_id).status in ("done", "failed"),
        timeout=RECOVERY_SECONDS, what=f"the take to finish after its pool child died\n{worker_log(worker)}",
    )
    report("pool child killed -> done", time.monotonic() - killed_at)
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "done", f"{recording.error}\n{worker_log(worker)}"
    assert NoteResult.objects.filter(recording=recording).count() == len(TWINKLE)
    # The broker marked the put-back message redelivered (tutor/broker.py for the embedded one), so it took
    # the claim over at once rather than waiting (a retry) for the dead child's heartbeat to go silent.
    assert "analyze_recording" in worker_log(worker)
    assert "] retry: " not in worker_log(worker), worker_log(worker)
    assert recording.attempts == 2


def test_a_stale_take_out_of_attempts_ends_failed_with_a_reason(
    short_limits: None, student: User, assignment: Assignment, tmp_path: Path, settings  # type: ignore[no-untyped-def]
) -> None:
    take = twinkle_take(tmp_path / "take.wav")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("grading.services.recording_queue", lambda recording: None)  # no broker, no worker
        recording_id = submit_take(student, assignment, take)
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_HEARTBEAT_STALE_SECONDS + 5)
    Recording.objects.filter(pk=recording_id).update(
        status="analyzing", started_at=long_ago, heartbeat_at=long_ago, attempts=settings.JOB_MAX_ATTEMPTS
    )
    assert sweep_stale_jobs() == 0
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "failed"
    assert recording.error == f"Gave up after {settings.JOB_MAX_ATTEMPTS} attempts."
    assert recording.finished_at is not None
