"""Tempo, meter and written note lengths for a performance with no score.

``estimate_rhythm(onsets, offsets)`` (seconds, one entry per note) first follows the beat
through the performance like a tapping listener (``_walk``): for each starting beat period
it walks the onsets, places each on the nearest grid point (eighths, or sixteenths at a
small cost) counted from the previous one, and lets the period follow the performer. The
period that needs the fewest and smallest corrections, with a mild preference for moderate
tempi, wins. These greedy walks tell swing (a long-short pair, the off-beat at about two
thirds of the beat, read as straight eighths) and whether the beat is simple or compound.

A straight simple melody's notes are then placed by a dynamic programme over the beat
period and the grid point (``_follow``; Cemgil and Kappen's tempo-and-score-position model,
searched exactly on a grid): each note's timing error relative to its interval, the grid point's cost, a
syncopation's cost and the change of period are summed, and the cheapest path wins. A singer
without a metronome (tempo wandering by 10 % and more from note to note) stays on the grid:
whether a long note was held three beats at a slower pace or three and a half is decided by
the notes after it, which the greedy walk never looks at.

A compound reading follows a dotted-quarter beat divided in three eighths. Where it counts
the same eighths as the simple reading (6/8 against 3/4), the bar's grouping decides: the
melody's accents (each note's length) on the eighth grid are matched with bar templates of
both kinds (``_eighth_scores``). Where its beat is as long as the simple one (quarter-eighth
against a dotted or swung pair), it also needs notes on a beat's first eighth; against a
swung reading, the better-scoring walk wins. A singer without a metronome throws the greedy walks
off the grid, so where they read a simple meter the programme's compound walk (three eighths a
beat) is looked at too, and wins where its eighth-level grouping is plainly compound
(``_is_clearly_compound``).

The meter is the grouping of beats (2, 3 or 4 quarters; 2, 3 or 4 dotted quarters: 6/8, 9/8,
12/8) whose strong beat the long notes land on, the last note included (4/4 over 2/4 and 6/8
over 9/8 and 12/8 unless the accents say otherwise); notes before the first strong beat are the
pickup. A fast walk whose rhythm repeats every six of its beats rather than every three, four or eight
is a 3/4 tune counted in eighths, and is read at half the tempo (``_repeats_in_six_beats``). Note lengths are the distance to the next note, except before a rest
(the gap is then longer than half a beat), where the sung length is rounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

# Beat periods tried (seconds per quarter): 40 to 200 BPM, 2 % apart; the greedy walk starts from each, the
# programme from every sixth, and may wander TEMPO_BAND_STEPS steps either side (about 27 %), as a singer
# without a metronome does.
SLOWEST_BEAT_SECONDS = 1.5
FASTEST_BEAT_SECONDS = 0.3
PERIOD_STEP_RATIO = 1.02
START_STRIDE_STEPS = 6
TEMPO_BAND_STEPS = 12
# What a change of beat period costs between two notes, per squared change of log period (a 10 %
# change costs 0.15, as much as a note 15 % off the grid).
TEMPO_CHANGE_COST = 16.0
# A timing error is weighed against the interval it ends (5 % of a long note is as likely as 5 % of
# a short one), but never against less than this: a 20 ms slip between eighths at 140 BPM is not 10 %.
SHORTEST_ERROR_SECONDS = 0.45
# A sixteenth grid point costs this much (an eighth off the beat costs OFFBEAT_PENALTY).
SIXTEENTH_PENALTY = 0.1
COMMON_NOTE_WEIGHT = 0.06
# An onset this many beats after the previous one is placed on the eighth grid only.
LONG_GAP_BEATS = 2.5
# Syncopations are rare in the tunes a student sings: a note off the beat after a note held two
# beats or more, and a note off the beat held past the next beat, cost this much each, unless a rest
# of this many beats comes before the note.
SYNCOPATION_PENALTY = 0.2
HELD_OFFBEAT_PENALTY = 0.2
REST_BEFORE_OFFBEAT_BEATS = 0.35
# The greedy walk that tells swing (``_walk``) moves its period this far towards the one an interval
# implies (0: never, 1: at once), and weighs timing errors in units of this beat length.
PERIOD_FOLLOW_RATE = 0.3
REFERENCE_BEAT_SECONDS = 0.6
# A note off the beat costs this much: of two readings that fit equally, the one with more notes on beats wins.
OFFBEAT_PENALTY = 0.04
# Tempi far from this (quarter BPM) cost a little: a sung melody is rarely counted at 45 or 190.
PREFERRED_BPM = 96.0
TEMPO_PRIOR_WEIGHT = 0.01
# Swing needs this many off-beat notes. Where the swung and the compound grid count the same beat, a
# long-short figure on this share of the beats or more is compound (quarter-eighth), not swing.
MIN_SWUNG_NOTES = 3
COMPOUND_FIGURE_SHARE = 0.45
# A compound reading must fit the timing nearly as well as the simple one (per note, in beats of error
# at the reference beat).
COMPOUND_TIMING_MARGIN = 0.02
# Where the compound beat is about as long as the simple one (a dotted or swung figure reads like a
# compound quarter-eighth), the compound reading also needs this many notes on the first eighth after a
# dotted-quarter beat and must put this much more of the melody's length on its beats.
MIN_COMPOUND_NOTES = 2
COMPOUND_ON_BEAT_GAIN = 0.1
# Where both readings count the same eighths (the compound beat 1.5 or 3 times the simple one), the
# grouping decides: the eighth-level accent pattern of the bar (ratio within this tolerance).
SHARED_EIGHTHS_TOLERANCE = 0.12
COMPOUND_GROUPING_MARGIN = 0.05
MIN_COMPOUND_GROUPING = 0.3
# A singer without a metronome throws the greedy walks off the grid, so where they read a simple
# meter the programme's own simple and compound readings are compared too. Its compound reading fits
# noisy onsets of simple melodies as well (docs/transcription.md, "Rubato"), so it must show the
# compound grouping clearly: its beat 1.5 or 3 times the simple one within this tolerance, its best
# compound template correlating at least this much and this much better than the best simple one.
SECOND_LOOK_EIGHTHS_TOLERANCE = 0.08
SECOND_LOOK_MIN_GROUPING = 0.5
SECOND_LOOK_GROUPING_MARGIN = 0.25
# Once the meter is found compound, the programme's compound walk places the notes where its beat is
# the greedy walk's within this tolerance and it fits the timing better (``_placed_compound``).
PLACED_COMPOUND_BEAT_TOLERANCE = 0.12
# A walk this fast (quarter BPM) may be counting a 3/4 tune's eighths: where the rhythm repeats in six of
# its beats by this margin more than in four or three (``_repeats_in_six_beats``) it is read at half the
# tempo in 3/4. Correlations need this many eighths of overlap.
HALF_TEMPO_MIN_BPM = 140.0
# Bars of three beats walked at this tempo (quarter BPM) or faster are a compound melody's dotted quarters
# with its eighths counted as beats: 6/8 at 48-93 dotted quarters a minute, not 3/4 at 145-280.
COMPOUND_EIGHTHS_MIN_BPM = 145.0
HALF_TEMPO_REPETITION_MARGIN = 0.05
MIN_PERIODICITY_EIGHTHS = 4
# Bar templates on the eighth grid: downbeat 1, the strong mid-bar beat 0.8, other beats 0.5, eighths 0.
EIGHTH_TEMPLATES = {
    "2/4": (1.0, 0.0, 0.5, 0.0),
    "3/4": (1.0, 0.0, 0.5, 0.0, 0.5, 0.0),
    "4/4": (1.0, 0.0, 0.5, 0.0, 0.8, 0.0, 0.5, 0.0),
    "6/8": (1.0, 0.0, 0.0, 0.5, 0.0, 0.0),
    "9/8": (1.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.5, 0.0, 0.0),
    "12/8": (1.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.8, 0.0, 0.0, 0.5, 0.0, 0.0),
}
# Quarters in a compound beat (a dotted quarter).
COMPOUND_BEAT_QUARTERS = 1.5
METERS = {2: "2/4", 3: "3/4", 4: "4/4"}
COMPOUND_METERS = {2: "6/8", 3: "9/8", 4: "12/8"}
# How strong each beat of the bar is (4/4's third beat nearly as strong as its first; 12/8 likewise).
METER_TEMPLATES = {2: (1.0, 0.0), 3: (1.0, 0.0, 0.0), 4: (1.0, 0.0, 0.8, 0.0)}
# 4/4 and 2/4 fit the same binary melodies; 2/4 must correlate this much better to win. In compound
# time it is the other way round: 6/8 is the common reading, and 12/8 must correlate better by
# QUADRUPLE_OVER_DUPLE_COMPOUND.
DUPLE_OVER_QUADRUPLE = 0.2
QUADRUPLE_OVER_DUPLE_COMPOUND = 0.05
# 9/8 is rarer than 6/8: it must correlate this much better.
TRIPLE_OVER_DUPLE_COMPOUND = 0.08
# Most melodies start on a downbeat: a pickup must correlate this much better.
PICKUP_PRIOR = 0.1
HALF_BAR_PICKUP_PRIOR = 0.15
LAST_NOTE_ACCENT = 1.0
PHRASE_END_ACCENT = 0.0
MAX_ACCENT_BEATS = 3.0
# A gap after a note longer than this (beats) is a rest, not breath in a legato line.
REST_MIN_BEATS = 0.5


@dataclass
class Rhythm:
    """The rhythm read from a performance.

    ``positions`` (quarters, one per note) are counted from the first downbeat, so a
    pickup's notes are negative; ``quarter_lengths`` the written lengths; ``tempo`` the
    median quarter BPM; ``meter`` like ``"3/4"``; ``pickup`` the anacrusis in quarters
    (0: the melody starts on a downbeat); ``beat_times`` seconds of each followed beat
    from the first note's beat; ``swing`` whether the eighths were swung.
    """

    tempo: float
    meter: str
    pickup: float
    positions: list[float]
    quarter_lengths: list[float]
    swing: bool = False
    beat_times: list[float] = field(default_factory=list)

    @property
    def bar_quarters(self) -> float:
        """The bar's length in quarters (4.5 in 9/8)."""
        numerator, denominator = (int(x) for x in self.meter.split("/"))
        return 4.0 * numerator / denominator

    def bar_of(self, position: float) -> int:
        """The bar a position (quarters from the first downbeat) sits in: 1 is the first full
        bar, 0 the pickup."""
        return int(np.floor(position / self.bar_quarters + 1e-9)) + 1


