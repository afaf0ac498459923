"""Four-part writing: realise a Roman-numeral progression or a figured bass; the checker grades it.

The student's answer is the four voices, soprano first, each a line of note names with octaves,
separated by ``|``: ``"C5 B4 C5 | G4 G4 G4 | E4 D4 E4 | C3 G2 C3"``. Over a figured bass the
bass is given and may be left out. Any voicing that keeps every rule is right; the model answer
is one of them (:func:`music.realize.realize`).
"""

from __future__ import annotations

import random
import re
from typing import Any

from music.errors import MusicError
from music.harmony import Harmony, figured, roman
from music.key import Key, key_from_name
from music.partwriting import PartWritingError, Voicing, check_part_writing
from music.pitch import Pitch, parse_pitch

from ..model import Notation, PartWritingTask
from .common import ALL_KEYS, ALL_MINOR_KEYS, DIFFICULTY, InvalidParams, Param, choose, keys_of
from .progressions import cadence_figures, grand_staff, voiced

SOURCES = ("roman", "figured")
PHRASE_ENDINGS = ("perfect-authentic", "half", "deceptive", "plagal")
#: Figures a bass note may carry, tried in this order to name a chord (accidentals alter the third or the interval).
FIGURE_SPELLINGS = ("", "6", "64", "7", "65", "43", "42", "#", "b", "n", "#6", "b6", "6#", "n6", "#7", "7#")
MAX_TRIES = 80


class VoicesMalformed(ValueError):
    """A voices answer that cannot be read; the message says why, for the student."""


def figure_for(h: Harmony, key: Key) -> str | None:
    """The figured-bass figure that gives ``h`` over its bass in ``key``, or None if none does."""
    for text in FIGURE_SPELLINGS:
        try:
            got = figured(h.bass, text, key)
        except MusicError:
            continue
        if got.pcs == h.pcs and got.inversion == h.inversion:
            return text
    return None


def task_harmonies(task: PartWritingTask) -> list[Harmony]:
    """The chords a task asks for."""
    key = key_from_name(task.key)
    if task.is_figured:
        return [figured(parse_pitch(b), f, key) for b, f in zip(task.bass, task.figures, strict=True)]
    return [roman(f, key) for f in task.figures]


def parse_voices(task: PartWritingTask, text: str) -> list[Voicing]:
    """The student's voices as a voicing per chord. Raises ``VoicesMalformed`` with a reason."""
    lines = [line.strip() for line in re.split(r"[|\n]", text.strip()) if line.strip()]
    n = len(task.figures)
    if task.is_figured and len(lines) == 3:
        lines.append(" ".join(task.bass))
    if len(lines) != 4:
        raise VoicesMalformed("Give four voices, soprano first, separated by '|': "
                              "e.g. C5 B4 C5 | G4 G4 G4 | E4 D4 E4 | C3 G2 C3"
                              + (" (the bass may be left out: it is given)" if task.is_figured else "") + ".")
    voices: list[list[Pitch]] = []
    for name, line in zip(("soprano", "alto", "tenor", "bass"), lines, strict=True):
        tokens = line.replace(",", " ").split()
        if len(tokens) != n:
            raise VoicesMalformed(f"The {name} has {len(tokens)} notes; give {n}, one per chord.")
        try:
            voices.append([parse_pitch(t.replace("♯", "#").replace("♭", "b")) for t in tokens])
        except MusicError:
            raise VoicesMalformed(f"The {name} has a note that is not a pitch with an octave, such as F#4 or "
                                  "Bb3.") from None
    return [(voices[0][i], voices[1][i], voices[2][i], voices[3][i]) for i in range(n)]


def grade_voices(task: PartWritingTask, text: str) -> tuple[list[Voicing], list[PartWritingError]]:
    """The student's voicings and every fault the checker finds in them."""
    voicings = parse_voices(task, text)
    return voicings, check_part_writing(task_harmonies(task), voicings)


def marked_notation(task: PartWritingTask, voicings: list[Voicing], errors: list[PartWritingError]) -> Notation:
    """The student's voicings on a grand staff, each note a fault concerns coloured.

    A fault that names no voice (a missing chord member) colours its whole chord.
    """
    key = key_from_name(task.key)
    whole = sorted({c for e in errors if not e.notes for c in e.chords})
    marks = {note for e in errors for note in e.notes}
    return grand_staff(voicings, key, texts=task.figures, highlight=whole, marks=marks, id_prefix="pw")


