"""A short note followed by a note the follower does not find.

A planted note a few tenths of a semitone off, slurred from the note before it (no attack, a step too
small for a new candidate), or one glided into, is left unmatched. The note before it was read up to the
next note found, over the missed note's sound as well: a short clean note was read at its unfound
neighbour's pitch (robustness seed 1: s1-0010 #11, s1-0034 #3, s1-0045 #20, s1-0088 #25). A note
followed by missed notes is now read over its own share of that stretch, by the score's onsets.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grading.analysis import AssessOptions, assess, load_target
from tests.grading.analysis.synth import SR, tone, write_score, write_wav

LEAD_IN = 0.5
BEAT = 0.5  # quarter notes at 120 bpm
HARMONICS = (1.0, 0.5, 0.35, 0.25, 0.15)
# Written: the third note an eighth; the fourth (72) is played 71.45, slurred from the third (71).
WRITTEN = [67, 69, 71, 72, 74, 72, 71, 69]
BEATS = [1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0]
SLURRED_TO = 71.45


def _slur(first: float, second: float, first_s: float, second_s: float, *, glide_s: float = 0.03) -> np.ndarray:
    """One bowed or blown sound: ``first`` for ``first_s``, then over ``glide_s`` to ``second``, held."""
    total = first_s + second_s
    t = np.arange(int(total * SR)) / SR
    midi = first + (second - first) * np.clip((t - first_s) / glide_s, 0.0, 1.0)
    phase = 2 * np.pi * np.cumsum(440.0 * 2 ** ((midi - 69) / 12)) / SR
    x = sum(a * np.sin(h * phase) for h, a in enumerate(HARMONICS, start=1))
    env = np.minimum(1, np.minimum(t / 0.02, (total - t) / 0.03).clip(0))
    return (0.3 * env * x / sum(HARMONICS)).astype(np.float32)


def _take() -> np.ndarray:
    onsets = LEAD_IN + BEAT * np.concatenate([[0.0], np.cumsum(BEATS)])
    x = 1e-3 * np.random.default_rng(3).standard_normal(int((onsets[-1] + 1.0) * SR))
    for k, m in enumerate(WRITTEN):
        if k == 3:
            continue  # slurred from note 2
        long = BEAT * BEATS[k] - 0.03
        y = _slur(71, SLURRED_TO, BEAT * BEATS[2], BEAT * BEATS[3] - 0.03) if k == 2 else tone(m, long)
        a = int(onsets[k] * SR)
        x[a : a + len(y)] += y
    return (0.5 * x / np.abs(x).max()).astype(np.float32)


def test_a_short_note_is_not_read_over_the_missed_note_after_it(tmp_path: Path) -> None:
    score = write_score(tmp_path / "score.musicxml", [*WRITTEN], BEATS, bpm=120)
    audio = write_wav(tmp_path / "take.wav", _take())
    result = assess(load_target(score), audio, options=AssessOptions())
    short, slurred = result.notes[2], result.notes[3]
    # The slurred-in note has no candidate of its own: the setting this test is about.
    assert slurred.pitch == "missed", (slurred.pitch, slurred.cents)
    # main: the eighth read over the missed note's 71.45 as well, +45 cents, "sharp".
    assert short.pitch == "ok", short.cents
    assert short.cents is not None and abs(short.cents) < 10, short.cents
    assert [n.pitch for k, n in enumerate(result.notes) if k not in (2, 3)] == ["ok"] * (len(WRITTEN) - 2)
