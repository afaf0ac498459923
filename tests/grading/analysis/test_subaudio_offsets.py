"""Sub-audio in a take: a DC offset that comes and goes (TimGM6mb's alto-sax sample switches one on
with each note; a phone's AGC steps, handling and wind thump) is filtered off before grading, and
the lowest notes a bass sings or bows keep their fundamental."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grading.analysis import assess
from grading.analysis.audio import condition_samples
from tests.grading.analysis.performers import apply_room, room_impulse_response
from tests.grading.analysis.synth import SR, tone, write_score, write_wav


def _with_switched_offset(midis: list[int]) -> np.ndarray:
    # Each legato note carries an offset as large as its own RMS, on and off with the note: in a room
    # the steps ring as a slow swell, the gaps and steps read as loud as the notes, and on the mean
    # removal alone 11 of these 12 notes were missed or misplaced.
    notes = []
    for m in midis:
        x = tone(m, 0.5, level=0.15)
        i = np.arange(len(x))
        envelope = np.minimum(1, np.minimum(i / 320, (len(x) - i) / 480))
        notes.append(x + float(np.sqrt(np.mean(np.square(x)))) * envelope)
    rest = np.zeros(SR // 2)
    x = np.concatenate([rest, *notes, rest])
    x, _ = apply_room(x, room_impulse_response(0.6, rng=np.random.default_rng(3)), drr_db=3.0)
    return x + 0.0005 * np.random.default_rng(0).standard_normal(len(x))


def test_notes_over_an_offset_switched_with_each_note_are_heard(tmp_path: Path) -> None:
    midis = [69, 71, 69, 69, 71, 72, 74, 72, 71, 69, 69, 67]
    out = assess(write_score(tmp_path / "s.musicxml", list(midis), [1.0] * len(midis), bpm=120),
                 write_wav(tmp_path / "sax.wav", _with_switched_offset(midis))).to_json()
    assert [(n["pitch"], n["timing"]) for n in out["notes"]] == [("ok", "ok")] * len(midis)


def _level_db(x: np.ndarray) -> float:
    return 10 * float(np.log10(np.mean(np.square(x, dtype=np.float64))))


def test_a_bass_e1_keeps_its_fundamental_and_an_offset_step_settles_fast() -> None:
    t = np.arange(2 * SR) / SR
    e1 = 0.3 * np.sin(2 * np.pi * 41.2 * t)
    step = np.where(t >= 1.0, 0.2, 0.0)
    out = condition_samples((e1 + step).astype(np.float32), source_rate_hz=SR).samples
    middle = slice(SR // 4, 3 * SR // 4)  # clear of the ends and of the step
    assert abs(_level_db(out[middle]) - _level_db(e1[middle])) < 2.5  # the filter's 2.1 dB at 41 Hz
    # 30 ms after the step the offset is gone: nothing left but the E1 itself.
    after = slice(int(1.03 * SR), int(1.5 * SR))
    assert abs(float(np.mean(out[after] - e1[after]))) < 0.005


def test_a_bass_line_down_to_a1_is_read_right(tmp_path: Path) -> None:
    # A1 (55 Hz) is the lowest note the tracker reads (its floor is 50 Hz): the high-pass costs it nothing.
    midis = [33, 35, 36, 38, 36, 33, 33]
    x = np.concatenate([np.zeros(SR // 2), *[tone(m, 0.5) for m in midis], np.zeros(SR // 2)])
    x = x + 0.001 * np.random.default_rng(0).standard_normal(len(x))
    out = assess(write_score(tmp_path / "b.musicxml", list(midis), [1.0] * len(midis), bpm=120),
                 write_wav(tmp_path / "b.wav", x)).to_json()
    assert [(n["pitch"], n["timing"]) for n in out["notes"]] == [("ok", "ok")] * len(midis)
