"""Takes graded by a real worker process: uploaded through the API, and with the
worker's pool process killed mid-analysis. Runs on the embedded default in the
main suite and on PostgreSQL + Redis in the ``services`` run."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import NoteResult, Recording
from tests.conftest import api_client_for, wait_for, worker_log
from tests.grading.takes import TWINKLE, twinkle_take
from tutor.models import Assignment, User

real_services = settings.CELERY_BROKER_URL.startswith(("redis", "amqp"))
pytestmark = [pytest.mark.worker, *([pytest.mark.services] if real_services else [])]


def submit(student: User, assignment: Assignment, take: Path) -> int:
    audio = SimpleUploadedFile(take.name, take.read_bytes())
    response = api_client_for(student).post(
        "/api/recordings/", {"audio": audio, "assignment": assignment.pk}, format="multipart"
    )
    assert response.status_code == 202, response.json()
    return int(response.json()["id"])


def test_an_uploaded_take_ends_done_with_per_note_rows(
    celery_worker_process: subprocess.Popen[bytes], student: User, assignment: Assignment, tmp_path: Path
) -> None:
    recording_id = submit(student, assignment, twinkle_take(tmp_path / "take.wav", cents={3: 40}))
    wait_for(
        lambda: Recording.objects.get(pk=recording_id).status in ("done", "failed"),
        timeout=90, what=f"the worker to grade the take\n{worker_log(celery_worker_process)}",
    )
    body = api_client_for(student).get(f"/api/recordings/{recording_id}/").json()
    assert body["status"] == "done", body["error"]
    assert NoteResult.objects.filter(recording_id=recording_id).count() == len(TWINKLE)
    assert body["result"]["notes"][3]["pitch"] == "sharp"


def test_killing_the_worker_mid_analysis_still_ends_done_once(
    start_worker: Callable[..., subprocess.Popen[bytes]], student: User, assignment: Assignment, tmp_path: Path
) -> None:
    # A short hard limit makes the claim's lease short, so a delivery the broker
    # does not flag as redelivered takes over within seconds, not minutes.
    worker = start_worker(CELERY_TASK_TIME_LIMIT="12", CELERY_TASK_SOFT_TIME_LIMIT="10")
    recording_id = submit(student, assignment, twinkle_take(tmp_path / "long.wav", repeat=6))
    wait_for(
        lambda: Recording.objects.get(pk=recording_id).status != "queued",
        timeout=60, what="the worker to start the analysis",
    )
    children = subprocess.run(["pgrep", "-P", str(worker.pid)], capture_output=True, text=True).stdout.split()
    assert children, "the worker has no pool process"
    for child in children:
        os.kill(int(child), signal.SIGKILL)
    wait_for(
        lambda: Recording.objects.get(pk=recording_id).status in ("done", "failed"),
        timeout=120, what=f"the redelivered take to finish\n{worker_log(worker)}",
    )
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "done", recording.error
    assert recording.attempts == 2
    assert NoteResult.objects.filter(recording_id=recording_id).count() == len(TWINKLE)
