"""Celery tasks for recordings: thin, id in, safe to run twice."""

from __future__ import annotations

from celery import Task, shared_task

from grading.models import Recording
from tutor.jobs import run_job


@shared_task(bind=True)
def analyze_recording(self: Task, recording_id: int) -> None:
    from grading.analysis import AnalysisError
    from grading.services import recording_analyze

    run_job(
        self,
        Recording,
        recording_id,
        lambda recording: recording_analyze(recording=recording),
        permanent_errors=(AnalysisError,),
    )
