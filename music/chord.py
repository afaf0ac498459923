"""Chords: qualities spelled above a root, voicings, and chord charts in a key.

>>> from music.pitch import parse_pitch
>>> [p.name for p in chord_tones(parse_pitch("D4"), CHORD_TYPES["dom7"])]
['D4', 'F#4', 'A4', 'C5']
>>> from music.key import make_key
>>> [(c.figure, c.pcs) for c in parse_progression("I V7/V V I", make_key("G"))][1]
('V7/V', (9, 1, 4, 7))
>>> parse_chord("V/vii°", make_key("C"))
Traceback (most recent call last):
music.errors.MusicError: progression: 'V/vii°' tonicises a diminished chord, which has no key of its own; tonicise a major or minor chord (V/V, V/vi)
>>> chord = parse_chord("V7", make_key("A", "minor"))
>>> chord.root_pc, chord.pcs
(4, (4, 8, 11, 2))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import MusicError
from .interval import Interval, interval_between, transpose
from .key import Key
from .pitch import ASCII_ACCIDENTALS, STEP_SEMITONES, STEPS, Pitch, spell
from .scale import MODES

# --------------------------------------------------------------------------- chord qualities


@dataclass(frozen=True, slots=True)
class ChordType:
    """A chord as intervals above its root; ``tag`` is the ``chord:`` skill tag."""

    name: str
    title: str
    intervals: tuple[Interval, ...]
    tag: str

    @property
    def is_seventh(self) -> bool:
        return len(self.intervals) == 3


def _iv(*names: str) -> tuple[Interval, ...]:
    return tuple(Interval(n[:-1], int(n[-1])) for n in names)


CHORD_TYPES: dict[str, ChordType] = {
    c.name: c
    for c in (
        ChordType("maj", "major triad", _iv("M3", "P5"), "maj"),
        ChordType("min", "minor triad", _iv("m3", "P5"), "min"),
        ChordType("dim", "diminished triad", _iv("m3", "d5"), "dim"),
        ChordType("aug", "augmented triad", _iv("M3", "A5"), "aug"),
        ChordType("dom7", "dominant seventh", _iv("M3", "P5", "m7"), "dom7"),
        ChordType("maj7", "major seventh", _iv("M3", "P5", "M7"), "maj7"),
        ChordType("min7", "minor seventh", _iv("m3", "P5", "m7"), "min7"),
        ChordType("hdim7", "half-diminished seventh", _iv("m3", "d5", "m7"), "hdim7"),
        ChordType("dim7", "diminished seventh", _iv("m3", "d5", "d7"), "dim7"),
    )
}
TRIADS = ("maj", "min", "dim", "aug")
SEVENTHS = ("dom7", "maj7", "min7", "hdim7", "dim7")
INVERSION_WORDS = ("root position", "first inversion", "second inversion", "third inversion")
TRIAD_FIGURES = ("", "6", "64")
SEVENTH_FIGURES = ("7", "65", "43", "42")
MEMBER_WORDS = ("root", "third", "fifth", "seventh")


def chord_tones(root: Pitch, chord: ChordType) -> tuple[Pitch, ...] | None:
    """Root, third, fifth (, seventh) spelled above ``root``; None beyond a double accidental."""
    out = [root]
    for iv in chord.intervals:
        p = transpose(root, iv)
        if p is None:
            return None
        out.append(p)
    return tuple(out)


def voice(tones: tuple[Pitch, ...], inversion: int, *, bass_octave: int) -> tuple[Pitch, ...]:
    """Close position with chord member ``inversion`` in the bass (in ``bass_octave``), each note above the last."""
    order = tones[inversion:] + tones[:inversion]
    out = [Pitch(order[0].step, order[0].alter, bass_octave)]
    for t in order[1:]:
        p = Pitch(t.step, t.alter, out[-1].octave)
        if p.diatonic <= out[-1].diatonic:
            p = Pitch(t.step, t.alter, out[-1].octave + 1)
        out.append(p)
    return tuple(out)


def chord_quality(tones: tuple[Pitch, ...]) -> ChordType | None:
    """The chord type of root-first ``tones`` (as from ``chord_tones``), if it is one of ``CHORD_TYPES``."""
    root = tones[0]
    ivs = []
    for t in tones[1:]:
        # Each member measured within one octave above the root, by letters.
        steps = (t.step - root.step) % 7
        up = spell(root.diatonic + steps, root.midi + (t.midi - root.midi) % 12)
        iv = interval_between(root, up) if up is not None else None
        if iv is None:
            return None
        ivs.append(iv)
    for c in CHORD_TYPES.values():
        if tuple(ivs) == c.intervals:
            return c
    return None


# --------------------------------------------------------------------------- chord charts

_ROMAN_RE = re.compile(r"^(b|#)?(VII|VI|IV|V|III|II|I|vii|vi|iv|v|iii|ii|i)(°|o|ø|\+|dim|aug)?(maj7|7)?$")
_ROMAN_DEGREE = {"i": 0, "ii": 1, "iii": 2, "iv": 3, "v": 4, "vi": 5, "vii": 6}
_SYMBOL_RE = re.compile(r"^([A-G])(#|b)?(maj7|m7b5|m7|m|dim7|dim|aug|\+|7|°)?$")
_SYMBOL_SHAPES: dict[str | None, tuple[int, ...]] = {
    None: (0, 4, 7), "m": (0, 3, 7), "7": (0, 4, 7, 10), "maj7": (0, 4, 7, 11), "m7": (0, 3, 7, 10),
    "dim": (0, 3, 6), "°": (0, 3, 6), "dim7": (0, 3, 6, 9), "m7b5": (0, 3, 6, 10), "aug": (0, 4, 8), "+": (0, 4, 8),
}


@dataclass(frozen=True)
class ChordSpec:
    """One chord of a chart: its figure as written and its tones, root first, spelled by letter."""

    figure: str
    root_letter: int
    pcs: tuple[int, ...]
    letters: tuple[int, ...]

    @property
    def root_pc(self) -> int:
        return self.pcs[0]


def _chord(figure: str, root_letter: int, root_pc: int, intervals: tuple[int, ...]) -> ChordSpec:
    pcs = tuple((root_pc + i) % 12 for i in intervals)
    letters = tuple((root_letter + 2 * n) % 7 for n in range(len(intervals)))
    return ChordSpec(figure=figure, root_letter=root_letter, pcs=pcs, letters=letters)


def parse_chord(figure: str, key: Key) -> ChordSpec:
    """A Roman numeral in ``key`` (``"V7"``, ``"vi"``, ``"viio7"``, ``"bVII"``), an applied chord (``"V7/V"``,
    ``"viio7/vi"``) or a symbol (``"Am"``).

    Numerals count from the natural (major or natural-minor) scale of the key;
    an applied chord counts from the key of the chord after the slash (major
    for an upper-case numeral, harmonic minor for a lower-case one). Raises
    :class:`MusicError` for a figure that is none of these.
    """
    text = figure.strip()
    if "/" in text:
        return _applied_chord(text, key)
    m = _ROMAN_RE.match(text)
    if m:
        accidental, numeral, quality, seventh = m.groups()
        degree = _ROMAN_DEGREE[numeral.lower()]
        base_mode = "minor" if key.minor_family else "major"
        root_pc = (key.tonic_pc + MODES[base_mode][degree] + {None: 0, "#": 1, "b": -1}[accidental]) % 12
        upper = numeral.isupper()
        triad: tuple[int, ...]
        if quality in ("°", "o", "dim", "ø"):
            triad = (0, 3, 6)
        elif quality in ("+", "aug"):
            triad = (0, 4, 8)
        else:
            triad = (0, 4, 7) if upper else (0, 3, 7)
        if seventh:
            if seventh == "maj7":
                triad += (11,)
            elif quality in ("°", "o", "dim"):
                triad += (9,)
            else:
                triad += (10,)
        return _chord(text, (key.tonic_step + degree) % 7, root_pc, triad)
    s = _SYMBOL_RE.match(text)
    if s:
        letter_text, accidental, kind = s.groups()
        letter = STEPS.index(letter_text)
        root_pc = (STEP_SEMITONES[letter] + {None: 0, "#": 1, "b": -1}[accidental]) % 12
        return _chord(text, letter, root_pc, _SYMBOL_SHAPES[kind])
    raise MusicError(f"progression: {figure!r} is not a chord such as V7, vi, bVII or Am")


def _applied_chord(text: str, key: Key) -> ChordSpec:
    """``"V7/V"``: the chord before the slash read in the key of the chord after it."""
    applied, _, target_text = text.partition("/")
    if not _ROMAN_RE.match(applied) or not _ROMAN_RE.match(target_text):
        raise MusicError(f"progression: {text!r} is not an applied chord such as V/V, V7/vi or viio7/V")
    target = parse_chord(target_text, key)
    shape = tuple((pc - target.root_pc) % 12 for pc in target.pcs[:3])
    if shape not in ((0, 4, 7), (0, 3, 7)):
        raise MusicError(f"progression: {text!r} tonicises a diminished chord, which has no key of its own; "
                         "tonicise a major or minor chord (V/V, V/vi)")
    if target.root_pc == key.tonic_pc and shape == tuple((pc - key.tonic_pc) % 12 for pc in tonic_chord(key).pcs):
        raise MusicError(f"progression: {text!r} tonicises the tonic itself; write {applied} instead")
    alter = (target.root_pc - STEP_SEMITONES[target.root_letter] + 6) % 12 - 6
    local = Key(STEPS[target.root_letter] + ASCII_ACCIDENTALS[alter], "major" if shape == (0, 4, 7) else "harmonic-minor")
    chord = parse_chord(applied, local)
    if applied.lstrip("b#").lower().startswith("vii") and applied[:1] not in "b#":
        # The leading-note chord of the tonicised key, on its raised seventh even over a major target.
        root = (target.root_pc - 1) % 12
        chord = _chord(applied, (target.root_letter + 6) % 7, root,
                       tuple((pc - chord.root_pc) % 12 for pc in chord.pcs))
    return ChordSpec(figure=text, root_letter=chord.root_letter, pcs=chord.pcs, letters=chord.letters)


def mode_triad_numeral(key: Key, degree: int) -> str:
    """The Roman numeral of ``key``'s own triad on ``degree`` (0-6), as :func:`parse_chord` reads it back.

    >>> from music.key import make_key
    >>> [mode_triad_numeral(make_key("D", "dorian"), d) for d in (0, 3, 4, 5)]
    ['i', 'IV', 'v', '#vi°']
    >>> [mode_triad_numeral(make_key("G", "mixolydian"), d) for d in (0, 4, 6)]
    ['I', 'v', 'bVII']
    >>> [mode_triad_numeral(make_key("A", "yu"), d) for d in (0, 3, 4)], mode_triad_numeral(make_key("A", "minor"), 4)
    (['i', 'iv', 'v'], 'V')

    A pentatonic mode counts from the seven notes of its host (its signature's); natural minor's V is major
    (the harmonic minor's raised leading tone, as minor keys are harmonised), a pentatonic tune's is not.
    """
    semis = MODES[key.host.mode]
    root = semis[degree]
    third, fifth = ((semis[(degree + k) % 7] - root) % 12 for k in (2, 4))
    if degree == 4 and key.mode in ("minor", "aeolian"):
        third = 4
    base = MODES["minor" if key.minor_family else "major"]
    accidental = {1: "#", -1: "b"}.get((root - base[degree] + 6) % 12 - 6, "")
    numeral = ("i", "ii", "iii", "iv", "v", "vi", "vii")[degree]
    return accidental + (numeral.upper() if third == 4 else numeral) + {6: "°", 8: "+"}.get(fifth, "")


def parse_progression(text: str, key: Key) -> list[ChordSpec]:
    """Split ``"I V vi IV"`` (spaces, commas, dashes or bars) into chords."""
    figures = [f for f in re.split(r"[\s,|–—]+|(?<=[IViv7°o+])-(?=[b#IViv])", text.strip()) if f]
    if not figures:
        raise MusicError("progression: no chords given")
    return [parse_chord(f, key) for f in figures]


def tonic_chord(key: Key) -> ChordSpec:
    """The tonic triad: ``I`` in a major-third mode, ``i`` in a minor-third one."""
    return parse_chord("i" if key.minor_family else "I", key)
