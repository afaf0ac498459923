"""Notes struck under strings still ringing (a sustain pedal held, a harp's undamped strings).

YIN reads the mixture's period: a note under the last few still-ringing strings read up to a
semitone toward them, beyond the search around the reading that ``pitch.clear_partials_offset``
does for the last note alone. The grader now also looks for the note at the score's pitch, clear of
the last three notes' partials (``assess._score_clear_of_ringing``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import pitch
from tests.grading.analysis.test_pitch_reading import SR, _grade_struck


def _pedalled(midi: float, seconds: float, level: float) -> np.ndarray:
    """A struck string with the dampers off: harmonic partials, each decaying, the upper faster."""
    t = np.arange(int(seconds * SR)) / SR
    f0 = float(pitch.midi_to_hz(midi))
    x = sum(n ** -1.0 * np.exp(-t * 0.8 * (1 + 0.3 * n)) * np.sin(2 * np.pi * n * f0 * t + n)
            for n in range(1, 9) if n * f0 < 7500)
    return (0.2 * level * x * np.minimum(1.0, t / 0.003)).astype(np.float32)


@pytest.mark.parametrize("offbeat_level", [1.0, 0.7])
def test_a_melody_under_the_pedal_is_read_in_tune(tmp_path: Path, offbeat_level: float) -> None:
    # Steps down and back up, every string ringing 4 s under the next ones, the off-beats struck
    # softer or as loud. Before, soft off-beats: the D4 under E4, F4 and G4 read 119 cents sharp, the
    # F4 on the way up 39 cents flat, the last F4 111 sharp; even touch: that F4 25 flat, the last 82 sharp.
    midis = [67, 65, 64, 62, 64, 65, 67, 69, 67, 65]
    tones = [_pedalled(m, 4.0, offbeat_level ** (i % 2)) for i, m in enumerate(midis)]
    result = _grade_struck(tmp_path, tones, every_seconds=0.4, seconds=5 + 0.4 * len(midis), midis=midis)
    cents = [None if n.cents is None else round(n.cents) for n in result.notes]
    assert [n.pitch for n in result.notes] == ["ok"] * len(midis), cents
    assert all(c is not None and abs(c) < 25 for c in cents), cents


def test_a_wrong_note_under_the_pedal_stays_wrong(tmp_path: Path) -> None:
    # The score's pitch is looked for only where no recent string rings at it and the reading has
    # no clear partial of its own: a wrong note played cleanly under ringing strings stays wrong.
    written = [67, 65, 64, 62, 64, 65, 67, 69, 67, 65]
    played = list(written)
    played[5] = 66  # a semitone sharp, between the ringing E4 and G4
    played[9] = 63  # a whole tone flat, under the ringing G4 and A4
    tones = [_pedalled(m, 4.0, 0.7 ** (i % 2)) for i, m in enumerate(played)]
    result = _grade_struck(tmp_path, tones, every_seconds=0.4, seconds=5 + 0.4 * len(written), midis=written)
    verdicts = [n.pitch for n in result.notes]
    assert verdicts[5] == "wrong" and verdicts[9] == "wrong", [round(n.cents or 0) for n in result.notes]
