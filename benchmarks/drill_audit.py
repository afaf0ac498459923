"""A music teacher's audit of drills and their accompaniments over a grid of requests.

Run from the repository root::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/drill_audit.py [--requests 720] [--seed 1] [--json OUT]

Draws ``--requests`` requests (levels 1-6 in turn; random key of 12, mode of 13 seven-note and
pentatonic modes, meter of 9, range, target note or interval, progression) and for each drill made:
``check_drill`` (every constraint, re-derived from the notes: "CONSTRAINT ..." lines) and red flags a
teacher hears: augmented or diminished melodic intervals (levels 1-3; 4-6 other than the tritone), a melodic
tritone (levels 1-4; 5-6) and one whose second note does not go on by step the way it resolves (ti up to do, fa
down to mi),
sevenths at levels 1-4, leaps over an octave, a leading tone that leaps away (and at a cadence), four or
more notes of one pitch in a row (and five or more), no repetition or repetition of over half the bars (8 bars or more), a
final tonic off the downbeat or on a weak beat, shorter than a beat, approached from an unstable degree,
by a leap over a fifth, or from the fifth in a seven-note key (sol-do). Each drill gets an accompaniment (the styles in turn) checked for a strong-beat
melody note a semitone from a sounding accompaniment note, an accompaniment that opens on a chord other than the
tonic (the key is not heard before the tune leaves it), accompaniment notes sounding above the melody
(drills with any; ``_notes under the accompaniment`` of ``_melody notes``), melody notes with an accompaniment note a
third or less above them (``_notes masked``) and melody notes inside a chord's span (``_notes crossed by a chord``:
one track's notes struck together sounding both above and below the tune), close thirds below C3, two neighbouring notes sounding under their interval's low limit (``LOW_LIMITS``: a comp
over a held bass too; ``_low-limit onsets: M2`` ...), a chord with a tone outside the mode (``mode_chord_pcs``; from
the chart or the harmoniser; ``... a semitone from the tune`` where a note the tune sings over it is a semitone
from that tone), a cadence whose approach chord leaves the mode, and a broken-chord
figure (a track of single eighths) striking one pitch twice in a row (``_figure notes struck again at once``).
The line as a teacher reads it (``generation.melody.structure.shape_of``): a last note that rises above the
whole tune, a leap followed by another leap the same way (and such a leap on whose notes spell no triad), the highest note struck in three or more places (and where
it is first struck, as a share of the tune),
a tune of 6-14 bars held on the tonic at the end of its first half (no question before the answer);
pooled over the drills and over music21's held-out Essen folk songs (``benchmarks/generation_metrics.py``'s
cache; read from the corpus on the first run, about a minute; ``--no-corpus`` leaves them out): leap recovery
(a step back after a leap of a fourth or more), the same three shares, pitch-class entropy and the share of
bars whose rhythm is an earlier bar's.
``_starts on ...`` counts the drills' first notes by scale degree (songs start on do, mi and sol).
Counts are drills with the flag. Numbers: benchmarks/README_generation.md, "A teacher's audit".
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.accompaniment import STYLES, generate_accompaniment  # noqa: E402
from generation.accompaniment.harmony import mode_chord_pcs  # noqa: E402
from generation.accompaniment.styles import LOW_INTERVAL_LIMITS as LOW_LIMITS  # noqa: E402
from generation.melody import DrillParams, generate_drill  # noqa: E402
from generation.melody.check import check_drill  # noqa: E402
from generation.melody.errors import GenerationError  # noqa: E402
from generation.melody.generate import TRITONE_RESOLVE_LEVELS  # noqa: E402
from generation.melody.structure import (  # noqa: E402
    PEAK_PLACES,
    drill_bars,
    shape_of,
    shape_summary,
    tritone_resolution,
)
from music.interval import interval_between  # noqa: E402
from music.key import make_key  # noqa: E402

MODES = ["major", "minor", "harmonic-minor", "melodic-minor", "dorian", "mixolydian", "lydian", "phrygian",
         "major-pentatonic", "minor-pentatonic", "gong", "yu", "zhi"]
METERS = ["2/4", "3/4", "4/4", "6/8", "5/4", "2/2", "3/8", "9/8", "12/8"]
KEYS = ["C", "G", "D", "A", "E", "F", "Bb", "Eb", "Ab", "F#", "B", "Db"]
RANGES = [None, None, None, "A3-E5", "C4-C5", "G3-G5", "E2-C4", "D4-G5"]
PC_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
START_NAMES = ["do", "re", "mi", "fa", "sol", "la", "ti"]  # letter degrees from the tonic


def grid(n: int, seed: int) -> list[dict]:
    """The requests, drawn from ``seed``."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        level = 1 + i % 6
        req = dict(level=level, key=rng.choice(KEYS), mode=rng.choice(MODES), meter=rng.choice(METERS),
                   seed=rng.randrange(1000))
        r = rng.choice(RANGES)
        if r:
            req["range"] = r
        if r == "E2-C4":
            req["clef"] = "bass"
        u = rng.random()
        if u < 0.25:
            req["target_notes"] = ["__deg5"]
        elif u < 0.4:
            req["target_intervals"] = [rng.choice(["+M3", "-m3", "+P4", "+P5", "-M2"])]
        if rng.random() < 0.2:
            req["progression"] = rng.choice(["I IV V I", "I vi IV V", "i iv V i"])
        out.append(req)
    return out


