"""Checking an uploaded take, or reading a score, in a child process with CPU, memory and wall-clock limits.

A hostile or broken file must not take the web process down with it: FFmpeg's
demuxers and decoders run in a forked child (from a forkserver that already
imported PyAV and NumPy, so a check costs milliseconds, not an interpreter
start), under ``RLIMIT_AS`` and ``RLIMIT_CPU``, and the parent kills it when
the wall clock runs out. The child reports back a duration or the one-line
reason of an ``AnalysisError``.

Scores go the same way (:func:`read_score_limited`): music21 builds objects
for every tick and measure, so a small hostile MIDI or MusicXML file can cost
minutes and gigabytes; the child reads it and hands back the ``Target`` and
the parts. Running past the limits is ``ScoreTookTooLong``, so a request can
hand a slow score to a worker (larger limits) rather than refuse it.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from . import errors
from .audio import MAX_BYTES, MAX_SECONDS
from .target import ScoreSummary, Target

logger = logging.getLogger(__name__)

DEFAULT_SCORE_MEMORY_BYTES = 1024 * 1024 * 1024
DEFAULT_SCORE_CPU_SECONDS = 20
DEFAULT_SCORE_WALL_SECONDS = 30.0

DEFAULT_MEMORY_BYTES = 1536 * 1024 * 1024
DEFAULT_CPU_SECONDS = 30
DEFAULT_WALL_SECONDS = 45.0


@dataclass(frozen=True)
class UploadLimits:
    """Caps on the file (bytes, seconds of audio) and on the child checking it."""

    max_bytes: int = MAX_BYTES
    max_seconds: float = MAX_SECONDS
    memory_bytes: int = DEFAULT_MEMORY_BYTES
    cpu_seconds: int = DEFAULT_CPU_SECONDS
    wall_seconds: float = DEFAULT_WALL_SECONDS


_context: Any = None


def _mp_context() -> Any:
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            ["grading.analysis.audio", "grading.analysis.target", "av", "scipy.signal", "music21", "verovio"]
        )
        _context = context
    return _context


def _child(conn: Connection, path: str, limits: UploadLimits) -> None:
    _limit_child(limits.memory_bytes, limits.cpu_seconds)
    from .audio import decode_audio, probe_audio

    try:
        # The probe stops a tiny file that claims hours of audio before any decoding.
        probe_audio(path, max_bytes=limits.max_bytes, max_seconds=limits.max_seconds)
        decoded = decode_audio(path, max_bytes=limits.max_bytes, max_seconds=limits.max_seconds)
        conn.send(("ok", decoded.duration_seconds))
    except errors.AnalysisError as exc:
        conn.send(("refused", type(exc).__name__, str(exc), exc.detail))
    except MemoryError:
        conn.send(("refused", "UnreadableAudio", "decoding the recording needed too much memory"))
    finally:
        conn.close()


@dataclass(frozen=True)
class ScoreLimits:
    """Limits on the child reading a score (the score's own bounds live in ``target``)."""

    memory_bytes: int = DEFAULT_SCORE_MEMORY_BYTES
    cpu_seconds: int = DEFAULT_SCORE_CPU_SECONDS
    wall_seconds: float = DEFAULT_SCORE_WALL_SECONDS
    #: False inside a request: while the forkserver is still starting (2.5-7 s, once per process), do not
    #: wait for it: it starts in the background and the call raises ``ScoreTookTooLong`` at once.
    wait_for_start: bool = True


def _limit_child(memory_bytes: int, cpu_seconds: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _read_score(path: str, tempo_bpm: float | None) -> ScoreSummary:
    # Imported in the child, under its limits: music21 is never loaded by the caller.
    from .target import read_score

    return read_score(path, tempo_bpm=tempo_bpm)


def read_score_limited(
    path: str | os.PathLike[str], *, tempo_bpm: float | None = None, limits: ScoreLimits | None = None
) -> ScoreSummary:
    """``target.read_score`` in a limited child: the target and the parts, or ``UnusableScore`` with the reason.

    A child that runs out of wall clock or CPU, or dies, raises ``ScoreTookTooLong``
    (an ``UnusableScore``): the caller never waits longer than ``limits.wall_seconds``,
    and can tell "not quickly" (a worker with larger limits may finish) from "never".
    """
    limits = limits or ScoreLimits()
    message = _run_child(
        _call_child, (_read_score, (os.fspath(path), tempo_bpm), {}, limits), wall_seconds=limits.wall_seconds,
        wait_for_start=limits.wait_for_start,
        timeout_error=errors.ScoreTookTooLong(f"reading the score took longer than {limits.wall_seconds:g} s"),
        died_error=errors.ScoreTookTooLong(
            "the score could not be read safely (the reader ran out of memory or time)"),
    )
    if message[0] == "ok":
        summary: ScoreSummary = message[1]
        return summary
    raise _refusal(message, default=errors.UnusableScore)


def load_target_limited(
    path: str | os.PathLike[str], *, tempo_bpm: float | None = None, limits: ScoreLimits | None = None
) -> Target:
    """``target.load_target`` in a limited child (see :func:`read_score_limited`)."""
    return read_score_limited(path, tempo_bpm=tempo_bpm, limits=limits).target


def _call_child(conn: Connection, function: Any, args: tuple[Any, ...], kwargs: dict[str, Any],
                limits: ScoreLimits) -> None:
    _limit_child(limits.memory_bytes, limits.cpu_seconds)
    try:
        conn.send(("ok", function(*args, **kwargs)))
    except errors.AnalysisError as exc:
        conn.send(("refused", type(exc).__name__, str(exc), exc.detail))
    except MemoryError:
        conn.send(("refused", "UnusableScore", "reading the score needed too much memory"))
    except RecursionError:
        conn.send(("refused", "UnusableScore", "the score is nested too deeply to read"))
    finally:
        conn.close()


def call_limited(function: Any, *args: Any, limits: ScoreLimits | None = None, **kwargs: Any) -> Any:
    """``function(*args, **kwargs)`` in a limited child, for work derived from a score (notation, say).

    ``function`` must be a module-level, Django-free callable whose result pickles.
    Raises the ``AnalysisError`` it raised, or ``ScoreTookTooLong`` when the child ran
    out of time or CPU, or died.
    """
    limits = limits or ScoreLimits()
    message = _run_child(
        _call_child, (function, args, kwargs, limits), wall_seconds=limits.wall_seconds,
        wait_for_start=limits.wait_for_start,
        timeout_error=errors.ScoreTookTooLong(f"drawing the score took longer than {limits.wall_seconds:g} s"),
        died_error=errors.ScoreTookTooLong("the score could not be drawn safely (it ran out of memory or time)"),
    )
    if message[0] == "ok":
        return message[1]
    raise _refusal(message, default=errors.UnusableScore)


_started = threading.Event()
_starter_lock = threading.Lock()
_starter: threading.Thread | None = None


def warm_up() -> None:
    """Start the forkserver and fork one child from it; blocks the first time (2.5-7 s: it imports PyAV,
    music21 and Verovio), returns at once after."""
    if _started.is_set():
        return
    _run_child(_call_child, (os.getpid, (), {}, ScoreLimits()), wall_seconds=DEFAULT_SCORE_WALL_SECONDS,
               timeout_error=errors.ScoreTookTooLong("the sandbox did not start"),
               died_error=errors.ScoreTookTooLong("the sandbox did not start"))


def _started_or_starting() -> bool:
    """True when the forkserver is up; otherwise start it from a background thread and say False."""
    global _starter
    if _started.is_set():
        return True
    with _starter_lock:
        if _starter is None or not _starter.is_alive():
            _starter = threading.Thread(target=_warm_up_quietly, name="sandbox-start", daemon=True)
            _starter.start()
    return False


def _warm_up_quietly() -> None:
    try:
        warm_up()
    except Exception:  # the next call tries again, and says why if it fails too
        logger.exception("the sandbox's forkserver did not start")


def _run_child(
    function: Any, args: tuple[Any, ...], *, wall_seconds: float,
    timeout_error: errors.AnalysisError, died_error: errors.AnalysisError,
    wait_for_start: bool = True,
) -> tuple[Any, ...]:
    """Run ``function(sender, *args)`` in a forked child; its one message, or raise when it gave none.

    With ``wait_for_start`` false, a process whose forkserver is not up yet gets ``timeout_error`` at
    once (the forkserver starts in the background) rather than waiting seconds for it in a request.
    """
    if not wait_for_start and not _started_or_starting():
        raise timeout_error
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    with _plain_multiprocessing():
        child = context.Process(target=function, args=(sender, *args), daemon=True)
        child.start()  # the first start in a process also starts the forkserver
    _started.set()
    sender.close()
    try:
        if not receiver.poll(wall_seconds):
            raise timeout_error
        try:
            message: tuple[Any, ...] = receiver.recv()
        except EOFError:
            raise died_error from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    return message


class _PlainProcess(multiprocessing.process.BaseProcess):
    """What multiprocessing's own main-process object holds (its class is deleted after import)."""

    def __init__(self) -> None:  # not BaseProcess.__init__: it copies the current (billiard) process config
        self._identity = ()
        self._name = "MainProcess"
        self._parent_pid = None
        self._popen = None
        self._closed = False
        self._config = {
            "authkey": multiprocessing.process.AuthenticationString(os.urandom(32)),  # type: ignore[attr-defined]
            "semprefix": "/mp",
        }


@contextlib.contextmanager
def _plain_multiprocessing() -> Iterator[None]:
    """Stand in a plain multiprocessing process state while a Celery prefork worker makes and starts the child.

    billiard (Celery's pool) replaces multiprocessing's current process with its
    own in every pool worker: it is daemonic, and multiprocessing refuses
    children to daemonic processes ("daemonic processes are not allowed to have
    children"), and its authkey refuses to be pickled to the forkserver. Neither
    reason applies to this child: the forkserver forks it, and ``_run_child``
    kills and joins it before returning. Without this every score a worker read
    or drew failed. Outside a worker (the web process, tests) nothing changes.
    """
    from multiprocessing import process as mp_process

    current = mp_process._current_process  # type: ignore[attr-defined]
    if type(current).__module__.startswith("multiprocessing") and not current._config.get("daemon"):
        yield
        return
    mp_process._current_process = _PlainProcess()  # type: ignore[attr-defined]
    try:
        yield
    finally:
        mp_process._current_process = current  # type: ignore[attr-defined]


def _refusal(message: tuple[Any, ...], *, default: type[errors.AnalysisError]) -> errors.AnalysisError:
    _, kind, text, *rest = message
    detail = rest[0] if rest else ""
    error_class = getattr(errors, kind, default)
    if not (isinstance(error_class, type) and issubclass(error_class, errors.AnalysisError)):
        error_class = default
    if detail:  # the child's log is not kept: its library's own words are logged here
        logger.info("the sandbox refused a file: %s (%s)", text, detail)
    return error_class(text, detail=detail)


def check_upload(path: str | os.PathLike[str], *, limits: UploadLimits | None = None) -> float:
    """Decode ``path`` in a limited child; return the take's duration in seconds.

    Raises the ``AnalysisError`` subclass the child raised, or ``UnreadableAudio``
    when the child ran out of time, CPU or memory, or died.
    """
    limits = limits or UploadLimits()
    message = _run_child(
        _child, (os.fspath(path), limits), wall_seconds=limits.wall_seconds,
        timeout_error=errors.UnreadableAudio(f"checking the recording took longer than {limits.wall_seconds:.0f} s"),
        died_error=errors.UnreadableAudio("the recording could not be decoded safely (the decoder stopped)"),
    )
    if message[0] == "ok":
        return float(message[1])
    raise _refusal(message, default=errors.UnreadableAudio)
