"""Questions answered by singing or clapping into the microphone: sight-singing from notation
(an interval, a scale, a short melody) and clapping a written rhythm back."""

from __future__ import annotations

import random
from typing import Any

from music.duration import quarter_length
from music.key import Key
from music.pitch import Pitch
from music.scale import SCALE_TYPES, scale_pitches

from ..model import AudioSpec, Notation, NoteEvent, Performance
from .common import ALL_KEYS, ALL_MINOR_KEYS, DIFFICULTY, Param, choose, keys_of
from .ear import MELODY_METERS, melody_degrees, melody_notation, melody_pitches, melody_rhythm
from .rhythm import FILLABLE, METERS, RHYTHM_PITCH, fill_bar

SING_TASKS = ("interval", "scale", "melody")
VOICES = ("high", "low")
#: Sight-singing tempo, quarter notes per minute; clapping tempo for the count-in.
SING_TEMPO_QPM = 72.0
CLAP_TEMPO_QPM = 80.0
#: Interval sizes sung from the tonic, in scale steps (2nd ... octave).
INTERVAL_STEPS = (1, 2, 3, 4, 5, 7)


def _in_voice(notes: list[Pitch], voice: str) -> list[Pitch]:
    """The notes an octave lower for a low voice (bass clef)."""
    return notes if voice == "high" else [Pitch(p.step, p.alter, p.octave - 1) for p in notes]


def build_sing(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, keys_of(p["keys"]))
    task = choose(rng, p["tasks"])
    voice = choose(rng, p["voices"])
    meter = "4/4"
    if task == "interval":
        steps = choose(rng, INTERVAL_STEPS)
        degrees = [0, steps] if rng.random() < 0.6 else [steps, 0]
        notes = melody_pitches(key, degrees)
        rhythm = [("half", 0), ("half", 0)]
        what = "these two notes"
    elif task == "scale":
        scale = scale_pitches(key.tonic_pitch, SCALE_TYPES["harmonic-minor" if key.minor_family else "major"])
        assert scale is not None
        notes = list(scale)
        rhythm = [("quarter", 0)] * 7 + [("quarter", 0)]
        what = f"the {key.tonic_pitch.pretty_pc} {'harmonic minor' if key.minor_family else 'major'} scale"
    else:
        meter = choose(rng, MELODY_METERS)
        length = p["length"]
        notes = melody_pitches(key, melody_degrees(rng, length, 2))
        rhythm = melody_rhythm(rng, meter, length, p["difficulty"])
        what = "this melody"
    notes = _in_voice(notes, voice)
    notation = melody_notation(notes, rhythm, meter, key)
    notation = Notation(clef="treble" if voice == "high" else "bass", key_fifths=notation.key_fifths,
                        time=notation.time, measures=notation.measures, id_prefix="q")
    perf = Performance(notes=tuple((n.midi, float(quarter_length(v, dots=d))) for n, (v, d) in
                                   zip(notes, rhythm, strict=True)), tempo_qpm=SING_TEMPO_QPM)
    reference = AudioSpec(events=(((notes[0].midi,), 2.0),), tempo_qpm=SING_TEMPO_QPM)
    major = Key.from_fifths(key.fifths)
    tags = ("ear:melody", f"key:{key.name}", *sorted({f"pc:{n.pc_name}@{major.tonic}" for n in notes}))
    return dict(prompt=f"Sing {what} (the first note, {notes[0].pretty}, is played for you). Record yourself "
                       "singing on any vowel; any octave your voice sings in counts.",
                answer_mode="sing", answer=" ".join(n.name for n in notes), match="pitch", octave="none",
                explanation=f"The notes were {' '.join(n.pretty for n in notes)}.", tags=tags, notation=notation,
                audio=reference, performance=perf)


def _claps(events: list[NoteEvent]) -> list[tuple[int, float]]:
    """(MIDI, quarter notes) per clap: a rest or a tied note lengthens the clap before it; leading rests drop."""
    notes: list[tuple[int, float]] = []
    for e in events:
        length = float(quarter_length(e.value, dots=e.dots))
        if not e.pitches:
            if notes:
                notes[-1] = (notes[-1][0], notes[-1][1] + length)  # a rest lengthens the clap before it
        elif e.tie in ("stop", "both"):
            notes[-1] = (notes[-1][0], notes[-1][1] + length)  # a tied note is not clapped again
        else:
            notes.append((RHYTHM_PITCH.midi, length))
    return notes


def build_clap(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    meter = METERS[choose(rng, p["meters"])]
    notes: list[tuple[int, float]] = []
    while len(notes) < 2:  # a bar of rests alone is nothing to clap
        bars = [fill_bar(rng, meter, p["difficulty"]) for _ in range(p["bars"])]
        notes = _claps([e for b, _ in bars for e in b])
    cells = sorted({c for _, names in bars for c in names})
    compound = meter.kind == "compound"
    notation = Notation(clef="treble", time=(meter.beats, meter.beat_type),
                        measures=tuple(tuple(b) for b, _ in bars), id_prefix="q")
    # The count-in: one bar of clicks in the meter's beats, then the student claps.
    count_in = AudioSpec(events=(((), float(meter.bar_quarters)),), tempo_qpm=CLAP_TEMPO_QPM * (1.5 if compound else 1),
                         count_in=meter.pulses if compound else meter.beats, percussion=True,
                         count_in_beat=float(meter.beat_quarters) if compound else 1.0)
    perf = Performance(notes=tuple(notes), tempo_qpm=count_in.tempo_qpm, onsets_only=True)
    return dict(prompt=f"Clap (or tap) this rhythm in {meter.text} after the count-in, and record it. Only when "
                       "each clap comes counts, not how loud it is.", answer_mode="clap",
                answer=f"{len(notes)} claps", match="text", explanation="Count the beats aloud while you clap: "
                f"{meter.pulses} beats a bar.", tags=("ear:rhythm", f"meter:{meter.text}", *(f"rhy:{c}" for c in cells)),
                notation=notation, audio=count_in, performance=perf)


SING_PARAMS = (
    Param("tasks", "multi", list(SING_TASKS), "What to sing: an interval, a scale, a short melody.", SING_TASKS,
          levels=(("interval", "scale"), SING_TASKS, SING_TASKS)),
    Param("voices", "multi", ["high"], "Treble clef (high voices) or bass clef, an octave lower (low voices).",
          VOICES),
    Param("keys", "multi", ["C", "G", "F", "D", "a"], "Keys (major names; lower case for minor).",
          ALL_KEYS + ALL_MINOR_KEYS, levels=(("C", "G", "F"), ("C", "G", "F", "D", "a", "e"),
                                             ALL_KEYS + ALL_MINOR_KEYS)),
    Param("length", "int", 5, "Notes in a melody.", minimum=3, maximum=8, levels=(4, 5, 7)),
    DIFFICULTY,
)
CLAP_PARAMS = (
    Param("meters", "multi", ["2/4", "3/4", "4/4"], "Time signatures.", FILLABLE,
          levels=(("2/4", "3/4", "4/4"), ("2/4", "3/4", "4/4", "6/8"), FILLABLE)),
    Param("bars", "int", 1, "Bars to clap.", minimum=1, maximum=2, levels=(1, 1, 2)),
    DIFFICULTY,
)
