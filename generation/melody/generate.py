"""Constraint-compiled sampling of drills.

How the guarantees are kept, with no open-ended retry loop anywhere:

1. **Plan** (:mod:`.phrase`): a form for the length, phrases that end with a
   half and then an authentic cadence, and bars linked to earlier ones
   (repeat, sequence, rhythmic echo).
2. **Rhythm** is planned bar by bar from rhythm cells. A small dynamic
   programme over beats tells, at every beat, which cells still leave a
   fillable remainder, so sampling a bar never dead-ends; target rhythms are
   placed first; a linked bar takes its source's rhythm.
3. **Pitch**: every constraint becomes a per-note set of allowed pitches
   (range, key, tonic start/end, chord tones on strong beats, cadence
   degrees) or a per-step mask (largest leap, allowed intervals, chromatic
   notes approached and left by step, no augmented second outside harmonic
   minor). Target notes and intervals per window are counted by the
   automaton of :mod:`.search`, whose backward pass proves whether any pitch
   sequence meets everything; sampling forward inside it always finishes.
4. When nothing fits, denser rhythms are tried, then the densest rhythm
   under the request's own constraints alone; only then is the request
   refused, with the first constraint that empties the search named.
5. Inside the feasible sets, the plan's pitch where it is feasible, else the
   learned model (Markov, or the LSTM of :mod:`.neural`) plus level biases
   and a temperature chooses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from fractions import Fraction

import numpy as np

from music.chord import ChordSpec, parse_progression, tonic_chord
from music.duration import AFTER_REST
from music.interval import MelodicInterval, interval_between, melodic_interval, parse_interval
from music.key import Key, key_pitches, make_key, raised_degrees
from music.pitch import Pitch, parse_pitch
from music.scale import MODE_STEPS
from music.spelling import spell_in_key

from .check import check_drill
from .drill import Drill, DrillNote
from .errors import InfeasibleRequest
from .model import COPY_RUN_NOTES, MAX_STEP, MelodyModel, load_model, pitch_contexts, rhythm_contexts
from .neural import NO_STEP, NeuralStepModel, beat_class, length_class, load_neural
from .params import DrillParams, form_sections, parse_target_note, pattern_value
from .phrase import BarLink, plan_phrases
from .rhythm import COMPOUND_COUNTERPARTS, Cell, Meter, cell_for_tag, parse_meter
from .search import QuotaAutomaton
from .structure import spells_triad, tritone_resolution

#: Spots the planner of target rhythms may try in one window before it gives up (a 2-bar window of two
#: targets needs a few dozen; the bound keeps a quota of 8 in 8 bars from searching for long).
TARGET_SEARCH_NODES = 20_000
DENSITY_LADDER = (0.0, 2.0, 6.0)  # rhythm density exponents tried in turn when targets do not fit (last: densest)
MIN_SCALE_NOTES = 2  # a melody moves: one pitch of the key in the range is no melody
CHROMATIC_WEIGHT = 0.08  # relative weight of an unasked-for chromatic note
APPLIED_TONE_WEIGHT = 4.0  # relative weight of an applied chord's borrowed tone in its bar (accidentals on)
MAX_BACKTRACK_STEPS = 200  # notes the sampler may undo to avoid copying the corpus
PLAN_ENTRY_LEAP = 7  # semitones: the widest move into a planned pitch that its source did not make itself
FOLLOW_PLAN = 0.97  # chance that a note takes the pitch its phrase plan asks, where that is feasible
COPY_PENALTY = 1e-6  # weight of a note that would complete a 9-note run copied from the corpus
#: The narrowest span (semitones) a phrase of a melody drill should cover at each level: a phrase that
#: circles three notes for four bars is dull to sing and teaches little. Sought by resampling (at most
#: PHRASE_SPAN_TRIES melodies, the widest kept), never at the cost of a constraint.
MIN_PHRASE_SPAN = {1: 4, 2: 5, 3: 7, 4: 7, 5: 7, 6: 7}
#: Five tries since tunes come home to the tonic they start on and ask at their midpoint (level 3, G major,
#: seeds 0-129, phrases under a fifth: 38 of 309 on main, 42 with four tries, 39 with five, 35 with six). Eight since
#: tunes start on mi as well (level 3, G major, seeds 0-599: 0.110 of 1369 phrases narrow with tonic starts and five
#: tries; with the new openings 0.143 of seeds 0-299 with five, 0.113 with seven, 0.102 of all 600 with eight; mi
#: starts stay the narrower, 0.15 against 0.10 for do).
PHRASE_SPAN_TRIES = 8
#: Weight of a step back after a leap of a fourth or more (gap fill). 2.5 recovered 0.38 of leaps against
#: the held-out songs' 0.27; 1.3 recovers 0.27. Repeated notes are no longer damped by the step bias: the
#: damping left drills with 0.06 repeated notes at level 2 against the songs' 0.20.
GAP_FILL = 1.3
#: After a leap (as above), the weight of another leap of a third or more the same way (C4 F4 A4): the drills
#: went on 0.089 of their leaps, the held-out Essen songs 0.060 (benchmarks/drill_audit.py, seed 1). 0.5 before the
#: openings on mi and sol: tests/generation/test_shape.py's keys at levels 4-6 with seeds 0-39 (240 drills) went on
#: 0.054 of their leaps with tonic starts and 0.065 with the new ones (sol starts 0.072: from the top of the first
#: phrase a tune arpeggiates down, E5 B4 G4, and up again to pass it); with 0.35, 0.054.
LEAP_ON = 0.35
#: The same where the three notes outline no major or minor triad (D4 G4 C5, Bb3 F4 Ab4): a sight-singer hears a
#: leap on through a chord as an arpeggio and any other as a line that lost its way. After a leap the line turns
#: back, unless it is spelling a chord. The second leap is also looked for one note ahead, where the next note is
#: all but fixed: the final tonic, a returning bar's planned note, or the only notes the constraints leave
#: (benchmarks/README_generation.md, ninth round).
LEAP_ON_OFF_CHORD = 0.1
#: The weight of striking the tune's highest note so far again, in a new place (not sung again at once): a
#: tune climbs to one high point; struck in three or more places it has none.
PEAK_AGAIN = 0.6
#: The same where that note is the tune's first: opening on the sol over its tonic, the drills struck their opening
#: note in three or more places and never climbed past it (9 of the 13 sol starts so flagged in 360 audit requests,
#: seed 1; 36 % of the mi and sol starts flagged against 24 % of the do starts).
PEAK_AGAIN_OPENING = 0.3
#: A tune saves its high point for the bars its plan names (``PhrasePlan.climax`` and the CLIMAX_BARS - 1 after
#: it). There a note above everything sung so far weighs REACH_TOP and any other rise CLIMB (not a second leap up);
#: elsewhere a note above everything so far, and more than CLIMAX_ROOM semitones above the first note, weighs
#: SAVE_TOP. Unplanned, the drills first reached their highest note at 0.26 of the tune, the held-out Essen songs
#: at 0.38 (benchmarks/README_generation.md, fourth round; without the room, tunes sat on their first note).
SAVE_TOP, REACH_TOP, CLIMB, CLIMAX_BARS, CLIMAX_ROOM = 0.1, 6.0, 2.0, 2, 3
#: Before its high point a tune keeps under the fifth over the tonic it set out from, whatever its first note (_lid).
OPENING_CEILING = 7
#: Where the start of a tune is sought, as a share of the range from its lowest note (room to rise); the final
#: tonic is the one nearest it, so that a tune comes home where it began, not on a tonic above everything sung.
START_AT = 0.4
HOME_APPROACH = 7  # semitones: the widest move into the final tonic so held (from the fifth below)
#: Scale steps from which a move is a leap that asks for a gap fill: a fourth in a seven-note key; in a
#: pentatonic key two of its steps (a third or a fourth, C-E or E-A).
LEAP_STEPS, PENTATONIC_LEAP_STEPS = 3, 2
#: The weight of a fourth note of one pitch in a row, and the factor again for each note that lengthens the run (a fifth
#: 0.01, a sixth 0.001): three of one pitch is a figure, four a drone. Weighed as the fourth, a fifth and sixth note
#: left the audit's drills droning (4+ of one pitch in 66, 70, 96, 81 drills of seeds 1-4, 5+ in 47 of seeds 2-4's
#: 2114). The notes a returning bar will take after it count in the run (``_run_ahead``): the bar before one that opens
#: with repeated notes ended on their pitch and ran across the bar line (G4 G4 G4 | G4 G4 F#4); and a returning bar
#: does not sing its source's pitch again where that lengthens a run its source did not have.
FOURTH_REPEAT = 0.1
#: The factor again for a fifth note of one pitch and each after it (a fifth weighs 0.1 * 0.001). At 0.01 a fifth still
#: came where a chord chart's strong beat left the run's pitch and leaps only (E4 E4 E4 E4 E4 over I in E mixolydian
#: 2/2 at level 2, its leaps damped by the level and the saved high point: 4 of seeds 2-4's 2114 audit drills).
FIFTH_REPEAT = 0.001
#: At levels 1-3, the weight of an augmented or diminished melodic interval (fa-ti, ti-me, le-ti). Pulled toward
#: fa and me (MINOR_DEGREE_PULL) and set out from mi and sol, the audit's drills sang them in 20, 21, 21, 17 drills of
#: seeds 1-4 against 16, 23, 19, 12; a beginner hears and pitches them worst. A target or allowed interval keeps
#: its own weight.
AWKWARD_EARLY, AWKWARD_LEVELS = 0.3, 3
#: Up to this level a melodic tritone (fa-ti, ti-fa; re-le in minor) resolves by step the way it leans: ti up to do,
#: fa down to mi (``structure.tritone_resolution``). A sight-singer below the advanced levels is taught the tritone
#: only so (Kodaly's fa-ti, the intermediate levels of sight-reading courses); left by a leap it is an advanced skill.
#: A request that asks for tritones (a target or allowed interval) keeps them free.
TRITONE_RESOLVE_LEVELS = 4
#: There, the weight of a note after a tritone other than its resolution, and of a tritone whose next note cannot be
#: its resolution (the final note, a returning bar's planned note, the notes the constraints leave). Unweighed, seed 1's
#: first 360 audit requests sang 5 and 8 tritones at levels 3 and 4, 2 and 3 of them left by a leap
#: (benchmarks/README_generation.md, eleventh round).
TRITONE_UNRESOLVED = 1e-3
#: In a seven-note key, the weight of the dominant as the note before the final tonic (a leap home, sol-do). The
#: held-out Essen songs come home by step (re-do 48 %, ti-do 18 %, do-do 9 %) and from sol in 4.5 % of them; the
#: audit's drills came from sol in 34 % (benchmarks/README_generation.md, fifth round).
FINAL_FROM_FIFTH = 0.05
HOME_STEP = 4  # semitones: a move into the final tonic wider than a major third leaps home
#: In the bar before the held final tonic, the weight of a note within a third of it. A tune that starts on the sol
#: above its tonic (START_DEGREES) echoes that opening in its last phrase and hovered there until the end, leaping
#: home from sol (13 of 40 drills of tests/generation/test_shape.py, all opening on sol, against 3 with tonic starts;
#: 6 with a weight of 6, 5 with 10); songs come down to their tonic's neighbours before the cadence.
NEAR_HOME, NEAR_HOME_WEIGHT = 4, 10.0
#: Major drills sang their tonic, la and ti more than the held-out Essen songs and mi, fa and sol less (share of
#: the notes between the first and the last, 200 drills at levels 2-6: do 0.235, re 0.187, mi 0.115, fa 0.058,
#: sol 0.148, la 0.128, ti 0.108; the songs that end on their tonic 0.183, 0.168, 0.175, 0.107, 0.204, 0.074,
#: 0.055): each letter degree's weight (do..ti) is the songs' share over the drills', so that a tune outlines its
#: tonic triad as the songs do (benchmarks/README_generation.md, fifth round). Not the note before the final.
MAJOR_DEGREE_PULL = (0.78, 0.90, 1.52, 1.84, 1.38, 0.58, 0.51)
#: The same for the modes with a minor third. The bundled Essen songs carry no minor mode (their ABC keys are
#: signatures), so the reference is Aarden's profile of the Essen collection's minor songs (music21's
#: ``AardenEssenAnalysis``, the 6th and 7th taking their raised forms' weight too): do 0.187, re 0.144, me 0.172,
#: fa 0.148, sol 0.190, le 0.066, te 0.093. Its major profile matches the held-out Essen songs' shares above within
#: 0.03, and O'Neill's and Ryan's minor tunes (31,730 inner notes) within 0.03 but for te (0.152: fiddle tunes use
#: the subtonic more). The drills without a pull (natural minor, dorian and phrygian, 150 each at levels 2-6) sang
#: do 0.223, re 0.203, me 0.142, fa 0.089, sol 0.130, le 0.075, te 0.138; each weight is the profile's share over that.
MINOR_DEGREE_PULL = (0.84, 0.71, 1.21, 1.65, 1.46, 0.89, 0.67)
#: A modal drill is heard as its mode through the degree that sets it apart from major or minor (dorian's raised
#: 6th, phrygian's lowered 2nd, lydian's raised 4th, mixolydian's lowered 7th): its weight is at least
#: CHARACTERISTIC_PULL. Ryan's dorian tunes sing their 6th in 0.104 of their inner notes, O'Neill's and Ryan's
#: mixolydian tunes their 7th in 0.095 and 0.107; under the family's pull with the degree left at 1.0 the drills sang
#: 0.074 and 0.077 (150 each), with 1.4 about 0.1.
CHARACTERISTIC_DEGREE = {"dorian": 5, "phrygian": 1, "lydian": 3, "mixolydian": 6}
CHARACTERISTIC_PULL = 1.4
#: Where a melody in a seven-note key starts (letter degree: weight). The Essen songs that begin on a downbeat, as a
#: drill does (2,716 of 8,496), begin on do 34 %, mi 17 %, sol 30 % (re 9 %, la 10 %); O'Neill's and Ryan's minor
#: tunes (95 such) on do 44 %, me 14 %, sol 34 %. A sight-singing drill starts on a tone of the tonic triad, at
#: the songs' shares, with the first bar's strong beats on it too so the tonic is heard (OPENING_TRIAD).
START_DEGREES = {0: 0.42, 2: 0.21, 4: 0.37}
#: A start on mi or sol lies above the tonic the tune comes home to, within this many semitones (a third or a
#: fifth). Set out from the sol below, the drills kept under their tonic and rose to it at the end: the last note
#: above the whole tune in 15 of 696 audit drills (seed 1) against 3; songs rise from a low sol at once, mostly
#: from a pickup, which a drill has not.
START_NEAR = 7
#: A start on mi or sol leaves at least this many semitones of the range above it, room for the high point the plan
#: saves for later (CLIMAX_BARS); the start degrees are tried with room first. Opening on the sol at the top of the
#: range (G5 in D4-G5), 19 of tests/generation/test_shape.py's 60 climax drills struck their high point in their first
#: eighth, 15 allowed; with the room and the lid no higher than the sol itself (_lid), 14.
START_ROOM = 4
#: In a pentatonic key, after this many notes on only two pitches, the weight of staying on them. Five notes
#: leave the sampler fewer neighbours: without it the longest two-pitch stretch averaged 6.4 notes (18 at
#: worst) over benchmarks/pentatonic.py's 105 drills; with it 5.3 (9), seven-note drills 5.9 (10).
TWO_NOTE_RUN, TWO_NOTE_RUN_WEIGHT = 5, 0.1
#: The pitch-step model drills use unless they name one: the LSTM has the better held-out likelihood
#: (benchmarks/README_generation.md); without its checkpoint the Markov model steps in.
DEFAULT_MELODY_MODEL = "lstm"


@dataclass
class _Slot:
    """One note position before pitches are chosen."""

    duration: Fraction
    offset: Fraction
    bar: int
    strong: bool
    cell: str
    tuplet: bool
    tie_at: Fraction | None
    rest: Fraction = Fraction(0)  # silence at the end of the slot (the bar after a held final note)


def generate_drill(params: DrillParams, *, model: MelodyModel | None = None,
                   neural: NeuralStepModel | None = None) -> Drill:
    """Make a drill that meets every constraint in ``params`` or raise.

    Raises :class:`InvalidParams` for malformed parameters and
    :class:`InfeasibleRequest` (one line naming the constraint) when no drill
    can meet them. The same ``params`` with the same ``seed`` give the same
    drill; without a seed one is drawn and stored in ``drill.params.seed``.
    """
    params.validate()
    if params.seed is None:
        params = params.replace(seed=int(np.random.default_rng().integers(0, 2**31 - 1)))
    rng = np.random.default_rng(params.seed)
    if neural is None and model is None and (params.melody_model or DEFAULT_MELODY_MODEL) == "lstm":
        neural = load_neural()
    model = model if model is not None else load_model()
    key = make_key(params.key, params.mode)
    meter = parse_meter(params.meter)
    drill = _Builder(params, key, meter, model, rng, neural=neural).build()
    # The construction above is meant to keep every constraint; the independent check makes that a promise:
    # a drill that fails it is refused (and reported), never handed out.
    problems = check_drill(drill)
    if problems:
        raise InfeasibleRequest(f"internal: the drill made broke a constraint ({problems[0]}); please report it")
    return drill


class _Builder:
    def __init__(self, params: DrillParams, key: Key, meter: Meter, model: MelodyModel,
                 rng: np.random.Generator, *, neural: NeuralStepModel | None = None) -> None:
        self.p = params
        self.neural = neural
        self.key = key
        self.meter = meter
        self.model = model
        self.rng = rng
        self.low = parse_pitch(params.low).midi
        self.high = parse_pitch(params.high).midi
        self.windows = _windows(params.bars, params.quota_window)
        _phrase_length(params)  # a form that does not divide the bars is refused here
        self.plan = plan_phrases(params.bars, params.form, rng, structured=params.kind == "melody")
        self._style = True
        self._held_final = True
        self.target_intervals = [parse_interval(t) for t in params.target_intervals]
        self.allowed_intervals = [parse_interval(t) for t in params.allowed_intervals]
        self._allowed_cache: list[Cell] = []
        self._bar_chords: list[ChordSpec | None] = []
        self._density_floor = 0.0
        self._home_midi: int | None = None  # the final tonic a melody is held to (_anchored)
        self._start_tonic: int | None = None  # the tonic a varied start is placed over (_anchored)
        varied = params.kind == "melody" and varied_start_key(key)
        #: The letter degree the request pins the first note to ("start on sol"), a hard rule.
        self.pinned_start = params.start_degree - 1 if params.start_degree is not None else None
        #: The first note is the tonic, a hard rule (asked, or the default for drills other than melodies).
        self.tonic_start = (params.start_on_tonic is True or self.pinned_start == 0
                            or (params.start_on_tonic is None and self.pinned_start is None and not varied))
        #: Otherwise the letter degrees it is sought on, in turn (one drawn at START_DEGREES' odds first).
        if self.pinned_start is not None and not self.tonic_start:
            self.start_degrees = [self.pinned_start]
        elif varied and not self.tonic_start:
            self.start_degrees = _start_order(rng, tonic=params.start_on_tonic is None)
        else:
            self.start_degrees = []

    # ================================================================ top level

    def build(self) -> Drill:
        universe = self._universe()
        chords = self._chords()
        self._bar_chords = chords
        pitches: list[Pitch] | None = None
        # The sampled rhythm first; when no pitches fit it, denser rhythms, then the densest rhythm with a
        # final bar of several notes (a target quota may need them), then the densest rhythm under the
        # request's own constraints alone (cadence and chromatic rules dropped). Only then is it refused,
        # the search having shown that no melody over the densest rhythm meets the constraints.
        # The held final bar (a tune ends on the downbeat) outlasts the other style rules: a request whose targets
        # fit only without the cadence degrees still ends on its downbeat (level 1, four bars, a target in the last
        # two: the half cadence's degree left no room for the target, and the tune ended on beat 2).
        attempts = ([(density, True, True) for density in DENSITY_LADDER]
                    + [(DENSITY_LADDER[-1], True, False), (DENSITY_LADDER[-1], False, True),
                       (DENSITY_LADDER[-1], False, False)])
        for density, style, held in attempts:
            self._density_floor, self._style, self._held_final = density, style, held
            slots = self._rhythm(universe)
            pitches = self._pitches(universe, slots, chords, style=style)
            if pitches is not None:
                break
        if pitches is None:
            raise self._diagnose(universe, slots, chords)
        notes = [
            DrillNote(pitch=pitches[i], duration=s.duration, offset=s.offset, bar=s.bar, strong=s.strong,
                      cell=s.cell, tuplet=s.tuplet, tie_at=s.tie_at, rest=s.rest)
            for i, s in enumerate(slots)
        ]
        phrase_ends = self._phrase_end_indices(slots)
        if self.p.rests:
            notes = self._place_rests(notes, phrase_ends)
        drill = Drill(params=self.p, key=self.key, meter=self.meter, notes=notes, chords=chords,
                      windows=self.windows, phrase_ends=phrase_ends)
        drill.tags = _tags(drill)
        return drill

    def _place_rests(self, notes: list[DrillNote], phrase_ends: list[int]) -> list[DrillNote]:
        """Cut ``params.rests`` notes per window short with a rest, so the next note enters after silence.

        Candidates are untied, untupleted notes of a beat or longer that are not
        the last note; phrase ends come first, then longer notes. The slot keeps
        its length (bars stay full); the note sounds ``duration - rest``.
        """
        out = list(notes)
        ends = set(phrase_ends)
        for b0, b1 in self.windows:
            candidates = [i for i, n in enumerate(out[:-1]) if b0 <= n.bar < b1 and not n.tuplet
                          and n.tie_at is None and n.duration >= 1]
            self.rng.shuffle(candidates)
            candidates.sort(key=lambda i: (i not in ends, -out[i].duration))
            for i in candidates[: self.p.rests]:
                n = out[i]
                rest = Fraction(1, 2) if n.duration < 2 else Fraction(1) if n.duration < 4 else Fraction(2)
                out[i] = replace(n, rest=rest)
        return out

    # ================================================================ pitches available

    def _universe(self) -> list[Pitch]:
        p = self.p
        scale = list(key_pitches(self.key, self.low, self.high))
        label = self.key.label
        if p.kind != "rhythm" and p.max_leap == 0:
            raise InfeasibleRequest("max_leap: 0 semitones allows no move at all; a melody needs at least 1")
        if p.kind == "rhythm" and (p.target_notes or p.target_intervals):
            raise InfeasibleRequest("kind: a rhythm drill repeats one pitch, so it holds no target notes or intervals")
        if p.kind == "scale":
            for iv in self.target_intervals:
                if abs(iv.steps) != 1:
                    raise InfeasibleRequest(f"kind: a scale drill moves by step, so it cannot hold {iv.name}")
        if p.kind == "rhythm":
            tonics = [x for x in scale if self.key.degree_of(x) == 0]
            if not tonics:
                raise InfeasibleRequest(f"range: {p.range_text} holds no {self.key.tonic} for a rhythm drill")
            centre = (self.low + self.high) / 2
            return [min(tonics, key=lambda x: abs(x.midi - centre))]
        if len(scale) < MIN_SCALE_NOTES and p.kind != "interval":
            raise InfeasibleRequest(
                f"range: {p.range_text} holds only {len(scale)} note(s) of {label}; a melody needs {MIN_SCALE_NOTES}"
            )
        if (self.tonic_start or p.end_on_tonic) and not any(self.key.degree_of(x) == 0 for x in scale):
            raise InfeasibleRequest(f"range: {p.range_text} holds no {self.key.tonic} to start and end on")
        pool = {x.midi: x for x in scale}
        # A pentatonic drill keeps to its five notes: the level's accidentals do not apply to it.
        if p.accidentals and p.kind == "melody" and not self.key.pentatonic:
            for x in raised_degrees(self.key, self.low, self.high):
                pool.setdefault(x.midi, x)
        for text in p.target_notes:
            midi, pc = parse_target_note(text)
            candidates = [m for m in range(self.low, self.high + 1) if m % 12 == pc and (midi is None or m == midi)]
            if not candidates:
                raise InfeasibleRequest(f"target_notes: {text} is outside the range {p.range_text}")
            if self.key.degree_of_pc(pc) < 0 and self.key.pentatonic:
                raise InfeasibleRequest(f"target_notes: {text} is not one of the five notes of {label} "
                                        f"({' '.join(pentatonic_names(self.key))})")
            if self.key.degree_of_pc(pc) < 0:
                # A note outside the mode is a request to practise it (C# in D minor is the leading note):
                # spelled as the key implies, and resolved by step like any chromatic note.
                if p.kind == "scale":
                    raise InfeasibleRequest(f"target_notes: a scale drill of {label} holds no {text}")
                for m in candidates:
                    pool[m] = spell_in_key(m, self.key)
        for iv in self.target_intervals:
            if abs(iv.semitones) > p.max_leap:
                raise InfeasibleRequest(f"target_intervals: {iv.name} is larger than max_leap {p.max_leap} semitones")
            if self.allowed_intervals and not any(_same_size(iv, a) for a in self.allowed_intervals):
                raise InfeasibleRequest(f"target_intervals: {iv.name} is not among the allowed intervals")
            if abs(iv.semitones) > self.high - self.low:
                raise InfeasibleRequest(f"target_intervals: {iv.name} does not fit in the range {p.range_text}")
            if self.key.pentatonic and not any(iv.matches(a, b) for a in scale for b in scale):
                raise InfeasibleRequest(f"target_intervals: {iv.name} is not found between the five notes of {label} "
                                        f"({' '.join(pentatonic_names(self.key))}) in the range {p.range_text}")
        if p.kind == "scale":
            return [x for x in scale]
        return sorted(pool.values(), key=lambda x: x.midi)

    def _chords(self) -> list[ChordSpec | None]:
        p = self.p
        if not p.progression or p.kind != "melody":
            return [None] * p.bars
        chart = parse_progression(p.progression, self.key)
        chords: list[ChordSpec | None] = [chart[b % len(chart)] for b in range(p.bars)]
        if p.end_on_tonic and (p.cadences or self.key.tonic_pc not in (chords[-1] or tonic_chord(self.key)).pcs):
            # A drill that ends on the tonic ends on the tonic chord: the final cadence.
            chords[-1] = tonic_chord(self.key)
        return chords

    # ================================================================ rhythm

    def _rhythm(self, universe: list[Pitch]) -> list[_Slot]:
        p, meter = self.p, self.meter
        if p.rhythm_pattern and p.kind in ("melody", "rhythm"):
            if p.target_rhythms:
                # Every note takes the pattern's value in turn: no room is left to place a target cell.
                raise InfeasibleRequest(f"target_rhythms: {', '.join(p.target_rhythms)} cannot be placed in a drill "
                                        "that follows rhythm_pattern note by note; ask for one or the other")
            return self._pattern_rhythm()
        if p.kind == "scale":
            return self._even_rhythm()
        if p.kind == "interval":
            return self._interval_rhythm()
        vocab = p.vocabulary()
        allowed = [c for c in meter.cells if vocab.allows(c, meter)]
        target_cells: list[list[Cell]] = []
        for tag in p.target_rhythms:
            cells = cell_for_tag(tag, meter)
            if not cells:
                counterpart = COMPOUND_COUNTERPARTS.get(tag.removeprefix("rhy:")) if meter.compound else None
                if counterpart:
                    # The words reader makes this swap itself; a tag given as a parameter is refused with it named.
                    raise InfeasibleRequest(f"target_rhythms: {tag} has no form in {meter.text}; "
                                            f"in compound time ask for {counterpart}")
                raise InfeasibleRequest(f"target_rhythms: {tag} has no form in {meter.text}")
            fitting = [c for c in cells if c.beats <= meter.beats]
            if not fitting:
                raise InfeasibleRequest(f"target_rhythms: {tag} does not fit in a bar of {meter.text}")
            target_cells.append(fitting)
            allowed += [c for c in fitting if c not in allowed]
        if not any(c.beats == 1 for c in allowed) and not _fillable(allowed, meter, "normal"):
            raise InfeasibleRequest(f"durations: the rhythm vocabulary cannot fill a bar of {meter.text}")
        self._allowed_cache = allowed
        bars: list[list[tuple[int, Cell]] | None] = [None] * p.bars
        densest = self._density_floor >= DENSITY_LADDER[-1]
        for b0, b1 in self.windows:
            fixed = self._place_rhythm_targets(b0, b1, target_cells)
            for b in range(b0, b1):
                link = self.plan.links.get(b)
                role = self._bar_role(b)
                if (link is not None and bars[link.source] is not None and not fixed.get(b) and not densest
                        and role in ("normal", self._bar_role(link.source))):
                    bars[b] = list(bars[link.source] or [])  # the linked bar's rhythm returns
                    continue
                bars[b] = self._sample_bar(b, allowed, fixed.get(b, {}), self._density_floor, densest=densest)
        return self._slots_from_cells([bar or [] for bar in bars])

    def _bar_role(self, bar: int) -> str:
        """``final`` and ``phrase`` bars end on one longer note (a cadence); rules of style, dropped when searching."""
        p = self.p
        if not self._style:
            return "normal"
        if bar == p.bars - 1 and (p.end_on_tonic or p.cadences):
            return "final"
        if p.cadences and bar in self.plan.cadences:
            return "phrase"
        return "normal"

    def _holds_final(self, bar: int) -> bool:
        """The final bar is one note held from its downbeat (a tune ends there, as a teacher writes it); kept
        when the other style rules are dropped, until the last try."""
        p = self.p
        return (self._held_final and p.bars >= 2 and bar == p.bars - 1 and (p.end_on_tonic or p.cadences))

    def _place_rhythm_targets(self, b0: int, b1: int, target_cells: list[list[Cell]]) -> dict[int, dict[int, Cell]]:
        """Fix ``quota`` cells of every target rhythm in bars ``b0..b1-1``, leaving each bar fillable.

        All the targets are planned together, before any bar is filled: a search over (bar, beat, cell) spots
        that never puts two cells on one beat and backs up when a later target finds no room, so a window
        that can hold every quota gets them all. Bars first keep their cadence (a phrase or the drill ends
        on a long note); when that leaves no room, the targets may take the cadence's place. When no
        arrangement holds them all, the request is refused up front, naming the targets and the bars.
        """
        for strict in (True, False):
            placed = self._search_target_spots(b0, b1, target_cells, strict=strict)
            if placed is not None:
                return placed
        tags = list(dict.fromkeys(options[0].tag for options in target_cells))
        if len(tags) == 1:
            raise InfeasibleRequest(
                f"target_rhythms: {tags[0]} cannot be placed {self.p.quota} time(s) in bars {b0 + 1}-{b1}")
        named = f"{', '.join(tags[:-1])} and {tags[-1]}"
        raise InfeasibleRequest(f"target_rhythms: {named} cannot all be placed {self.p.quota} time(s) "
                                f"in bars {b0 + 1}-{b1} of {self.meter.text}")

    def _search_target_spots(self, b0: int, b1: int, target_cells: list[list[Cell]], *,
                             strict: bool) -> dict[int, dict[int, Cell]] | None:
        """One arrangement of every target's quota in the window (``None`` when there is none, or when
        :data:`TARGET_SEARCH_NODES` spots were tried without one). ``strict`` keeps each bar's cadence role."""
        beats = self.meter.beats
        items: list[list[tuple[int, int, Cell]]] = []
        for options in target_cells:
            spots = [(b, beat, c) for b in range(b0, b1) for c in options for beat in range(beats)
                     if _cell_fits(c, beat, beats)]
            self.rng.shuffle(spots)
            items += [spots] * self.p.quota
        # Beats the targets still to place need at the least (a cheap bound that cuts hopeless branches).
        need = [min(c.beats for _, _, c in spots) if spots else beats + 1 for spots in items] + [0]
        for k in range(len(items) - 1, -1, -1):
            need[k] += need[k + 1]
        fixed: dict[int, dict[int, Cell]] = {}
        budget = [TARGET_SEARCH_NODES]

        def place(k: int, start: int) -> bool:
            if k == len(items):
                return True
            used = sum(c.beats for bar in fixed.values() for c in bar.values())
            if need[k] > (b1 - b0) * beats - used:
                return False
            # Copies of one target take spots in list order, so no arrangement is tried twice.
            first = start if k > 0 and items[k] is items[k - 1] else 0
            for j in range(first, len(items[k])):
                if budget[0] <= 0:
                    return False
                budget[0] -= 1
                b, beat, c = items[k][j]
                taken = fixed.get(b, {})
                if beat in taken:
                    continue
                trial = {**taken, beat: c}
                role = self._bar_role(b) if strict else "normal"
                if strict and self._holds_final(b):
                    if _held_final_cell(self._allowed_cache, self.meter, trial) is None:
                        continue  # a held final bar takes a target only as its held note
                elif _overlaps(trial) or not _fill_table(self._allowed_cache, self.meter, role, trial)[0]:
                    continue
                fixed[b] = trial
                if place(k + 1, j + 1):
                    return True
                if taken:
                    fixed[b] = taken
                else:
                    del fixed[b]
            return False

        return fixed if place(0, 0) else None

    def _sample_bar(self, bar: int, allowed: list[Cell], fixed: dict[int, Cell], density: float, *,
                    densest: bool = False) -> list[tuple[int, Cell]]:
        meter = self.meter
        role = self._bar_role(bar)
        self._allowed_cache = allowed
        ok = False
        can: list[bool] = []
        if self._holds_final(bar):
            held = _held_final_cell(allowed, meter, fixed)
            if held is not None:
                return [(0, held)]
        if role == "final":
            # The last note lands on a strong beat where the vocabulary allows (a dotted half on the downbeat
            # of 3/4, not a half on its weak second beat); else on any beat, as long as it is long.
            ok, can = _fill_table(allowed, meter, "final-strong", fixed)
            role = "final-strong" if ok else role
        if not ok:
            ok, can = _fill_table(allowed, meter, role, fixed)
        if not ok:
            # The final/phrase-end rule could not be met with this vocabulary: fall back to a plain bar.
            role = "normal"
            ok, can = _fill_table(allowed, meter, role, fixed)
            if not ok:
                raise InfeasibleRequest(f"durations: the rhythm vocabulary cannot fill bar {bar + 1} of {meter.text}")
        most = _most_notes(allowed, meter, role, fixed, can) if densest else []
        out: list[tuple[int, Cell]] = []
        beat = 0
        prev: str | None = None
        names = tuple(c.name for c in allowed)
        while beat < meter.beats:
            if beat in fixed:
                cell = fixed[beat]
            else:
                options = [c for c in allowed if _cell_ok(c, beat, meter, role, fixed) and can[beat + c.beats]]
                weights = self.model.cell_weights(rhythm_contexts(meter.family, beat, prev), names)
                w = np.array([weights[names.index(c.name)] for c in options], dtype=float)
                w *= np.array([self.p.syncopation_bias if "syncopation" in c.needs else 1.0 for c in options])
                if densest:
                    # The most notes this bar can hold: only cells on a path to the maximum count.
                    best = max(c.notes + most[beat + c.beats] for c in options)
                    w = np.array([1.0 if c.notes + most[beat + c.beats] == best else 0.0 for c in options]) * (w + 1e-9)
                elif density:
                    w *= np.array([float(c.notes) ** density for c in options])
                w = np.maximum(w, 1e-12)
                cell = options[int(self.rng.choice(len(options), p=w / w.sum()))]
            out.append((beat, cell))
            prev = cell.name
            beat += cell.beats
        return out

    def _pattern_rhythm(self) -> list[_Slot]:
        """The asked pattern laid end to end from the first beat; a note may not cross a bar line."""
        meter = self.meter
        values = [pattern_value(v) for v in self.p.rhythm_pattern]
        slots: list[_Slot] = []
        pos, k = Fraction(0), 0
        total = meter.bar_length * self.p.bars
        while pos < total:
            d = values[k % len(values)]
            bar = int(pos // meter.bar_length)
            if pos + d > (bar + 1) * meter.bar_length:
                raise InfeasibleRequest(
                    f"rhythm_pattern: its {float(sum(values)):g} quarter beats cross the bar lines of {meter.text}; "
                    "a meter whose bar it fills (or divides) would hold it")
            in_bar = pos - bar * meter.bar_length
            strong = in_bar % meter.beat_length == 0 and int(in_bar / meter.beat_length) in meter.strong_beats
            slots.append(_Slot(d, pos, bar, strong, "pattern", d.denominator % 3 == 0, None))
            pos += d
            k += 1
        return slots

    def _even_rhythm(self) -> list[_Slot]:
        """Scale drills: a steady value (quarters at levels 1-2, else eighths) and a long last note."""
        meter = self.meter
        value = meter.beat_length if (self.p.level <= 2 or meter.compound) else meter.beat_length / 2
        if meter.compound:
            value = Fraction(1, 2) if self.p.level > 2 else Fraction(3, 2)
        cells: list[list[tuple[int, Cell]]] = []
        per_beat = int(meter.beat_length / value) if value <= meter.beat_length else 1
        unit = Cell(f"even{value}", (value,) * per_beat, 1, frozenset(), frozenset({value}))
        last = Cell("long", (meter.bar_length,), meter.beats, frozenset(), frozenset())
        for b in range(self.p.bars):
            if b == self.p.bars - 1:
                cells.append([(0, last)])
            else:
                cells.append([(beat, unit) for beat in range(meter.beats)])
        return self._slots_from_cells(cells)

    def _interval_rhythm(self) -> list[_Slot]:
        """Interval drills: pairs of notes, one beat (or more) each; a bar of 3 beats holds 1 + 2."""
        meter = self.meter
        cells: list[list[tuple[int, Cell]]] = []
        one = Cell("pair-note", (meter.beat_length,), 1, frozenset(), frozenset())
        two = Cell("pair-long", (2 * meter.beat_length,), 2, frozenset(), frozenset())
        for _ in range(self.p.bars):
            if meter.beats % 2 == 0:
                cells.append([(b, one) for b in range(meter.beats)])
            elif meter.beats == 1:
                cells.append([(0, one)])
            else:
                row = [(b, one) for b in range(meter.beats - 3)] + [(meter.beats - 3, one), (meter.beats - 2, two)]
                cells.append(row)
        return self._slots_from_cells(cells)

    def _slots_from_cells(self, bars: list[list[tuple[int, Cell]]]) -> list[_Slot]:
        meter = self.meter
        slots: list[_Slot] = []
        for b, bar in enumerate(bars):
            for beat, cell in bar:
                pos = beat * meter.beat_length
                for k, d in enumerate(cell.durations):
                    strong = pos % meter.beat_length == 0 and int(pos / meter.beat_length) in meter.strong_beats
                    tie_at = None
                    if cell.tag == "tie" and k == len(cell.durations) - 1:
                        boundary = (pos // meter.beat_length + 1) * meter.beat_length
                        tie_at = boundary - pos
                    tuplet = d.denominator % 3 == 0
                    slots.append(_Slot(d, b * meter.bar_length + pos, b, strong, cell.name, tuplet, tie_at))
                    pos += d
            if bar and pos < meter.bar_length:
                # A bar whose cells stop short (a held final note) is filled by a rest after its last note.
                gap = meter.bar_length - pos
                slots[-1] = replace(slots[-1], duration=slots[-1].duration + gap, rest=gap)
        return slots

    # ================================================================ pitch constraints

    def _phrase_end_indices(self, slots: list[_Slot]) -> list[int]:
        """Last note of every bar that ends a phrase (the final bar excluded)."""
        ends = []
        for i, s in enumerate(slots):
            last_in_bar = i == len(slots) - 1 or slots[i + 1].bar != s.bar
            if last_in_bar and s.bar in self.plan.cadences and s.bar != self.p.bars - 1:
                ends.append(i)
        return ends

    def _masks(self, universe: list[Pitch], slots: list[_Slot], chords: list[ChordSpec | None], *,
               style: bool) -> tuple[list[tuple[str, np.ndarray]], list[np.ndarray]]:
        """Per-note pitch masks stage by stage (each stage adds constraints) and per-step masks.

        Hard constraints (the request's own): range, key, largest leap, allowed
        intervals, tonic start and end, chord tones on strong beats. With
        ``style`` also the teacher's rules: cadence degrees, chromatic notes
        approached and left by step (resolving by semitone), no augmented
        second outside harmonic minor.
        """
        p = self.p
        n_notes, n = len(slots), len(universe)
        midi = np.array([u.midi for u in universe])
        steps = np.array([u.diatonic for u in universe])
        degree = np.array([self.key.degree_of(u) for u in universe])
        chromatic = np.array([self.key.degree_of_pc(u.pc) < 0 for u in universe])
        pcs = midi % 12
        tonic = (pcs == self.key.tonic_pc) & ~chromatic

        diff = midi[None, :] - midi[:, None]
        step_diff = steps[None, :] - steps[:, None]
        base = np.abs(diff) <= p.max_leap
        if self.allowed_intervals:
            ok = np.zeros((n, n), dtype=bool)
            for a in range(n):
                for b in range(n):
                    ok[a, b] = any(iv.matches(universe[a], universe[b]) for iv in self.allowed_intervals)
            base &= ok
        if p.kind == "scale":
            positions = self._scale_positions(universe)
            base &= np.abs(positions[None, :] - positions[:, None]) == 1
        if p.kind == "rhythm":
            base = np.ones((n, n), dtype=bool)
        if style and p.kind == "melody":
            # A chromatic note is a neighbour or passing note: reached by step from a scale note and
            # resolving by semitone (raised notes up, lowered notes down) to a scale note.
            direction = np.array([_chromatic_direction(u, self.key) for u in universe])
            base[chromatic, :] &= (diff[chromatic, :] == direction[chromatic, None]) & ~chromatic[None, :]
            base[:, chromatic] &= (np.abs(diff[:, chromatic]) <= 2) & (diff[:, chromatic] != 0) & ~chromatic[:, None]
            augmented_second = (np.abs(diff) == 3) & (np.abs(step_diff) == 1)
            if self.key.mode == "harmonic-minor":
                # Its one idiomatic augmented second, between the sixth and the raised seventh.
                pair = np.isin(degree, [5, 6])
                augmented_second &= ~(pair[:, None] & pair[None, :] & (degree[:, None] != degree[None, :]))
            base &= ~augmented_second
            # The leading tone (a scale note a semitone under the tonic) leans on the tonic: it rises to it,
            # steps down in a falling line, or is sung again; a leap away leaves it hanging (B-E, D#-G).
            leading = ~chromatic & (pcs == (self.key.tonic_pc - 1) % 12)
            base[leading, :] &= (diff[leading, :] == 1) | ((diff[leading, :] <= 0) & (diff[leading, :] >= -2))
        trans = [base.copy() for _ in range(max(0, n_notes - 1))]
        if p.kind == "interval":
            within = base & (diff != 0)
            for i in range(0, n_notes - 1, 2):
                trans[i] = within.copy()

        stages: list[tuple[str, np.ndarray]] = []
        allowed = np.ones((n_notes, n), dtype=bool)
        stages.append((f"max_leap: no melody fits the range {p.range_text} with leaps of at most {p.max_leap} "
                       f"semitones{' and the allowed intervals' if self.allowed_intervals else ''}", allowed.copy()))
        if self.tonic_start and p.kind != "rhythm":
            allowed[0] &= tonic
        if self.pinned_start is not None and p.kind != "rhythm":
            allowed[0] &= (degree == self.pinned_start) & ~chromatic
        if p.end_on_tonic and p.kind != "rhythm":
            allowed[-1] &= tonic
        if self.pinned_start is not None and not allowed[0].any():
            raise InfeasibleRequest(f"start_degree: the range {p.range_text} holds no degree {p.start_degree} of "
                                    f"{self.key.label} to start on")
        stages.append((f"end_on_tonic: the tonic {self.key.tonic} cannot be reached within the range "
                       f"{p.range_text} and leaps of at most {p.max_leap} semitones", allowed.copy()))
        chord_masks: dict[int, np.ndarray] = {}
        for i, s in enumerate(slots):
            chord = chords[s.bar]
            if chord is not None and s.strong:
                tones = np.isin(pcs, chord.pcs)
                if not (allowed[i] & tones).any():
                    what = ("the tonic start" if self.tonic_start else f"the start (degree {p.start_degree})") if i == 0 else "the tonic ending" if i == n_notes - 1 else "in the range"
                    raise InfeasibleRequest(
                        f"progression: chord {chord.figure} in bar {s.bar + 1} has no tone that can be {what} "
                        f"({p.range_text}, {self.key.label})")
                chord_masks[i] = tones
        if style and p.cadences and p.kind == "melody" and n_notes >= 2:
            cadence_masks: dict[int, np.ndarray] = {}
            approach, half = cadence_degrees(self.key)
            if p.end_on_tonic:
                cadence_masks[n_notes - 2] = np.isin(degree, approach) & (~chromatic | (degree == 6))
            for i in self._phrase_end_indices(slots):
                kind = self.plan.cadences.get(slots[i].bar)
                # A question ends on the dominant or its stand-in, an answer on the tonic.
                degrees = half if kind == "half" else [0]
                cadence_masks[i] = np.isin(degree, degrees) & (~chromatic | (degree == 6))
            for i, mask in cadence_masks.items():
                # Chord tones on strong beats outrank the cadence degrees where the two disagree.
                if (allowed[i] & mask & chord_masks.get(i, True)).any():
                    allowed[i] &= mask
        if style and p.kind == "melody" and self.start_degrees and self.start_degrees[0] != 0 and chords[0] is None:
            # A tune that starts on mi or sol still sets out from the tonic chord: its first bar's strong beats are
            # tones of the tonic triad, so the accompaniment (and the ear) hears the tonic under them.
            triad = np.isin(degree, [0, 2, 4]) & ~chromatic
            for i, s in enumerate(slots):
                if s.bar == 0 and s.strong and (allowed[i] & triad).any():
                    allowed[i] &= triad
        for i, tones in chord_masks.items():
            allowed[i] &= tones
        stages.append(("progression: the strong-beat chord tones cannot be joined within the range "
                       f"{p.range_text} and leaps of at most {p.max_leap} semitones", allowed.copy()))
        return stages, trans

    def _automaton(self, universe: list[Pitch], slots: list[_Slot], *, notes: list[str] | None = None,
                   intervals: list[MelodicInterval] | None = None) -> QuotaAutomaton:
        note_targets = self.p.target_notes if notes is None else notes
        interval_targets = self.target_intervals if intervals is None else intervals
        window_of = np.zeros(len(slots), dtype=np.int64)
        for w, (b0, b1) in enumerate(self.windows):
            for i, s in enumerate(slots):
                if b0 <= s.bar < b1:
                    window_of[i] = w
        pair_hits = [np.array([[iv.matches(u, v) for v in universe] for u in universe]) for iv in interval_targets]
        return QuotaAutomaton(note_hits=[self._target_mask(t, universe) for t in note_targets], pair_hits=pair_hits,
                              quota=self.p.quota, window_of=window_of, n=len(universe))

    def _pitches(self, universe: list[Pitch], slots: list[_Slot], chords: list[ChordSpec | None], *,
                 style: bool = True) -> list[Pitch] | None:
        """Pitches meeting every constraint over ``slots``, or ``None`` when none exist (proved by the search)."""
        stages, trans = self._masks(universe, slots, chords, style=style)
        allowed = stages[-1][1]
        auto = self._automaton(universe, slots)
        feasible = self._anchored(universe, allowed, trans, auto)
        if feasible is None:
            return None
        if self.p.kind != "melody":
            return self._sample(universe, slots, trans, auto, feasible)
        wanted = min(MIN_PHRASE_SPAN[self.p.level], self.high - self.low)
        best: tuple[tuple[int, int], list[Pitch]] | None = None
        for _ in range(PHRASE_SPAN_TRIES):
            pitches = self._sample(universe, slots, trans, auto, feasible)
            spans = self._phrase_spans(pitches, slots)
            # The fewest narrow phrases, then the widest narrowest one: a closing phrase of one moving bar and
            # the held tonic is often narrow in every try, and must not leave the other phrases unweighed.
            score = (-sum(span < wanted for span in spans), min(spans, default=0))
            if best is None or score > best[0]:
                best = (score, pitches)
            if score[0] == 0:
                break
        return best[1] if best is not None else None

    def _anchored(self, universe: list[Pitch], allowed: np.ndarray, trans: list[np.ndarray],
                  auto: QuotaAutomaton) -> list[np.ndarray] | None:
        """The feasible states with both ends of the tune placed where a melody allows it, else ``None``.

        The final note is held to one tonic, the one nearest where a tune starts (:data:`START_AT`; the lower of
        two as near): a tune comes home, not up to a tonic above all it sang (4-5 % of the audit's drills ended
        above every note before, 0.3 % of the Essen songs). The first note is that tonic, or mi or sol near it
        (:attr:`start_degrees`, in turn). Each placement is dropped, the start's first, where no melody meets it.
        """
        home = self._home(universe, allowed)
        bases = [allowed]
        if home is not None:
            held = allowed.copy()
            held[-1] = False
            held[-1, home] = True
            if len(held) >= 2:
                # Home from near by: a step, a third, or the fifth (not the upper second an octave away).
                midi = np.array([u.midi for u in universe])
                near = np.abs(midi - midi[home]) <= HOME_APPROACH
                if (held[-2] & near).any():
                    held[-2] &= near
            bases.insert(0, held)
        for base in bases:
            for first in self._start_masks(universe, home if base is not allowed else None):
                masks = base.copy()
                if first is not None:
                    masks[0] &= first
                    if not masks[0].any():
                        continue
                feasible = auto.feasible(masks, trans)
                if auto.start_ok(feasible[0]).any():
                    self._home_midi = universe[home].midi if home is not None and base is not allowed else None
                    self._start_tonic = self._home_midi if self._home_midi is not None else self._start_anchor(universe)
                    return feasible
        return None

    def _home(self, universe: list[Pitch], allowed: np.ndarray) -> int | None:
        """The tonic a melody comes home to (index into ``universe``), where the range holds more than one."""
        if self.p.kind != "melody" or not self.p.end_on_tonic:
            return None
        last = np.flatnonzero(allowed[-1])
        if len(last) < 2:
            return None
        start = self.low + START_AT * (self.high - self.low)
        return int(min(last, key=lambda k: (abs(universe[k].midi - start), universe[k].midi)))

    def _start_masks(self, universe: list[Pitch], home: int | None) -> list[np.ndarray | None]:
        """The first note's places in the order they are tried; ``None`` leaves it to the other constraints.

        A tonic start sets out from the tonic it comes home to. A start on :attr:`start_degrees` takes that
        degree above the home tonic, within :data:`START_NEAR` of it (the tonic nearest :data:`START_AT` where none is
        held), the tonic itself for do; first with :data:`START_ROOM` above it, then without. A start the request pins
        (``start_degree``) is held to its degree by :meth:`_masks` whichever placement is taken.
        """
        if not self.start_degrees:
            return ([np.array([k == home for k in range(len(universe))])] if self.tonic_start and home is not None
                    else []) + [None]
        midi = np.array([u.midi for u in universe])
        degree = np.array([self.key.degree_of(u) for u in universe])
        scale = np.array([self.key.degree_of_pc(u.pc) >= 0 for u in universe])
        anchor = int(midi[home]) if home is not None else self._start_anchor(universe)
        if anchor is None:
            return [None]
        masks: list[np.ndarray | None] = []
        above = scale & (midi > anchor) & (midi - anchor <= START_NEAR)
        for d in self.start_degrees:
            masks.append(scale & (midi == anchor) if d == 0 else above & (degree == d) & (self.high - midi >= START_ROOM))
        # Where none leaves room, mi or sol under the top of the range before any other note.
        masks += [above & (degree == d) for d in self.start_degrees if d != 0]
        return masks + [None]

    def _lid(self, first: float) -> float:
        """The highest note a tune sings before the bars its plan saves for the high point (the peak so far aside):
        a third (:data:`CLIMAX_ROOM`) above its first note, but no higher than the fifth over the tonic it set out
        from (:data:`OPENING_CEILING`). From a start on sol that is the sol itself: counted from the sol, the tune rose
        a third above it at once and its high point came in its first bar (19 of tests/generation/test_shape.py's 60
        drills against 15). From a start on mi it is a third above the mi: counted from the tonic under it, the lid
        was the mi itself and a tune in a narrow minor range droned on it (C4 C4 C4 C4 C4 C4 B3 B3 in A minor A3-B4)."""
        room = first + CLIMAX_ROOM
        if self.start_degrees and self._start_tonic is not None:
            return float(min(room, self._start_tonic + OPENING_CEILING))
        return float(room)

    def _start_anchor(self, universe: list[Pitch]) -> int | None:
        """The tonic (MIDI) nearest where a tune starts (:data:`START_AT`; the lower of two as near), if any."""
        tonics = [u.midi for u in universe if self.key.degree_of_pc(u.pc) == 0]
        start = self.low + START_AT * (self.high - self.low)
        return min(tonics, key=lambda m: (abs(m - start), m)) if tonics else None

    def _phrase_spans(self, pitches: list[Pitch], slots: list[_Slot]) -> list[int]:
        """The span, in semitones, of each phrase of the plan (the last bar's cadence note left out, and the note
        before it where it leaps home: a leap into the final is no range of the phrase's own, and counted it made
        the widest of the tries end sol-do far more often than the sampler chose it, FINAL_FROM_FIFTH)."""
        ends = sorted(self.plan.cadences) or [self.p.bars - 1]
        spans, start = [], 0
        for end in ends:
            midis = [p.midi for p, s in zip(pitches, slots, strict=True) if start <= s.bar <= end]
            if end == self.p.bars - 1 and len(midis) > 2:
                leap_home = len(midis) > 3 and abs(midis[-1] - midis[-2]) > HOME_STEP
                midis = midis[:-2] if leap_home else midis[:-1]
            if midis:
                spans.append(max(midis) - min(midis))
            start = end + 1
        return spans

    def _diagnose(self, universe: list[Pitch], slots: list[_Slot], chords: list[ChordSpec | None]) -> InfeasibleRequest:
        """Name the first constraint that empties the search (on the densest rhythm, hard constraints only)."""
        p = self.p
        stages, trans = self._masks(universe, slots, chords, style=False)
        free = self._automaton(universe, slots, notes=[], intervals=[])
        for message, masks in stages:
            if not free.start_ok(free.feasible(masks, trans)[0]).any():
                return InfeasibleRequest(message)
        allowed = stages[-1][1]
        every = f"{p.quota} time(s) in every {p.quota_window} bars"
        where = f"within the range {p.range_text} and leaps of at most {p.max_leap} semitones"
        for text in p.target_notes:
            auto = self._automaton(universe, slots, notes=[text], intervals=[])
            if not auto.start_ok(auto.feasible(allowed, trans)[0]).any():
                return InfeasibleRequest(f"target_notes: {text} cannot appear {every} {where}")
        for iv in self.target_intervals:
            auto = self._automaton(universe, slots, notes=[], intervals=[iv])
            if not auto.start_ok(auto.feasible(allowed, trans)[0]).any():
                return InfeasibleRequest(f"target_intervals: {iv.name} cannot appear {every} {where}")
        names = ", ".join(p.target_notes + [iv.name for iv in self.target_intervals])
        counts = [sum(1 for s in slots if b0 <= s.bar < b1) for b0, b1 in self.windows]
        fewest = int(np.argmin(counts))
        b0, b1 = self.windows[fewest]
        if counts[fewest] < p.quota * len(p.target_notes):
            return InfeasibleRequest(f"quota: {names} cannot each appear {every}: bars {b0 + 1}-{b1} hold at most "
                                     f"{counts[fewest]} notes in the rhythm vocabulary")
        return InfeasibleRequest(f"quota: {names} cannot all appear {every} {where} together")

    def _target_mask(self, text: str, universe: list[Pitch]) -> np.ndarray:
        midi, pc = parse_target_note(text)
        return np.array([(u.midi % 12 == pc) and (midi is None or u.midi == midi) for u in universe])

    def _note_links(self, slots: list[_Slot]) -> dict[int, tuple[int, BarLink]]:
        """Note -> (the note it answers in the linked bar, the link), for bars whose rhythm matches their source."""
        by_bar: dict[int, list[int]] = {}
        for i, s in enumerate(slots):
            by_bar.setdefault(s.bar, []).append(i)
        out: dict[int, tuple[int, BarLink]] = {}
        for b, link in self.plan.links.items():
            mine, theirs = by_bar.get(b, []), by_bar.get(link.source, [])
            if len(mine) == len(theirs) and [slots[i].duration for i in mine] == [slots[j].duration for j in theirs]:
                for i, j in zip(mine, theirs, strict=True):
                    out[i] = (j, link)
        return out

    # ================================================================ sampling

    def _sample(self, universe: list[Pitch], slots: list[_Slot], trans: list[np.ndarray], auto: QuotaAutomaton,
                feasible: list[np.ndarray]) -> list[Pitch]:
        """Sample left to right inside the feasible states.

        Linked bars take their planned pitch (repeat or sequence) wherever it is
        feasible; otherwise the model chooses. A note that would complete a 9-note
        run copied from the corpus is avoided; if every option at a position would,
        the sampler backs up one note and bans its choice there (at most
        :data:`MAX_BACKTRACK_STEPS` steps, after which a copy is tolerated).
        """
        p = self.p
        n_notes, n = len(slots), len(universe)
        midi = np.array([u.midi for u in universe], dtype=float)
        steps = self._scale_positions(universe)
        degree = [self.key.degree_of(u) for u in universe]
        chromatic = np.array([self.key.degree_of_pc(u.pc) < 0 for u in universe])
        # The note before the final tonic: sol leaps home, re and ti step there (seven-note keys; a pentatonic key
        # comes home from its fifth as often as from its neighbours, the five-note cadence).
        leap_home = np.zeros(n, dtype=bool)
        if p.kind == "melody" and p.end_on_tonic and p.cadences and not self.key.pentatonic and n_notes >= 2:
            leap_home = (np.array(degree) == 4) & ~chromatic
        leading = ~chromatic & (midi.astype(int) % 12 == (self.key.tonic_pc - 1) % 12)
        by_step = {int(steps[k]): k for k in range(n) if not chromatic[k]}
        # In a pentatonic key a step may be a minor third (E-G in C gong): steps and leaps count scale positions.
        pentatonic = self.key.pentatonic
        leap_from = PENTATONIC_LEAP_STEPS if pentatonic else LEAP_STEPS
        target = np.zeros(n, dtype=bool)
        for t in p.target_notes:
            target |= self._target_mask(t, universe)
        centre = (self.low + self.high) / 2
        # A tune outlines its tonic triad (degree_pull); chromatic notes keep their own weight.
        pull = np.ones(n)
        weights = degree_pull(self.key)
        if p.kind == "melody" and weights is not None:
            pull = np.array([1.0 if chromatic[k] else weights[degree[k]] for k in range(n)])
        spread = max(3.0, (self.high - self.low) / 2.2)
        family = "m" if self.key.minor_family else "M"
        links = self._note_links(slots) if p.kind == "melody" else {}
        awkward = self._awkward(universe) if p.kind == "melody" and p.level <= AWKWARD_LEVELS else None
        tritone = self._tritone_ways(universe) if p.kind == "melody" and p.level <= TRITONE_RESOLVE_LEVELS else None
        climax = self.plan.climax if p.kind == "melody" else None
        inv_t = 1.0 / float(p.temperature)
        chosen: list[int] = []
        states: list[int] = []
        banned: list[set[int]] = [set() for _ in range(n_notes)]
        follow = [bool(self.rng.random() < FOLLOW_PLAN) for _ in range(n_notes)]
        budget = MAX_BACKTRACK_STEPS
        arange = np.arange(n)
        # Each try at a melody reads the LSTM from silence: a state left by an earlier drill would make the same
        # seed give another drill, depending on what the process had made before.
        run = self.neural.run() if self.neural is not None else None

        def lstm_step(i: int, prev: int, s1: int | None) -> np.ndarray:
            """P(step into note ``i``) from the LSTM, which moves on to note ``i``'s state."""
            assert run is not None
            slot = slots[i]
            in_bar = slot.offset - slot.bar * self.meter.bar_length
            return run.distribution(i, [NO_STEP if s1 is None else s1 + MAX_STEP, degree[prev],
                                        int(self.key.minor_family), int(slot.strong),
                                        beat_class(in_bar), length_class(float(slot.duration - slot.rest))])

        while len(chosen) < n_notes:
            i = len(chosen)
            slot = slots[i]
            prev = chosen[-1] if chosen else None
            peak = float(midi[chosen].max()) if chosen else -1.0
            new_window = i > 0 and auto.window_of[i] != auto.window_of[i - 1]
            next_state = auto.step(states[-1] if states else 0, prev, new_window)
            cand = feasible[i][next_state, arange].copy()
            if prev is not None:
                cand &= trans[i - 1][prev]
            if budget > 0 and banned[i]:
                cand[list(banned[i])] = False
            idx = np.flatnonzero(cand)
            if len(idx) == 0:
                if i == 0 or budget <= 0:  # only reachable through bans: the backward pass guarantees a note
                    raise InfeasibleRequest("internal: no continuation (please report)")
                budget -= 1
                banned[i].clear()
                banned[i - 1].add(chosen.pop())
                states.pop()
                continue
            planned = self._planned(i, links, chosen, steps, by_step)
            if planned is not None and prev is not None:
                # A returning bar is entered as its source was, or by a modest move: no leap from nowhere.
                j = links[i][0]
                entry = abs(midi[chosen[j]] - midi[chosen[j - 1]]) if j > 0 else 0
                if abs(midi[planned] - midi[prev]) > max(PLAN_ENTRY_LEAP, entry):
                    planned = None
            s1 = int(steps[chosen[-1]] - steps[chosen[-2]]) if i >= 2 else None
            s2 = int(steps[chosen[-2]] - steps[chosen[-3]]) if i >= 3 else None
            if planned is not None and prev is not None and p.kind == "melody" and midi[planned] == midi[prev]:
                length = _run_back(chosen, midi) + 1
                if length >= 4 and _run_back(chosen[: links[i][0] + 1], midi) < length:
                    planned = None  # a returning bar would drone on where its source moved: weighed as any other note
            if (planned is not None and p.kind == "melody" and i >= 2 and _leap_on_off_chord(
                    midi[chosen[-2]], midi[chosen[-1]], midi[planned], steps[chosen[-1]] - steps[chosen[-2]], leap_from)
                    and not self._source_leaps_on(links[i][0], chosen, midi, steps, leap_from)):
                planned = None  # a returning bar would leap on where its source did not: weighed as any other note
            if (planned is not None and p.kind == "melody" and prev is not None
                    and self._leaps_on_ahead(i, prev, np.array([planned]), next_state, links, chosen, steps, by_step,
                                             midi, feasible, trans, auto, leap_from)[0]):
                planned = None  # ... or leap into a note (the final tonic) that can only leap on
            if (planned is not None and tritone is not None and i >= 2
                    and not _resolves(tritone, chosen[-2], chosen[-1], planned, midi)):
                planned = None  # a returning bar would leave a tritone unresolved: the note after it is weighed
            if (planned is not None and tritone is not None and prev is not None
                    and self._tritone_stranded(i, prev, np.array([planned]), next_state, links, chosen, steps,
                                               by_step, midi, feasible, trans, auto, tritone)[0]):
                planned = None  # ... or sing a tritone whose next note cannot resolve it
            if (planned is not None and tritone is not None
                    and self._tritone_forced(i, np.array([planned]), next_state, links, chosen, steps, by_step, midi,
                                             feasible, trans, auto, tritone)[0]):
                planned = None  # ... or leave a tritone it cannot resolve as the only way on
            if planned is not None and i == n_notes - 2 and leap_home[planned]:
                planned = None  # a returning bar's sol before the final tonic is weighed as any other (FINAL_FROM_FIFTH)
            if (planned is not None and i == n_notes - 3 and leap_home.any()
                    and self._homes_from_fifth(i, np.array([planned]), next_state, links, chosen, steps, by_step, midi,
                                               feasible, trans, auto, leap_home, tritone)[0]):
                planned = None  # ... and one that leaves only sol there
            if (planned is not None and follow[i] and cand[planned] and planned not in banned[i]
                    and not (p.kind == "melody" and self._completes_copy(chosen + [planned], slots, midi))):
                if self.neural is not None and p.kind == "melody" and prev is not None:
                    lstm_step(i, prev, s1)  # the LSTM hears the planned note too: its state goes on from there
                chosen.append(planned)
                states.append(int(next_state[planned]))
                continue
            w = np.exp(-0.5 * ((midi[idx] - centre) / spread) ** 2)
            copied = np.zeros(len(idx), dtype=bool)
            if prev is not None:
                d_semi = midi[idx] - midi[prev]
                d_step = steps[idx] - steps[prev]
                if p.kind == "scale":
                    direction = 1 if s1 is None else int(np.sign(s1))
                    w = np.where(np.sign(d_step) == direction, 0.97, 0.03)
                elif p.kind == "melody":
                    if self.neural is not None:
                        dist = lstm_step(i, prev, s1)
                    else:
                        dist = self.model.step_distribution(pitch_contexts(family, degree[prev], s1, s2, slot.strong))
                    clipped = np.clip(d_step, -MAX_STEP, MAX_STEP) + MAX_STEP
                    w *= dist[clipped] * np.where(np.abs(d_step) > MAX_STEP, 1e-3, 1.0)
                    if pentatonic:
                        w *= np.where(np.abs(d_step) == 1, p.step_bias, 1.0)
                        w *= np.where(np.abs(d_step) >= 3, p.leap_bias ** 2,
                                      np.where(np.abs(d_step) == 2, p.leap_bias, 1.0))
                    else:
                        w *= np.where((np.abs(d_semi) <= 2) & (d_semi != 0), p.step_bias, 1.0)
                        w *= np.where(np.abs(d_semi) >= 5, p.leap_bias ** 2,
                                      np.where(np.abs(d_semi) >= 3, p.leap_bias, 1.0))
                    # Three of one pitch is a figure; a fourth is a drone, a fifth more so (FOURTH_REPEAT, FIFTH_REPEAT).
                    back = _run_back(chosen, midi)
                    ahead = np.array([self._run_ahead(i, int(c), links, chosen, steps, by_step, midi) for c in idx])
                    same = np.where(d_semi == 0, back, 0) + 1 + ahead
                    w *= np.where(same >= 4, FOURTH_REPEAT, 1.0) * FIFTH_REPEAT ** np.maximum(same - 4, 0)
                    if back == 2 and leading[prev]:
                        # A leading tone sung twice asks for its tonic (in harmonic minor it has no step down).
                        w *= np.where(d_semi == 0, FOURTH_REPEAT, 1.0)
                    if pentatonic and i >= TWO_NOTE_RUN and len({int(midi[c]) for c in chosen[-TWO_NOTE_RUN:]}) <= 2:
                        # Five notes leave fewer neighbours: a tune rocking between two of them is led away.
                        w *= np.where(np.isin(midi[idx], midi[chosen[-TWO_NOTE_RUN:]]), TWO_NOTE_RUN_WEIGHT, 1.0)
                    if s1 is not None and abs(s1) >= leap_from:
                        # After a leap, turn back by step (gap fill).
                        w *= np.where((np.sign(d_step) == -np.sign(s1)) & (np.abs(d_step) == 1), GAP_FILL, 1.0)
                        # ... and rarely leaps on the same way, more rarely still where it spells no chord.
                        on = (np.sign(d_step) == np.sign(s1)) & (np.abs(d_semi) >= 3)
                        arpeggio = np.array([spells_triad(int(midi[chosen[-2]]), int(midi[prev]), int(m))
                                             for m in midi[idx]])
                        w *= np.where(on, np.where(arpeggio, LEAP_ON, LEAP_ON_OFF_CHORD), 1.0)
                    # A leap into a note whose next is all but fixed, and fixed to leap on (LEAP_ON_OFF_CHORD).
                    w *= np.where(self._leaps_on_ahead(i, prev, idx, next_state, links, chosen, steps, by_step, midi,
                                                       feasible, trans, auto, leap_from), LEAP_ON_OFF_CHORD, 1.0)
                    if i >= 2 and midi[prev] != peak:
                        # The highest note so far is the climax: struck again in a new place it is no longer one.
                        # A tune that opens on its highest note so far (sol over its tonic) has not climbed yet.
                        again = PEAK_AGAIN_OPENING if midi[chosen[0]] == peak else PEAK_AGAIN
                        w *= np.where(midi[idx] == peak, again, 1.0)
                    if climax is not None:
                        if climax <= slot.bar < climax + CLIMAX_BARS:
                            # The tune climbs to a new high point here; not by a second leap up (LEAP_ON).
                            lift = np.where(midi[idx] > peak, REACH_TOP, np.where(d_semi > 0, CLIMB, 1.0))
                            if s1 is not None and s1 >= leap_from:
                                lift = np.where(d_semi >= 3, 1.0, lift)
                            w *= np.where(chromatic[idx], 1.0, lift)  # a chromatic note keeps its own weight
                        else:
                            # Before, the tune keeps under it (beyond a third above its first note); after, under it.
                            lid = max(peak, self._lid(midi[chosen[0]]))
                            if midi[idx[-1]] > lid:  # idx ascends with pitch
                                w *= np.where(midi[idx] > lid, SAVE_TOP, 1.0)
                    if (self.start_degrees and self._home_midi is not None and slot.bar == p.bars - 2
                            and slots[-1].bar == p.bars - 1):
                        w *= np.where(np.abs(midi[idx] - self._home_midi) <= NEAR_HOME, NEAR_HOME_WEIGHT, 1.0)
                    if i == n_notes - 3 and leap_home.any():
                        # A note from which the only way on is sol before the final leaps home as surely.
                        w *= np.where(self._homes_from_fifth(i, idx, next_state, links, chosen, steps, by_step, midi,
                                                             feasible, trans, auto, leap_home, tritone),
                                      FINAL_FROM_FIFTH, 1.0)
                    if i == n_notes - 2:
                        # Home by step (re-do, ti-do), as the songs come home; sol leaps to it (FINAL_FROM_FIFTH).
                        w *= np.where(leap_home[idx], FINAL_FROM_FIFTH, 1.0)
                    else:
                        # The pull chooses the degrees a tune moves to; staying put keeps its own weight (pulled
                        # repeats made minor drills drone: 4+ of one pitch in 96 of 706 audit drills, 67 unpulled;
                        # in major, a start on mi or sol, pulled 1.52 and 1.38, sat there: A A A F# | E E E F#).
                        w *= np.where(d_semi == 0, 1.0, pull[idx])
                    if awkward is not None:
                        w *= np.where(awkward[prev, idx], AWKWARD_EARLY, 1.0)
                    if tritone is not None:
                        # Up to level 4 a tritone resolves by step the way it leans (ti up to do, fa down to mi) ...
                        if i >= 2 and tritone[chosen[-2], prev]:
                            # ... where the constraints leave a resolution, it is sung: weighed 1e-3, the others
                            # still won where the resolution was damped too (B phrygian's C4 F#4 E4: G4 over the
                            # saved high point, 0.1, and unlikely to the model).
                            toward = d_semi * tritone[chosen[-2], prev]
                            resolving = (toward >= 1) & (toward <= 2)
                            w *= np.where(resolving, 1.0, 0.0 if resolving.any() else TRITONE_UNRESOLVED)
                        # ... and is not sung where the next note cannot resolve it (nor forced a note later:
                        # below, after the draw).
                        w *= np.where(self._tritone_stranded(i, prev, idx, next_state, links, chosen, steps, by_step,
                                                             midi, feasible, trans, auto, tritone),
                                      TRITONE_UNRESOLVED, 1.0)
                    damped = chromatic[idx] & ~target[idx]
                    chord = self._bar_chords[slot.bar] if slot.bar < len(self._bar_chords) else None
                    if chord is not None and "/" in chord.figure:
                        # An applied chord is heard through its borrowed tone (F# in V/V of C): sing it.
                        borrowed = chromatic[idx] & np.isin(midi[idx].astype(int) % 12, chord.pcs)
                        damped &= ~borrowed
                        w *= np.where(borrowed, APPLIED_TONE_WEIGHT, 1.0)
                    w *= np.where(damped, CHROMATIC_WEIGHT, 1.0)
                    if i >= COPY_RUN_NOTES - 1:
                        copied = np.array([self._completes_copy(chosen + [int(c)], slots, midi) for c in idx])
                elif p.kind == "interval":
                    w *= np.where(np.abs(d_semi) <= 7, 1.0, 0.5)
                w *= np.where(target[idx], p.target_bias, 1.0)
            else:
                # Start in the lower half of the range so the tune has room to rise (and a tonic tie breaks low).
                w *= np.exp(-0.5 * ((midi[idx] - (self.low + START_AT * (self.high - self.low))) / spread) ** 2)
                w *= np.where(target[idx], p.target_bias, 1.0)
            if copied.all() and budget > 0 and i > 0:
                budget -= 1
                banned[i].clear()
                banned[i - 1].add(chosen.pop())
                states.pop()
                continue
            w = np.where(copied, w * COPY_PENALTY, w)
            w = np.maximum(w, 1e-12) ** inv_t
            k = int(self.rng.choice(len(idx), p=w / w.sum()))
            if (tritone is not None and prev is not None and p.kind == "melody"
                    and self._tritone_forced(i, idx[k:k + 1], next_state, links, chosen, steps, by_step, midi,
                                             feasible, trans, auto, tritone)[0]):
                # A note whose every way on sings a tritone it cannot resolve is drawn again with those weighed
                # TRITONE_UNRESOLVED. Checked on the note drawn only: weighed before the draw, it moved the draw in
                # 13 of 466 drills at levels 1-4 (audit seed 2) that never sang such a note, at no gain.
                forced = self._tritone_forced(i, idx, next_state, links, chosen, steps, by_step, midi, feasible,
                                              trans, auto, tritone)
                if not forced.all():
                    w = np.where(forced, w * TRITONE_UNRESOLVED, w)
                    k = int(self.rng.choice(len(idx), p=w / w.sum()))
            choice = int(idx[k])
            chosen.append(choice)
            states.append(int(next_state[choice]))
        return [universe[c] for c in chosen]

    def _run_ahead(self, i: int, candidate: int, links: dict[int, tuple[int, BarLink]], chosen: list[int],
                   steps: np.ndarray, by_step: dict[int, int], midi: np.ndarray) -> int:
        """How many notes after note ``i`` the phrase plan gives ``candidate``'s pitch in a row, were note ``i``
        ``candidate``: a returning bar that opens on it lengthens a run that ends here."""
        trial = chosen + [candidate]
        count = 0
        while True:  # ends at the first note the plan does not give this pitch (none past the last note)
            planned = self._planned(len(trial), links, trial, steps, by_step)
            if planned is None or midi[planned] != midi[candidate]:
                return count
            trial.append(planned)
            count += 1

    def _notes_after(self, i: int, c: int, next_state: np.ndarray, links: dict[int, tuple[int, BarLink]],
                     chosen: list[int], steps: np.ndarray, by_step: dict[int, int], feasible: list[np.ndarray],
                     trans: list[np.ndarray], auto: QuotaAutomaton) -> np.ndarray:
        """The notes that may follow candidate ``c`` at note ``i``: the one the plan gives (a returning bar) where
        the constraints leave it, else every one they leave there (``i + 1`` must be a note). A planned note the
        constraints forbid is not sung (the sampler weighs the others): trusted, it hid D mixolydian's F#4 C5 G4,
        the planned B4 after C5 ruled out by a target interval's quota."""
        return self._notes_and_states_after(i, c, next_state, links, chosen, steps, by_step, feasible, trans, auto)[0]

    def _notes_and_states_after(self, i: int, c: int, next_state: np.ndarray, links: dict[int, tuple[int, BarLink]],
                                chosen: list[int], steps: np.ndarray, by_step: dict[int, int],
                                feasible: list[np.ndarray], trans: list[np.ndarray],
                                auto: QuotaAutomaton) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`_notes_after`, with the quota automaton's state after each pitch at note ``i + 1`` (shape
        ``(n,)``, the ``next_state`` of a look-ahead a note further)."""
        new_window = auto.window_of[i + 1] != auto.window_of[i]
        state = auto.step(int(next_state[c]), c, bool(new_window))
        allowed = feasible[i + 1][state, np.arange(feasible[i + 1].shape[1])] & trans[i][c]
        planned = self._planned(i + 1, links, chosen + [c], steps, by_step)
        if planned is not None and allowed[planned]:
            return np.array([planned]), state
        return np.flatnonzero(allowed), state

    def _leaps_on_ahead(self, i: int, prev: int, idx: np.ndarray, next_state: np.ndarray,
                        links: dict[int, tuple[int, BarLink]], chosen: list[int], steps: np.ndarray,
                        by_step: dict[int, int], midi: np.ndarray, feasible: list[np.ndarray],
                        trans: list[np.ndarray], auto: QuotaAutomaton, leap_from: int) -> np.ndarray:
        """For each candidate ``idx`` of note ``i``: True where it leaps from ``prev`` and the note after it can
        only leap on the same way without spelling a chord: the plan gives that note (a returning bar) or every
        note the constraints leave there does (the final tonic, a strong beat's chord tones)."""
        out = np.zeros(len(idx), dtype=bool)
        if i + 1 >= len(feasible):
            return out
        leaps = np.abs(steps[idx] - steps[prev]) >= leap_from
        if not leaps.any():
            return out
        for k in np.flatnonzero(leaps):
            c = int(idx[k])
            after = self._notes_after(i, c, next_state, links, chosen, steps, by_step, feasible, trans, auto)
            if len(after) and all(_leap_on_off_chord(midi[prev], midi[c], midi[a], steps[c] - steps[prev], leap_from)
                                  for a in after):
                out[k] = True
        return out

    def _source_leaps_on(self, j: int, chosen: list[int], midi: np.ndarray, steps: np.ndarray,
                         leap_from: int) -> bool:
        """Whether the source note ``j`` of a returning note ended a leap on itself (the repeat keeps it)."""
        return j >= 2 and _leap_on_off_chord(midi[chosen[j - 2]], midi[chosen[j - 1]], midi[chosen[j]],
                                             steps[chosen[j - 1]] - steps[chosen[j - 2]], leap_from)

    def _tritone_stranded(self, i: int, prev: int, idx: np.ndarray, next_state: np.ndarray,
                          links: dict[int, tuple[int, BarLink]], chosen: list[int], steps: np.ndarray,
                          by_step: dict[int, int], midi: np.ndarray, feasible: list[np.ndarray],
                          trans: list[np.ndarray], auto: QuotaAutomaton, tritone: np.ndarray) -> np.ndarray:
        """For each candidate ``idx`` of note ``i``: True where it is a tritone from ``prev`` and the note after it
        cannot resolve it: there is none (the last note), the plan gives one that does not (a returning bar), or
        none the constraints leave there does."""
        out = np.zeros(len(idx), dtype=bool)
        ways = tritone[prev, idx]
        if not ways.any():
            return out
        if i + 1 >= len(feasible):
            return ways != 0
        for k in np.flatnonzero(ways):
            c = int(idx[k])
            after = self._notes_after(i, c, next_state, links, chosen, steps, by_step, feasible, trans, auto)
            toward = (midi[after] - midi[c]) * ways[k]
            out[k] = not bool(((toward >= 1) & (toward <= 2)).any())
        return out

    def _tritone_forced(self, i: int, idx: np.ndarray, next_state: np.ndarray, links: dict[int, tuple[int, BarLink]],
                        chosen: list[int], steps: np.ndarray, by_step: dict[int, int], midi: np.ndarray,
                        feasible: list[np.ndarray], trans: list[np.ndarray], auto: QuotaAutomaton,
                        tritone: np.ndarray) -> np.ndarray:
        """For each candidate ``idx`` of note ``i``: True where every note the constraints (or the plan) leave after
        it sings a tritone from it, and none the constraints leave after that resolves it (or it is the last note):
        the tritone is forced two notes ahead. Seen one note ahead only, it was sung where a target interval's quota
        or the final left one way on: E dorian's returning C-sharp5 followed only by G4 and that only by B4 (+M3),
        an F-sharp phrygian bass-clef tune's G3 C-sharp3 into its final F-sharp2. After the tritone a returning
        bar's planned note is not trusted: the sampler drops one that does not resolve it (``_resolves``)."""
        out = np.zeros(len(idx), dtype=bool)
        if i + 1 >= len(feasible):
            return out
        n = feasible[i + 1].shape[1]
        for k, c in enumerate(idx):
            c = int(c)
            after, state = self._notes_and_states_after(i, c, next_state, links, chosen, steps, by_step, feasible,
                                                        trans, auto)
            if not len(after) or not tritone[c, after].all():
                continue  # a note after it sings no tritone from it: the way on is open
            if i + 2 >= len(feasible):
                out[k] = True  # the tritone would end the tune
                continue
            new_window = bool(auto.window_of[i + 2] != auto.window_of[i + 1])
            resolvable = False
            for a in after:
                a = int(a)
                onward = auto.step(int(state[a]), a, new_window)
                allowed = np.flatnonzero(feasible[i + 2][onward, np.arange(n)] & trans[i + 1][a])
                toward = (midi[allowed] - midi[a]) * tritone[c, a]
                if ((toward >= 1) & (toward <= 2)).any():
                    resolvable = True
                    break
            out[k] = not resolvable
        return out

    def _homes_from_fifth(self, i: int, idx: np.ndarray, next_state: np.ndarray,
                          links: dict[int, tuple[int, BarLink]], chosen: list[int], steps: np.ndarray,
                          by_step: dict[int, int], midi: np.ndarray, feasible: list[np.ndarray],
                          trans: list[np.ndarray], auto: QuotaAutomaton, leap_home: np.ndarray,
                          tritone: np.ndarray | None) -> np.ndarray:
        """For each candidate ``idx`` of the note two before the final: True where no note the constraints leave
        after it comes home by step, that is, is other than sol (a leap home), within a third of it (HOME_STEP), and
        no tritone from it that the final tonic does not resolve. Weighed only at the note before the final
        (FINAL_FROM_FIFTH), sol-do came where the note before that left nothing else near: A3 in F-sharp dorian at
        level 2 reaches only C-sharp4 within its leaps; from Bb4 over a final D4 in D phrygian, A4 is a step and
        E-flat4 a fifth down; D5 in F-sharp minor leaves G-sharp4, re, a tritone the final does not resolve."""
        out = np.zeros(len(idx), dtype=bool)
        home = self._home_midi
        for k, c in enumerate(idx):
            after = self._notes_after(i, int(c), next_state, links, chosen, steps, by_step, feasible, trans, auto)
            good = ~leap_home[after] & (np.abs(midi[after] - midi[int(c)]) <= HOME_STEP)
            if tritone is not None and home is not None:
                ways = tritone[int(c), after]
                toward = (home - midi[after]) * ways
                good &= (ways == 0) | ((toward >= 1) & (toward <= 2))
            out[k] = len(after) > 0 and not good.any()
        return out

    def _tritone_ways(self, universe: list[Pitch]) -> np.ndarray | None:
        """For each pair of pitches a tritone apart, the way the second resolves by step (+1 up, -1 down; 0 for any
        other pair); None where the request asks for tritones (a target or allowed interval of six semitones):
        practised, they go where the tune takes them."""
        if any(abs(iv.interval.semitones) % 12 == 6 for iv in self.target_intervals + self.allowed_intervals):
            return None
        return np.array([[tritone_resolution(a.diatonic, a.midi, b.diatonic, b.midi) for b in universe]
                         for a in universe], dtype=int)

    def _awkward(self, universe: list[Pitch]) -> np.ndarray:
        """Pairs of pitches a melodic augmented or diminished interval apart, but for the intervals the request
        names (targets, allowed ones): those it asks to practise."""
        n = len(universe)
        out = np.zeros((n, n), dtype=bool)
        asked = self.target_intervals + self.allowed_intervals
        for a in range(n):
            for b in range(n):
                low, high = sorted((universe[a], universe[b]), key=lambda x: (x.midi, x.diatonic))
                iv = interval_between(low, high)
                if iv is None or iv.quality not in ("A", "d", "AA", "dd"):
                    continue
                out[a, b] = not any(t.matches(universe[a], universe[b]) for t in asked)
        return out

    def _planned(self, i: int, links: dict[int, tuple[int, BarLink]], chosen: list[int], steps: np.ndarray,
                 by_step: dict[int, int]) -> int | None:
        """The pitch the phrase plan asks of note ``i``: its source note again, or moved by the sequence's shift."""
        found = links.get(i)
        if found is None or found[0] >= len(chosen):
            return None
        j, link = found
        if link.relation == "repeat":
            return chosen[j]
        if link.relation == "sequence":
            return by_step.get(int(steps[chosen[j]]) + link.shift)
        return None

    def _scale_positions(self, universe: list[Pitch]) -> np.ndarray:
        """Each pitch's place on the scale, counted in scale steps: letters in a seven-note key; in a
        pentatonic key its five notes (E to G is one step in C gong), whose universe holds nothing else."""
        if not self.key.pentatonic:
            return np.array([u.diatonic for u in universe])
        tonic = self.key.tonic_pc
        per_octave = sorted((pc - tonic) % 12 for pc in self.key.pcs)
        return np.array([len(per_octave) * ((u.midi - tonic) // 12) + per_octave.index((u.midi - tonic) % 12)
                         for u in universe])

    def _completes_copy(self, chosen: list[int], slots: list[_Slot], midi: np.ndarray) -> bool:
        """True when the last 9 of ``chosen`` (pitches and durations) form a run of the training corpus."""
        i = len(chosen) - 1
        if i < COPY_RUN_NOTES - 1:
            return False
        run = chosen[i - COPY_RUN_NOTES + 1 :]
        durations = [s.duration for s in slots[i - COPY_RUN_NOTES + 1 : i + 1]]
        intervals = [int(midi[b] - midi[a]) for a, b in zip(run, run[1:], strict=False)]
        return self.model.is_copied(intervals, durations)


# ==================================================================== helpers


def _run_back(chosen: list[int], midi: np.ndarray) -> int:
    """How many of the last notes of ``chosen`` share the last one's pitch (0 for none)."""
    count = 0
    for c in reversed(chosen):
        if midi[c] != midi[chosen[-1]]:
            break
        count += 1
    return count


def _resolves(tritone: np.ndarray, a: int, b: int, c: int, midi: np.ndarray) -> bool:
    """Whether ``c`` after ``a`` ``b`` leaves no tritone unresolved: ``a`` to ``b`` is none, or ``c`` steps the way
    ``b`` resolves."""
    way = int(tritone[a, b])
    return not way or 1 <= (midi[c] - midi[b]) * way <= 2


def _leap_on_off_chord(a: float, b: float, c: float, first_steps: float, leap_from: int) -> bool:
    """A leap (``first_steps`` scale steps, from ``a`` to ``b``) followed by a move of a third or more the same way
    (``b`` to ``c``), the three notes outlining no triad."""
    first, second = b - a, c - b
    return bool(abs(first_steps) >= leap_from and abs(second) >= 3 and first * second > 0
                and not spells_triad(int(a), int(b), int(c)))


def _chromatic_direction(pitch: Pitch, key: Key) -> int:
    """+1 for a raised degree (resolves up), -1 for a lowered one (resolves down), 0 for a scale note."""
    if key.degree_of_pc(pitch.pc) >= 0:
        return 0
    letter_pc = key.host.pcs[key.degree_of(pitch)]
    return 1 if (pitch.midi - letter_pc) % 12 == 1 else -1


def varied_start_key(key: Key) -> bool:
    """A key whose melodies may start on mi or sol: seven notes and a perfect fifth over a tonic triad (not
    locrian). A pentatonic mode starts on its own tonic, the note that names it."""
    return not key.pentatonic and key.mode != "locrian"


def degree_pull(key: Key) -> tuple[float, ...] | None:
    """Each letter degree's weight in a melody of ``key`` (:data:`MAJOR_DEGREE_PULL`, :data:`MINOR_DEGREE_PULL` by
    the third, the mode's characteristic degree never damped), or ``None`` where no songs give one (pentatonic
    modes, locrian)."""
    if not varied_start_key(key):
        return None
    pull = list(MINOR_DEGREE_PULL if key.minor_family else MAJOR_DEGREE_PULL)
    characteristic = CHARACTERISTIC_DEGREE.get(key.mode)
    if characteristic is not None:
        pull[characteristic] = max(pull[characteristic], CHARACTERISTIC_PULL)
    return tuple(pull)


def _start_order(rng: np.random.Generator, *, tonic: bool) -> list[int]:
    """The start degrees to try in turn: one drawn at :data:`START_DEGREES`' odds, then the rest, likeliest first.
    Without ``tonic`` (a request not to start on it) only mi and sol."""
    weights = {d: w for d, w in START_DEGREES.items() if tonic or d != 0}
    degrees = sorted(weights, key=lambda d: -weights[d])
    odds = np.array([weights[d] for d in degrees])
    drawn = degrees[int(rng.choice(len(degrees), p=odds / odds.sum()))]
    return [drawn] + [d for d in degrees if d != drawn]


def cadence_degrees(key: Key) -> tuple[list[int], list[int]]:
    """Letter degrees (0 = tonic) that approach the final tonic, and those a half cadence ends on.

    A seven-note key approaches the tonic from its 2nd, 7th or 5th degree and ends a question on the 2nd,
    5th or 7th. A pentatonic key has only five notes: it approaches the tonic from its neighbours on the
    scale (la-do and re-do in gong, sol-la and do-la in yu) or its fifth, and ends a question on its 2nd,
    5th or 7th where it has them; jue, which lacks the fifth, on its fourth (la) as well.
    """
    if not key.pentatonic:
        return [1, 6, 4], [1, 4, 6]
    degrees = sorted(MODE_STEPS[key.mode])
    approach = sorted({degrees[1], degrees[-1]} | ({4} & set(degrees)))
    half = [d for d in (1, 4, 6) if d in degrees] + ([3] if 4 not in degrees else [])
    return approach, half


def pentatonic_names(key: Key) -> list[str]:
    """The five notes of a pentatonic key from its tonic, as written: ``['D', 'E', 'G', 'A', 'B']`` for D zhi."""
    tonic = key.tonic_pitch.midi
    return [x.pc_name for x in key_pitches(key, tonic, tonic + 11)]


def _windows(bars: int, size: int) -> list[tuple[int, int]]:
    out = [(b, min(bars, b + size)) for b in range(0, bars, size)]
    if len(out) > 1 and out[-1][1] - out[-1][0] < size:
        last = out.pop()
        out[-1] = (out[-1][0], last[1])
    return out


def _phrase_length(params: DrillParams) -> int:
    if params.form:
        sections = form_sections(params.form)
        if params.bars % len(sections):
            raise InfeasibleRequest(f"form: {params.bars} bars do not split into the {len(sections)} phrases of "
                                    f"{params.form}")
        return params.bars // len(sections)
    if params.bars >= 8 and params.bars % 4 == 0:
        return 4
    if params.bars >= 6 and params.bars % 2 == 0:
        return params.bars // 2
    return params.bars


def _cell_fits(cell: Cell, beat: int, beats: int) -> bool:
    if beat + cell.beats > beats:
        return False
    if beats == 4 and cell.beats == 2:
        return beat % 2 == 0
    if beats == 4 and cell.beats == 3:
        return beat in (0, 1)
    return True


def _cell_ok(cell: Cell, beat: int, meter: Meter, role: str, fixed: dict[int, Cell]) -> bool:
    if not _cell_fits(cell, beat, meter.beats):
        return False
    if any(beat < fb < beat + cell.beats for fb in fixed):
        return False
    end = beat + cell.beats
    if end == meter.beats and role != "normal":
        if cell.notes != 1 or cell.tag == "tie":
            return False
        if role.startswith("final") and meter.beats >= 2 and cell.beats < 2:
            return False
        if role == "final-strong" and beat not in meter.strong_beats:
            return False
    return True


def _held_final_cell(allowed: list[Cell], meter: Meter, fixed: dict[int, Cell]) -> Cell | None:
    """The note that ends a tune, held from the final bar's downbeat: the longest single value in ``allowed``
    that fits the bar (a whole note in 4/4, a dotted half in 3/4 and 6/8; a half note where the vocabulary has
    no longer one, the bar then closed by a rest). A target cell fixed in the bar must be that note.
    ``None`` when no single value fits (the bar is then filled as before)."""
    options = [c for c in allowed if c.notes == 1 and c.tag != "tie" and _cell_fits(c, 0, meter.beats)]
    if fixed:
        options = [c for c in options if fixed == {0: c}]
    return max(options, key=lambda c: c.beats, default=None)


def _fill_table(allowed: list[Cell], meter: Meter, role: str, fixed: dict[int, Cell]) -> tuple[bool, list[bool]]:
    """``can[b]``: beats ``b..end`` can be filled (``can[beats]`` is True)."""
    can = [False] * (meter.beats + 1)
    can[meter.beats] = True
    for b in range(meter.beats - 1, -1, -1):
        options = [fixed[b]] if b in fixed else allowed
        can[b] = any(_cell_ok(c, b, meter, role, fixed) and can[b + c.beats] for c in options)
    return can[0], can


def _most_notes(allowed: list[Cell], meter: Meter, role: str, fixed: dict[int, Cell], can: list[bool]) -> list[int]:
    """``most[b]``: the most notes beats ``b..end`` can hold (``-1`` where they cannot be filled)."""
    most = [-1] * (meter.beats + 1)
    most[meter.beats] = 0
    for b in range(meter.beats - 1, -1, -1):
        options = [fixed[b]] if b in fixed else allowed
        counts = [c.notes + most[b + c.beats] for c in options
                  if _cell_ok(c, b, meter, role, fixed) and can[b + c.beats] and most[b + c.beats] >= 0]
        most[b] = max(counts, default=-1)
    return most


def _fillable(allowed: list[Cell], meter: Meter, role: str) -> bool:
    return _fill_table(allowed, meter, role, {})[0]


def _overlaps(fixed: dict[int, Cell]) -> bool:
    spans = sorted((b, b + c.beats) for b, c in fixed.items())
    return any(a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False))


def _same_size(a: MelodicInterval, b: MelodicInterval) -> bool:
    return abs(a.semitones) == abs(b.semitones) and abs(a.steps) == abs(b.steps)


def _tags(drill: Drill) -> list[str]:
    """Skill tags the drill exercises: key, pitch classes in key, intervals, rhythms."""
    tags = {f"key:{drill.key.name}"}
    for n in drill.notes:
        tags.add(f"pc:{re.sub(r'-?[0-9]+$', '', n.name)}@{drill.key.tonic}")
    for a, b in zip(drill.notes, drill.notes[1:], strict=False):
        name = melodic_interval(a.pitch, b.pitch)
        if name is not None and name != "P1":
            tags.add(f"int:{name}")
    for cell in {n.cell for n in drill.notes}:
        tag = next((c.tag for c in drill.meter.cells if c.name == cell and c.tag), "")
        if tag:
            tags.add(f"rhy:{tag}")
    if any(n.rest for n in drill.notes[:-1]):
        tags.add(f"rhy:{AFTER_REST}")
    return sorted(tags)
