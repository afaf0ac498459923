"""Celery tasks for quizzes: thin, id in, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def close_expired_attempt(attempt_id: int) -> None:
    """Score a timed test at its deadline even when the student walked away; nothing if already closed."""
    from lessons.services import attempt_close_expired

    attempt_close_expired(attempt_id=attempt_id)


@shared_task
def render_question_audio(question_id: int) -> None:
    """Render a served ear-training question's audio into the cache; a cached file is left alone."""
    from lessons.models import ServedQuestion
    from lessons.questions import AudioUnavailable
    from lessons.services import question_audio
    from tutor.errors import NotFound

    served = ServedQuestion.objects.filter(pk=question_id).first()
    if served is None:
        return
    try:
        question_audio(served=served)
    except (AudioUnavailable, NotFound):
        return  # the page says audio is unavailable; nothing to retry
