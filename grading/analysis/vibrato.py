"""The pitch of one held note, read as the centre of its vibrato.

A listener hears a vibrato tone at the centre of its frequency excursion
(Shonle & Horan 1980; Brown & Vaughn 1996), not at its most frequent value:
a bowed note that lingers in its troughs and flicks up to its crests has a
median well below that centre. So the note's pitch is taken from the turning
points of the contour: each pair of neighbouring crest and trough gives one
half-cycle centre, and their mean, over whole half-cycles, is the note's
pitch, each half-cycle weighted by its swing. Slow drift and a scoop that rises into the first crest cancel out of
neighbouring half-cycles instead of pulling the estimate. A contour without a
clear vibrato (a clarinet, a straight tone) falls back to the median, and so does
one whose swings stop for a while: a vibrato runs through the held note, while a
sight-singer's one slide out and back (or a wobble) in a note held still is heard
at the pitch held, not at the centre of that slide.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .pitch import HOP_SECONDS

# A turning point counts once the contour has come back this far from it (semitones): well
# above frame jitter on a clean tone (~1 cent), well below a real vibrato (±10 cents or more).
MIN_SWING_SEMITONES = 0.06
# Turning points closer than this are jitter, not vibrato (vibrato is 3.5-9 Hz: half-periods 55-140 ms).
MIN_HALF_PERIOD_SECONDS = 0.045
# Longest half-period still read as vibrato rather than drift.
MAX_HALF_PERIOD_SECONDS = 0.2
# Half-cycles smaller than this fraction of the note's largest swing are not its vibrato.
MIN_SWING_FRACTION = 0.5
SMOOTH_FRAMES = 3
MIN_HALF_CYCLES = 2
# ...and run through the steady part, pausing nowhere for longer than this many of their own
# half-periods: one excursion (a slide out and back, an overshoot, a wobble) in a note that
# otherwise holds still is no vibrato, and its centre is not the pitch heard.
MAX_VIBRATO_PAUSE_HALF_PERIODS = 1.5
MAX_GAP_FRAMES = 4


@dataclass(frozen=True)
class NotePitch:
    """A held note's pitch (MIDI, fractional) and how it was read.

    ``extent`` is half the largest crest-to-trough distance in semitones (0 without
    vibrato); ``half_cycles`` how many half-cycle centres were averaged (0: median).
    """

    midi: float
    extent: float
    half_cycles: int


def turning_points(contour: np.ndarray, *, swing: float) -> np.ndarray:
    """Indices of alternating crests and troughs of ``contour`` (shape (n,), no NaN).

    Zig-zag with hysteresis: an extreme is confirmed when the contour has moved
    ``swing`` back from it. The first and last samples are never turning points.
    """
    n = len(contour)
    points: list[int] = []
    if n < 3:
        return np.asarray(points, dtype=int)
    ext_i = 0
    direction = 0  # +1 rising towards a crest, -1 falling towards a trough, 0 not yet moved
    for i in range(1, n):
        x = contour[i]
        if direction == 0:
            if abs(x - contour[0]) >= swing:
                direction, ext_i = (1 if x > contour[0] else -1), i
            continue
        if direction * (x - contour[ext_i]) > 0:
            ext_i = i  # still climbing (or falling) towards the extreme
        elif direction * (contour[ext_i] - x) >= swing:
            points.append(ext_i)
            direction, ext_i = -direction, i
    return np.asarray(points, dtype=int)


def note_pitch(midi: np.ndarray, *, steady: tuple[int, int] | None = None) -> NotePitch:
    """The perceived pitch of a held note from its frame contour.

    ``midi`` shape (n,): MIDI pitch per 10 ms frame over the note, NaN where
    unvoiced, octave slips already folded. ``steady`` = (first, end) frame
    indices into ``midi`` of the part after the attack or scoop and before the
    release (default: all of it): only crests and troughs inside it are used,
    but the frames around it may confirm them (a crest just before the release
    is confirmed by the fall after it). Returns the mean of half-cycle centres
    when the steady part has at least one crest and one trough spaced like a
    vibrato and its swings pause nowhere in it for longer than
    ``MAX_VIBRATO_PAUSE_HALF_PERIODS`` of their half-periods; otherwise the
    median of the steady part. An all-NaN steady part
    gives ``NotePitch(nan, 0, 0)``.
    """
    lo, hi = steady if steady is not None else (0, len(midi))
    lo, hi = max(0, lo), min(len(midi), max(hi, lo + 1))
    part = midi[lo:hi]
    if not np.isfinite(part).any():
        return NotePitch(float("nan"), 0.0, 0)
    med = float(np.median(part[np.isfinite(part)]))
    ok = np.isfinite(midi)
    idx = np.flatnonzero(ok)
    inside = idx[(idx >= lo) & (idx < hi)]
    if len(inside) < 6 or np.max(np.diff(inside), initial=1) > MAX_GAP_FRAMES:
        return NotePitch(med, 0.0, 0)
    # Gaps bridged, then a 30 ms moving average: vibrato (≤ 9 Hz) passes, frame jitter does not.
    c = np.interp(np.arange(len(midi)), idx, midi[ok])
    if len(c) >= SMOOTH_FRAMES:
        pad = np.pad(c, SMOOTH_FRAMES // 2, mode="edge")
        c = np.convolve(pad, np.ones(SMOOTH_FRAMES) / SMOOTH_FRAMES, mode="valid")
    tp = turning_points(c[idx[0] : idx[-1] + 1], swing=MIN_SWING_SEMITONES) + idx[0]
    tp = tp[(tp >= lo) & (tp < hi)]
    min_gap = MIN_HALF_PERIOD_SECONDS / HOP_SECONDS
    max_gap = MAX_HALF_PERIOD_SECONDS / HOP_SECONDS
    centres: list[float] = []
    swings: list[float] = []
    spans: list[tuple[int, int]] = []
    for p, q in zip(tp[:-1], tp[1:], strict=True):
        if min_gap <= q - p <= max_gap:
            centres.append(0.5 * (c[p] + c[q]))
            swings.append(abs(c[q] - c[p]))
            spans.append((int(p), int(q)))
    if not centres:
        return NotePitch(med, 0.0, 0)
    # A vibrato keeps roughly one extent through a note: a half-cycle of less than half the
    # largest swing is an attack or bow wobble, not the vibrato; the rest count by their swing.
    w = np.asarray(swings)
    c_half = np.asarray(centres)
    keep = w >= MIN_SWING_FRACTION * w.max()
    w, c_half = w[keep], c_half[keep]
    kept_spans = [span for span, k in zip(spans, keep, strict=True) if k]
    if len(c_half) < MIN_HALF_CYCLES or _longest_pause(kept_spans, lo, hi) > MAX_VIBRATO_PAUSE_HALF_PERIODS:
        return NotePitch(med, 0.5 * float(np.max(w)), 0)
    return NotePitch(float(np.dot(w, c_half) / w.sum()), 0.5 * float(np.max(w)), len(c_half))


def _longest_pause(spans: list[tuple[int, int]], lo: int, hi: int) -> float:
    """The longest stretch of frames [lo, hi) that none of the half-cycles ``spans`` ((first, last)
    frame, in order) covers, in units of their median length."""
    half_period = float(np.median([q - p for p, q in spans]))
    edges = [lo] + [e for span in spans for e in span] + [hi]
    gaps = [max(0, b - a) for a, b in zip(edges[::2], edges[1::2], strict=True)]
    return max(gaps) / half_period
