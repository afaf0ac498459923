"""Timing against the score at the performer's own tempo.

A take is rarely at the score's tempo and often drifts; a note is early or late
only against what its neighbours predict (the median of their offsets from the
take's tempo line), so a steady slowing-down is not a string of late notes.
A note that swells in under the last one's sound has two readings, where it is
heard and where it began; it is early or late only as far as both agree. A start is
compared with starts: neighbours with no start reading are taken where the take's
notes typically begin before they are heard, so an exact start among neighbours
heard late in a reverberant room is not read as on time.
"""

from __future__ import annotations

import numpy as np

# Neighbours on each side whose own tempo line predicts a note's onset.
LOCAL_TIMING_NEIGHBOURS = 4
# A note this much later than its predecessor's place on the tempo line starts after a pause.
PAUSE_SECONDS = 0.8
# The take's heard-minus-start lag is read from notes with a start reading heard at least this much
# later than their neighbours (swells, late notes): a note heard on time whose start reads far earlier
# (a misread tail) says nothing about the lag. Needs this many such notes (a median of fewer is the
# judged note itself), and is kept within 0 and HEARD_LAG_MAX_SECONDS.
HEARD_LAG_FROM_SECONDS = 0.05
HEARD_LAG_MIN_NOTES = 3
HEARD_LAG_MAX_SECONDS = 0.3


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
    neighbours: dict[int, np.ndarray] = {}
    errors = np.full(len(onsets), np.nan)
    for pos, kk in enumerate(idx):
        k = int(kk)
        same = idx[stretch == stretch[pos]]
        here = int(np.flatnonzero(same == k)[0])
        nb = np.concatenate([same[max(0, here - LOCAL_TIMING_NEIGHBOURS) : here],
                             same[here + 1 : here + 1 + LOCAL_TIMING_NEIGHBOURS]])
        neighbours[k] = nb
        # The median of the neighbours' residuals from the stretch's tempo line predicts this onset:
        # a slow drift moves them with the note, so it is not an error, and one or two of them late
        # or followed off do not move it. (A Theil-Sen line through them did: with two late
        # neighbours on one side, most pairs' slopes were tilted and the notes before called early.)
        errors[k] = resid[k] - float(np.median(resid[nb])) if len(nb) else resid[k]
    if began is None:
        return errors, offset, scale
    read = np.isfinite(began) & played
    started = np.where(read, began - onsets, 0.0) + resid
    lag = heard_lag(started, resid, read, errors, neighbours)
    # A note with its own start is judged against where its neighbours began: their start where read,
    # else where heard less the take's lag. (Against their heard times, as a note without a reading
    # still is, an exact start among neighbours heard late in a room read a late note as on time.)
    from_starts = np.where(read, started, resid - lag)
    for k, nb in neighbours.items():
        ref = from_starts if read[k] else started
        from_start = started[k] - float(np.median(ref[nb])) if len(nb) else started[k]
        if abs(from_start) < abs(errors[k]):
            errors[k] = from_start
    return errors, offset, scale


def heard_lag(started: np.ndarray, resid: np.ndarray, read: np.ndarray, errors: np.ndarray,
              neighbours: dict[int, np.ndarray]) -> float:
    """How long (s) the take's notes without a start reading sound before they are heard, in [0, 0.3].

    ``started`` and ``resid`` (n_notes,): each note's start and heard residual from the tempo line (s);
    ``read`` where a start was read; ``errors`` the heard errors against the neighbours; ``neighbours``
    each played note's neighbour indices. For each note with a start reading heard
    ``HEARD_LAG_FROM_SECONDS`` or more late, its start less the median heard residual of its
    neighbours without one; the lag is minus the median of those, 0 with fewer than
    ``HEARD_LAG_MIN_NOTES``. It holds the start readings' own bias too, so starts and heard times
    meet on one clock.
    """
    gaps = []
    for k, nb in neighbours.items():
        unread = nb[~read[nb]]
        if read[k] and errors[k] >= HEARD_LAG_FROM_SECONDS and len(unread):
            gaps.append(started[k] - float(np.median(resid[unread])))
    if len(gaps) < HEARD_LAG_MIN_NOTES:
        return 0.0
    return float(np.clip(-np.median(gaps), 0.0, HEARD_LAG_MAX_SECONDS))


def _shared_scale(score_onsets: np.ndarray, onsets: np.ndarray, stretch: np.ndarray, *, fallback: float) -> float:
    """Theil-Sen slope over pairs of notes within the same stretch (pauses left out)."""
    ds = score_onsets[None, :] - score_onsets[:, None]
    dt = onsets[None, :] - onsets[:, None]
    ok = (ds > 0.2) & (stretch[None, :] == stretch[:, None])
    return float(np.clip(np.median(dt[ok] / ds[ok]), 0.5, 2.0)) if ok.any() else fallback
