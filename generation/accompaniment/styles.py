"""Accompaniment styles: chords in time turned into backing tracks.

Each style is a function ``(ctx) -> list[Track]``. Upper voices are voiced
with :func:`voice_lead`, which picks among the close-position inversions the
one that moves least from the previous chord.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from music.chord import ChordSpec
from music.key import Key

from ..melody.drill import Drill
from ..melody.rhythm import Meter
from ..render.tracks import Event, Track, click_track

F = Fraction
# General MIDI programs (0-based) and drum notes.
PIANO, ORGAN, NYLON_GUITAR, OVERDRIVE_GUITAR, ACOUSTIC_BASS, FINGER_BASS, PICK_BASS, STRINGS = 0, 19, 24, 29, 32, 33, 34, 48
KICK, RIM, SNARE, HAT_CLOSED, HAT_PEDAL, RIDE = 36, 37, 38, 42, 44, 51
BASS_REGISTER = (40, 52)  # MIDI E2..E3 for roots
CHORD_REGISTER = (52, 72)  # MIDI E3..C5 for the lowest voice of right-hand chords
LOWEST_CLOSE_VOICE = 48  # C3: close thirds any lower turn to mud, so a chord kept under the tune stops here
BLOCK_BASS_VELOCITY = 68
#: The drone's tonic (its fifth 6 under): 50 left a level-2 tune of quarter notes around F4-G4 0.2 dB under it
#: before the mix's floor (tests/generation/test_render.py); 46 is about 1 dB quieter.
DRONE_VELOCITY = 46
#: E1, a bass's lowest string: under a low tune (a bass-clef drill) a bass figure moves down an octave or two, to
#: here at the lowest, so that the tune is not sung under its own bass.
LOWEST_BASS = 28
#: Over a tune too low for a chord to sit under it (a cello's or a bassoon's), the chord sits wholly above the
#: tune's highest note in its bar, its lowest voice at least this many semitones over it (a fourth: a second or third
#: just above the tune rubs on it and is heard as the line), as a pianist's right hand plays over a cello;
#: never straddling it (voices on both sides of the tune cross it). Its lowest voice stays at or under
#: HIGHEST_CHORD_FLOOR (G5); where no voicing fits there, the register's voicings as before.
ABOVE_TUNE_GAP = 5
HIGHEST_CHORD_FLOOR = 79
#: The hymn's cost of a voice a third or less over the tune (a bass-clef tune as its top line): the alto over a
#: low tune sits a fourth or more above it.
HYMN_MASK_COST = 30
#: Semitones: an accompaniment note this near over a sung note (a second or a third) is heard as the line and masks
#: the tune (benchmarks/drill_audit.py's "notes masked").
MASKING_ABOVE = 4
#: A tune whose lowest note is at least this (E3, a folk singer's low note: Halewyn sings down to F3) is a treble
#: tune: where the swing's shell fits nowhere under it, its two guide tones go there instead of a shell over it
#: (a cello's tune keeps the shell above). G3 left Halewyn's comp leaping to B4-F5-D6 over a tune at G3-F3.
SWING_GUIDE_TONES_FROM = 52
#: G2: the guide tones (third and seventh, a fourth, a tritone or a fifth apart: never mud) go down to here under a
#: low treble tune, as a pianist's left hand comps there, where none fits from C3.
SWING_GUIDE_TONES_FLOOR = 43
#: Low-interval limits (an arranger's table, MIDI; middle C is 60): two notes this many semitones apart blur where the
#: lower is under the limit (a second under E3/E-flat3, a minor third under C3, a major third under B-flat2, a fourth
#: under A2, a tritone under B2, a fifth under B-flat1, sixths and sevenths under F2, ninths under E2/E-flat2); wider
#: intervals (a tenth, a bass and a chord an octave and more apart) have none. benchmarks/drill_audit.py counts them.
LOW_INTERVAL_LIMITS = {1: 52, 2: 51, 3: 48, 4: 46, 5: 45, 6: 47, 7: 34, 8: 41, 9: 41, 10: 41, 11: 41, 13: 40, 14: 39}
#: E3: the swing comp's shell stays at or over it, over the walking bass (its guide tones where the shell would not).
SWING_COMP_FLOOR = 52
#: The hymn's cost of parallel fifths or octaves between the bass and the tune: above a semitone's motion of every
#: voice (so the bass takes another octave or the third), under a missing chord tone's (6).
HYMN_PARALLEL_COST = 8
#: The hymn's cost of a voice a semitone (a major seventh, a minor ninth) from a note the tune sings on a strong beat
#: in the chord: over an incomplete triad's (6) and a bass off the root's (4), so the voice takes another chord tone,
#: under a voice over the tune's (20).
HYMN_RUB_COST = 12


@dataclass
class StyleContext:
    """What a style sees: the chord segments (start, chord) in order, and the melody they support."""

    drill: Drill
    segments: list[tuple[Fraction, ChordSpec]]
    total: Fraction

    @property
    def meter(self) -> Meter:
        return self.drill.meter

    @property
    def key(self) -> Key:
        return self.drill.key

    def melody_floor(self, start: Fraction, end: Fraction) -> int | None:
        """The lowest melody note sounding between ``start`` and ``end`` (``None`` where none sounds)."""
        return min((n.midi for n in self.drill.notes if n.offset < end and start < n.offset + n.sounding), default=None)

    @functools.cached_property
    def lowest(self) -> int:
        """The melody's lowest note (MIDI; 128 for a melody without notes)."""
        return min((n.midi for n in self.drill.notes), default=128)

    def under_tune(self, start: Fraction, end: Fraction, figure: list[int]) -> int:
        """Semitones (0, -12 or -24) that put a bass ``figure`` (MIDI numbers) under the melody's lowest note
        between ``start`` and ``end``: whole octaves down while any of it is above that note and its lowest
        stays at or over :data:`LOWEST_BASS`; 0 where it is under already (every treble tune) or none sounds."""
        if max(figure) <= self.lowest:
            return 0  # under the whole tune (every treble tune): no span to read
        floor = self.melody_floor(start, end)
        shift = 0
        while floor is not None and max(figure) + shift > floor and min(figure) + shift - 12 >= LOWEST_BASS:
            shift -= 12
        return shift

    def melody_roof(self, start: Fraction, end: Fraction) -> int | None:
        """The highest melody note sounding between ``start`` and ``end`` (``None`` where none sounds)."""
        return max((n.midi for n in self.drill.notes if n.offset < end and start < n.offset + n.sounding), default=None)

    def melody_pcs(self, start: Fraction, end: Fraction) -> frozenset[int]:
        """Pitch classes of the melody notes sounding between ``start`` and ``end``."""
        return frozenset(n.midi % 12 for n in self.drill.notes if n.offset < end and start < n.offset + n.sounding)

    def spans(self) -> list[tuple[Fraction, Fraction, ChordSpec]]:
        """``(start, end, chord)`` per segment."""
        out = []
        for i, (start, chord) in enumerate(self.segments):
            end = self.segments[i + 1][0] if i + 1 < len(self.segments) else self.total
            if end > start:
                out.append((start, end, chord))
        return out


