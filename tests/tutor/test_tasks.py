from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from students.tasks import build_data_export
from tutor.models import Classroom, DataExport, User
from tutor.tasks import sweep_stale_jobs

pytestmark = pytest.mark.django_db


def test_it_builds_an_export_with_the_persons_data(student: User, classroom: Classroom) -> None:
    export = DataExport.objects.create(owner=student)
    build_data_export.apply(args=[export.pk])
    export.refresh_from_db()
    assert export.status == "done"
    with zipfile.ZipFile(export.file.path) as archive:
        data = json.loads(archive.read("data.json"))
    assert data["user"]["username"] == "sam"
    assert [c["name"] for c in data["classes_joined"]] == ["Choir"]


def test_a_second_delivery_does_nothing(student: User) -> None:
    export = DataExport.objects.create(owner=student)
    build_data_export.apply(args=[export.pk])
    first_file = DataExport.objects.get(pk=export.pk).file.name
    build_data_export.apply(args=[export.pk])
    export.refresh_from_db()
    assert export.attempts == 1 and export.file.name == first_file


def test_a_failing_build_ends_failed_with_the_reason(student: User) -> None:
    export = DataExport.objects.create(owner=student)
    with mock.patch("students.tasks.data_export_build", side_effect=OSError("disk full")):
        build_data_export.apply(args=[export.pk])
    export.refresh_from_db()
    assert export.status == "failed" and "OSError" in export.error


def test_the_sweeper_requeues_a_job_whose_worker_vanished(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 5)
    stuck = DataExport.objects.create(owner=student, status="running", attempts=1, started_at=long_ago)
    fresh = DataExport.objects.create(owner=student, status="running", attempts=1, started_at=timezone.now())
    with mock.patch("config.celery.app.send_task") as send_task:
        assert sweep_stale_jobs() == 1
    send_task.assert_called_once_with("students.tasks.build_data_export", args=[stuck.pk])
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == "queued" and fresh.status == "running"


def test_the_sweeper_fails_a_job_out_of_attempts(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 5)
    stuck = DataExport.objects.create(
        owner=student, status="running", attempts=settings.JOB_MAX_ATTEMPTS, started_at=long_ago
    )
    with mock.patch("config.celery.app.send_task") as send_task:
        sweep_stale_jobs()
    send_task.assert_not_called()
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "attempts" in stuck.error


def test_a_database_error_on_the_final_write_is_retried_not_left_running(student: User) -> None:
    from celery.exceptions import Retry
    from django.db import OperationalError

    export = DataExport.objects.create(owner=student)
    down = OperationalError("server closed the connection")
    with mock.patch.object(DataExport, "mark_done", side_effect=down), pytest.raises(Retry):
        build_data_export.apply(args=[export.pk], throw=True)
    export.refresh_from_db()
    assert export.status == "running"
    # The retry carries "reclaim": it takes its own claim back at once, not after the lease.
    build_data_export.apply(args=[export.pk], kwargs={"reclaim": True})
    export.refresh_from_db()
    assert export.status == "done" and export.attempts == 2


def test_a_plain_second_delivery_still_waits_for_the_lease(student: User) -> None:
    from celery.exceptions import Retry

    export = DataExport.objects.create(owner=student)
    DataExport.claim(export.pk)
    with pytest.raises(Retry):
        build_data_export.apply(args=[export.pk], throw=True)
    export.refresh_from_db()
    assert export.status == "running" and export.attempts == 1


def test_a_broker_that_is_down_does_not_fail_the_request(student: User, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from kombu.exceptions import OperationalError as BrokerDown

    from tests.conftest import api_client_for

    with mock.patch("students.tasks.build_data_export.apply_async", side_effect=BrokerDown("connection refused")), \
            django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(student).post("/api/exports/")
    assert response.status_code == 202
    assert DataExport.objects.get().status == "queued"  # the sweeper will send it
