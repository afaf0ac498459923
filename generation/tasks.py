"""Celery tasks for generated drills: thin, id in, safe to run twice.

``generation.services`` queues these tasks and they call back into it, so each imports the other as a module.
"""

from __future__ import annotations

import logging

from celery import Task, shared_task

from generation import services
from generation.melody import GenerationError
from generation.models import Drill
from generation.render.audio import AudioUnavailable
from tutor.jobs import run_job

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def render_drill_media(self: Task, drill_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    run_job(
        self,
        Drill,
        drill_id,
        lambda drill: services.drill_render_media(drill=drill),
        permanent_errors=(GenerationError, AudioUnavailable),
    )


@shared_task
def write_drill_score(drill_id: int) -> None:
    """Write a new drill's score ahead of its media (queue "interactive"); a second delivery finds it written.

    Not a job of its own: ``render_drill_media`` owns the drill's row and writes the score if this is lost.
    """
    try:
        services.drill_score_write(drill_id=drill_id)
    except Exception:
        # The media task writes the score, and records any failure on the drill's row.
        logger.exception("score of drill %s not written ahead of its media", drill_id)
