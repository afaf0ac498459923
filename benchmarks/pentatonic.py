"""Listening proxies for pentatonic drills, beside seven-note drills made the same way.

Run from the repository root::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/pentatonic.py [--modes gong,shang,jue,zhi,yu] [--json]

For every mode, seven keys and levels 2-4 (one seed each, fixed), it reports: drills that fail
``check_drill``; the longest stretch of notes on only two pitches (a tune rocking between two notes),
its mean, its largest and the share of drills with a stretch of 8 or more; the share of repeated notes;
moves to a neighbouring pitch of those the drill uses; leaps of a fourth or more; the span in semitones.
Numbers and how they were used: docs/architecture.md, "Pentatonic drills".
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.melody import DrillParams, generate_drill  # noqa: E402
from generation.melody.check import check_drill, longest_two_pitch_stretch  # noqa: E402

KEYS = ("C", "G", "D", "F", "Bb", "A", "E")
LEVELS = (2, 3, 4)


def measure(modes: list[str]) -> dict[str, float]:
    stretches, repeats, neighbours, leaps, spans, failures = [], [], [], [], [], 0
    for mi, mode in enumerate(modes):
        for ki, key in enumerate(KEYS):
            for level in LEVELS:
                drill = generate_drill(DrillParams.preset(level, key=key, mode=mode, seed=100 * mi + 10 * ki + level))
                failures += bool(check_drill(drill))
                midis = [n.midi for n in drill.notes]
                moves = [b - a for a, b in zip(midis, midis[1:], strict=False)]
                used = sorted(set(midis))
                stretches.append(longest_two_pitch_stretch(midis))
                repeats.append(sum(m == 0 for m in moves) / len(moves))
                neighbours.append(sum(a != b and abs(used.index(a) - used.index(b)) == 1
                                      for a, b in zip(midis, midis[1:], strict=False)) / len(moves))
                leaps.append(sum(abs(m) >= 5 for m in moves) / len(moves))
                spans.append(max(midis) - min(midis))
    return {
        "drills": len(stretches), "check_failures": failures,
        "two_pitch_stretch_mean": round(statistics.mean(stretches), 2), "two_pitch_stretch_max": max(stretches),
        "two_pitch_stretch_8_or_more": round(sum(s >= 8 for s in stretches) / len(stretches), 2),
        "repeated_notes": round(statistics.mean(repeats), 2), "neighbour_moves": round(statistics.mean(neighbours), 2),
        "leaps_of_a_fourth_or_more": round(statistics.mean(leaps), 2), "span_semitones": round(statistics.mean(spans), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--modes", default="gong,shang,jue,zhi,yu")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = measure(args.modes.split(","))
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        sys.stdout.write("".join(f"{name:32} {value}\n" for name, value in result.items()))


if __name__ == "__main__":
    main()
