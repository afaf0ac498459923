"""Ear training with generated audio: intervals, chord qualities, scales, cadences, melodic and
rhythmic dictation. Answers here are about sound, so any spelling of the right pitch is right."""

from __future__ import annotations

import random
from fractions import Fraction
from typing import Any

from music.chord import CHORD_TYPES, INVERSION_WORDS, MEMBER_WORDS, TRIADS, chord_tones, voice
from music.duration import quarter_length
from music.key import Key
from music.pitch import Pitch
from music.scale import SCALE_TYPES, scale_pitches
from music.spelling import common_spelling

from ..model import AudioSpec, Notation, NoteEvent
from .common import (
    ALL_KEYS,
    ALL_MINOR_KEYS,
    DIFFICULTY,
    VERSION_KEY,
    InvalidParams,
    Param,
    an,
    answer_mode_param,
    choose,
    keys_of,
    pick_choices,
)
from .progressions import (
    CADENCE_KINDS,
    CADENCE_TITLES,
    CADENCE_WHY,
    cadence_figures,
    in_mode,
    progression_audio,
    voiced,
)
from .rhythm import FILLABLE, METERS, RHYTHM_PITCH, _quarters, fill_bar

#: By ear an augmented 4th and a diminished 5th are the same sound: one name per semitone count.
EAR_INTERVALS = {
    1: "minor 2nd", 2: "major 2nd", 3: "minor 3rd", 4: "major 3rd", 5: "perfect 4th", 6: "tritone",
    7: "perfect 5th", 8: "minor 6th", 9: "major 6th", 10: "minor 7th", 11: "major 7th", 12: "octave",
    13: "minor 9th", 14: "major 9th", 15: "minor 10th", 16: "major 10th", 17: "perfect 11th",
    19: "perfect 12th",
}
#: The spelled interval behind each ear name (the tritone written as an augmented 4th).
EAR_SPELLED = {1: "m2", 2: "M2", 3: "m3", 4: "M3", 5: "P4", 6: "A4", 7: "P5", 8: "m6", 9: "M6", 10: "m7",
               11: "M7", 12: "P8", 13: "m9", 14: "M9", 15: "m10", 16: "M10", 17: "P11", 19: "P12"}
EAR_DIRECTIONS = ("ascending", "descending", "harmonic")
TEMPO_QPM = 80.0
#: Lowest and highest MIDI note of a random reference note for intervals and chords.
LOW_MIDI = 52
HIGH_MIDI = 67


