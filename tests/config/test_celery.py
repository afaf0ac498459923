"""Tasks are named by string in two places (a job row's TASK_NAME, the beat schedule): every name is a real task."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings

from config.celery import app
from tutor.models import Job


def registered() -> set[str]:
    app.loader.import_default_modules()
    return set(app.tasks)


def test_every_job_row_names_a_registered_task() -> None:
    jobs = [m for m in apps.get_models() if issubclass(m, Job)]
    assert jobs and all(m.TASK_NAME in registered() for m in jobs), {m.__name__: m.TASK_NAME for m in jobs}


def test_every_beat_entry_names_a_registered_task() -> None:
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names <= registered(), names - registered()
