"""Chords: name quality, inversion or root; spell a chord member; Roman-numeral analysis in a key."""

from __future__ import annotations

import random
from typing import Any

from music.chord import (
    CHORD_TYPES,
    INVERSION_WORDS,
    MEMBER_WORDS,
    SEVENTH_FIGURES,
    SEVENTHS,
    TRIAD_FIGURES,
    TRIADS,
    ChordType,
    chord_quality,
    chord_tones,
    voice,
)
from music.key import Key
from music.pitch import Pitch, natural
from music.scale import SCALE_TYPES, scale_pitches

from ..check import parse_note
from ..model import Notation, NoteEvent
from .common import (
    ALL_KEYS,
    ALL_MINOR_KEYS,
    CLEF_NAMES,
    DIFFICULTY,
    Param,
    an,
    answer_mode_param,
    choose,
    clef_middle,
    keys_of,
    pick_choices,
)

CHORD_NAMES = tuple(CHORD_TYPES)
ROOT_NAMES = ("C", "D", "E", "F", "G", "A", "B", "C#", "F#", "Bb", "Eb", "Ab", "Db", "Gb", "G#", "D#")
INVERSION_TAGS = ("root", "1st", "2nd", "3rd")
ASKS = ("quality", "inversion", "quality_inversion", "root")


def _draw(rng: random.Random, p: dict[str, Any]) -> tuple[ChordType, Pitch, int, tuple[Pitch, ...], str]:
    clef = choose(rng, p["clefs"])
    for _ in range(100):
        chord = CHORD_TYPES[choose(rng, p["qualities"])]
        n = parse_note(choose(rng, p["roots"]))
        root = Pitch(n.step, n.alter, 4)
        tones = chord_tones(root, chord)
        if tones is None:
            continue
        inversion = rng.randrange(len(tones)) if p["inversions"] else 0
        bass_octave = natural(clef_middle(clef) - 5).octave
        bass = tones[inversion]
        if bass.step >= 5:  # keep A and B low on the staff
            bass_octave = natural(clef_middle(clef) - 8).octave
        return chord, root, inversion, voice(tones, inversion, bass_octave=bass_octave), clef
    chord = CHORD_TYPES["maj"]
    root = Pitch(0, 0, 4)
    tones = chord_tones(root, chord)
    assert tones is not None
    return chord, root, 0, voice(tones, 0, bass_octave=natural(clef_middle(clef) - 5).octave), clef


def _chord_tags(chord: ChordType, inversion: int, clef: str) -> tuple[str, ...]:
    return (f"chord:{chord.tag}", f"inv:{INVERSION_TAGS[inversion]}", f"clef:{clef}")


def _explain(chord: ChordType, root: Pitch, inversion: int, voiced: tuple[Pitch, ...], *,
             position: bool = True) -> str:
    tones = chord_tones(root, chord) or ()
    ivs = ", ".join(f"{MEMBER_WORDS[i + 1]} {an(iv.words)}" for i, iv in enumerate(chord.intervals))
    bass = voiced[0]
    text = (f"Stacked in thirds the notes are {' '.join(t.pretty_pc for t in tones)}: root {root.pretty_pc}, {ivs} "
            f"above it, so it is {an(root.pretty_pc)} {chord.title}.")
    if position:
        text += f" The {MEMBER_WORDS[inversion]} ({bass.pretty_pc}) is in the bass: {INVERSION_WORDS[inversion]}."
    return text


