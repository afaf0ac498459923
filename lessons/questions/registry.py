"""Every question type, with a human title and a parameter schema for the quiz builder.

``GENERATORS[kind](seed=..., **params)`` returns a ``Question``; ``generate`` does the
same by name. Equal kind, seed and parameters give an equal question; any integer seed
gives a valid one, so the types never run out.
"""

from __future__ import annotations

from typing import Any

from .generators import chords, ear, harmony, intervals, keys, notes, partwriting, performance, rhythm, scales
from .generators.common import GENERATOR_VERSION, Generator, InvalidParams
from .model import Question

_ALL = (
    Generator("note_identify", "Note identification (staff)",
              "Name a note on the staff in treble, bass, alto or tenor clef, with ledger lines, accidentals "
              "and key signatures.", notes.build_note_identify, notes.NOTE_IDENTIFY_PARAMS),
    Generator("note_identify_keyboard", "Note identification (keyboard)", "Name the marked piano key.",
              notes.build_note_identify_keyboard, notes.KEYBOARD_IDENTIFY_PARAMS),
    Generator("note_construct", "Note construction (staff)", "Place a named note on the staff.",
              notes.build_note_construct, notes.NOTE_CONSTRUCT_PARAMS),
    Generator("note_construct_keyboard", "Note construction (keyboard)", "Click a named note on the keyboard.",
              notes.build_note_construct_keyboard, notes.KEYBOARD_CONSTRUCT_PARAMS),
    Generator("key_signature_identify", "Key signature identification",
              "Name the major or minor key of a key signature.", keys.build_key_identify, keys.KEY_IDENTIFY_PARAMS),
    Generator("key_signature_construct", "Key signature construction",
              "Give the key signature of a major or minor key.", keys.build_key_construct,
              keys.KEY_CONSTRUCT_PARAMS),
    Generator("interval_identify", "Interval identification",
              "Name a written interval: quality and number, simple or compound, melodic or harmonic.",
              intervals.build_interval_identify, intervals.INTERVAL_IDENTIFY_PARAMS),
    Generator("interval_construct", "Interval construction",
              "Write the note a given interval above or below a note.", intervals.build_interval_construct,
              intervals.INTERVAL_CONSTRUCT_PARAMS),
    Generator("scale_identify", "Scale identification",
              "Name a written scale: major, the three minors, the modes, pentatonic, chromatic.",
              scales.build_scale_identify, scales.SCALE_IDENTIFY_PARAMS),
    Generator("scale_construct", "Scale construction", "Fill in the missing degree of a scale.",
              scales.build_scale_construct, scales.SCALE_CONSTRUCT_PARAMS),
    Generator("chord_identify", "Chord identification",
              "Name a triad's or seventh chord's quality, inversion or root.", chords.build_chord_identify,
              chords.CHORD_IDENTIFY_PARAMS),
    Generator("chord_construct", "Chord construction", "Spell a chord member or the bass of an inversion.",
              chords.build_chord_construct, chords.CHORD_CONSTRUCT_PARAMS),
    Generator("roman_numeral", "Roman-numeral analysis",
              "Name a chord in a key with its Roman numeral and inversion figures.", chords.build_roman_numeral,
              chords.ROMAN_PARAMS),
    Generator("meter_identify", "Meter identification",
              "Classify a time signature (simple or compound; duple, triple, quadruple), its beats and beat unit.",
              rhythm.build_meter_identify, rhythm.METER_PARAMS),
    Generator("time_signature_identify", "Time signature of a bar", "Choose the time signature a bar is written in.",
              rhythm.build_time_signature_identify, rhythm.TIME_SIGNATURE_PARAMS),
    Generator("note_values", "Note values", "Add up note values with dots and ties.", rhythm.build_note_values,
              rhythm.NOTE_VALUE_PARAMS),
    Generator("rhythm_counting", "Rhythm counting",
              "Count a bar: on which count a note begins, and how long it lasts.", rhythm.build_rhythm_counting,
              rhythm.COUNTING_PARAMS),
    Generator("ear_interval", "Ear training: intervals", "Hear an interval and name it (or sing back its note).",
              ear.build_ear_interval, ear.EAR_INTERVAL_PARAMS),
    Generator("ear_chord_quality", "Ear training: chords",
              "Hear a chord and name its quality, or which member is in the bass.",
              ear.build_ear_chord, ear.EAR_CHORD_PARAMS),
    Generator("ear_scale", "Ear training: scales", "Hear a scale and name it.", ear.build_ear_scale,
              ear.EAR_SCALE_PARAMS),
    Generator("ear_scale_degree", "Ear training: scale degrees",
              "Hear a cadence in a key, then a note, and name its scale degree.", ear.build_ear_scale_degree,
              ear.EAR_SCALE_DEGREE_PARAMS),
    Generator("ear_cadence", "Ear training: cadences", "Hear a short progression and name its cadence.",
              ear.build_ear_cadence, ear.EAR_CADENCE_PARAMS),
    Generator("ear_melodic_dictation", "Melodic dictation", "Hear a short melody and write it down.",
              ear.build_ear_melody, ear.EAR_MELODY_PARAMS),
    Generator("ear_rhythmic_dictation", "Rhythmic dictation", "Hear a rhythm and pick it out.",
              ear.build_ear_rhythm, ear.EAR_RHYTHM_PARAMS),
    Generator("ear_melody_rhythm", "Melodic dictation with rhythm",
              "Hear a tonal melody (major or minor) with its rhythm and pick its notation.",
              ear.build_ear_melody_rhythm, ear.EAR_MELODY_RHYTHM_PARAMS),
    Generator("sing_notation", "Sight-singing", "Sing an interval, a scale or a short melody from notation into "
              "the microphone; graded on pitch by the grading core.", performance.build_sing, performance.SING_PARAMS),
    Generator("clap_rhythm", "Rhythm clap-back", "Clap or tap a written rhythm into the microphone; graded on "
              "onsets only.", performance.build_clap, performance.CLAP_PARAMS),
    Generator("part_writing", "Four-part writing",
              "Realise a Roman-numeral progression or a figured bass in four voices; the part-writing checker "
              "marks parallels, spacing, ranges, doubling and resolutions.",
              partwriting.build_part_writing, partwriting.PART_WRITING_PARAMS),
    Generator("harmonic_dictation", "Harmonic dictation",
              "Hear a phrase in four parts and name its Roman numerals and bass line.",
              harmony.build_harmonic_dictation, harmony.HARMONIC_DICTATION_PARAMS),
    Generator("cadence_identify", "Cadences on the staff",
              "Name the cadence at the end of a written phrase: perfect or imperfect authentic, half, Phrygian, "
              "plagal, deceptive; major and minor.", harmony.build_cadence_identify, harmony.CADENCE_IDENTIFY_PARAMS),
    Generator("nct_identify", "Non-chord tones",
              "Name the coloured non-chord tone: passing, neighbour, appoggiatura, escape tone, suspension, "
              "retardation, anticipation.", harmony.build_nct, harmony.NCT_PARAMS),
    Generator("secondary_dominant", "Secondary dominants",
              "Name a secondary dominant or leading-tone chord (V7/V, vii°7/ii ...) with its inversion.",
              harmony.build_secondary_dominant, harmony.SECONDARY_PARAMS),
    Generator("six_four", "6/4 chords", "Tell a cadential, passing, pedal or arpeggiated 6/4 chord by its context.",
              harmony.build_six_four, harmony.SIX_FOUR_PARAMS),
)

GENERATORS: dict[str, Generator] = {g.kind: g for g in _ALL}


def generate(kind: str, *, seed: int, version: int = GENERATOR_VERSION, **params: Any) -> Question:
    """A question of type ``kind``, drawn by the rules of generator ``version`` (the current ones unless a stored
    question was served under older ones). Raises ``InvalidParams`` for an unknown type, parameter or version."""
    try:
        generator = GENERATORS[kind]
    except KeyError:
        raise InvalidParams(f"unknown question type {kind!r} (known: {', '.join(GENERATORS)})") from None
    return generator(seed=seed, version=version, **params)


def catalogue() -> list[dict[str, Any]]:
    """Every type's kind, title, description and parameters, for the quiz builder."""
    return [g.schema() for g in _ALL]
