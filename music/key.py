"""Keys: a tonic and a mode, their signature, and the pitches they spell.

>>> key = make_key("eb", "minor")
>>> key, key.name, key.title, key.fifths, key.signature_pitches
(Key(tonic='Eb', mode='minor'), 'eb', 'E♭ minor', -6, ('Bb', 'Eb', 'Ab', 'Db', 'Gb', 'Cb'))
>>> Key.from_fifths(3, minor=True)
Key(tonic='F#', mode='minor')
>>> [p.name for p in key_pitches(make_key("D", "major"), 60, 67)]
['C#4', 'D4', 'E4', 'F#4', 'G4']

A pentatonic mode has five degrees and the signature of its 宫 (the do of its five notes)::

>>> zhi = make_key("D", "zhi")
>>> zhi.fifths, zhi.host, [p.name for p in key_pitches(zhi, 62, 74)]
(1, Key(tonic='D', mode='mixolydian'), ['D4', 'E4', 'G4', 'A4', 'B4', 'D5'])
>>> make_key("A", "yu").fifths, make_key("A", "yu").degree_of_pc(0), make_key("A", "yu").degree_of_pc(11)
(0, 2, -1)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .errors import MusicError
from .pitch import (
    ASCII_ACCIDENTALS,
    STEP_SEMITONES,
    STEPS,
    Pitch,
    parse_pitch_class,
    spell_letter,
    tonic_name,
)
from .scale import HOST_MODES, MINOR_MODES, MODE_STEPS, MODE_TITLES, MODES, PENTATONIC_MODES

SHARP_ORDER = (3, 0, 4, 1, 5, 2, 6)  # F C G D A E B as letter steps
FLAT_ORDER = tuple(reversed(SHARP_ORDER))  # B E A D G C F
#: Fifths of each natural letter as a major tonic (C 0, G 1, ..., F -1).
_LETTER_FIFTHS = (0, 2, 4, -1, 1, 3, 5)
#: Where each mode's signature sits relative to the major key on the same tonic.
_MODE_FIFTHS = {"major": 0, "minor": -3, "harmonic-minor": -3, "melodic-minor": -3, "dorian": -2, "phrygian": -4,
                "lydian": 1, "mixolydian": -1, "aeolian": -3, "locrian": -5}


@dataclass(frozen=True, slots=True)
class Key:
    """A key: its ``tonic`` spelled without octave (``"Eb"``) and one of :data:`music.scale.MODES`.

    Build it with :func:`make_key` (which checks and normalises), :func:`key_from_name`
    (``"c#"``) or :meth:`from_fifths` (a signature).
    """

    tonic: str
    mode: str = "major"

    @classmethod
    def from_fifths(cls, fifths: int, *, minor: bool = False) -> Key:
        """The major (or minor) key whose signature has ``fifths`` sharps (negative: flats)."""
        step = (4 * fifths + (5 if minor else 0)) % 7
        pc = (7 * fifths + (9 if minor else 0)) % 12
        alter = (pc - STEP_SEMITONES[step] + 6) % 12 - 6
        return cls(STEPS[step] + ASCII_ACCIDENTALS[alter], "minor" if minor else "major")

    @property
    def tonic_step(self) -> int:
        return parse_pitch_class(self.tonic)[0]

    @property
    def tonic_pc(self) -> int:
        step, alter = parse_pitch_class(self.tonic)
        return (STEP_SEMITONES[step] + alter) % 12

    @property
    def tonic_pitch(self) -> Pitch:
        """The tonic in octave 4 (letter and alteration are what matter)."""
        return Pitch(*parse_pitch_class(self.tonic), 4)

    @property
    def pcs(self) -> tuple[int, ...]:
        """Pitch classes of the degrees (seven, or five in a pentatonic mode), tonic first."""
        return tuple((self.tonic_pc + s) % 12 for s in MODES[self.mode])

    @property
    def steps(self) -> tuple[int, ...]:
        """Letter steps (0 = C) of the degrees, tonic first, one per pitch class of :attr:`pcs`."""
        return tuple((self.tonic_step + d) % 7 for d in MODE_STEPS[self.mode])

    @property
    def pentatonic(self) -> bool:
        """True for the five-note modes (gong, shang, jue, zhi, yu; major and minor pentatonic)."""
        return self.mode in PENTATONIC_MODES

    @property
    def host(self) -> Key:
        """The seven-note key holding this key's notes under the same signature (itself when it has seven)."""
        return self if HOST_MODES[self.mode] == self.mode else Key(self.tonic, HOST_MODES[self.mode])

    @property
    def minor_family(self) -> bool:
        """True for modes whose third is minor (minor, dorian, phrygian, ...)."""
        return self.mode in MINOR_MODES

    def degree_of_pc(self, pc: int) -> int:
        """Degree 0..6 (counted in letters from the tonic, as :meth:`degree_of`) of a pitch class of the scale, or -1.

        A pentatonic mode's five degrees keep their letter numbers: in G gong, D is degree 4, not 3.
        """
        pcs = self.pcs
        return MODE_STEPS[self.mode][pcs.index(pc % 12)] if pc % 12 in pcs else -1

    def degree_of(self, pitch: Pitch) -> int:
        """Degree 0..6 of the pitch's letter (a raised or lowered note has its letter's degree)."""
        return (pitch.step - self.tonic_step) % 7

    @property
    def label(self) -> str:
        """``Eb major``, ``F# dorian``."""
        return f"{self.tonic} {self.mode}"

    @property
    def name(self) -> str:
        """``Eb`` for E-flat major, ``c#`` for C-sharp minor (the ``key:`` tag spelling)."""
        return self.tonic.lower() if self.minor_family else self.tonic

    @property
    def title(self) -> str:
        """``E♭ major``, ``C♯ minor``, ``D zhi pentatonic``."""
        return f"{self.tonic_pitch.pretty_pc} {MODE_TITLES.get(self.mode, self.mode)}"

    @property
    def fifths(self) -> int:
        """The signature: sharps (positive) or flats (negative)."""
        step, alter = parse_pitch_class(self.tonic)
        return _LETTER_FIFTHS[step] + 7 * alter + _MODE_FIFTHS[HOST_MODES[self.mode]]

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