def flags(d, level):
    """Musical red flags (names) of a drill."""
    f = collections.Counter()
    notes, key = d.notes, d.key
    tpc = key.tonic_pc
    for a, b in zip(notes, notes[1:], strict=False):
        iv = interval_between(a.pitch, b.pitch) if b.midi >= a.midi else interval_between(b.pitch, a.pitch)
        if iv is None:
            continue
        s = iv.simple if iv.number > 8 else iv
        if s.quality in ("A", "d", "AA", "dd") and level <= 3:
            f["awkward: aug/dim interval (L1-3)"] += 1
        elif s.quality in ("A", "d", "AA", "dd") and abs(b.midi-a.midi) not in (6,):
            f["awkward: aug/dim interval other than tritone (L4-6)"] += 1
        if iv.number in (7,) and level <= 4:
            f["awkward: seventh leap (L1-4)"] += 1
        if abs(b.midi - a.midi) > 12:
            f["leap > octave"] += 1
    # A melodic tritone at levels 1-4 is sung as fa-ti or ti-fa and resolved by step (ti up to do, fa down to mi).
    band = "L1-4" if level <= TRITONE_RESOLVE_LEVELS else "L5-6"
    for i, (a, b) in enumerate(zip(notes, notes[1:], strict=False)):
        way = tritone_resolution(a.pitch.diatonic, a.midi, b.pitch.diatonic, b.midi)
        if not way:
            continue
        f[f"melodic tritone ({band})"] = 1
        after = notes[i + 2].midi - b.midi if i + 2 < len(notes) else 0
        if not (1 <= after * way <= 2):
            f[f"tritone not resolved by step ({band})"] = 1
    # leading tone (semitone below tonic, in key) not going to tonic or stepping down
    lt = (tpc - 1) % 12
    has_lt = key.degree_of_pc(lt) >= 0
    if has_lt:
        for i, (a, b) in enumerate(zip(notes, notes[1:], strict=False)):
            if a.midi % 12 == lt:
                step = b.midi - a.midi
                if not (step == 1 or -2 <= step <= -1 or step == 0):
                    f["leading tone leaps away"] += 1
                    if i + 1 in d.phrase_ends or i + 1 == len(notes) - 1:
                        f["leading tone unresolved at cadence"] += 1
    run = 1
    for a, b in zip(notes, notes[1:], strict=False):
        run = run + 1 if a.midi == b.midi else 1
        if run == 4:
            f["4+ repeated pitches in a row"] += 1
        if run == 5:
            f["5+ repeated pitches in a row"] += 1
    # repetition
    bars = collections.defaultdict(list)
    for n in notes:
        bars[n.bar].append((n.midi, n.duration))
    seq = [tuple(bars[b]) for b in range(d.params.bars)]
    rhy = [tuple(x[1] for x in s) for s in seq]
    rep = sum(1 for i, s in enumerate(seq) if s in seq[:i])
    if d.params.bars >= 8 and d.params.kind == "melody":
        if rep == 0 and len(set(rhy)) == len(rhy):
            f["no repetition at all (>=8 bars)"] += 1
        if rep > d.params.bars / 2:
            f["over half the bars repeat"] += 1
    # cadence: final note on the last bar's downbeat, long enough, approached by step or from 5
    last, pen = notes[-1], notes[-2] if len(notes) > 1 else None
    blen = d.meter.bar_length
    within = last.offset % blen
    if within and d.params.kind == "melody":
        f["final note not on a downbeat"] += 1
        if within % d.meter.beat_length or int(within / d.meter.beat_length) not in d.meter.strong_beats:
            f["final tonic arrives on a weak beat"] += 1
    if d.params.kind == "melody":
        shape = shape_of(drill_bars(notes))
        if shape["final_above"]:
            f["last note rises above the whole tune"] += 1
        if shape["leap_on"]:
            f["leap followed by a leap the same way"] += 1
        if shape["leap_on_chordless"]:
            # A leap on through a triad is an arpeggio (C4 E4 G4); any other leaves the line without a turn.
            f["leap on the same way, spelling no chord"] += 1
        if shape["peaks"] >= PEAK_PLACES:
            f[f"highest note struck in {PEAK_PLACES}+ places"] += 1
        bars_n = d.params.bars
        if 6 <= bars_n < 16 and bars_n % 2 == 0:
            # The first half of a short tune asks a question (a half cadence): home at its end, the tune has
            # stopped in the middle (2+2 | 2+2 with an authentic cadence at bar 4 of 8).
            mid = [n for n in notes if n.bar == bars_n // 2 - 1]
            if mid and mid[-1].midi % 12 == tpc and mid[-1].sounding >= d.meter.beat_length:
                f["a short tune comes home at its midpoint"] += 1
    if last.duration < d.meter.beat_length:
        f["final note shorter than a beat"] += 1
    if pen is not None and d.params.kind == "melody":
        pc_rel = (pen.midi - tpc) % 12
        if pc_rel not in (2, 11, 7, 10, 0, 1):
            f["final approached from an unstable degree"] += 1
        if abs(last.midi - pen.midi) > 7 and pc_rel != 7:
            f["final approached by a leap > 5th"] += 1
        if pc_rel == 7 and not key.pentatonic:
            # Sol-do: the held-out Essen songs come home so in 4.5 % of them, by step (re-do, ti-do) in 66 %.
            f["final leaps home from the fifth (seven-note keys)"] += 1
    return f

CLOSE_ABOVE = 4  # semitones: an accompaniment note this near above the tune masks it
FIGURE_NOTE = 0.5  # quarter lengths: a track of single notes this short is a broken-chord figure


def _chords_sounding(acc, on):
    """The chords (notes one track strikes together, for as long) sounding at ``on``, as lists of MIDI numbers."""
    out = collections.defaultdict(list)
    for k, t in enumerate(acc.tracks):
        if t.drums:
            continue
        for e in t.events:
            if e.start <= on < e.start + e.duration:
                out[(k, e.start, e.duration)].append(e.midi)
    return list(out.values())


INTERVAL_NAMES = {1: "m2", 2: "M2", 3: "m3", 4: "M3", 5: "P4", 6: "TT", 7: "P5", 8: "m6", 9: "M6", 10: "m7",
                  11: "M7", 13: "m9", 14: "M9"}


def low_limit_faults(acc) -> collections.Counter:
    """Onsets (an accompaniment note struck) where two neighbouring accompaniment notes sounding then lie under
    their interval's low limit, by the lowest such interval's name (``M2``, ``TT``, ...)."""
    out: collections.Counter = collections.Counter()
    evs = [e for t in acc.tracks if not t.drums for e in t.events]
    for on in sorted({e.start for e in evs}):
        ms = sorted({e.midi for e in evs if e.start <= on < e.start + e.duration})
        bad = [b - a for a, b in zip(ms, ms[1:], strict=False) if a < LOW_LIMITS.get(b - a, 0)]
        if bad:
            out[INTERVAL_NAMES[bad[0]]] += 1
    return out


def outside_mode(chord, key) -> set[int]:
    """``chord``'s pitch classes outside ``key``'s mode (``mode_chord_pcs``: its scale's, a pentatonic mode's
    host's, and natural minor's raised leading tone in V and viio by convention)."""
    return set(chord.pcs) - mode_chord_pcs(key)


def _spans(chords, total):
    """Each chord's start mapped to its end."""
    starts = [s for s, _ in chords]
    return {s: (starts[i + 1] if i + 1 < len(starts) else total) for i, s in enumerate(starts)}


def acc_flags(d, acc):
    f = collections.Counter()
    if acc.chords and acc.chords[0][1].pcs[0] != d.key.tonic_pc:
        f["accompaniment opens off the tonic chord"] += 1
    evs = [e for t in acc.tracks if not t.drums for e in t.events]
    for n in d.notes:
        on = n.offset
        sounding = [e for e in evs if e.start <= on < e.start + e.duration]
        if not sounding:
            continue
        pcs = {e.midi % 12 for e in sounding}
        if n.strong and any((n.midi - p) % 12 in (1, 11) for p in pcs):
            f["strong-beat melody a semitone from the accompaniment"] += 1
        f["_melody notes"] += 1
        if any(e.midi > n.midi for e in sounding):
            f["_notes under the accompaniment"] += 1
            f["accompaniment above the melody"] = 1
        if any(0 < e.midi - n.midi <= CLOSE_ABOVE for e in sounding):
            # A note a second or a third over the tune is heard as the line: it masks the tune.
            f["_notes masked: accompaniment a third or less above"] += 1
        if any(len(c) > 1 and min(c) < n.midi < max(c) for c in _chords_sounding(acc, on)):
            # One chord with voices on both sides of the tune crosses it (a pianist's right hand goes over it or
            # under it, not round it).
            f["_notes crossed by a chord"] += 1
    # A broken-chord figure (a track of single eighths: alberti, arpeggio) that strikes one pitch twice in a row has
    # lost its shape: a chord thinned to two notes under a low tune played low-high-mid-high as A2 D3 D3 D3.
    for t in acc.tracks:
        if t.drums:
            continue
        onsets = collections.Counter(e.start for e in t.events)
        if any(c > 1 for c in onsets.values()):
            continue  # struck chords, not a figure
        # Under one chord, eighths on one pitch are a pedal (rock's bass); on two or more, a figure.
        spans = collections.defaultdict(list)
        for e in sorted(t.events, key=lambda e: e.start):
            if e.duration <= FIGURE_NOTE:
                spans[sum(1 for on, _ in acc.chords if on <= e.start)].append(e)
        stuck = sum(1 for figure in spans.values() if len({e.midi for e in figure}) > 1
                    for a, b in zip(figure, figure[1:], strict=False)
                    if b.start == a.start + a.duration and b.midi == a.midi)
        if stuck:
            f["_figure notes struck again at once"] += stuck
            f["broken-chord figure strikes a note twice in a row"] = 1
    # Low-interval limits: every two neighbouring notes sounding where a note is struck (a comp over a held bass
    # too), the lower under its interval's limit.
    for name, count in low_limit_faults(acc).items():
        f["_low-limit onsets: " + name] += count
        f["muddy: an interval under its low limit"] = 1
    # The chords against the mode: a tone outside the mode's scale (its host's for a pentatonic mode; natural
    # minor's raised-leading-tone V and viio by convention), chosen by the harmoniser or written in the chart.
    source = "chart" if any(c is not None for c in d.chords) else "harmoniser"
    foreign = [(start, chord, out) for start, chord in acc.chords if (out := outside_mode(chord, d.key))]
    if foreign:
        f[f"chord outside the mode ({source})"] = 1
        f[f"_chords outside the mode ({source})"] += len(foreign)
        spans = _spans(acc.chords, d.total_length)
        for start, _chord, out in foreign:
            end = spans[start]
            if any((n.midi - p) % 12 in (1, 11) for n in d.notes if n.offset < end and start < n.offset + n.sounding
                   for p in out):
                # The chord's foreign tone a semitone from a note the tune sings over it (F-sharp under F in D dorian).
                f[f"_chords outside the mode against the tune ({source})"] += 1
                f[f"chord outside the mode a semitone from the tune ({source})"] = 1
    if len(acc.chords) >= 2:
        approach = acc.chords[-2][1]
        if outside_mode(approach, d.key):
            f["cadence: the approach chord leaves the mode"] = 1
    # muddy low voicings
    starts = collections.defaultdict(list)
    for e in evs:
        starts[e.start].append(e.midi)
    for ms in starts.values():
        ms = sorted(set(ms))
        for a, b in zip(ms, ms[1:], strict=False):
            if a < 48 and b - a <= 4:
                f["muddy: third or closer below C3"] += 1
                break
    return f

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=720)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="write counts and examples here")
    parser.add_argument("--no-corpus", action="store_true", help="leave out the Essen songs' shape figures")
    args = parser.parse_args()
    shapes = []
    counts: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[tuple[dict, str]]] = collections.defaultdict(list)
    made = refused = accompanied = 0
    styles = sorted(STYLES)
    started, cpu = time.time(), time.process_time()
    for i, req in enumerate(grid(args.requests, args.seed)):
        req = dict(req)
        try:
            if req.get("target_notes") == ["__deg5"]:
                # A target note the mode has: its middle degree.
                k = make_key(req["key"], req["mode"])
                req["target_notes"] = [PC_NAMES[k.pcs[len(k.pcs) // 2]]]
            params = DrillParams.preset(**req)
            drill = generate_drill(params)
        except GenerationError as exc:
            refused += 1
            counts["refused: " + str(exc).split(":")[0]] += 1
            continue
        made += 1
        shapes.append(shape_of(drill_bars(drill.notes)))
        counts["_starts on " + START_NAMES[drill.key.degree_of(drill.notes[0].pitch)]] += 1
        for line in check_drill(drill):
            counts["CONSTRAINT " + line.split(":")[0]] += 1
            examples["CONSTRAINT " + line.split(":")[0]].append((req, line))
        for name in flags(drill, params.level):
            counts[name] += 1
            if len(examples[name]) < 6:
                examples[name].append((req, " ".join(f"{n.name}/{n.duration}" for n in drill.notes)))
        style = styles[i % len(styles)]
        acc = generate_accompaniment(drill, style=style)
        accompanied += 1
        for name, count in acc_flags(drill, acc).items():
            if name.startswith("_"):
                counts[name] += count
                counts[f"{name} [{style}]"] += count
                continue
            counts[name] += 1
            counts[f"{name} [{style}]"] += 1
            if len(examples[name]) < 6:
                examples[name].append((req, style))
    cpu_seconds = round(time.process_time() - cpu, 1)
    shape = {"drills": shape_summary(shapes)}
    if not args.no_corpus:
        shape["essen"] = essen_shape()
    result = dict(made=made, refused=refused, accompanied=accompanied, seconds=round(time.time() - started, 1),
                  cpu_seconds=cpu_seconds, shape=shape, counts=dict(sorted(counts.items())),
                  examples={k: [[r, str(x)] for r, x in v] for k, v in examples.items()})
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, default=str))
    sys.stdout.write(f"made {made}, refused {refused}, accompanied {accompanied}, {result['seconds']} s "
                     f"({cpu_seconds} s CPU)\n")
    for name, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        if "[" not in name:
            sys.stdout.write(f"{count:6d}  {name}\n")
    sys.stdout.write("shape (drills" + (", Essen held out" if "essen" in shape else "") + "):\n")
    for name, value in shape["drills"].items():
        ref = f"  {shape['essen'][name]:.3f}" if "essen" in shape else ""
        sys.stdout.write(f"  {name:16s} {value:.3f}{ref}\n")


def essen_shape() -> dict[str, float]:
    """The shape figures of music21's held-out Essen songs (the generation metrics' cached bars)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generation_metrics import essen_heldout_bars

    songs = essen_heldout_bars()
    return shape_summary([shape_of([tuple((int(m), float(d)) for m, d in bar) for bar in song["bars"]])
                          for song in songs])


if __name__ == "__main__":
    main()
