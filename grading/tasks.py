"""Celery tasks for takes, range tests, transcriptions and score uploads: thin, id in, safe to run twice.

``grading.services`` queues these tasks and they call back into it, so each imports the other as a module.
"""

from __future__ import annotations

import logging

from celery import Task, shared_task

from grading import services
from grading.analysis import AnalysisError
from grading.models import RangeTest, Recording, ScoreUpload, Transcription
from tutor.jobs import run_job

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def analyze_recording(self: Task, recording_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    run_job(
        self,
        Recording,
        recording_id,
        lambda recording: services.recording_analyze(recording=recording),
        permanent_errors=(AnalysisError,),
    )


@shared_task(bind=True)
def measure_range(self: Task, test_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    run_job(self, RangeTest, test_id, lambda test: services.range_test_measure(test=test),
            permanent_errors=(AnalysisError,))


@shared_task(bind=True)
def transcribe_take(self: Task, transcription_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    run_job(self, Transcription, transcription_id, lambda row: services.transcription_run(row=row),
            permanent_errors=(AnalysisError,))


@shared_task(bind=True)
def read_score(self: Task, upload_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    run_job(self, ScoreUpload, upload_id, lambda upload: services.score_upload_read(upload=upload),
            permanent_errors=(AnalysisError,))


@shared_task
def purge_expired_audio() -> int:
    """Enforce the audio retention setting (hourly from beat)."""
    purged = services.audio_retention_purge()
    if purged:
        logger.info("deleted the audio of %d take(s) past retention", purged)
    return purged