def build_chord_identify(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    chord, root, inversion, voiced, clef = _draw(rng, p)
    notation = Notation(clef=clef, measures=((NoteEvent(voiced),),), id_prefix="q")
    explanation = _explain(chord, root, inversion, voiced)
    tags = _chord_tags(chord, inversion, clef)
    ask = choose(rng, p["ask"])
    if ask == "root":
        if p["answer_mode"] == "note_name":
            return dict(prompt="Type the root of this chord (e.g. F# or Bb).", answer_mode="note_name",
                        answer=root.pc_name, match="spelling", octave="none", explanation=explanation, tags=tags,
                        notation=notation)
        pool = [t.pretty_pc for t in voiced if t.pretty_pc != root.pretty_pc]
        pool += [root.with_alter(a).pretty_pc for a in (-1, 1) if abs(a) <= 2]
        choices = pick_choices(rng, root.pretty_pc, pool)
        return dict(prompt="What is the root of this chord?", answer_mode="choice", answer=root.pretty_pc,
                    choices=choices, explanation=explanation, tags=tags, notation=notation)
    if ask == "inversion":
        n = len(voiced)
        correct = INVERSION_WORDS[inversion]
        choices = pick_choices(rng, correct, INVERSION_WORDS[:n], ordered=INVERSION_WORDS)
        return dict(prompt="In which position is this chord?", answer_mode="choice", answer=correct, choices=choices,
                    explanation=explanation, tags=tags, notation=notation)
    if ask == "quality":
        family = SEVENTHS if chord.is_seventh else TRIADS
        pool = [CHORD_TYPES[c].title for c in family]
        choices = pick_choices(rng, chord.title, pool)
        return dict(prompt="What is the quality of this chord?", answer_mode="choice", answer=chord.title,
                    choices=choices, explanation=explanation, tags=tags, notation=notation)
    correct = f"{chord.title}, {INVERSION_WORDS[inversion]}"
    family = SEVENTHS if chord.is_seventh else TRIADS
    pool = [f"{CHORD_TYPES[c].title}, {INVERSION_WORDS[i]}" for c in family for i in range(len(voiced))]
    choices = pick_choices(rng, correct, pool)
    return dict(prompt="Name this chord's quality and position.", answer_mode="choice", answer=correct,
                choices=choices, explanation=explanation, tags=tags, notation=notation)


def build_chord_construct(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    chord, root, inversion, voiced, clef = _draw(rng, p)
    tones = chord_tones(root, chord)
    assert tones is not None
    bass_question = bool(inversion) and rng.random() < 0.5
    if bass_question:
        member = inversion
        prompt = f"Which note is in the bass of the {root.pretty_pc} {chord.title} in {INVERSION_WORDS[inversion]}?"
    else:
        member = rng.randrange(1, len(tones))
        prompt = f"Spell the {MEMBER_WORDS[member]} of the {root.pretty_pc} {chord.title}."
    target = tones[member]
    explanation = _explain(chord, root, inversion, voiced, position=bass_question)
    iv = chord.intervals[member - 1] if member else None
    if iv is not None:
        explanation = (f"The {MEMBER_WORDS[member]} is {an(iv.words)} above the root {root.pretty_pc}: "
                       f"{target.pretty_pc}. " + explanation)
    # The inversion is evidence only when the question is about the bass.
    tags = tuple(t for t in _chord_tags(chord, inversion, clef) if bass_question or not t.startswith("inv:"))
    mode = p["answer_mode"]
    if mode == "choice":
        pool = [target.with_alter(a).pretty_pc for a in (-1, 0, 1) if a != target.alter]
        for d in (-1, 1):
            n = natural(target.diatonic + d)
            alt = n.with_alter(target.midi - n.midi)
            if abs(alt.alter) <= 2:
                pool.append(alt.pretty_pc)
        choices = pick_choices(rng, target.pretty_pc, pool)
        return dict(prompt=prompt, answer_mode="choice", answer=target.pretty_pc, choices=choices,
                    explanation=explanation, tags=tags)
    if mode == "staff_click":
        root_voiced = voice(tones, 0, bass_octave=natural(clef_middle(clef) - 5).octave)
        shown = tuple(t for i, t in enumerate(root_voiced) if i != member)
        placed = root_voiced[member]
        notation = Notation(clef=clef, measures=((NoteEvent(shown),),), id_prefix="q")
        return dict(prompt=f"Complete the {root.pretty_pc} {chord.title} in root position: click the missing "
                           f"{MEMBER_WORDS[member]} on the staff.", answer_mode="staff_click", answer=placed.name,
                    match="spelling", octave="required", explanation=explanation,
                    tags=(f"chord:{chord.tag}", "inv:root", f"clef:{clef}"), notation=notation,
                    given=tuple(t.name for t in shown), alterations=_alterations(p))
    return dict(prompt=prompt + " Type its name (e.g. F# or Bb).", answer_mode="note_name", answer=target.pc_name,
                match="spelling", octave="none", explanation=explanation, tags=tags, alterations=_alterations(p))


def _alterations(p: dict[str, Any]) -> tuple[int, ...]:
    """Every alteration a tone of the chosen chords on the chosen roots carries (D♯ major's F𝄪 is one)."""
    out = {0}
    for name in p["roots"]:
        root = parse_note(name)
        for quality in p["qualities"]:
            tones = chord_tones(Pitch(root.step, root.alter, 4), CHORD_TYPES[quality])
            out.update(t.alter for t in tones or () if abs(t.alter) <= 2)
    return tuple(sorted(out))


# --- Roman numerals ---------------------------------------------------------

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")


def diatonic_chord(key: Key, degree: int, *, seventh: bool) -> tuple[Pitch, ...] | None:
    """Root-first tones of the chord on ``degree`` (0 = tonic) of ``key``.

    Minor keys take the raised leading note (harmonic minor) for V and vii, and the
    natural minor elsewhere (III stays major), the usual textbook choice.
    """
    tonic = key.tonic_pitch
    if key.minor_family:
        scale = SCALE_TYPES["harmonic-minor" if degree in (4, 6) else "natural-minor"]
    else:
        scale = SCALE_TYPES["major"]
    notes = scale_pitches(tonic, scale, with_octave=False)
    if notes is None:
        return None
    size = 4 if seventh else 3
    out = []
    for i in range(size):
        idx = degree + 2 * i
        n = notes[idx % 7]
        out.append(Pitch(n.step, n.alter, n.octave + idx // 7))
    return tuple(out)


def roman_numeral(degree: int, chord: ChordType, inversion: int) -> str:
    """``V65``, ``vii°7``, ``ii6``, ``III``, ``iiø42``: case by quality, figures by inversion."""
    base = ROMAN[degree]
    lower = chord.name in ("min", "dim", "min7", "hdim7", "dim7")
    numeral = base.lower() if lower else base
    symbol = {"dim": "°", "dim7": "°", "hdim7": "ø", "aug": "+"}.get(chord.name, "")
    figure = (SEVENTH_FIGURES if chord.is_seventh else TRIAD_FIGURES)[inversion]
    return f"{numeral}{symbol}{figure}"


def build_roman_numeral(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    names = [*p["major_keys"], *(p["minor_keys"] if p["minor"] else ())]
    key = choose(rng, keys_of(names))
    clef = choose(rng, p["clefs"])
    seventh = p["sevenths"] and rng.random() < 0.5
    degree = choose(rng, [d for d in range(7)])
    tones = diatonic_chord(key, degree, seventh=seventh)
    if tones is None:
        key, tones = Key.from_fifths(0), diatonic_chord(Key.from_fifths(0), degree, seventh=seventh)
    assert tones is not None
    chord = chord_quality(tones)
    assert chord is not None, tones
    inversion = rng.randrange(len(tones)) if p["inversions"] else 0
    bass_octave = natural(clef_middle(clef) - (8 if tones[inversion].step >= 5 else 5)).octave
    voiced = voice(tones, inversion, bass_octave=bass_octave)
    notation = Notation(clef=clef, key_fifths=key.fifths, measures=((NoteEvent(voiced),),), id_prefix="q")
    correct = roman_numeral(degree, chord, inversion)
    pool = [roman_numeral(degree, chord, i) for i in range(len(tones)) if i != inversion]
    for d in range(7):
        other = diatonic_chord(key, d, seventh=seventh)
        q = chord_quality(other) if other else None
        if q is not None and d != degree:
            pool.append(roman_numeral(d, q, inversion))
    prefer = []
    if inversion:
        # The classic slip: reading the bass note as the root.
        bass_degree = (degree + 2 * inversion) % 7
        other = diatonic_chord(key, bass_degree, seventh=seventh)
        q = chord_quality(other) if other else None
        if q is not None:
            prefer.append(roman_numeral(bass_degree, q, 0))
    choices = pick_choices(rng, correct, pool, prefer=prefer)
    figure_words = {"": "root position", "6": "first inversion (6)", "64": "second inversion (6/4)",
                    "7": "root position (7)", "65": "first inversion (6/5)", "43": "second inversion (4/3)",
                    "42": "third inversion (4/2)"}
    fig = (SEVENTH_FIGURES if chord.is_seventh else TRIAD_FIGURES)[inversion]
    explanation = (f"In {key.title} the chord {' '.join(t.pretty_pc for t in tones)} is built on scale degree "
                   f"{degree + 1} ({tones[0].pretty_pc}) and is {an(chord.title)}, so its numeral is "
                   f"{roman_numeral(degree, chord, 0)}; with the {MEMBER_WORDS[inversion]} in the bass it is in "
                   f"{figure_words[fig]}: {correct}.")
    tags = (f"rn:{correct}", f"key:{key.name}", f"chord:{chord.tag}", f"inv:{INVERSION_TAGS[inversion]}")
    return dict(prompt=f"Give the Roman numeral of this chord in {key.title}.", answer_mode="choice",
                answer=correct, choices=choices, explanation=explanation, tags=tags, notation=notation)


CHORD_PARAMS = (
    Param("qualities", "multi", list(CHORD_NAMES), "Chord qualities.", CHORD_NAMES,
          levels=(("maj", "min"), TRIADS, CHORD_NAMES)),
    Param("inversions", "bool", True, "Chords may be inverted.", levels=(False, True, True)),
    Param("roots", "multi", list(ROOT_NAMES), "Roots to build on.", ROOT_NAMES),
    Param("clefs", "multi", ["treble", "bass"], "Clefs.", CLEF_NAMES),
    DIFFICULTY,
)
CHORD_IDENTIFY_PARAMS = (
    *CHORD_PARAMS,
    Param("ask", "multi", ["quality", "inversion", "quality_inversion", "root"], "What to ask about the chord.",
          ASKS, levels=(("quality",), ("quality", "inversion", "root"), ASKS)),
    answer_mode_param(("choice", "note_name")),
)
CHORD_CONSTRUCT_PARAMS = (*CHORD_PARAMS, answer_mode_param(("note_name", "choice", "staff_click")))
ROMAN_PARAMS = (
    Param("major_keys", "multi", ["C", "G", "D", "A", "F", "Bb", "Eb"], "Major keys.", ALL_KEYS),
    Param("minor_keys", "multi", ["a", "e", "d", "g", "c", "b"], "Minor keys.", ALL_MINOR_KEYS),
    Param("minor", "bool", True, "Include minor keys.", levels=(False, True, True)),
    Param("sevenths", "bool", True, "Include seventh chords.", levels=(False, True, True)),
    Param("inversions", "bool", True, "Chords may be inverted.", levels=(False, True, True)),
    Param("clefs", "multi", ["treble", "bass"], "Clefs.", CLEF_NAMES),
    DIFFICULTY,
)
