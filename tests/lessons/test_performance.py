"""Sung and clapped answers, graded by the grading core from synthesised audio: a right take is
accepted, a wrong note, a late or missing clap or an extra clap is refused with per-note feedback."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest

from grading.analysis.audio import DecodedAudio
from grading.analysis.claps import clap_onsets
from lessons.questions import check_answer, generate
from lessons.questions.model import Question
from lessons.questions.performance import grade_recording

SAMPLE_RATE_HZ = 16000
LEAD_SECONDS = 0.6


def wav_bytes(samples: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SAMPLE_RATE_HZ)
        w.writeframes((np.clip(samples, -1, 1) * 32000).astype("<i2").tobytes())
    return buffer.getvalue()


def decoded(samples: np.ndarray) -> DecodedAudio:
    return DecodedAudio(samples=samples.astype(np.float32), sample_rate_hz=SAMPLE_RATE_HZ,
                        source_rate_hz=SAMPLE_RATE_HZ, source_channels=1, clipped_fraction=0.0)


def sung(notes: list[tuple[float, float]], *, seed: int = 0) -> np.ndarray:
    """A voice-like tone per (MIDI, seconds): five partials, 5 Hz vibrato of ±20 cents, a little noise."""
    rng = np.random.default_rng(seed)
    parts = [np.zeros(int(LEAD_SECONDS * SAMPLE_RATE_HZ))]
    for midi, seconds in notes:
        t = np.arange(int(seconds * SAMPLE_RATE_HZ)) / SAMPLE_RATE_HZ
        cents = 20 * np.sin(2 * np.pi * 5 * t)
        f = 440.0 * 2 ** ((midi - 69 + cents / 100) / 12)
        phase = 2 * np.pi * np.cumsum(f) / SAMPLE_RATE_HZ
        tone = sum(np.sin(k * phase) / k for k in range(1, 6))
        envelope = np.minimum(1, np.minimum(t / 0.03, (seconds - t) / 0.05))
        parts.append(0.25 * tone * envelope)
    out = np.concatenate([*parts, np.zeros(int(0.4 * SAMPLE_RATE_HZ))])
    return out + 0.002 * rng.standard_normal(len(out))


def clapped(onsets: list[float], *, seed: int = 0, seconds: float | None = None) -> np.ndarray:
    """Claps (25 ms decaying noise bursts) at ``onsets`` seconds over quiet room noise."""
    rng = np.random.default_rng(seed)
    total = seconds or (max(onsets) + 1.0)
    out = 0.003 * rng.standard_normal(int(total * SAMPLE_RATE_HZ))
    burst_t = np.arange(int(0.12 * SAMPLE_RATE_HZ)) / SAMPLE_RATE_HZ
    burst = rng.standard_normal(len(burst_t)) * np.exp(-burst_t / 0.025) * 0.6
    for t in onsets:
        i = int(t * SAMPLE_RATE_HZ)
        out[i : i + len(burst)] += burst[: len(out) - i]
    return out


def _sing_take(q: Question, *, shift: dict[int, float] | None = None, octave: int = 0) -> np.ndarray:
    assert q.performance is not None
    beat = 60.0 / q.performance.tempo_qpm
    shift = shift or {}
    return sung([(m + 12 * octave + shift.get(i, 0.0), d * beat) for i, (m, d) in enumerate(q.performance.notes)])


def _clap_times(q: Question, *, tempo_scale: float = 1.0) -> list[float]:
    assert q.performance is not None
    beat = 60.0 / q.performance.tempo_qpm * tempo_scale
    out, t = [], LEAD_SECONDS
    for _, d in q.performance.notes:
        out.append(t)
        t += d * beat
    return out


def _answer(q: Question, samples: np.ndarray) -> tuple[bool, str]:
    assert q.performance is not None
    grade = grade_recording(q, decoded(samples))
    return check_answer(q, grade.to_answer(onsets_only=q.performance.onsets_only))


@pytest.mark.parametrize(("seed", "task"), [(1, "interval"), (2, "scale"), (3, "melody"), (4, "melody")])
def test_a_sung_answer_in_tune_is_right(seed: int, task: str) -> None:
    q = generate("sing_notation", seed=seed, tasks=[task], keys=["C", "G", "a"])
    ok, feedback = _answer(q, _sing_take(q))
    assert ok, feedback
    assert "in tune" in feedback


def test_a_low_voice_an_octave_down_is_right() -> None:
    q = generate("sing_notation", seed=5, tasks=["scale"], keys=["F"])
    ok, feedback = _answer(q, _sing_take(q, octave=-1))
    assert ok, feedback


def test_a_wrong_sung_note_is_named() -> None:
    q = generate("sing_notation", seed=2, tasks=["scale"], keys=["D"])
    ok, feedback = _answer(q, _sing_take(q, shift={3: 2.0}))
    assert not ok
    assert "note 4" in feedback and "sharp" in feedback


@pytest.mark.parametrize("seed", range(6))
def test_claps_on_time_at_the_students_own_tempo_are_right(seed: int) -> None:
    q = generate("clap_rhythm", seed=seed, difficulty=2)
    ok, feedback = _answer(q, clapped(_clap_times(q, tempo_scale=1.1), seed=seed))
    assert ok, feedback


def test_a_late_clap_a_missing_clap_and_an_extra_clap_are_each_named() -> None:
    q = generate("clap_rhythm", seed=11, bars=2, meters=["4/4"], difficulty=1)
    times = _clap_times(q)
    assert len(times) >= 5
    late = list(times)
    late[3] += 0.2
    ok, feedback = _answer(q, clapped(late))
    assert not ok and "clap 4: late" in feedback
    missing = times[:2] + times[3:]
    ok, feedback = _answer(q, clapped(missing))
    assert not ok and "clap 3: not heard" in feedback
    extra = sorted([*times, times[1] + (times[2] - times[1]) / 2])
    ok, feedback = _answer(q, clapped(extra))
    assert not ok and "extra clap" in feedback


def test_clap_onsets_are_found_within_fifteen_ms() -> None:
    times = [0.5, 0.9, 1.25, 1.5, 2.2, 2.35]
    found = clap_onsets(clapped(times), sample_rate_hz=SAMPLE_RATE_HZ)
    assert len(found) == len(times)
    assert np.max(np.abs(found - np.array(times))) < 0.015


def test_a_typed_answer_is_not_a_recording() -> None:
    q = generate("clap_rhythm", seed=1)
    ok, feedback = check_answer(q, "8 claps")
    assert not ok and "recording" in feedback
