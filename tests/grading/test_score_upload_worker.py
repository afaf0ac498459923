"""Score uploads and notation drawings done by a real worker process (a Celery prefork pool child, which
billiard marks daemonic: the sandbox must still start its child there). Runs on the embedded default in the
main suite and on PostgreSQL + Redis in the ``services`` run."""

from __future__ import annotations

import subprocess

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Exercise, ScoreUpload
from tests.conftest import DEMO_SCORE, api_client_for, wait_for, worker_log
from tests.security.test_score_limits import PERCUSSION
from tutor.models import User

real_services = settings.CELERY_BROKER_URL.startswith(("redis", "amqp"))
pytestmark = [pytest.mark.worker, *([pytest.mark.services] if real_services else [])]


def test_a_slow_score_becomes_an_exercise_and_a_refused_one_says_why(
    celery_worker_process: subprocess.Popen[bytes], teacher: User, settings  # type: ignore[no-untyped-def]
) -> None:
    settings.SCORE_CHECK_SECONDS = 0.001  # this process's requests hand every score to the worker
    api = api_client_for(teacher)
    accepted = api.post("/api/exercises/", {"title": "Twinkle", "score": SimpleUploadedFile(
        "twinkle.musicxml", DEMO_SCORE.read_bytes())}, format="multipart")
    refused = api.post("/api/exercises/", {"title": "Drums", "score": SimpleUploadedFile(
        "drums.musicxml", PERCUSSION)}, format="multipart")
    assert accepted.status_code == refused.status_code == 202
    ids = [accepted.json()["id"], refused.json()["id"]]
    wait_for(lambda: ScoreUpload.objects.filter(pk__in=ids, status__in=["done", "failed"]).count() == 2,
             timeout=120, what=f"the worker to read both scores\n{worker_log(celery_worker_process)}")
    done = api.get(accepted["Location"]).json()
    assert done["status"] == "done", done["error"]
    assert Exercise.objects.get(pk=done["exercise"]).parts == [[1, "Part 1", 14]]
    failed = api.get(refused["Location"]).json()
    assert failed["status"] == "failed" and "unpitched" in failed["error"]["message"]

    # The studio's notation, too slow for this process's requests, is drawn by the worker.
    url = f"/api/exercises/{done['exercise']}/notation/"
    assert api.get(url).status_code == 202
    wait_for(lambda: api.get(url).status_code != 202, timeout=120,
             what=f"the worker to draw the notation\n{worker_log(celery_worker_process)}")
    drawn = api.get(url)
    assert drawn.status_code == 200 and "<svg" in drawn.json()["svg"]
    assert not default_storage.exists(ScoreUpload.objects.get(pk=ids[1]).score.name or "none")