def fifth_of(chord: ChordSpec) -> int:
    """Semitones from the chord's root up to its fifth: 7, but 6 in a diminished chord (viio's B-F in C) and 8 in
    an augmented one (III+ in harmonic minor). A perfect fifth over viio's root (F-sharp under B-D-F) is no tone
    of the chord and rubs a semitone on its fifth and on the tune's."""
    return (chord.pcs[2] - chord.pcs[0]) % 12 if len(chord.pcs) >= 3 else 7


def root_in(chord: ChordSpec, low: int, high: int) -> int:
    """The chord's root as a MIDI number in ``low..high`` (the lowest one there)."""
    m = low + (chord.root_pc - low) % 12
    return m if m <= high else m - 12


def voice_lead(previous: list[int] | None, chord: ChordSpec, *, register: tuple[int, int] = CHORD_REGISTER,
               voices: int = 3, ceiling: int | None = None, roof: int | None = None) -> list[int]:
    """A close-position voicing of ``chord`` (``voices`` notes) moving least from ``previous``.

    Candidates are every inversion with its lowest note in ``register``; the
    cost is the summed semitone motion of the voices sorted low to high (or
    the distance from the register's centre for the first chord). With a
    ``ceiling`` (the melody's lowest note over the chord) only voicings whose top
    note is no higher are kept (below E3 with the root or fifth lowest, down to :data:`LOWEST_CLOSE_VOICE`
    where none in the register fits; where no whole chord fits, one with its top note left out, one voice
    fewer). Over a melody too low for any, with its ``roof`` (its highest note over the chord) given, the
    voicings wholly above it (:data:`ABOVE_TUNE_GAP`, up to :data:`HIGHEST_CHORD_FLOOR`); else the register's.
    """
    if len(chord.pcs) == 4 and voices == 3:
        # A seventh chord in three voices keeps what makes it one (root, third, seventh) and drops the fifth.
        pcs = [chord.pcs[0], chord.pcs[1], chord.pcs[3]]
    else:
        pcs = list(chord.pcs)[:voices] if len(chord.pcs) >= voices else list(chord.pcs) + [chord.pcs[0]]
    candidates: list[list[int]] = []
    for k in range(len(pcs)):
        order = pcs[k:] + pcs[:k]
        for bottom in range(min(register[0], LOWEST_CLOSE_VOICE), register[1] + 1):
            if bottom % 12 != order[0]:
                continue
            notes = [bottom]
            for pc in order[1:]:
                nxt = notes[-1] + 1 + (pc - notes[-1] - 1) % 12
                notes.append(nxt)
            candidates.append(notes)
    # Below E3 the lowest voice is the root or the fifth where the register allows: a third (or a
    # seventh) there sits a third or less from the bass's root and turns to mud.
    clear = [c for c in candidates if c[0] >= CHORD_REGISTER[0] or (c[0] - chord.root_pc) % 12 in (0, 7)]
    in_register = [c for c in clear if c[0] >= register[0]] or [c for c in candidates if c[0] >= register[0]]
    # The tune stays on top: chords sounding above it hide it, and crossing it blurs which line is the melody.
    under = [c for c in clear if ceiling is not None and c[-1] <= ceiling]
    if not under and ceiling is not None:
        # No whole chord fits under the tune with a clear bass (viio under a C4): as a pianist does, its top
        # note is left out (F3-B3, not B3-D4-F4 over the tune, nor D3-F3-B3 a third over the bass's B2).
        under = [c[:-1] for c in clear if len(c) > 2 and c[-2] <= ceiling]
    above: list[list[int]] = []
    if not under and roof is not None:
        # A low tune (a cello's): the chord sits over it, clear of it, as a pianist's right hand does; one
        # straddling it would cross the line and blur which voice is the tune.
        lowest_above = roof + ABOVE_TUNE_GAP
        for c in clear:
            for octave in (0, 12, 24):
                if lowest_above <= c[0] + octave <= HIGHEST_CHORD_FLOOR:
                    above.append([m + octave for m in c])
                    break
    candidates = ([c for c in under if c[0] >= register[0]] or under) if under else above or in_register
    centre = sum(register) / 2 + 4
    if previous is None:
        return min(candidates, key=lambda c: abs(sum(c) / len(c) - centre))
    prev = sorted(previous)
    return min(candidates, key=lambda c: sum(abs(a - b) for a, b in zip(sorted(c), prev, strict=False))
               + 0.05 * abs(sum(c) / len(c) - centre))


def _chord_track(ctx: StyleContext, name: str, program: int, hits: Callable[[Fraction, Fraction], list[tuple[Fraction, Fraction]]],
                 *, velocity: int = 62, voices: int = 3, register: tuple[int, int] = CHORD_REGISTER) -> Track:
    """Voiced chords struck at ``hits(start, end) -> [(onset, duration)]`` within each segment."""
    track = Track(name, program, 1)
    prev: list[int] | None = None
    for start, end, chord in ctx.spans():
        voicing = voice_lead(prev, chord, register=register, voices=voices, ceiling=ctx.melody_floor(start, end),
                             roof=ctx.melody_roof(start, end))
        prev = voicing
        for onset, dur in hits(start, end):
            track.events.extend(Event(onset, dur, m, velocity) for m in voicing)
    return track


def _eighth_in_bar(meter: Meter, t: Fraction) -> int:
    """Which eighth of its bar ``t`` (quarter lengths) falls on, from 0: where a figure stands in the meter."""
    return int((t % meter.bar_length) * 2)


def _beats(start: Fraction, end: Fraction, step: Fraction) -> list[Fraction]:
    out, t = [], start
    while t < end:
        out.append(t)
        t += step
    return out


def _bass_track(ctx: StyleContext, name: str, program: int,
                pattern: Callable[[Fraction, Fraction, ChordSpec], list[tuple[Fraction, Fraction, int]]], *,
                velocity: int) -> Track:
    track = Track(name, program, 2)
    for start, end, chord in ctx.spans():
        notes = pattern(start, end, chord)
        shift = ctx.under_tune(start, end, [m for _, _, m in notes]) if notes else 0
        track.events.extend(Event(t, d, m + shift, velocity) for t, d, m in notes)
    return track


