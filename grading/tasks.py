"""Celery tasks for recordings: thin, id in, safe to run twice."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from grading.models import RangeTest, Recording
from tutor.jobs import run_job

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def analyze_recording(self: Task, recording_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    from grading.analysis import AnalysisError
    from grading.services import recording_analyze

    run_job(
        self,
        Recording,
        recording_id,
        lambda recording: recording_analyze(recording=recording),
        permanent_errors=(AnalysisError,),
    )


@shared_task
def render_exercise_audio(exercise_id: int) -> None:
    """Render an exercise's practice audio once; a second delivery finds it rendered and stops."""
    from grading.models import Exercise
    from grading.services import exercise_audio_render

    exercise = Exercise.objects.filter(pk=exercise_id).first()
    if exercise is None:
        return
    try:
        exercise_audio_render(exercise=exercise)
    except Exception:
        # The reason is stored for the page (audio-error.json); nothing retries before the page asks again.
        logger.exception("practice audio for exercise %s failed", exercise_id)


@shared_task(bind=True)
def measure_range(self: Task, test_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    from grading.analysis import AnalysisError
    from grading.services import range_test_measure

    run_job(self, RangeTest, test_id, lambda test: range_test_measure(test=test), permanent_errors=(AnalysisError,))
