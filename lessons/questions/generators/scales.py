"""Scales: name a written scale, and fill in a missing degree."""

from __future__ import annotations

import random
from typing import Any

from music.pitch import Pitch, natural
from music.scale import SCALE_TYPES, ScaleType, scale_pitches

from ..check import parse_note
from ..model import Notation, NoteEvent
from .common import (
    CLEF_NAMES,
    DIFFICULTY,
    Param,
    answer_mode_param,
    choose,
    clef_middle,
    ordinal,
    pick_choices,
)

SCALE_NAMES = tuple(SCALE_TYPES)
TONIC_NAMES = ("C", "G", "D", "A", "E", "B", "F#", "C#", "F", "Bb", "Eb", "Ab", "Db", "Gb")
LEVEL_SCALES = (
    ("major", "natural-minor", "harmonic-minor", "melodic-minor"),
    ("major", "natural-minor", "harmonic-minor", "melodic-minor", "dorian", "mixolydian", "major-pentatonic",
     "minor-pentatonic"),
    SCALE_NAMES,
)


def _tonic(rng: random.Random, names: tuple[str, ...], clef: str, span_steps: int) -> Pitch:
    n = parse_note(choose(rng, names))
    # Start low enough that the top tonic stays near the staff.
    d = clef_middle(clef) - 4 - (span_steps // 2 - 3)
    base = natural(d)
    octave = base.octave + (1 if n.step < base.step else 0)
    return Pitch(n.step, n.alter, octave)


def _draw(rng: random.Random, p: dict[str, Any]) -> tuple[Pitch, ScaleType, tuple[Pitch, ...], str]:
    clef = choose(rng, p["clefs"])
    for _ in range(100):
        scale = SCALE_TYPES[choose(rng, p["scales"])]
        tonic = _tonic(rng, p["tonics"], clef, 7)
        notes = scale_pitches(tonic, scale)
        if notes is not None and all(abs(x.alter) <= 2 for x in notes):
            return tonic, scale, notes, clef
    scale = SCALE_TYPES["major"]
    tonic = _tonic(rng, ("C",), clef, 7)
    notes = scale_pitches(tonic, scale)
    assert notes is not None
    return tonic, scale, notes, clef


def _formula(scale: ScaleType) -> str:
    if scale.name == "chromatic":
        return "twelve half steps"
    if scale.name == "whole-tone":
        return "six whole steps"
    steps = [b - a for a, b in zip(scale.semitones, (*scale.semitones[1:], 12), strict=True)]
    words = {1: "H", 2: "W", 3: "W+H", 4: "2W"}
    return "-".join(words[s] for s in steps) + " (W whole step, H half step)"


def build_scale_identify(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    tonic, scale, notes, clef = _draw(rng, p)
    notation = Notation(clef=clef, measures=(tuple(NoteEvent((n,)) for n in notes),), id_prefix="q")
    pool = [SCALE_TYPES[s].title for s in (p["scales"] if len(p["scales"]) >= 4 else SCALE_NAMES)]
    choices = pick_choices(rng, scale.title, pool)
    explanation = (f"{tonic.pretty_pc} {scale.title}: the steps are {_formula(scale)}; "
                   f"spelled {' '.join(n.pretty_pc for n in notes)}.")
    return dict(prompt="Which scale is this (it starts on its tonic)?", answer_mode="choice", answer=scale.title,
                choices=choices, explanation=explanation, tags=(f"scale:{scale.tag}", f"clef:{clef}"),
                notation=notation)


def build_scale_construct(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    tonic, scale, notes, clef = _draw(rng, p)
    missing = rng.randrange(1, len(notes) - 1)
    target = notes[missing]
    shown = tuple(NoteEvent(() if i == missing else (n,), "whole") for i, n in enumerate(notes))
    notation = Notation(clef=clef, measures=(shown,), id_prefix="q")
    letters = " ".join("_" if i == missing else n.pretty_pc for i, n in enumerate(notes))
    chromatic = not scale.fixed_spelling
    prompt = f"Fill in the missing {ordinal(missing + 1)} note of the ascending {tonic.pretty_pc} {scale.title} scale: {letters}."
    rule = (f" Spellings of the {scale.title} scale vary, so any spelling of that pitch is accepted." if chromatic else
            " Each letter is used once, so the spelling matters.")
    explanation = f"The {tonic.pretty_pc} {scale.title} scale is {' '.join(n.pretty_pc for n in notes)} ({_formula(scale)}).{rule}"
    tags = (f"scale:{scale.tag}", f"clef:{clef}")
    mode = p["answer_mode"]
    if mode == "choice":
        pool = [target.with_alter(a).pretty_pc for a in (-1, 0, 1) if a != target.alter]
        for d in (-1, 1):
            n = natural(target.diatonic + d)
            alt = n.with_alter(target.midi - n.midi)
            if abs(alt.alter) <= 2 and not chromatic:
                pool.append(alt.pretty_pc)
        choices = pick_choices(rng, target.pretty_pc, pool)
        return dict(prompt=prompt, answer_mode="choice", answer=target.pretty_pc, choices=choices,
                    explanation=explanation, tags=tags, notation=notation)
    if mode == "staff_click":
        return dict(prompt=prompt + " Click it on the staff.", answer_mode="staff_click", answer=target.name,
                    match="pitch" if chromatic else "spelling", octave="required", explanation=explanation,
                    tags=tags, notation=notation, alterations=_alterations(p))
    return dict(prompt=prompt + " Type its name.", answer_mode="note_name", answer=target.pc_name,
                match="pitch" if chromatic else "spelling", octave="none", explanation=explanation, tags=tags,
                notation=notation, alterations=_alterations(p))


def _alterations(p: dict[str, Any]) -> tuple[int, ...]:
    """Every alteration a note of the chosen scales on the chosen tonics carries (G♯ harmonic minor's F𝄪 is one)."""
    out = {0}
    for name in p["tonics"]:
        tonic = parse_note(name)
        for scale in p["scales"]:
            notes = scale_pitches(Pitch(tonic.step, tonic.alter, 4), SCALE_TYPES[scale])
            if notes is not None and all(abs(n.alter) <= 2 for n in notes):
                out.update(n.alter for n in notes)
    return tuple(sorted(out))


SCALE_PARAMS = (
    Param("scales", "multi", list(LEVEL_SCALES[1]), "Scale types.", SCALE_NAMES, levels=LEVEL_SCALES),
    Param("tonics", "multi", list(TONIC_NAMES), "Tonics to start on.", TONIC_NAMES),
    Param("clefs", "multi", ["treble", "bass"], "Clefs.", CLEF_NAMES),
    DIFFICULTY,
)
SCALE_IDENTIFY_PARAMS = SCALE_PARAMS
SCALE_CONSTRUCT_PARAMS = (*SCALE_PARAMS, answer_mode_param(("note_name", "choice", "staff_click")))
