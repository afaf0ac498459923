"""Following a take through the target: which onset event performs which target note.

One dynamic programme over (event, note) pairs in time order. Events are the
take's onset candidates (``onsets.Candidates``); every event is either matched
to a target note or left over as an extra, and every note is matched or
missed. Because the programme runs over events in time order, it may also
jump back in the score (a phrase started again: the last rendition counts)
or far forward (a skipped passage), each at an explicit cost.

Costs (dimensionless; a clean match costs about 0):

- the event's pitch against the note's, after the singer's transposition,
  octaves folded (a wrong note costs at most ``WRONG_NOTE_COST``, so a sung
  but wrong note is matched rather than called missed);
- the melodic interval from the previous matched event against the score's
  interval: this needs no transposition, so it keeps the alignment on a
  singer who drifts or changes key halfway;
- the inter-onset interval against the score's at the performer's tempo
  (capped in free tempo: rhythm is then a hint, not a rule; but a note sung within a
  quarter of the score's interval after the last costs more, past the cap: one sound
  parted in two);
- a faint event matched, a strong event left over, a note missed (an event that
  moves the pitch to another note counts as strong, however soft its attack: a
  swell inside a held note is often as loud).

With ``any_key`` the transposition is chosen jointly with the alignment: the
programme runs for every semitone shift over an octave (the
pitch cost folds octaves), and the octave is then read from the matched
pitches, so a singer an octave and a semitone low is graded at -13.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .onsets import Candidates
from .target import Target

# A target note with no event; an event of full strength left over (times its strength).
MISS_COST = 2.0
EXTRA_COST = 0.8
# Matching a faint event (times 1 - strength).
WEAK_ONSET_COST = 0.8
# An event that moves the sounding pitch to another note (more than this from the pitch heard this long
# before it) is weighed, to match or to leave over, as at least this strong (see _event_strengths).
NOTE_CHANGE_SEMITONES = 0.75
NOTE_CHANGE_LOOKBACK_SECONDS = 0.1
NOTE_CHANGE_MIN_STRENGTH = 0.85
# Pitch against the transposed note: free within PITCH_FREE_SEMITONES, then linear up to the cap.
PITCH_FREE_SEMITONES = 0.25
PITCH_COST_PER_SEMITONE = 0.6
WRONG_NOTE_COST = 1.1
OCTAVE_COST = 0.3
# An event heard only as a change of timbre (a repeated pitch) performs a note only this close to it.
RECOLOURED_FIT_SEMITONES = 0.75
# ...and repeats the pitch played before it where the score steps at most this far (a wrong note played
# at the next note's pitch), not only where the score repeats it,
PLAYED_REPEAT_MAX_STEP_SEMITONES = 2.0
# ...where the two events read within this of each other. A semitone between two in-tune notes, sung
# with a wide vibrato in a room, read 0.73 apart (a swell in the lower note sharp, a dip in the upper one
# flat; rob-13 s13-0027): no repeat. The played repeats found on the tuning sets and sing-dev read 0.66
# apart at most (a planted sharp or flat note toward the note before; real singers' narrow semitones), so
# the margin is thin: a guard, not a measure of what a repeat is.
PLAYED_REPEAT_FIT_SEMITONES = 0.7
# Melodic interval against the score's interval (no transposition needed).
INTERVAL_FREE_SEMITONES = 0.35
INTERVAL_COST_PER_SEMITONE = 0.4
INTERVAL_COST_CAP = 0.5
# Inter-onset interval against the score's at the performer's tempo.
IOI_COST = 0.5
IOI_COST_CAP = 3.0
IOI_TOLERANCE_SECONDS = 0.08
IOI_TOLERANCE_FRACTION = 0.15
# In free tempo rhythm is a hint: three times the tolerance, and a capped cost.
FREE_TEMPO_TOLERANCE_FACTOR = 3.0
FREE_TEMPO_IOI_COST = 0.8
# ...but a note sung within this share of the score's interval after the last is one sound parted in
# two (a voicing start and the swell just after it), not a rhythm a singer means: real sight-singers'
# intervals fall under a quarter of their take's pace about once in a thousand. Such a move costs up to
# FREE_TEMPO_IOI_COST more, past the cap, the more the shorter.
FREE_TEMPO_SHORT_FRACTION = 0.25
# Near moves: the previous matched event at most this many events back, at most this many notes skipped.
# (A held note in a room or with vibrato swells every 100-200 ms, each swell an event: 8 events back
# was often less than one beat, so a note missed under a held one could only be passed by a jump.)
NEAR_EVENTS = 24
NEAR_SKIPPED_NOTES = 3
# Far moves: back to an earlier note (a restart) or forward past several notes (a skipped passage).
RESTART_COST = 3.0
JUMP_COST = 1.5
MIN_EVENT_GAP_SECONDS = 0.04
# With any_key, shifts tried (semitones) before the octave is read from the matched pitches.
SHIFT_STEP_SEMITONES = 1.0
# A state budget: beyond it the shifts are pre-selected by a pitch-class match (long scores).
MAX_STATES = 4_000_000
PRESELECTED_SHIFTS = 4

# After the take is followed: a note fits within this of its target or by its interval to a
# neighbour; its confidence is the share of fits within this many notes either side; a stretch of at
# least LOST_MIN_NOTES below LOST_BELOW is reported as lost.
FIT_SEMITONES = 0.75
CONFIDENCE_WINDOW_NOTES = 3
LOST_BELOW = 0.5
LOST_MIN_NOTES = 4

_START, _NEAR, _RESTART, _JUMP = 0, 1, 2, 3


@dataclass
class Following:
    """Where each target note was performed.

    ``match`` (n_notes,) candidate index or -1 (missed); ``transposition`` the
    singer's shift in semitones (0 unless any_key; octave included);
    ``restarts`` how many times the take jumped back in the score; ``cost``
    the programme's total (lower is a cleaner take).
    """

    match: np.ndarray
    transposition: float
    restarts: int
    cost: float


def fold(semitones: np.ndarray | float) -> np.ndarray:
    """Map a pitch difference into [-6, 6) semitones (octave equivalence)."""
    return (np.asarray(semitones) + 6.0) % 12.0 - 6.0


def follow(
    target: Target,
    cands: Candidates,
    *,
    any_key: bool = False,
    transposition: float = 0.0,
    tempo_scale: float = 1.0,
    free_tempo: bool = False,
) -> Following:
    """Align ``cands`` to ``target`` (see the module docstring).

    ``transposition`` (semitones) is used as given unless ``any_key``, which
    searches every shift; ``tempo_scale`` is performed seconds per score second.
    """
    K, J = len(target.notes), len(cands.times)
    if J == 0:
        return Following(np.full(K, -1), transposition, 0, K * MISS_COST)
    tm = np.array([n.midi for n in target.notes], dtype=float)
    if any_key:
        shifts = np.arange(-6.0, 6.0, SHIFT_STEP_SEMITONES)
        if len(shifts) * J * K > MAX_STATES:
            shifts = _preselect_shifts(tm, cands.midi)
    else:
        shifts = np.array([transposition], dtype=float)
    D, back_j, back_k, kind = _programme(target, cands, shifts, tempo_scale=tempo_scale, free_tempo=free_tempo)
    extra = EXTRA_COST * _event_strengths(cands)
    prefix = np.concatenate([[0.0], np.cumsum(extra)])
    # End: every later event extra, every later note missed.
    ends = D + (prefix[J] - prefix[1:])[None, :, None] + ((K - 1 - np.arange(K)) * MISS_COST)[None, None, :]
    best = np.unravel_index(int(np.argmin(ends)), ends.shape)
    s, j, k = int(best[0]), int(best[1]), int(best[2])
    total = float(ends[s, j, k])
    match = np.full(K, -1, dtype=int)
    if total >= K * MISS_COST + prefix[J]:
        return Following(match, float(shifts[0]) if not any_key else 0.0, 0, K * MISS_COST + float(prefix[J]))
    restarts = 0
    while j >= 0:
        if match[k] < 0:
            match[k] = j  # walking backwards: the last rendition of a note is the one kept
        how = kind[s, j, k]
        if how == _START:
            break
        if how == _NEAR:
            j, k = int(back_j[s, j, k]), int(back_k[s, j, k])
            continue
        restarts += how == _RESTART
        j, k = _far_predecessor(D[s], prefix, j, k, restart=how == _RESTART)
    shift = float(shifts[s])
    if any_key:
        shift = _with_octave(shift, tm, cands.midi, match)
    return Following(match, shift, restarts, total)


def _preselect_shifts(tm: np.ndarray, heard: np.ndarray) -> np.ndarray:
    """The best few shifts by how well heard pitches fall on the target's pitch classes."""
    h = heard[np.isfinite(heard)]
    grid = np.arange(-6.0, 6.0, SHIFT_STEP_SEMITONES)
    if len(h) == 0:
        return grid[:1] * 0.0
    pcs = np.unique(tm % 12)
    scores = [float(np.sum(np.exp(-0.5 * (np.min(np.abs(fold(h[:, None] - pcs[None, :] - t)), axis=1) / 0.3) ** 2)))
              for t in grid]
    return grid[np.argsort(scores)[::-1][:PRESELECTED_SHIFTS]]


