"""Celery tasks for generated drills: thin, id in, safe to run twice."""

from __future__ import annotations

from celery import Task, shared_task

from generation.models import Drill
from tutor.jobs import run_job


@shared_task(bind=True)
def render_drill_media(self: Task, drill_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    from generation.melody import GenerationError
    from generation.render.audio import AudioUnavailable
    from generation.services import drill_render_media

    run_job(
        self,
        Drill,
        drill_id,
        lambda drill: drill_render_media(drill=drill),
        permanent_errors=(GenerationError, AudioUnavailable),
    )
