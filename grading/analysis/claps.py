"""Clapped or tapped rhythms: onsets from the signal's level, graded on onsets only.

A clap has no pitch, so it is found where the level jumps (a sharp attack above the
noise), and graded by the same timing rules as a sung note (``timing.timing_errors``
against the performer's own tempo, ``verdicts.timing_verdict``). Each target note gets
one ``NoteResult``: ``timing`` says ok/early/late/missed; ``pitch`` is ``ok`` for a
heard clap and ``missed`` for none (a clap has nothing else to be right about).
"""

from __future__ import annotations

import numpy as np

from .target import Target
from .timing import fit_time_map, timing_errors
from .verdicts import NoteResult, Tolerances, timing_verdict

#: Level frames: 10 ms hops of 20 ms windows.
HOP_SECONDS = 0.01
WINDOW_SECONDS = 0.02
#: A clap rises at least this much (dB) above the level of the previous 50 ms ...
RISE_DB = 12.0
RISE_LOOKBACK_SECONDS = 0.05
#: ... and peaks this far above the take's noise floor (its 10th-percentile level).
ABOVE_FLOOR_DB = 18.0
#: Two claps closer than this are one (a clap's ring and its echo).
REFRACTORY_SECONDS = 0.09
#: A detected clap further than this from every target onset (after the tempo fit) is extra.
EXTRA_CLAP_SECONDS = 0.25


def level_db(samples: np.ndarray, *, sample_rate_hz: int) -> np.ndarray:
    """RMS level per hop in dB; ``samples`` shape (n,), float in [-1, 1]; returns shape (frames,)."""
    hop = max(1, int(round(HOP_SECONDS * sample_rate_hz)))
    window = max(hop, int(round(WINDOW_SECONDS * sample_rate_hz)))
    if len(samples) < window:
        return np.zeros(0)
    frames = np.lib.stride_tricks.sliding_window_view(samples.astype(np.float64), window)[::hop]
    rms = np.sqrt(np.mean(frames**2, axis=1))
    return 20.0 * np.log10(np.maximum(rms, 1e-9))


def clap_onsets(samples: np.ndarray, *, sample_rate_hz: int) -> np.ndarray:
    """Onset times of claps or taps in seconds, ascending; ``samples`` mono, float in [-1, 1]."""
    level = level_db(samples, sample_rate_hz=sample_rate_hz)
    if not len(level):
        return np.zeros(0)
    floor = float(np.percentile(level, 10))
    back = max(1, int(round(RISE_LOOKBACK_SECONDS / HOP_SECONDS)))
    padded = np.concatenate([np.full(back, level[0]), level])
    before = np.lib.stride_tricks.sliding_window_view(padded, back)[: len(level)].min(axis=1)
    rising = (level - before >= RISE_DB) & (level >= floor + ABOVE_FLOOR_DB)
    onsets: list[float] = []
    for i in np.flatnonzero(rising):
        t = float(i) * HOP_SECONDS
        if not onsets or t - onsets[-1] >= REFRACTORY_SECONDS:
            onsets.append(t)
    return np.array(onsets)


def _match(score: np.ndarray, onsets: np.ndarray, offset: float, scale: float) -> np.ndarray:
    """For each score onset the index of the nearest unused clap within reach of the line, or -1."""
    out = np.full(len(score), -1)
    used: set[int] = set()
    for k, s in enumerate(score):
        expected = offset + scale * s
        dist = np.abs(onsets - expected)
        for j in np.argsort(dist):
            if dist[j] > EXTRA_CLAP_SECONDS:
                break
            if int(j) not in used:
                out[k] = int(j)
                used.add(int(j))
                break
    return out


DEFAULT_TOLERANCES = Tolerances()


def grade_claps(target: Target, onsets: np.ndarray, *,
                tolerances: Tolerances = DEFAULT_TOLERANCES) -> tuple[list[NoteResult], int]:
    """Per-note results for claps at ``onsets`` (seconds) against ``target``, and the count of extra claps.

    The take may start late and run at its own tempo: each clap is tried as the first
    note's, the reading that explains most claps wins, and a robust line refits the tempo.
    """
    score = np.array([n.onset_seconds for n in target.notes])
    best = (np.full(len(score), -1), 0.0, 1.0)
    for first in onsets[: max(1, len(onsets))]:
        for scale in (0.8, 0.9, 1.0, 1.1, 1.25):
            match = _match(score, onsets, float(first) - scale * score[0], scale)
            if (match >= 0).sum() > (best[0] >= 0).sum():
                best = (match, float(first) - scale * score[0], scale)
    match = best[0]
    if (match >= 0).sum() >= 2:
        idx = np.flatnonzero(match >= 0)
        offset, scale = fit_time_map(score[idx], onsets[match[idx]])
        match = _match(score, onsets, offset, scale)
    heard = np.array([onsets[j] if j >= 0 else np.nan for j in match])
    errors = timing_errors(score, heard)[0] if np.isfinite(heard).any() else np.full(len(score), np.nan)
    results = []
    for k, note in enumerate(target.notes):
        played = bool(np.isfinite(heard[k]))
        error = float(errors[k]) if played and np.isfinite(errors[k]) else (0.0 if played else None)
        results.append(NoteResult(
            index=note.index, target_midi=note.midi, target_onset=note.onset_seconds,
            target_duration=note.duration_seconds, sung_midi=None, cents=None,
            onset=float(heard[k]) if played else None, timing_error=error, confidence=1.0 if played else 0.0,
            pitch="ok" if played else "missed", timing=timing_verdict(error, tolerances, free_tempo=False),
            bar=note.bar, follows_rest=note.follows_rest,
        ))
    extra = int(len(onsets) - (match >= 0).sum())
    return results, extra
