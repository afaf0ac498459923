"""A running job's worker renews a heartbeat; a job silent for JOB_HEARTBEAT_STALE_SECONDS is taken over or
re-queued in seconds, not after the task's whole time limit (issue 18, finding 9)."""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from students.tasks import build_data_export
from tutor.models import DataExport, User
from tutor.tasks import sweep_stale_jobs


@pytest.mark.django_db
def test_the_sweeper_requeues_a_running_job_whose_heartbeat_stopped(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    silent = now - timedelta(seconds=settings.JOB_HEARTBEAT_STALE_SECONDS + 1)
    lost = DataExport.objects.create(owner=student, status="running", attempts=1, started_at=silent, heartbeat_at=silent)
    # Started long ago but still beating: a long job, alive.
    alive = DataExport.objects.create(owner=student, status="running", attempts=1,
                                      started_at=now - timedelta(minutes=4), heartbeat_at=now - timedelta(seconds=3))
    with mock.patch("config.celery.app.send_task") as send_task:
        assert sweep_stale_jobs() == 1
    send_task.assert_called_once_with("students.tasks.build_data_export", args=[lost.pk])
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert lost.status == "queued" and alive.status == "running"


@pytest.mark.django_db
def test_a_second_delivery_takes_over_a_silent_claim_but_not_a_beating_one(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    export = DataExport.objects.create(owner=student)
    assert DataExport.claim(export.pk)
    cutoff = timezone.now() - timedelta(seconds=settings.JOB_HEARTBEAT_STALE_SECONDS)
    assert not DataExport.claim(export.pk, take_over_started_before=cutoff)
    DataExport.objects.filter(pk=export.pk).update(heartbeat_at=cutoff - timedelta(seconds=1))
    assert DataExport.claim(export.pk, take_over_started_before=cutoff)
    assert DataExport.objects.get(pk=export.pk).attempts == 2


@pytest.mark.django_db
def test_a_beat_for_a_claim_that_was_taken_over_is_refused(student: User) -> None:
    export = DataExport.objects.create(owner=student)
    DataExport.claim(export.pk)
    assert DataExport.beat(export.pk, attempt=1)
    DataExport.claim(export.pk, take_over_started_before=timezone.now() + timedelta(seconds=1))
    assert not DataExport.beat(export.pk, attempt=1) and DataExport.beat(export.pk, attempt=2)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_renewed_while_the_work_runs(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JOB_HEARTBEAT_SECONDS = 0.2
    export = DataExport.objects.create(owner=student)
    beats: list[object] = []

    def slow_build(*, export: DataExport) -> None:
        for _ in range(8):
            time.sleep(0.2)
            beats.append(DataExport.objects.get(pk=export.pk).heartbeat_at)

    with mock.patch("students.tasks.data_export_build", slow_build):
        build_data_export.apply(args=[export.pk])
    export.refresh_from_db()
    assert export.status == "done"
    assert len(set(beats)) >= 3, beats  # renewed several times while the work ran