def _with_octave(shift: float, tm: np.ndarray, heard: np.ndarray, match: np.ndarray) -> float:
    """Add the octave the matched pitches sit in to a folded shift, and centre it on them."""
    ok = match >= 0
    if not ok.any():
        return shift
    dev = heard[match[ok]] - tm[ok]
    dev = dev[np.isfinite(dev)]
    if len(dev) == 0:
        return shift
    near = dev[np.abs(fold(dev - shift)) < 0.75]
    if len(near) == 0:
        near = dev
    return shift + 12.0 * float(np.round(np.median(near - shift) / 12.0))


def _node_costs(tm: np.ndarray, cands: Candidates, shifts: np.ndarray) -> np.ndarray:
    """Cost of matching event j to note k under each shift: shape (n_shifts, J, K)."""
    dev = cands.midi[None, :, None] - tm[None, None, :] - shifts[:, None, None]
    folded = fold(dev)
    d = np.abs(folded)
    cost = np.minimum(PITCH_COST_PER_SEMITONE * np.maximum(d - PITCH_FREE_SEMITONES, 0.0), WRONG_NOTE_COST)
    cost = cost + np.where(np.abs(dev - folded) > 6.0, OCTAVE_COST, 0.0)
    # An event with no pitch heard (a release bump, a breath) performs no note: worse than a miss.
    cost = np.where(np.isfinite(cost), cost, WRONG_NOTE_COST)
    cost = cost + (WEAK_ONSET_COST * (1.0 - _event_strengths(cands)))[None, :, None]
    if cands.release is not None:
        # A release swell is no note: matching it must cost more than calling the note missed.
        cost = cost + np.where(cands.release, MISS_COST, 0.0)[None, :, None]
    if cands.recoloured is not None:
        # A change of timbre in a held pitch repeats that pitch: it performs no note of another pitch
        # (an omitted note must not be found inside its neighbour).
        off_pitch = d > RECOLOURED_FIT_SEMITONES
        cost = cost + np.where(cands.recoloured[None, :, None] & off_pitch, MISS_COST, 0.0)
    return cost


