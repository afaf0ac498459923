"""Spelled pitches, intervals, keys, scales and chords in plain arithmetic.

The generators run thousands of times in tests and on every request, so the
theory they need is integer arithmetic over letter names: a pitch is a letter
step (0 = C ... 6 = B), an alteration in semitones (-2..+2) and an octave
(scientific pitch notation, C4 = MIDI 60). music21 is used where answers are
checked (``check.py``) and in the tests, which cross-check this module.
"""

from __future__ import annotations

from dataclasses import dataclass

STEPS = "CDEFGAB"
#: Semitones above C of each natural letter.
STEP_SEMITONES = (0, 2, 4, 5, 7, 9, 11)
#: Largest alteration the project spells (double sharp / double flat).
MAX_ALTER = 2
ASCII_ACCIDENTALS = {-2: "bb", -1: "b", 0: "", 1: "#", 2: "##"}
PRETTY_ACCIDENTALS = {-2: "\U0001d12b", -1: "\u266d", 0: "", 1: "\u266f", 2: "\U0001d12a"}
ACCIDENTAL_WORDS = {-2: "double flat", -1: "flat", 0: "natural", 1: "sharp", 2: "double sharp"}
SHARP_ORDER = (3, 0, 4, 1, 5, 2, 6)  # F C G D A E B as letter steps
FLAT_ORDER = tuple(reversed(SHARP_ORDER))  # B E A D G C F


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
    """The natural pitch on a diatonic index (``Pitch.diatonic``)."""
    return Pitch(diatonic % 7, 0, diatonic // 7)


def spell(diatonic: int, midi: int) -> Pitch | None:
    """The pitch on letter ``diatonic`` that sounds ``midi``; None beyond a double accidental."""
    base = natural(diatonic)
    alter = midi - base.midi
    return base.with_alter(alter) if abs(alter) <= MAX_ALTER else None


def pc_names(pc: int) -> tuple[str, ...]:
    """Every spelling (ASCII, no octave) of a pitch class, naturals first."""
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


# --- intervals -------------------------------------------------------------

#: Semitones of the major or perfect interval on each simple generic size (index = number - 1).
BASE_SEMITONES = (0, 2, 4, 5, 7, 9, 11)
PERFECT_NUMBERS = frozenset({0, 3, 4})  # simple sizes 1, 4, 5 (index = number - 1)
PERFECT_OFFSETS = {"dd": -2, "d": -1, "P": 0, "A": 1, "AA": 2}
IMPERFECT_OFFSETS = {"dd": -3, "d": -2, "m": -1, "M": 0, "A": 1, "AA": 2}
QUALITY_WORDS = {"P": "perfect", "M": "major", "m": "minor", "A": "augmented", "d": "diminished",
                 "AA": "doubly augmented", "dd": "doubly diminished"}
NUMBER_WORDS = {1: "unison", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", 6: "6th", 7: "7th", 8: "octave",
                9: "9th", 10: "10th", 11: "11th", 12: "12th", 13: "13th", 14: "14th", 15: "double octave"}


@dataclass(frozen=True, slots=True)
class Interval:
    """A spelled interval: ``quality`` (P M m A d AA dd) and ``number`` (1 = unison, 10 = tenth)."""

    quality: str
    number: int

    @property
    def name(self) -> str:
        """Short name: ``M10``, ``A4``."""
        return f"{self.quality}{self.number}"

    @property
    def words(self) -> str:
        """Long name: ``major 10th``, ``perfect unison``."""
        return f"{QUALITY_WORDS[self.quality]} {NUMBER_WORDS.get(self.number, f'{self.number}th')}"

    @property
    def simple(self) -> Interval:
        """The simple interval: M10 -> M3; P8 and P15 stay octaves."""
        if self.number <= 8:
            return self
        n = (self.number - 1) % 7 + 1
        return Interval(self.quality, 8 if n == 1 else n)

    @property
    def is_compound(self) -> bool:
        return self.number > 8

    @property
    def semitones(self) -> int:
        idx = (self.number - 1) % 7
        octaves = (self.number - 1) // 7
        offsets = PERFECT_OFFSETS if idx in PERFECT_NUMBERS else IMPERFECT_OFFSETS
        return BASE_SEMITONES[idx] + 12 * octaves + offsets[self.quality]

    @property
    def inverted(self) -> Interval:
        """The inversion of the simple interval (M3 -> m6, A4 -> d5, P8 -> P1)."""
        swap = {"P": "P", "M": "m", "m": "M", "A": "d", "d": "A", "AA": "dd", "dd": "AA"}
        n = self.simple.number
        return Interval(swap[self.quality], 9 - n if n <= 8 else n)


def valid_interval(quality: str, number: int) -> bool:
    idx = (number - 1) % 7
    table = PERFECT_OFFSETS if idx in PERFECT_NUMBERS else IMPERFECT_OFFSETS
    if quality not in table or number < 1:
        return False
    # A diminished unison would go below the lower note.
    return Interval(quality, number).semitones >= 0


def interval_between(low: Pitch, high: Pitch) -> Interval | None:
    """The interval from ``low`` up to ``high`` (by letters); None if ``high`` is below or unnamed.

    >>> interval_between(Pitch(0, 0, 4), Pitch(2, 0, 5)).name   # C4 up to E5
    'M10'
    >>> interval_between(Pitch(3, 0, 4), Pitch(6, 0, 4)).words  # F4 up to B4
    'augmented 4th'
    """
    generic = high.diatonic - low.diatonic
    semis = high.midi - low.midi
    if generic < 0 or semis < 0:
        return None
    idx, octaves = generic % 7, generic // 7
    diff = semis - 12 * octaves - BASE_SEMITONES[idx]
    table = PERFECT_OFFSETS if idx in PERFECT_NUMBERS else IMPERFECT_OFFSETS
    for quality, offset in table.items():
        if offset == diff:
            return Interval(quality, generic + 1)
    return None


def transpose(p: Pitch, interval: Interval, *, direction: int = 1) -> Pitch | None:
    """``p`` moved by ``interval`` up (``direction=1``) or down (-1); None beyond a double accidental."""
    return spell(p.diatonic + direction * (interval.number - 1), p.midi + direction * interval.semitones)


# --- keys ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    """A key by its signature (``fifths``: -7 flats .. +7 sharps) and mode."""

    fifths: int
    minor: bool = False

    @property
    def tonic(self) -> Pitch:
        """Tonic in octave 4 (letter and alteration are what matter)."""
        step = (4 * self.fifths + (5 if self.minor else 0)) % 7
        pc = (7 * self.fifths + (9 if self.minor else 0)) % 12
        alter = (pc - STEP_SEMITONES[step] + 6) % 12 - 6
        return Pitch(step, alter, 4)

    @property
    def name(self) -> str:
        """``Eb`` for E-flat major, ``c#`` for C-sharp minor (the ``key:`` tag spelling)."""
        n = self.tonic.pc_name
        return n.lower() if self.minor else n

    @property
    def title(self) -> str:
        """``E♭ major``, ``C♯ minor``."""
        return f"{self.tonic.pretty_pc} {'minor' if self.minor else 'major'}"

    def alter_of(self, step: int) -> int:
        """The signature's alteration of a letter step."""
        if self.fifths > 0:
            return 1 if step in SHARP_ORDER[: self.fifths] else 0
        if self.fifths < 0:
            return -1 if step in FLAT_ORDER[: -self.fifths] else 0
        return 0

    @property
    def signature_words(self) -> str:
        """``3 flats``, ``1 sharp``, ``no sharps or flats``."""
        n = abs(self.fifths)
        if n == 0:
            return "no sharps or flats"
        kind = "sharp" if self.fifths > 0 else "flat"
        return f"{n} {kind}{'s' if n > 1 else ''}"

    @property
    def signature_pitches(self) -> tuple[str, ...]:
        """The signature's accidentals in order, ASCII: ``('Bb', 'Eb', 'Ab')``."""
        order = SHARP_ORDER if self.fifths > 0 else FLAT_ORDER
        sign = 1 if self.fifths > 0 else -1
        return tuple(STEPS[s] + ASCII_ACCIDENTALS[sign] for s in order[: abs(self.fifths)])


def key_from_name(text: str) -> Key:
    """``Key`` from a name such as ``Eb`` (major), ``c#`` or ``C#m`` (minor). Raises ValueError."""
    t = text.strip()
    minor = t.endswith("m") and len(t) > 1 and t[:-1] != "" and t[-1] == "m"
    if minor:
        t = t[:-1]
    elif t[:1].islower():
        minor = True
    letter = t[:1].upper()
    if letter not in STEPS:
        raise ValueError(f"{text!r} is not a key name such as G, Eb, F# or c#")
    rest = t[1:]
    alter = {"": 0, "#": 1, "b": -1}.get(rest)
    if alter is None:
        raise ValueError(f"{text!r} is not a key name such as G, Eb, F# or c#")
    for fifths in range(-7, 8):
        k = Key(fifths, minor)
        if k.tonic.step == STEPS.index(letter) and k.tonic.alter == alter:
            return k
    raise ValueError(f"{text!r} has no key signature of seven sharps or flats or fewer")


MAJOR_KEYS = tuple(Key(f) for f in range(-7, 8))
MINOR_KEYS = tuple(Key(f, True) for f in range(-7, 8))


# --- scales ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScaleType:
    """A scale as (letter steps, semitones) above the tonic per degree, ascending, tonic excluded at the top."""

    name: str
    title: str
    steps: tuple[int, ...]
    semitones: tuple[int, ...]
    tag: str
    #: False where spelling conventions differ (chromatic, whole-tone, blues): answers are checked by pitch.
    fixed_spelling: bool = True


SCALE_TYPES: dict[str, ScaleType] = {
    s.name: s
    for s in (
        ScaleType("major", "major (Ionian)", (0, 1, 2, 3, 4, 5, 6), (0, 2, 4, 5, 7, 9, 11), "major"),
        ScaleType("natural-minor", "natural minor (Aeolian)", (0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 5, 7, 8, 10), "minor"),
        ScaleType("harmonic-minor", "harmonic minor", (0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 5, 7, 8, 11), "harmonic-minor"),
        ScaleType("melodic-minor", "melodic minor (ascending)", (0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 5, 7, 9, 11),
                  "melodic-minor"),
        ScaleType("dorian", "Dorian", (0, 1, 2, 3, 4, 5, 6), (0, 2, 3, 5, 7, 9, 10), "dorian"),
        ScaleType("phrygian", "Phrygian", (0, 1, 2, 3, 4, 5, 6), (0, 1, 3, 5, 7, 8, 10), "phrygian"),
        ScaleType("lydian", "Lydian", (0, 1, 2, 3, 4, 5, 6), (0, 2, 4, 6, 7, 9, 11), "lydian"),
        ScaleType("mixolydian", "Mixolydian", (0, 1, 2, 3, 4, 5, 6), (0, 2, 4, 5, 7, 9, 10), "mixolydian"),
        ScaleType("locrian", "Locrian", (0, 1, 2, 3, 4, 5, 6), (0, 1, 3, 5, 6, 8, 10), "locrian"),
        ScaleType("major-pentatonic", "major pentatonic", (0, 1, 2, 4, 5), (0, 2, 4, 7, 9), "major-pentatonic"),
        ScaleType("minor-pentatonic", "minor pentatonic", (0, 2, 3, 4, 6), (0, 3, 5, 7, 10), "minor-pentatonic"),
        # Melodic chromatic spelling: raise the major-scale degrees going up.
        ScaleType("chromatic", "chromatic", (0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5, 6),
                  (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), "chromatic", False),
        ScaleType("whole-tone", "whole-tone", (0, 1, 2, 3, 4, 5), (0, 2, 4, 6, 8, 10), "whole-tone", False),
        ScaleType("blues", "blues", (0, 2, 3, 3, 4, 6), (0, 3, 5, 6, 7, 10), "blues", False),
    )
}


def scale_pitches(tonic: Pitch, scale: ScaleType, *, with_octave: bool = True) -> tuple[Pitch, ...] | None:
    """The ascending scale from ``tonic`` (plus the tonic an octave up); None if a degree needs a triple accidental."""
    out = []
    for step, semi in zip(scale.steps, scale.semitones, strict=True):
        p = spell(tonic.diatonic + step, tonic.midi + semi)
        if p is None:
            return None
        out.append(p)
    if with_octave:
        out.append(Pitch(tonic.step, tonic.alter, tonic.octave + 1))
    return tuple(out)


# --- chords ----------------------------------------------------------------


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
