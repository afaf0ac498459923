"""Reading and writing single notes: on the staff in four clefs, and on a keyboard."""

from __future__ import annotations

import random
from typing import Any

from music.key import Key
from music.pitch import ACCIDENTAL_WORDS, PRETTY_ACCIDENTALS, STEPS, Pitch, natural, pc_names, pretty_name
from music.spelling import common_spelling

from ..model import Keyboard, Notation, NoteEvent
from .common import (
    ALL_KEYS,
    CLEF_NAMES,
    DIFFICULTY,
    Param,
    answer_mode_param,
    choose,
    clef_middle,
    keys_of,
    pc_tag,
    pick_choices,
    staff_range,
)

ACCIDENTAL_SETS = {"none": (0,), "single": (-1, 0, 1), "double": (-2, -1, 0, 1, 2)}
#: Keyboard shown for keyboard questions: C3..C6 (MIDI).
KEYBOARD_LOW_MIDI = 48
KEYBOARD_HIGH_MIDI = 84
BLACK_KEY_NAMES = {1: "C#/Db", 3: "D#/Eb", 6: "F#/Gb", 8: "G#/Ab", 10: "A#/Bb"}
WHITE_KEY_NAMES = {0: "C", 2: "D", 4: "E", 5: "F", 7: "G", 9: "A", 11: "B"}

CLEFS_PARAM = Param("clefs", "multi", ["treble", "bass"], "Clefs to read in.", CLEF_NAMES)
LEDGER_PARAM = Param("ledger_lines", "int", 2, "Most ledger lines above or below the staff.", minimum=0, maximum=4,
                     levels=(0, 2, 3))
ACCIDENTALS_PARAM = Param("accidentals", "choice", "single",
                          "Accidentals on the notes: none, sharps and flats, or doubles too.", tuple(ACCIDENTAL_SETS),
                          levels=("none", "single", "double"))
KEYS_PARAM = Param("keys", "multi", ["C"], "Key signatures shown (major key names; C is none).", ALL_KEYS)


def _staff_note(rng: random.Random, clef: str, ledger_lines: int, alters: tuple[int, ...], key: Key) -> Pitch:
    low, high = staff_range(clef, ledger_lines)
    d = rng.randint(low, high)
    base = natural(d)
    alter = choose(rng, alters) if alters != (0,) else key.alter_of(base.step)
    return base.with_alter(alter)


def _reading_tags(p: Pitch, clef: str, key: Key) -> list[str]:
    low, high = staff_range(clef, 0)
    tags = [f"clef:{clef}", pc_tag(p, key)]
    if not low <= p.diatonic <= high:
        tags.append("read:ledger")
    if p.alter != key.alter_of(p.step):
        tags.append("read:double-accidental" if abs(p.alter) == 2 else "read:accidental")
    if key.fifths:
        tags.extend([f"key:{key.name}", "read:key-signature"])
    return tags


