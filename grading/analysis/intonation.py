"""Slow drift of an unaccompanied singer's pitch over a take.

A singer who sinks 40 cents from the first bar to the last sings every note a
little flatter than the one before; graded against one key, the last bars come
out as a string of flat notes. That is one fault, and the feedback should say
it once: the drift is a robust line through the notes' deviations over time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Notes further off than this are wrong notes, not drift.
DRIFT_NOTE_MAX_CENTS = 75.0
DRIFT_MIN_NOTES = 6
# A drift is reported from this much change over the take.
DRIFT_MIN_CENTS = 25.0
# ...and only when it is a trend: the notes scatter around the line by less than this share of it.
DRIFT_MAX_SCATTER = 0.5


@dataclass(frozen=True)
class Drift:
    """A steady change of pitch: ``cents`` from the first to the last note it spans (negative: sank).

    ``first`` and ``last`` are the indices of those notes; ``line_cents(t)`` the
    expected deviation (cents) of a note sung at ``t`` seconds into the take.
    """

    cents: float
    first: int
    last: int
    intercept_cents: float
    cents_per_second: float

    def line_cents(self, seconds: float) -> float:
        return self.intercept_cents + self.cents_per_second * seconds


def pitch_drift(onsets: np.ndarray, cents: np.ndarray) -> Drift | None:
    """The take's drift, or None when its notes show no clear trend.

    ``onsets`` (seconds into the take) and ``cents`` (each note's deviation from
    its target in the singer's key) shape (n_notes,), NaN where not sung. Uses a
    Theil-Sen line, so a few wrong or careless notes do not tilt it.
    """
    ok = np.isfinite(onsets) & np.isfinite(cents) & (np.abs(cents) < DRIFT_NOTE_MAX_CENTS)
    if ok.sum() < DRIFT_MIN_NOTES:
        return None
    t, c = onsets[ok], cents[ok]
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
    index = np.flatnonzero(ok)
    return Drift(change, int(index[0]), int(index[-1]), intercept, slope)
