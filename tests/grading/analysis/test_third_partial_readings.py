"""A note whose third partial is far louder than its fundamental, in a room.

TimGM6mb's harmonica key 62 has its third partial 10 dB over its first and 13 dB over its second.
Through a room YIN locks on that partial (a twelfth up) and octave folding made the clean note a
fourth low, "wrong". The note is now looked at for its own fundamental under the reading; a note truly
played a fourth or a fifth away has none there and stays wrong.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import AssessOptions, assess, load_target
from tests.grading.analysis.synth import SR, tone, write_score, write_wav

LEAD_IN = 0.5
STEP = 0.5  # quarter notes at 120 bpm
# Partial amplitudes: the third 10 dB over the first and 13 dB over the second.
LOUD_THIRD = (10 ** (-10 / 20), 10 ** (-13 / 20), 1.0, 0.3, 0.2, 0.1)
PLAIN = (1.0, 0.5, 0.35, 0.25, 0.15)
MELODY = [62, 64, 66, 62, 67, 66, 64, 62]


def _take_in_a_room(midis: list[int], *, harmonics: tuple[float, ...] = LOUD_THIRD, rt60_s: float = 0.8,
                    seed: int = 1) -> np.ndarray:
    """Each note a step long less 30 ms, through a room whose tail (noise decaying to -60 dB in
    ``rt60_s``) carries 3 dB more energy than the direct sound."""
    rng = np.random.default_rng(seed)
    x = np.zeros(int((LEAD_IN + STEP * len(midis) + 1.5) * SR))
    for k, m in enumerate(midis):
        y = tone(m, STEP - 0.03, harmonics=harmonics)
        a = int((LEAD_IN + STEP * k) * SR)
        x[a : a + len(y)] += y
    t = np.arange(int(1.2 * rt60_s * SR)) / SR
    tail = rng.standard_normal(len(t)) * np.exp(-6.9 * t / rt60_s)
    tail[0] = 0.0
    tail *= 10 ** (3 / 20) / np.sqrt(np.sum(tail**2))
    tail[0] = 1.0
    wet = np.convolve(x, tail)[: len(x)] + 1e-3 * rng.standard_normal(len(x))
    return (0.5 * wet / np.abs(wet).max()).astype(np.float32)


def test_a_note_read_at_its_loud_third_partial_is_graded_at_its_fundamental(tmp_path: Path) -> None:
    score = write_score(tmp_path / "score.musicxml", [*MELODY], [1.0] * len(MELODY), bpm=120)
    audio = write_wav(tmp_path / "take.wav", _take_in_a_room(MELODY))
    result = assess(load_target(score), audio, options=AssessOptions())
    for note in result.notes:
        assert note.pitch == "ok", (note.index, note.cents)  # main: the three 62s read -500 cents, "wrong"
        assert note.cents is not None and abs(note.cents) < 10, (note.index, note.cents)


@pytest.mark.parametrize("played", [61, 71])
def test_a_note_truly_played_a_fourth_or_fifth_away_stays_wrong(tmp_path: Path, played: int) -> None:
    # Note 2, written 66, played a fourth below (61: read a fourth low, a note the check looks at) or a
    # fourth above (71). Plain harmonic tones in the same room, so the previous notes' tails are there too.
    plain = [*MELODY[:2], played, *MELODY[3:]]
    score = write_score(tmp_path / "score.musicxml", [*MELODY], [1.0] * len(MELODY), bpm=120)
    audio = write_wav(tmp_path / "take.wav", _take_in_a_room(plain, harmonics=PLAIN))
    result = assess(load_target(score), audio, options=AssessOptions())
    assert result.notes[2].pitch == "wrong", result.notes[2].cents
    assert result.notes[2].cents is not None and abs(abs(result.notes[2].cents) - 500) < 10
    assert [n.pitch for k, n in enumerate(result.notes) if k != 2] == ["ok"] * (len(MELODY) - 1)
