"""A note that swells in under the last one's sound, read at neither pitch while the two sound together.

A bowed, blown or sung note that comes in slowly under the last note's release or a room's tail is,
for a while, a two-note chord to the pitch tracker: YIN reads their common period, an octave or a
twelfth off, or a pitch between them, and only reads the new note once it outweighs the old one. The
candidate at the note's start then carries that pitch, the follower matches the later one where the
pitch settles, and the note was called late. Such a candidate, left over just before the matched
one with the sound going on between them, is where the note began: it is judged from there too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from grading.analysis import assess
from tests.grading.analysis.synth import SR, tone, write_score, write_wav

STEP = 0.6  # quarter notes at 100 bpm
SWELL = 0.45  # every other note swells in over this long (s)
RING = 1.0  # the last note dies away over this long under the next one (s)
# Each swelling note a fourth or fifth from the last: a chord whose common period YIN reads.
MELODY = [55, 62, 55, 62, 57, 64, 57, 64, 55, 62, 55]


def _take(starts: list[float]) -> np.ndarray:
    out = 0.002 * np.random.default_rng(0).standard_normal(int((starts[-1] + 1.8) * SR))
    ends = starts[1:] + [starts[-1] + STEP]
    for i, (m, on, end) in enumerate(zip(MELODY, starts, ends, strict=True)):
        held = end - on
        x = tone(m, held + RING, vibrato_cents=10, harmonics=tuple(1 / h for h in range(1, 9)))
        t = np.arange(len(x)) / SR
        swell = SWELL if i % 2 else 0.05
        envelope = np.clip(t / swell, 0, 1) * np.where(t < held, 1.0, np.exp(-3 * (t - held) / RING))
        at = int(on * SR)
        out[at : at + len(x)] += (envelope * x)[: len(out) - at]
    return out.astype(np.float32)


def test_a_note_read_between_two_pitches_as_it_swells_in_is_timed_from_where_it_began(tmp_path: Path) -> None:
    # Main: after the fourth 57 -> 64 (note 5) the tracker read 45 (an octave under the old note)
    # from 100 ms after the note began and 64 only from 410 ms: notes 5 and 6 called late (+0.29,
    # +0.27 s against their neighbours).
    starts = [0.8 + STEP * i for i in range(len(MELODY))]
    out = assess(write_score(tmp_path / "t.musicxml", MELODY, [1.0] * len(MELODY), bpm=100),
                 write_wav(tmp_path / "t.wav", _take(starts))).to_json()
    errors = [round(n["timing_error"], 3) for n in out["notes"]]
    assert all(n["pitch"] == "ok" for n in out["notes"]), errors
    assert all(n["timing"] == "ok" for n in out["notes"]), errors

