"""Two and three target rhythms at once, over every meter family: made, violations, refused.

Run from the repository root (about 15 minutes on 2 shared cores; ``--quick`` about one)::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/rhythm_target_grid.py [--quick]

Every pair of the target rhythms a meter has a form for, at levels 1-6 and seeds 1-10, and every
triple at levels 3, 5 and 6 and seeds 1-3, in 2/4, 3/4, 4/4, 6/8, 9/8 and 12/8 (a quota of one per
two bars, the default). A drill is a violation when ``check_drill`` finds a fault; a refusal is
proved when no bar-by-bar arrangement of the cells holds the quotas
(``generation_metrics.rhythm_quotas_fit``, written apart from the generator). The pitch steps are
the Markov model's: the rhythm plan does not depend on them, and they are faster.
Numbers: benchmarks/README_generation.md, "Several target rhythms at once".
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generation_metrics import rhythm_quotas_fit  # noqa: E402
from generation.melody import DrillParams, InfeasibleRequest, generate_drill  # noqa: E402
from generation.melody.check import check_drill  # noqa: E402
from generation.melody.model import load_model  # noqa: E402
from generation.melody.rhythm import parse_meter  # noqa: E402

METERS = ("2/4", "3/4", "4/4", "6/8", "9/8", "12/8")
#: (targets at once, levels, seeds per request)
FULL = ((2, (1, 2, 3, 4, 5, 6), 10), (3, (3, 5, 6), 3))
QUICK = ((2, (3, 5), 2), (3, (5,), 1))


def run_meter(meter: str, plan: tuple[tuple[int, tuple[int, ...], int], ...]) -> tuple[Counter[str], dict[str, str]]:
    model = load_model()
    tags = sorted({c.tag for c in parse_meter(meter).cells if c.tag})
    row: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for size, levels, seeds in plan:
        for combo in combinations(tags, size):
            for level in levels:
                for seed in range(1, seeds + 1):
                    params = DrillParams.preset(level, meter=meter, target_rhythms=list(combo), seed=seed,
                                                melody_model="markov")
                    try:
                        drill = generate_drill(params, model=model)
                    except InfeasibleRequest as exc:
                        row["refused"] += 1
                        if rhythm_quotas_fit(params):
                            row["feasible but refused"] += 1
                            examples.setdefault("refused", f"{combo} L{level} seed {seed}: {exc}")
                        continue
                    row["made"] += 1
                    found = check_drill(drill)
                    if found:
                        row["violations"] += 1
                        examples.setdefault("violation", f"{combo} L{level} seed {seed}: {found[0]}")
    return row, examples


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a small sample: pairs at levels 3 and 5, seeds 1-2")
    args = parser.parse_args()
    total: Counter[str] = Counter()
    t0 = time.perf_counter()
    for meter in METERS:
        row, examples = run_meter(meter, QUICK if args.quick else FULL)
        total.update(row)
        _out(f"{meter:5s} made {row['made']:5d}  violations {row['violations']:5d}  refused {row['refused']:5d} "
              f"(feasible but refused {row['feasible but refused']})  {time.perf_counter() - t0:.0f} s")
        for what, text in examples.items():
            _out(f"      e.g. {what}: {text}")
    _out(f"all   made {total['made']:5d}  violations {total['violations']:5d}  refused {total['refused']:5d} "
          f"(feasible but refused {total['feasible but refused']})")


if __name__ == "__main__":
    main()
