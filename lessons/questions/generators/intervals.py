"""Intervals on the staff: name the interval, and write the note an interval away."""

from __future__ import annotations

import random
from typing import Any

from music.interval import Interval, transpose, valid_interval
from music.pitch import Pitch, natural

from ..model import Notation, NoteEvent
from .common import (
    CLEF_NAMES,
    DIFFICULTY,
    InvalidParams,
    Param,
    an,
    answer_mode_param,
    choose,
    clef_middle,
    counted,
    pick_choices,
)

QUALITIES = ("P", "M", "m", "A", "d")
DIRECTIONS = ("ascending", "descending", "harmonic")
#: How far from the middle line the lower note may start (diatonic steps).
START_SPREAD_STEPS = 5


def _interval_pool(qualities: tuple[str, ...], max_number: int) -> list[Interval]:
    return [Interval(q, n) for n in range(1, max_number + 1) for q in qualities
            if valid_interval(q, n) and not (n == 1 and q == "d")]


def _draw(rng: random.Random, p: dict[str, Any]) -> tuple[Pitch, Pitch, Interval, str, str]:
    """(first note, second note, interval, direction, clef) with single accidentals or fewer.

    Every interval drawn is one the settings allow and can be written on the chosen clefs;
    settings that allow none are refused with a reason (``InvalidParams``), never replaced.
    """
    pool = [iv for iv in _interval_pool(p["qualities"], p["max_number"]) if iv.number >= p.get("min_number", 1)]
    if not pool:
        raise InvalidParams(f"qualities: no {'/'.join(p['qualities'])} interval is between "
                            f"{p.get('min_number', 1)} and {p['max_number']} (a perfect interval is a unison, 4th, "
                            "5th or octave; major and minor are 2nds, 3rds, 6ths and 7ths)")
    max_alter = 1 if p["accidentals"] else 0
    writable = {(clef, iv): _starts(clef, iv, max_alter) for clef in p["clefs"] for iv in pool}
    writable = {k: v for k, v in writable.items() if v}
    if not writable:
        raise InvalidParams("qualities: none of the chosen intervals can be written without accidentals "
                            f"({', '.join(iv.name for iv in pool)}); allow accidentals or add perfect, major or "
                            "minor intervals")
    clef = choose(rng, [c for c in p["clefs"] if any(k[0] == c for k in writable)])
    iv = choose(rng, [i for i in pool if (clef, i) in writable])
    low = choose(rng, writable[(clef, iv)])
    high = transpose(low, iv)
    assert high is not None
    direction = choose(rng, p["directions"])
    first, second = (high, low) if direction == "descending" else (low, high)
    return first, second, iv, direction, clef


