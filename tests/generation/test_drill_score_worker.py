"""A new drill's score is written by a real worker that takes only scripts/run.sh's grading worker's queues
(grading, interactive, celery): it never waits for the render worker, whose audio and PDF stay queued. Runs on
the embedded default in the main suite and on PostgreSQL + Redis in the ``services`` run."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest
from django.conf import settings

from generation.models import Drill
from tests.config.test_queues import run_sh_workers
from tests.conftest import api_client_for, wait_for, worker_log
from tutor.models import User

real_services = settings.CELERY_BROKER_URL.startswith(("redis", "amqp"))
pytestmark = [pytest.mark.worker, *([pytest.mark.services] if real_services else [])]


def test_the_grading_worker_writes_a_new_drills_score_while_its_media_waits_for_the_render_worker(
    start_worker: Callable[..., subprocess.Popen[bytes]], student: User
) -> None:
    grading_queues, _ = run_sh_workers()
    worker = start_worker(queues=",".join(sorted(grading_queues)))
    response = api_client_for(student).post("/api/drills/", {"params": {"bars": 4}}, format="json")
    assert response.status_code == 201, response.json()
    drill_id = response.json()["id"]
    wait_for(lambda: Drill.objects.filter(pk=drill_id, exercise__isnull=False).exists(), timeout=120,
             what=f"the grading worker to write the drill's score\n{worker_log(worker)}")
    body = api_client_for(student).get(response["Location"]).json()
    assert body["exercise"] is not None and {"musicxml", "svg"} <= set(body["files"])
    assert body["status"] == "queued" and "wav" not in body["files"]  # the media is the render worker's
