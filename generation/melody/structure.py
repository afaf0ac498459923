"""Structure measures of melodies: how much they repeat themselves, how they move.

A melody here is a list of full bars, each a tuple of ``(midi, quarter_length)``
pairs. The same measures are taken on generated drills and on held-out
folk songs, so the two can be compared:

- ``repeated_bars``: share of bars that equal an earlier bar of the same tune
  (same pitches and lengths);
- ``tunes_with_repeat``: share of tunes with at least one such bar;
- ``repeated_two_bar_units``: share of the bar pairs (1-2, 3-4, ...) that equal
  an earlier pair;
- ``step_ratio``: share of moves of one or two semitones;
- ``leap_recovery``: share of leaps (a fourth or more) followed by a step the
  other way.

    >>> m = structure_measures([[((60, 1.0),), ((62, 1.0),), ((60, 1.0),), ((62, 1.0),)]])
    >>> m["repeated_bars"], m["repeated_two_bar_units"], m["tunes_with_repeat"]
    (0.5, 0.5, 1.0)
"""

from __future__ import annotations

from collections.abc import Sequence

Bar = tuple[tuple[int, float], ...]
LEAP_SEMITONES = 5


def structure_measures(tunes: Sequence[Sequence[Bar]]) -> dict[str, float]:
    """Pooled measures over ``tunes`` (each a list of bars)."""
    bars = repeated = tunes_with = units = repeated_units = 0
    steps = moves = leaps = recovered = 0
    for tune in tunes:
        seen: set[Bar] = set()
        any_repeat = False
        for bar in tune:
            bars += 1
            if bar in seen:
                repeated += 1
                any_repeat = True
            seen.add(bar)
        tunes_with += any_repeat
        seen_units: set[tuple[Bar, Bar]] = set()
        for k in range(0, len(tune) - 1, 2):
            unit = (tune[k], tune[k + 1])
            units += 1
            repeated_units += unit in seen_units
            seen_units.add(unit)
        pitches = [m for bar in tune for m, _ in bar]
        intervals = [b - a for a, b in zip(pitches, pitches[1:], strict=False)]
        for k, iv in enumerate(intervals):
            moves += 1
            steps += 1 <= abs(iv) <= 2
            if abs(iv) >= LEAP_SEMITONES and k + 1 < len(intervals):
                leaps += 1
                after = intervals[k + 1]
                recovered += 1 <= abs(after) <= 2 and after * iv < 0
    return {
        "repeated_bars": round(repeated / max(1, bars), 4),
        "tunes_with_repeat": round(tunes_with / max(1, len(tunes)), 4),
        "repeated_two_bar_units": round(repeated_units / max(1, units), 4),
        "step_ratio": round(steps / max(1, moves), 4),
        "leap_recovery": round(recovered / max(1, leaps), 4),
    }


def drill_bars(notes: Sequence[object]) -> list[Bar]:
    """A drill's notes (``DrillNote``) as bars of ``(midi, quarter_length)``."""
    out: dict[int, list[tuple[int, float]]] = {}
    for n in notes:
        out.setdefault(n.bar, []).append((n.midi, round(float(n.duration), 4)))  # type: ignore[attr-defined]
    return [tuple(out[b]) for b in sorted(out)]
