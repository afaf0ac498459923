"""Spelled pitches: a letter step, an alteration and an octave, in plain integer arithmetic.

A pitch is written in scientific pitch notation (middle C is ``C4`` = MIDI 60).
``step`` is the letter (0 = C ... 6 = B, as music21's ``step`` is the letter
name), ``alter`` the alteration in semitones (-2..+2) and ``octave`` the octave
of the letter, so ``B#3`` sounds as ``C4``:

>>> p = parse_pitch("F#4")
>>> p
Pitch(step=3, alter=1, octave=4)
>>> p.midi, p.pc, p.diatonic, p.name, p.pretty
(66, 6, 31, 'F#4', 'F♯4')
>>> parse_pitch("B#3").midi
60

``diatonic`` counts letter steps above C0 (one per staff line or space), so the
generic size of an interval is a difference of ``diatonic`` numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import MusicError

STEPS = "CDEFGAB"
#: Semitones above C of each natural letter.
STEP_SEMITONES = (0, 2, 4, 5, 7, 9, 11)
#: Largest alteration the project spells (double sharp / double flat).
MAX_ALTER = 2
ASCII_ACCIDENTALS = {-2: "bb", -1: "b", 0: "", 1: "#", 2: "##"}
PRETTY_ACCIDENTALS = {-2: "\U0001d12b", -1: "\u266d", 0: "", 1: "\u266f", 2: "\U0001d12a"}
ACCIDENTAL_WORDS = {-2: "double flat", -1: "flat", 0: "natural", 1: "sharp", 2: "double sharp"}

_PITCH_RE = re.compile(r"^([A-Ga-g])(##|#|x|bb|b|-|--)?(-?\d)$")
_PITCH_CLASS_RE = re.compile(r"^([A-Ga-g])(##|#|bb|b|-)?$")
_ALTER_TEXT = {None: 0, "#": 1, "##": 2, "x": 2, "b": -1, "bb": -2, "-": -1, "--": -2}


@dataclass(frozen=True, slots=True, order=True)
class Pitch:
    """A spelled pitch: ``step`` 0..6 (C..B), ``alter`` in semitones, ``octave`` (C4 = middle C)."""

    step: int
    alter: int
    octave: int

    @property
    def midi(self) -> int:
        return 12 * (self.octave + 1) + STEP_SEMITONES[self.step] + self.alter

    @property
    def pc(self) -> int:
        """Pitch class, 0 (C) .. 11 (B)."""
        return self.midi % 12

    @property
    def diatonic(self) -> int:
        """Letter steps above C0: one per staff line or space."""
        return self.step + 7 * self.octave

    @property
    def pc_name(self) -> str:
        """ASCII name without octave: ``F#``, ``Bbb``."""
        return STEPS[self.step] + ASCII_ACCIDENTALS[self.alter]

    @property
    def name(self) -> str:
        """ASCII name with octave: ``F#4``, ``Bbb3``."""
        return f"{self.pc_name}{self.octave}"

    @property
    def pretty(self) -> str:
        """Display name with octave and music symbols: ``F♯4``."""
        return f"{self.pretty_pc}{self.octave}"

    @property
    def pretty_pc(self) -> str:
        return STEPS[self.step] + PRETTY_ACCIDENTALS[self.alter]

    def with_alter(self, alter: int) -> Pitch:
        return Pitch(self.step, alter, self.octave)


