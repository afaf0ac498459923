"""Roman-numeral questions agree with music21."""

from __future__ import annotations

import itertools

import pytest
from music21 import key as m21key
from music21 import roman as m21roman

from lessons.questions import generate
from lessons.questions.generators.chords import diatonic_chord, roman_numeral
from music.chord import chord_quality
from music.key import Key
from tests.music.test_against_music21 import to_m21_name


@pytest.mark.parametrize("key", [Key.from_fifths(f, minor=m) for f in range(-6, 7) for m in (False, True)],
                         ids=lambda k: k.name)
def test_it_writes_roman_numerals_music21_reads_back(key: Key) -> None:
    m21_key = m21key.Key(key.tonic.replace("b", "-"), key.mode)
    for degree, seventh in itertools.product(range(7), (False, True)):
        tones = diatonic_chord(key, degree, seventh=seventh)
        assert tones is not None
        chord = chord_quality(tones)
        assert chord is not None
        for inversion in range(len(tones)):
            figure = roman_numeral(degree, chord, inversion)
            rn = m21roman.RomanNumeral(figure.replace("ø", "/o").replace("°", "o"), m21_key)
            assert sorted(p.name for p in rn.pitches) == sorted(to_m21_name(t)[:-1] for t in tones), figure
            assert rn.inversion() == inversion, figure


def test_it_puts_the_generated_roman_numeral_chord_on_the_staff() -> None:
    for seed in range(200):
        q = generate("roman_numeral", seed=seed)
        assert q.notation is not None
        key = Key.from_fifths(q.notation.key_fifths, minor=any(t.startswith("key:") and t[4].islower() for t in q.tags))
        m21_key = m21key.Key(key.tonic.replace("b", "-"), key.mode)
        rn = m21roman.RomanNumeral(q.answer.replace("ø", "/o").replace("°", "o"), m21_key)
        shown = q.notation.measures[0][0].pitches
        assert {p.midi % 12 for p in shown} == {p.pitchClass for p in rn.pitches}
        assert shown[0].midi % 12 == rn.bass().pitchClass