def _note_changes(cands: Candidates) -> np.ndarray:
    """Events where the sounding pitch moves to another note, shape (J,) bool: a voicing start or a
    pitch step (``Candidates.boundary``) whose pitch lies ``NOTE_CHANGE_SEMITONES`` or more from the
    last pitch heard ``NOTE_CHANGE_LOOKBACK_SECONDS`` before it (or with nothing heard before it).

    A vibrato's or a drift's swing can make a pitch step inside one held note; it changes no note.
    """
    J = len(cands.times)
    if cands.boundary is None:
        return np.zeros(J, dtype=bool)
    pitched = np.isfinite(cands.midi)
    # The last pitched event at or before each index (-1: none).
    last_pitched = np.maximum.accumulate(np.where(pitched, np.arange(J), -1))
    before = np.searchsorted(cands.times, cands.times - NOTE_CHANGE_LOOKBACK_SECONDS, side="right") - 1
    prev = np.where(before >= 0, last_pitched[np.maximum(before, 0)], -1)
    with np.errstate(invalid="ignore"):
        moved = np.abs(fold(cands.midi - cands.midi[np.maximum(prev, 0)])) >= NOTE_CHANGE_SEMITONES
    return cands.boundary & pitched & ((prev < 0) | moved)


def _event_strengths(cands: Candidates) -> np.ndarray:
    """Each event's strength as the follower weighs it, to match or to leave over: a note change
    counts at least ``NOTE_CHANGE_MIN_STRENGTH``.

    A held note in a room or with vibrato swells every 100-200 ms, each swell a level rise as strong
    as an attack or stronger; the attack that changed the pitch may be softer. Weighed by level
    alone, a run of notes each matched at a swell of its own note (and the attacks left over) cost
    less than the notes at their attacks: after a left-out note the follower slid the next notes one
    swell late, 0.3-0.6 s, matching the left-out note at the next one's attack.
    """
    return np.where(_note_changes(cands), np.maximum(cands.strength, NOTE_CHANGE_MIN_STRENGTH), cands.strength)


