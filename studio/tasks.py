"""Celery tasks for the studio: thin, id in, safe to run twice.

``studio.audio`` and ``studio.notation`` queue these tasks and the tasks call back into them, so each imports
the other as a module.
"""

from __future__ import annotations

import logging

from celery import shared_task

from grading.models import Exercise
from studio import audio, notation
from tutor.errors import TutorError

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


@shared_task
def draw_exercise_notation(exercise_id: int, transpose: int = 0, layout: str = "wide") -> None:
    """Draw an exercise's notation that was too slow for a request; a second delivery finds it drawn and stops."""
    exercise = Exercise.objects.filter(pk=exercise_id).first()
    if exercise is None:
        return
    try:
        notation.exercise_notation_draw(exercise=exercise, transpose=transpose, layout=layout)
    except TutorError as exc:
        # The reason is stored for the page (notation...-error.json); asking again after a while retries.
        logger.warning("notation of exercise %s (%+d, %s) not drawn: %s", exercise_id, transpose, layout, exc.message)
