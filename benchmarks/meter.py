"""Meter, pickup and bar positions read from the simulator's true timing (no audio).

    PYTHONPATH=$PWD .venv/bin/python benchmarks/meter.py --seeds 1000-1149
    PYTHONPATH=$PWD .venv/bin/python benchmarks/meter.py --seeds 2000-2149   # held out

For each seed, a melody is drawn as the synthesised sung takes draw theirs
(``tests/grading/analysis/sung_takes.py``: ``make_melody`` for one of the four voices, 16-31
notes, 3/4, 4/4 or 6/8 at 60-140 BPM) and performed by ``plan_performance`` twice: plainly
(a steady clock, 10 ms onset jitter) and with ``free-tempo`` (each note's length off by about
5 % and a slow 12 % wander of the tempo, as a singer sings without a metronome). The sung
notes' onsets and offsets go to ``estimate_rhythm``; reported per meter: the takes whose
meter is right, and those whose meter, pickup and every note's bar position (quarters from
the first downbeat) are right. The simulator's melodies start on a downbeat.

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


def parse_seeds(text: str) -> range:
    first, _, last = text.partition("-")
    try:
        return range(int(first), int(last or first) + 1)
    except ValueError:
        raise SystemExit(f"--seeds takes FIRST-LAST, e.g. 1000-1149, not {text!r}") from None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", default="1000-1149", help="FIRST-LAST (default 1000-1149)")
    seeds = parse_seeds(ap.parse_args().seeds)
    started = time.process_time()
    lines = [f"Seeds {seeds.start}-{seeds.stop - 1}: meter right (meter and every position right).", "",
             "| performance | 3/4 | 4/4 | 6/8 |", "| --- | --- | --- | --- |"]
    for name, events in MODES.items():
        total, meter_right, all_right = score(seeds, events)
        cells = [f"{meter_right[m]}/{total[m]} ({all_right[m]})" for m in ("3/4", "4/4", "6/8")]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", f"CPU {time.process_time() - started:.1f} s."]
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