def voices_text(voicings: list[Voicing]) -> str:
    """``"C5 B4 | G4 G4 | E4 D4 | C3 G2"``: the voices, soprano first."""
    return " | ".join(" ".join(v[j].name for v in voicings) for j in range(4))


def _phrase(rng: random.Random, key: Key, source: str, max_chords: int) -> tuple[list[Harmony], list[Voicing],
                                                                                    list[str]]:
    for _ in range(MAX_TRIES):
        figures, soprano = cadence_figures(rng, choose(rng, PHRASE_ENDINGS), key)
        if len(figures) > max_chords:
            continue
        harmonies, voicings = voiced(figures, key, rng=rng, last_soprano=soprano)
        if source == "roman":
            return harmonies, voicings, figures
        bass_figures = [figure_for(h, key) for h in harmonies]
        if all(f is not None for f in bass_figures):
            return harmonies, voicings, [f or "" for f in bass_figures]
    raise InvalidParams(f"max_chords: no phrase of {max_chords} chords or fewer was found; allow more chords")


def build_part_writing(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, keys_of(p["keys"]))
    source = choose(rng, p["sources"])
    harmonies, voicings, figures = _phrase(rng, key, source, p["max_chords"])
    bass = tuple(v[3].name for v in voicings) if source == "figured" else ()
    task = PartWritingTask(key=key.name, figures=tuple(figures), bass=bass)
    notation = grand_staff(voicings, key, texts=figures, show_upper=False)
    if source == "roman":
        # Only the numerals: the bass is the student's to write too.
        notation = Notation(clef=notation.clef, key_fifths=notation.key_fifths, time=notation.time, show_time=False,
                            measures=notation.measures,
                            lower=(tuple(type(e)((), e.value, text=e.text) for e in notation.lower[0]),)
                            if notation.lower else None)
    what = (f"the figured bass in {key.title} (figures: {', '.join(f or '5/3' for f in figures)})" if bass
            else f"the progression {' '.join(figures)} in {key.title}")
    prompt = (f"Write {what} in four parts. Type the voices soprano first, each a line of "
              f"{len(figures)} notes with octaves, separated by '|'"
              + (" (the bass is given: you may leave it out)" if bass else "") + ".")
    explanation = ("A model answer: " + voices_text(voicings) + ". Any voicing is right that keeps the bass the "
                   "figures ask for, the ranges and spacing, the doubling rules, no parallel or hidden fifths and "
                   "octaves, and resolves the leading tone and sevenths.")
    tags = ("harm:part-writing", f"harm:{'figured-bass' if bass else 'roman'}", f"key:{key.name}",
            *(f"rn:{_rn_tag(h.label)}" for h in harmonies if _rn_tag(h.label)))
    return dict(prompt=prompt, answer_mode="voices", answer=voices_text(voicings), match="text", octave="required",
                explanation=explanation, tags=tuple(dict.fromkeys(tags)), notation=notation, given=bass,
                part_writing=task)


def _rn_tag(label: str) -> str:
    """The ``rn:`` tag of a numeral when the vocabulary has one (``V65``, ``ii°6``); '' for secondaries."""
    if "/" in label or label[:1] in "b#":
        return ""
    return label


PART_WRITING_PARAMS = (
    Param("sources", "multi", list(SOURCES), "Roman numerals, figured bass, or both.", SOURCES,
          levels=(("roman",), SOURCES, SOURCES)),
    Param("keys", "multi", ["C", "G", "F", "D", "Bb", "a", "e", "d"], "Keys (major names; lower case for minor).",
          ALL_KEYS + ALL_MINOR_KEYS, levels=(("C", "G", "F"), ("C", "G", "F", "D", "Bb", "a", "e", "d"),
                                             ALL_KEYS + ALL_MINOR_KEYS)),
    Param("max_chords", "int", 6, "Longest phrase, in chords.", minimum=4, maximum=9, levels=(4, 6, 8)),
    DIFFICULTY,
)
