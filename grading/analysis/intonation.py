"""Slow drift of an unaccompanied singer's pitch over a take.

A singer who sinks 40 cents from the first bar to the last sings every note a
little flatter than the one before; graded against one key, the last bars come
out as a string of flat notes. That is one fault, and the feedback should say
it once.

The drift is first sought as a Theil-Sen line through the notes' deviations over
the whole take. Real drift is gradual and one-way but not always straight: a
singer may hold the key for most of the take and then drop after a hard interval.
Most pairs of notes then show no slope, so the line finds nothing and the last
bars come out as a string of flat notes. When the line finds no drift, a ramp is
tried: the key held, a straight change between two notes, the new key held (a
step between neighbouring notes is its steepest form). Each ramp is fitted
robustly (Theil-Sen on its shape) and the one with the least absolute misfit is
kept, among those held on each side by at least a quarter of the notes (and four)
that follow it: a few flat notes at the end, or slips at the start, are mistakes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Notes further off than this are wrong notes, not drift.
DRIFT_NOTE_MAX_CENTS = 75.0
DRIFT_MIN_NOTES = 6
# A drift is reported from this much change over the take.
DRIFT_MIN_CENTS = 25.0
# ...and only when it is a trend: the notes scatter around the ramp by less than this share of it.
DRIFT_MAX_SCATTER = 0.5
# ...held on each side of its middle by this many notes, and by this share of the notes: a few
# flat notes at the end, or a slip or two at the start, are mistakes, not a change of key.
DRIFT_MIN_NOTES_EACH_SIDE = 4
DRIFT_MIN_SHARE_EACH_SIDE = 0.25
# Ramps start and end at notes; on long takes at this many notes spread evenly, to bound the work.
MAX_RAMP_KNOTS = 24


@dataclass(frozen=True)
class Drift:
    """A one-way change of pitch: ``cents`` from before the change to after it (negative: sank).

    The pitch held at ``before_cents`` until ``start_seconds``, changed along a straight line
    until ``end_seconds`` and held at ``before_cents + cents`` after. ``first`` and ``last`` are
    the indices of the notes where the change starts and ends.
    """

    cents: float
    first: int
    last: int
    before_cents: float
    start_seconds: float
    end_seconds: float

    def cents_at(self, seconds: float | np.ndarray) -> np.ndarray:
        """The expected deviation (cents) of a note sung at ``seconds``, shape as given."""
        share = np.clip((np.asarray(seconds, dtype=float) - self.start_seconds)
                        / (self.end_seconds - self.start_seconds), 0.0, 1.0)
        return self.before_cents + self.cents * share


def pitch_drift(onsets: np.ndarray, cents: np.ndarray) -> Drift | None:
    """The take's drift, or None when its notes show no clear one-way change.

    ``onsets`` (seconds into the take) and ``cents`` (each note's deviation from its target in
    the singer's key) shape (n_notes,), NaN where not sung. Notes ``DRIFT_NOTE_MAX_CENTS`` or
    more off are left out (wrong notes, not drift).
    """
    onsets = np.asarray(onsets, dtype=float)
    cents = np.asarray(cents, dtype=float)
    if onsets.shape != cents.shape or onsets.ndim != 1:
        raise ValueError(f"onsets {onsets.shape} and cents {cents.shape} must be one-dimensional and of one shape")
    ok = np.isfinite(onsets) & np.isfinite(cents) & (np.abs(cents) < DRIFT_NOTE_MAX_CENTS)
    if ok.sum() < DRIFT_MIN_NOTES:
        return None
    index = np.flatnonzero(ok)
    index = index[np.argsort(onsets[ok], kind="stable")]
    t, c = onsets[index], cents[index]
    return _straight_drift(t, c, index) or _ramp_drift(t, c, index)


def _straight_drift(t: np.ndarray, c: np.ndarray, index: np.ndarray) -> Drift | None:
    """A Theil-Sen line over the whole take, if it is a drift (``t`` seconds, ``c`` cents, shape (m,),
    sorted by time; ``index`` their note indices)."""
    i, j = np.triu_indices(len(t), 1)
    dt = t[j] - t[i]
    usable = dt > 0.05
    if not usable.any():
        return None
    slope = float(np.median((c[j] - c[i])[usable] / dt[usable]))
    intercept = float(np.median(c - slope * t))
    change = slope * float(t[-1] - t[0])
    if abs(change) < DRIFT_MIN_CENTS:
        return None
    scatter = float(np.median(np.abs(c - (intercept + slope * t))))
    if scatter > DRIFT_MAX_SCATTER * abs(change):
        return None
    return Drift(change, int(index[0]), int(index[-1]), intercept + slope * float(t[0]), float(t[0]), float(t[-1]))


def _ramp_drift(t: np.ndarray, c: np.ndarray, index: np.ndarray) -> Drift | None:
    """The ramp (held, straight change between two notes, held) with the least absolute misfit
    among those that are a drift held on each side by enough notes; arguments as ``_straight_drift``."""
    knots = np.unique(np.linspace(0, len(t) - 1, min(len(t), MAX_RAMP_KNOTS)).round().astype(int))
    i, j = np.triu_indices(len(t), 1)
    min_side = max(DRIFT_MIN_NOTES_EACH_SIDE, int(np.ceil(DRIFT_MIN_SHARE_EACH_SIDE * len(t))))
    best: tuple[float, Drift] | None = None  # (absolute misfit, ramp)
    for a in knots:
        for b in knots[knots > a]:
            if t[b] - t[a] < 0.05:
                continue
            share = np.clip((t - t[a]) / (t[b] - t[a]), 0.0, 1.0)
            sides = (share <= 0.5, share >= 0.5)
            if min(np.sum(sides[0]), np.sum(sides[1])) < min_side:
                continue
            ds = share[j] - share[i]
            usable = ds > 0.05
            if not usable.any():
                continue
            change = float(np.median((c[j] - c[i])[usable] / ds[usable]))
            if abs(change) < DRIFT_MIN_CENTS:
                continue
            before = float(np.median(c - change * share))
            misfit = np.abs(c - before - change * share)
            if max(float(np.median(misfit[side])) for side in sides) > DRIFT_MAX_SCATTER * abs(change):
                continue
            if best is None or float(np.sum(misfit)) < best[0]:
                best = (float(np.sum(misfit)), Drift(change, int(index[a]), int(index[b]), before, float(t[a]),
                                                     float(t[b])))
    return None if best is None else best[1]
