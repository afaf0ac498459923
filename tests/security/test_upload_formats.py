"""Takes in every format a phone or browser records, made here with PyAV: each is accepted and kept; a take
too long or silent for an hour is refused with a message that says why, and nothing is stored."""

from __future__ import annotations

import io
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Recording
from tests.conftest import api_client_for
from tests.grading.analysis.synth import SR, tone
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db


def encoded(samples: np.ndarray, *, container: str, codec: str, rate: int = 48_000, layout: str = "mono",
            fmt: str = "fltp", frame_size: int = 0) -> bytes:
    """``samples`` (mono at ``SR``) resampled to ``rate``, copied to every channel of ``layout`` and encoded."""
    import av
    from scipy.signal import resample_poly

    x = resample_poly(samples, rate // 1000, SR // 1000).astype(np.float32) if rate != SR else samples.astype(np.float32)
    buffer = io.BytesIO()
    with av.open(buffer, "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate, layout=layout)
        channels = stream.codec_context.layout.nb_channels
        frame_size = stream.codec_context.frame_size or frame_size or 1024
        for start in range(0, len(x), frame_size):
            chunk = np.repeat(x[None, start:start + frame_size], channels, axis=0)
            if fmt.startswith("s16"):
                chunk = (np.clip(chunk, -1, 1) * 32767).astype(np.int16)
            if not fmt.endswith("p"):
                chunk = chunk.T.reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(chunk), format=fmt, layout=layout)
            frame.sample_rate, frame.pts = rate, start
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return buffer.getvalue()


MELODY = np.concatenate([tone(60 + step, 0.5) for step in (0, 2, 4, 5, 7, 9)])
GOOD = {
    "take.mp3": dict(container="mp3", codec="libmp3lame", rate=44_100, fmt="fltp"),
    "take.m4a": dict(container="ipod", codec="aac", rate=44_100, fmt="fltp"),
    "take.opus": dict(container="ogg", codec="libopus", rate=48_000, fmt="flt"),
    "take.webm": dict(container="webm", codec="libopus", rate=48_000, fmt="flt"),
    "take-96k-6ch.wav": dict(container="wav", codec="pcm_s16le", rate=96_000, layout="5.1", fmt="s16"),
    "take-96k-6ch.flac": dict(container="flac", codec="flac", rate=96_000, layout="5.1", fmt="s16"),
}


def post_take(student: User, assignment: Assignment, name: str, data: bytes):  # type: ignore[no-untyped-def]
    from django.test import TestCase

    with mock.patch("grading.tasks.analyze_recording.apply_async") as queued, \
            TestCase.captureOnCommitCallbacks(execute=True):
        response = api_client_for(student).post(
            "/api/recordings/", {"audio": SimpleUploadedFile(name, data), "assignment": assignment.pk},
            format="multipart")
    return response, queued


@pytest.mark.parametrize("name", sorted(GOOD))
def test_a_take_in_any_common_format_is_accepted_kept_queued_and_graded(name: str, student: User,
                                                                         assignment: Assignment) -> None:
    from grading.tasks import analyze_recording

    response, queued = post_take(student, assignment, name, encoded(MELODY, **GOOD[name]))  # type: ignore[arg-type]
    assert response.status_code == 202, (name, response.content[:400])
    recording = Recording.objects.get(pk=response.json()["id"])
    assert recording.status == "queued" and Path(recording.audio.path).stat().st_size > 1000
    queued.assert_called_once()
    analyze_recording.apply(args=[recording.pk])  # the worker's task, here
    recording.refresh_from_db()
    assert recording.status == "done" and recording.notes.count() == 14, (recording.status, recording.error)
    assert Path(recording.audio.path).exists()


def test_an_hour_of_silence_is_refused_with_a_reason_and_nothing_is_kept(student: User, assignment: Assignment) -> None:
    """An hour of FLAC silence is 650 kB, far under the size cap: the length is what refuses it."""
    data = encoded(np.zeros(SR * 3600, np.float32), container="flac", codec="flac", rate=SR, fmt="s16", frame_size=4608)
    response, queued = post_take(student, assignment, "hour-of-silence.flac", data)
    assert response.status_code == 400, response.content[:400]
    message = " ".join(response.json()["error"]["fields"]["audio"])
    assert "600" in message or "10 min" in message or "long" in message, message
    assert not Recording.objects.exists()
    queued.assert_not_called()