@dataclass
class _Walk:
    cost: float
    positions: np.ndarray  # (N,) beats from the first onset's beat
    periods: np.ndarray  # (N,) the followed period at each onset, seconds


def _grid(raw: float, swing: bool, error_scale: float, *, fine: bool = True, division: int = 2
          ) -> tuple[float, float]:
    """The nearest grid point to ``raw`` (beats) and what it costs: the error in beats times
    ``error_scale`` (the period over ``REFERENCE_BEAT_SECONDS``, so that a slow reading does not
    shrink the same timing error), plus a penalty for off-beats and sixteenths. Without ``fine``
    only eighths are offered. ``division`` is the eighths in a beat: 2 (simple), 3 (compound)."""
    beat = math.floor(raw)
    frac = raw - beat
    if swing:
        # The swung off-beat is heard at two thirds of the beat and written at the half. The error is
        # measured where the note is heard: measured on the written scale, a note late after the swung
        # off-beat cost 1.5 times its error, and a swung melody lost to the compound grid, which fits
        # the same onsets at an honest cost (docs/transcription.md, "Swing against 6/8").
        heard, written = (0.0, 0.0) if frac < 1 / 3 else ((2 / 3, 0.5) if frac < 5 / 6 else (1.0, 1.0))
        return beat + written, abs(frac - heard) * error_scale + (OFFBEAT_PENALTY if written == 0.5 else 0.0)
    eighth = round(frac * division) / division
    sixteenth = round(frac * 2 * division) / (2 * division)
    e_cost = abs(frac - eighth) * error_scale + (OFFBEAT_PENALTY if 0 < eighth < 1 else 0.0)
    s_cost = abs(frac - sixteenth) * error_scale + SIXTEENTH_PENALTY
    if not fine or e_cost <= s_cost:
        return beat + eighth, e_cost
    return beat + sixteenth, s_cost


