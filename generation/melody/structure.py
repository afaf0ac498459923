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

:func:`shape_of` reads one tune as a teacher reads its line (a sight-reading
book's tune rises to one high point and comes home below it, and turns back
after a leap): leaps and what follows them, how many separate times the highest
note is struck, whether the last note rises above everything before it, the
pitch-class entropy (bits), and the share of bars whose rhythm is an earlier
bar's.

    >>> m = structure_measures([[((60, 1.0),), ((62, 1.0),), ((60, 1.0),), ((62, 1.0),)]])
    >>> m["repeated_bars"], m["repeated_two_bar_units"], m["tunes_with_repeat"]
    (0.5, 0.5, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

Bar = tuple[tuple[int, float], ...]
LEAP_SEMITONES = 5
PEAK_PLACES = 3  # a climax struck in this many separate places is no longer one climax
#: The pitch classes of every major and minor triad: three notes within one of them spell a chord.
TRIAD_PCS = tuple(frozenset((root + t) % 12 for t in shape) for root in range(12) for shape in ((0, 4, 7), (0, 3, 7)))


def spells_triad(*midis: int) -> bool:
    """Whether the notes (MIDI) all belong to one major or minor triad: C4 E4 G4, C4 F4 A4 (F major), G4 C5 (C major
    or minor); not D4 G4 C5 (stacked fourths) nor B3 D4 F4 (diminished).

    >>> spells_triad(60, 65, 69), spells_triad(62, 67, 72), spells_triad(59, 62, 65)
    (True, False, False)
    """
    pcs = {int(m) % 12 for m in midis}
    return any(pcs <= triad for triad in TRIAD_PCS)


def tritone_resolution(a_diatonic: int, a_midi: int, b_diatonic: int, b_midi: int) -> int:
    """The way the second note of a melodic tritone (``a`` to ``b``, by letter position and MIDI) resolves by
    step: +1 up, -1 down; 0 where the move is no tritone (six semitones). An augmented fourth resolves outward
    and a diminished fifth inward: fa-ti leaves ti up to do, ti-fa leaves fa down to mi (minor: re-le, le down to
    sol). Spelled otherwise (a doubly augmented third), the nearer letter decides as for a fourth.

    >>> tritone_resolution(3, 65, 6, 71), tritone_resolution(6, 71, 3, 65)   # F4 up to B4; B4 down to F4
    (1, -1)
    >>> tritone_resolution(6, 59, 10, 65), tritone_resolution(10, 65, 6, 59)  # B3 up to F4; F4 down to B3
    (-1, 1)
    """
    semis = b_midi - a_midi
    if abs(semis) != 6:
        return 0
    up = 1 if semis > 0 else -1
    fifth = abs(b_diatonic - a_diatonic) == 4
    return -up if fifth else up


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


def shape_of(tune: Sequence[Bar]) -> dict[str, float]:
    """One tune's line: ``leaps`` (a fourth or more, not the last move), ``recovered`` (followed by a step the
    other way), ``leap_on`` (followed by another leap of a third or more the same way: C4 F4 A4),
    ``leap_on_chordless`` (such a leap on whose three notes spell no triad: D4 G4 C5, not C4 F4 A4), ``peaks``
    (separate runs of the highest pitch), ``final_above`` (1 when the last note is higher than every note
    before it), ``climax_at`` (where the highest note is first struck, as a share of the tune's length: 0 on its
    first beat), ``entropy`` (bits, pitch classes counted per note) and ``rhythm_returns`` (share of bars whose
    rhythm is an earlier bar's).

    >>> s = shape_of([((60, 1.0), (65, 1.0)), ((64, 1.0), (67, 1.0)), ((60, 1.0), (72, 1.0))])
    >>> s["leaps"], s["recovered"], s["peaks"], s["final_above"], s["climax_at"], s["rhythm_returns"]
    (2, 1, 1, 1, 0.8333, 0.6667)
    """
    pitches = [m for bar in tune for m, _ in bar]
    intervals = [b - a for a, b in zip(pitches, pitches[1:], strict=False)]
    leaps = recovered = leap_on = chordless = 0
    for k, iv in enumerate(intervals[:-1]):
        if abs(iv) >= LEAP_SEMITONES:
            leaps += 1
            after = intervals[k + 1]
            recovered += 1 <= abs(after) <= 2 and after * iv < 0
            on = abs(after) >= 3 and after * iv > 0
            leap_on += on
            chordless += on and not spells_triad(*pitches[k : k + 3])
    top = max(pitches, default=0)
    peaks = sum(1 for k, m in enumerate(pitches) if m == top and (k == 0 or pitches[k - 1] != top))
    onsets = [0.0]
    for _, d in (note for bar in tune for note in bar):
        onsets.append(onsets[-1] + d)
    climax_at = onsets[pitches.index(top)] / onsets[-1] if pitches and onsets[-1] > 0 else 0.0
    counts: dict[int, int] = {}
    for m in pitches:
        counts[m % 12] = counts.get(m % 12, 0) + 1
    n = max(1, len(pitches))
    entropy = -sum(c / n * math.log2(c / n) for c in counts.values())
    rhythms = [tuple(d for _, d in bar) for bar in tune]
    returns = sum(1 for k, r in enumerate(rhythms) if r in rhythms[:k])
    return {
        "leaps": leaps, "recovered": recovered, "leap_on": leap_on, "leap_on_chordless": chordless, "peaks": peaks,
        "final_above": int(len(pitches) > 1 and pitches[-1] > max(pitches[:-1])), "climax_at": round(climax_at, 4),
        "entropy": round(entropy, 4), "rhythm_returns": round(returns / max(1, len(rhythms)), 4),
    }


def shape_summary(shapes: Sequence[dict[str, float]]) -> dict[str, float]:
    """Pooled over tunes: leap recovery and leap-on rates (per leap; all, and those spelling no triad), the share of tunes whose highest note is
    struck in three or more places and of those whose last note rises above the rest, the mean place where the
    highest note is first struck, mean entropy and mean share of bars whose rhythm returns."""
    leaps = max(1, sum(s["leaps"] for s in shapes))
    count = max(1, len(shapes))
    return {
        "leap_recovery": round(sum(s["recovered"] for s in shapes) / leaps, 4),
        "leap_on": round(sum(s["leap_on"] for s in shapes) / leaps, 4),
        "leap_on_chordless": round(sum(s.get("leap_on_chordless", 0) for s in shapes) / leaps, 4),
        "peak_3_places": round(sum(s["peaks"] >= PEAK_PLACES for s in shapes) / count, 4),
        "final_above": round(sum(s["final_above"] for s in shapes) / count, 4),
        "climax_at": round(sum(s["climax_at"] for s in shapes) / count, 4),
        "entropy": round(sum(s["entropy"] for s in shapes) / count, 4),
        "rhythm_returns": round(sum(s["rhythm_returns"] for s in shapes) / count, 4),
    }


def drill_bars(notes: Sequence[object]) -> list[Bar]:
    """A drill's notes (``DrillNote``) as bars of ``(midi, quarter_length)``."""
    out: dict[int, list[tuple[int, float]]] = {}
    for n in notes:
        out.setdefault(n.bar, []).append((n.midi, round(float(n.duration), 4)))  # type: ignore[attr-defined]
    return [tuple(out[b]) for b in sorted(out)]
