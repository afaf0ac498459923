"""A wrong note played at the next note's pitch, then that note struck again in a room.

The performer anticipates the next note: note 4, written 71, is played at 72, and note 5, written 72,
repeats it after a short break. In a room the repeat's only candidate is the level valley of the break
(``Candidates.recoloured``), which the follower gave only to a note the score repeats. So the repeat
was matched at the wrong note's attack and called early, and the wrong note missed (robustness seed 1:
s1-0068 #15, #16, oboe 75.98 for 74 then 76; sampled seed 1: g1-0089 #1, #2, violin 76.92 for 75 then
77). A valley also repeats the pitch the performer played before it.
"""

from __future__ import annotations

from pathlib import Path

from grading.analysis import AssessOptions, assess, load_target
from tests.grading.analysis.synth import write_score, write_wav
from tests.grading.analysis.test_repeated_notes_in_a_room import LEAD_IN, STEP, _take_in_a_room

WRITTEN = [67, 69, 71, 69, 71, 72, 74, 72, 71, 69, 67]
WRONG = 4  # written 71, played at the next note's 72
PLAYED = WRITTEN[:WRONG] + [WRITTEN[WRONG + 1]] + WRITTEN[WRONG + 1 :]


def test_the_repeat_of_a_wrong_note_is_found_on_time(tmp_path: Path) -> None:
    score = write_score(tmp_path / "score.musicxml", WRITTEN, [1.0] * len(WRITTEN), bpm=120)
    audio = write_wav(tmp_path / "take.wav", _take_in_a_room(PLAYED, rt60_s=0.8, reverb_over_direct_db=6.0, seed=3))
    result = assess(load_target(score), audio, options=AssessOptions())
    wrong = result.notes[WRONG]
    assert wrong.pitch == "wrong" and wrong.cents is not None and abs(wrong.cents - 100) < 25  # main: missed
    for note in result.notes:
        if note.index == WRONG:
            continue
        assert (note.pitch, note.timing) == ("ok", "ok"), (note.index, note.pitch, note.timing)  # main: 5 early
        assert note.onset is not None
        assert abs(note.onset - (LEAD_IN + STEP * note.index)) < 0.1
