"""The sweeper for every job row (every app's ``Job`` subclasses), run by beat every minute."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import Task, shared_task
from django.apps import apps
from django.conf import settings

from tutor.models import Job

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def sweep_stale_jobs(self: Task) -> int:
    """Re-queue job rows whose worker vanished (a running row's heartbeat silent for
    JOB_HEARTBEAT_STALE_SECONDS, a queued row waiting JOB_STALE_AFTER_SECONDS); fail those out of attempts.

    Brokers without redelivery (the embedded filesystem broker) lose a message
    when the worker holding it is killed; this makes sure no row stays queued or
    running for ever.
    """
    older_than = timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)
    silent_for = timedelta(seconds=settings.JOB_HEARTBEAT_STALE_SECONDS)
    requeued = 0
    job_models = [m for m in apps.get_models() if issubclass(m, Job) and m.TASK_NAME]
    for model in job_models:
        for row in model.stale(older_than=older_than, silent_for=silent_for):
            if row.attempts >= settings.JOB_MAX_ATTEMPTS:
                row.mark_failed(reason=f"Gave up after {row.attempts} attempts.")
                continue
            row.requeue()
            self.app.send_task(model.TASK_NAME, args=[row.pk])
            requeued += 1
    if requeued:
        logger.warning("re-queued %d stale job(s)", requeued)
    return requeued
