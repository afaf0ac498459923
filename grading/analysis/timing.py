"""Timing against the score at the performer's own tempo.

A take is rarely at the score's tempo and often drifts; a note is early or late
only against what its neighbours predict, so a steady slowing-down is not a
string of late notes.
"""

from __future__ import annotations

import numpy as np

# Neighbours on each side whose own tempo line predicts a note's onset.
LOCAL_TIMING_NEIGHBOURS = 4


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


def timing_errors(score_onsets: np.ndarray, onsets: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Each note's onset error (s) against its neighbours' tempo line; NaN where not played.

    ``score_onsets`` and ``onsets`` shape (n_notes,), seconds; ``onsets`` NaN for
    missed notes (at least one must be played). Returns (errors, offset, scale)
    with the take's own robust line ``onset ≈ offset + scale * score_onset``.
    """
    played = np.isfinite(onsets)
    offset, scale = fit_time_map(score_onsets[played], onsets[played])
    resid = onsets - (offset + scale * score_onsets)
    local = np.zeros(len(score_onsets))
    idx = np.flatnonzero(played)
    for pos, kk in enumerate(idx):
        k = int(kk)
        nb = np.concatenate([idx[max(0, pos - LOCAL_TIMING_NEIGHBOURS) : pos],
                             idx[pos + 1 : pos + 1 + LOCAL_TIMING_NEIGHBOURS]])
        before, after = int(np.sum(nb < k)), int(np.sum(nb > k))
        if before >= 2 and after >= 2:
            # The neighbours' own robust line predicts this onset, so drift is not an error.
            o, sc = fit_time_map(score_onsets[nb], resid[nb] + score_onsets[nb])
            local[k] = o + sc * score_onsets[k] - score_onsets[k]
        elif len(nb) >= 1:
            local[k] = float(np.median(resid[nb]))
    return resid - local, offset, scale