def _interval_cost(sung: np.ndarray, written: np.ndarray) -> np.ndarray:
    """Cost of a sung interval against the written one (semitones, any shapes that broadcast)."""
    e = np.abs(sung - written)
    e = np.minimum(e, np.abs(e - 12.0) + OCTAVE_COST)  # an octave slip is a small fault
    cost = np.minimum(INTERVAL_COST_PER_SEMITONE * np.maximum(e - INTERVAL_FREE_SEMITONES, 0.0), INTERVAL_COST_CAP)
    return np.where(np.isfinite(cost), cost, 0.5 * INTERVAL_COST_CAP)


def _programme(target: Target, cands: Candidates, shifts: np.ndarray, *, tempo_scale: float, free_tempo: bool
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The forward pass: D (n_shifts, J, K) best cost of a path ending with event j on note k,
    with back pointers for near moves and the kind of move that got there."""
    K, J, S = len(target.notes), len(cands.times), len(shifts)
    tm = np.array([n.midi for n in target.notes], dtype=float)
    onsets = np.array([n.onset_seconds for n in target.notes], dtype=float)
    t = cands.times
    p = cands.midi
    node = _node_costs(tm, cands, shifts)
    recoloured = cands.recoloured if cands.recoloured is not None else np.zeros(J, dtype=bool)
    prefix = np.concatenate([[0.0], np.cumsum(EXTRA_COST * _event_strengths(cands))])
    tol_frac = IOI_TOLERANCE_FRACTION * (FREE_TEMPO_TOLERANCE_FACTOR if free_tempo else 1.0)
    ks = np.arange(K)
    # Near moves from note k - gap to note k, gap = 1 .. NEAR_SKIPPED_NOTES + 1, all at once:
    # shape (G, K), a move into a note before the first invalid (its source index clipped to 0).
    gaps = np.arange(1, NEAR_SKIPPED_NOTES + 2)[:, None]
    k_from = ks[None, :] - gaps  # (G, K)
    valid = k_from >= 0
    k_from = np.maximum(k_from, 0)
    written = tm[None, :] - tm[k_from]  # (G, K) written interval
    expected = tempo_scale * (onsets[None, :] - onsets[k_from])  # (G, K) score IOI, seconds
    tolerance = IOI_TOLERANCE_SECONDS + tol_frac * np.abs(expected)
    skip_cost = np.where(valid, (gaps - 1) * MISS_COST, np.inf)  # (G, K)
    D = np.full((S, J, K), np.inf)
    back_j = np.full((S, J, K), -1, dtype=np.int32)
    back_k = np.full((S, J, K), -1, dtype=np.int32)
    kind = np.zeros((S, J, K), dtype=np.int8)
    # Far moves from any earlier event: best (D - prefix) per note so far, for restarts and jumps.
    far_best = np.full((S, K), np.inf)
    for j in range(J):
        best = np.broadcast_to(ks * MISS_COST + prefix[j], (S, K)).copy()
        bj = np.full((S, K), -1, dtype=np.int32)
        bk = np.full((S, K), -1, dtype=np.int32)
        how = np.full((S, K), _START, dtype=np.int8)
        jp = np.arange(max(0, j - NEAR_EVENTS), j)
        jp = jp[t[j] - t[jp] > MIN_EVENT_GAP_SECONDS]
        if len(jp) and K > 1:
            between = (prefix[j] - prefix[jp + 1])[:, None, None]  # (w, 1, 1) events left over between
            trans = _interval_cost((p[j] - p[jp])[:, None, None], written[None])  # (w, G, K)
            ioi = np.minimum(np.abs((t[j] - t[jp])[:, None, None] - expected[None]) / tolerance[None],
                             IOI_COST_CAP) * IOI_COST
            if free_tempo:
                ioi = np.minimum(ioi, FREE_TEMPO_IOI_COST)
                shortest = FREE_TEMPO_SHORT_FRACTION * expected  # (G, K)
                with np.errstate(invalid="ignore", divide="ignore"):
                    short = 1.0 - (t[j] - t[jp])[:, None, None] / shortest[None]
                ioi = ioi + FREE_TEMPO_IOI_COST * np.clip(np.nan_to_num(short, nan=0.0), 0.0, 1.0)
            trans = trans + ioi + between + skip_cost[None]
            if recoloured[j]:
                # A change of timbre in a held pitch can only be a repeated note: the score's, or one the
                # performer made by playing the note a step before at this one's pitch (a wrong note that
                # anticipates the next; the node cost already asks the event to fit this note). Across a
                # leap the same sound is the leap's note left out and the next one come early, held.
                with np.errstate(invalid="ignore"):
                    played_repeat = np.abs(p[j] - p[jp]) < PLAYED_REPEAT_FIT_SEMITONES  # (w,)
                step = np.abs(written) <= PLAYED_REPEAT_MAX_STEP_SEMITONES  # (G, K)
                repeats = (written == 0.0)[None] | (played_repeat[:, None, None] & step[None])
                trans = trans + np.where(repeats, 0.0, MISS_COST)
            total = D[:, jp][:, :, k_from] + trans[None]  # (S, w, G, K)
            flat = total.reshape(S, -1, K)
            arg = np.argmin(flat, axis=1)  # (S, K) over (w, G)
            val = np.take_along_axis(flat, arg[:, None, :], axis=1)[:, 0, :]
            better = val < best
            best = np.where(better, val, best)
            bj = np.where(better, jp[arg // len(gaps)], bj)
            bk = np.where(better, k_from[arg % len(gaps), ks[None, :]], bk)
            how = np.where(better, _NEAR, how)
        if j > 0:
            # Restart: back to this note or an earlier one, from any earlier event.
            suffix = np.minimum.accumulate(far_best[:, ::-1], axis=1)[:, ::-1]
            val = suffix + prefix[j] + RESTART_COST
            better = val < best
            best = np.where(better, val, best)
            how = np.where(better, _RESTART, how)
            # Jump: forward past any number of notes, each missed.
            shifted = far_best - ks * MISS_COST
            before = np.concatenate([np.full((S, 1), np.inf), np.minimum.accumulate(shifted, axis=1)[:, :-1]], axis=1)
            val = before + prefix[j] + JUMP_COST + (ks - 1) * MISS_COST
            better = val < best
            best = np.where(better, val, best)
            how = np.where(better, _JUMP, how)
        if recoloured[j]:
            # ...and never the first note of the take or of a restart or jump.
            best = np.where(how == _NEAR, best, best + MISS_COST)
        D[:, j] = best + node[:, j]
        back_j[:, j], back_k[:, j], kind[:, j] = bj, bk, how
        far_best = np.minimum(far_best, D[:, j] - prefix[j + 1])
    return D, back_j, back_k, kind


def _far_predecessor(D: np.ndarray, prefix: np.ndarray, j: int, k: int, *, restart: bool) -> tuple[int, int]:
    """The (event, note) a restart or jump into (j, k) came from: recomputed, as far moves are rare."""
    J, K = D.shape
    ks = np.arange(K)
    value = D[:j] - prefix[1 : j + 1][:, None]  # (j, K)
    if restart:
        value = np.where(ks[None, :] >= k, value, np.inf)
    else:
        value = np.where(ks[None, :] < k, value - ks[None, :] * MISS_COST, np.inf)
    jj, kk = np.unravel_index(int(np.argmin(value)), value.shape)
    return int(jj), int(kk)


@dataclass(frozen=True)
class LostStretch:
    """Target notes ``first``..``last`` (indices, inclusive) where the take could not be followed."""

    first: int
    last: int


def follow_confidence(target_midi: np.ndarray, sung_midi: np.ndarray, transposition: float) -> np.ndarray:
    """How surely each note was followed, in [0, 1]: shape (n_notes,).

    ``target_midi`` and ``sung_midi`` shape (n_notes,), the pitch measured for
    each note (NaN where missed). A note fits when it sits within
    ``FIT_SEMITONES`` of its transposed target, or when the melodic interval to
    or from its neighbour is the written one (a singer who drifted or changed
    key is still followed). A note's confidence is the share of fitting notes
    among the sung ones within ``CONFIDENCE_WINDOW_NOTES`` either side: a lone
    wrong note among right ones is a wrong note, a run of misfits is a stretch
    the follower may have lost.
    """
    n = len(target_midi)
    sung = np.isfinite(sung_midi)
    fits = np.zeros(n, dtype=bool)
    fits[sung] = np.abs(fold(sung_midi[sung] - target_midi[sung] - transposition)) < FIT_SEMITONES
    idx = np.flatnonzero(sung)
    for a, b in zip(idx[:-1], idx[1:], strict=True):
        heard = sung_midi[b] - sung_midi[a]
        written = target_midi[b] - target_midi[a]
        if np.abs(fold(heard - written)) < FIT_SEMITONES:
            fits[a] = fits[b] = True
    out = np.ones(n)
    for k in range(n):
        lo, hi = max(0, k - CONFIDENCE_WINDOW_NOTES), min(n, k + CONFIDENCE_WINDOW_NOTES + 1)
        window = sung[lo:hi]
        if window.any():
            out[k] = float(np.mean(fits[lo:hi][window]))
    return out


def lost_stretches(confidence: np.ndarray) -> list[LostStretch]:
    """Runs of at least ``LOST_MIN_NOTES`` notes whose follow confidence is below ``LOST_BELOW``."""
    out: list[LostStretch] = []
    low = confidence < LOST_BELOW
    k = 0
    while k < len(low):
        if not low[k]:
            k += 1
            continue
        end = k
        while end + 1 < len(low) and low[end + 1]:
            end += 1
        if end - k + 1 >= LOST_MIN_NOTES:
            out.append(LostStretch(k, end))
        k = end + 1
    return out