def _walk(onsets: np.ndarray, period: float, swing: bool, division: int = 2, *, first: float = 0.0) -> _Walk:
    """Follow the beat from ``period`` (seconds) through ``onsets`` (seconds, increasing), on a grid
    of ``division`` eighths a beat, the first note at ``first`` (0, or 0.5: a swung off-beat)."""
    # Plain Python floats: this loop runs for every period tried, and numpy scalars are slow here.
    times = [float(t) for t in onsets]
    n = len(times)
    positions = [first] + [0.0] * (n - 1)
    periods = [period] * n
    cost = OFFBEAT_PENALTY if first else 0.0
    current = period
    for i in range(1, n):
        # Count from where the previous note was heard: a swung off-beat sounds at two thirds of its beat.
        heard = positions[i - 1]
        if swing and not heard.is_integer():
            heard = math.floor(heard) + 2 / 3
        raw = heard + (times[i] - times[i - 1]) / current
        scale = current / REFERENCE_BEAT_SECONDS
        # After a long note or rest the performer's clock has wandered more than a sixteenth.
        q, c = _grid(raw, swing, scale, fine=raw - heard < LONG_GAP_BEATS, division=division)
        if q <= positions[i - 1]:
            q = positions[i - 1] + (1 / (2 * division) if not swing else 0.5)
            c = abs(raw - q) * scale + SIXTEENTH_PENALTY
        cost += c
        # Follow the performer, judged over the last few beats (one interval is too noisy) and
        # between notes on beats only (a swung or pushed off-beat says nothing about the period).
        if q.is_integer():
            back = i - 1
            while back > 0 and (q - positions[back] < 2.0 or not positions[back].is_integer()):
                back -= 1
            span = q - positions[back]
            if span > 0 and positions[back].is_integer():
                implied = (times[i] - times[back]) / span
                if 0.7 * current < implied < 1.4 * current:
                    current += PERIOD_FOLLOW_RATE * (implied - current)
        positions[i] = float(q)
        periods[i] = current
    return _Walk(cost, np.asarray(positions), np.asarray(periods))


def _best_greedy_walk(onsets: np.ndarray, swing: bool, division: int = 2) -> tuple[_Walk, float]:
    """The best-scoring greedy walk over the beat periods tried (``_walk``); a compound beat
    (``division`` 3) is a dotted quarter, as in ``_best_walk``."""
    best: _Walk | None = None
    best_score = np.inf
    beat_quarters = COMPOUND_BEAT_QUARTERS if division == 3 else 1.0
    period = FASTEST_BEAT_SECONDS * beat_quarters
    while period <= SLOWEST_BEAT_SECONDS * beat_quarters:
        # A swung melody may start on an off-beat, heard at two thirds of the beat: unlike a straight
        # eighth, that is not the same grid shifted (``_beat_shift``), so the walk starts there too.
        for first in (0.0, 0.5) if swing else (0.0,):
            walk = _walk(onsets, period, swing, division, first=first)
            score = _walk_score(walk, len(onsets), beat_quarters, division)
            if score < best_score - 1e-9:
                best, best_score = walk, score
        period *= PERIOD_STEP_RATIO
    assert best is not None
    return best, float(best_score)


def _walk_score(walk: _Walk, n_onsets: int, beat_quarters: float, division: int) -> float:
    """A walk's timing cost per note plus its tempo prior and the length its notes are read as: the lower,
    the likelier."""
    # A melody's commonest note is an eighth to a beat long: reading every note as two beats
    # (or as a sixteenth) is the tempo doubled (or halved). In log2 beats, the eighth-to-beat span:
    lo, hi = -np.log2(division), 0.0
    bpm = 60.0 / float(np.median(walk.periods)) * beat_quarters
    ioi = float(np.median(np.diff(walk.positions))) if len(walk.positions) > 1 else 1.0
    log_ioi = np.log2(max(ioi, 0.125))
    return float(walk.cost / max(1, n_onsets - 1) + TEMPO_PRIOR_WEIGHT * np.log2(bpm / PREFERRED_BPM) ** 2
                 + COMMON_NOTE_WEIGHT * max(0.0, abs(log_ioi - (lo + hi) / 2) - (hi - lo) / 2))


