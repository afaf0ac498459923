"""A low note whose fifth partial is far louder than the rest, read a major third up.

FluidR3's bassoon key 42 (F#2, 92.5 Hz) has its fifth partial (462 Hz, the bassoon's formant) 17-32 dB
over its first four. YIN's first deep dip falls at four periods of that partial, 4/5 of the note's period,
so the clean note read 5/4 of its pitch, +386 cents, "wrong" (sampled seed 1, g1-0017: five notes). The
note is now looked at for its own lowest partials under the reading; a note truly played a major third up
has its fundamental at the reading and stays wrong.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grading.analysis import AssessOptions, assess, load_target
from tests.grading.analysis.synth import SR, tone, write_score, write_wav

LEAD_IN = 0.5
STEP = 0.5  # quarter notes at 120 bpm
# Partial levels (dB) against the fifth, as the bassoon sample's key 42 reads through its notes.
LOUD_FIFTH = tuple(10 ** (db / 20) for db in (-23, -32, -19, -17, 0, -10, -20))
PLAIN = (1.0, 0.5, 0.35, 0.25, 0.15)
MELODY = [42, 45, 43, 42, 47, 45, 43, 42]


def _dry_take(midis: list[int], harmonics: list[tuple[float, ...]]) -> np.ndarray:
    """Each note a step long less 30 ms, with quiet room tone and no room."""
    x = np.zeros(int((LEAD_IN + STEP * len(midis) + 1.0) * SR))
    for k, (m, h) in enumerate(zip(midis, harmonics, strict=True)):
        y = tone(m, STEP - 0.03, harmonics=h)
        a = int((LEAD_IN + STEP * k) * SR)
        x[a : a + len(y)] += y
    x += 1e-3 * np.random.default_rng(1).standard_normal(len(x))
    return (0.5 * x / np.abs(x).max()).astype(np.float32)


def _grade(tmp_path: Path, played: list[int], harmonics: list[tuple[float, ...]]) -> list:
    score = write_score(tmp_path / "score.musicxml", [*MELODY], [1.0] * len(MELODY), bpm=120)
    audio = write_wav(tmp_path / "take.wav", _dry_take(played, harmonics))
    return assess(load_target(score), audio, options=AssessOptions()).notes


def test_a_note_read_at_four_periods_of_its_loud_fifth_partial_is_graded_at_its_fundamental(tmp_path: Path) -> None:
    notes = _grade(tmp_path, MELODY, [LOUD_FIFTH] * len(MELODY))
    for note in notes:
        assert note.pitch == "ok", (note.index, note.cents)  # main: every note read +379 cents, "wrong"
        assert note.cents is not None and abs(note.cents) < 10, (note.index, note.cents)


def test_a_note_truly_played_a_major_third_up_stays_wrong(tmp_path: Path) -> None:
    # Note 2, written 43, played a major third up (47) as a plain tone among the loud-fifth notes: its
    # fundamental is at the reading, and nothing of 43's partials is there.
    played = [*MELODY[:2], 47, *MELODY[3:]]
    harmonics = [LOUD_FIFTH] * len(MELODY)
    harmonics[2] = PLAIN
    notes = _grade(tmp_path, played, harmonics)
    assert notes[2].pitch == "wrong", notes[2].cents
    assert notes[2].cents is not None and abs(notes[2].cents - 400) < 10, notes[2].cents
    assert [n.pitch for k, n in enumerate(notes) if k != 2] == ["ok"] * (len(MELODY) - 1)
