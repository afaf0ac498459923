from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from tutor.models import Classroom, DataExport, User
from tutor.tasks import build_data_export, sweep_stale_jobs

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
    with mock.patch("tutor.privacy.data_export_build", side_effect=OSError("disk full")):
        build_data_export.apply(args=[export.pk])
    export.refresh_from_db()
    assert export.status == "failed" and "OSError" in export.error


def test_the_sweeper_requeues_a_job_whose_worker_vanished(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 5)
    stuck = DataExport.objects.create(owner=student, status="running", attempts=1, started_at=long_ago)
    fresh = DataExport.objects.create(owner=student, status="running", attempts=1, started_at=timezone.now())
    with mock.patch("tutor.celery.app.send_task") as send_task:
        assert sweep_stale_jobs() == 1
    send_task.assert_called_once_with("tutor.tasks.build_data_export", args=[stuck.pk])
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.status == "queued" and fresh.status == "running"


def test_the_sweeper_fails_a_job_out_of_attempts(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 5)
    stuck = DataExport.objects.create(
        owner=student, status="running", attempts=settings.JOB_MAX_ATTEMPTS, started_at=long_ago
    )
    with mock.patch("tutor.celery.app.send_task") as send_task:
        sweep_stale_jobs()
    send_task.assert_not_called()
    stuck.refresh_from_db()
    assert stuck.status == "failed" and "attempts" in stuck.error
