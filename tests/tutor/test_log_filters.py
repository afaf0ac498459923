"""The console of `make run` is not buried by the stale-job sweep's routine lines."""

import logging

from tutor.log_filters import DropRoutineHousekeeping


def _record(level: int, message: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("celery.app.trace", level, __file__, 1, message, args, None)


def test_the_sweeps_routine_lines_are_dropped_and_everything_else_kept():
    keep = DropRoutineHousekeeping().filter
    assert not keep(_record(logging.INFO, "Scheduler: Sending due task sweep-stale-jobs (tutor.tasks.sweep_stale_jobs)"))
    assert not keep(_record(logging.INFO, "Task %(name)s[%(id)s] succeeded in %(runtime)ss: %(return_value)s",
                            {"name": "tutor.tasks.sweep_stale_jobs", "id": "1", "runtime": 0.01, "return_value": 0}))
    assert keep(_record(logging.INFO, "Task %s[%s] received", "grading.tasks.analyze_recording", "2"))
    assert keep(_record(logging.WARNING, "Task tutor.tasks.sweep_stale_jobs[3] raised: database is locked"))


def test_the_filter_is_on_the_console_handler():
    from django.conf import settings

    assert settings.LOGGING["handlers"]["console"]["filters"] == ["routine_housekeeping"]
