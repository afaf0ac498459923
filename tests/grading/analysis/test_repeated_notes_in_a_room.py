"""A repeated note in a room: the player's short break between two notes of one pitch.

The break leaves a level valley, but the room's tail carries the pitch through it, so the pitch
confidence does not dip and the re-attack detector (a valley with a confidence dip) found nothing:
the second note was called missed. Such a valley is now a weak candidate that can only repeat the
pitch it sits in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grading.analysis import AssessOptions, assess, load_target, onsets, pitch
from tests.grading.analysis.synth import SR, write_score, write_wav

LEAD_IN = 0.5
STEP = 0.5  # quarter notes at 120 bpm
BREAK = 0.03  # the player's break before each note (s)
PARTIALS = (1.0, 0.6, 0.4, 0.3, 0.2, 0.1)
MELODY = [67, 67, 69, 69, 71, 71, 72, 72, 74, 72, 71, 71, 69, 67]


def _note(midi: int, seconds: float, level: float) -> np.ndarray:
    """A steady harmonic tone with a 30 ms attack and release."""
    t = np.arange(int(seconds * SR)) / SR
    phase = 2 * np.pi * 440.0 * 2 ** ((midi - 69) / 12) * t
    x = sum(a * np.sin(h * phase) for h, a in enumerate(PARTIALS, start=1)) / sum(PARTIALS)
    return level * np.minimum(1, np.minimum(t / 0.03, (seconds - t) / 0.03).clip(0)) * x


def _take_in_a_room(midis: list[int], *, rt60_s: float = 0.6, reverb_over_direct_db: float = 5.0,
                    seed: int = 1) -> np.ndarray:
    """Each note a step long less the break, its level varied by 1.5 dB, through a room whose tail
    (noise decaying to -60 dB in ``rt60_s``) carries this much more energy than the direct sound."""
    rng = np.random.default_rng(seed)
    x = np.zeros(int((LEAD_IN + STEP * len(midis) + rt60_s + 0.5) * SR))
    for k, m in enumerate(midis):
        y = _note(m, STEP - BREAK, 0.3 * 10 ** (rng.normal(0, 1.5) / 20))
        a = int((LEAD_IN + STEP * k) * SR)
        x[a : a + len(y)] += y
    t = np.arange(int(1.2 * rt60_s * SR)) / SR
    tail = rng.standard_normal(len(t)) * np.exp(-6.9 * t / rt60_s)
    tail[0] = 0.0
    tail *= 10 ** (reverb_over_direct_db / 20) / np.sqrt(np.sum(tail**2))
    tail[0] = 1.0
    wet = np.convolve(x, tail)[: len(x)] + 1e-3 * rng.standard_normal(len(x))
    return (0.5 * wet / np.abs(wet).max()).astype(np.float32)


def test_each_repeat_of_a_pitch_in_a_room_has_a_candidate_at_its_break() -> None:
    x = _take_in_a_room(MELODY)
    track = pitch.yin(x, fmin_hz=float(pitch.midi_to_hz(50)), fmax_hz=float(pitch.midi_to_hz(90)))
    voiced = onsets.voiced_frames(track)
    midi = onsets.clean_octaves(np.where(voiced, track.midi, np.nan))
    cands = onsets.find_candidates(track, midi, voiced, samples=x)
    repeats = [k for k in range(1, len(MELODY)) if MELODY[k] == MELODY[k - 1]]
    for k in repeats:
        near = np.abs(cands.times - (LEAD_IN + STEP * k) - 0.03) <= 0.06
        assert near.any(), k  # main: none at note 3's break (1.5 s)


def test_repeated_notes_in_a_room_are_found_on_time(tmp_path: Path) -> None:
    score = write_score(tmp_path / "score.musicxml", MELODY, [1.0] * len(MELODY), bpm=120)
    audio = write_wav(tmp_path / "take.wav", _take_in_a_room(MELODY))
    result = assess(load_target(score), audio, options=AssessOptions())
    for note in result.notes:
        assert (note.pitch, note.timing) == ("ok", "ok"), (note.index, note.pitch, note.timing)  # main: note 3 missed
        assert note.onset is not None
        assert abs(note.onset - (LEAD_IN + STEP * note.index)) < 0.1
