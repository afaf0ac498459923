"""The plain-arithmetic theory agrees with music21."""

from __future__ import annotations

import itertools
import random

import pytest
from music21 import chord as m21chord
from music21 import interval as m21interval
from music21 import key as m21key
from music21 import pitch as m21pitch
from music21 import roman as m21roman
from music21 import scale as m21scale
from music21.scale.intervalNetwork import Direction

from lessons.questions import generate
from lessons.questions.generators.chords import diatonic_chord, roman_numeral
from lessons.questions.theory import (
    CHORD_TYPES,
    MAJOR_KEYS,
    MINOR_KEYS,
    SCALE_TYPES,
    Interval,
    Key,
    Pitch,
    chord_quality,
    chord_tones,
    interval_between,
    scale_pitches,
    transpose,
)


def to_m21_name(p: Pitch) -> str:
    acc = {-2: "--", -1: "-", 0: "", 1: "#", 2: "##"}[p.alter]
    return f"{'CDEFGAB'[p.step]}{acc}{p.octave}"


def test_it_names_intervals_as_music21_does() -> None:
    rng = random.Random(1)
    for _ in range(2000):
        low = Pitch(rng.randrange(7), rng.randint(-2, 2), rng.randint(2, 5))
        high = Pitch(rng.randrange(7), rng.randint(-2, 2), rng.randint(2, 6))
        ours = interval_between(low, high)
        theirs = m21interval.Interval(m21pitch.Pitch(to_m21_name(low)), m21pitch.Pitch(to_m21_name(high)))
        if ours is None:
            continue
        assert ours.semitones == theirs.semitones
        assert ours.number == theirs.generic.directed
        if len(ours.quality) == 1:
            assert ours.name == theirs.name, (low, high)


def test_it_transposes_as_music21_does() -> None:
    for q, n in itertools.product("PMmAd", range(1, 16)):
        iv = Interval(q, n)
        try:
            theirs = m21interval.Interval(iv.name)
        except Exception:
            continue
        for step, alter in itertools.product(range(7), (-1, 0, 1)):
            start = Pitch(step, alter, 4)
            ours = transpose(start, iv) if iv.semitones >= 0 else None
            if ours is None:
                continue
            expected = theirs.transposePitch(m21pitch.Pitch(to_m21_name(start)))
            assert to_m21_name(ours) == expected.nameWithOctave, (start, iv)
            down = transpose(start, iv, direction=-1)
            if down is not None:
                back = theirs.reverse().transposePitch(m21pitch.Pitch(to_m21_name(start)))
                assert to_m21_name(down) == back.nameWithOctave


@pytest.mark.parametrize("key", MAJOR_KEYS + MINOR_KEYS, ids=lambda k: k.name)
def test_it_spells_key_tonics_and_signatures_as_music21_does(key: Key) -> None:
    theirs = m21key.KeySignature(key.fifths).asKey("minor" if key.minor else "major")
    assert key.tonic.pc_name.replace("b", "-") == theirs.tonic.name
    altered = sorted(p.name for p in m21key.KeySignature(key.fifths).alteredPitches)
    assert sorted(n.replace("b", "-") for n in key.signature_pitches) == altered


SCALE_CLASSES = {
    "major": m21scale.MajorScale, "natural-minor": m21scale.MinorScale, "harmonic-minor": m21scale.HarmonicMinorScale,
    "melodic-minor": m21scale.MelodicMinorScale, "dorian": m21scale.DorianScale, "phrygian": m21scale.PhrygianScale,
    "lydian": m21scale.LydianScale, "mixolydian": m21scale.MixolydianScale, "locrian": m21scale.LocrianScale,
}


@pytest.mark.parametrize("name", sorted(SCALE_CLASSES))
def test_it_spells_scales_as_music21_does(name: str) -> None:
    for key in MAJOR_KEYS:
        tonic = key.tonic
        ours = scale_pitches(tonic, SCALE_TYPES[name])
        if ours is None:
            continue
        theirs = SCALE_CLASSES[name](to_m21_name(tonic)).getPitches(to_m21_name(tonic),
                                                                     to_m21_name(ours[-1]), direction=Direction.ASCENDING)
        assert [to_m21_name(p) for p in ours] == [p.nameWithOctave for p in theirs], (name, tonic)


def test_it_spells_pentatonic_and_chromatic_scales() -> None:
    c = Pitch(0, 0, 4)
    assert [p.name for p in scale_pitches(c, SCALE_TYPES["major-pentatonic"]) or ()] == \
        ["C4", "D4", "E4", "G4", "A4", "C5"]
    assert [p.name for p in scale_pitches(Pitch(5, 0, 4), SCALE_TYPES["minor-pentatonic"]) or ()] == \
        ["A4", "C5", "D5", "E5", "G5", "A5"]
    chromatic = scale_pitches(Pitch(1, 0, 4), SCALE_TYPES["chromatic"]) or ()
    assert [p.midi for p in chromatic] == list(range(62, 75))


@pytest.mark.parametrize("name", sorted(CHORD_TYPES))
def test_it_builds_chords_music21_agrees_with(name: str) -> None:
    common = {"maj": "major triad", "min": "minor triad", "dim": "diminished triad", "aug": "augmented triad",
              "dom7": "dominant seventh chord", "maj7": "major seventh chord", "min7": "minor seventh chord",
              "hdim7": "half-diminished seventh chord", "dim7": "diminished seventh chord"}
    for step, alter in itertools.product(range(7), (-1, 0, 1)):
        tones = chord_tones(Pitch(step, alter, 4), CHORD_TYPES[name])
        if tones is None:
            continue
        c = m21chord.Chord([to_m21_name(t) for t in tones])
        assert c.commonName == common[name], ([t.name for t in tones], c.commonName)
        assert chord_quality(tones) == CHORD_TYPES[name]


@pytest.mark.parametrize("key", [Key(f, m) for f in range(-6, 7) for m in (False, True)], ids=lambda k: k.name)
def test_it_writes_roman_numerals_music21_reads_back(key: Key) -> None:
    m21_key = m21key.Key(key.tonic.pc_name.replace("b", "-"), "minor" if key.minor else "major")
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
        key = Key(q.notation.key_fifths, any(t.startswith("key:") and t[4].islower() for t in q.tags))
        m21_key = m21key.Key(key.tonic.pc_name.replace("b", "-"), "minor" if key.minor else "major")
        rn = m21roman.RomanNumeral(q.answer.replace("ø", "/o").replace("°", "o"), m21_key)
        shown = q.notation.measures[0][0].pitches
        assert {p.midi % 12 for p in shown} == {p.pitchClass for p in rn.pitches}
        assert shown[0].midi % 12 == rn.bass().pitchClass
