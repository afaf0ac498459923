"""Celery tasks for generated drills: thin, id in, safe to run twice.

``generation.services`` queues this task and it calls back into it, so each imports the other as a module.
"""

from __future__ import annotations

from celery import Task, shared_task

from generation import services
from generation.melody import GenerationError
from generation.models import Drill
from generation.render.audio import AudioUnavailable
from tutor.jobs import run_job


@shared_task(bind=True)
def render_drill_media(self: Task, drill_id: int, reclaim: bool = False) -> None:  # reclaim: see tutor.jobs
    run_job(
        self,
        Drill,
        drill_id,
        lambda drill: services.drill_render_media(drill=drill),
        permanent_errors=(GenerationError, AudioUnavailable),
    )