def _under_tune_figure(ctx: StyleContext, start: Fraction, end: Fraction, figures: list[list[int]]) -> list[int]:
    """The first of ``figures`` (a bass figure, then narrower forms of it) that whole octaves down
    (:meth:`StyleContext.under_tune`) put under the tune between ``start`` and ``end``, moved there; where none
    goes under it, the one whose top lies lowest. A low tune (a cello's) keeps its bass under it: the left hand
    drops its upper octave, or its fifth goes under the root, rather than sound over the tune or round it."""
    floor = ctx.melody_floor(start, end)
    best: list[int] | None = None
    for figure in figures:
        moved = [m + ctx.under_tune(start, end, figure) for m in figure]
        if floor is None or max(moved) <= floor:
            return moved
        if best is None or max(moved) < max(best):
            best = moved
    return best or figures[0]


def _root_bass(start: Fraction, end: Fraction, chord: ChordSpec) -> list[tuple[Fraction, Fraction, int]]:
    return [(start, end - start, root_in(chord, *BASS_REGISTER))]


# ------------------------------------------------------------------ styles


def block(ctx: StyleContext) -> list[Track]:
    half = ctx.meter.bar_length / 2 if ctx.meter.beats == 4 else ctx.meter.bar_length

    def hits(s: Fraction, e: Fraction) -> list[tuple[Fraction, Fraction]]:
        return [(t, min(half, e - t)) for t in _beats(s, e, half)]

    return [_chord_track(ctx, "Piano", PIANO, hits, velocity=56),
            _bass_clear_of_parallels(ctx, _bass_track(ctx, "Bass", ACOUSTIC_BASS, _root_bass, velocity=BLOCK_BASS_VELOCITY))]


