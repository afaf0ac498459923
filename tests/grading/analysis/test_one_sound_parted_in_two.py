"""A sung note that gives two events at once (its voicing start and, 50 ms on, where its scoop
arrives) is one note in free tempo, not two: the repeat the score has next is the later re-attack."""

from __future__ import annotations

import numpy as np

from grading.analysis.follow import follow
from grading.analysis.onsets import Candidates
from grading.analysis.pitch import HOP_SECONDS
from grading.analysis.target import Target, TargetNote

BPM = 100.0


def _events(times: list[float], midis: list[float], strengths: list[float], boundary: list[bool]) -> Candidates:
    t = np.asarray(times)
    return Candidates(frames=np.round(t / HOP_SECONDS).astype(int), times=t, strength=np.asarray(strengths),
                      midi=np.asarray(midis, dtype=float), release=np.zeros(len(t), dtype=bool),
                      boundary=np.asarray(boundary), recoloured=np.zeros(len(t), dtype=bool))


def _target(midis: list[int], beats: list[float]) -> Target:
    onsets = np.concatenate([[0.0], np.cumsum(beats)[:-1]]) * 60.0 / BPM
    return Target(notes=tuple(TargetNote(index=k, midi=m, onset_seconds=float(onsets[k]),
                                         duration_seconds=beats[k] * 60.0 / BPM, bar=1)
                              for k, m in enumerate(midis)), tempo_bpm=BPM)


# As a sight-singer sang 59 60 60 62 64 (sing-dev v2-1208, notes 14-15): the first 60 scoops in from
# 59.6, so its voicing start and the scoop's arrival 50 ms later are two events; the second 60 is
# sung on the same breath, re-attacked 0.3 s later with a 7 dB swell (no pitch step, no voicing start).
TIMES = [0.0, 0.60, 0.65, 0.95, 1.27, 1.60]
MIDIS = [59.4, 59.6, 60.0, 60.0, 62.0, 64.0]
STRENGTHS = [1.0, 1.0, 0.76, 0.72, 1.0, 1.0]
BOUNDARY = [True, True, True, False, True, True]


def test_it_finds_a_repeated_note_at_its_re_attack_not_at_the_last_notes_scoop() -> None:
    # Main matched the second 60 at the scoop's arrival (0.05 s after the first 60, where the score
    # has it 0.6 s after), 0.3 s before it was sung, and left the re-attack over.
    followed = follow(_target([59, 60, 60, 62, 64], [1.0] * 5), _events(TIMES, MIDIS, STRENGTHS, BOUNDARY),
                      free_tempo=True, any_key=True)
    assert followed.match[2] == 3, followed.match


def test_it_still_matches_two_quick_notes_the_score_has_quick() -> None:
    # The same events where the score has the second 60 a sixteenth after the first: the quick pair
    # is the score's own rhythm, and both are performed.
    followed = follow(_target([59, 60, 60, 62, 64], [1.0, 0.25, 1.0, 1.0, 1.0]),
                      _events([0.0, 0.60, 0.72, 1.27, 1.60], [59.4, 59.6, 60.0, 62.0, 64.0],
                              [1.0, 1.0, 0.76, 1.0, 1.0], [True, True, True, True, True]),
                      free_tempo=True, any_key=True)
    assert followed.match.tolist() == [0, 1, 2, 3, 4]

