"""A semitone step into a held note, each note sung in tune, is no played repeat.

fa17 let a recoloured candidate (a level valley or a change of timbre inside a held pitch) perform a note
that repeats the pitch the performer played before it, where the score steps at most 2 semitones. In a
room with a wide vibrato, a swell inside the held lower note of a semitone can read a little sharp and a
dip inside the held upper note a little flat, under 0.75 semitone apart: the upper note's dip passed for a
played repeat of the lower note, and the follower matched the step and the notes after it one swell late
(robustness seed 13: s13-0027 #24-#26, alto at RT60 0.8 s, written 66 70 71 71 73: the 70 read sharp
+28 cents from its swell, the two 71s 330 ms late: the swell read 70.15, the dip 70.88, 0.73 apart). A
played repeat's two events must now read within ``PLAYED_REPEAT_FIT_SEMITONES`` (0.7) of each other.

The candidates below are made in code in that take's shape: a held 66 swelling every 90 ms, the step
to 70 (a pitch step), a strong swell in the held 70 read at 70.15, the step to 71, and the held 71 read
70.9 with swells and two dips marked recoloured.
"""

from __future__ import annotations

import numpy as np

from grading.analysis.follow import follow
from grading.analysis.onsets import Candidates
from grading.analysis.target import Target, TargetNote

BEAT = 60.0 / 84.0
WRITTEN = [(66, 2), (70, 1), (71, 1), (71, 3), (73, 1)]  # (MIDI, beats)
SUNG = [18.23, 19.56, 20.18, 20.87, 22.98]  # where each note was sung (s): its candidate


def _score() -> Target:
    notes, at = [], 0.0
    for k, (midi, beats) in enumerate(WRITTEN):
        notes.append(TargetNote(index=k, midi=midi, onset_seconds=at, duration_seconds=beats * BEAT, bar=1))
        at += beats * BEAT
    return Target(notes=tuple(notes), tempo_bpm=84.0)


def _candidates() -> Candidates:
    events = [(18.23, 0.85, 65.97, True, False)]  # (time s, strength, MIDI, pitch step, recoloured)
    events += [(18.47 + 0.09 * i, 0.54, 66.0 + 0.2 * (i % 2), False, False) for i in range(11)]  # held 66
    events += [(19.50, 0.67, 69.52, False, False), (19.56, 0.85, 70.04, True, False)]  # the step to 70
    events += [(19.86, 1.00, 70.15, False, False), (19.97, 0.30, 70.40, False, False)]  # a swell, read sharp
    events += [(20.04, 0.68, 70.95, False, False), (20.18, 0.79, 71.01, False, False)]  # the step to 71
    events += [(20.46, 0.72, 70.88, False, False), (20.58, 0.53, 70.88, False, True),  # held 71, read flat
               (20.65, 0.56, 70.95, False, False), (20.78, 0.51, 70.95, False, False)]
    events += [(20.87, 0.56, 70.94, False, False), (21.04, 0.40, 70.90, False, True),  # 71 again
               (21.13, 0.34, 70.92, False, False), (21.26, 1.00, 70.89, False, False)]
    events += [(21.44 + 0.15 * i, 0.6, 70.87, False, False) for i in range(5)]
    events += [(22.98, 1.00, 73.00, True, False), (23.14, 0.39, 72.99, False, False)]
    times, strength, midi, boundary, recoloured = (np.array(column) for column in zip(*events, strict=True))
    return Candidates(frames=np.round(times / 0.01).astype(int), times=times, strength=strength, midi=midi,
                      boundary=boundary, recoloured=recoloured, release=np.zeros(len(times), dtype=bool),
                      heard_times=times)


def test_a_dip_in_the_held_upper_note_of_a_semitone_is_no_played_repeat() -> None:
    cands = _candidates()
    match = follow(_score(), cands).match
    # main: 18.23, 19.86, 20.58, 21.26, 22.98 (the 70 at its swell, the 71s one swell late)
    assert [round(float(cands.times[j]), 2) for j in match] == SUNG
