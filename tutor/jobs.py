"""Running a job row from a Celery task: claim once, finish once, never stay stuck.

A claim lives as long as its heartbeat: while the work runs, a thread in the
worker renews ``heartbeat_at`` every ``JOB_HEARTBEAT_SECONDS`` (5 s). A worker
killed outright, or a pool child killed under it, stops beating; once the row
has been silent for ``JOB_HEARTBEAT_STALE_SECONDS`` (30 s) another delivery
takes it over, and the sweeper re-queues it if no delivery is left (the
embedded filesystem broker loses the message of a killed worker). Before that
a second delivery waits (retries) rather than doubling the work. A redelivery
the broker marks as such, and a retry the task scheduled itself (the database
went away), take the claim over at once.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any, TypeVar

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from tutor.models import Job

logger = logging.getLogger(__name__)

JobT = TypeVar("JobT", bound=Job)

# A database that went away for a while: retry with growing pauses.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
MAX_RETRIES = 12
MAX_RETRY_PAUSE_SECONDS = 120
# Set on a retry the task scheduled for itself: the running claim is its own.
RECLAIM = "reclaim"


def lease_seconds() -> int:
    """How long a claim is trusted without a heartbeat: the silence after which another worker takes over."""
    return int(settings.JOB_HEARTBEAT_STALE_SECONDS)


def queue_job(task: Any, pk: int, **options: Any) -> None:
    """Queue ``task(pk)`` once the current transaction commits.

    A broker that cannot be reached does not fail the request that made the
    row: the row stays queued and the sweeper sends it again.
    """

    def send() -> None:
        try:
            task.apply_async((pk,), **options)
        except Exception as exc:  # kombu raises several kinds; none may lose the row
            logger.warning("could not queue %s(%s), the sweeper will: %s", task.name, pk, exc)

    transaction.on_commit(send)


def run_job(
    task: Task,
    model: type[JobT],
    pk: int,
    work: Callable[[JobT], None],
    *,
    permanent_errors: tuple[type[Exception], ...] = (),
) -> None:
    """Claim row ``pk`` of ``model``, run ``work`` on it, and record how it ended.

    ``permanent_errors`` are failures of the input (an unreadable recording):
    the row ends ``failed`` with the exception's message, and nothing retries.
    A database outage at any point, the final write included, retries the task
    with exponential backoff. Anything else ends the row ``failed`` with a
    short reason and is logged with its traceback.
    """
    now = timezone.now()
    lease = timedelta(seconds=lease_seconds())
    redelivered = bool((task.request.delivery_info or {}).get("redelivered"))
    own_retry = bool((task.request.kwargs or {}).get(RECLAIM))
    try:
        claimed = model.claim(
            pk,
            take_over_started_before=now if redelivered or own_retry else now - lease,
            max_attempts=settings.JOB_MAX_ATTEMPTS,
        )
        if not claimed:
            _wait_for_lease(task, model, pk, lease)
            return
        row = model._default_manager.get(pk=pk)
        with heartbeat(model, pk, attempt=row.attempts):
            failure = _attempt(row, work, permanent_errors=permanent_errors, model=model)
        if failure is None:
            row.mark_done()
        else:
            row.mark_failed(reason=failure)
    except TRANSIENT_ERRORS as exc:
        _retry(task, exc)


@contextlib.contextmanager
def heartbeat(model: type[Job], pk: int, *, attempt: int) -> Iterator[None]:
    """Renew the claim's heartbeat from a thread while the block runs (the work may hold the GIL in C for a
    while; a beat every few seconds against a 30 s silence leaves room for that)."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    if not model.beat(pk, attempt=attempt):
                        return  # the claim is no longer ours (finished, or taken over)
                except TRANSIENT_ERRORS as exc:
                    logger.warning("heartbeat of %s %s missed: %s", model.__name__, pk, exc)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"heartbeat-{model.__name__}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def _attempt(row: Any, work: Callable[[Any], None], *, permanent_errors: tuple[type[Exception], ...],
             model: type[Job]) -> str | None:
    """Run the work; None when it succeeded, else the reason to show. Database errors propagate."""
    try:
        work(row)
    except TRANSIENT_ERRORS:
        raise
    except permanent_errors as exc:
        return str(exc)
    except SoftTimeLimitExceeded:
        return f"This took longer than {settings.CELERY_TASK_SOFT_TIME_LIMIT} s and was stopped."
    except Exception as exc:  # the row must end failed, never stay running
        logger.exception("%s %s failed", model.__name__, row.pk)
        return f"Something went wrong on our side ({type(exc).__name__}); please try again."
    return None


def _wait_for_lease(task: Task, model: type[Job], pk: int, lease: timedelta) -> None:
    """Another claim holds the row: come back when its heartbeat would have gone silent, in case its worker died."""
    row = model._default_manager.filter(pk=pk, status=model.RUNNING_STATUS).values("started_at", "heartbeat_at").first()
    if row is None or row["started_at"] is None:
        return  # finished, failed or gone: nothing to do
    alive_at = row["heartbeat_at"] or row["started_at"]
    remaining = (alive_at + lease - timezone.now()).total_seconds()
    if task.request.retries >= MAX_RETRIES:
        return  # the sweeper still watches the row
    raise task.retry(countdown=max(1, int(remaining) + 1), max_retries=MAX_RETRIES)


def _retry(task: Task, exc: Exception) -> None:
    pause = min(5 * 2**task.request.retries, MAX_RETRY_PAUSE_SECONDS)
    logger.warning("database unavailable (%s); retrying in %d s", exc, pause)
    kwargs = {**(task.request.kwargs or {}), RECLAIM: True}
    raise task.retry(exc=exc, countdown=pause, max_retries=MAX_RETRIES, kwargs=kwargs)
