"""A note that swells in from silence, its pitch there before its level clears the voicing gate.

A bowed note or a choir sample coming in after a rest, or a soft note in a noisy room, is voiced only
once its level stands 10 dB over the room tone: 150-450 ms after it began on the sampled cello,
viola and choir. Its pitch is there before that, steady, at a lower tracker confidence. The frames
at the matched pitch that lead into the match are a reading of where the note began: its timing is
judged from there too (``timing.timing_errors``), and a swell begun late is still late.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grading.analysis import assess
from tests.grading.analysis.synth import SR, tone, write_score, write_wav

STEP = 0.8  # quarter notes at 75 bpm
HELD = 0.55  # each note sounds this long, then a rest
SWELL = 0.5  # every other note swells in from silence over this long (s)
NOISE = 0.015  # room tone: a swelling note clears the voicing gate about 180 ms in
MELODY = [55, 59, 62, 59, 57, 60, 64, 60, 55, 59, 62]


def _take(starts: list[float]) -> np.ndarray:
    out = NOISE * np.random.default_rng(0).standard_normal(int((starts[-1] + 1.5) * SR))
    for i, (m, on) in enumerate(zip(MELODY, starts, strict=True)):
        x = tone(m, HELD, harmonics=tuple(1 / h for h in range(1, 9)))
        t = np.arange(len(x)) / SR
        envelope = np.clip(t / (SWELL if i % 2 else 0.03), 0, 1)
        at = int(on * SR)
        out[at : at + len(x)] += (envelope * x)[: len(out) - at]
    return out.astype(np.float32)


def _grade(tmp_path: Path, starts: list[float]) -> list[dict]:
    score = write_score(tmp_path / "t.musicxml", MELODY, [1.0] * len(MELODY), bpm=75)
    return assess(score, write_wav(tmp_path / "t.wav", _take(starts))).to_json()["notes"]


def test_a_note_swelling_in_from_silence_is_timed_from_where_its_pitch_began(tmp_path: Path) -> None:
    # Main: the swelling notes are heard and voiced 180-190 ms after they begin; four of the five
    # were called late (+0.16 to +0.17 s against their neighbours).
    starts = [0.8 + STEP * i for i in range(len(MELODY))]
    notes = _grade(tmp_path, starts)
    errors = [round(n["timing_error"], 3) for n in notes]
    assert all(n["pitch"] == "ok" for n in notes), errors
    assert all(n["timing"] == "ok" for n in notes), errors
    assert all(abs(e) < 0.06 for e in errors), errors


def test_a_swell_from_silence_begun_late_is_still_late(tmp_path: Path) -> None:
    starts = [0.8 + STEP * i for i in range(len(MELODY))]
    starts[5] += 0.25
    notes = _grade(tmp_path, starts)
    assert notes[5]["timing"] == "late", round(notes[5]["timing_error"], 3)
    assert [n["index"] for n in notes if n["timing"] != "ok"] == [5]