def make_key(tonic: str, mode: str = "major") -> Key:
    """A checked key: ``make_key("e-", "dorian") == Key("Eb", "dorian")``; raises :class:`MusicError`."""
    if mode not in MODES:
        raise MusicError(f"mode: {mode!r} is not one of {', '.join(MODES)}")
    return Key(tonic=tonic_name(tonic), mode=mode)


def key_from_label(text: str) -> Key:
    """The inverse of :attr:`Key.label`: ``"G major"``, ``"f# dorian"``; the mode may be left out (major).

    >>> key_from_label("e- minor"), key_from_label("D")
    (Key(tonic='Eb', mode='minor'), Key(tonic='D', mode='major'))
    """
    parts = text.split()
    return make_key(parts[0] if parts else "C", parts[1] if len(parts) > 1 else "major")


def key_from_name(text: str) -> Key:
    """A major or minor key from a name such as ``Eb`` (major), ``c#`` or ``C#m`` (minor); raises :class:`MusicError`.

    >>> key_from_name("C#m"), key_from_name("bb").fifths
    (Key(tonic='C#', mode='minor'), -5)
    """
    t = text.strip()
    minor = t.endswith("m") and len(t) > 1 and t[:-1] != "" and t[-1] == "m"
    if minor:
        t = t[:-1]
    elif t[:1].islower():
        minor = True
    letter = t[:1].upper()
    if letter not in STEPS:
        raise MusicError(f"{text!r} is not a key name such as G, Eb, F# or c#")
    alter = {"": 0, "#": 1, "b": -1}.get(t[1:])
    if alter is None:
        raise MusicError(f"{text!r} is not a key name such as G, Eb, F# or c#")
    for fifths in range(-7, 8):
        k = Key.from_fifths(fifths, minor=minor)
        if k.tonic_pitch.step == STEPS.index(letter) and k.tonic_pitch.alter == alter:
            return k
    raise MusicError(f"{text!r} has no key signature of seven sharps or flats or fewer")


MAJOR_KEYS = tuple(Key.from_fifths(f) for f in range(-7, 8))
MINOR_KEYS = tuple(Key.from_fifths(f, minor=True) for f in range(-7, 8))


@lru_cache(maxsize=256)
def key_pitches(key: Key, low: int, high: int) -> tuple[Pitch, ...]:
    """The key's scale notes from MIDI ``low`` to ``high`` inclusive, spelled, low to high."""
    out: list[Pitch] = []
    for octave in range(-1, 10):
        for step, pc in zip(key.steps, key.pcs, strict=True):
            # The letter's octave can differ from the sounding octave (B#3 == C4).
            alter = (pc - STEP_SEMITONES[step]) % 12
            if alter > 6:
                alter -= 12
            p = Pitch(step, alter, octave)
            if low <= p.midi <= high:
                out.append(p)
    return tuple(sorted(out, key=lambda p: p.midi))


def raised_degrees(key: Key, low: int, high: int) -> tuple[Pitch, ...]:
    """Notes outside the scale that lead up a semitone to the next scale note (``#4`` to ``5``).

    These are the only accidentals a drill uses unless a target note asks for
    another; each resolves to the neighbour a semitone above.

    >>> [p.name for p in raised_degrees(make_key("C"), 60, 72)]
    ['C#4', 'D#4', 'F#4', 'G#4', 'A#4']
    """
    key = key.host  # a pentatonic key leads into its notes as the seven-note key of its signature does
    out = []
    for p in key_pitches(key, low - 2, high + 2):
        above = p.midi + 1
        if low <= above <= high and key.degree_of_pc(above) < 0 and key.degree_of_pc(above + 1) >= 0:
            q = spell_letter(above, p.step)
            if q is None or q.alter == 2 or q.pc_name in ("E#", "B#"):
                # E#/B# read badly: spell as the upper neighbour's letter lowered (F, C, or a flat).
                q = spell_letter(above, (p.step + 1) % 7)
            if q is not None:
                out.append(q)
    return tuple(out)
