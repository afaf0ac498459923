"""Harmony in a key: Roman numerals with inversion figures and secondary functions, figured bass.

A :class:`Harmony` is one chord of a progression as part-writing sees it: its tones spelled
root first, which member is in the bass, and what the rules need to know (its seventh, the
leading tone it carries, whether it is a dominant and which tonic it resolves to).

>>> from music.key import make_key
>>> h = roman("V65/V", make_key("C"))
>>> [p.pc_name for p in h.tones], h.inversion, h.bass.pc_name
(['D', 'F#', 'A', 'C'], 1, 'F#')
>>> [p.pc_name for p in roman("vii°7", make_key("A", "minor")).tones]
['G#', 'B', 'D', 'F']
>>> [p.pc_name for p in figured(parse_pitch("D3"), "6", make_key("C")).tones]
['B', 'D', 'F']
>>> roman("V/I9", make_key("C"))
Traceback (most recent call last):
music.errors.MusicError: roman numeral: 'V/I9' is not a numeral such as V, ii6, V65/V or vii°7
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chord import CHORD_TYPES, ChordType, chord_quality, chord_tones
from .errors import MusicError
from .interval import Interval, transpose
from .key import Key
from .pitch import Pitch, parse_pitch, spell
from .scale import SCALE_TYPES, scale_pitches

_NUMERALS = ("vii", "vi", "iv", "v", "iii", "ii", "i")
_DEGREE = {"i": 0, "ii": 1, "iii": 2, "iv": 3, "v": 4, "vi": 5, "vii": 6}
#: Inversion figures: figure -> (inversion, has a seventh).
FIGURES = {"": (0, False), "6": (1, False), "64": (2, False), "7": (0, True), "65": (1, True), "43": (2, True),
           "42": (3, True), "2": (3, True)}
_ROMAN_RE = re.compile(
    r"^(?P<acc>b|#|♭|♯)?(?P<num>VII|VI|IV|V|III|II|I|vii|vi|iv|v|iii|ii|i)(?P<q>°|o|ø|\+)?"
    r"(?P<fig>64|65|43|42|6|7|2)?(?:/(?P<of>[ivIV]+))?$")
NUMERAL_NAMES = ("I", "II", "III", "IV", "V", "VI", "VII")


@dataclass(frozen=True, slots=True)
class Harmony:
    """One chord in a key: ``tones`` root first (octave 4, only letters and accidentals matter).

    ``inversion`` is the chord member in the bass (0 root .. 3 seventh); ``leading_tone`` the
    note that must rise to ``resolves_to`` (a tonic) when the chord is a dominant (V, vii° or a
    secondary of either), else None; ``label`` the numeral or figure as written.
    """

    label: str
    key: Key
    tones: tuple[Pitch, ...]
    inversion: int
    quality: ChordType
    degree: int  # 0..6 above the (tonicised) key's tonic; the root's degree
    leading_tone: Pitch | None = None
    resolves_to: Pitch | None = None

    @property
    def bass(self) -> Pitch:
        return self.tones[self.inversion]

    @property
    def seventh(self) -> Pitch | None:
        return self.tones[3] if len(self.tones) == 4 else None

    @property
    def root(self) -> Pitch:
        return self.tones[0]

    @property
    def pcs(self) -> tuple[int, ...]:
        return tuple(t.pc for t in self.tones)

    def member(self, pc: int) -> int | None:
        """0 root, 1 third, 2 fifth, 3 seventh for a pitch class of the chord; None otherwise."""
        pcs = self.pcs
        return pcs.index(pc % 12) if pc % 12 in pcs else None


def _scale(key: Key) -> tuple[Pitch, ...]:
    scale = scale_pitches(key.tonic_pitch, SCALE_TYPES["natural-minor" if key.minor_family else "major"],
                          with_octave=False)
    if scale is None:
        raise MusicError(f"key: {key.label} needs triple accidentals")
    return scale


def _quality(numeral: str, symbol: str | None, seventh: bool, dominant: bool) -> ChordType:
    upper = numeral.isupper()
    if symbol in ("°", "o"):
        name = "dim7" if seventh else "dim"
    elif symbol == "ø":
        name = "hdim7"
    elif symbol == "+":
        name = "aug"
    elif upper:
        name = ("dom7" if dominant else "maj7") if seventh else "maj"
    else:
        name = "min7" if seventh else "min"
    return CHORD_TYPES[name]


def roman(figure: str, key: Key) -> Harmony:
    """A Roman numeral in ``key``: ``V``, ``ii6``, ``I64``, ``V7``, ``vii°43``, ``viiø7``, ``V65/V``, ``vii°7/ii``.

    Case and ``°``/``ø``/``+`` give the quality; in minor the root of ``vii°`` is the raised
    seventh degree (and that of ``VII`` the lowered one), as music21 reads them. A ``/x``
    tonicises degree x (major when x is upper case). Raises :class:`MusicError`.
    """
    text = figure.strip().replace("o7", "°7")
    m = _ROMAN_RE.match(text)
    if not m or (m.group("q") == "ø" and m.group("fig") not in ("7", "65", "43", "42", "2")):
        raise MusicError(f"roman numeral: {figure!r} is not a numeral such as V, ii6, V65/V or vii°7")
    local = key
    if m.group("of"):
        target = m.group("of")
        if target.lower() not in _DEGREE or target.lower() in ("i", "vii"):
            raise MusicError(f"roman numeral: {figure!r} tonicises {target!r}; use ii, iii, IV, V or VI")
        tonic = _scale(key)[_DEGREE[target.lower()]]
        local = Key(tonic.pc_name, "major" if target.isupper() else "minor")
    numeral, symbol = m.group("num"), m.group("q")
    degree = _DEGREE[numeral.lower()]
    inversion, seventh = FIGURES[m.group("fig") or ""]
    dominant = degree == 4 and numeral.isupper() or degree == 6 and symbol in ("°", "o", "ø")
    if symbol == "ø" and not seventh:
        raise MusicError(f"roman numeral: {figure!r}: a half-diminished chord is a seventh chord")
    root = _scale(local)[degree]
    if local.minor_family and degree == 6 and not numeral.isupper():
        root = root.with_alter(root.alter + 1)  # vii° in minor stands on the leading tone
    accidental = m.group("acc")
    if accidental:
        root = root.with_alter(root.alter + (1 if accidental in "#♯" else -1))
    quality = _quality(numeral, symbol, seventh, dominant)
    tones = chord_tones(root, quality)
    if tones is None:
        raise MusicError(f"roman numeral: {figure!r} in {key.label} needs triple accidentals")
    leading_tone = resolves = None
    if dominant:
        resolves = local.tonic_pitch
        leading_tone = transpose(resolves, Interval("m", 2), direction=-1)
    return Harmony(label=text, key=key, tones=tones, inversion=inversion, quality=quality, degree=degree,
                   leading_tone=leading_tone, resolves_to=resolves)


#: Figured-bass figures: the generic intervals above the bass that each figure stands for.
FIGURE_INTERVALS = {"": (3, 5), "5": (3, 5), "53": (3, 5), "6": (3, 6), "63": (3, 6), "64": (4, 6), "7": (3, 5, 7),
                    "65": (3, 5, 6), "43": (3, 4, 6), "42": (2, 4, 6), "2": (2, 4, 6)}
_FIGURE_RE = re.compile(r"^(?P<acc>#|b|n)?(?P<fig>\d*)(?P<acc2>#|b|n)?$")


def figured(bass: Pitch, figure: str, key: Key) -> Harmony:
    """The chord a figured bass note stands for: the figure's intervals above ``bass``, diatonic in ``key``.

    A lone accidental (``#``, ``b``, ``n``) alters the third above the bass; one beside a figure
    (``#6``, ``6#``) alters that interval. In minor the leading tone is never implied: write ``#``.
    Raises :class:`MusicError` for an unknown figure or notes that are no triad or seventh chord.
    """
    m = _FIGURE_RE.match(figure.strip())
    if not m or (m.group("acc") and m.group("acc2")) or m.group("fig") not in FIGURE_INTERVALS:
        raise MusicError(f"figure: {figure!r} is not a figure such as 6, 64, 7, 65, 43, 42 or #")
    numbers = FIGURE_INTERVALS[m.group("fig")]
    accidental = m.group("acc") or m.group("acc2")
    # "#" alone alters the third; "#6" and "6#" alter the sixth.
    altered = int(m.group("fig")[0]) if m.group("fig") and accidental else 3
    scale = _scale(key)
    notes = [bass]
    for n in numbers:
        d = bass.diatonic + n - 1
        step = d % 7
        diatonic = next(p for p in scale if p.step == step)
        alter = diatonic.alter
        if accidental and n == altered:
            alter = {"#": diatonic.alter + 1, "b": diatonic.alter - 1, "n": 0}[accidental]
        notes.append(Pitch(step, alter, d // 7))
    return _from_notes(notes, key, label=figure.strip())


def _from_notes(notes: list[Pitch], key: Key, *, label: str) -> Harmony:
    """The chord of ``notes`` (bass first), stacked in thirds to find its root."""
    for inversion in range(len(notes)):
        root = notes[(len(notes) - inversion) % len(notes)]
        letters = [(root.step + 2 * i) % 7 for i in range(len(notes))]
        by_letter = {p.step: p for p in notes}
        if sorted(letters) != sorted(by_letter):
            continue
        tones = tuple(Pitch(by_letter[s].step, by_letter[s].alter, 4) for s in letters)
        quality = chord_quality(tones)
        if quality is None:
            raise MusicError(f"figure: {label!r} over {notes[0].pretty} gives "
                             f"{' '.join(p.pretty_pc for p in tones)}, no triad or seventh chord")
        inv = letters.index(notes[0].step)
        degree = (root.step - key.tonic_step) % 7
        leading_tone = resolves = None
        if quality.name in ("maj", "dom7") and (tones[1].pc - key.tonic_pc) % 12 == 11 or \
                quality.name in ("dim", "dim7", "hdim7") and (root.pc - key.tonic_pc) % 12 == 11:
            leading_tone = spell(key.tonic_pitch.diatonic - 1, key.tonic_pitch.midi - 1)
            resolves = key.tonic_pitch
        return Harmony(label=label, key=key, tones=tones, inversion=inv, quality=quality, degree=degree,
                       leading_tone=leading_tone, resolves_to=resolves)
    raise MusicError(f"figure: {label!r} over {notes[0].pretty} is not stacked in thirds")


def parse_pitches(text: str) -> tuple[Pitch, ...]:
    """``"C3 D3 G2"`` as pitches; raises :class:`MusicError`."""
    return tuple(parse_pitch(t) for t in text.split())