def build_note_identify(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    clef = choose(rng, p["clefs"])
    key = choose(rng, keys_of(p["keys"]))
    note = _staff_note(rng, clef, p["ledger_lines"], ACCIDENTAL_SETS[p["accidentals"]], key)
    notation = Notation(clef=clef, key_fifths=key.fifths, measures=((NoteEvent((note,)),),), id_prefix="q")
    in_key = f" in the key signature of {key.title}" if key.fifths else ""
    explanation = (f"In the {clef} clef{in_key} this note is {note.pretty} "
                   f"({STEPS[note.step]} {ACCIDENTAL_WORDS[note.alter]}"
                   f"{', from the key signature' if key.fifths and note.alter == key.alter_of(note.step) and note.alter else ''}"
                   f"); middle C is C4.").replace(" natural)", ")").replace(" natural,", ",")
    tags = _reading_tags(note, clef, key)
    if p["answer_mode"] == "choice":
        correct = note.pretty_pc
        pool = [Pitch(note.step, a, note.octave).pretty_pc for a in ACCIDENTAL_SETS["double"] if a != note.alter]
        pool += [Pitch((note.step + d) % 7, note.alter, 4).pretty_pc for d in (-2, -1, 1, 2)]
        pool += [_enharmonic(note, rng).pretty_pc]
        allowed = set(ACCIDENTAL_SETS[p["accidentals"]]) | {key.alter_of(s) for s in range(7)} | {-1, 0, 1}
        pool = [c for c in pool if _alter_of_pretty(c) in allowed]
        choices = pick_choices(rng, correct, pool)
        return dict(prompt=f"Name this note ({clef} clef).", answer_mode="choice", answer=correct, choices=choices,
                    explanation=explanation, tags=tuple(tags), notation=notation, match="text")
    # The key signatures' own sharps and flats can be asked too, whatever the accidentals setting.
    alterations = set(ACCIDENTAL_SETS[p["accidentals"]]) | {k.alter_of(s) for k in keys_of(p["keys"]) for s in range(7)}
    return dict(prompt=f"Type the name of this note with its octave ({clef} clef; middle C is C4).",
                answer_mode="note_name", answer=note.name, explanation=explanation, tags=tuple(tags),
                notation=notation, match="spelling", octave=p["octave"], alterations=tuple(sorted(alterations)))


def _alter_of_pretty(name: str) -> int:
    rest = name[1:]
    return next(a for a, s in PRETTY_ACCIDENTALS.items() if s == rest)


def _enharmonic(p: Pitch, rng: random.Random) -> Pitch:
    options = []
    for d in (-1, 1, -2, 2):
        base = natural(p.diatonic + d)
        alter = p.midi - base.midi
        if abs(alter) <= 2:
            options.append(base.with_alter(alter))
    return choose(rng, options) if options else natural(p.diatonic + 1)


def build_note_construct(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    clef = choose(rng, p["clefs"])
    key = Key.from_fifths(0)
    note = _staff_note(rng, clef, p["ledger_lines"], ACCIDENTAL_SETS[p["accidentals"]], key)
    notation = Notation(clef=clef, measures=((),), id_prefix="q")
    return dict(
        prompt=f"Place {note.pretty} on the {clef} staff ({'with its accidental; ' if note.alter else ''}"
               "middle C is C4).",
        answer_mode="staff_click", answer=note.name, match="spelling", octave="required",
        explanation=f"In the {clef} clef, {note.pretty} is {_position_words(note, clef)}.",
        tags=tuple(_reading_tags(note, clef, key)), notation=notation, alterations=ACCIDENTAL_SETS[p["accidentals"]],
    )


_ORDINALS = ("first", "second", "third", "fourth", "fifth")


def staff_place(steps_from_bottom_line: int) -> str:
    """Where a note sits, said as a teacher names it: ``on the first line`` (the bottom line is the first),
    ``in the second space``, ``on the first ledger line below the staff``, ``in the space above the staff``,
    ``in the space below the first ledger line``. ``steps_from_bottom_line``: diatonic steps, 0 the bottom line,
    8 the top line; up to four ledger lines either side.

    >>> [staff_place(n) for n in (0, 1, 8, -1, -2, -3, 9, 10, 11)]  # doctest: +NORMALIZE_WHITESPACE
    ['on the first line', 'in the first space', 'on the fifth line', 'in the space below the staff',
     'on the first ledger line below the staff', 'in the space below the first ledger line',
     'in the space above the staff', 'on the first ledger line above the staff',
     'in the space above the first ledger line']
    """
    n = steps_from_bottom_line
    if 0 <= n <= 8:
        return f"on the {_ORDINALS[n // 2]} line" if n % 2 == 0 else f"in the {_ORDINALS[n // 2]} space"
    way, beyond = ("below", -n) if n < 0 else ("above", n - 8)  # steps past the outer line, 1 or more
    if beyond > 9:
        raise ValueError(f"{n} steps from the bottom line is past four ledger lines")
    if beyond % 2 == 0:
        return f"on the {_ORDINALS[beyond // 2 - 1]} ledger line {way} the staff"
    if beyond == 1:
        return f"in the space {way} the staff"
    return f"in the space {way} the {_ORDINALS[beyond // 2 - 1]} ledger line"


def _position_words(p: Pitch, clef: str) -> str:
    place = staff_place(p.diatonic - clef_middle(clef) + 4)
    acc = f", with a {ACCIDENTAL_WORDS[p.alter]}" if p.alter else ""
    return f"{place}{acc}"


def _keyboard_name(midi: int) -> str:
    pc = midi % 12
    return BLACK_KEY_NAMES.get(pc) or WHITE_KEY_NAMES[pc]


def build_note_identify_keyboard(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    midi = rng.randint(KEYBOARD_LOW_MIDI, KEYBOARD_HIGH_MIDI - 1)
    if not p["black_keys"]:
        while midi % 12 in BLACK_KEY_NAMES:
            midi += 1
    keyboard = Keyboard(KEYBOARD_LOW_MIDI, KEYBOARD_HIGH_MIDI, (midi,))
    names = pc_names(midi)
    octave = (midi // 12) - 1
    spelled = common_spelling(midi)
    explanation = (f"The marked key is {' or '.join(pretty_name(n) for n in names[:2])}"
                   f"{'' if len(names) < 2 else ' (one key, two names)'}, in octave {octave}.")
    tags = (pc_tag(spelled), "read:keyboard")
    if p["answer_mode"] == "choice":
        correct = _keyboard_name(midi)
        pool = [_keyboard_name(m) for m in range(midi - 3, midi + 4) if m != midi]
        if not p["black_keys"]:
            pool = [c for c in pool if "/" not in c]
        choices = pick_choices(rng, correct, pool)
        return dict(prompt="Name the marked key.", answer_mode="choice", answer=correct, choices=choices,
                    explanation=explanation, tags=tags, keyboard=keyboard, match="text")
    return dict(prompt="Type the name of the marked key (any spelling of that key is right; octave optional, "
                       "middle C is C4).", answer_mode="note_name", answer=spelled.name, match="pitch",
                octave="optional", explanation=explanation, tags=tags, keyboard=keyboard)


def _key_words(midi: int) -> str:
    """Where a key is in words: "a black key in octave 3 (middle C starts octave 4)"."""
    colour = "black" if midi % 12 in BLACK_KEY_NAMES else "white"
    octave = midi // 12 - 1
    return f"a {colour} key in octave {octave} (middle C starts octave 4)"


def build_note_construct_keyboard(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    alters = ACCIDENTAL_SETS[p["accidentals"]]
    while True:
        midi = rng.randint(KEYBOARD_LOW_MIDI, KEYBOARD_HIGH_MIDI)
        step = rng.randrange(7)
        base = Pitch(step, 0, midi // 12 - 1)
        alter = choose(rng, alters)
        note = base.with_alter(alter)
        if KEYBOARD_LOW_MIDI <= note.midi <= KEYBOARD_HIGH_MIDI:
            break
    any_octave = not p["octave_matters"]
    where = "any" if any_octave else "the"
    prompt = (f"Click {where} {note.pretty_pc if any_octave else note.pretty} on the keyboard"
              f"{'' if any_octave else ' (middle C is C4)'}.")
    others = [pretty_name(n) for n in pc_names(note.midi) if n != note.pc_name]
    same = f": the same key as {' and '.join(others[:2])}" if others else ""
    return dict(prompt=prompt, answer_mode="keyboard_click", answer=note.name, match="pitch",
                octave="none" if any_octave else "required",
                explanation=f"{note.pretty} is {_key_words(note.midi)}{same}.",
                tags=(pc_tag(note), "read:keyboard"), keyboard=Keyboard(KEYBOARD_LOW_MIDI, KEYBOARD_HIGH_MIDI, ()))


NOTE_IDENTIFY_PARAMS = (
    CLEFS_PARAM, LEDGER_PARAM, ACCIDENTALS_PARAM, KEYS_PARAM,
    answer_mode_param(("choice", "note_name")),
    Param("octave", "choice", "optional", "For typed answers: is the octave required?", ("required", "optional")),
    DIFFICULTY,
)
NOTE_CONSTRUCT_PARAMS = (CLEFS_PARAM, LEDGER_PARAM, ACCIDENTALS_PARAM, DIFFICULTY)
KEYBOARD_IDENTIFY_PARAMS = (
    Param("black_keys", "bool", True, "Include the black keys."),
    answer_mode_param(("choice", "note_name")), DIFFICULTY,
)
KEYBOARD_CONSTRUCT_PARAMS = (
    ACCIDENTALS_PARAM, Param("octave_matters", "bool", True, "Must the click be in the named octave?"), DIFFICULTY,
)
