"""Grids of drill requests drawn the way the teacher's audit draws them, and the measures the tests read off drills."""

from __future__ import annotations

import random
from collections.abc import Sequence


def request_grid(n: int, seed: int, *, levels: Sequence[int], keys: Sequence[str], modes: Sequence[str],
                 meters: Sequence[str], ranges: Sequence[str | None], progressions: Sequence[str | None] = (),
                 bass_clef_range: str | None = None) -> list[dict]:
    """``n`` requests cycling through ``levels``; key, mode, meter, range (and a chart, given ``progressions``) drawn
    from ``seed``. ``bass_clef_range`` is the range written in the bass clef. The draws' order is fixed: a test's
    figures hold for these exact drills."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        request = dict(level=levels[i % len(levels)], key=rng.choice(keys), mode=rng.choice(modes),
                       meter=rng.choice(meters), seed=rng.randrange(10**6))
        if (span := rng.choice(ranges)) is not None:
            request["range"] = span
            if span == bass_clef_range:
                request["clef"] = "bass"
        if progressions and (progression := rng.choice(progressions)) is not None:
            request["progression"] = progression
        out.append(request)
    return out


def longest_run(drill) -> int:
    """The most notes of one pitch in a row."""
    midis = [n.midi for n in drill.notes]
    best = run = 1
    for a, b in zip(midis, midis[1:], strict=False):
        run = run + 1 if a == b else 1
        best = max(best, run)
    return best
