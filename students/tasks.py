"""Celery tasks that read across the apps: building a person's data export."""

from __future__ import annotations

from celery import Task, shared_task

from students.privacy import data_export_build
from tutor.jobs import run_job
from tutor.models import DataExport


@shared_task(bind=True)
def build_data_export(self: Task, export_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    run_job(self, DataExport, export_id, lambda export: data_export_build(export=export))