def build_ear_interval(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    sizes = [s for s in p["semitones"]]
    size = choose(rng, sizes)
    direction = choose(rng, p["directions"])
    low = rng.randint(LOW_MIDI, HIGH_MIDI)
    high = low + size
    first, second = (high, low) if direction == "descending" else (low, high)
    events = (((low, high), 2.0),) if direction == "harmonic" else (((first,), 1.0), ((second,), 1.5))
    audio = AudioSpec(events=events, tempo_qpm=TEMPO_QPM)
    spelled = EAR_SPELLED[size]
    sign = "-" if direction == "descending" else "+"
    tags = ("ear:interval", f"int:{sign}{spelled}")
    explanation = f"The two notes are {size} semitone{'s' if size > 1 else ''} apart: {an(EAR_INTERVALS[size])}."
    if p["answer_mode"] == "note_name" and direction != "harmonic":
        ref = common_spelling(first)
        target = common_spelling(second)
        return dict(prompt=f"Listen. The first note is {ref.pretty}; type the second note (any spelling; "
                           "octave optional).", answer_mode="note_name", answer=target.name, match="pitch",
                    octave="optional", explanation=explanation + f" The second note is {target.pretty}.",
                    tags=tags, audio=audio, given=(ref.name,))
    pool = [EAR_INTERVALS[s] for s in sizes] + [EAR_INTERVALS[s] for s in (size - 1, size + 1) if s in EAR_INTERVALS]
    choices = pick_choices(rng, EAR_INTERVALS[size], pool, ordered=list(EAR_INTERVALS.values()))
    word = "played together" if direction == "harmonic" else direction
    return dict(prompt=f"Listen to the interval ({word}). Which is it?", answer_mode="choice",
                answer=EAR_INTERVALS[size], choices=choices, explanation=explanation, tags=tags, audio=audio)


#: Chords whose inversions sound like root positions of the same type: no inversion questions by ear.
SYMMETRIC_CHORDS = frozenset({"aug", "dim7"})


def build_ear_chord(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    qualities = p["qualities"]
    if p["ask"] == "inversion":
        qualities = [q for q in qualities if q not in SYMMETRIC_CHORDS] or ["maj"]
    chord = CHORD_TYPES[choose(rng, qualities)]
    root_midi = rng.randint(LOW_MIDI, HIGH_MIDI - 4)
    root = common_spelling(root_midi)
    tones = chord_tones(root, chord)
    assert tones is not None  # common spellings take at most a double accidental here
    inversion = rng.randrange(len(tones)) if p["inversions"] or p["ask"] == "inversion" else 0
    voiced = voice(tones, inversion, bass_octave=root.octave)
    midis = tuple(t.midi for t in voiced)
    arpeggio = p["arpeggiate"]
    events = (tuple(((m,), 0.75) for m in midis) if arpeggio else ()) + ((midis, 2.5),)
    audio = AudioSpec(events=events, tempo_qpm=TEMPO_QPM)
    ivs = ", ".join(iv.words for iv in chord.intervals)
    if p["ask"] == "inversion" and chord.name not in SYMMETRIC_CHORDS:
        correct = INVERSION_WORDS[inversion]
        choices = pick_choices(rng, correct, INVERSION_WORDS[: len(tones)], ordered=INVERSION_WORDS)
        return dict(prompt=f"Listen to the {chord.title}. Which chord member is in the bass?", answer_mode="choice",
                    answer=correct, choices=choices, audio=audio,
                    tags=("ear:chord", f"chord:{chord.tag}", f"inv:{('root', '1st', '2nd', '3rd')[inversion]}"),
                    explanation=f"The lowest note is the {MEMBER_WORDS[inversion]}: {correct}.")
    pool = [CHORD_TYPES[c].title for c in p["qualities"]] + [CHORD_TYPES[c].title for c in CHORD_TYPES]
    family = [c.title for c in CHORD_TYPES.values() if c.is_seventh == chord.is_seventh]
    choices = pick_choices(rng, chord.title, [x for x in pool if x in family] or pool)
    return dict(prompt="Listen to the chord. What is its quality?", answer_mode="choice", answer=chord.title,
                choices=choices, tags=("ear:chord", f"chord:{chord.tag}"), audio=audio,
                explanation=f"Above its root the chord has {an(ivs)}: {an(chord.title)}.")


def build_ear_scale(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    scale = SCALE_TYPES[choose(rng, p["scales"])]
    tonic = common_spelling(rng.randint(55, 65))
    midis = [tonic.midi + s for s in scale.semitones] + [tonic.midi + 12]
    descending = p["descending"] and rng.random() < 0.5 and scale.name != "melodic-minor"
    if descending:
        midis.reverse()
    audio = AudioSpec(events=tuple(((m,), 0.5) for m in midis[:-1]) + (((midis[-1],), 1.5),), tempo_qpm=100.0)
    pool = [SCALE_TYPES[s].title for s in p["scales"]] + [s.title for s in SCALE_TYPES.values()]
    choices = pick_choices(rng, scale.title, pool)
    return dict(prompt=f"Listen to the scale ({'descending' if descending else 'ascending'}). Which is it?",
                answer_mode="choice", answer=scale.title, choices=choices, audio=audio,
                tags=("ear:scale", f"scale:{scale.tag}"),
                explanation=f"Its steps from the tonic are {'-'.join(str(s) for s in scale.semitones)} semitones: "
                            f"the {scale.title} scale.")


def build_ear_cadence(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    name, key = draw_cadence(rng, p["cadences"], keys_of(p["keys"]))
    figures, soprano = cadence_figures(rng, name, key)
    _, voicings = voiced(figures, key, rng=rng, last_soprano=soprano)
    audio = progression_audio(voicings, tempo_qpm=TEMPO_QPM)
    titles = [CADENCE_TITLES[c] for c in p["cadences"]]
    choices = pick_choices(rng, CADENCE_TITLES[name], titles or [CADENCE_TITLES[c] for c in CADENCE_KINDS],
                           ordered=[CADENCE_TITLES[c] for c in CADENCE_KINDS])
    return dict(prompt=f"Listen to the phrase in {key.title}. Which cadence ends it?", answer_mode="choice",
                answer=CADENCE_TITLES[name], choices=choices, audio=audio,
                tags=("ear:cadence", f"cadence:{name}", f"key:{key.name}"),
                explanation=f"The phrase was {' '.join(figures)}: {CADENCE_WHY[name]}. The cadence is "
                            f"{CADENCE_TITLES[name]}.")


def draw_cadence(rng: random.Random, cadences: tuple[str, ...], keys: tuple[Key, ...]) -> tuple[str, Key]:
    """A cadence type and a key it can be written in (a Phrygian cadence needs a minor key).

    Raises ``InvalidParams`` when a chosen cadence fits none of the chosen keys: the setting is
    refused, never replaced.
    """
    if "phrygian" in cadences and not any(k.minor_family for k in keys):
        raise InvalidParams("cadences: a Phrygian cadence (iv6–V) exists only in minor; add a minor key such as a or "
                            "e, or leave the Phrygian cadence out")
    name = choose(rng, cadences)
    fitting = [k for k in keys if k.minor_family] if name == "phrygian" else list(keys)
    return name, choose(rng, fitting)


DEGREE_NAMES = ("1 (do)", "2 (re)", "3 (mi)", "4 (fa)", "5 (sol)", "6 (la)", "7 (ti)")
MINOR_DEGREE_NAMES = ("1 (do)", "2 (re)", "b3 (me)", "4 (fa)", "5 (sol)", "b6 (le)", "7 (ti)")


def build_ear_scale_degree(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, keys_of(p["keys"]))
    _, voicings = voiced(in_mode(("I", "IV", "V", "I"), key), key)  # the cadence that sets the key
    events = list(progression_audio(voicings).events)
    events[-1] = (events[-1][0], 1.0)
    events.append(((), 1.0))
    tonic_midi = 48 + (key.tonic_pitch.midi - 60) % 12
    scale = scale_pitches(key.tonic_pitch, SCALE_TYPES["harmonic-minor" if key.minor_family else "major"], with_octave=False)
    assert scale is not None
    degree = rng.randrange(7)
    note = tonic_midi + 12 + (scale[degree].midi - key.tonic_pitch.midi) % 12
    events.append(((note,), 2.0))
    names = MINOR_DEGREE_NAMES if key.minor_family else DEGREE_NAMES
    choices = pick_choices(rng, names[degree], names, ordered=names)
    return dict(prompt=f"Listen: a cadence sets the key of {key.title}, then one note sounds. Which scale degree is it?",
                answer_mode="choice", answer=names[degree], choices=choices, audio=AudioSpec(tuple(events), TEMPO_QPM),
                tags=("ear:degree", f"key:{key.name}", f"pc:{scale[degree].pc_name}@{Key.from_fifths(key.fifths).tonic}"),
                explanation=f"The note is {scale[degree].pretty_pc}, degree {names[degree]} of {key.title}.")


#: Degrees (0 = tonic) a dictation melody may use: from the leading tone below to the 3rd above the octave.
MELODY_LOWEST_DEGREE, MELODY_HIGHEST_DEGREE = -1, 9
#: Bar-long final notes by bar length in quarter notes.
FINAL_VALUES = {Fraction(1): ("quarter", 0), Fraction(2): ("half", 0), Fraction(3): ("half", 1),
                Fraction(4): ("whole", 0)}
MELODY_METERS = ("2/4", "3/4", "4/4")


def melody_degrees(rng: random.Random, length: int, max_leap: int) -> list[int]:
    """Scale degrees (0 = tonic, 7 its octave, -1 the leading tone below) of a tonal melody.

    It starts on 1, 3 or 5 and ends on the tonic, approached by step from 2 or 7 (the
    cadential ending a first-year dictation expects); leaps are at most ``max_leap`` steps.
    """
    for _ in range(200):
        out = [choose(rng, (0, 2, 4) if max_leap >= 2 else (0, 2))]
        for _ in range(length - 3):
            options = [d for d in range(-max_leap, max_leap + 1)
                       if d and MELODY_LOWEST_DEGREE <= out[-1] + d <= MELODY_HIGHEST_DEGREE]
            out.append(out[-1] + choose(rng, options))
        tonic = 7 if out[-1] >= 4 else 0
        penults = [t for t in (tonic + 1, tonic - 1) if abs(t - out[-1]) <= max_leap
                   and MELODY_LOWEST_DEGREE <= t <= MELODY_HIGHEST_DEGREE] if length > 2 else [tonic + 1]
        if penults:
            penult = choose(rng, penults)
            return ([*out, penult, tonic] if length > 2 else [penult, tonic])[-length:]
    return list(range(length - 1, -1, -1))  # a stepwise descent to the tonic always fits


def melody_pitches(key: Key, degrees: list[int]) -> list[Pitch]:
    """Spelled pitches of ``degrees`` in ``key`` (octave 4 for the tonic).

    In minor the 7th is raised where it leads up to the tonic, and the 6th with it where the
    6th goes up to that raised 7th (melodic minor), so no augmented second appears.
    """
    scale = scale_pitches(key.tonic_pitch, SCALE_TYPES["natural-minor" if key.minor_family else "major"],
                          with_octave=False)
    assert scale is not None
    out: list[Pitch] = []
    for i, d in enumerate(degrees):
        n = scale[d % 7]
        p = Pitch(n.step, n.alter, n.octave + d // 7)
        if key.minor_family:
            nxt = degrees[i + 1] if i + 1 < len(degrees) else None
            raised_seventh = d % 7 == 6 and nxt == d + 1
            raised_sixth = d % 7 == 5 and nxt == d + 1 and i + 2 < len(degrees) and degrees[i + 2] == d + 2
            if raised_seventh or raised_sixth:
                p = p.with_alter(p.alter + 1)
        out.append(p)
    return out


def melody_rhythm(rng: random.Random, meter_name: str, notes: int, difficulty: int) -> list[tuple[str, int]]:
    """Note values (value, dots) for ``notes`` notes filling whole bars of ``meter_name``, the last note long.

    Drawn from the rhythm cells of ``difficulty`` without rests or ties, so every note is heard;
    the final note fills the rest of its bar.
    """
    meter = METERS[meter_name]
    for _ in range(100):
        values: list[tuple[str, int]] = []
        while len(values) < notes - 1:
            events, _ = fill_bar(rng, meter, difficulty)
            if all(e.pitches and not e.tie for e in events):
                values += [(e.value, e.dots) for e in events]
        values = values[: notes - 1]
        before = sum((quarter_length(v, dots=d) for v, d in values), Fraction(0))
        left = meter.bar_quarters - before % meter.bar_quarters
        if left in FINAL_VALUES:  # a cut inside a beat leaves a length no single note has: draw again
            return [*values, FINAL_VALUES[left]]
    beats_left = meter.beats - (notes - 1) % meter.beats
    return [("quarter", 0)] * (notes - 1) + [FINAL_VALUES[Fraction(beats_left)]]


def build_ear_melody(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, keys_of(p["keys"]))
    length = p["length"]
    notes = melody_pitches(key, melody_degrees(rng, length, p["max_leap"]))
    meter = choose(rng, MELODY_METERS)
    rhythm = melody_rhythm(rng, meter, length, p["difficulty"]) if p["rhythm"] else [("quarter", 0)] * (length - 1) \
        + [("half", 0)]
    audio = AudioSpec(events=tuple(((n.midi,), float(quarter_length(v, dots=d)))
                                   for n, (v, d) in zip(notes, rhythm, strict=True)),
                      tempo_qpm=TEMPO_QPM, count_in=METERS[meter].beats if p["rhythm"] else 0)
    answer = " ".join(n.name for n in notes)
    major = Key.from_fifths(key.fifths)
    tags = ("ear:melody", f"key:{key.name}", *sorted({f"pc:{n.pc_name}@{major.tonic}" for n in notes}))
    explanation = f"The melody is {' '.join(n.pretty for n in notes)}, ending on the tonic."
    if p["answer_mode"] == "choice":
        correct = " ".join(n.pretty for n in notes)
        scale = scale_pitches(key.tonic_pitch, SCALE_TYPES["major"], with_octave=False)
        assert scale is not None
        pool = []
        for _ in range(12):
            # Move one inner note (not the first, not the last) a step or two along the scale.
            other = list(notes)
            j = rng.randrange(1, max(2, length - 1))
            idx = next(i for i, s in enumerate(scale) if s.step == other[j].step)
            k = idx + rng.choice((-2, -1, 1, 2)) + 7 * (other[j].octave - scale[idx].octave)
            moved = melody_pitches(key, [(x.diatonic - key.tonic_pitch.diatonic) for x in other[:j]] + [k] +
                                   [(x.diatonic - key.tonic_pitch.diatonic) for x in other[j + 1:]])
            if [x.midi for x in moved] != [x.midi for x in notes]:
                pool.append(" ".join(x.pretty for x in moved))
        choices = pick_choices(rng, correct, pool)
        return dict(prompt=f"Listen to the melody in {key.title}. It starts on {notes[0].pretty}. Which one is it?",
                    answer_mode="choice", answer=correct, choices=choices, explanation=explanation, tags=tags,
                    audio=audio)
    return dict(prompt=f"Listen to the melody in {key.title} and type its {length} notes, separated by spaces "
                       f"(it starts on {notes[0].pretty}; any spelling of a pitch is right; octaves optional).",
                answer_mode="note_name", answer=answer, match="pitch", octave="optional",
                explanation=explanation, tags=tags, audio=audio, given=(notes[0].name,), key=key.name)


#: Note values as a teacher says them; the choices are drawn as notation and these words are
#: what a screen reader reads and the feedback says.
VALUE_WORDS = {("whole", 0): "whole", ("half", 0): "half", ("half", 1): "dotted half", ("quarter", 0): "quarter",
               ("quarter", 1): "dotted quarter", ("eighth", 0): "eighth", ("eighth", 1): "dotted eighth",
               ("16th", 0): "sixteenth"}


def melody_notation(notes: list[Pitch], rhythm: list[tuple[str, int]], meter_name: str, key: Key) -> Notation:
    """A melody written in bars of ``meter_name`` (its rhythms never cross a bar line)."""
    meter = METERS[meter_name]
    bars: list[list[NoteEvent]] = [[]]
    used = Fraction(0)
    for n, (value, dots) in zip(notes, rhythm, strict=True):
        if used >= meter.bar_quarters:
            bars.append([])
            used = Fraction(0)
        bars[-1].append(NoteEvent((n,), value, dots))
        used += quarter_length(value, dots=dots)
    return Notation(clef="treble", key_fifths=key.fifths, time=(meter.beats, meter.beat_type),
                    measures=tuple(tuple(b) for b in bars), id_prefix="c")


def melody_text(notes: list[Pitch], rhythm: list[tuple[str, int]]) -> str:
    """``C4 quarter, D4 dotted eighth, E4 half``: each note with its value, in words (the choice's
    name for a screen reader and the feedback; the page draws the choice as notation)."""
    return ", ".join(f"{n.pretty} {VALUE_WORDS[(v, d)]}" for n, (v, d) in zip(notes, rhythm, strict=True))


def build_ear_melody_rhythm(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    key = choose(rng, keys_of(p["keys"]))
    length = p["length"]
    degrees = melody_degrees(rng, length, p["max_leap"])
    notes = melody_pitches(key, degrees)
    meter = choose(rng, MELODY_METERS)
    rhythm = melody_rhythm(rng, meter, length, p["difficulty"])
    audio = AudioSpec(events=tuple(((n.midi,), float(quarter_length(v, dots=d)))
                                   for n, (v, d) in zip(notes, rhythm, strict=True)),
                      tempo_qpm=TEMPO_QPM, count_in=METERS[meter].beats)
    heard = (tuple(n.midi for n in notes), tuple(rhythm))
    options = [(notes, rhythm)]
    seen = {heard}
    for attempt in range(60):
        other_notes, other_rhythm = list(notes), list(rhythm)
        change = ("rhythm", "pitch", "both")[attempt % 3]
        if change in ("rhythm", "both"):
            other_rhythm = melody_rhythm(rng, meter, length, p["difficulty"])
        if change in ("pitch", "both"):
            moved = list(degrees)
            j = rng.randrange(1, max(2, length - 1))
            moved[j] += rng.choice((-2, -1, 1, 2))
            other_notes = melody_pitches(key, moved)
        sig = (tuple(n.midi for n in other_notes), tuple(other_rhythm))
        if sig not in seen:
            seen.add(sig)
            options.append((other_notes, other_rhythm))
        if len(options) == 4:
            break
    rng.shuffle(options)
    texts = tuple(melody_text(n, r) for n, r in options)
    correct = melody_text(notes, rhythm)
    major = Key.from_fifths(key.fifths)
    return dict(prompt=f"Listen (after a count-in) to a melody in {key.title} and {meter}. Which one did you hear, "
                       "pitches and rhythm?", answer_mode="choice", answer=correct, choices=texts,
                choice_notation=tuple(melody_notation(n, r, meter, key) for n, r in options), audio=audio,
                tags=("ear:melody", "ear:rhythm", f"key:{key.name}", f"meter:{meter}",
                      *sorted({f"pc:{n.pc_name}@{major.tonic}" for n in notes})),
                explanation=f"The melody was: {correct}.")



def _rhythm_text(events: list[NoteEvent]) -> str:
    """The rhythm in words: ``eighth, sixteenth, sixteenth, quarter rest``; a tie reads ``quarter tied to eighth``."""
    out: list[str] = []
    for e in events:
        word = VALUE_WORDS[(e.value, e.dots)] + ("" if e.pitches else " rest")
        if out and out[-1].endswith(" tied to"):
            out[-1] += " " + word
        else:
            out.append(word)
        if e.tie in ("start", "both"):
            out[-1] += " tied to"
    return ", ".join(out)


def _onsets(events: list[NoteEvent]) -> tuple[Fraction, ...]:
    """The attack times (a tied note and a rest make no new attack): what an ear can tell apart."""
    out = []
    t = Fraction(0)
    for e in events:
        if e.pitches and e.tie not in ("stop", "both"):
            out.append(t)
        t += _quarters(e)
    return tuple(out)


def build_ear_rhythm(rng: random.Random, p: dict[str, Any]) -> dict[str, Any]:
    meter = METERS[choose(rng, p["meters"])]
    # Bars of rests only would be heard as the count-in and silence: drawn again (a rhythm with a note is drawn
    # as before, so its seed asks what it asked).
    # Version 1 took the first draw and offered silence as a choice: kept for questions served under it.
    redraw_silence = p[VERSION_KEY] >= 2
    while True:
        bars = [fill_bar(rng, meter, p["difficulty"]) for _ in range(p["bars"])]
        events = [e for b, _ in bars for e in b]
        if _onsets(events) or not redraw_silence:
            break
    cells = sorted({c for _, names in bars for c in names})
    heard = _onsets(events)
    options = [(events, _rhythm_text(events))]
    seen = {heard, ()} if redraw_silence else {heard}  # nor is silence a choice
    for _ in range(40):
        other = [e for _ in range(p["bars"]) for e in fill_bar(rng, meter, p["difficulty"])[0]]
        key = _onsets(other)
        if key not in seen:
            seen.add(key)
            options.append((other, _rhythm_text(other)))
        if len(options) == 4:
            break
    rng.shuffle(options)
    total = meter.bar_quarters * p["bars"]
    spec_events: list[tuple[tuple[int, ...], float]] = []
    for i, t in enumerate(heard):
        end = heard[i + 1] if i + 1 < len(heard) else total
        spec_events.append(((RHYTHM_PITCH.midi,), float(end - t)))
    lead = float(heard[0]) if heard else 0.0
    if lead:
        spec_events.insert(0, ((), lead))
    # A compound meter is counted in its dotted beats, so the music enters on a beat.
    compound = meter.kind == "compound"
    audio = AudioSpec(events=tuple(spec_events), tempo_qpm=TEMPO_QPM * (1.5 if compound else 1.0),
                      count_in=meter.pulses if compound else meter.beats, percussion=True,
                      count_in_beat=float(meter.beat_quarters) if compound else 4.0 / meter.beat_type)
    def notation(evs: list[NoteEvent]) -> Notation:
        n = len(evs)
        split = _first_bar_length(evs, meter.bar_quarters)
        measures = (tuple(evs[:split]), tuple(evs[split:])) if split < n else (tuple(evs),)
        return Notation(clef="treble", time=(meter.beats, meter.beat_type), measures=measures, id_prefix="c")

    correct = _rhythm_text(events)
    choices = tuple(text for _, text in options)
    return dict(prompt=f"Listen (after a count-in) to {p['bars']} bar{'s' if p['bars'] > 1 else ''} of "
                       f"{meter.text}. Which rhythm did you hear?", answer_mode="choice", answer=correct,
                choices=choices, choice_notation=tuple(notation(evs) for evs, _ in options), audio=audio,
                tags=("ear:rhythm", f"meter:{meter.text}", *(f"rhy:{c}" for c in cells)),
                explanation=f"The rhythm was: {correct}.")


def _first_bar_length(evs: list[NoteEvent], bar: Fraction) -> int:
    t = Fraction(0)
    for i, e in enumerate(evs):
        if t >= bar:
            return i
        t += _quarters(e)
    return len(evs)


EAR_INTERVAL_PARAMS = (
    Param("semitones", "multi", list(range(1, 13)), "Interval sizes in semitones (1 = minor 2nd ... 12 = octave; "
          "up to 19 for compound).", tuple(EAR_INTERVALS),
          levels=((3, 4, 5, 7, 12), tuple(range(1, 13)), tuple(EAR_INTERVALS))),
    Param("directions", "multi", list(EAR_DIRECTIONS), "Ascending, descending, harmonic.", EAR_DIRECTIONS,
          levels=(("ascending",), EAR_DIRECTIONS, EAR_DIRECTIONS)),
    answer_mode_param(("choice", "note_name")), DIFFICULTY,
)
EAR_CHORD_PARAMS = (
    Param("qualities", "multi", list(TRIADS), "Chord qualities.", tuple(CHORD_TYPES),
          levels=(("maj", "min"), TRIADS, tuple(CHORD_TYPES))),
    Param("inversions", "bool", False, "Play inversions too.", levels=(False, False, True)),
    Param("arpeggiate", "bool", True, "Play the notes one by one before the chord.", levels=(True, True, False)),
    Param("ask", "choice", "quality", "Name the quality, or the inversion (which member is in the bass).",
          ("quality", "inversion")),
    DIFFICULTY,
)
EAR_SCALE_PARAMS = (
    Param("scales", "multi", ["major", "natural-minor", "harmonic-minor", "melodic-minor"], "Scale types.",
          tuple(SCALE_TYPES), levels=(("major", "natural-minor"), ("major", "natural-minor", "harmonic-minor",
                                                                    "melodic-minor"), tuple(SCALE_TYPES))),
    Param("descending", "bool", False, "Sometimes play the scale descending.", levels=(False, False, True)),
    DIFFICULTY,
)
EAR_CADENCE_PARAMS = (
    Param("cadences", "multi", ["authentic", "plagal", "half", "deceptive"],
          "Cadences: authentic (either kind), perfect or imperfect authentic, half, Phrygian (minor keys), plagal, "
          "deceptive.", CADENCE_KINDS,
          levels=(("authentic", "half"), ("authentic", "plagal", "half", "deceptive"),
                  ("perfect-authentic", "imperfect-authentic", "half", "phrygian", "plagal", "deceptive"))),
    Param("keys", "multi", ["C", "G", "F", "D", "Bb"], "Keys (major names; lower case for minor).",
          ALL_KEYS + ALL_MINOR_KEYS, levels=(("C", "G", "F"), ("C", "G", "F", "D", "Bb", "a", "e", "d"),
                                             ALL_KEYS + ALL_MINOR_KEYS)),
    DIFFICULTY,
)
EAR_MELODY_PARAMS = (
    Param("keys", "multi", ["C", "G", "F", "D"], "Keys (major names; lower case for minor).",
          ALL_KEYS + ALL_MINOR_KEYS, levels=(("C", "G", "F"), ("C", "G", "F", "D", "a", "e", "d"),
                                             ALL_KEYS + ALL_MINOR_KEYS)),
    Param("rhythm", "bool", True, "Play the melody with a rhythm (else in even quarter notes).",
          levels=(False, True, True)),
    Param("length", "int", 5, "Notes in the melody.", minimum=3, maximum=10, levels=(3, 5, 8)),
    Param("max_leap", "int", 2, "Largest leap in scale steps.", minimum=1, maximum=4, levels=(1, 2, 4)),
    answer_mode_param(("note_name", "choice")), DIFFICULTY,
)
EAR_MELODY_RHYTHM_PARAMS = (
    Param("keys", "multi", ["C", "G", "F", "a", "e"], "Keys (major names; lower case for minor).",
          ALL_KEYS + ALL_MINOR_KEYS, levels=(("C", "G", "F"), ("C", "G", "F", "D", "a", "e", "d"),
                                             ALL_KEYS + ALL_MINOR_KEYS)),
    Param("length", "int", 6, "Notes in the melody.", minimum=3, maximum=10, levels=(4, 6, 8)),
    Param("max_leap", "int", 2, "Largest leap in scale steps.", minimum=1, maximum=4, levels=(1, 2, 4)),
    DIFFICULTY,
)
EAR_RHYTHM_PARAMS = (
    Param("meters", "multi", ["2/4", "3/4", "4/4"], "Time signatures.", FILLABLE,
          levels=(("2/4", "3/4", "4/4"), ("2/4", "3/4", "4/4", "6/8"), FILLABLE)),
    Param("bars", "int", 1, "Bars to play.", minimum=1, maximum=2, levels=(1, 1, 2)),
    DIFFICULTY,
)
EAR_SCALE_DEGREE_PARAMS = (
    Param("keys", "multi", ["C", "G", "F", "D", "Bb"], "Keys (major names; lower case for minor).",
          ALL_KEYS + ALL_MINOR_KEYS, levels=(("C", "G", "F"), ("C", "G", "F", "D", "Bb", "a", "e", "d"),
                                             ALL_KEYS + ALL_MINOR_KEYS)),
    DIFFICULTY,
)
