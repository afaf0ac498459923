"""Voices outside an adult's middle range: a child's or a high soprano's top notes, read as exactly
as an adult's middle C."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import pitch
from tests.grading.analysis.synth import Played, render, tone, write_score, write_wav


@pytest.mark.parametrize("midi", [60, 72, 84, 86, 89])
def test_yin_reads_a_high_voice_within_a_cent_as_it_reads_middle_c(midi: int) -> None:
    # With a period of a few samples (C6: 15 samples at 16 kHz, F6: 11) the difference function's
    # dip is no parabola; read through one, a steady C6 came out up to 3.3 cents off and an F6 7,
    # depending on where the period fell between samples, while C4 read within 0.05.
    errors = []
    for cents in range(0, 100, 10):
        sung = midi + cents / 100.0
        track = pitch.yin(tone(sung, 1.0), fmin_hz=float(pitch.midi_to_hz(midi - 14)),
                          fmax_hz=float(pitch.midi_to_hz(midi + 14)))
        errors.append(100.0 * (float(np.nanmedian(track.midi[20:80])) - sung))
    assert np.max(np.abs(errors)) < 1.0, np.round(errors, 1)


@pytest.mark.parametrize("octave", [0, 2])
def test_a_note_sung_20_cents_sharp_is_in_tune_at_f6_as_at_f4(octave: int, tmp_path: Path) -> None:
    # A child or a high soprano sings the same line two octaves over an adult's: a note 20 cents
    # sharp is within the 25-cent band in either octave, and one 35 cents sharp is sharp in both.
    midis = [77, 79, 81, 77, 76, 77, 79, 77]
    cents = [0, 0, 0, 20, 0, 35, 0, 0]
    midis = [m + 12 * octave for m in midis]
    played = [Played(m + c / 100.0, 0.5 + 0.5 * i, 0.45) for i, (m, c) in enumerate(zip(midis, cents, strict=True))]
    from grading.analysis import AssessOptions, assess, load_target

    score = write_score(tmp_path / "score.musicxml", list(midis), [1.0] * len(midis), bpm=120)
    audio = write_wav(tmp_path / "take.wav", render(played, total=5.0))
    result = assess(load_target(score), audio, options=AssessOptions())
    assert [n.pitch for n in result.notes] == ["ok"] * 5 + ["sharp"] + ["ok"] * 2, [
        round(n.cents or 0.0, 1) for n in result.notes]
