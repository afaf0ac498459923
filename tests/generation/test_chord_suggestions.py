"""Chord suggestions for a melody with no chords: the best progression, alternatives and reasons."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

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


def test_in_four_four_a_bar_whose_strong_beats_fit_no_one_chord_changes_at_mid_bar():
    # C major: C E G E | C E D B (beat 1 C, beat 3 D: no triad of the key holds both) | C
    bars = [[(60, 1), (64, 1), (67, 1), (64, 1)], [(72, 1), (64, 1), (74, 1), (71, 1)], [(72, 4)]]
    one = suggest_chords(_melody(bars), Key("C", "major"), bar_length=F(4))
    split = suggest_chords(_melody(bars), Key("C", "major"), bar_length=F(4), mid_bar=True)
    # One chord per bar must leave beat 3's D (or beat 1's C) outside the chord.
    assert not {72 % 12, 74 % 12} <= set(one[1].chord.pcs)
    second = split[1]
    assert second.then is not None and second.then.at == 2
    assert {0, 4} <= set(second.chord.pcs) and second.then.chord.figure == "V"  # C E, then D B
    first = second.chord.figure
    assert second.reason == (f"bar 2: {first}, because the melody sits on C and E; then V at mid-bar, "
                             "because the melody sits on D and B; the dominant leads home to the last bar")
    assert second.to_json(Key("C", "major"))["then"] == {"chord": "V", "symbol": "G", "at": 2.0,
                                                          "probability": round(second.then.probability, 3)}
    # Bars that one chord holds keep one chord; the alternatives are still offered.
    assert [b.then for b in (split[0], split[2])] == [None, None]
    assert split[0].to_json(Key("C", "major"))["then"] is None
    assert split[1].alternatives and all(0 < p < 1 for _, p in split[1].alternatives)


def test_a_tune_that_one_chord_per_bar_holds_keeps_one_chord_per_bar_with_mid_bar_changes_allowed():
    bars = [[(60, 1), (64, 1), (67, 2)], [(65, 1), (69, 1), (72, 1), (69, 1)], [(67, 1), (71, 1), (74, 1), (71, 1)],
            [(72, 4)]]
    suggestions = suggest_chords(_melody(bars), Key("C", "major"), bar_length=F(4), mid_bar=True)
    assert [(s.chord.figure, s.then) for s in suggestions] == [("I", None), ("IV", None), ("V", None), ("I", None)]
    assert [s.bar for s in suggestions] == [1, 2, 3, 4]


def test_six_eight_may_change_at_its_second_dotted_quarter():
    # G major in 6/8: G B | G A (G on the first dotted quarter, A on the second) | F# D | G
    def six_eight(bars):
        notes, at = [], F(0)
        for midi, d in [n for b in bars for n in b]:
            notes.append(MelodyNote(offset=at, duration=F(d), midi=midi, strong=at % 3 in (0, F(3, 2))))
            at += F(d)
        return notes

    bars = [[(67, 1.5), (71, 1.5)], [(67, 1.5), (69, 1.5)], [(66, 1.5), (62, 1.5)], [(67, 3)]]
    suggestions = suggest_chords(six_eight(bars), Key("G", "major"), bar_length=F(3), mid_bar=True)
    second = suggestions[1]
    assert second.then is not None and second.then.at == F(3, 2)
    assert 7 in second.chord.pcs and 9 in second.then.chord.pcs
    assert suggestions[-1].chord.figure == "I"


def test_picks_joined_in_bars_play_one_or_two_chords_per_bar():
    from generation.accompaniment import generate_accompaniment
    from generation.accompaniment.harmony import chords_from_chart
    from generation.melody import DrillParams, InvalidParams, generate_drill

    melody = generate_drill(DrillParams.preset(3, key="G", bars=4, seed=4))
    bar = melody.meter.bar_length
    chart = chords_from_chart("I | IV V | vi | V I", melody)
    assert [(start, c.figure) for start, c in chart] == [
        (F(0), "I"), (bar, "IV"), (bar + bar / 2, "V"), (2 * bar, "vi"), (3 * bar, "V"), (3 * bar + bar / 2, "I")]
    # Without bar lines, four figures over four bars stay one per bar.
    assert [c.figure for _, c in chords_from_chart("I IV vi V", melody)] == ["I", "IV", "vi", "V"]
    heard = generate_accompaniment(melody, chords="I | IV V | vi | V I", style="block")
    assert heard.chord_figures() == ["I", "IV", "V", "vi", "V", "I"]
    with pytest.raises(InvalidParams, match="one or two chords"):
        chords_from_chart("I | IV V vi | I", melody)


def test_a_pickup_bar_is_harmonised_from_its_pickup_not_from_the_silence_before_it():
    # C major, a one-beat pickup C# (it implies V/ii) into D F A F | G B D B | C.
    bars = [[(62, 1), (65, 1), (69, 1), (65, 1)], [(67, 1), (71, 1), (74, 1), (71, 1)], [(72, 4)]]
    suggestions = suggest_chords(_melody(bars, pickup=[(61, 1)]), Key("C", "major"), bar_length=F(4),
                                 pickup=F(1), mid_bar=True)
    pickup = suggestions[0]
    assert pickup.bar == 0 and pickup.then is None
    assert 1 in pickup.chord.pcs  # C#
    assert pickup.reason.startswith(f"bar 0: {pickup.chord.figure}, because the melody sits on C#"), pickup.reason
