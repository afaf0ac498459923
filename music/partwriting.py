"""Four-part writing checked by the common-practice rules of a first-year course (Kostka–Payne).

A progression is a list of :class:`~music.harmony.Harmony` and, for each, a voicing: the four
voices' pitches, soprano first. :func:`check_part_writing` returns every fault it finds, each
with a one-line reason and the notes it concerns, so a staff can mark them.

>>> from music.key import make_key
>>> from music.harmony import roman
>>> from music.pitch import parse_pitch
>>> key = make_key("C")
>>> chords = [roman("I", key), roman("ii", key)]
>>> voicings = [tuple(map(parse_pitch, "G4 E4 C4 C3".split())), tuple(map(parse_pitch, "A4 F4 D4 D3".split()))]
>>> for e in check_part_writing(chords, voicings):
...     print(e.rule, e.voices, e.reason)
parallel-fifths ('soprano', 'tenor') Chords 1–2: Parallel fifths between soprano and tenor (G4/C4 to A4/D4).
parallel-fifths ('soprano', 'bass') Chords 1–2: Parallel fifths between soprano and bass (G4/C3 to A4/D3).
parallel-octaves ('tenor', 'bass') Chords 1–2: Parallel octaves between tenor and bass (C4/C3 to D4/D3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import MusicError
from .harmony import Harmony
from .interval import interval_between
from .pitch import Pitch, parse_pitch

VOICES = ("soprano", "alto", "tenor", "bass")
#: Each voice's range, lowest and highest note (Kostka–Payne's, a step wider at the top of the bass).
RANGES = {"soprano": (parse_pitch("C4"), parse_pitch("G5")), "alto": (parse_pitch("G3"), parse_pitch("D5")),
          "tenor": (parse_pitch("C3"), parse_pitch("G4")), "bass": (parse_pitch("E2"), parse_pitch("D4"))}
#: Largest distance between neighbouring upper voices, in semitones (an octave).
MAX_UPPER_SPACING = 12
#: A soprano move larger than this (semitones) is a leap: hidden fifths and octaves need a step.
STEP_SEMITONES = 2
MEMBER_NAMES = ("root", "third", "fifth", "seventh")
Voicing = tuple[Pitch, Pitch, Pitch, Pitch]


@dataclass(frozen=True, slots=True)
class PartWritingError:
    """One fault: ``rule`` (a slug such as ``parallel-fifths``), the chords (0-based) and voices
    concerned, the notes to mark (``(chord index, voice)`` pairs) and a one-line ``reason``."""

    rule: str
    chords: tuple[int, ...]
    voices: tuple[str, ...]
    notes: tuple[tuple[int, str], ...]
    reason: str


RULES = ("range", "crossing", "spacing", "chord-tone", "bass", "incomplete", "doubling", "parallel-fifths",
         "parallel-octaves", "hidden-fifths", "hidden-octaves", "leading-tone", "seventh", "augmented-second")


def check_part_writing(harmonies: Sequence[Harmony], voicings: Sequence[Sequence[Pitch]]) -> list[PartWritingError]:
    """Every fault in ``voicings`` (soprano, alto, tenor, bass per chord) against ``harmonies``.

    Chord by chord: ranges, voice crossing, spacing of the upper voices, notes outside the chord,
    the bass against the numeral or figure, missing members, doubling (no doubled leading tone or
    seventh; the bass doubled in a 6/4; no doubled third in a root-position I, IV or V). Chord to
    chord: parallel (and contrary) fifths and octaves in any two voices, hidden fifths and octaves
    in the outer voices, the leading tone rising to the tonic, the seventh falling by step, and
    augmented seconds. Raises :class:`MusicError` when the counts do not match.
    """
    if len(harmonies) != len(voicings):
        raise MusicError(f"part writing: {len(harmonies)} chords but {len(voicings)} voicings")
    errors: list[PartWritingError] = []
    for i, (h, v) in enumerate(zip(harmonies, voicings, strict=True)):
        if len(v) != 4:
            raise MusicError(f"part writing: chord {i + 1} has {len(v)} voices, not four")
        errors += chord_errors(i, h, tuple(v))  # type: ignore[arg-type]
    for i in range(len(harmonies) - 1):
        errors += motion_errors(i, harmonies[i], harmonies[i + 1], tuple(voicings[i]), tuple(voicings[i + 1]))  # type: ignore[arg-type]
    return errors


def _names(notes: Sequence[Pitch]) -> str:
    return " ".join(p.pretty for p in notes)


def chord_errors(i: int, h: Harmony, v: Voicing) -> list[PartWritingError]:
    """The faults of one voicing ``v`` (soprano first) of chord ``i``."""
    out: list[PartWritingError] = []
    n = i + 1

    def add(rule: str, voices: Sequence[str], reason: str) -> None:
        out.append(PartWritingError(rule, (i,), tuple(voices), tuple((i, x) for x in voices), reason))

    for voice, p in zip(VOICES, v, strict=True):
        low, high = RANGES[voice]
        if not low.midi <= p.midi <= high.midi:
            add("range", [voice], f"Chord {n}: the {voice}'s {p.pretty} is outside its range {low.pretty}–{high.pretty}.")
    for upper, lower in zip(range(3), range(1, 4), strict=True):
        if v[lower].midi > v[upper].midi:
            add("crossing", [VOICES[upper], VOICES[lower]],
                f"Chord {n}: the {VOICES[lower]} ({v[lower].pretty}) crosses above the {VOICES[upper]} "
                f"({v[upper].pretty}).")
    for upper, lower in ((0, 1), (1, 2)):
        if v[upper].midi - v[lower].midi > MAX_UPPER_SPACING:
            add("spacing", [VOICES[upper], VOICES[lower]],
                f"Chord {n}: more than an octave between {VOICES[upper]} and {VOICES[lower]} "
                f"({v[upper].pretty}–{v[lower].pretty}).")
    members = [h.member(p.pc) for p in v]
    strangers = [VOICES[j] for j, m in enumerate(members) if m is None]
    for voice in strangers:
        p = v[VOICES.index(voice)]
        add("chord-tone", [voice], f"Chord {n} ({h.label}): the {voice}'s {p.pretty} is not in the chord "
                                   f"({' '.join(t.pretty_pc for t in h.tones)}).")
    bass_member = members[3]
    if bass_member is not None and bass_member != h.inversion:
        add("bass", ["bass"], f"Chord {n} ({h.label}): the bass {v[3].pretty} is the {MEMBER_NAMES[bass_member]}; "
                              f"the figure asks for the {MEMBER_NAMES[h.inversion]} ({h.bass.pretty_pc}) in the bass.")
    if strangers:
        return out  # doubling and completeness mean little with a wrong note in the chord
    present = set(members)
    missing = [m for m in range(len(h.tones)) if m not in present and not (m == 2 and h.inversion == 0)]
    for m in missing:
        add("incomplete", [], f"Chord {n} ({h.label}): the {MEMBER_NAMES[m]} ({h.tones[m].pretty_pc}) is missing.")
    counts = {m: members.count(m) for m in present}
    if h.leading_tone is not None and h.member(h.leading_tone.pc) is not None \
            and counts.get(h.member(h.leading_tone.pc), 0) > 1:
        lt = h.member(h.leading_tone.pc)
        add("doubling", [VOICES[j] for j, m in enumerate(members) if m == lt],
            f"Chord {n} ({h.label}): the leading tone {h.leading_tone.pretty_pc} is doubled; it has one way to go.")
    if h.seventh is not None and counts.get(3, 0) > 1:
        add("doubling", [VOICES[j] for j, m in enumerate(members) if m == 3],
            f"Chord {n} ({h.label}): the seventh {h.seventh.pretty_pc} is doubled; both would have to fall.")
    if h.seventh is None and h.inversion == 2 and counts.get(2, 0) < 2:
        add("doubling", ["bass"], f"Chord {n} ({h.label}): in a 6/4 chord double the bass ({h.bass.pretty_pc}).")
    third_is_leading_tone = h.leading_tone is not None and h.tones[1].pc == h.leading_tone.pc
    if h.seventh is None and h.inversion == 0 and h.quality.name == "maj" and h.degree in (0, 3, 4) \
            and counts.get(1, 0) > 1 and not third_is_leading_tone:  # a doubled leading tone is said above
        add("doubling", [VOICES[j] for j, m in enumerate(members) if m == 1],
            f"Chord {n} ({h.label}): the third of a root-position major triad is doubled; double the root.")
    return out


def motion_errors(i: int, h1: Harmony, h2: Harmony, v1: Voicing, v2: Voicing) -> list[PartWritingError]:
    """The faults in the move from chord ``i`` (voicing ``v1``) to chord ``i + 1`` (``v2``)."""
    out: list[PartWritingError] = []
    a, b = i + 1, i + 2

    def add(rule: str, voices: Sequence[str], reason: str) -> None:
        notes = tuple((c, x) for c in (i, i + 1) for x in voices)
        out.append(PartWritingError(rule, (i, i + 1), tuple(voices), notes, reason))

    m1, m2 = [p.midi for p in v1], [p.midi for p in v2]
    for up in range(3):
        for low in range(up + 1, 4):
            if m1[up] == m2[up] or m1[low] == m2[low]:
                continue  # one voice holds: oblique motion
            d1, d2 = m1[up] - m1[low], m2[up] - m2[low]
            if d1 < 0 or d2 < 0 or d1 % 12 != d2 % 12 or d1 % 12 not in (0, 7):
                continue  # crossed voices are marked as crossing
            p1, q1, p2, q2 = v1[up], v1[low], v2[up], v2[low]
            contrary = (m2[up] - m1[up]) * (m2[low] - m1[low]) < 0
            kind = "Contrary" if contrary else "Parallel"
            rule, word = ("parallel-fifths", "fifths") if d1 % 12 == 7 else ("parallel-octaves", "octaves")
            if d1 == 0 and d2 == 0:
                word = "unisons"
            add(rule, [VOICES[up], VOICES[low]],
                f"Chords {a}–{b}: {kind} {word} between {VOICES[up]} and "
                f"{VOICES[low]} ({p1.pretty}/{q1.pretty} to {p2.pretty}/{q2.pretty}).")
    s1, s2, b2 = v1[0], v2[0], v2[3]
    similar = (m2[0] - m1[0]) * (m2[3] - m1[3]) > 0
    if similar and abs(m2[0] - m1[0]) > STEP_SEMITONES:
        arrive, before = (m2[0] - m2[3]) % 12, (m1[0] - m1[3]) % 12
        for size, rule, word in ((7, "hidden-fifths", "fifth"), (0, "hidden-octaves", "octave")):
            if arrive == size and before != size:
                add(rule, ["soprano", "bass"],
                    f"Chords {a}–{b}: hidden {word} in the outer voices: soprano leaps {s1.pretty}–{s2.pretty} "
                    f"while the bass moves the same way to {b2.pretty}.")
    if h1.root.pc != h2.root.pc or h1.quality != h2.quality:
        out += _resolution_errors(i, h1, h2, v1, v2)
    for j, voice in enumerate(VOICES):
        if abs(m1[j] - m2[j]) != 3:
            continue  # an augmented second spans three semitones
        lo, hi = (v1[j], v2[j]) if m1[j] < m2[j] else (v2[j], v1[j])
        iv = interval_between(lo, hi)
        if iv is not None and iv.name == "A2":
            add("augmented-second", [voice], f"Chords {a}–{b}: the {voice} moves by an augmented second "
                                             f"({v1[j].pretty}–{v2[j].pretty}).")
    return out


def _resolution_errors(i: int, h1: Harmony, h2: Harmony, v1: Voicing, v2: Voicing) -> list[PartWritingError]:
    out: list[PartWritingError] = []
    a, b = i + 1, i + 2
    goal = h1.resolves_to
    if h1.leading_tone is not None and goal is not None and h2.member(goal.pc) is not None:
        for j, voice in enumerate(VOICES):
            p, q = v1[j], v2[j]
            if p.pc != h1.leading_tone.pc:
                continue
            rises = q.midi - p.midi == 1
            # An inner voice of V(7) may fall to the fifth of the tonic (the "frustrated" leading tone).
            frustrated = (voice in ("alto", "tenor") and h1.quality.name in ("maj", "dom7") and h2.inversion == 0
                          and h2.member(q.pc) == 2 and 0 < p.midi - q.midi <= 4)
            if not rises and not frustrated:
                out.append(PartWritingError(
                    "leading-tone", (i, i + 1), (voice,), ((i, voice), (i + 1, voice)),
                    f"Chords {a}–{b}: the leading tone {p.pretty} in the {voice} goes to {q.pretty}; "
                    f"it should rise to {goal.pretty_pc}."))
    seventh = h1.seventh
    if seventh is not None:
        for j, voice in enumerate(VOICES):
            p, q = v1[j], v2[j]
            if p.pc != seventh.pc:
                continue
            falls = 0 < p.midi - q.midi <= 2 and p.diatonic - q.diatonic == 1
            # V4/3 to I6 may carry the seventh up by step in parallel tenths with the bass.
            rising_43 = (h1.inversion == 2 and q.midi - p.midi in (1, 2) and v2[3].midi - v1[3].midi in (1, 2)
                         and q.diatonic - p.diatonic == 1)
            if not falls and not rising_43:
                out.append(PartWritingError(
                    "seventh", (i, i + 1), (voice,), ((i, voice), (i + 1, voice)),
                    f"Chords {a}–{b}: the seventh {p.pretty} in the {voice} goes to {q.pretty}; it should fall by step."))
    return out