def natural(diatonic: int) -> Pitch:
    """The natural pitch on a diatonic index (``Pitch.diatonic``).

    >>> natural(30).name
    'E4'
    """
    return Pitch(diatonic % 7, 0, diatonic // 7)


def spell(diatonic: int, midi: int) -> Pitch | None:
    """The pitch on letter ``diatonic`` that sounds ``midi``; None beyond a double accidental.

    >>> spell(30, 65).name, spell(30, 67)
    ('E#4', None)
    """
    base = natural(diatonic)
    alter = midi - base.midi
    return base.with_alter(alter) if abs(alter) <= MAX_ALTER else None


def spell_letter(midi: int, step: int) -> Pitch | None:
    """``midi`` written with the letter ``step`` in whichever octave is nearest; None beyond a double accidental.

    >>> spell_letter(60, 6).name, spell_letter(63, 1).name, spell_letter(66, 0)
    ('B#3', 'D#4', None)
    """
    alter = (midi - STEP_SEMITONES[step]) % 12
    if alter > 6:
        alter -= 12
    if abs(alter) > MAX_ALTER:
        return None
    return Pitch(step, alter, (midi - alter - STEP_SEMITONES[step]) // 12 - 1)


def parse_pitch(text: str) -> Pitch:
    """Read ``"F#4"``, ``"Bb3"``, ``"c5"``, ``"Fx4"`` or music21's ``"B-3"``; raises :class:`MusicError`.

    >>> parse_pitch("e-5").name
    'Eb5'
    >>> parse_pitch("H4")
    Traceback (most recent call last):
    music.errors.MusicError: pitch: 'H4' is not a pitch such as C4, F#4 or Bb3
    """
    m = _PITCH_RE.match(text.strip())
    if not m:
        raise MusicError(f"pitch: {text!r} is not a pitch such as C4, F#4 or Bb3")
    return Pitch(STEPS.index(m.group(1).upper()), _ALTER_TEXT[m.group(2)], int(m.group(3)))


def parse_pitch_class(text: str) -> tuple[int, int]:
    """Read a note name without octave (``"C#"``, ``"eb"``) as ``(step, alter)``; raises :class:`MusicError`.

    >>> parse_pitch_class("Eb"), parse_pitch_class("f##")
    ((2, -1), (3, 2))
    """
    m = _PITCH_CLASS_RE.match(text.strip())
    if not m:
        raise MusicError(f"key: {text!r} is not a note name such as G, Eb or F#")
    return STEPS.index(m.group(1).upper()), _ALTER_TEXT[m.group(2)]


def tonic_name(text: str) -> str:
    """A note name without octave, normalised: ``"e-"`` -> ``"Eb"``.

    >>> tonic_name("e-"), tonic_name("F#")
    ('Eb', 'F#')
    """
    step, alter = parse_pitch_class(text)
    return STEPS[step] + ASCII_ACCIDENTALS[alter]


def pc_of(text: str) -> int:
    """The pitch class of a note name without octave.

    >>> pc_of("C#"), pc_of("Cb")
    (1, 11)
    """
    step, alter = parse_pitch_class(text)
    return (STEP_SEMITONES[step] + alter) % 12


def parse_range(text: str) -> tuple[str, str]:
    """``"Bb3-Eb5"`` -> ``("Bb3", "Eb5")``: two pitches, spellings normalised, the low one first.

    >>> parse_range("bb3 to e-5")
    ('Bb3', 'Eb5')
    """
    parts = re.split(r"\s*(?:-|–|—|to|\.\.)\s*(?=[A-Ga-g])", text.strip())
    if len(parts) != 2:
        raise MusicError(f"range: {text!r} is not two pitches such as C4-G5")
    low, high = parse_pitch(parts[0]), parse_pitch(parts[1])
    if low.midi == high.midi:  # "C4-C4" is not upside down: it is one note
        raise MusicError(f"range: {text!r} is a single pitch; the low end must be below the high")
    if low.midi > high.midi:
        raise MusicError(f"range: {text!r} has its low pitch above its high pitch")
    return low.name, high.name


def pc_names(pc: int) -> tuple[str, ...]:
    """Every spelling (ASCII, no octave) of a pitch class, naturals first.

    >>> pc_names(6)
    ('F#', 'Gb', 'E##')
    """
    out = []
    for alter in (0, 1, -1, 2, -2):
        for step in range(7):
            if (STEP_SEMITONES[step] + alter) % 12 == pc % 12:
                out.append(STEPS[step] + ASCII_ACCIDENTALS[alter])
    return tuple(out)


def pretty_name(ascii_name: str) -> str:
    """An ASCII name (as ``Pitch.name`` writes it) for display.

    >>> pretty_name("F##4"), pretty_name("Bb")
    ('F𝄪4', 'B♭')
    """
    letter, rest = ascii_name[:1], ascii_name[1:]
    accidental = rest.rstrip("0123456789")
    octave = rest[len(accidental):]
    alter = {v: k for k, v in ASCII_ACCIDENTALS.items()}[accidental]
    return letter + PRETTY_ACCIDENTALS[alter] + octave