def _starts(clef: str, iv: Interval, max_alter: int) -> list[Pitch]:
    """Lower notes near the middle of ``clef`` from which ``iv`` is written with ``max_alter`` accidentals."""
    centre = clef_middle(clef) - (iv.number - 1) // 2
    out = []
    # A week's worth of letters around the centre, so every interval finds its letters.
    for low_d in range(centre - START_SPREAD_STEPS // 2 - 1, centre - START_SPREAD_STEPS // 2 + 6):
        for alter in range(-max_alter, max_alter + 1):
            low = natural(low_d).with_alter(alter)
            high = transpose(low, iv)
            if high is not None and abs(high.alter) <= max_alter:
                out.append(low)
    return out


def _tag(iv: Interval, direction: str) -> str:
    return f"int:{'-' if direction == 'descending' else '+'}{iv.name}"


def build_interval_identify(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    first, second, iv, direction, clef = _draw(rng, p)
    events = ((NoteEvent((first, second)),) if direction == "harmonic"
              else (NoteEvent((first,)), NoteEvent((second,))))
    notation = Notation(clef=clef, measures=(events,), id_prefix="q")
    pool: list[Interval] = []
    for q in ("P", "M", "m", "A", "d"):
        if valid_interval(q, iv.number):
            pool.append(Interval(q, iv.number))
    for n in (iv.number - 1, iv.number + 1):
        for q in ("P", "M", "m", "A", "d"):
            if n >= 1 and valid_interval(q, n) and Interval(q, n).semitones == iv.semitones:
                pool.append(Interval(q, n))  # the enharmonic neighbour: A4 beside d5
    if iv.is_compound:
        pool.append(iv.simple)
    elif iv.number <= 7:
        pool.append(Interval(iv.quality, iv.number + 7) if valid_interval(iv.quality, iv.number + 7) else iv)
    pool.append(Interval(iv.quality, max(2, iv.number - 2)) if valid_interval(iv.quality, max(2, iv.number - 2))
                else iv)
    choices = pick_choices(rng, iv.words, [x.words for x in pool if x != iv])
    lower, upper = (second, first) if direction == "descending" else (first, second)
    # Counted as a theory book counts: the letter names the interval takes in (C to B is seven: a 7th), then
    # the semitones. "6 letter steps (7: a 7th)" left the student to reconcile two numbers.
    letters = f"{lower.pretty_pc[0]} to {upper.pretty_pc[0]}" if iv.number > 1 else lower.pretty_pc[0]
    explanation = (f"From {lower.pretty} up to {upper.pretty}: {counted(iv.number, 'letter name')} ({letters}), "
                   f"so {an(_number_word(iv))}; {counted(iv.semitones, 'semitone')}, so {an(iv.words)} ({iv.name})"
                   + (f" = a compound {iv.simple.words} (an octave plus {an(iv.simple.name)})" if iv.is_compound else "")
                   + ".")
    prompt = "Name the interval between these two notes." if direction == "harmonic" else \
        f"Name this {direction} interval."
    return dict(prompt=prompt, answer_mode="choice", answer=iv.words, choices=choices,
                match="interval", explanation=explanation, tags=(_tag(iv, direction), f"clef:{clef}"),
                notation=notation)


def _number_word(iv: Interval) -> str:
    return iv.words.split(" ", 1)[1]


def build_interval_construct(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    params = dict(p)
    params["directions"] = tuple(d for d in p["directions"] if d != "harmonic") or ("ascending",)
    params["min_number"] = 2  # a unison would name the given note
    first, second, iv, direction, clef = _draw(rng, params)
    notation = Notation(clef=clef, measures=((NoteEvent((first,)),),), id_prefix="q")
    way = "above" if direction == "ascending" else "below"
    prompt = f"Write the note {an(iv.words)} {way} {first.pretty}."
    article = an(iv.words).split(" ", 1)[0].capitalize()  # "An augmented 4th", "A major 3rd"
    explanation = (f"{article} {iv.words} {way} {first.pretty} is {second.pretty}: {counted(iv.number - 1, 'letter step')} "
                   f"{'up' if way == 'above' else 'down'} and {counted(iv.semitones, 'semitone')}. "
                   f"It is spelled with the letter {second.pretty_pc[0]}; an enharmonic spelling names another interval.")
    tags = (_tag(iv, direction), f"clef:{clef}")
    mode = p["answer_mode"]
    if mode == "choice":
        pool = []
        for d in (-1, 1):
            n = natural(second.diatonic + d)
            alt = n.with_alter(second.midi - n.midi)
            if abs(alt.alter) <= 2:
                pool.append(alt.pretty)
        pool += [second.with_alter(a).pretty for a in (-1, 0, 1) if a != second.alter]
        choices = pick_choices(rng, second.pretty, pool)
        return dict(prompt=prompt, answer_mode="choice", answer=second.pretty, choices=choices,
                    explanation=explanation, tags=tags, notation=notation)
    return dict(prompt=prompt + (" Type its name (octave optional)." if mode == "note_name" else
                                 " Click its place on the staff."),
                answer_mode=mode, answer=second.name, match="spelling",
                octave="optional" if mode == "note_name" else "required",
                explanation=explanation, tags=tags, notation=notation, given=(first.name,),
                alterations=(-1, 0, 1) if p["accidentals"] else (0,))


INTERVAL_PARAMS = (
    Param("clefs", "multi", ["treble", "bass"], "Clefs.", CLEF_NAMES),
    Param("qualities", "multi", list(QUALITIES), "Interval qualities allowed (P M m A d).", QUALITIES,
          levels=(("P", "M", "m"), ("P", "M", "m", "A", "d"), ("P", "M", "m", "A", "d"))),
    Param("max_number", "int", 8, "Largest interval number: 8 is an octave; up to 15 for compound intervals.",
          minimum=2, maximum=15, levels=(8, 8, 13)),
    Param("directions", "multi", list(DIRECTIONS), "Ascending, descending, harmonic.", DIRECTIONS,
          levels=(("ascending",), DIRECTIONS, DIRECTIONS)),
    Param("accidentals", "bool", True, "Notes may carry sharps and flats.", levels=(False, True, True)),
    DIFFICULTY,
)
INTERVAL_IDENTIFY_PARAMS = INTERVAL_PARAMS
INTERVAL_CONSTRUCT_PARAMS = (*INTERVAL_PARAMS, answer_mode_param(("note_name", "staff_click", "choice")))
