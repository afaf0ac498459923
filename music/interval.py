"""Spelled intervals, measured by letters: a quality and a number, and melodic moves with a direction.

:class:`Interval` is the interval between two spelled pitches, low to high
(``M10``, ``A4``); :class:`MelodicInterval` adds a direction, as drills and
skill tags write it (``+m6`` up a minor sixth, ``-P4`` down a fourth, ``M3``
either way):

>>> from music.pitch import parse_pitch
>>> c4, e5 = parse_pitch("C4"), parse_pitch("E5")
>>> interval_between(c4, e5).name, interval_between(c4, e5).words
('M10', 'major 10th')
>>> melodic_interval(e5, c4)
'-M10'
>>> parse_interval("+m6").semitones
8
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import MusicError
from .pitch import Pitch, spell

#: Semitones of the major or perfect interval on each simple generic size (index = number - 1).
BASE_SEMITONES = (0, 2, 4, 5, 7, 9, 11)
PERFECT_NUMBERS = frozenset({0, 3, 4})  # simple sizes 1, 4, 5 (index = number - 1)
PERFECT_OFFSETS = {"dd": -2, "d": -1, "P": 0, "A": 1, "AA": 2}
IMPERFECT_OFFSETS = {"dd": -3, "d": -2, "m": -1, "M": 0, "A": 1, "AA": 2}
QUALITY_WORDS = {"P": "perfect", "M": "major", "m": "minor", "A": "augmented", "d": "diminished",
                 "AA": "doubly augmented", "dd": "doubly diminished"}
NUMBER_WORDS = {1: "unison", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", 6: "6th", 7: "7th", 8: "octave",
                9: "9th", 10: "10th", 11: "11th", 12: "12th", 13: "13th", 14: "14th", 15: "double octave"}
#: Numbers written out, for sentences ("ascending minor sixth").
NUMBER_NAMES = {1: "unison", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
                8: "octave", 9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth"}
#: The qualities a melodic interval may have (doubly augmented and diminished moves are not drilled).
MELODIC_QUALITIES = frozenset({"P", "M", "m", "A", "d"})

_MELODIC_RE = re.compile(r"^([+-]?)(P|M|m|A|d)(\d{1,2})$")


def _offsets(number: int) -> dict[str, int]:
    return PERFECT_OFFSETS if (number - 1) % 7 in PERFECT_NUMBERS else IMPERFECT_OFFSETS


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
        return BASE_SEMITONES[idx] + 12 * octaves + _offsets(self.number)[self.quality]

    @property
    def inverted(self) -> Interval:
        """The inversion of the simple interval (M3 -> m6, A4 -> d5, P8 -> P1).

        >>> Interval("M", 3).inverted.name, Interval("A", 4).inverted.name
        ('m6', 'd5')
        """
        swap = {"P": "P", "M": "m", "m": "M", "A": "d", "d": "A", "AA": "dd", "dd": "AA"}
        n = self.simple.number
        return Interval(swap[self.quality], 9 - n if n <= 8 else n)


def valid_interval(quality: str, number: int) -> bool:
    """True when ``quality`` fits ``number`` (no perfect third, no major fifth) and it does not go down.

    >>> valid_interval("M", 3), valid_interval("P", 3), valid_interval("d", 1)
    (True, False, False)
    """
    if number < 1 or quality not in _offsets(number):
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
    for quality, offset in _offsets(generic + 1).items():
        if offset == diff:
            return Interval(quality, generic + 1)
    return None


def transpose(p: Pitch, interval: Interval, *, direction: int = 1) -> Pitch | None:
    """``p`` moved by ``interval`` up (``direction=1``) or down (-1); None beyond a double accidental.

    >>> from music.pitch import parse_pitch
    >>> transpose(parse_pitch("F#4"), Interval("m", 3)).name
    'A4'
    """
    return spell(p.diatonic + direction * (interval.number - 1), p.midi + direction * interval.semitones)


@dataclass(frozen=True, slots=True)
class MelodicInterval:
    """An interval with a direction: ``direction`` is +1 (up), -1 (down) or 0 (either way).

    ``semitones`` and ``steps`` (letter steps, ``number - 1``) are signed; a
    move that may go either way counts as upward.
    """

    interval: Interval
    direction: int

    @property
    def name(self) -> str:
        """``+m6``, ``-P4``, or ``M3`` when either direction will do."""
        return {1: "+", -1: "-", 0: ""}[self.direction] + self.interval.name

    @property
    def signed(self) -> bool:
        return self.direction != 0

    @property
    def semitones(self) -> int:
        return (-1 if self.direction < 0 else 1) * self.interval.semitones

    @property
    def steps(self) -> int:
        return (-1 if self.direction < 0 else 1) * (self.interval.number - 1)

    def matches(self, a: Pitch, b: Pitch) -> bool:
        """True when the move ``a -> b`` is this interval (either direction when unsigned).

        >>> from music.pitch import parse_pitch
        >>> parse_interval("M3").matches(parse_pitch("E4"), parse_pitch("C4"))
        True
        >>> parse_interval("+M3").matches(parse_pitch("E4"), parse_pitch("C4"))
        False
        """
        semis, steps = b.midi - a.midi, b.diatonic - a.diatonic
        if self.signed:
            return semis == self.semitones and steps == self.steps
        return abs(semis) == abs(self.semitones) and abs(steps) == abs(self.steps) and semis * steps >= 0


def parse_interval(text: str) -> MelodicInterval:
    """Read ``"+m6"``, ``"-P4"`` or ``"M3"`` (either direction), up to two octaves; raises :class:`MusicError`.

    >>> parse_interval("-P4").steps, parse_interval("-P4").semitones
    (-3, -5)
    >>> parse_interval("P3")
    Traceback (most recent call last):
    music.errors.MusicError: interval: 'P3' has no such quality (perfect intervals are P, A or d)
    """
    m = _MELODIC_RE.match(text.strip())
    if not m:
        raise MusicError(f"interval: {text!r} is not an interval such as +m6, -P4 or M3")
    sign_text, quality, number_text = m.groups()
    number = int(number_text)
    if not 1 <= number <= 15:
        raise MusicError(f"interval: {text!r} is larger than two octaves")
    if quality not in _offsets(number):
        raise MusicError(f"interval: {text!r} has no such quality (perfect intervals are P, A or d)")
    if not valid_interval(quality, number):
        raise MusicError(f"interval: {text!r} is not a real interval")
    return MelodicInterval(Interval(quality, number), {"+": 1, "-": -1, "": 0}[sign_text])


def melodic_interval(a: Pitch, b: Pitch) -> str | None:
    """The signed name of the move ``a -> b`` by spelling (``"+M3"``, ``"-P4"``, ``"P1"``).

    None when the spelling gives no quality up to augmented or diminished
    (a doubly augmented fourth is not a move a drill or a skill tag names).

    >>> from music.pitch import parse_pitch
    >>> g4 = parse_pitch("G4")
    >>> melodic_interval(g4, parse_pitch("F#4")), melodic_interval(g4, g4)
    ('-m2', 'P1')
    >>> melodic_interval(parse_pitch("C4"), parse_pitch("F##4")) is None
    True
    """
    steps = b.diatonic - a.diatonic
    semis = b.midi - a.midi
    if steps == 0 and semis == 0:
        return "P1"
    number = abs(steps) + 1
    idx, octaves = (number - 1) % 7, (number - 1) // 7
    diff = abs(semis) - (BASE_SEMITONES[idx] + 12 * octaves)
    quality = next((q for q, offset in _offsets(number).items() if offset == diff and q in MELODIC_QUALITIES), None)
    if quality is None:
        return None
    sign = "+" if (steps > 0 or (steps == 0 and semis > 0)) else "-"
    return f"{sign}{quality}{number}"
