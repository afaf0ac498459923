"""Chord suggestions for a melody with no chords: the best progression, alternatives and reasons."""

from __future__ import annotations

from fractions import Fraction as F

from generation.accompaniment.harmony import MelodyNote, chord_symbol, suggest_chords
from music.key import Key


def _melody(bars: list[list[tuple[int, float]]], *, bar_length: int = 4, pickup: list[tuple[int, float]] = ()):
    notes, at = [], F(0) - sum(F(d) for _, d in pickup)
    for midi, d in [*pickup, *[n for b in bars for n in b]]:
        pos = at % bar_length
        notes.append(MelodyNote(offset=at, duration=F(d), midi=midi, strong=pos in (0, 2)))
        at += F(d)
    return notes


def test_each_bar_gets_a_chord_that_holds_its_melody_and_says_why():
    # C major: C E G | F A C A | G B D B | C
    bars = [[(60, 1), (64, 1), (67, 2)], [(65, 1), (69, 1), (72, 1), (69, 1)], [(67, 1), (71, 1), (74, 1), (71, 1)],
            [(72, 4)]]
    suggestions = suggest_chords(_melody(bars), Key("C", "major"), bar_length=F(4))
    assert [s.chord.figure for s in suggestions] == ["I", "IV", "V", "I"]
    assert [s.bar for s in suggestions] == [1, 2, 3, 4]
    assert suggestions[1].reason.startswith("bar 2: IV, because the melody sits on")
    assert "F" in suggestions[1].reason and "A" in suggestions[1].reason
    assert "tonic" in suggestions[-1].reason
    assert chord_symbol(suggestions[2].chord) == "G"


def test_alternatives_are_other_chords_the_melody_allows():
    # A bar of just A and C: IV (F A C) and vi (A C E) both hold it.
    bars = [[(60, 2), (64, 2)], [(69, 2), (72, 2)], [(67, 4)], [(60, 4)]]
    second = suggest_chords(_melody(bars), Key("C", "major"), bar_length=F(4))[1]
    offered = {second.chord.figure, *(c.figure for c, _ in second.alternatives)}
    assert {"IV", "vi"} <= offered
    assert all(0 < p < 1 for _, p in second.alternatives)


def test_a_pickup_is_bar_zero():
    bars = [[(60, 3)], [(65, 2), (69, 1)], [(67, 2), (71, 1)], [(72, 3)]]
    suggestions = suggest_chords(_melody(bars, bar_length=3, pickup=[(67, 1)]), Key("C", "major"),
                                 bar_length=F(3), pickup=F(1))
    assert suggestions[0].bar == 0
    assert [s.bar for s in suggestions] == [0, 1, 2, 3, 4]
    assert suggestions[-1].chord.figure == "I"
