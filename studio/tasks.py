"""Celery tasks for the studio: thin, id in, safe to run twice.

``studio.audio`` queues this task and the task calls back into it, so each imports the other as a module.
"""

from __future__ import annotations

import logging

from celery import shared_task

from grading.models import Exercise
from studio import audio

logger = logging.getLogger(__name__)


@shared_task
def render_exercise_audio(exercise_id: int) -> None:
    """Render an exercise's practice audio once; a second delivery finds it rendered and stops."""
    exercise = Exercise.objects.filter(pk=exercise_id).first()
    if exercise is None:
        return
    try:
        audio.exercise_audio_render(exercise=exercise)
    except Exception:
        # The reason is stored for the page (audio-error.json); nothing retries before the page asks again.
        logger.exception("practice audio for exercise %s failed", exercise_id)