def alberti(ctx: StyleContext) -> list[Track]:
    track = Track("Piano", PIANO, 1)
    prev: list[int] | None = None
    step = F(1, 2)
    for start, end, chord in ctx.spans():
        v = voice_lead(prev, chord, register=(45, 60), ceiling=ctx.melody_floor(start, end),
                       roof=ctx.melody_roof(start, end))
        low, mid, high = v[0], v[len(v) // 2], v[-1]
        prev = v
        floor = ctx.melody_floor(start, end)
        # A chord thinned under the tune has two voices: low-high-mid-high would strike the upper one three times in
        # a row (A2 D3 D3 D3 under a cello's D3); the figure rocks between the two instead, and in threes (a dotted
        # beat, 3/8's bar) goes up to the low note's octave where it stays under the tune.
        top = low + 12 if floor is None or low + 12 <= floor else low
        threes = ctx.meter.compound or int(ctx.meter.bar_length * 2) % 2 == 1
        for t in _beats(start, end, step):
            k = _eighth_in_bar(ctx.meter, t)
            if len(v) == 2:
                note = (low, high, top)[k % 3] if threes else (low, high)[k % 2]
            elif ctx.meter.compound:
                note = (low, high, mid)[k % 3]  # one figure per dotted-quarter beat
            elif ctx.meter.beats % 2:
                note = low if k == 0 else (high if k % 2 else mid)  # 3/4: low-high, mid-high, mid-high
            else:
                note = (low, high, mid, high)[k % 4]
            track.events.append(Event(t, step, note, 58 if k % 2 else 66))
    return [track]


def arpeggio(ctx: StyleContext) -> list[Track]:
    track = Track("Piano", PIANO, 1)
    left = Track("Piano LH", PIANO, 3)  # the held root, a line of its own: kept clear of parallels with the tune
    prev: list[int] | None = None
    step = F(1, 2)
    for start, end, chord in ctx.spans():
        floor = ctx.melody_floor(start, end)
        v = voice_lead(prev, chord, register=(48, 62), ceiling=floor, roof=ctx.melody_roof(start, end))
        prev = v
        # The pattern's upper octave only where it stays under the tune.
        up = [m + 12 if floor is None or m + 12 <= floor else m for m in v]
        line = [v[0], v[1], v[-1], up[0], up[1], up[0], v[-1], v[1]]
        if up[0] == v[0]:  # no room for the upper octave: up and down within the chord, the low note on the beat
            line = [v[0], v[1], v[-1], v[1]] * 2
        # A chord thinned under the tune has two voices: the figure goes through them without striking the upper
        # one twice in a row (E2 B2 B2 E3 under a cello's tune), with the upper octave where there is room.
        thin = [v[0], v[1], up[0], v[1]] * 2 if up[0] != v[0] else [v[0], v[1]] * 4
        if len(v) == 2:
            line = thin
        root = root_in(chord, 36, 47)
        left.events.append(Event(start, end - start, root + ctx.under_tune(start, end, [root]), 70))
        # Up and down over the bar's own beats: eight eighths in duple time, six (3+3) in triple and compound.
        six = [v[0], v[1], v[-1], up[0] if up[0] != v[0] else v[1], v[-1], v[1]]  # the low note on the downbeat only
        if len(v) == 2:
            # Up and down through the octave; without it, the two in turn, and low-high-high in a compound meter,
            # whose figure keeps the dotted beat (accompaniment_audit's meter).
            six = ([v[0], v[1], up[0], v[1], up[0], v[1]] if up[0] != v[0]
                   else [v[0], v[1], v[1]] * 2 if ctx.meter.compound else [v[0], v[1]] * 3)
        for k, t in enumerate(_beats(start, end, step)):
            if ctx.meter.compound or ctx.meter.beats % 2:
                note = six[_eighth_in_bar(ctx.meter, t) % 6]
            else:
                note = line[k % len(line)]
            track.events.append(Event(t, step, note, 60))
    # The left hand's first inversion is not taken a third under the figure's low note struck with it (mud).
    return [track, _bass_clear_of_parallels(ctx, left, (track,), held=True)]


def _oom_pah(ctx: StyleContext, *, name: str, program: int, alternate_fifth: bool) -> list[Track]:
    meter = ctx.meter
    bass = Track("Bass", program, 2)
    chords = Track("Chords", program, 1)
    prev: list[int] | None = None
    strong = set(meter.strong_beats)
    for start, end, chord in ctx.spans():
        v = voice_lead(prev, chord, ceiling=ctx.melody_floor(start, end), roof=ctx.melody_roof(start, end))
        prev = v
        root = root_in(chord, *BASS_REGISTER)
        fifth = root + fifth_of(chord)
        fifth = fifth if fifth <= BASS_REGISTER[1] + 2 else fifth - 12
        shift = ctx.under_tune(start, end, [root, fifth] if alternate_fifth else [root])
        root, fifth = root + shift, fifth + shift
        for k, t in enumerate(_beats(start, end, meter.beat_length)):
            beat = int((t % meter.bar_length) / meter.beat_length)
            if meter.compound:
                # A figure that E1 keeps from going under a tune at the bottom of the bass clef: the note that
                # would sound a second or a third over the tune takes the chord tone under it.
                note = root if k % 2 == 0 or not alternate_fifth else fifth
                before = bass.events[-1].midi if bass.events else None
                note = _clear_of_masking(ctx, t, t + F(1), note, list(chord.pcs), before)
                bass.events.append(Event(t, min(F(1), end - t), note, 74))
                if t + F(1) < end:
                    chords.events.extend(Event(t + F(1), min(F(1, 2), end - t - F(1)), m, 52) for m in v)
            elif beat in strong or meter.beats == 1:
                use_fifth = alternate_fifth and beat != 0
                before = bass.events[-1].midi if bass.events else None
                note = _clear_of_masking(ctx, t, t + meter.beat_length, fifth if use_fifth else root,
                                         list(chord.pcs), before)
                bass.events.append(Event(t, min(meter.beat_length, end - t), note, 76))
            else:
                # Held no longer than its chord: a change inside the beat (5/4's halves) is the next chord's,
                # voiced under the tune there (Ab major: Db4 held over a tune gone down to Bb3 under V).
                dur = meter.beat_length / 2 if name == "march" else meter.beat_length
                chords.events.extend(Event(t, min(dur, end - t), m, 54) for m in v)
    return [chords, _bass_clear_of_parallels(ctx, bass)]


def waltz(ctx: StyleContext) -> list[Track]:
    return _oom_pah(ctx, name="waltz", program=PIANO, alternate_fifth=False)


def march(ctx: StyleContext) -> list[Track]:
    return _oom_pah(ctx, name="march", program=PIANO, alternate_fifth=True)


def jig(ctx: StyleContext) -> list[Track]:
    return _oom_pah(ctx, name="jig", program=PIANO, alternate_fifth=True)


def ballad(ctx: StyleContext) -> list[Track]:
    pad = _chord_track(ctx, "Piano", PIANO, lambda s, e: [(s, e - s)], velocity=52, voices=3)
    lh = Track("Piano LH", PIANO, 3)
    for start, end, chord in ctx.spans():
        root = root_in(chord, 36, 47)
        up = fifth_of(chord)
        line = _under_tune_figure(ctx, start, end, [[root, root + up, root + 12, root + up],
                                                    [root, root + up, root, root + up],
                                                    [root, root + up - 12, root, root + up - 12]])
        for k, t in enumerate(_beats(start, end, F(1, 2))):
            eighth = _eighth_in_bar(ctx.meter, t)
            if ctx.meter.compound:
                note = line[eighth % 3]  # root, fifth, octave on each dotted-quarter beat
            elif ctx.meter.beats % 2:
                note = line[(0, 1, 2, 3, 2, 3)[eighth % 6]]  # 3/4: root, fifth, octave, fifth, octave, fifth
            else:
                note = line[k % 4]
            lh.events.append(Event(t, F(1, 2), note, 60))
    return [pad, _approach_clear_of_parallels(ctx, lh)]


def _parallel_perfect(upper_from: int, upper_to: int, lower_from: int, lower_to: int) -> bool:
    """Two voices (MIDI numbers) moving the same way from a fifth or an octave (or unison, or compounds) to the
    same again: the parallels a pianist keeps out of the bass against the tune, as they hollow the harmony."""
    same_way = (upper_to - upper_from) * (lower_to - lower_from) > 0
    interval = (upper_from - lower_from) % 12
    return same_way and interval in (0, 7) and (upper_to - lower_to) % 12 == interval


def _top_at(ctx: StyleContext, at: Fraction) -> int | None:
    return max((n.midi for n in ctx.drill.notes if n.offset <= at < n.offset + n.sounding), default=None)


def _top_before(ctx: StyleContext, at: Fraction) -> int | None:
    """The tune's top note sounding up to ``at`` (begun before it, not ended before it); ``None`` over a rest."""
    return max((n.midi for n in ctx.drill.notes if n.offset < at <= n.offset + n.sounding), default=None)


def _muddy_with(note: int, others: list[int]) -> bool:
    """Whether ``note`` struck with ``others`` (MIDI numbers) makes a third or less under C3: mud."""
    return any(0 < abs(note - o) <= MASKING_ABOVE and min(note, o) < LOWEST_CLOSE_VOICE for o in others)


def _struck(tracks: tuple[Track, ...]) -> dict[Fraction, list[int]]:
    """The notes ``tracks`` strike at each onset."""
    out: dict[Fraction, list[int]] = {}
    for track in tracks:
        for e in track.events:
            out.setdefault(e.start, []).append(e.midi)
    return out


def _bass_clear_of_parallels(ctx: StyleContext, bass: Track, others: tuple[Track, ...] = (), *,
                             held: bool = False, octave_first: bool = False) -> Track:
    """``bass`` (a line: one note at a time) with the chord's third in its bass where the root would move in
    parallel fifths or octaves with the tune at a chord change: a pianist plays the first inversion there.

    The third is taken within a sixth of the note before, at or over C2 and under the tune; the last chord
    keeps its root (a cadence ends in root position), taken an octave the other way where that clears it.
    Every note of the span that sounded the root moves with it (a march's root, not its fifth). A third that would
    sound a third or less from a note of ``others`` struck with it under C3 (mud) is not taken. With ``held`` (a
    root held through its chord: the arpeggio's left hand), the tune's last note over it at the change is checked too.
    With ``octave_first`` (rock's bass, which plays roots under a distorted guitar), the root an octave the other way
    (down to :data:`LOWEST_BASS`: contrary motion) comes before the third, and no note is taken under a low-interval
    limit with a note of ``others`` struck with it: the third under the guitar's low note (A-flat2 under C3) is mud.
    """
    struck = _struck(others)
    spans = ctx.spans()
    chords = {start: (end, chord) for start, end, chord in spans}
    final = spans[-1][0] if spans else None
    events = sorted(bass.events, key=lambda e: e.start)
    for i in range(1, len(events)):
        e, before = events[i], events[i - 1]
        if e.start not in chords:
            continue
        # The tune where the note before was struck, and where a root held through its chord (the arpeggio's left
        # hand) still sounds at the change: it moves in parallels with the tune's last note over it. Block's bass
        # (held in one-strike meters) is left as it was: the inversions taken there put a third under its chord
        # (drill_audit.py's seed 43: close third under C3, 0 -> 1).
        m0, m1 = _top_at(ctx, before.start), _top_at(ctx, e.start)
        last = (_top_before(ctx, e.start)
                if held and before.start in chords and before.start + before.duration >= e.start else None)
        if m1 is None:
            continue
        heard = [m for m in (m0, last) if m is not None and _parallel_perfect(m, m1, before.midi, e.midi)]
        if not heard:
            continue
        end, chord = chords[e.start]
        floor = ctx.melody_floor(e.start, end)
        other_octave = e.midi - 12 if e.midi > before.midi else e.midi + 12
        if e.start == final:
            options = [other_octave]
        else:
            options = ([other_octave] if octave_first else []) + sorted(
                (m for m in range(before.midi - 9, before.midi + 10) if m % 12 == chord.pcs[1]),
                key=lambda m: abs(m - e.midi))
        lowest = LOWEST_BASS if octave_first else 36
        options = [m for m in options if m >= lowest and (floor is None or m < floor)
                   and not _muddy_with(m, struck.get(e.start, []))
                   and not (octave_first and any(under_low_limit(m, o) for o in struck.get(e.start, [])))]
        # Clear of both where one is; else of the parallels at the note's own onset, as before.
        tops = [m for m in (m0, last) if m is not None]
        options = ([m for m in options if not any(_parallel_perfect(t, m1, before.midi, m) for t in tops)]
                   or [m for m in options if m0 is not None and m0 in heard
                       and not _parallel_perfect(m0, m1, before.midi, m)])
        if not options:
            continue
        root = e.midi
        for k in range(i, len(events)):
            if events[k].start >= end:
                break
            if events[k].midi == root:
                events[k] = Event(events[k].start, events[k].duration, options[0], events[k].velocity)
    return Track(bass.name, bass.program, bass.channel, events, bass.drums, bass.notate)


def _approach_clear_of_parallels(ctx: StyleContext, line: Track, others: tuple[Track, ...] = ()) -> Track:
    """``line`` (a bass figure, one note at a time) with the note that leads into a chord change taken as another
    tone of its own chord, the nearest within a fifth that is under the tune, where it and the new chord's root would
    move in parallel fifths or octaves with the tune: a ballad's or a bossa's left hand keeps the root on the
    downbeat and changes the note before it. Where no tone clears it, the first inversion at the change
    (:func:`_bass_clear_of_parallels`). A tone a third or less from a note of ``others`` struck with it under C3 is
    not taken (bossa's lead-in on 3/4's half beat sounds with the guitar: mud)."""
    spans = ctx.spans()
    starts = {start for start, _, _ in spans}
    struck = _struck(others)
    events = sorted(line.events, key=lambda e: e.start)
    for i in range(1, len(events)):
        e, before = events[i], events[i - 1]
        if e.start not in starts or before.start in starts or before.start >= ctx.total - ctx.meter.bar_length:
            continue  # a lead-in that is itself a change keeps its root; the last bar's notes are struck together
        m0, m1 = _top_at(ctx, before.start), _top_at(ctx, e.start)
        if m0 is None or m1 is None or not _parallel_perfect(m0, m1, before.midi, e.midi):
            continue
        chord = [c for start, _, c in spans if start <= before.start][-1]
        floor = ctx.melody_floor(before.start, before.start + before.duration)
        options = sorted((m for m in range(before.midi - 7, before.midi + 8) if m % 12 in chord.pcs and m != before.midi
                          and m >= LOWEST_BASS and (floor is None or m < floor)
                          and not _parallel_perfect(m0, m1, m, e.midi)
                          and not _muddy_with(m, struck.get(before.start, []))),
                         key=lambda m: (abs(m - before.midi), m))
        if options:
            events[i - 1] = Event(before.start, before.duration, options[0], before.velocity)
    return _bass_clear_of_parallels(ctx, Track(line.name, line.program, line.channel, events, line.drums, line.notate),
                                    others)


def _drum(events: list[Event], t: Fraction, note: int, velocity: int) -> None:
    events.append(Event(t, F(1, 4), note, velocity))


def _strong_beat_hits(meter: Meter, start: Fraction, end: Fraction) -> list[tuple[Fraction, Fraction]]:
    """A strike at ``start`` and on every strong beat after it before ``end``, each held to the next: 4/4's beats 1
    and 3, 5/4's 1 and 4 (3+2), once a bar in 3/4, 6/8 and 9/8 (a strike on 3/4's beat 3 is heard as a bar of four
    cut short)."""
    bar = meter.bar_length
    onsets = [start] + [t for b in _beats(start // bar * bar, end, bar) for t in
                        (b + k * meter.beat_length for k in meter.strong_beats) if start < t < end]
    edges = [*onsets, end]
    return [(t, u - t) for t, u in zip(edges, edges[1:], strict=False)]


def _power_chord(voicing: list[int], chord: ChordSpec, ceiling: int | None) -> list[int]:
    """An overdriven guitar's ``voicing`` (MIDI numbers, low to high) with no third under C3: where a voice sounds a
    third or less over another under C3 (B2-D#3, A2-C#3), the chord's root and fifth with the octave over the
    lower (a power chord, the shape a rock guitarist plays there: distortion turns a close third that low to mud),
    built on the voicing's lowest note where that is the root or the fifth, else on the lowest of them over it; the
    notes over ``ceiling`` (the tune's lowest note) left out. ``voicing`` as it was where no two notes fit."""
    if not any(_muddy_with(m, voicing) for m in voicing):
        return voicing
    fifth = (chord.root_pc + fifth_of(chord)) % 12
    low = next(m for m in range(voicing[0], voicing[0] + 12) if m % 12 in (chord.root_pc, fifth))
    other = low + 1 + ((fifth if low % 12 == chord.root_pc else chord.root_pc) - low - 1) % 12
    power = [m for m in (low, other, low + 12) if ceiling is None or m <= ceiling]
    return power if len(power) >= 2 else voicing


def rock(ctx: StyleContext) -> list[Track]:
    meter = ctx.meter
    guitar = Track("Guitar", OVERDRIVE_GUITAR, 1)
    prev: list[int] | None = None
    for start, end, chord in ctx.spans():
        floor = ctx.melody_floor(start, end)
        v = voice_lead(prev, chord, register=(45, 57), ceiling=floor, roof=ctx.melody_roof(start, end))
        prev = v
        strum = _power_chord(v, chord, floor if floor is not None and v[-1] <= floor else None)
        for onset, dur in _strong_beat_hits(meter, start, end):
            guitar.events.extend(Event(onset, dur, m, 32) for m in strum)
    bass = _bass_clear_of_parallels(ctx, _bass_track(
        ctx, "Bass", PICK_BASS, lambda s, e, c: [(t, F(1, 2), root_in(c, *BASS_REGISTER)) for t in _beats(s, e, F(1, 2))],
        velocity=46), (guitar,), octave_first=True)
    drums = Track("Drums", 0, 9, drums=True, notate=False)
    for t in _beats(F(0), ctx.total, F(1, 2)):
        _drum(drums.events, t, HAT_CLOSED, 50)
    for t in _beats(F(0), ctx.total, meter.beat_length):
        # The kick on the strong beats, the snare on the others: 4/4's kick-snare-kick-snare, 3/4's kick-snare-snare.
        strong = int((t % meter.bar_length) / meter.beat_length) in meter.strong_beats
        _drum(drums.events, t, KICK if strong else SNARE, 70 if strong else 67)
    return [guitar, bass, drums]


def _with_seventh(chord: ChordSpec, melody_pcs: frozenset[int] = frozenset()) -> list[int]:
    """Chord pcs with a seventh: dominant on major roots a fifth above the... (major-key V), else diatonic.

    Where the melody sings the root, a major seventh would rub a semitone under it: the sixth is
    added instead (C6, not Cmaj7, under a C in the tune), as a jazz or bossa player voices it.
    """
    if len(chord.pcs) >= 4:
        return list(chord.pcs[:4])
    third = (chord.pcs[1] - chord.pcs[0]) % 12
    fifth = (chord.pcs[2] - chord.pcs[0]) % 12
    if fifth == 6 or third == 3 or chord.figure.lstrip("b#").upper().startswith("V") and not chord.figure.upper().startswith("VI"):
        seventh = 10
    else:
        seventh = 9 if chord.pcs[0] in melody_pcs else 11
    return [*chord.pcs, (chord.pcs[0] + seventh) % 12]


def _guide_tones_under(previous: list[int] | None, third: int, seventh: int, ceiling: int, *,
                       floors: tuple[int, ...] = (LOWEST_CLOSE_VOICE, SWING_GUIDE_TONES_FLOOR)) -> list[int] | None:
    """The third and seventh (pitch classes) as two notes within an octave, from the first of ``floors`` (C3) up to
    ``ceiling`` (MIDI), moving least from ``previous``; where none fits there, from the next (:data:`SWING_GUIDE_TONES_FLOOR`);
    ``None`` where none fits at all. A tritone or a sixth down there is clear, not mud."""
    for floor in floors:
        pairs = [sorted((low, low + 1 + (high_pc - low - 1) % 12))
                 for low_pc, high_pc in ((third, seventh), (seventh, third))
                 for low in range(floor, ceiling + 1) if low % 12 == low_pc]
        pairs = [p for p in pairs if p[1] <= ceiling]
        if pairs:
            break
    if not pairs:
        return None
    centre = sum(previous) / len(previous) if previous else ceiling - 6
    return min(pairs, key=lambda p: abs(sum(p) / 2 - centre))


def _clear_of_masking(ctx: StyleContext, start: Fraction, end: Fraction, note: int, pcs: list[int],
                      previous: int | None) -> int:
    """``note`` of a bass line, or where it sounds a second or a third over a note sung between ``start`` and
    ``end`` (a walking bass over a tune at the bottom of the bass clef, E2-A2, that whole octaves down could not
    clear: E1 is as low as it goes), the chord tone (``pcs``) under the tune, at or over :data:`LOWEST_BASS`,
    nearest the line's note before; ``note`` where none fits there."""
    sung = [n.midi for n in ctx.drill.notes if n.offset < end and start < n.offset + n.sounding]
    if not any(0 < note - m <= MASKING_ABOVE for m in sung):
        return note
    under = [m for m in range(LOWEST_BASS, min(sung)) if m % 12 in pcs]
    near = note if previous is None else previous
    return min(under, key=lambda m: (abs(m - near), m)) if under else note


def _comp_clear_of_masking(ctx: StyleContext, start: Fraction, end: Fraction, voicing: list[int]) -> list[int]:
    """A comp's ``voicing`` struck between ``start`` and ``end`` without the voices a second or a third over a
    note sung there (heard as the line): the other voices carry the chord; the whole voicing where all would go."""
    sung = [n.midi for n in ctx.drill.notes if n.offset < end and start < n.offset + n.sounding]
    kept = [m for m in voicing if not any(0 < m - s <= MASKING_ABOVE for s in sung)]
    return kept or voicing


def _walk_clear_of_parallels(ctx: StyleContext, bass: Track, comp: Track | None = None) -> Track:
    """A walking ``bass`` whose note into a chord change (a chromatic approach to the new root) would move in parallel
    fifths or octaves with the tune, taken from the root's other side (a semitone below rather than above, or the
    other way), else a whole step from either side: the bassist keeps the root on the downbeat and changes the
    approach. The note taken is under the tune and not a third or less over a note sung with it (it would mask the
    tune), nor in parallels with the tune from the note before it, nor under a low-interval limit with (or over) the
    ``comp`` sounding with it. Where none fits, the first inversion at the change (:func:`_bass_clear_of_parallels`)."""
    starts = {start for start, _, _ in ctx.spans()}
    events = sorted(bass.events, key=lambda e: e.start)
    for i in range(1, len(events)):
        e, before = events[i], events[i - 1]
        if e.start not in starts or before.start in starts:
            continue  # a one-beat chord's root leads in itself: its change is the first inversion's to make
        m0, m1 = _top_at(ctx, before.start), _top_at(ctx, e.start)
        if m0 is None or m1 is None or not _parallel_perfect(m0, m1, before.midi, e.midi):
            continue
        end = before.start + before.duration
        sung = [n.midi for n in ctx.drill.notes if n.offset < end and before.start < n.offset + n.sounding]
        floor = min(sung, default=None)
        earlier = events[i - 2] if i >= 2 else None
        top_earlier = _top_at(ctx, earlier.start) if earlier is not None else None
        over = _sounding(comp, before.start, end) if comp is not None else []
        for m in (e.midi - 1, e.midi + 1, e.midi - 2, e.midi + 2):
            if (m == before.midi or m < LOWEST_BASS or (floor is not None and m >= floor)
                    or any(0 < m - s <= MASKING_ABOVE for s in sung) or _parallel_perfect(m0, m1, m, e.midi)
                    or (over and (m >= min(over) or any(under_low_limit(m, o) for o in over)))):
                continue
            if (earlier is not None and top_earlier is not None
                    and _parallel_perfect(top_earlier, m0, earlier.midi, m)):
                continue
            events[i - 1] = Event(before.start, before.duration, m, before.velocity)
            break
    return _bass_clear_of_parallels(ctx, Track(bass.name, bass.program, bass.channel, events, bass.drums, bass.notate))


def under_low_limit(a: int, b: int) -> bool:
    """Whether two notes (MIDI) sounding together lie under their interval's low limit
    (:data:`LOW_INTERVAL_LIMITS`): ``under_low_limit(45, 51)`` (A2-E-flat3, a tritone under B2) is ``True``."""
    low, high = sorted((a, b))
    return low < LOW_INTERVAL_LIMITS.get(high - low, 0)


def _sounding(track: Track, start: Fraction, end: Fraction) -> list[int]:
    """The notes of ``track`` sounding at some time between ``start`` and ``end``."""
    return [e.midi for e in track.events if e.start < end and start < e.start + e.duration]


#: Semitones: the widest leap a walking bass takes to go under a low comp (a sixth).
WALK_LEAP = 9


def _walk_clear_of_comp(ctx: StyleContext, comp: Track, start: Fraction, end: Fraction, note: int,
                        options: list[int], previous: int | None) -> int:
    """A walking bass's ``note`` between ``start`` and ``end``, or, where it lies under a low-interval limit with a
    note the comp sounds over it (A2 under the shell's E-flat3, a tritone: mud) or over the comp's lowest note, the
    nearest of ``options`` (MIDI: the chord's other tones, another approach to the next root) clear of both, under
    the tune, not a third or less over a note sung with it, and not the note before; ``note`` where none is."""
    over = _sounding(comp, start, end)
    if not over or (note < min(over) and not any(under_low_limit(note, m) for m in over)):
        return note
    sung = [n.midi for n in ctx.drill.notes if n.offset < end and start < n.offset + n.sounding]
    # An option an octave down too, where the comp sits low (C3 under a tune at E-flat4): the walk goes under it.
    options = [*options, *(m - 12 for m in options if previous is None or abs(m - 12 - previous) <= WALK_LEAP)]
    fits = [m for m in options if m != previous and LOWEST_BASS <= m < min(over)
            and not any(under_low_limit(m, o) for o in over)
            and (not sung or m < min(sung)) and not any(0 < m - s <= MASKING_ABOVE for s in sung)]
    return min(fits, key=lambda m: (abs(m - note), m)) if fits else note


def swing(ctx: StyleContext) -> list[Track]:
    meter = ctx.meter
    swing_8th = F(2, 3)  # the swung "and" falls two thirds into the beat
    spans = ctx.spans()
    comp = Track("Piano", PIANO, 1)
    prev: list[int] | None = None
    for start, end, chord in spans:
        tones = _with_seventh(chord, ctx.melody_pcs(start, end))
        shell = ChordSpec(chord.figure, chord.root_letter, (tones[1], tones[3], tones[2]), chord.letters)
        floor = ctx.melody_floor(start, end)
        v = voice_lead(prev, shell, register=(52, 64), ceiling=floor, roof=ctx.melody_roof(start, end))
        if floor is not None and v[0] > floor and ctx.lowest >= SWING_GUIDE_TONES_FROM:
            # No three-note shell fits under a tune around C4: the two guide tones (third and seventh) do, as a
            # pianist comps there, rather than a shell over the tune.
            v = _guide_tones_under(prev, tones[1], tones[3], floor) or v
        elif floor is not None and v[0] < SWING_COMP_FLOOR:
            # A shell pushed under E3 by the tune (C3-G-flat3-E-flat4 under E-flat4) sits on the walking bass, a
            # third or a second from its notes (drill_audit.py's low-interval limits): the guide tones from E3 fit
            # there, as a pianist's left hand keeps out of the bassist's register.
            v = _guide_tones_under(prev, tones[1], tones[3], floor, floors=(SWING_COMP_FLOOR,)) or v
        prev = v
        for t in _beats(start, end, meter.beat_length * 2):
            hit = t + meter.beat_length + swing_8th * meter.beat_length if meter.beats > 1 else t
            if hit < end:
                comp.events.extend(Event(hit, meter.beat_length / 3, m, 58)
                                   for m in _comp_clear_of_masking(ctx, hit, hit + meter.beat_length / 3, v))
    # The walk is laid under the comp: a note the shell is struck over takes another chord tone (or approach) where
    # it would blur with it, as a bassist hears the pianist's left hand.
    bass = Track("Walking bass", ACOUSTIC_BASS, 2)
    for i, (start, end, chord) in enumerate(spans):
        root = root_in(chord, *BASS_REGISTER)
        tones = _with_seventh(chord)
        nxt = root_in(spans[i + 1][2], *BASS_REGISTER) if i + 1 < len(spans) else root
        beats = _beats(start, end, meter.beat_length)
        line = [root]
        pool = [root + ((tones[1] - tones[0]) % 12), root + ((tones[2] - tones[0]) % 12), root + 12]
        for k in range(1, len(beats)):
            if k == len(beats) - 1:
                line.append(nxt + (1 if nxt < line[-1] else -1))  # chromatic approach to the next root
            else:
                line.append(pool[(k - 1) % len(pool)])
        shift = ctx.under_tune(start, end, line)
        walk: list[int] = []
        for k, (t, m) in enumerate(zip(beats, line, strict=False)):
            held = min(meter.beat_length, end - t)  # no note runs into the next chord (a change inside a beat)
            m = _clear_of_masking(ctx, t, t + held, m + shift, tones, walk[-1] if walk else None)
            if k == 0:
                options: list[int] = []  # the root stays on the chord's downbeat
            elif k == len(beats) - 1 and i + 1 < len(spans):
                target = nxt + shift
                options = [target + d for d in (-1, 1, -2, 2, -5, 7)]  # by step either side, or from its fifth
            else:
                options = [m2 for m2 in range(m - 9, m + 10) if m2 % 12 in tones]
            walk.append(_walk_clear_of_comp(ctx, comp, t, t + held, m, options, walk[-1] if walk else None))
        bass.events.extend(Event(t, min(meter.beat_length, end - t), m, 52) for t, m in zip(beats, walk, strict=False))
    drums = Track("Drums", 0, 9, drums=True, notate=False)
    for t in _beats(F(0), ctx.total, meter.beat_length):
        beat = int((t % meter.bar_length) / meter.beat_length)
        _drum(drums.events, t, RIDE, 76)
        if beat % 2 == 1:
            _drum(drums.events, t, HAT_PEDAL, 70)
            _drum(drums.events, t + swing_8th * meter.beat_length, RIDE, 60)
    return [comp, _walk_clear_of_parallels(ctx, bass, comp), drums]


def bossa(ctx: StyleContext) -> list[Track]:
    """Bossa nova: root-fifth bass, syncopated guitar chords and a clave, all laid out bar by bar.

    In 4/4 (and 2/2) the clave spans two bars as usual; in other meters the same figure (a hit every
    three eighths) is cut to one bar so that nothing spills into the next.
    """
    meter = ctx.meter
    bar = meter.bar_length
    bass = Track("Bass", FINGER_BASS, 2)
    guitar = Track("Guitar", NYLON_GUITAR, 1)
    prev: list[int] | None = None
    comp = [off for off in (F(0), F(3, 2), F(3), F(9, 2), F(6)) if off < bar] if bar == 4 else \
        [off for off in (F(0), F(3, 2), F(3), F(9, 2)) if off < bar]
    for start, end, chord in ctx.spans():
        root = root_in(chord, *BASS_REGISTER)
        fifth = root + fifth_of(chord)
        fifth = fifth if fifth <= BASS_REGISTER[1] + 2 else fifth - 12
        shift = ctx.under_tune(start, end, [root, fifth])
        root, fifth = root + shift, fifth + shift
        # Root and fifth every two beats; in a bar of three beats (3/4) once a bar, not a root again on beat 3.
        for t in _beats(start, end, bar if meter.beats % 2 else min(bar, meter.beat_length * 2)):
            # Under a tune at the bottom of the bass clef (E1 the floor), a note a second or a third over it
            # takes the chord tone under it.
            held = min(F(3, 2), end - t)
            before = bass.events[-1].midi if bass.events else None
            bass.events.append(Event(t, held, _clear_of_masking(ctx, t, t + held, root, list(chord.pcs), before), 48))
            if t + F(3, 2) < min(end, t + meter.beat_length * 2):
                short = min(F(1, 2), end - t - F(3, 2))
                note = _clear_of_masking(ctx, t + F(3, 2), t + F(3, 2) + short, fifth, list(chord.pcs),
                                         bass.events[-1].midi)
                bass.events.append(Event(t + F(3, 2), short, note, 43))
        tones = _with_seventh(chord, ctx.melody_pcs(start, end))
        v = voice_lead(prev, ChordSpec(chord.figure, chord.root_letter, tuple(tones), chord.letters),
                       register=(52, 64), voices=4, ceiling=ctx.melody_floor(start, end),
                       roof=ctx.melody_roof(start, end))
        prev = v
        for bar_start in _beats(start, end, bar):
            for off in comp:
                if bar_start + off < end:
                    guitar.events.extend(Event(bar_start + off, min(F(1, 2), end - bar_start - off), m, 40) for m in v)
    drums = Track("Drums", 0, 9, drums=True, notate=False)
    if bar == 4:
        clave: tuple[Fraction, ...] = (F(0), F(3, 2), F(3), F(5), F(13, 2))  # son clave over two bars of 4/4
        cycle = bar * 2
    else:
        clave, cycle = tuple(off for off in (F(0), F(3, 2), F(3), F(9, 2)) if off < bar), bar
    for cycle_start in _beats(F(0), ctx.total, cycle):
        for off in clave:
            if cycle_start + off < ctx.total:
                _drum(drums.events, cycle_start + off, RIM, 74)
    for t in _beats(F(0), ctx.total, F(1, 2)):
        _drum(drums.events, t, HAT_CLOSED, 46)
    for t in _beats(F(0), ctx.total, bar if meter.beats % 2 else min(bar, meter.beat_length * 2)):
        _drum(drums.events, t, KICK, 74)  # with the bass's roots: once a bar in three beats, not on 3/4's beat 3
    return [guitar, _approach_clear_of_parallels(ctx, bass, (guitar,)), drums]


def hymn(ctx: StyleContext) -> list[Track]:
    """Alto, tenor and bass under the melody (the soprano): chord tones, least motion, no crossing."""
    alto, tenor, bass = Track("Alto", ORGAN, 1), Track("Tenor", ORGAN, 3), Track("Bass", ORGAN, 2)
    prev = (67, 60, 48)
    prev_top: int | None = None
    final = ctx.spans()[-1][0] if ctx.spans() else F(0)
    for start, end, chord in ctx.spans():
        top = next((n.midi for n in ctx.drill.notes if n.offset <= start < n.offset + n.duration), 72)
        sung = {n.midi for n in ctx.drill.notes if n.offset < end and start < n.offset + n.sounding}
        stressed = {n.midi % 12 for n in ctx.drill.notes if n.strong and start <= n.offset < end}
        best: tuple[float, tuple[int, int, int]] | None = None
        for a, t, b in itertools.product(range(50, 75), range(45, 68), range(36, 61)):
            if not (b < t < a) or a % 12 not in chord.pcs or t % 12 not in chord.pcs or b % 12 not in chord.pcs:
                continue
            if a - t > 12 or top - a > 12:  # over a low tune the alto may stand off it (HYMN_MASK_COST)
                continue
            present = {top % 12, a % 12, t % 12, b % 12}
            cost = abs(a - prev[0]) + abs(t - prev[1]) + abs(b - prev[2]) * 0.5
            cost += 0 if b % 12 == chord.root_pc else (4 if start < final else 40)  # root position; the end in it
            cost += 0 if set(chord.pcs[:3]) <= present else 6  # complete triad preferred
            cost += 0 if a <= top else 20  # the alto stays under the melody where it can
            cost += 10 * ((t > top) + (b > top))  # ... and the tenor and bass, under a low tune
            # A voice a second or a third over the tune is heard as the line (a low tune's alto): further up.
            cost += HYMN_MASK_COST * sum(any(0 < v - m <= 4 for m in sung) for v in (a, t, b))
            # ... and not by a close third under C3 instead (mud), where the voices stand lower to clear it.
            cost += HYMN_MASK_COST * (_muddy_with(t, [b]) + _muddy_with(a, [t, b]))
            # A voice a semitone (a seventh, a ninth) from a note the tune stresses in the chord rubs on it: le over
            # V's G at the cadence (F minor), which the harmoniser must end V-I under. The triad goes without it.
            cost += HYMN_RUB_COST * sum((m - v) % 12 in (1, 11) for v in (a, t, b) for m in stressed)
            if prev_top is not None and _parallel_perfect(prev_top, top, prev[2], b):
                cost += HYMN_PARALLEL_COST  # the outer voices in fifths or octaves, both moving the same way
            if best is None or cost < best[0]:
                best = (cost, (a, t, b))
        if best is None:
            continue
        a, t, b = best[1]
        prev, prev_top = (a, t, b), top
        for track, m in ((alto, a), (tenor, t), (bass, b)):
            track.events.append(Event(start, end - start, m, 40))
    return [alto, tenor, bass]


def drone(ctx: StyleContext) -> list[Track]:
    tonic = BASS_REGISTER[0] + (ctx.key.tonic_pc - BASS_REGISTER[0]) % 12
    # Re-sounded each bar: a held note never crosses a bar line.
    pad = Track("Drone", STRINGS, 1)
    for t in _beats(F(0), ctx.total, ctx.meter.bar_length):
        end = min(t + ctx.meter.bar_length, ctx.total)
        # The fifth over the tonic, or under it where the tune would sound between the two (a low tune).
        low_tonic, fifth = _under_tune_figure(ctx, t, end, [[tonic, tonic + 7], [tonic, tonic - 5]])
        sung = [n.midi for n in ctx.drill.notes if n.offset < end and t < n.offset + n.sounding]
        pairs = [(low_tonic, DRONE_VELOCITY), (fifth, DRONE_VELOCITY - 6)]
        if any(min(low_tonic, fifth) < m < max(low_tonic, fifth) for m in sung):
            pairs = pairs[:1]  # a tune under E1's reach of the pair (a bassoon's Bb1): the tonic alone, not round it
        pad.events.extend(Event(t, end - t, m, v) for m, v in pairs)
    clicks = click_track(beats_per_bar=ctx.meter.beats, beat_length=ctx.meter.beat_length,
                         bars=int(-(-ctx.total // ctx.meter.bar_length)))
    return [pad, clicks]


STYLES: dict[str, Callable[[StyleContext], list[Track]]] = {
    "block": block, "alberti": alberti, "arpeggio": arpeggio, "waltz": waltz, "march": march, "ballad": ballad,
    "rock": rock, "swing": swing, "bossa": bossa, "jig": jig, "hymn": hymn, "drone": drone,
}
