"""Meter, pickup and bar positions read from the simulator's true timing (no audio).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/meter.py --seeds 1000-1149
    PYTHONPATH=$PWD .venv/bin/python benchmarks/meter.py --seeds 2000-2149   # held out
    PYTHONPATH=$PWD .venv/bin/python benchmarks/meter.py --essen kinder0     # real folk tunes

For each seed, a melody is drawn as the synthesised sung takes draw theirs
(``tests/grading/analysis/sung_takes.py``: ``make_melody`` for one of the four voices, 16-31
notes, 3/4, 4/4 or 6/8 at 60-140 BPM) and performed by ``plan_performance`` twice: plainly
(a steady clock, 10 ms onset jitter) and with ``free-tempo`` (each note's length off by about
5 % and a slow 12 % wander of the tempo, as a singer sings without a metronome). The sung
notes' onsets and offsets go to ``estimate_rhythm``; reported per meter: the takes whose
meter is right, and those whose meter, pickup and every note's bar position (quarters from
the first downbeat) are right. The simulator's melodies start on a downbeat.

``--essen NAME`` performs the tunes of one file of the Essen folk song collection bundled with
music21 (``essenFolksong/NAME``: ``kinder0`` children's songs, ``erk20``, ``boehme10`` ...) instead:
real melodies with pickups, ties and rests, one time signature of 2/4, 3/4, 4/4, 6/8, 9/8 or 12/8,
every onset on a sixteenth, at 60-140 quarters a minute (seeded by the tune's number). A 2/4 tune
read as 4/4 counts as right (the same beats; the tutor writes 4/4 unless the accents ask for 2/4),
its positions when they are the written ones shifted by whole 2/4 bars, or twice the written ones
(each 2/4 bar written as a 4/4 bar of eighths counted as beats: the same bar lines).

Writes Markdown to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

import numpy as np

from grading.analysis.meter import estimate_rhythm
from tests.grading.analysis.performers import INSTRUMENTS, VOICES, make_melody, plan_performance

MODES = {"plain": (), "free tempo": ("free-tempo",)}
ESSEN_METERS = ("2/4", "3/4", "4/4", "6/8", "9/8", "12/8")
# The simulator's meter with the same beat (it only sets the count-in before the first note).
SAME_BEAT = {"2/4": "4/4", "3/4": "3/4", "4/4": "4/4", "6/8": "6/8", "9/8": "9/8", "12/8": "12/8"}


def essen_tunes(name: str) -> list[tuple[str, float, list[tuple[float, float]]]]:
    """The tunes of ``essenFolksong/NAME`` this benchmark can read: (meter, pickup in quarters, [(onset,
    length)] in quarters from the first note), ties joined, rests left out."""
    from music21 import corpus

    opus = corpus.parse(f"essenFolksong/{name}")
    tunes = []
    for score in getattr(opus, "scores", [opus]):
        signatures = list(score.recurse().getElementsByClass("TimeSignature"))
        if len(signatures) != 1 or signatures[0].ratioString not in ESSEN_METERS:
            continue
        bar = float(signatures[0].barDuration.quarterLength)
        notes: list[list[float]] = []
        pickup = 0.0
        for k, measure in enumerate(score.recurse().getElementsByClass("Measure")):
            content = sum(float(x.quarterLength) for x in measure.notesAndRests)
            if k == 0 and content < bar - 1e-6:
                pickup = content
            for x in measure.notesAndRests:
                if x.isRest or x.duration.isGrace:
                    continue
                at, length = float(measure.offset + x.offset), float(x.quarterLength)
                if x.tie is not None and x.tie.type in ("stop", "continue") and notes:
                    notes[-1][1] += length
                else:
                    notes.append([at, length])
        onsets = np.asarray([n[0] for n in notes])
        if len(notes) < 8 or not np.allclose(onsets * 4, np.round(onsets * 4)):
            continue
        tunes.append((signatures[0].ratioString, pickup, [(a - notes[0][0], b) for a, b in notes]))
    return tunes


def essen_take(number: int, tune: tuple[str, float, list[tuple[float, float]]], events: tuple[str, ...]
               ) -> tuple[list[float], list[float]]:
    """Onsets and offsets (s) of one Essen tune sung by the simulator's voice (pitches left out: a scale)."""
    from tests.grading.analysis.performers import Melody, ScoreNote

    meter, _, notes = tune
    rng = np.random.default_rng([number, 17])
    voice = INSTRUMENTS[VOICES[number % len(VOICES)]]
    beat = 1.5 if meter.endswith("/8") else 1.0
    bpm = round(float(rng.uniform(60, 140)) / beat) * beat
    # Pitches do not reach the meter: a scale up and down inside the voice's range.
    span = [voice.low + 2 + k % 7 for k in range(len(notes))]
    score = tuple(ScoreNote(midi, onset, length, 1 + int(onset // 4)) for midi, (onset, length)
                  in zip(span, notes, strict=True))
    melody = Melody(events=score, tonic_pc=0, mode="major", meter=SAME_BEAT[meter], bpm=bpm)
    perf = plan_performance(melody, voice, rng=rng, events=events, errors=False)
    if len(perf.sounded) != len(notes):
        raise ValueError(f"tune {number}: {len(perf.sounded)} sung notes for {len(notes)} written")
    sung = sorted(perf.sounded, key=lambda n: n.onset)
    return [n.onset for n in sung], [n.onset + n.duration for n in sung]


def take(seed: int, events: tuple[str, ...]) -> tuple[str, list[float], list[float], list[float]]:
    """The meter, onsets, offsets (s) and written positions (quarters) of seed's sung notes."""
    rng = np.random.default_rng([seed, 17])
    voice = INSTRUMENTS[VOICES[seed % len(VOICES)]]
    melody = make_melody(rng, low=voice.low, high=voice.high, n_notes=int(rng.integers(16, 32)))
    perf = plan_performance(melody, voice, rng=rng, events=events, errors=False)
    sung = sorted(perf.sounded, key=lambda n: n.onset)
    if len(sung) != len(melody.notes):
        raise ValueError(f"seed {seed}: {len(sung)} sung notes for {len(melody.notes)} written")
    return (melody.meter, [n.onset for n in sung], [n.onset + n.duration for n in sung],
            [n.onset_q for n in melody.notes])


def score(seeds: range, events: tuple[str, ...]) -> tuple[Counter, Counter, Counter]:
    """Per meter: takes, meter right, meter and every position right."""
    total: Counter = Counter()
    meter_right: Counter = Counter()
    all_right: Counter = Counter()
    for seed in seeds:
        meter, onsets, offsets, written = take(seed, events)
        rhythm = estimate_rhythm(onsets, offsets)
        total[meter] += 1
        if rhythm.meter == meter:
            meter_right[meter] += 1
            if rhythm.pickup == 0 and np.allclose(rhythm.positions, written):
                all_right[meter] += 1
    return total, meter_right, all_right


def score_essen(tunes: list, events: tuple[str, ...]) -> tuple[Counter, Counter, Counter]:
    """Per meter: tunes, meter right, meter and every position right (``--essen``)."""
    total: Counter = Counter()
    meter_right: Counter = Counter()
    all_right: Counter = Counter()
    for number, tune in enumerate(tunes):
        meter, pickup, notes = tune
        onsets, offsets = essen_take(number, tune, events)
        rhythm = estimate_rhythm(onsets, offsets)
        total[meter] += 1
        if rhythm.meter == meter or (meter, rhythm.meter) == ("2/4", "4/4"):
            meter_right[meter] += 1
            written = np.asarray([n[0] for n in notes]) - pickup
            if rhythm.meter == meter:
                right = bool(np.allclose(rhythm.positions, written))
            else:
                # 2/4 in 4/4: the bar lines of 2/4 shifted by whole 2/4 bars, or each 2/4 bar written as
                # a 4/4 bar in notes of twice the length (its eighths counted as beats).
                right = any(_bar_lines_kept(rhythm.positions, written, scale) for scale in (1.0, 2.0))
            all_right[meter] += right
    return total, meter_right, all_right


def _bar_lines_kept(positions: list[float], written: np.ndarray, scale: float) -> bool:
    """Whether ``positions`` (4/4) are a 2/4 tune's ``written`` positions times ``scale``, shifted by
    whole 2/4 bars (in 4/4's quarters)."""
    shift = np.asarray(positions) - scale * written
    bars = shift[0] / (2.0 * scale)
    return bool(np.allclose(shift, shift[0]) and abs(bars - round(bars)) < 1e-6)


def parse_seeds(text: str) -> range:
    first, _, last = text.partition("-")
    try:
        return range(int(first), int(last or first) + 1)
    except ValueError:
        raise SystemExit(f"--seeds takes FIRST-LAST, e.g. 1000-1149, not {text!r}") from None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="1000-1149", help="FIRST-LAST (default 1000-1149)")
    ap.add_argument("--essen", metavar="NAME", help="the tunes of music21's essenFolksong/NAME instead")
    args = ap.parse_args()
    seeds = parse_seeds(args.seeds)
    started = time.process_time()
    if args.essen:
        tunes = essen_tunes(args.essen)
        meters = [m for m in ESSEN_METERS if any(t[0] == m for t in tunes)]
        head = f"Essen {args.essen}: {len(tunes)} tunes; meter right (meter and every position right)."
    else:
        meters = ["3/4", "4/4", "6/8"]
        head = f"Seeds {seeds.start}-{seeds.stop - 1}: meter right (meter and every position right)."
    lines = [head, "", "| performance | " + " | ".join(meters) + " |", "| --- " * (len(meters) + 1) + "|"]
    for name, events in MODES.items():
        total, meter_right, all_right = score_essen(tunes, events) if args.essen else score(seeds, events)
        cells = [f"{meter_right[m]}/{total[m]} ({all_right[m]})" for m in meters]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", f"CPU {time.process_time() - started:.1f} s."]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
