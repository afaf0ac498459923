"""The studio's count-in as a teacher gives it: a full bar, then the silent beats of the bar the music
starts in, so a pickup comes in on its own beat; dotted-quarter beats in 6/8, 9/8 and 12/8
(static/js/studio/count-in.js, run under Node). Bar lines are the studio notation's, as
``studio.engrave`` draws them: seconds from the first note, a pickup written as a short first measure."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.studio.page_scripts import NODE, ROOT, evaluate

pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js runs the page's script")

# Happy Birthday at 120 quarter BPM: a one-beat pickup in 3/4 (engrave's bars for it).
BIRTHDAY = {"meter": [3, 4], "beat_seconds": 0.5, "bars": [0.0, 0.5, 2.0, 3.5, 5.0]}
# A jig at ♩. = 60: an eighth pickup in 6/8.
JIG = {"meter": [6, 8], "beat_seconds": 0.333333, "bars": [0.0, 0.3333, 2.3333, 4.3333]}
# The same jig's pickup written as a full first bar of rests and the eighth.
JIG_PADDED = {"meter": [6, 8], "beat_seconds": 0.333333, "bars": [-1.6667, 0.3333, 2.3333]}
TWINKLE = {"meter": [4, 4], "beat_seconds": 0.5, "bars": [0.0, 2.0, 4.0]}


def run(expression: str) -> Any:
    return evaluate("count-in.js", ["countIn", "metronomeBeats"], expression)


def count_in(notation: dict, start: float = 0.0) -> dict:
    said = run(f"countIn({json.dumps(notation)}, {start})")
    said["clicks"] = [(round(c["at"], 3), c["accent"], c["count"]) for c in said["clicks"]]
    said["lead"] = round(said["lead"], 3)
    return said


def test_a_one_beat_pickup_in_three_four_is_counted_in_on_beat_three():
    said = count_in(BIRTHDAY)
    assert said["words"] == "1 2 3 | 1 2"
    assert said["clicks"] == [(0.0, True, 1), (0.5, False, 2), (1.0, False, 3), (1.5, True, 1), (2.0, False, 2)]
    # The pickup sounds at score time 0, one beat after the last click: on beat 3.
    assert said["lead"] == 2.5 and said["extra"] == 2


@pytest.mark.parametrize("jig", [JIG, JIG_PADDED])
def test_an_eighth_pickup_in_six_eight_is_counted_in_dotted_quarters(jig):
    said = count_in(jig)
    assert said["words"] == "1 2 | 1 2"
    assert said["clicks"] == [(0.0, True, 1), (1.0, False, 2), (2.0, True, 1), (3.0, False, 2)]
    assert said["lead"] == pytest.approx(3.667, abs=0.002)  # the pickup: the last eighth of the second bar


def test_a_piece_on_the_downbeat_gets_one_bar():
    said = count_in(TWINKLE)
    assert said["words"] == "1 2 3 4" and said["lead"] == 2.0 and said["extra"] == 0


def test_a_loop_from_a_later_bar_gets_one_bar():
    assert count_in(BIRTHDAY, 2.0)["words"] == "1 2 3"
    assert count_in(JIG, 2.3333)["words"] == "1 2"


def test_the_metronome_counts_from_the_bar_lines_not_from_the_pickup():
    beats = run(f"metronomeBeats({json.dumps(JIG)}, 0, 4.3333)")
    # Dotted quarters from each downbeat; nothing at the pickup itself (the last eighth of a beat).
    assert [(round(b["at"], 3), b["accent"]) for b in beats] == [(0.333, True), (1.333, False), (2.333, True),
                                                                  (3.333, False)]
    beats = run(f"metronomeBeats({json.dumps(BIRTHDAY)}, 0, 2.0)")
    assert [(b["at"], b["accent"]) for b in beats] == [(0, False), (0.5, True), (1, False), (1.5, False)]


def test_what_the_student_is_told_before_a_pickup_is_in_chinese():
    from babel.messages.pofile import read_po

    with (ROOT / "locale/zh_Hans/LC_MESSAGES/djangojs.po").open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get("Recording: count-in “%(count)s”, then come in with the pickup.")
    assert message is not None and "%(count)s" in message.string
