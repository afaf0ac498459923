"""Median time to serve a theory question with its SVG, per question type.

    .venv/bin/python benchmarks/questions.py [--runs 200] [--difficulty 2]

For each type: ``generate`` + ``render_svg`` (+ the SVG of each choice's notation, as
rhythm dictation needs) + ``check_answer`` of the stored answer, over distinct seeds,
after a warm-up (the first Verovio toolkit and music21 import are paid once per process).
The target is a median of at most 50 ms per question with its SVG.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lessons.questions import GENERATORS, check_answer, render_svg  # noqa: E402
from lessons.questions.render import svg_of  # noqa: E402

TARGET_MEDIAN_MS = 50.0


def measure(kind: str, *, runs: int, difficulty: int) -> list[float]:
    """Milliseconds per question (generate, SVG, check) for ``runs`` seeds."""
    generator = GENERATORS[kind]
    times = []
    for seed in range(runs):
        start = time.perf_counter()
        q = generator(seed=seed, difficulty=difficulty)
        render_svg(q)
        for n in q.choice_notation:
            svg_of(n)
        check_answer(q, q.answer)
        times.append((time.perf_counter() - start) * 1000.0)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--difficulty", type=int, default=2, choices=(1, 2, 3))
    args = parser.parse_args()

    start = time.perf_counter()
    for kind in GENERATORS:  # warm-up: imports, the Verovio toolkit, caches
        measure(kind, runs=3, difficulty=args.difficulty)
    warmup_ms = (time.perf_counter() - start) * 1000.0

    rows = []
    for kind in GENERATORS:
        t = sorted(measure(kind, runs=args.runs, difficulty=args.difficulty))
        rows.append((kind, statistics.median(t), t[int(0.9 * (len(t) - 1))], t[-1]))
    width = max(len(k) for k in GENERATORS)
    lines = [f"{'type':<{width}}  median ms  p90 ms  max ms"]
    lines += [f"{kind:<{width}}  {median:9.2f}  {p90:6.2f}  {worst:6.1f}" for kind, median, p90, worst in rows]
    overall = max(r[1] for r in rows)
    lines.append(f"\nslowest median {overall:.2f} ms (target <= {TARGET_MEDIAN_MS:.0f} ms); warm-up {warmup_ms:.0f} ms; "
                 f"{args.runs} seeds per type, difficulty {args.difficulty}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0 if overall <= TARGET_MEDIAN_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
