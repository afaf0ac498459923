"""The music core agrees with music21: interval names, transposition, keys, scales, chords, melodic moves."""

from __future__ import annotations

import itertools
import random

import pytest
from music21 import chord as m21chord
from music21 import interval as m21interval
from music21 import key as m21key
from music21 import pitch as m21pitch
from music21 import scale as m21scale
from music21.scale.intervalNetwork import Direction

from music.chord import CHORD_TYPES, chord_quality, chord_tones
from music.interval import Interval, interval_between, melodic_interval, parse_interval, transpose
from music.key import MAJOR_KEYS, MINOR_KEYS, Key, key_pitches, make_key, raised_degrees
from music.pitch import Pitch
from music.scale import HOST_MODES, MODE_SCALES, MODES, PENTATONIC_MODES, SCALE_TYPES, scale_pitches
from music.spelling import spell_in_key


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
    theirs = m21key.KeySignature(key.fifths).asKey(key.mode)
    assert key.tonic.replace("b", "-") == theirs.tonic.name
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
        tonic = key.tonic_pitch
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


MODE_CLASSES = {
    "major": m21scale.MajorScale, "minor": m21scale.MinorScale, "aeolian": m21scale.MinorScale,
    "harmonic-minor": m21scale.HarmonicMinorScale, "melodic-minor": m21scale.MelodicMinorScale,
    "dorian": m21scale.DorianScale, "phrygian": m21scale.PhrygianScale, "lydian": m21scale.LydianScale,
    "mixolydian": m21scale.MixolydianScale, "locrian": m21scale.LocrianScale,
}


@pytest.mark.parametrize("mode", list(MODE_SCALES))
def test_it_spells_every_mode_in_a_range_as_music21_does(mode: str) -> None:
    for tonic in ("C", "G", "D", "A", "E", "F", "Bb", "Eb", "F#", "Ab"):
        ours = [to_m21_name(p) for p in key_pitches(make_key(tonic, mode), 55, 79)]
        m21_tonic = tonic.replace("b", "-")
        pitches = MODE_CLASSES[mode](m21_tonic).getPitches("G3", "G5", direction=Direction.ASCENDING)
        assert ours == [p.nameWithOctave for p in pitches], (tonic, mode)


@pytest.mark.parametrize("mode", list(PENTATONIC_MODES))
def test_it_spells_a_pentatonic_mode_as_its_host_mode_less_two_degrees(mode: str) -> None:
    """宫 商 角 徵 羽: the host's notes (music21) on the five letters of do re mi sol la, nothing else."""
    letters, _, host = PENTATONIC_MODES[mode]
    for tonic in ("C", "G", "D", "A", "E", "F", "Bb", "Eb", "F#", "Ab"):
        ours = [to_m21_name(p) for p in key_pitches(make_key(tonic, mode), 55, 79)]
        host_pitches = MODE_CLASSES[host](tonic.replace("b", "-")).getPitches("G3", "G5", direction=Direction.ASCENDING)
        tonic_step = "CDEFGAB".index(tonic[0])
        kept = [p.nameWithOctave for p in host_pitches if ("CDEFGAB".index(p.step) - tonic_step) % 7 in letters]
        assert ours == kept, (tonic, mode)


@pytest.mark.parametrize("mode", list(MODES))
def test_its_key_signatures_match_music21_in_every_mode(mode: str) -> None:
    """A pentatonic mode takes the signature of its 宫: D 徵 (zhi) has G major's one sharp."""
    m21_mode = HOST_MODES[mode]
    for tonic in ("C", "G", "D", "A", "E", "B", "F#", "F", "Bb", "Eb", "Ab", "Db"):
        theirs = m21key.Key(tonic.replace("b", "-"),
                            "minor" if m21_mode in ("harmonic-minor", "melodic-minor") else m21_mode)
        assert make_key(tonic, mode).fifths == theirs.sharps, (tonic, mode)


def test_it_names_melodic_moves_as_music21_does() -> None:
    rng = random.Random(2)
    for _ in range(2000):
        a = Pitch(rng.randrange(7), rng.randint(-1, 1), rng.randint(3, 4))
        b = Pitch(rng.randrange(7), rng.randint(-1, 1), rng.randint(3, 4))
        ours = melodic_interval(a, b)
        theirs = m21interval.Interval(m21pitch.Pitch(to_m21_name(a)), m21pitch.Pitch(to_m21_name(b)))
        if (b.midi - a.midi) * (b.diatonic - a.diatonic) <= 0 or ours is None:
            continue  # music21 and the drills differ on which way a unison or a diminished second goes
        sign = "+" if theirs.direction.value > 0 else "-"
        assert ours == f"{sign}{theirs.simpleName[:-1]}{abs(theirs.generic.directed)}", (a, b)
        assert parse_interval(ours).matches(a, b)


def test_its_raised_degrees_lead_up_a_semitone_to_the_scale() -> None:
    for key in MAJOR_KEYS + MINOR_KEYS:
        for p in raised_degrees(key, 55, 79):
            assert key.degree_of_pc(p.pc) < 0 and key.degree_of_pc(p.pc + 1) >= 0
            assert spell_in_key(p.midi, key) == p


def test_it_spells_every_midi_number_in_every_key_without_failing() -> None:
    for tonic, mode in itertools.product(("C", "A", "Eb", "F#", "Cb", "C#"), MODES):
        key = make_key(tonic, mode)
        for midi in range(36, 90):
            assert spell_in_key(midi, key).midi == midi


def test_it_reads_keys_from_fifths_and_names_alike() -> None:
    for fifths in range(-7, 8):
        for minor in (False, True):
            key = Key.from_fifths(fifths, minor=minor)
            assert key.fifths == fifths
            assert make_key(key.tonic, key.mode) == key
