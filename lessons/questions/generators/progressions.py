"""Progressions for harmony questions: cadences with varied approaches, voiced in four parts.

A progression is a list of Roman numerals written for a major key; :func:`in_mode` turns it
into the minor-key numerals (``ii6`` -> ``ii°6``). :func:`voiced` realises it with
:func:`music.realize.realize`, so every chord keeps its inversion in every key.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence

from music.harmony import Harmony, roman
from music.key import Key
from music.partwriting import Voicing
from music.realize import realize

from ..model import AudioSpec, Notation, NoteEvent
from .common import InvalidParams, choose

CADENCE_KINDS = ("authentic", "perfect-authentic", "imperfect-authentic", "half", "phrygian", "plagal", "deceptive")
CADENCE_TITLES = {
    "authentic": "authentic (V–I)", "perfect-authentic": "perfect authentic (PAC)",
    "imperfect-authentic": "imperfect authentic (IAC)", "half": "half (ends on V)",
    "phrygian": "Phrygian half (iv6–V in minor)", "plagal": "plagal (IV–I)", "deceptive": "deceptive (V–vi)",
}
CADENCE_WHY = {
    "authentic": "V goes to I",
    "perfect-authentic": "V goes to I, both in root position, with the tonic in the soprano",
    "imperfect-authentic": "V (or vii°) goes to I, but an inversion or a soprano off the tonic weakens it",
    "half": "the phrase stops on V",
    "phrygian": "iv6 goes to V in minor: the bass falls a half step to the dominant",
    "plagal": "IV goes to I",
    "deceptive": "V goes to vi instead of I",
}
#: Phrase openings that set the key; none of them hints at the cadence to come.
OPENERS: tuple[tuple[str, ...], ...] = (
    ("I",), ("I", "vi"), ("I", "IV"), ("I", "I6"), ("I", "V6", "I"), ("I", "V43", "I6"), ("I", "vi", "I6"),
    ("I", "IV", "I"),
)
#: What leads into the dominant.
PREDOMINANTS: tuple[tuple[str, ...], ...] = (
    ("IV",), ("ii6",), ("ii",), ("ii65",), ("IV", "I64"), ("ii6", "I64"), ("vi", "ii6"), ("IV6",),
)
MINOR_NUMERALS = {
    "I": "i", "I6": "i6", "I64": "i64", "IV": "iv", "IV6": "iv6", "ii": "iv", "ii6": "ii°6", "ii65": "iiø65",
    "vi": "VI", "iii": "III",
}


def in_mode(figures: Sequence[str], key: Key) -> list[str]:
    """Major-key numerals as they read in ``key`` (unchanged in major)."""
    if not key.minor_family:
        return list(figures)
    return [MINOR_NUMERALS.get(f, f) for f in figures]


def cadence_figures(rng: random.Random, kind: str, key: Key) -> tuple[list[str], int | None]:
    """A phrase ending in cadence ``kind``, and the chord member the last soprano note must be (or None)."""
    opener = list(choose(rng, OPENERS))
    pre = list(choose(rng, PREDOMINANTS))
    dominant = choose(rng, ("V", "V7"))
    soprano: int | None = None
    if kind == "perfect-authentic":
        figures, soprano = [*opener, *pre, dominant, "I"], 0
    elif kind == "imperfect-authentic":
        ending = choose(rng, (("V", "I"), ("V7", "I"), ("vii°6", "I"), ("V6", "I")))
        # An inverted dominant follows a tonic (VI to V6 in minor would be an augmented second).
        figures = [*opener, *pre, *ending] if ending[0] in ("V", "V7") else [*opener, "I", *ending]
        soprano = choose(rng, (1, 2)) if ending[0] in ("V", "V7") else None
    elif kind == "authentic":
        figures = [*opener, *pre, dominant, "I"]
    elif kind == "half":
        if key.minor_family and pre[-1] == "IV6":
            pre = ["IV"]  # iv6–V in minor is the Phrygian cadence, asked for by its own name
        # Straight from the opening to V only after a longer opening, so the second chord tells nothing.
        figures = [*opener, *pre, "V"] if rng.random() < 0.75 or len(opener) < 2 else [*opener, "V"]
    elif kind == "phrygian":
        if not key.minor_family:
            raise InvalidParams("cadences: a Phrygian cadence is iv6–V in a minor key; add a minor key")
        figures = [*opener, "IV6", "V"]
    elif kind == "plagal":
        # Often the "amen" after an authentic cadence; the phrase up to it is drawn like the others.
        lead = choose(rng, ((*pre, dominant, "I"), ("I",), ("vi", "I6")))
        figures = [*opener, *lead, "IV", "I"]
    elif kind == "deceptive":
        figures = [*opener, *pre, dominant, "vi"]
    else:
        raise InvalidParams(f"cadences: {kind!r} is not one of {', '.join(CADENCE_KINDS)}")
    return _no_repeats(in_mode(figures, key)), soprano


def _no_repeats(figures: list[str]) -> list[str]:
    out: list[str] = []
    for f in figures:
        if not out or out[-1] != f:
            out.append(f)
    return out


def voiced(figures: Sequence[str], key: Key, *, rng: random.Random | None = None,
           last_soprano: int | None = None) -> tuple[list[Harmony], list[Voicing]]:
    """The harmonies of ``figures`` in ``key`` and a voicing of each that keeps every part-writing rule.

    ``last_soprano`` asks for the last chord's soprano to be that chord member (0 root, 1 third, 2 fifth).
    """
    harmonies = [roman(f, key) for f in figures]
    soprano = {len(harmonies) - 1: last_soprano} if last_soprano is not None else None
    return harmonies, realize(harmonies, rng=rng, soprano=soprano)


def progression_audio(voicings: Sequence[Voicing], *, tempo_qpm: float = 80.0) -> AudioSpec:
    """The voicings as block chords, one a beat, the last held."""
    events = tuple((tuple(sorted(p.midi for p in v)), 2.0 if i == len(voicings) - 1 else 1.0)
                   for i, v in enumerate(voicings))
    return AudioSpec(events=events, tempo_qpm=tempo_qpm)


def grand_staff(voicings: Sequence[Voicing], key: Key, *, texts: Sequence[str] = (), highlight: Sequence[int] = (),
                marks: Collection[tuple[int, str]] = (), show_upper: bool = True, id_prefix: str = "q") -> Notation:
    """Four voices on a grand staff: soprano and alto above, tenor and bass below, a quarter each.

    ``texts`` are printed under the bass (figures or numerals); chords whose index is in
    ``highlight`` are coloured, and single notes named in ``marks`` as ``(chord index, voice)``;
    ``show_upper`` False leaves only the bass (a figured-bass exercise).
    """
    beats = len(voicings)
    upper: list[NoteEvent] = []
    lower: list[NoteEvent] = []
    for i, (s, a, t, b) in enumerate(voicings):
        mark = i in highlight
        up = tuple(j for j, v in enumerate(("alto", "soprano")) if (i, v) in marks)
        down = tuple(j for j, v in enumerate(("bass", "tenor")) if (i, v) in marks)
        upper.append(NoteEvent((a, s) if show_upper else (), "quarter", highlight=mark, marked=up if show_upper else ()))
        text = texts[i] if i < len(texts) else ""
        lower.append(NoteEvent((b, t) if show_upper else (b,), "quarter", highlight=mark, text=text, marked=down))
    return Notation(clef="treble", key_fifths=key.fifths, time=(beats, 4), show_time=False,
                    measures=(tuple(upper),), lower=(tuple(lower),), id_prefix=id_prefix)
