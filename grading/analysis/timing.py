"""Timing against the score at the performer's own tempo.

A take is rarely at the score's tempo and often drifts; a note is early or late
only against what its neighbours predict (the median of their offsets from the
take's tempo line), so a steady slowing-down is not a string of late notes.
A note that swells in under the last one's sound has two readings, where it is
heard and where it began; it is early or late only as far as both agree.
"""

from __future__ import annotations

import numpy as np

# Neighbours on each side whose own tempo line predicts a note's onset.
LOCAL_TIMING_NEIGHBOURS = 4
# A note this much later than its predecessor's place on the tempo line starts after a pause.
PAUSE_SECONDS = 0.8


def fit_time_map(score_onsets: np.ndarray, onsets: np.ndarray) -> tuple[float, float]:
    """Robust line onsets ≈ offset + scale * score_onsets (seconds); (offset, scale).

    Theil-Sen slope (median of pairwise slopes) then the median intercept, so a
    few early or late notes do not tilt it. Needs at least one pair.
    """
    if len(onsets) == 1:
        return float(onsets[0] - score_onsets[0]), 1.0
    ds = score_onsets[None, :] - score_onsets[:, None]
    dt = onsets[None, :] - onsets[:, None]
    ok = ds > 0.2
    scale = float(np.median(dt[ok] / ds[ok])) if ok.any() else 1.0
    scale = float(np.clip(scale, 0.5, 2.0))
    offset = float(np.median(onsets - scale * score_onsets))
    return offset, scale


def timing_errors(score_onsets: np.ndarray, onsets: np.ndarray, *,
                  began: np.ndarray | None = None) -> tuple[np.ndarray, float, float]:
    """Each note's onset error (s) against its neighbours' tempo line; NaN where not played.

    ``score_onsets`` and ``onsets`` shape (n_notes,), seconds; ``onsets`` NaN for
    missed notes (at least one must be played). ``began`` (n_notes,), seconds, where
    given: where a note heard at ``onsets`` began to sound (a slow swell under the
    last note's sound), NaN for the rest; such a note's error is also read from where
    it and its neighbours began, and the reading nearer zero is kept (opposite signs:
    the smaller), so a swell's length is not a timing error. Returns (errors, offset,
    scale) with the take's robust line ``onset ≈ offset + scale * score_onset`` (its
    first stretch's offset when the take pauses).
    """
    played = np.isfinite(onsets)
    idx = np.flatnonzero(played)
    offset, scale = fit_time_map(score_onsets[idx], onsets[idx])
    # A pause (the performer stops and goes on) moves the clock: the take falls into stretches,
    # one tempo shared by all, each with its own offset, and notes are judged within their stretch.
    resid = onsets[idx] - (offset + scale * score_onsets[idx])
    stretch = np.cumsum(np.concatenate([[0], np.diff(resid) > PAUSE_SECONDS]))
    if stretch[-1] > 0:
        scale = _shared_scale(score_onsets[idx], onsets[idx], stretch, fallback=scale)
        offsets = np.array([np.median((onsets[idx] - scale * score_onsets[idx])[stretch == g])
                            for g in range(int(stretch[-1]) + 1)])
        offset = float(offsets[0])
        line = offsets[stretch] + scale * score_onsets[idx]
    else:
        line = offset + scale * score_onsets[idx]
    resid = np.full(len(onsets), np.nan)
    resid[idx] = onsets[idx] - line
    started = resid.copy()
    if began is not None:
        started = np.where(np.isfinite(began), began - onsets, 0.0) + resid
    errors = np.full(len(onsets), np.nan)
    for pos, kk in enumerate(idx):
        k = int(kk)
        same = idx[stretch == stretch[pos]]
        here = int(np.flatnonzero(same == k)[0])
        nb = np.concatenate([same[max(0, here - LOCAL_TIMING_NEIGHBOURS) : here],
                             same[here + 1 : here + 1 + LOCAL_TIMING_NEIGHBOURS]])
        # The median of the neighbours' residuals from the stretch's tempo line predicts this onset:
        # a slow drift moves them with the note, so it is not an error, and one or two of them late
        # or followed off do not move it. (A Theil-Sen line through them did: with two late
        # neighbours on one side, most pairs' slopes were tilted and the notes before called early.)
        errors[k] = resid[k] - float(np.median(resid[nb])) if len(nb) else resid[k]
        if began is not None:
            from_start = started[k] - float(np.median(started[nb])) if len(nb) else started[k]
            if abs(from_start) < abs(errors[k]):
                errors[k] = from_start
    return errors, offset, scale


def _shared_scale(score_onsets: np.ndarray, onsets: np.ndarray, stretch: np.ndarray, *, fallback: float) -> float:
    """Theil-Sen slope over pairs of notes within the same stretch (pauses left out)."""
    ds = score_onsets[None, :] - score_onsets[:, None]
    dt = onsets[None, :] - onsets[:, None]
    ok = (ds > 0.2) & (stretch[None, :] == stretch[:, None])
    return float(np.clip(np.median(dt[ok] / ds[ok]), 0.5, 2.0)) if ok.any() else fallback
