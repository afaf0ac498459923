"""Checking an uploaded take in a child process with CPU, memory and wall-clock limits.

A hostile or broken file must not take the web process down with it: FFmpeg's
demuxers and decoders run in a forked child (from a forkserver that already
imported PyAV and NumPy, so a check costs milliseconds, not an interpreter
start), under ``RLIMIT_AS`` and ``RLIMIT_CPU``, and the parent kills it when
the wall clock runs out. The child reports back a duration or the one-line
reason of an ``AnalysisError``.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from . import errors
from .audio import MAX_BYTES, MAX_SECONDS

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
        context.set_forkserver_preload(["grading.analysis.audio", "av", "scipy.signal"])
        _context = context
    return _context


def _child(conn: Connection, path: str, limits: UploadLimits) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
    from .audio import decode_audio, probe_audio

    try:
        # The probe stops a tiny file that claims hours of audio before any decoding.
        probe_audio(path, max_bytes=limits.max_bytes, max_seconds=limits.max_seconds)
        decoded = decode_audio(path, max_bytes=limits.max_bytes, max_seconds=limits.max_seconds)
        conn.send(("ok", decoded.duration_seconds))
    except errors.AnalysisError as exc:
        conn.send(("refused", type(exc).__name__, str(exc)))
    except MemoryError:
        conn.send(("refused", "UnreadableAudio", "decoding the recording needed too much memory"))
    finally:
        conn.close()


def check_upload(path: str | os.PathLike[str], *, limits: UploadLimits | None = None) -> float:
    """Decode ``path`` in a limited child; return the take's duration in seconds.

    Raises the ``AnalysisError`` subclass the child raised, or ``UnreadableAudio``
    when the child ran out of time, CPU or memory, or died.
    """
    limits = limits or UploadLimits()
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, os.fspath(path), limits), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.wall_seconds):
            raise errors.UnreadableAudio(f"checking the recording took longer than {limits.wall_seconds:.0f} s")
        try:
            message = receiver.recv()
        except EOFError:
            raise errors.UnreadableAudio("the recording could not be decoded safely (the decoder stopped)") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    if message[0] == "ok":
        return float(message[1])
    _, kind, text = message
    error_class = getattr(errors, kind, errors.UnreadableAudio)
    if not (isinstance(error_class, type) and issubclass(error_class, errors.AnalysisError)):
        error_class = errors.UnreadableAudio
    raise error_class(text)
