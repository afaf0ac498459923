"""A real Celery worker process consumes a task sent through the API.

Runs on the embedded default (filesystem broker, SQLite) in the main suite, and
against PostgreSQL + Redis in the ``services`` run (scripts/test.sh sets the URLs).
"""

from __future__ import annotations

import os
import zipfile

import pytest
from django.conf import settings

from tests.conftest import api_client_for, wait_for
from tutor.models import DataExport, User

real_services = settings.CELERY_BROKER_URL.startswith(("redis", "amqp"))
pytestmark = [pytest.mark.worker, *([pytest.mark.services] if real_services else [])]


def test_a_task_sent_through_the_api_is_consumed_by_a_real_worker(celery_worker_process) -> None:  # type: ignore[no-untyped-def]
    student = User.objects.create_user(username="wendy", password="a-long-test-password", role="student")
    response = api_client_for(student).post("/api/exports/")
    assert response.status_code == 202
    export_id = response.json()["id"]

    def finished() -> bool:
        return DataExport.objects.get(pk=export_id).status in ("done", "failed")

    wait_for(finished, timeout=60, what="the worker to build the export")
    export = DataExport.objects.get(pk=export_id)
    assert export.status == "done", export.error
    assert os.path.exists(export.file.path)
    with zipfile.ZipFile(export.file.path) as archive:
        assert "data.json" in archive.namelist()
    detail = api_client_for(student).get(f"/api/exports/{export_id}/").json()
    assert detail["status"] == "done" and detail["download"]
