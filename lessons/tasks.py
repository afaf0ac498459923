"""Celery tasks for quizzes: thin, id in, safe to run twice.

``lessons.services`` queues these tasks and they call back into it, so each imports the other as a module.
"""

from __future__ import annotations

from celery import shared_task

from lessons import services
from lessons.models import ServedQuestion
from lessons.questions import AudioUnavailable
from tutor.errors import NotFound


@shared_task
def close_expired_attempt(attempt_id: int) -> None:
    """Score a timed test at its deadline even when the student walked away; nothing if already closed."""
    services.attempt_close_expired(attempt_id=attempt_id)


@shared_task
def render_question_audio(question_id: int) -> None:
    """Render a served ear-training question's audio into the cache; a cached file is left alone."""
    served = ServedQuestion.objects.filter(pk=question_id).first()
    if served is None:
        return
    try:
        services.question_audio(served=served)
    except (AudioUnavailable, NotFound):
        return  # the page says audio is unavailable; nothing to retry
