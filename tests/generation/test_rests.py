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
    rested = [n for n in drill.notes if n.rest]
    assert len(rested) == len(drill.windows)
    assert all(n.sounding + n.rest == n.duration and n.rest > 0 for n in rested)
    assert "rhy:after-rest" in drill.tags
    assert check_drill(drill) == []


def test_without_rests_nothing_changes() -> None:
    drill = generate_drill(DrillParams.preset(2, key="G", seed=4))
    assert not any(n.rest for n in drill.notes) and "rhy:after-rest" not in drill.tags


def test_the_grader_reads_the_rests_from_musicxml_and_midi(tmp_path: Path) -> None:
    drill = generate_drill(DrillParams.preset(2, key="F", bars=4, rests=1, seed=9))
    paths = render_drill(drill, tmp_path, formats=("musicxml", "midi"))
    after = [i + 1 for i, n in enumerate(drill.notes) if n.rest]
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
