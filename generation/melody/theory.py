"""Pitches, keys, modes, intervals and chords, spelled properly and free of music21.

Conventions used across the generator:

- A pitch is a MIDI number (middle C ``C4`` = 60) plus a spelling (``"F#4"``).
- ``step`` is the diatonic position of the spelling, ``octave * 7 + letter``
  (C=0 ... B=6); the generic size of an interval is a difference of steps.
- Keys are a tonic spelling (``"Eb"``) and one of :data:`MODES`.
- Intervals are written with a direction and a quality: ``"+m6"`` (up a minor
  sixth), ``"-P4"``; unsigned names (``"M3"``) mean either direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import InvalidParams

LETTERS = "CDEFGAB"
NATURAL_PC = (0, 2, 4, 5, 7, 9, 11)

#: Semitones above the tonic of each degree, per mode (melodic minor in its ascending form).
MODES: dict[str, tuple[int, ...]] = {
    "major": (0, 2, 4, 5, 7, 9, 11),
    "minor": (0, 2, 3, 5, 7, 8, 10),
    "harmonic-minor": (0, 2, 3, 5, 7, 8, 11),
    "melodic-minor": (0, 2, 3, 5, 7, 9, 11),
    "dorian": (0, 2, 3, 5, 7, 9, 10),
    "phrygian": (0, 1, 3, 5, 7, 8, 10),
    "lydian": (0, 2, 4, 6, 7, 9, 11),
    "mixolydian": (0, 2, 4, 5, 7, 9, 10),
    "aeolian": (0, 2, 3, 5, 7, 8, 10),
    "locrian": (0, 1, 3, 5, 6, 8, 10),
}
#: Modes whose third is minor; the melody model keeps separate statistics for them.
MINOR_FAMILY = frozenset({"minor", "harmonic-minor", "melodic-minor", "dorian", "phrygian", "aeolian", "locrian"})

_PITCH_RE = re.compile(r"^([A-Ga-g])(##|#|x|bb|b|-|--)?(-?\d)$")
_TONIC_RE = re.compile(r"^([A-Ga-g])(##|#|bb|b|-)?$")
_ALTER = {None: 0, "#": 1, "##": 2, "x": 2, "b": -1, "bb": -2, "-": -1, "--": -2}
_INTERVAL_RE = re.compile(r"^([+-]?)(P|M|m|A|d)(\d{1,2})$")
_ALTER_TEXT = {-2: "bb", -1: "b", 0: "", 1: "#", 2: "##"}


@dataclass(frozen=True)
class Pitch:
    """One spelled pitch. ``degree`` is 0..6 in the key it came from (-1 if unknown)."""

    midi: int
    name: str
    step: int
    degree: int = -1
    chromatic: bool = False

    @property
    def pc(self) -> int:
        return self.midi % 12


@dataclass(frozen=True)
class Interval:
    """A melodic interval: ``semitones`` and ``steps`` are signed (0 for a unison)."""

    name: str
    semitones: int
    steps: int
    signed: bool


def spell(letter: int, alter: int, octave: int) -> str:
    """``spell(3, 1, 4) == "F#4"``; ``alter`` in -2..2."""
    return f"{LETTERS[letter]}{_ALTER_TEXT[alter]}{octave}"


def parse_pitch(text: str) -> Pitch:
    """Parse ``"F#4"``, ``"Bb3"``, ``"c5"`` into a :class:`Pitch` (degree unknown)."""
    m = _PITCH_RE.match(text.strip())
    if not m:
        raise InvalidParams(f"pitch: {text!r} is not a pitch such as C4, F#4 or Bb3")
    letter = LETTERS.index(m.group(1).upper())
    alter = _ALTER[m.group(2)]
    octave = int(m.group(3))
    midi = 12 * (octave + 1) + NATURAL_PC[letter] + alter
    return Pitch(midi=midi, name=spell(letter, alter, octave), step=octave * 7 + letter)


def parse_pitch_class(text: str) -> tuple[int, int]:
    """Parse a pitch name without octave (``"C#"``) into ``(letter, alter)``."""
    m = _TONIC_RE.match(text.strip())
    if not m:
        raise InvalidParams(f"key: {text!r} is not a note name such as G, Eb or F#")
    return LETTERS.index(m.group(1).upper()), _ALTER[m.group(2)]


def tonic_name(text: str) -> str:
    letter, alter = parse_pitch_class(text)
    return LETTERS[letter] + _ALTER_TEXT[alter]


def pitch_from_midi_letter(midi: int, letter: int) -> Pitch:
    """Spell ``midi`` with the given letter (the alteration follows)."""
    alter = (midi - NATURAL_PC[letter]) % 12
    if alter > 6:
        alter -= 12
    octave = (midi - alter - NATURAL_PC[letter]) // 12 - 1
    return Pitch(midi=midi, name=spell(letter, alter, octave), step=octave * 7 + letter)


@dataclass(frozen=True)
class Key:
    """A tonic and a mode; ``letters``/``pcs`` list the seven degrees."""

    tonic: str
    mode: str

    @property
    def tonic_letter(self) -> int:
        return parse_pitch_class(self.tonic)[0]

    @property
    def tonic_pc(self) -> int:
        letter, alter = parse_pitch_class(self.tonic)
        return (NATURAL_PC[letter] + alter) % 12

    @property
    def pcs(self) -> tuple[int, ...]:
        return tuple((self.tonic_pc + s) % 12 for s in MODES[self.mode])

    @property
    def letters(self) -> tuple[int, ...]:
        return tuple((self.tonic_letter + d) % 7 for d in range(7))

    @property
    def minor_family(self) -> bool:
        return self.mode in MINOR_FAMILY

    def degree_of_pc(self, pc: int) -> int:
        """Degree 0..6 of a pitch class in the scale, or -1."""
        pcs = self.pcs
        return pcs.index(pc % 12) if pc % 12 in pcs else -1

    def label(self) -> str:
        return f"{self.tonic} {self.mode}"


def make_key(tonic: str, mode: str) -> Key:
    if mode not in MODES:
        raise InvalidParams(f"mode: {mode!r} is not one of {', '.join(MODES)}")
    return Key(tonic=tonic_name(tonic), mode=mode)


@lru_cache(maxsize=256)
def scale_pitches(key: Key, low: int, high: int) -> tuple[Pitch, ...]:
    """The key's scale notes from MIDI ``low`` to ``high`` inclusive, spelled, low to high."""
    out: list[Pitch] = []
    for octave in range(-1, 10):
        for degree, (letter, pc) in enumerate(zip(key.letters, key.pcs, strict=True)):
            # The letter's octave can differ from the sounding octave (B#3 == C4).
            natural = 12 * (octave + 1) + NATURAL_PC[letter]
            alter = (pc - NATURAL_PC[letter]) % 12
            if alter > 6:
                alter -= 12
            midi = natural + alter
            if low <= midi <= high:
                out.append(
                    Pitch(midi=midi, name=spell(letter, alter, octave), step=octave * 7 + letter, degree=degree)
                )
    return tuple(sorted(out, key=lambda p: p.midi))


