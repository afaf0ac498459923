"""Which queue each task goes to, and that the workers scripts/run.sh starts consume every one of them.

A take has a queue of its own ("grading"), and so do the short jobs someone waits for on a page
("interactive": a score's notation, an uploaded score's reading, a new drill's score, an exercise's
practice audio), so neither waits behind a drill's audio and PDF ("renders") or a data export.
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps

from config.celery import app
from tests.conftest import ROOT
from tutor.models import Job


def queue_of(task: str) -> str:
    return str(app.amqp.router.route({}, task)["queue"].name)


def run_sh_workers() -> list[set[str]]:
    """The queues of each worker scripts/run.sh starts, from its ``-Q`` options."""
    script = (ROOT / "scripts" / "run.sh").read_text()
    return [set(found.split(",")) for found in re.findall(r"worker -Q (\S+)", script)]


@pytest.mark.parametrize(
    ("task", "queue"),
    [("grading.tasks.analyze_recording", "grading"), ("grading.tasks.measure_range", "grading"),
     ("grading.tasks.read_score", "interactive"), ("studio.tasks.draw_exercise_notation", "interactive"),
     ("generation.tasks.write_drill_score", "interactive"),
     ("studio.tasks.render_exercise_audio", "interactive"), ("generation.tasks.render_drill_media", "renders"),
     ("lessons.tasks.render_question_audio", "renders"),
     ("students.tasks.build_data_export", "exports"), ("tutor.tasks.sweep_stale_jobs", "celery")],
)
def test_it_routes_each_task_to_its_queue(task: str, queue: str) -> None:
    assert queue_of(task) == queue


def test_the_grading_worker_never_takes_a_render_and_either_worker_takes_a_page_job() -> None:
    grading, background = run_sh_workers()
    assert grading == {"grading", "interactive", "celery"}
    assert background == {"interactive", "renders", "exports"}


def test_every_task_and_every_job_the_sweeper_requeues_has_a_worker() -> None:
    app.loader.import_default_modules()
    consumed = set().union(*run_sh_workers())
    tasks = {name for name in app.tasks if not name.startswith("celery.")}
    # The sweeper re-sends a job by its model's TASK_NAME: that name is routed like any other.
    tasks |= {m.TASK_NAME for m in apps.get_models() if issubclass(m, Job) and m.TASK_NAME}
    unconsumed = {name: queue_of(name) for name in tasks if queue_of(name) not in consumed}
    assert not unconsumed, unconsumed
