"""A legato semitone step glided over 150 ms, with no change of level.

A room's tail blending into the next note, or a sampled instrument's legato, spreads a semitone step
over 100-200 ms: the 50 ms pitch medians either side never moved by ``PITCH_STEP_SEMITONES`` and the
level did not rise, so the new note had no candidate. The follower then called it missed and read
the note before it over both pitches (sampled seed 1: g1-0099 #4-#5, g1-0124 #18-#19, g1-0040 #30-#31).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grading.analysis import AssessOptions, assess, load_target, onsets, pitch
from tests.grading.analysis.synth import SR, write_score, write_wav

LEAD_IN = 0.5
STEP = 0.5  # quarter notes at 120 bpm
GLIDE = 0.15  # each step slides from the last pitch over this long, starting at its onset
PARTIALS = (1.0, 0.6, 0.4, 0.3, 0.2, 0.1)
MELODY = [64, 65, 64, 65, 67, 68, 67, 65, 64]


def _legato_take(midis: list[int]) -> np.ndarray:
    """One unbroken tone at a steady level whose pitch slides into each note over ``GLIDE``."""
    n = int((LEAD_IN + STEP * len(midis) + 0.5) * SR)
    t = np.arange(n) / SR
    pitch_track = np.full(n, float(midis[0]))
    for k in range(1, len(midis)):
        at = LEAD_IN + STEP * k
        ramp = np.clip((t - at) / GLIDE, 0.0, 1.0)
        pitch_track = np.where(t >= at, midis[k - 1] + ramp * (midis[k] - midis[k - 1]), pitch_track)
    phase = 2 * np.pi * np.cumsum(440.0 * 2 ** ((pitch_track - 69) / 12)) / SR
    x = sum(a * np.sin(h * phase) for h, a in enumerate(PARTIALS, start=1)) / sum(PARTIALS)
    end = LEAD_IN + STEP * len(midis)
    env = np.clip(np.minimum((t - LEAD_IN) / 0.03, (end - t) / 0.03), 0.0, 1.0)
    noise = 1e-3 * np.random.default_rng(1).standard_normal(n)
    return (0.3 * env * x + noise).astype(np.float32)


def test_a_slow_semitone_step_has_a_candidate_where_it_begins() -> None:
    x = _legato_take(MELODY)
    track = pitch.yin(x, fmin_hz=float(pitch.midi_to_hz(55)), fmax_hz=float(pitch.midi_to_hz(80)))
    voiced = onsets.voiced_frames(track)
    midi = onsets.clean_octaves(np.where(voiced, track.midi, np.nan))
    cands = onsets.find_candidates(track, midi, voiced, samples=x)
    semitones = [k for k in range(1, len(MELODY)) if abs(MELODY[k] - MELODY[k - 1]) == 1]
    for k in semitones:
        near = np.abs(cands.times - (LEAD_IN + STEP * k)) <= 0.08
        assert near.any(), (k, cands.times)  # main: none at the semitone steps


def test_slow_legato_steps_are_each_found_and_in_tune(tmp_path: Path) -> None:
    written: list[int | None] = list(MELODY)
    score = write_score(tmp_path / "score.musicxml", written, [1.0] * len(MELODY), bpm=120)
    audio = write_wav(tmp_path / "take.wav", _legato_take(MELODY))
    result = assess(load_target(score), audio, options=AssessOptions())
    for note in result.notes:
        assert (note.pitch, note.timing) == ("ok", "ok"), (note.index, note.pitch, note.timing, note.cents)
