"""A bass sight-singing a treble-clef line in his own key: an octave down and a key lower still.

``--any-key`` lets the singer choose the key; a bass reading a line written around C4-G4 sings it an
octave down (the written notes, as tenors and basses read treble clef) and, with a key of his own, a
fourth or a fifth lower again: F2-C3, 87-131 Hz. The tracker must search that low.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grading.analysis import AssessOptions, assess
from tests.grading.analysis.synth import Played, render, write_score, write_wav

# A line written C4-A4 (the treble clef's lower half), quarters at 120 BPM.
WRITTEN = [60, 62, 64, 65, 67, 65, 64, 62, 60, 64, 67, 69, 67, 64, 62, 60]
BEAT_S = 0.5
# A bass voice: a strong fundamental and its first partials, some vibrato.
BASS_HARMONICS = (1.0, 0.8, 0.5, 0.35, 0.25, 0.15)


def _grade(tmp_path: Path, shift: float, *, flat_note: int | None = None) -> dict:
    played = [Played(m + shift, 0.6 + i * BEAT_S, BEAT_S * 0.9) for i, m in enumerate(WRITTEN)]
    if flat_note is not None:
        played[flat_note].midi -= 0.35
    take = write_wav(tmp_path / "take.wav", render(played, total=0.6 + len(WRITTEN) * BEAT_S + 0.6,
                                                   vibrato_cents=25, harmonics=BASS_HARMONICS))
    score = write_score(tmp_path / "target.musicxml", WRITTEN, [1.0] * len(WRITTEN))
    return assess(score, take, options=AssessOptions(any_key=True, free_tempo=True)).to_json()


@pytest.mark.parametrize("shift", [-17.0, -19.0, -21.3])
def test_it_follows_a_bass_an_octave_and_a_key_under_the_line(tmp_path: Path, shift: float) -> None:
    out = _grade(tmp_path, shift)
    notes = out["notes"]
    assert sum(n["pitch"] == "ok" for n in notes) >= len(WRITTEN) - 1
    assert sum(n["onset"] is not None and abs(n["onset"] - (0.6 + i * BEAT_S)) < 0.1
               for i, n in enumerate(notes)) >= len(WRITTEN) - 1
    # The singer's key, octave folded: what is left of the shift once the octaves are taken off.
    assert abs((out["transposition"] - shift + 6) % 12 - 6) < 0.2


def test_a_bass_an_octave_and_a_fifth_down_still_hears_his_flat_note(tmp_path: Path) -> None:
    notes = _grade(tmp_path, -19.0, flat_note=6)["notes"]
    assert notes[6]["pitch"] == "flat"
    assert sum(n["pitch"] == "ok" for i, n in enumerate(notes) if i != 6) >= len(WRITTEN) - 2
