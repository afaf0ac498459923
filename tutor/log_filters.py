"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging

# The beat scheduler sends the stale-job sweep every few seconds; its routine lines
# ("Sending due task", "received", "succeeded") would bury everything else in the
# console of `make run`. A sweep that re-queues something logs a warning, which stays.
HOUSEKEEPING_TASKS = ("sweep_stale_jobs", "sweep-stale-jobs")


class DropRoutineHousekeeping(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a record whose arguments do not fit its format
            return True
        return not any(task in message for task in HOUSEKEEPING_TASKS)
