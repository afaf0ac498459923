"""Movable do: a note as a scale degree from the key's *do*, as numbered notation (简谱) and solfège name it.

A minor key counts from its relative major, so its tonic is 6 (la). Used by the
简谱 renderer and by feedback that names notes "♯4" or "♯fa" instead of "F#4".
"""

from __future__ import annotations

from collections.abc import Sequence

from music.key import Key
from music.pitch import PRETTY_ACCIDENTALS, STEP_SEMITONES, STEPS, Pitch
from music.spelling import spell_in_key

SOLFEGE = ("do", "re", "mi", "fa", "sol", "la", "ti")
ACCIDENTALS = {1: "♯", -1: "♭", 2: "𝄪", -2: "𝄫"}


def do_of(key: Key) -> tuple[int, int]:
    """The key's *do* as (letter step 0-6 from C, pitch class): a minor key's relative major tonic.

    >>> from music.key import make_key
    >>> do_of(make_key("A", "minor")), do_of(make_key("Eb"))
    ((0, 0), (2, 3))
    """
    major = Key.from_fifths(key.fifths)
    return STEPS.index(major.tonic[0]), _pc(major.tonic)


def do_name(key: Key) -> str:
    """The note 1 stands for in 简谱 (``1 = E♭``, as a 简谱 melody is headed), without an octave.

    >>> from music.key import make_key
    >>> do_name(make_key("Eb")), do_name(make_key("F#", "minor")), do_name(make_key("C#"))
    ('E♭', 'A', 'C♯')
    """
    step, pc = do_of(key)
    return STEPS[step] + PRETTY_ACCIDENTALS[(pc - STEP_SEMITONES[step] + 6) % 12 - 6]


def _pc(name: str) -> int:
    base = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}[name[0]]
    return (base + name.count("#") - name.count("b")) % 12


def degree(note: int | Pitch, key: Key, *, middle_octave: int) -> tuple[int, int, int]:
    """``note`` in ``key`` as (number 1-7, alteration against the key's scale, octave shift).

    ``note`` is a written pitch, whose letter gives the number (a flat stays a flat: B♭ in C is
    ♭7, A♯ in C is ♯6), or a MIDI number, first spelled in the key (``spell_in_key``).

    >>> from music.key import make_key
    >>> from music.pitch import parse_pitch
    >>> g = make_key("G")
    >>> degree(66, g, middle_octave=4), degree(65, g, middle_octave=4), degree(62, g, middle_octave=4)
    ((7, 0, -1), (7, -1, -1), (5, 0, -1))
    >>> c = make_key("C")
    >>> degree(parse_pitch("Bb4"), c, middle_octave=4), degree(parse_pitch("A#4"), c, middle_octave=4)
    ((7, -1, 0), (6, 1, 0))
    """
    pitch = note if isinstance(note, Pitch) else spell_in_key(note, key)
    do_step, do_pc = do_of(key)
    number = (pitch.step - do_step) % 7 + 1
    natural_in_scale = (do_pc + (0, 2, 4, 5, 7, 9, 11)[number - 1]) % 12
    alteration = (pitch.midi - natural_in_scale + 6) % 12 - 6
    diatonic = pitch.octave * 7 + pitch.step
    shift = (diatonic - (middle_octave * 7 + do_step)) // 7
    return number, alteration, shift


def middle_octave(midis: Sequence[int | Pitch], key: Key) -> int:
    """The octave of *do* written without dots: the one that needs the fewest dots (4 on a tie); ``midis``
    are MIDI numbers or written pitches, as :func:`degree` takes them."""
    if not midis:
        return 4
    def dots(octave: int) -> int:
        return sum(abs(degree(m, key, middle_octave=octave)[2]) for m in midis)
    return min((4, 3, 5), key=dots)