def chromatic_pitches(key: Key, low: int, high: int) -> tuple[Pitch, ...]:
    """Raised degrees that lead up a semitone to the next scale note (``#4`` to ``5``).

    These are the only accidentals a drill uses unless a target note asks for
    another; each must resolve to a neighbour a semitone away.
    """
    out = []
    for p in scale_pitches(key, low - 2, high + 2):
        above = p.midi + 1
        if low <= above <= high and key.degree_of_pc(above) < 0 and key.degree_of_pc(above + 1) >= 0:
            q = pitch_from_midi_letter(above, p.step % 7)
            if "##" in q.name or q.name[:2] in ("E#", "B#"):
                # E#/B# read badly: spell as the upper neighbour's letter lowered (F, C, or a flat).
                q = pitch_from_midi_letter(above, (p.step + 1) % 7)
            degree = (q.step % 7 - key.tonic_letter) % 7  # the degree of its letter
            out.append(Pitch(midi=q.midi, name=q.name, step=q.step, degree=degree, chromatic=True))
    return tuple(out)


_SIMPLE_SIZES = {1: 0, 2: 2, 3: 4, 4: 5, 5: 7, 6: 9, 7: 11}
_PERFECT = {1, 4, 5}


def parse_interval(text: str) -> Interval:
    """Parse ``"+m6"``, ``"-P4"`` or ``"M3"`` (either direction) into an :class:`Interval`."""
    m = _INTERVAL_RE.match(text.strip())
    if not m:
        raise InvalidParams(f"interval: {text!r} is not an interval such as +m6, -P4 or M3")
    sign_text, quality, number_text = m.groups()
    number = int(number_text)
    if not 1 <= number <= 15:
        raise InvalidParams(f"interval: {text!r} is larger than two octaves")
    simple = (number - 1) % 7 + 1
    octaves = (number - 1) // 7
    base = _SIMPLE_SIZES[simple] + 12 * octaves
    offsets = {"P": 0, "A": 1, "d": -1} if simple in _PERFECT else {"M": 0, "m": -1, "A": 1, "d": -2}
    if quality not in offsets:
        raise InvalidParams(f"interval: {text!r} has no such quality (perfect intervals are P, A or d)")
    size = base + offsets[quality]
    if size < 0 or (number == 1 and quality == "d"):
        raise InvalidParams(f"interval: {text!r} is not a real interval")
    sign = -1 if sign_text == "-" else 1
    return Interval(
        name=f"{sign_text}{quality}{number}", semitones=sign * size, steps=sign * (number - 1), signed=bool(sign_text)
    )