def _grid_points(division: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid points of one beat of ``division`` eighths: where each falls (beats), what a note there
    costs, and which are sixteenths."""
    steps = 2 * division
    written = np.arange(steps) / steps
    sixteenth = np.arange(steps) % 2 == 1
    cost = np.where(sixteenth, SIXTEENTH_PENALTY, OFFBEAT_PENALTY)
    cost[0] = 0.0
    return written, cost, sixteenth


def _follow(onsets: np.ndarray, offsets: np.ndarray, starts: np.ndarray, division: int) -> list[_Walk]:
    """The best walk from each starting period in ``starts`` (seconds), by dynamic programming.

    A state is the beat period between two notes (within ``TEMPO_BAND_STEPS`` steps of the start)
    and where in the beat the note falls (a grid point). Moving from one note to the next costs the
    timing error relative to the interval (a singer's long notes stray further than short ones), the
    grid point's cost, a syncopation's cost, and the squared change of log period: the period follows
    a singer who slows or rushes, and looking at the notes after a long note decides whether it was
    held three beats at a slower pace or three and a half (Cemgil and Kappen's switching state-space
    model of tempo and score position, solved exactly on a grid).
    """
    n = len(onsets)
    written, grid_cost, sixteenth = _grid_points(division)
    steps = np.arange(-TEMPO_BAND_STEPS, TEMPO_BAND_STEPS + 1)
    log_step = math.log(PERIOD_STEP_RATIO)
    periods = starts[:, None] * PERIOD_STEP_RATIO ** steps[None, :]  # (start, period)
    change = TEMPO_CHANGE_COST * ((steps[:, None] - steps[None, :]) * log_step) ** 2  # (before, after)
    # The first note anywhere in the beat (a pickup may start off it), at a period near the start.
    best = (TEMPO_CHANGE_COST * (steps * log_step) ** 2)[None, :, None] + grid_cost[None, None, :]
    best = np.broadcast_to(best, (len(starts), len(steps), len(written))).copy()
    written_step = written[None, :] - written[:, None]  # (grid point before, after)
    # Whole beats to add so that a note moves forward.
    min_beats = np.ceil(-written_step + 1e-9)
    min_beats = np.where(written_step + min_beats <= 1e-9, min_beats + 1, min_beats)
    off_beat_after = (written > 0)[None, None, None, :]
    off_beat_before = (written > 0)[None, None, :, None]
    back_period = np.zeros((n, *best.shape), dtype=np.int16)
    back_point = np.zeros((n, *best.shape), dtype=np.int16)
    beat_steps = np.zeros((n, len(starts), len(steps), len(written), len(written)))
    p = periods[:, :, None, None]
    for i in range(1, n):
        # The best period before, for each period now and grid point before.
        moved = best[:, :, None, :] + change[None, :, :, None]  # (start, before, after, point)
        came_from = np.argmin(moved, axis=1)
        reached = np.take_along_axis(moved, came_from[:, None], axis=1)[:, 0]
        interval = onsets[i] - onsets[i - 1]
        raw = interval / p
        beats = np.maximum(np.round(raw - written_step), min_beats)
        step = written_step + beats
        cost = np.abs(interval - step * p) / np.maximum(step * p, SHORTEST_ERROR_SECONDS)
        cost = cost + grid_cost[None, None, None, :]
        # After a long gap the performer's clock has wandered more than a sixteenth.
        cost = np.where(sixteenth[None, None, None, :] & (raw >= LONG_GAP_BEATS), np.inf, cost)
        # Syncopation (unless a rest comes first): a note that starts off the beat after a note held
        # two beats or more, or a note off the beat held past the next beat.
        legato = (onsets[i] - offsets[i - 1]) / p < REST_BEFORE_OFFBEAT_BEATS
        syncopated = off_beat_after & (beats >= 2)
        held_over = off_beat_before & ((beats >= 2) | ((beats >= 1) & off_beat_after))
        cost = cost + legato * (SYNCOPATION_PENALTY * syncopated + HELD_OFFBEAT_PENALTY * held_over)
        total = reached[:, :, :, None] + cost  # (start, period, point before, point)
        point_from = np.argmin(total, axis=2)
        best = np.take_along_axis(total, point_from[:, :, None], axis=2)[:, :, 0]
        back_point[i] = point_from
        back_period[i] = np.take_along_axis(came_from, point_from, axis=2)
        beat_steps[i] = written_step[None, None] + beats
    walks = []
    for b in range(len(starts)):
        k, g = np.unravel_index(int(np.argmin(best[b])), best[b].shape)
        cost = float(best[b, k, g])
        moves = np.zeros(n)
        followed = np.full(n, starts[b])
        for i in range(n - 1, 0, -1):
            followed[i] = periods[b, k]
            g_before = back_point[i, b, k, g]
            moves[i] = beat_steps[i, b, k, g_before, g]
            k, g = back_period[i, b, k, g], g_before
        if n > 1:
            followed[0] = followed[1]
        moves[0] = written[g]
        # Positions are whole twelfths of a beat (quarters and sixths): no rounding drift.
        walks.append(_Walk(cost, np.round(np.cumsum(moves) * 12) / 12, followed))
    return walks


def _best_walk(onsets: np.ndarray, offsets: np.ndarray, division: int = 2) -> tuple[_Walk, float]:
    """The best-scoring walk over the beat periods tried; a compound beat (``division`` 3) is a
    dotted quarter, so its periods and preferred tempo are scaled by ``COMPOUND_BEAT_QUARTERS``."""
    beat_quarters = COMPOUND_BEAT_QUARTERS if division == 3 else 1.0
    starts = []
    period = FASTEST_BEAT_SECONDS * beat_quarters
    while period <= SLOWEST_BEAT_SECONDS * beat_quarters:
        starts.append(period)
        period *= PERIOD_STEP_RATIO ** START_STRIDE_STEPS
    best: _Walk | None = None
    best_score = np.inf
    for walk in _follow(onsets, offsets, np.asarray(starts), division):
        score = _walk_score(walk, len(onsets), beat_quarters, division)
        if score < best_score - 1e-9:
            best, best_score = walk, score
    assert best is not None
    return best, float(best_score)


def estimate_rhythm(onsets: list[float], offsets: list[float]) -> Rhythm:
    """Tempo, meter, pickup and written lengths of notes at ``onsets``/``offsets`` (seconds)."""
    on = np.asarray(onsets, dtype=float)
    off = np.asarray(offsets, dtype=float)
    n = len(on)
    if n == 0:
        return Rhythm(tempo=0.0, meter="4/4", pickup=0.0, positions=[], quarter_lengths=[])
    if n == 1:
        return Rhythm(tempo=60.0, meter="4/4", pickup=0.0, positions=[0.0],
                      quarter_lengths=[float(max(0.5, round(2 * (off[0] - on[0])) / 2))])
    # Swing, and simple against compound, are told by the greedy walks (``_walk``), and compound and
    # swung melodies are read from them; the notes of a straight simple melody are placed by the
    # dynamic programme (``_follow``). The programme fits noisy transcribed onsets in either family,
    # which blurred that choice, and its compound reading lost plain 6/8 takes (docs/transcription.md,
    # "Rubato").
    straight, score = _best_greedy_walk(on, swing=False)
    swung, swung_score = _best_greedy_walk(on, swing=True)
    greedy_compound, compound_score = _best_greedy_walk(on, swing=False, division=3)
    # Swung eighths cost the straight grid a sixteenth's error on every off-beat (or a tempo half
    # as fast again); the swung grid fits them, and fits straight eighths worse than the straight grid.
    offbeats = int(np.sum(~np.isclose(swung.positions, np.round(swung.positions))))
    swing = offbeats >= MIN_SWUNG_NOTES and _paired_offbeats(swung.positions) >= offbeats - 1 \
        and swung_score < score
    if swing:
        # Swung pairs and compound quarter-eighths sound alike; at the same beat both grids fit the
        # onsets at the same cost, so the tempo prior tells them (6/8 at 60 dotted quarters a minute is
        # not swing at 60, swing at 132 is not 12/8 at 132 dotted quarters), and a melody whose beats
        # are mostly long-short figures is a compound lilt: swung eighths share the beats with plain
        # quarters and longer notes.
        same_beat = (abs(float(np.median(greedy_compound.periods) / np.median(swung.periods)) - 1.0)
                     <= SHARED_EIGHTHS_TOLERANCE)
        beats = float(np.floor(swung.positions[-1]) - np.floor(swung.positions[0]) + 1)
        if same_beat and (compound_score < swung_score or offbeats >= COMPOUND_FIGURE_SHARE * beats):
            return _compound_rhythm(on, off, _placed_compound(on, off, greedy_compound))
        walk = swung
    elif _is_compound(greedy_compound, straight):
        return _compound_rhythm(on, off, _placed_compound(on, off, greedy_compound))
    else:
        walk, _ = _best_walk(on, off)
        compound, _ = _best_walk(on, off, division=3)
        if _is_clearly_compound(compound, walk):
            return _compound_rhythm(on, off, compound)
    positions = walk.positions.copy()
    lengths = _lengths(on, off, positions, walk.periods)
    # The first note need not be on a beat: shift the grid by an eighth where more of the
    # long notes then land on beats.
    positions = positions + _beat_shift(positions, lengths)
    templates = METER_TEMPLATES
    if not swing and 60.0 / float(np.median(walk.periods)) >= HALF_TEMPO_MIN_BPM \
            and _repeats_in_six_beats(positions, lengths):
        # A fast walk counting a 3/4 tune's eighths as beats: its bars are six of them. Read it at half
        # the tempo, and only in 3/4 (the repetition has said the bar is three of the slower beats).
        walk = _Walk(walk.cost, walk.positions / 2, walk.periods * 2)
        positions = walk.positions.copy()
        lengths = _lengths(on, off, positions, walk.periods)
        positions = positions + _beat_shift(positions, lengths)
        templates = {3: METER_TEMPLATES[3]}
    beats, phase = _meter(positions, lengths, templates=templates)
    if not swing and beats == 3 and len(templates) > 1 \
            and 60.0 / float(np.median(walk.periods)) >= COMPOUND_EIGHTHS_MIN_BPM:
        # Bars of three beats this fast are a melody's eighths counted as beats: six of them make a bar
        # of 6/8 (three and three) or of 3/4 (two, two and two), told by the eighth-level grouping.
        eighths = _eighth_scores(positions, ("3/4", "6/8"))
        if eighths and eighths["3/4"] > eighths["6/8"]:
            beats, phase = _meter(positions / 2, lengths / 2, templates={3: METER_TEMPLATES[3]})
            walk = _Walk(walk.cost, walk.positions / 2, walk.periods * 2)
            positions, lengths = positions / 2, lengths / 2
        else:
            # The bar's size (6/8, 9/8 or 12/8) and its downbeat are read again on the dotted quarters.
            return _compound_rhythm(on, off, _Walk(walk.cost, walk.positions / 3, walk.periods * 3))
    # The first downbeat at or after the first note; earlier notes are the pickup.
    first_downbeat = phase + beats * np.ceil((positions[0] - phase) / beats - 1e-9)
    pickup = float(first_downbeat - positions[0])
    positions = positions - first_downbeat
    # A final note that stops short of the bar line by a beat or less is held to it (singers let go early).
    end = positions[-1] + lengths[-1]
    bar_end = beats * np.ceil(end / beats - 1e-9)
    if 0 < bar_end - end <= 1.0:
        lengths[-1] = bar_end - positions[-1]
    tempo = 60.0 / float(np.median(walk.periods))
    beat_times = _beat_times(on, walk)
    return Rhythm(tempo=tempo, meter=METERS[beats], pickup=pickup, positions=[float(p) for p in positions],
                  quarter_lengths=[float(x) for x in lengths], swing=swing, beat_times=beat_times)


def _paired_offbeats(positions: np.ndarray) -> int:
    """How many off-beat notes follow a note on their own beat: swung eighths come as long-short pairs.
    A singer without a metronome puts a note late here and there, which the swung grid reads as an
    off-beat after a longer note; a melody of quarters is not swung (docs/transcription.md)."""
    beat = np.floor(positions[1:] + 1e-9)
    off = ~np.isclose(positions[1:], np.round(positions[1:]))
    return int(np.sum(off & np.isclose(positions[:-1], beat)))


def _placed_compound(on: np.ndarray, off: np.ndarray, greedy: _Walk) -> _Walk:
    """The compound walk whose positions are written, once the greedy walks have found the meter
    compound: the programme's (``_follow``), where it counts the same beat and fits the timing better.
    The greedy walk follows a change of tempo only slowly and after notes on beats, so a performer who
    rushes through a fast slip jig leaves it a sixteenth off the grid for the rest of the tune; the
    programme looks at the notes after each one."""
    programme, _ = _best_walk(on, off, division=3)
    ratio = float(np.median(programme.periods) / np.median(greedy.periods))
    if abs(ratio - 1.0) > PLACED_COMPOUND_BEAT_TOLERANCE:
        return greedy
    return programme if _timing_cost(programme, 3) < _timing_cost(greedy, 3) else greedy


def _periodicity(positions: np.ndarray, lengths: np.ndarray, lags: tuple[int, ...]) -> dict[int, float]:
    """How much the melody's rhythm repeats after each lag (beats): the correlation of the accents
    on the eighth grid (each note's length, capped, where it starts) with themselves that many beats
    later; 0 where the melody is too short to tell."""
    eighths = np.round(positions * 2).astype(int)
    on_grid = np.isclose(positions * 2, eighths)
    accent = np.zeros(int(eighths.max() - eighths.min()) + 1)
    np.add.at(accent, eighths[on_grid] - eighths.min(), np.minimum(lengths[on_grid], MAX_ACCENT_BEATS))
    out = {}
    for lag in lags:
        shift = 2 * lag
        before, after = accent[:-shift], accent[shift:]
        enough = len(accent) > shift + MIN_PERIODICITY_EIGHTHS and before.std() > 0 and after.std() > 0
        out[lag] = float(np.corrcoef(before, after)[0, 1]) if enough else 0.0
    return out


def _repeats_in_six_beats(positions: np.ndarray, lengths: np.ndarray) -> bool:
    """Whether the rhythm repeats in six of the walk's beats (and twelve, and in pairs of beats) more
    plainly than in four and eight (a bar of 4/4 or two of 2/4) or three and six (a bar of 3/4): a 3/4
    tune whose eighths the walk counted as beats (Brown's autocorrelation of onsets, 1993, at the bar
    level). Folk tunes repeat their bars' rhythm; a tune whose bars never repeat gives no answer."""
    ac = _periodicity(positions, lengths, (2, 3, 4, 6, 8, 12))
    quadruple = (ac[2] + ac[4] + ac[8]) / 3
    triple = (ac[3] + ac[6]) / 2
    triple_at_half_tempo = (ac[2] + ac[6] + ac[12]) / 3
    return triple_at_half_tempo > max(quadruple, triple) + HALF_TEMPO_REPETITION_MARGIN


def _is_compound(compound: _Walk, simple: _Walk) -> bool:
    """Whether the compound walk is the reading.

    It must fit the timing about as well as the simple walk. Where the two count the same eighths
    (the compound beat 1.5 times the simple one, as 6/8 against 3/4, or 3 times it, a simple walk
    counting eighths), they put the notes at the same times and only the grouping differs: in
    compound time the long notes start on dotted-quarter beats, in simple time on quarters. The
    bar templates of both kinds on the eighth grid decide (``_eighth_grouping``).

    Where the compound beat is about as long as the simple one, a dotted or swung figure reads
    much like a compound quarter-eighth: the compound walk must also have notes on a beat's first
    eighth (which dotted and swung figures never have) and put more of the melody's length on its
    beats than the simple walk does.
    """
    n = max(1, len(compound.positions) - 1)
    if _timing_cost(compound, 3) / n > _timing_cost(simple, 2) / n + COMPOUND_TIMING_MARGIN:
        return False
    ratio = float(np.median(compound.periods) / np.median(simple.periods))
    if any(abs(ratio / shared - 1.0) <= SHARED_EIGHTHS_TOLERANCE for shared in (1.5, 3.0)):
        scores = _eighth_scores(compound.positions * 3, tuple(EIGHTH_TEMPLATES))
        if not scores:
            return False
        simple_best = max(scores[name] for name in METERS.values())
        compound_best = max(scores[name] for name in COMPOUND_METERS.values())
        return compound_best >= MIN_COMPOUND_GROUPING and compound_best > simple_best + COMPOUND_GROUPING_MARGIN
    # The first note may be a pickup eighth or two: read the grid from where the beats fall.
    shift = max((0.0, 1 / 3, 2 / 3), key=lambda x: _on_beat_share(compound.positions + x))
    positions = compound.positions + shift
    frac = positions - np.floor(positions)
    if int(np.sum(np.isclose(frac, 1 / 3))) < MIN_COMPOUND_NOTES:
        return False
    simple_share = max(_on_beat_share(simple.positions + shift) for shift in (0.0, 0.5))
    return _on_beat_share(positions) > simple_share + COMPOUND_ON_BEAT_GAIN


def _is_clearly_compound(compound: _Walk, simple: _Walk) -> bool:
    """Whether the programme's compound walk is the reading where the greedy walks saw a simple meter:
    both programmes count the same eighths, the compound one fits the timing about as well, and the
    accents on the eighth grid show the compound grouping by a wide margin (``SECOND_LOOK_*``)."""
    n = max(1, len(compound.positions) - 1)
    ratio = float(np.median(compound.periods) / np.median(simple.periods))
    if not any(abs(ratio / shared - 1.0) <= SECOND_LOOK_EIGHTHS_TOLERANCE for shared in (1.5, 3.0)):
        return False
    if _timing_cost(compound, 3) / n > _timing_cost(simple, 2) / n + COMPOUND_TIMING_MARGIN:
        return False
    scores = _eighth_scores(compound.positions * 3, tuple(EIGHTH_TEMPLATES))
    if not scores:
        return False
    simple_best = max(scores[name] for name in METERS.values())
    compound_best = max(scores[name] for name in COMPOUND_METERS.values())
    return compound_best >= SECOND_LOOK_MIN_GROUPING and compound_best >= simple_best + SECOND_LOOK_GROUPING_MARGIN


def _eighth_grouping(eighths: np.ndarray, meters: tuple[str, ...] = tuple(EIGHTH_TEMPLATES), *,
                     beat_eighths: int = 1) -> str:
    """The meter (of ``meters``, keys of ``EIGHTH_TEMPLATES``) whose bar template best matches the
    melody's accents on the eighth grid, ``eighths`` being each note's position in eighths; with
    ``beat_eighths`` the downbeat is one of the beats already found (eighths a multiple of it)."""
    scores = _eighth_scores(eighths, meters, beat_eighths=beat_eighths)
    return max(scores, key=lambda name: scores[name]) if scores else meters[0]


def _eighth_scores(eighths: np.ndarray, meters: tuple[str, ...], *, beat_eighths: int = 1) -> dict[str, float]:
    """Each meter's best correlation (over its phases, less its priors) with the melody's accents on
    the eighth grid; empty when the accents say nothing.

    Each eighth's accent is the time to the next note (capped; the last note counts a full bar's
    worth and a beat more), so the long notes mark the beats; notes between eighths add nothing.
    Pickups and 2/4 against 4/4 (and 12/8 against 6/8) pay the same priors as in ``_meter``.
    """
    first = int(np.floor(eighths[0] + 1e-9))
    accent = np.zeros(int(np.floor(eighths[-1] + 1e-9)) - first + 1)
    cap = 2 * MAX_ACCENT_BEATS
    spans = np.append(np.minimum(np.diff(eighths), cap), cap + 2 * LAST_NOTE_ACCENT)
    for e, span in zip(eighths, spans, strict=True):
        if np.isclose(e, np.round(e)):
            accent[int(round(e)) - first] += span
    if len(accent) < 2 or accent.std() == 0:
        return {}
    index = np.arange(len(accent)) + first
    scores: dict[str, float] = {}
    for name in meters:
        template = EIGHTH_TEMPLATES[name]
        size = len(template)
        for phase in range(0, size, beat_eighths):
            pattern = np.asarray(template)[(index - phase) % size]
            score = float(np.corrcoef(accent, pattern)[0, 1])
            if (first - phase) % size != 0:
                score -= PICKUP_PRIOR
                if name in ("4/4", "12/8") and (first - phase) % (size // 2) == 0:
                    score -= HALF_BAR_PICKUP_PRIOR
            score -= {"2/4": DUPLE_OVER_QUADRUPLE, "12/8": QUADRUPLE_OVER_DUPLE_COMPOUND,
                      "9/8": TRIPLE_OVER_DUPLE_COMPOUND}.get(name, 0.0)
            scores[name] = max(scores.get(name, -np.inf), score)
    return scores


def _timing_cost(walk: _Walk, division: int) -> float:
    """The walk's cost less its off-beat penalties: a compound grid has more off-beat eighths by
    nature, which says nothing about how well it fits."""
    frac = walk.positions - np.floor(walk.positions)
    eighths = np.isclose(frac * division, np.round(frac * division)) & ~np.isclose(frac, 0.0)
    return walk.cost - OFFBEAT_PENALTY * int(np.sum(eighths))


def _on_beat_share(positions: np.ndarray) -> float:
    """The share of the melody's length (each note to the next, capped) that starts on a beat."""
    if len(positions) < 2:
        return 1.0
    length = np.minimum(np.diff(positions), MAX_ACCENT_BEATS)
    on_beat = np.isclose(positions[:-1], np.round(positions[:-1]))
    return float(np.sum(length[on_beat]) / max(1e-9, np.sum(length)))


def _compound_rhythm(on: np.ndarray, off: np.ndarray, walk: _Walk) -> Rhythm:
    """6/8, 9/8 or 12/8: two, three or four dotted-quarter beats a bar; positions and lengths are
    returned in quarters."""
    positions = walk.positions.copy()
    lengths = _lengths(on, off, positions, walk.periods, division=3)
    positions = positions + _beat_shift(positions, lengths, division=3)
    # The bar's size from the eighth-level grouping (per beat, 6/8's even second beat reads as 9/8's
    # weak one); where the downbeat falls from the beats' accents.
    meter = _eighth_grouping(positions * 3, tuple(COMPOUND_METERS.values()), beat_eighths=3)
    beats = next(b for b, name in COMPOUND_METERS.items() if name == meter)
    _, phase = _meter(positions, lengths, templates={beats: METER_TEMPLATES[beats]})
    first_downbeat = phase + beats * np.ceil((positions[0] - phase) / beats - 1e-9)
    pickup = float(first_downbeat - positions[0])
    positions = positions - first_downbeat
    end = positions[-1] + lengths[-1]
    bar_end = beats * np.ceil(end / beats - 1e-9)
    if 0 < bar_end - end <= 1.0:
        lengths[-1] = bar_end - positions[-1]
    # Thirds of a dotted quarter are eighths: round the quarters so that 1/3 * 1.5 is 0.5 exactly.
    to_quarters = COMPOUND_BEAT_QUARTERS

    def quarters(x: float) -> float:
        return round(float(x) * to_quarters * 4) / 4

    written, written_lengths = _on_sixteenths([quarters(p) for p in positions], [quarters(x) for x in lengths],
                                              legato=np.isclose(lengths[:-1], np.diff(positions)))
    return Rhythm(tempo=60.0 / float(np.median(walk.periods)) * to_quarters, meter=COMPOUND_METERS[beats],
                  pickup=quarters(pickup), positions=written, quarter_lengths=written_lengths,
                  beat_times=_beat_times(on, walk))


def _on_sixteenths(positions: list[float], lengths: list[float], *, legato: np.ndarray
                   ) -> tuple[list[float], list[float]]:
    """Positions and lengths (quarters, already rounded to sixteenths) with each note at least a sixteenth
    after the one before, and each length reaching the next note where it did before rounding (``legato``,
    one flag per note but the last) and never past it. A simple walk counting a fast 3/4's eighths as beats,
    regrouped in dotted quarters (``positions / 3``), puts a sixteenth of its beat a twelfth of a dotted
    quarter (a 32nd) from its neighbour: rounded, two notes fell on one position, the first 0 long, and the
    written bar ran a note over."""
    placed = list(positions)
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + 0.25)
    held = list(lengths)
    for i in range(len(placed) - 1):
        until_next = placed[i + 1] - placed[i]
        held[i] = until_next if legato[i] else min(max(held[i], 0.25), until_next)
    if held:
        held[-1] = max(held[-1], 0.25)
    return placed, held


def _lengths(on: np.ndarray, off: np.ndarray, positions: np.ndarray, periods: np.ndarray, *,
             division: int = 2) -> np.ndarray:
    """Written length (beats) of each note: up to the next note, or the sung length before a rest,
    rounded to the beat's eighths (``division`` a beat; a sixteenth when much shorter)."""
    n = len(on)
    out = np.zeros(n)
    for i in range(n):
        sung = (off[i] - on[i]) / periods[i]
        sung_q = (max(1 / division, round(sung * division) / division) if sung >= 0.7 / division
                  else 1 / (2 * division))
        if i + 1 < n:
            gap = (on[i + 1] - off[i]) / periods[i]
            until_next = positions[i + 1] - positions[i]
            out[i] = until_next if gap < REST_MIN_BEATS else min(until_next, sung_q)
        else:
            out[i] = sung_q
    return out


def _beat_shift(positions: np.ndarray, lengths: np.ndarray, *, division: int = 2) -> float:
    """0 or a whole number of eighths (``division`` a beat): the shift that puts more note length
    on the beats."""
    def on_beats(shift: float) -> float:
        p = positions + shift
        return float(np.sum(np.minimum(lengths, MAX_ACCENT_BEATS)[np.isclose(p, np.round(p))]))

    best = max((k / division for k in range(1, division)), key=on_beats)
    return best if on_beats(best) > on_beats(0.0) * 1.2 else 0.0


def _meter(positions: np.ndarray, lengths: np.ndarray, *,
           templates: dict[int, tuple[float, ...]] = METER_TEMPLATES) -> tuple[int, int]:
    """Beats per bar and the phase (beat index mod beats) of the downbeat: the best of ``_meter_scores``."""
    scores = _meter_scores(positions, lengths, templates=templates)
    if not scores:
        return 4, int(np.floor(positions[0])) % 4
    beats, phase = max(scores, key=lambda k: scores[k])
    return beats, phase % beats


def _meter_scores(positions: np.ndarray, lengths: np.ndarray, *,
                  templates: dict[int, tuple[float, ...]] = METER_TEMPLATES) -> dict[tuple[int, int], float]:
    """Each (beats per bar, phase of the downbeat) reading's score, priors included.

    Each beat's accent is the length of the note starting on it (capped), the last note counting
    extra (melodies end on a strong beat). Each meter's template of strong and weak beats is
    correlated with the accents at every phase; a pickup must earn ``PICKUP_PRIOR`` more than
    starting on the downbeat, and 2/4 must beat 4/4 by ``DUPLE_OVER_QUADRUPLE``.
    """
    first = int(np.floor(positions[0]))
    last = int(np.floor(positions[-1]))
    accent = np.zeros(last - first + 1)
    for i, (p, ql) in enumerate(zip(positions, lengths, strict=True)):
        if np.isclose(p, np.round(p)):
            accent[int(round(p)) - first] += min(ql, MAX_ACCENT_BEATS) + (LAST_NOTE_ACCENT if i == len(positions) - 1
                                                                          else 0.0)
        # A long note that closes a phrase ends on a bar line: the next phrase starts on the downbeat.
        end = p + ql
        if ql >= 2 and np.isclose(end, np.round(end)) and int(round(end)) - first < len(accent):
            accent[int(round(end)) - first] += PHRASE_END_ACCENT * min(ql, MAX_ACCENT_BEATS)
    beat_index = np.arange(len(accent)) + first
    scores: dict[tuple[int, int], float] = {}
    for beats, template in templates.items():
        for phase in range(beats):
            pattern = np.asarray(template)[(beat_index - phase) % beats]
            if len(accent) < 2 or accent.std() == 0 or pattern.std() == 0:
                continue
            score = float(np.corrcoef(accent, pattern)[0, 1])
            # The pickup from the first note itself: one that starts off the beat (a swung eighth before
            # beat 4) is a pickup though its beat is a downbeat.
            pickup = (phase - float(positions[0])) % beats
            if not np.isclose(pickup, 0.0) and not np.isclose(pickup, beats):
                score -= PICKUP_PRIOR
                # Half a bar of 4/4 is the same accent pattern shifted: start on the downbeat.
                if beats == 4 and np.isclose(pickup, 2.0):
                    score -= HALF_BAR_PICKUP_PRIOR
            if beats == 2 and len(templates) > 1:
                score -= DUPLE_OVER_QUADRUPLE
            scores[(beats, phase)] = score
    return scores


def _beat_times(on: np.ndarray, walk: _Walk) -> list[float]:
    """Seconds of each whole beat from the first note's, interpolated along the followed grid."""
    first, last = int(np.floor(walk.positions[0])), int(np.ceil(walk.positions[-1]))
    beats = np.arange(first, last + 1, dtype=float)
    return [round(float(t), 3) for t in np.interp(beats, walk.positions, on,
                                                 left=np.nan, right=np.nan) if np.isfinite(t)]
