"""Entries after rests: the ``rests`` parameter, the scores it renders, and the grader reading them."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from generation.melody import DrillParams, InvalidParams, generate_drill
from generation.melody.check import check_drill
from generation.render import render_drill
from grading.analysis import load_target


def test_it_puts_the_asked_number_of_rests_in_every_window_and_tags_them() -> None:
    drill = generate_drill(DrillParams.preset(2, key="G", bars=8, rests=1, seed=4))
    rested = [n for n in drill.notes[:-1] if n.rest]  # the last note's rest closes the tune: no entry follows
    assert len(rested) == len(drill.windows)
    assert all(n.sounding + n.rest == n.duration and n.rest > 0 for n in rested)
    assert "rhy:after-rest" in drill.tags
    assert check_drill(drill) == []


def test_without_rests_no_note_enters_after_one() -> None:
    # The final bar may close with a rest after the held last note; no note comes after it.
    drill = generate_drill(DrillParams.preset(2, key="G", seed=4))
    assert not any(n.rest for n in drill.notes[:-1]) and "rhy:after-rest" not in drill.tags


def test_the_rest_closing_the_last_bar_is_written_and_graded(tmp_path: Path) -> None:
    # Level 2 in 4/4 has no whole note: the tune ends on a half note on the downbeat and a half rest.
    drill = generate_drill(DrillParams.preset(2, key="G", bars=4, seed=4))
    last = drill.notes[-1]
    assert (last.offset, last.sounding, last.rest) == (12, 2, 2)
    paths = render_drill(drill, tmp_path, formats=("musicxml", "midi"))
    from music21 import converter

    final_bar = converter.parse(str(paths["musicxml"])).parts[0].getElementsByClass("Measure")[-1]
    assert [(e.isRest, float(e.quarterLength)) for e in final_bar.notesAndRests] == [(False, 2.0), (True, 2.0)]
    for fmt in ("musicxml", "midi"):
        target = load_target(paths[fmt])
        assert len(target.notes) == len(drill.notes)
        assert target.notes[-1].duration_seconds == pytest.approx(2 * 60.0 / target.tempo_bpm, abs=0.01)


def test_the_grader_reads_the_rests_from_musicxml_and_midi(tmp_path: Path) -> None:
    drill = generate_drill(DrillParams.preset(2, key="F", bars=4, rests=1, seed=9))
    paths = render_drill(drill, tmp_path, formats=("musicxml", "midi"))
    after = [i + 1 for i, n in enumerate(drill.notes[:-1]) if n.rest]
    for fmt in ("musicxml", "midi"):
        target = load_target(paths[fmt])
        assert [n.index for n in target.notes if n.follows_rest] == after
        first_rest = next(i for i, n in enumerate(drill.notes) if n.rest)
        quarter = 60.0 / target.tempo_bpm
        assert target.notes[first_rest].duration_seconds == pytest.approx(
            float(drill.notes[first_rest].duration - drill.notes[first_rest].rest) * quarter, abs=0.01)
    assert Fraction(0) not in {n.rest for n in drill.notes if n.rest}


def test_it_refuses_too_many_rests() -> None:
    with pytest.raises(InvalidParams, match="rests"):
        DrillParams.preset(2, rests=9)


def test_a_rest_is_written_in_pieces_that_keep_the_bars_strong_beats(tmp_path: Path) -> None:
    # Level 2 in 5/4 (3 + 2) ends on a half note: its three beats of silence are a quarter rest and a half
    # rest, not a dotted half rest across the bar's second group.
    import doctest

    from music21 import converter

    import generation.melody.rhythm

    assert doctest.testmod(generation.melody.rhythm).failed == 0
    drill = generate_drill(DrillParams.preset(2, meter="5/4", key="D", bars=4, seed=1))
    paths = render_drill(drill, tmp_path, formats=("musicxml",))
    final_bar = converter.parse(str(paths["musicxml"])).parts[0].getElementsByClass("Measure")[-1]
    assert [(e.isRest, float(e.quarterLength)) for e in final_bar.notesAndRests] == [(False, 2.0), (True, 1.0),
                                                                                      (True, 2.0)]