def interval_between(a: Pitch, b: Pitch) -> str:
    """The signed name from ``a`` to ``b`` (``"+M3"``, ``"-P4"``, ``"P1"``) by spelling."""
    steps = b.step - a.step
    semis = b.midi - a.midi
    number = abs(steps) + 1
    size = abs(semis)
    simple = (number - 1) % 7 + 1
    base = _SIMPLE_SIZES[simple] + 12 * ((number - 1) // 7)
    diff = size - base
    if simple in _PERFECT:
        quality = {0: "P", 1: "A", -1: "d"}.get(diff, "?")
    else:
        quality = {0: "M", -1: "m", 1: "A", -2: "d"}.get(diff, "?")
    if steps == 0 and semis == 0:
        return "P1"
    sign = "+" if (steps > 0 or (steps == 0 and semis > 0)) else "-"
    return f"{sign}{quality}{number}"


def interval_matches(spec: Interval, a: Pitch, b: Pitch) -> bool:
    """True when the move ``a -> b`` is ``spec`` (either direction when unsigned)."""
    semis, steps = b.midi - a.midi, b.step - a.step
    if spec.signed:
        return semis == spec.semitones and steps == spec.steps
    return abs(semis) == abs(spec.semitones) and abs(steps) == abs(spec.steps) and semis * steps >= 0


# --------------------------------------------------------------------- ranges

#: Comfortable ranges (MIDI, inclusive) for voices and clefs; tenor sounds an octave below its treble part.
VOICE_RANGES: dict[str, tuple[str, str]] = {
    "soprano": ("C4", "G5"),
    "alto": ("G3", "C5"),
    "tenor": ("C3", "G4"),
    "baritone": ("A2", "E4"),
    "bass": ("F2", "C4"),
}
CLEF_RANGES: dict[str, tuple[str, str]] = {
    "treble": ("C4", "A5"),
    "bass": ("E2", "C4"),
    "alto": ("D3", "A4"),
    "tenor": ("B2", "F4"),
}


def parse_range(text: str) -> tuple[str, str]:
    """``"Bb3-Eb5"`` -> ``("Bb3", "Eb5")``, normalised spellings, low below high."""
    parts = re.split(r"\s*(?:-|–|—|to|\.\.)\s*(?=[A-Ga-g])", text.strip())
    if len(parts) != 2:
        raise InvalidParams(f"range: {text!r} is not two pitches such as C4-G5")
    low, high = parse_pitch(parts[0]), parse_pitch(parts[1])
    if low.midi >= high.midi:
        raise InvalidParams(f"range: {text!r} has its low pitch above its high pitch")
    return low.name, high.name


# --------------------------------------------------------------------- chords

_ROMAN_RE = re.compile(r"^(b|#)?(VII|VI|IV|V|III|II|I|vii|vi|iv|v|iii|ii|i)(°|o|ø|\+|dim|aug)?(maj7|7)?$")
_ROMAN_DEGREE = {"i": 0, "ii": 1, "iii": 2, "iv": 3, "v": 4, "vi": 5, "vii": 6}
_SYMBOL_RE = re.compile(r"^([A-G])(#|b)?(maj7|m7b5|m7|m|dim7|dim|aug|\+|7|°)?$")


@dataclass(frozen=True)
class ChordSpec:
    """One chord: its figure as written and its tones, root first, spelled by letter."""

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
    """A Roman numeral in ``key`` (``"V7"``, ``"vi"``, ``"viio7"``, ``"bVII"``) or a symbol (``"Am"``)."""
    text = figure.strip()
    m = _ROMAN_RE.match(text)
    if m:
        accidental, numeral, quality, seventh = m.groups()
        degree = _ROMAN_DEGREE[numeral.lower()]
        # Degrees count from the natural (major or natural-minor) scale of the key.
        base_mode = "minor" if key.minor_family else "major"
        root_pc = (key.tonic_pc + MODES[base_mode][degree] + {None: 0, "#": 1, "b": -1}[accidental]) % 12
        upper = numeral.isupper()
        triad: tuple[int, ...]
        if quality in ("°", "o", "dim"):
            triad = (0, 3, 6)
        elif quality in ("+", "aug"):
            triad = (0, 4, 8)
        elif quality == "ø":
            triad = (0, 3, 6)
        else:
            triad = (0, 4, 7) if upper else (0, 3, 7)
        if seventh:
            if seventh == "maj7":
                triad += (11,)
            elif quality in ("°", "o", "dim"):
                triad += (9,)
            else:
                triad += (10,)
        return _chord(text, (key.tonic_letter + degree) % 7, root_pc, triad)
    s = _SYMBOL_RE.match(text)
    if s:
        letter_text, accidental, kind = s.groups()
        letter = LETTERS.index(letter_text)
        root_pc = (NATURAL_PC[letter] + {None: 0, "#": 1, "b": -1}[accidental]) % 12
        shapes = {
            None: (0, 4, 7), "m": (0, 3, 7), "7": (0, 4, 7, 10), "maj7": (0, 4, 7, 11), "m7": (0, 3, 7, 10),
            "dim": (0, 3, 6), "°": (0, 3, 6), "dim7": (0, 3, 6, 9), "m7b5": (0, 3, 6, 10), "aug": (0, 4, 8),
            "+": (0, 4, 8),
        }
        return _chord(text, letter, root_pc, shapes[kind])
    raise InvalidParams(f"progression: {figure!r} is not a chord such as V7, vi, bVII or Am")


def parse_progression(text: str, key: Key) -> list[ChordSpec]:
    """Split ``"I V vi IV"`` (spaces, commas, dashes or bars) into chords."""
    figures = [f for f in re.split(r"[\s,|–—]+|(?<=[IViv7°o+])-(?=[b#IViv])", text.strip()) if f]
    if not figures:
        raise InvalidParams("progression: no chords given")
    return [parse_chord(f, key) for f in figures]


def tonic_chord(key: Key) -> ChordSpec:
    return parse_chord("i" if key.minor_family else "I", key)
