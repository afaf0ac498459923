"""Finding where notes start in a take: the onset events that the follower aligns to the score.

Frames are voiced when the tracker is confident and the level stands clear of
the room tone and of the previous note's tail. Onset candidates come from
voicing starts, level rises (so repeated notes of one pitch split), legato
re-attacks and pitch steps (placed where the glide arrives), each with a
strength in [0, 1] that a faint, background-level sound loses; each is then
moved to where its sound is heard (within 10 dB of the level it reaches) and
given the pitch of its own voiced run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .pitch import HOP_SAMPLES, HOP_SECONDS, SAMPLE_RATE_HZ, PitchTrack, frame_signal

# A frame is voiced when its pitch confidence and its level above the noise floor pass these.
VOICED_CONFIDENCE = 0.5
VOICED_ABOVE_FLOOR_DB = 10.0
# Where the floor sits within 25 dB of the take's peak (room noise), a clearly periodic frame needs
# less level over it: a soft sung note stands only a few dB over broadband noise, which itself reads
# far less periodic.
CLEAR_PITCH_CONFIDENCE = 0.6
CLEAR_PITCH_ABOVE_FLOOR_DB = 3.0
# ... in runs this long, and never as a louder note's tail (a run that follows it and fades out):
# a violin's release 3-9 dB over the noise, broken by one noisy frame, read as a repeated note.
CLEAR_PITCH_MIN_FRAMES = 5
# ... nor as the start of a louder note swelling in (a run climbing this fast into it): voiced, it was
# heard mid-swell, 40 ms after the frames at its pitch that say where it began (too near for
# ``assess._hushed_starts`` to count them), and timed 80 ms late. Left to the margin, it is voiced
# where it clears that and judged from where its pitch began, as before the soft runs. A note
# swelling in from silence over 0.5 s climbs 48-51 dB/s here; the soft runs leading into a louder
# frame in sing-dev's takes at 10 dB SNR climb 7 dB/s (median), 24 (90th percentile).
SWELL_RISE_DB_PER_SECOND = 35.0
# The room tone is read from the quietest stretch this long, at most this far below the take's
# 10th-percentile level (see ``noise_floor_db``).
ROOM_TONE_SECONDS = 0.25
ROOM_TONE_BELOW_PERCENTILE_DB = 12.0
# A take trimmed to its sound (a phone memo cut tight at both ends) shows no room tone: its quietest
# frames lie within this of its loudest (real takes: 16 dB or more). Its floor is then taken this far
# under the loudest level instead of on the singing itself, which gated every note out.
NO_ROOM_TONE_RANGE_DB = 8.0
UNSEEN_FLOOR_BELOW_PEAK_DB = 20.0
MIN_GAP_FRAMES = 3
TAIL_BELOW_PEAK_DB = 22.0
LOCAL_MAX_FRAMES = 50
OCTAVE_CLEAN_HALF_FRAMES = 7
MAX_OCTAVE_SLIP_SECONDS = 0.25
OCTAVE_JUMP_TOLERANCE = 1.0
# Runs this short that jump more than BLIP_JUMP_SEMITONES away and back are tracker errors.
MAX_BLIP_SECONDS = 0.04
BLIP_JUMP_SEMITONES = 2.5
# Two notes sounding together (the last one's reverberant or sustained tail under the next) repeat
# together only every few periods, and the tracker reads that common period: a short run this far
# under the pitches before and after it, at an integer fraction of the one after, is that pitch.
MAX_SUBHARMONIC_SECONDS = 0.3
SUBHARMONIC_BELOW_SEMITONES = 11.0
SUBHARMONIC_RATIOS = (2, 3, 4)
SUBHARMONIC_TOLERANCE_SEMITONES = 0.6
SUBHARMONIC_NEIGHBOUR_FRAMES = 3  # a neighbouring run must last this long to be read as a pitch
SUBHARMONIC_SEARCH_FRAMES = 5  # and start (end) within this many frames after (before) the run
SUBHARMONIC_BRIDGE_FRAMES = 2
SUBHARMONIC_NEW_PITCH_SEMITONES = 1.0  # the runs either side differ this much: one note follows another
LEVEL_RISE_DB = 4.0
PITCH_STEP_SEMITONES = 0.6
PITCH_WINDOW_FRAMES = 5
# A slow step: a legato step glided over 100-200 ms (a room's tail blending into the new note, a
# sample's legato) never moves the 50 ms medians by PITCH_STEP_SEMITONES. The held pitch over
# SLOW_STEP_HELD_FRAMES before a frame against the one SLOW_STEP_GAP_FRAMES on, each steady, where no
# other candidate lies within SLOW_STEP_GAP_FRAMES: the step starts where the pitch leaves the first.
SLOW_STEP_SEMITONES = 0.75
SLOW_STEP_GAP_FRAMES = 12
SLOW_STEP_HELD_FRAMES = 12
SLOW_STEP_STEADY_SEMITONES = 0.2
# The new pitch sounds on this long after its held window (a phrase's last note going sharp as it ends
# is no step).
SLOW_STEP_SOUNDS_ON_FRAMES = 8
SLOW_STEP_LEAVE_FRACTION = 0.25
# ...and no candidate this long before it: a singer's overshoot settling back after a step is no note.
SLOW_STEP_CLEAR_BEFORE_FRAMES = 20
CANDIDATE_PITCH_SKIP_SECONDS = 0.05
CANDIDATE_PITCH_SPAN_SECONDS = 0.3
# A candidate this strong ends the previous candidate's pitch window.
STRONG_ONSET = 0.6
GLIDE_ARRIVAL_FRACTION = 0.7
# A voicing start that glides into its pitch (a scoop) and arrives within this long: a note matched
# at the arrival is reported where the voice started. The distance to the arrival pitch must shrink
# on this share of its frames (a short note of its own holds its pitch instead). Only the reported
# onset moves: merging the two candidates for the follower cost robustness pitch verdicts.
SCOOP_MAX_SECONDS = 0.15
SCOOP_MIN_SEMITONES = 0.5
SCOOP_APPROACHING_SHARE = 0.7
GLIDE_SEARCH_FRAMES = 10
ONSET_LEVEL_BELOW_PEAK_DB = 10.0
# The time reported for an onset: where its sound comes within this of the level it reaches.
HEARD_ONSET_BELOW_PEAK_DB = 6.0
HEARD_ONSET_MAX_SHIFT_FRAMES = 4
# A legato step is heard when the glide has all but arrived (the 70 % point aligns it).
HEARD_GLIDE_ARRIVAL_FRACTION = 0.9
ONSET_PEAK_SECONDS = 0.25
# An onset whose note peaks this far below the take's loud notes (90th percentile) starts to weaken,
# down to QUIET_ONSET_FACTOR over the next QUIET_ONSET_SPAN_DB.
QUIET_ONSET_FREE_DB = 12.0
QUIET_ONSET_SPAN_DB = 12.0
QUIET_ONSET_FACTOR = 0.2
# A legato re-attack: a level valley this deep (dB) below the peaks in the 80 ms before and the
# 150 ms after (a bowed re-attack swells slowly), with a pitch-confidence dip.
VALLEY_HALF_FRAMES = 8
VALLEY_AFTER_FRAMES = 15
VALLEY_MIN_DB = 3.0
VALLEY_MIN_RISE_DB = 1.5
CONFIDENCE_DIP = 0.05
# A swell in a held note (no attack noise) followed this soon by this deep a fall is the
# release of that note, not a new one.
RELEASE_WITHIN_SECONDS = 0.2
RELEASE_FALL_DB = 12.0
# A re-articulation heard as a change of timbre: the spectral envelope (TIMBRE_BANDS log-spaced bands,
# TIMBRE_FFT samples, compared TIMBRE_LAG_FRAMES either side) changing this many times faster than is
# typical of the take's voiced frames, at a local peak, the pitch held for TIMBRE_HELD_FRAMES either side.
TIMBRE_FFT = 512
TIMBRE_BANDS = 24
TIMBRE_LOW_HZ = 100.0
TIMBRE_HIGH_HZ = 5000.0
TIMBRE_LAG_FRAMES = 3
TIMBRE_PEAK_RATIO = 1.5
TIMBRE_PEAK_HALF_FRAMES = 5
TIMBRE_HELD_FRAMES = 10
TIMBRE_CLEAR_FRAMES = 6
TIMBRE_MAX_FALL_DB = 1.0
TIMBRE_SMOOTH_FRAMES = 5
TIMBRE_ONSET_STRENGTH = 0.4
# A repeated note of one pitch in a room: the player's short break leaves a level valley this deep
# under the 80 ms before, rising again VALLEY_MIN_RISE_DB, but the room's tail keeps the pitch and its
# confidence, so no confidence dip marks it. Such a valley, the pitch the same on both sides
# (REPEAT_HELD_FRAMES either side), is a weak candidate that can only repeat that pitch.
REPEAT_VALLEY_MIN_DB = 4.0
REPEAT_HELD_FRAMES = 8
# Such a candidate (or a timbre change) reading a pitch this far from the one sounding before it
# (``_pitch_before``) changes the note: the room's tail held the old pitch over the valley's far side.
RECOLOURED_MOVED_SEMITONES = 0.75


@dataclass
class Candidates:
    """Onset candidates, shapes (J,): frame index, time (s), strength in [0, 1], pitch (MIDI, NaN if
    none) after it, whether it is a swell in a note's release rather than an attack, and whether
    the sounding pitch may change there (a voicing start or a clear pitch step, not a level rise)."""

    frames: np.ndarray
    times: np.ndarray
    strength: np.ndarray
    midi: np.ndarray
    release: np.ndarray | None = None  # (J,) bool: a release swell, not an attack
    boundary: np.ndarray | None = None  # (J,) bool: a voicing start or a pitch step
    peak_db: np.ndarray | None = None  # (J,) its loudest frame before the next candidate, dBFS
    heard_times: np.ndarray | None = None  # (J,) when the note is heard (s): the onset reported and judged
    scoop_from: np.ndarray | None = None  # (J,) int: the voicing start that scoops into this step, or -1
    recoloured: np.ndarray | None = None  # (J,) bool: heard only as a change of timbre in a held pitch
    began_times: np.ndarray | None = None  # (J,) where a note found under the last one's sound began (s), or NaN


def noise_floor_db(level_db: np.ndarray) -> float:
    """Room-tone level (dBFS): the quietest ``ROOM_TONE_SECONDS`` stretch of the take, where it lies
    below the 10th percentile of frame levels, but at most ``ROOM_TONE_BELOW_PERCENTILE_DB`` below
    it, and never below digital silence.

    In a dense, reverberant take the percentile falls on the reverb between notes, not the room,
    and a soft, clearly pitched note under it was thrown away; a lead-in or a breath between
    phrases still shows the room. The bound keeps a moment of digital silence (a recorder's start,
    a phone's noise gate) from opening the gate to every faint periodic sound. A take with no
    quieter moment at all shows no room tone (``NO_ROOM_TONE_RANGE_DB``).
    """
    percentile = float(np.percentile(level_db, 10))
    floor = percentile
    width = int(round(ROOM_TONE_SECONDS / HOP_SECONDS))
    if len(level_db) >= 2 * width:
        stretches = np.lib.stride_tricks.sliding_window_view(level_db, width).mean(axis=1)
        floor = max(min(percentile, float(stretches.min())), percentile - ROOM_TONE_BELOW_PERCENTILE_DB)
    peak = float(np.percentile(level_db, 99))
    if peak - floor < NO_ROOM_TONE_RANGE_DB:
        floor = peak - UNSEEN_FLOOR_BELOW_PEAK_DB
    return max(floor, -90.0)


def voiced_frames(track: PitchTrack, samples: np.ndarray | None = None) -> np.ndarray:
    """Frames with a confident pitch clearly above the room tone; shape (n_frames,) bool.

    ``samples`` (the take at ``SAMPLE_RATE_HZ``), when given, lets a soft note under the tail gate
    through where its spectrum shows partials the loud note before it lacks (see
    ``_new_partials_under_tails``).
    """
    floor = noise_floor_db(track.level_db)
    peak = float(np.percentile(track.level_db, 99))
    # On a very quiet take the floor margin must not exceed the take's own dynamic range.
    margin = min(VOICED_ABOVE_FLOOR_DB, max(3.0, 0.4 * (peak - floor)))
    # Release tails and room reverb keep a pitch long after a note stops; a frame far below
    # the loudest level of the surrounding second is a tail, not a note.
    local_max = _running_max(track.level_db, LOCAL_MAX_FRAMES)
    noisy_floor = margin < VOICED_ABOVE_FLOOR_DB
    clear_pitch = (
        noisy_floor
        & (track.confidence >= CLEAR_PITCH_CONFIDENCE)
        & (track.level_db > floor + CLEAR_PITCH_ABOVE_FLOOR_DB)
    )
    pitched = (track.confidence >= VOICED_CONFIDENCE) & np.isfinite(track.f0_hz)
    over_margin = pitched & (track.level_db > floor + margin)
    heard = over_margin | _soft_runs(pitched & clear_pitch & ~over_margin, over_margin, track.level_db)
    voiced = heard & (track.level_db > local_max - TAIL_BELOW_PEAK_DB)
    if samples is not None:
        voiced |= _new_partials_under_tails(track, samples, heard, local_max)
    return voiced


def _soft_runs(clear: np.ndarray, loud: np.ndarray, level_db: np.ndarray) -> np.ndarray:
    """Runs of ``clear`` at least ``CLEAR_PITCH_MIN_FRAMES`` long, but for those that start where a
    ``loud`` run ends and do not lead into another (a loud note's tail), and those that climb into
    one at ``SWELL_RISE_DB_PER_SECOND`` or more (a loud note swelling in). Shapes (n_frames,):
    ``clear`` and ``loud`` bool, ``level_db`` dBFS; returns bool."""
    edges = np.diff(np.concatenate([[0], clear.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    out = np.zeros_like(clear)
    for a, b in zip(starts, ends, strict=True):
        if b - a < CLEAR_PITCH_MIN_FRAMES:
            continue
        after_loud = a > 0 and loud[a - 1]
        into_loud = b < len(loud) and loud[b]
        if into_loud and _level_slope_db_per_second(level_db[a:b]) >= SWELL_RISE_DB_PER_SECOND:
            continue
        if into_loud or not after_loud:
            out[a:b] = True
    return out


def _level_slope_db_per_second(level_db: np.ndarray) -> float:
    """Least-squares slope of a stretch of frame levels (dBFS, shape (n,), n >= 2), in dB per second."""
    frames = np.arange(len(level_db))
    return float(np.polyfit(frames, level_db, 1)[0]) / HOP_SECONDS


# A soft note under the tail gate: a run of heard frames at most SOFT_NOTE_OVER_GATE_DB over the gate
# (a soft note wavers across it) and at most SOFT_NOTE_BELOW_PEAK_DB under the local peak, split where
# its own pitch steps, at least SOFT_NOTE_MIN_FRAMES long, is a new note when its spectrum holds partials
# the loud note before it lacks: bins within SOFT_NOTE_PARTIAL_DB of the run's strongest that stand
# SOFT_NOTE_NEW_DB over the loud note's spectrum (widened by SOFT_NOTE_SPREAD_BINS either side, for its
# vibrato), SOFT_NOTE_NEW_SHARE of the run's partial energy. The loud note is read over its frames
# within SOFT_NOTE_LOUD_DB of its peak, never by its pitch: the tracker can read a loud low note a
# third up, and its tail, read right, would look like a new pitch.
SOFT_NOTE_OVER_GATE_DB = 4.0
SOFT_NOTE_BELOW_PEAK_DB = 32.0
SOFT_NOTE_MIN_FRAMES = 5
SOFT_NOTE_FFT = 2048
SOFT_NOTE_LOW_HZ = 60.0
SOFT_NOTE_HIGH_HZ = 4000.0
SOFT_NOTE_PARTIAL_DB = 25.0
SOFT_NOTE_NEW_DB = 10.0
SOFT_NOTE_SPREAD_BINS = 1
SOFT_NOTE_AROUND_LOBES = 3.0
SOFT_NOTE_REF_PARTIAL_DB = 10.0
SOFT_NOTE_NEW_SHARE = 0.35
SOFT_NOTE_LOUD_DB = 6.0
SOFT_NOTE_END_FRAMES = 2


def _new_partials_under_tails(track: PitchTrack, samples: np.ndarray, heard: np.ndarray,
                              local_max: np.ndarray) -> np.ndarray:
    """Frames the tail gate dropped that belong to a new, soft note; shape (n_frames,) bool.

    ``heard`` (n_frames,) marks confident frames above the room tone; ``local_max`` the loudest
    level of the surrounding second. A tail sounds the loud note's partials, fading; a new note
    sounds its own. Inside a kept run, frames ``TAIL_BELOW_PEAK_DB`` under the run's own loudest
    stay out: the soft note's own tail.
    """

    level = track.level_db
    out = np.zeros(len(level), dtype=bool)
    midi = track.midi
    for a, b in soft_runs_under_the_gate(track, heard, local_max):
        if a > 0 and heard[a - 1] and abs(float(midi[a - 1] - midi[a])) < PITCH_STEP_SEMITONES:
            continue  # a louder stretch at this pitch fading under the gate: that note's own decay
        if new_partials_share(samples, level, a, b) >= SOFT_NOTE_NEW_SHARE:
            own_max = _running_max(level[a:b], LOCAL_MAX_FRAMES)
            out[a:b] = level[a:b] > own_max - TAIL_BELOW_PEAK_DB
    return out & heard


def _running_max(x: np.ndarray, half: int) -> np.ndarray:
    from scipy.ndimage import maximum_filter1d

    return maximum_filter1d(x, size=2 * half + 1, mode="nearest")


def clean_octaves(midi: np.ndarray) -> np.ndarray:
    """Fold short octave slips back onto the surrounding pitch; shape (n_frames,), NaN kept.

    The reference is the median of the voiced frames within ±70 ms, so a run of
    a few frames an octave off (attacks, weak fundamentals) is corrected while a
    real octave leap wins once the new note has lasted a few frames.
    """
    n = len(midi)
    half = OCTAVE_CLEAN_HALF_FRAMES
    pad = np.concatenate([np.full(half, np.nan), midi, np.full(half, np.nan)])
    win = np.lib.stride_tricks.sliding_window_view(pad, 2 * half + 1)[:n]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ref = np.nanmedian(win, axis=1)
    d = midi - ref
    octaves = np.round(d / 12.0)
    slip = np.isfinite(d) & (octaves != 0) & (np.abs(d - 12.0 * octaves) < 1.0)
    out = midi.copy()
    out[slip] = midi[slip] - 12.0 * octaves[slip]
    return _lift_subharmonic_runs(_fold_octave_runs(out))


def _fold_octave_runs(midi: np.ndarray) -> np.ndarray:
    """Repair short runs that jump away from the surrounding pitch and jump back. Shape (n_frames,).

    A run of up to ``MAX_OCTAVE_SLIP_SECONDS`` an octave off is a tracker slip or a voice break
    (period doubling): folded back. A run of up to ``MAX_BLIP_SECONDS`` at another interval (the
    tracker locked onto a formant, 2/3 or 17/16 of the period) is no pitch at all: set to NaN.
    Neither is a sung note, which glides or breaks voicing into a leap and then stays.
    """
    out = midi.copy()
    n = len(out)
    finite = np.isfinite(out)
    if finite.sum() < 3:
        return out
    longest = int(round(MAX_OCTAVE_SLIP_SECONDS / HOP_SECONDS))
    blip = int(round(MAX_BLIP_SECONDS / HOP_SECONDS))
    # Sub-runs of consecutive voiced frames, split where the pitch jumps.
    jump = np.zeros(n, dtype=bool)
    with np.errstate(invalid="ignore"):
        jump[1:] = (np.abs(np.diff(out)) > BLIP_JUMP_SEMITONES) & finite[1:] & finite[:-1]
    starts = np.flatnonzero((finite & ~np.concatenate([[False], finite[:-1]])) | jump)
    for a in starts:
        b = a + 1
        while b < n and finite[b] and not jump[b]:
            b += 1
        if b - a > longest or not jump[a] or b >= n or not jump[b]:
            continue  # too long, or not bounded by jumps on both sides
        before, after = out[a - 1], out[b]
        if abs(after - before) > OCTAVE_JUMP_TOLERANCE:
            continue  # the pitch moves on: a note, not a slip
        shift = 12.0 * np.round((before - out[a]) / 12.0)
        if shift and abs(before - (out[a] + shift)) < OCTAVE_JUMP_TOLERANCE:
            out[a:b] += shift
        elif b - a <= blip:
            out[a:b] = np.nan
    return out


def _pitch_runs(midi: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frame ranges of consecutive finite frames, split where the pitch jumps more
    than ``BLIP_JUMP_SEMITONES`` from one frame to the next."""
    n = len(midi)
    finite = np.isfinite(midi)
    jump = np.zeros(n, dtype=bool)
    with np.errstate(invalid="ignore"):
        jump[1:] = (np.abs(np.diff(midi)) > BLIP_JUMP_SEMITONES) & finite[1:] & finite[:-1]
    starts = np.flatnonzero((finite & ~np.concatenate([[False], finite[:-1]])) | jump)
    runs = []
    for a in starts:
        b = a + 1
        while b < n and finite[b] and not jump[b]:
            b += 1
        runs.append((int(a), int(b)))
    return runs


def _lift_subharmonic_runs(midi: np.ndarray) -> np.ndarray:
    """Re-read short runs at a common period of two overlapping notes; shape (n_frames,), NaN kept.

    Where a note starts over the previous note's tail (a room's reverberation, a piano's sustain,
    a legato string crossing) the mixture repeats only every few periods: a fourth down repeats
    every 3 periods of the new note (4 of the old one), so the tracker reads 19 semitones under
    the new note for as long as the tail lasts. A run of up to ``MAX_SUBHARMONIC_SECONDS`` between
    two other pitches (a note change, not a slip inside one note), more than
    ``SUBHARMONIC_BELOW_SEMITONES`` under both, that lies 12, 19 or 24 semitones under the pitch
    that follows, is moved up onto it: a mixture begins only once the new note sounds.

    A run at a voicing start, or between two runs at one pitch, is left alone: real voices lock
    onto a harmonic for a while, and there the lower run is the note.
    """
    out = midi.copy()
    runs: list[tuple[int, int]] = []
    for a, b in _pitch_runs(out):
        # A frame or two the cleaning left out (a blip) does not end a run at one pitch.
        if runs and a - runs[-1][1] <= SUBHARMONIC_BRIDGE_FRAMES and abs(
                float(out[a]) - float(out[runs[-1][1] - 1])) <= BLIP_JUMP_SEMITONES:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    longest = int(round(MAX_SUBHARMONIC_SECONDS / HOP_SECONDS))
    held = SUBHARMONIC_NEIGHBOUR_FRAMES
    search = SUBHARMONIC_SEARCH_FRAMES
    shifts = [12.0 * np.log2(k) for k in SUBHARMONIC_RATIOS]
    for i, (a, b) in enumerate(runs):
        if b - a > longest:
            continue
        after = before = None
        for c, d in runs[i + 1 :]:
            if c - b > search:
                break
            if d - c >= held:
                after = float(np.nanmedian(out[c : c + held]))
                break
        for c, d in reversed(runs[:i]):
            if a - d > search:
                break
            if d - c >= held:
                before = float(np.nanmedian(out[d - held : d]))
                break
        if after is None or before is None or abs(after - before) < SUBHARMONIC_NEW_PITCH_SEMITONES:
            continue
        level = float(np.nanmedian(out[a:b]))
        if level > min(after, before) - SUBHARMONIC_BELOW_SEMITONES:
            continue
        lift = next((sh for sh in shifts if abs(level + sh - after) < SUBHARMONIC_TOLERANCE_SEMITONES), None)
        if lift is not None:
            out[a:b] += lift
    return out


def fill_gaps(voiced: np.ndarray, max_gap: int) -> np.ndarray:
    out = voiced.copy()
    idx = np.flatnonzero(voiced)
    if len(idx) < 2:
        return out
    gaps = np.diff(idx)
    for start, g in zip(idx[:-1], gaps, strict=True):
        if 1 < g <= max_gap:
            out[start + 1 : start + g] = True
    return out


def find_candidates(track: PitchTrack, midi: np.ndarray, voiced: np.ndarray,
                    samples: np.ndarray | None = None) -> Candidates:
    """Onset candidates from voicing starts, level rises and pitch steps.

    ``midi`` shape (n_frames,) is the (octave-corrected) pitch per frame, NaN where unvoiced.
    ``samples`` (the take at ``SAMPLE_RATE_HZ``), when given, adds re-articulations of a held
    pitch heard only as a change of timbre (a sung consonant between two notes of one pitch).
    """
    n = len(voiced)
    solid = fill_gaps(voiced, 2)
    strength = np.zeros(n)
    # Where the sounding pitch itself may change: voicing starts and pitch steps (not level rises).
    boundary = np.zeros(n, dtype=bool)
    arrived: dict[int, int] = {}  # a legato step's frame: where its glide has all but arrived
    voice_start = np.zeros(n, dtype=bool)
    pitch_step = np.zeros(n, dtype=bool)
    # Voicing starts after a real gap.
    starts = np.flatnonzero(solid[1:] & ~solid[:-1]) + 1
    if solid[0]:
        starts = np.concatenate([[0], starts])
    for s in starts:
        gap = 0
        while s - gap - 1 >= 0 and not solid[s - gap - 1] and gap < 10:
            gap += 1
        strength[s] = max(strength[s], 0.6 + 0.04 * min(gap, 10) if gap >= MIN_GAP_FRAMES or s == 0 else 0.5)
        boundary[s] = True
        voice_start[s] = True
    # Level rises: the frame level against its minimum over the previous 60 ms.
    level = track.level_db
    k = 6
    padded = np.concatenate([np.full(k, level[0]), level])
    past_min = np.min(np.lib.stride_tricks.sliding_window_view(padded[:-1], k), axis=1)[: n]
    ahead = np.concatenate([level[2:], np.full(2, level[-1])])
    rise = ahead - past_min
    is_peak = (rise >= LEVEL_RISE_DB) & (rise >= np.roll(rise, 1)) & (rise > np.roll(rise, -1))
    for peak in np.flatnonzero(is_peak):
        i = int(peak)
        if solid[min(i + 3, n - 1)]:
            # The note starts where the level leaves its valley, not where the rise is steepest.
            lo = max(0, i - k)
            seg = level[lo : i + 3]
            # The last frame still near the valley floor: in a flat noise floor argmin alone wanders.
            onset = lo + int(np.flatnonzero(seg <= seg.min() + 1.5)[-1])
            onset = min(onset + 1, n - 1)
            strength[onset] = max(strength[onset], min(1.0, 0.3 + (rise[i] - LEVEL_RISE_DB) / 10.0))
    _add_rearticulations(strength, level, track.confidence, solid)
    if samples is not None:
        recolour = _timbre_changes(samples, strength, level, midi, solid)
        strength[recolour] = TIMBRE_ONSET_STRENGTH
    else:
        recolour = np.zeros(n, dtype=bool)
    repeat = _repeat_valleys(strength, level, midi, solid)
    strength[repeat] = TIMBRE_ONSET_STRENGTH
    recolour |= repeat
    # Pitch steps: medians of the 50 ms before and after differ by more than half a semitone.
    w = PITCH_WINDOW_FRAMES
    m = np.where(solid, midi, np.nan)
    if n > 2 * w + 2:
        pad = np.concatenate([np.full(w, np.nan), m, np.full(w, np.nan)])
        win = np.lib.stride_tricks.sliding_window_view(pad, w)
        with np.errstate(all="ignore"):
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                before = np.nanmedian(win[:n], axis=1)
                after = np.nanmedian(win[w + 1 : w + 1 + n], axis=1)
        step = np.abs(after - before)
        step = np.nan_to_num(step)
        is_step = (step >= PITCH_STEP_SEMITONES) & (step >= np.roll(step, 1)) & (step > np.roll(step, -1))
        for st in np.flatnonzero(is_step):
            i = _glide_arrival(m, int(st), float(before[st]), float(after[st]))
            new_strength = min(1.0, 0.35 + 0.25 * min(step[int(st)], 2.0))
            if new_strength > strength[i]:
                arrived[i] = _glide_arrival(m, int(st), float(before[st]), float(after[st]),
                                            fraction=HEARD_GLIDE_ARRIVAL_FRACTION)
            strength[i] = max(strength[i], new_strength)
            boundary[i] |= strength[i] >= STRONG_ONSET
            pitch_step[i] = True
    for i in _slow_steps(m, strength):
        strength[i] = STRONG_ONSET
        boundary[i] = True
        pitch_step[i] = True
    # Merge candidates closer than 50 ms into one onset.
    idx = [int(x) for x in np.flatnonzero(strength > 0)]
    frames: list[int] = []
    strengths: list[float] = []
    bounds: list[bool] = []
    started: list[bool] = []
    recoloured: list[bool] = []  # only a timbre change marks it (no other detector)
    scoop_from: list[int] = []  # the voicing start whose scoop arrives at this pitch step, or -1
    for i in idx:
        if frames and i - frames[-1] < 5:
            # One onset seen by several detectors: keep the time of the most confident one.
            if strength[i] > strengths[-1]:
                frames[-1] = int(i)
                strengths[-1] = float(strength[i])
            bounds[-1] = bounds[-1] or bool(boundary[i])
            started[-1] = started[-1] or bool(voice_start[i])
            recoloured[-1] = recoloured[-1] and bool(recolour[i])
            continue
        scooped = (bool(frames) and started[-1] and bool(pitch_step[i]) and not voice_start[i]
                   and _is_scoop(m, frames[-1], i, solid))
        scoop_from.append(len(frames) - 1 if scooped else -1)
        frames.append(int(i))
        strengths.append(float(strength[i]))
        bounds.append(bool(boundary[i]))
        started.append(bool(voice_start[i]))
        recoloured.append(bool(recolour[i]))
    starts_at = np.asarray(frames, dtype=int)  # where each candidate's sound first appears
    fr = _perceived_onsets(starts_at, level)
    cand_midi = np.full(len(fr), np.nan)
    skip = int(round(CANDIDATE_PITCH_SKIP_SECONDS / HOP_SECONDS))
    span = int(round(CANDIDATE_PITCH_SPAN_SECONDS / HOP_SECONDS))
    ends_window = np.asarray(bounds, dtype=bool)
    for j, f in enumerate(fr):
        end = f + skip + span
        # Only a voicing start or a clear pitch step ends the pitch window: a level rise inside a
        # note (a crescendo, the vowel after a consonant, a repeated note) leaves the pitch alone.
        nxt = [int(q) for q in starts_at[j + 1 :][ends_window[j + 1 :]][:1]]
        if nxt:
            end = min(end, max(nxt[0], f + skip + 3))
        seg = m[f + skip : end]
        seg = seg[np.isfinite(seg)]
        if len(seg) >= 2:
            cand_midi[j] = float(np.median(seg))
    # A valley or a change of timbre whose own pitch has moved from the one sounding before it is a
    # note change (a legato step whose glide left no pitch step of its own), not a held pitch struck again.
    recoloured_arr = np.asarray(recoloured, dtype=bool)
    for q in (int(x) for x in np.flatnonzero(recoloured_arr)):
        before_pitch = _pitch_before(m, int(starts_at[q]))
        if np.isfinite(cand_midi[q]) and np.isfinite(before_pitch) and abs(cand_midi[q] - before_pitch) >= RECOLOURED_MOVED_SEMITONES:
            recoloured_arr[q] = False
    release = _release_bumps(fr, level, track.confidence, solid)
    peaks = _peak_levels(fr, level)
    strength_arr = np.asarray(strengths) * _loudness_factor(peaks, level, solid)
    heard = _heard_onsets(fr, level)
    glided = [arrived.get(int(f), -1) for f in starts_at]
    heard = np.where(np.asarray(glided) > heard, np.asarray(glided), heard)
    # Where a note found under the last one's sound began (timing.timing_errors reads both).
    began = (own_partials_starts(samples, starts_at, fr, cand_midi, m, ends_window) if samples is not None
             else np.full(len(fr), -1))
    began_times = np.where((began >= 0) & (began < heard), began * HOP_SECONDS, np.nan)
    return Candidates(fr, fr * HOP_SECONDS, strength_arr, cand_midi, release, ends_window, peaks,
                      heard * HOP_SECONDS, np.asarray(scoop_from, dtype=int),
                      recoloured_arr, began_times)


def _peak_levels(frames: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Each candidate's own loudest frame (dBFS), up to the next candidate and at most
    ``CANDIDATE_PITCH_SPAN_SECONDS`` on; shape (J,). A tail that flickers back into voicing just
    before the next note must not borrow that note's level."""
    ahead = int(round(CANDIDATE_PITCH_SPAN_SECONDS / HOP_SECONDS))
    ends = np.minimum(np.append(frames[1:], len(level)), frames + ahead)
    return np.array([float(level[f : max(e, f + 1)].max()) for f, e in zip(frames, ends, strict=True)])


def _loudness_factor(peaks: np.ndarray, level: np.ndarray, solid: np.ndarray) -> np.ndarray:
    """How much each candidate (its peak level, dBFS, shape (J,)) sounds like one of the take's
    notes, in [``QUIET_ONSET_FACTOR``, 1]: a sound far softer than the take's notes (speech in the
    background, a reference tone from a loudspeaker, a neighbour's instrument) is a weak onset."""
    if not solid.any() or len(peaks) == 0:
        return np.ones(len(peaks))
    typical = float(np.percentile(level[solid], 90))
    factor = 1.0 - (typical - peaks - QUIET_ONSET_FREE_DB) / QUIET_ONSET_SPAN_DB
    return np.clip(factor, QUIET_ONSET_FACTOR, 1.0)


def _perceived_onsets(frames: np.ndarray, level: np.ndarray, *,
                      below_peak_db: float = ONSET_LEVEL_BELOW_PEAK_DB) -> np.ndarray:
    """Move each onset (frame indices, shape (J,), increasing) to where its sound comes within
    ``ONSET_LEVEL_BELOW_PEAK_DB`` of the level it reaches in the next ``ONSET_PEAK_SECONDS``.

    A note is heard to start when its sound arrives, not at the first faint breath or consonant
    murmur that a pitch tracker already calls voiced. Never moves past the next onset.
    """
    if len(frames) == 0:
        return frames
    ahead = int(round(ONSET_PEAK_SECONDS / HOP_SECONDS))
    out = frames.copy()
    for j, f in enumerate(frames):
        end = min(len(level), f + ahead)
        if j + 1 < len(frames):
            end = min(end, int(frames[j + 1]))
        seg = level[f:end]
        if len(seg) < 2:
            continue
        out[j] = f + int(np.argmax(seg >= seg.max() - below_peak_db))
    return out


def _heard_onsets(frames: np.ndarray, level: np.ndarray) -> np.ndarray:
    """When each onset (frame indices, shape (J,)) is heard: where a fast attack comes within
    ``HEARD_ONSET_BELOW_PEAK_DB`` of the level it reaches; shape (J,).

    The level is a 30 ms window centred on its frame, so the 10 dB point of a sung attack sits
    in the consonant or the window's lead, before the vowel a listener hears as the note. A
    slow swell (a bowed note, a crescendo) that needs longer than
    ``HEARD_ONSET_MAX_SHIFT_FRAMES`` to get there is heard where it starts, and stays.
    """
    heard = _perceived_onsets(frames, level, below_peak_db=HEARD_ONSET_BELOW_PEAK_DB)
    return np.where(heard - frames <= HEARD_ONSET_MAX_SHIFT_FRAMES, heard, frames)


def _is_scoop(midi: np.ndarray, start: int, arrival: int, solid: np.ndarray) -> bool:
    """Whether the pitch (MIDI per frame, NaN unvoiced) from a voicing start at frame ``start`` glides
    without a break into the pitch held from frame ``arrival``: a scoop, not a short note of its own."""
    voiced_from = np.flatnonzero(solid[start:arrival])
    if len(voiced_from) == 0:
        return False
    start += int(voiced_from[0])  # a level rise may come a few frames before the voicing
    if arrival - start > SCOOP_MAX_SECONDS / HOP_SECONDS or not solid[start:arrival].all():
        return False
    held = midi[arrival : arrival + 10]
    held = held[np.isfinite(held)]
    glide = midi[start:arrival + 1]
    glide = glide[np.isfinite(glide)]
    if len(held) < 3 or len(glide) < 3:
        return False
    distance = np.abs(glide - float(np.median(held)))
    approaching = np.diff(distance) < -0.02  # a held pitch (a short note of its own) does not approach
    return bool(distance[0] >= SCOOP_MIN_SEMITONES and approaching.mean() >= SCOOP_APPROACHING_SHARE)


def _slow_steps(m: np.ndarray, strength: np.ndarray) -> list[int]:
    """Frames where a slow legato step begins (see ``SLOW_STEP_SEMITONES``), none near a candidate."""
    n, h, g = len(m), SLOW_STEP_HELD_FRAMES, SLOW_STEP_GAP_FRAMES
    if n < 2 * h + g + 2:
        return []
    import warnings

    win = np.lib.stride_tricks.sliding_window_view(m, h)  # win[i] = m[i : i + h]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        med = np.nanmedian(win, axis=1)
        lo, hi = np.nanmin(win, axis=1), np.nanmax(win, axis=1)
        full = np.sum(np.isfinite(win), axis=1) == h
    steady = full & (hi - lo <= 2 * SLOW_STEP_STEADY_SEMITONES)
    # step[i]: the held pitch over m[i - h : i] against m[i + g : i + g + h]
    step = np.zeros(n)
    i_all = np.arange(h, n - g - h + 1)
    ok = steady[i_all - h] & steady[i_all + g] & full[np.minimum(i_all + g + SLOW_STEP_SOUNDS_ON_FRAMES, len(full) - 1)]
    step[i_all[ok]] = np.abs(med[i_all[ok] + g] - med[i_all[ok] - h])
    has = np.flatnonzero(strength > 0)
    out: list[int] = []
    i = h
    while i < n - g - h + 1:
        if step[i] < SLOW_STEP_SEMITONES:
            i += 1
            continue
        # The largest step in this run of frames, then where the pitch starts to leave.
        j = i
        while j + 1 < n and step[j + 1] >= SLOW_STEP_SEMITONES:
            j += 1
        top = i + int(np.argmax(step[i : j + 1]))
        before, after = float(med[top - h]), float(med[top + g])
        threshold = before + SLOW_STEP_LEAVE_FRACTION * (after - before)
        with np.errstate(invalid="ignore"):
            left = np.flatnonzero(np.sign(after - before) * (m[top : top + g] - threshold) >= 0)
        at = top + int(left[0]) if len(left) else top
        near = has[(has >= at - SLOW_STEP_CLEAR_BEFORE_FRAMES) & (has <= at + g)]
        if not len(near):
            out.append(at)
        i = j + 1
    return out


def _glide_arrival(midi: np.ndarray, step: int, before: float, after: float, *,
                   fraction: float = GLIDE_ARRIVAL_FRACTION) -> int:
    """Where a legato glide from ``before`` to ``after`` (MIDI) arrives: the first frame near ``step``
    that has covered ``GLIDE_ARRIVAL_FRACTION`` of the interval and stays there for three frames.

    A listener hears the new note when its pitch is reached, not halfway through the slide.
    """
    n = len(midi)
    lo, hi = max(0, step - GLIDE_SEARCH_FRAMES), min(n, step + GLIDE_SEARCH_FRAMES + 3)
    threshold = before + fraction * (after - before)
    with np.errstate(invalid="ignore"):
        crossed = np.sign(after - before) * (midi[lo:hi] - threshold) >= 0
    for i in range(len(crossed) - 2):
        if crossed[i] and crossed[i + 1] and crossed[i + 2]:
            return lo + i
    return step


def _release_bumps(frames: np.ndarray, level: np.ndarray, conf: np.ndarray, solid: np.ndarray) -> np.ndarray:
    """Which candidates (frame indices, shape (J,)) are a release swell, not an attack.

    A level rise inside a sounding note (no voicing gap before it) that keeps full
    periodicity (no attack noise) and is followed within ``RELEASE_WITHIN_SECONDS``
    by a fall of ``RELEASE_FALL_DB`` is the last wobble of a held note's release:
    a target note that was not played must not be matched to it. (Swells in the
    middle of a held note are not flagged: legato re-attacks on a bowed string can
    look the same; they stay weak candidates.)
    """
    n = len(level)
    within = int(round(RELEASE_WITHIN_SECONDS / HOP_SECONDS))
    out = np.zeros(len(frames), dtype=bool)
    for j, frame in enumerate(frames):
        f = int(frame)
        if f < 6 or f + 6 >= n or not solid[f - 3 : f].all():
            continue
        lo, hi = max(0, f - 4), min(n, f + 5)
        noisy = conf[lo:hi].min() < float(np.median(conf[max(0, f - 20) : f + 20])) - CONFIDENCE_DIP
        if noisy:
            continue
        peak = float(level[f : f + 6].max())
        later = level[f + within - 5 : f + within + 1]
        fall = peak - float(later.max()) if len(later) else 0.0
        out[j] = fall >= RELEASE_FALL_DB
    return out


def _add_rearticulations(strength: np.ndarray, level: np.ndarray, conf: np.ndarray, solid: np.ndarray) -> None:
    """Mark legato re-attacks of one pitch (a bow change, a tongued repeat) in ``strength`` in place.

    Such an onset leaves no voicing gap and often no steep level rise: the level
    dips into a valley and, unlike a vibrato's amplitude wobble, the sound loses
    periodicity for a moment (noise of the new attack). A candidate needs both: a
    valley at least ``VALLEY_MIN_DB`` below the peak of the 80 ms before it and
    ``VALLEY_MIN_RISE_DB`` below that of the 150 ms after it, and a pitch-confidence dip of ``CONFIDENCE_DIP`` below the
    surrounding median. The onset is placed at the valley floor. Shapes (n_frames,).
    """
    from scipy.ndimage import maximum_filter1d, median_filter, minimum_filter1d

    n = len(level)
    h = VALLEY_HALF_FRAMES
    if n < 4 * h:
        return
    ha = VALLEY_AFTER_FRAMES
    before = maximum_filter1d(level, size=h + 1, origin=h // 2)  # max over [i-h, i]
    after = maximum_filter1d(level, size=ha + 1, origin=-(ha // 2) - (ha % 2))  # max over [i, i+ha]
    depth = before - level
    # The new note may settle softer than the old one: it only has to rise again a little.
    is_floor = ((level <= minimum_filter1d(level, size=2 * 3 + 1)) & (depth >= VALLEY_MIN_DB)
                & (after - level >= VALLEY_MIN_RISE_DB))
    baseline = median_filter(conf, size=4 * h + 1, mode="nearest")
    dip = baseline - minimum_filter1d(conf, size=2 * 4 + 1)
    for found in np.flatnonzero(is_floor & solid & (dip >= CONFIDENCE_DIP)):
        i = int(found)
        if strength[max(0, i - 4) : i + 5].max() > 0:
            continue  # already an onset here (a voicing start or a level rise)
        strength[i] = min(1.0, 0.35 + 0.05 * (depth[i] - VALLEY_MIN_DB) + 0.5 * dip[i])


def _repeat_valleys(strength: np.ndarray, level: np.ndarray, midi: np.ndarray, solid: np.ndarray) -> np.ndarray:
    """Level valleys inside one held pitch that may part two notes of that pitch: shape (n_frames,) bool.

    A valley at least ``REPEAT_VALLEY_MIN_DB`` under the peak of the 80 ms before it, rising again
    ``VALLEY_MIN_RISE_DB`` within the 150 ms after, with the pitch the same on both sides and no onset
    already near. No confidence dip is asked for (a room's tail carries the pitch through the break),
    so a vibrato's or a room's swell can look the same: the follower takes it only where the target
    repeats a pitch (``Candidates.recoloured``).
    """
    from scipy.ndimage import maximum_filter1d, minimum_filter1d

    n = len(level)
    out = np.zeros(n, dtype=bool)
    h, ha, held = VALLEY_HALF_FRAMES, VALLEY_AFTER_FRAMES, REPEAT_HELD_FRAMES
    if n < 4 * h:
        return out
    before = maximum_filter1d(level, size=h + 1, origin=h // 2)  # max over [i-h, i]
    after = maximum_filter1d(level, size=ha + 1, origin=-(ha // 2) - (ha % 2))  # max over [i, i+ha]
    is_floor = ((level <= minimum_filter1d(level, size=2 * 3 + 1)) & (before - level >= REPEAT_VALLEY_MIN_DB)
                & (after - level >= VALLEY_MIN_RISE_DB) & solid)
    import warnings

    for found in np.flatnonzero(is_floor):
        i = int(found)
        if i < held + 1 or i + held + 1 >= n or strength[max(0, i - 4) : i + 5].max() > 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            pitch_before = np.nanmedian(midi[i - held : i - 1])
            pitch_after = np.nanmedian(midi[i + 2 : i + held + 2])
        if np.isfinite(pitch_before) and np.isfinite(pitch_after) and abs(pitch_after - pitch_before) < PITCH_STEP_SEMITONES:
            out[i] = True
    return out


def timbre_change(samples: np.ndarray, n_frames: int) -> np.ndarray:
    """How fast the spectral envelope changes at each frame, level aside; shape (n_frames,).

    The log energies of ``TIMBRE_BANDS`` log-spaced bands, less their mean (so a louder or
    softer frame of the same vowel reads the same), compared ``TIMBRE_LAG_FRAMES`` either side:
    the RMS difference, in natural-log units.
    """
    from scipy import fft

    frames = frame_signal(samples, TIMBRE_FFT)[:n_frames]
    window = np.hanning(TIMBRE_FFT).astype(np.float32)
    spectrum = fft.rfft(frames * window, axis=1)
    power = spectrum.real**2 + spectrum.imag**2
    freqs = np.fft.rfftfreq(TIMBRE_FFT, 1.0 / SAMPLE_RATE_HZ)
    edges = np.geomspace(TIMBRE_LOW_HZ, TIMBRE_HIGH_HZ, TIMBRE_BANDS + 1)
    band = np.digitize(freqs, edges) - 1
    # (n_bins, n_bands): which band each bin adds to.
    to_bands = (band[:, None] == np.arange(TIMBRE_BANDS)[None, :]).astype(np.float32)
    envelope = np.log(power @ to_bands + 1e-10)
    envelope -= envelope.mean(axis=1, keepdims=True)
    lag = TIMBRE_LAG_FRAMES
    change = np.zeros(n_frames)
    if len(frames) > 2 * lag:
        change[lag : len(frames) - lag] = np.sqrt(np.mean((envelope[2 * lag :] - envelope[: -2 * lag]) ** 2, axis=1))
    return change


def _timbre_changes(samples: np.ndarray, strength: np.ndarray, level: np.ndarray, midi: np.ndarray,
                    solid: np.ndarray) -> np.ndarray:
    """Re-articulations of a held pitch heard only as a change of timbre: shape (n_frames,) bool.

    Two notes of one pitch sung on one breath are parted by a consonant ('la la', 'mi mi'): the
    voice keeps its pitch and nearly its level, but the spectral envelope jumps. A frame in a
    voiced run whose envelope change peaks at ``TIMBRE_PEAK_RATIO`` times the take's typical
    change, with the pitch the same on both sides and no onset already near, is a weak candidate:
    the follower takes it where the target asks for a repeated note and leaves it otherwise.
    """
    from scipy.ndimage import maximum_filter1d

    n = len(solid)
    out = np.zeros(n, dtype=bool)
    if not solid.any():
        return out
    from scipy.ndimage import uniform_filter1d

    # A consonant changes the envelope over several frames; a one-frame flicker is the window's noise.
    change = uniform_filter1d(timbre_change(samples, n), TIMBRE_SMOOTH_FRAMES)
    typical = float(np.median(change[solid]))
    if typical <= 0:
        return out
    is_peak = (change >= TIMBRE_PEAK_RATIO * typical) & (change >= maximum_filter1d(change, 2 * TIMBRE_PEAK_HALF_FRAMES + 1))
    h = TIMBRE_HELD_FRAMES
    import warnings

    for found in np.flatnonzero(is_peak):
        i = int(found)
        if i < h + 2 or i + h + 2 >= n or not solid[i - h : i + h].all():
            continue
        if strength[max(0, i - TIMBRE_CLEAR_FRAMES) : i + TIMBRE_CLEAR_FRAMES + 1].max() > 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            before = np.nanmedian(midi[i - h : i - 2])
            after = np.nanmedian(midi[i + 2 : i + h])
        if not (np.isfinite(before) and np.isfinite(after)) or abs(after - before) >= PITCH_STEP_SEMITONES:
            continue
        # A new note comes back to its level; a decaying or released one (a plucked string's
        # brightness fading) does not.
        if level[i : i + h].max() < level[i - h : i].max() - TIMBRE_MAX_FALL_DB:
            continue
        out[i] = True
    return out


# A note that comes in under the last one's sound (its release, a room's tail, a legato overlap) is
# found where its pitch takes over, which on a slow swell (bowed, blown and sung samples: 80-370 ms to
# half their level) comes long after it began; its own partials, those clear of the last note's, show
# where it began. Partials up to OWN_PARTIALS_HIGH_HZ, the first OWN_PARTIALS_MAX, each read over
# ±OWN_PARTIALS_BAND_CENTS (at least a bin) and kept only OWN_PARTIALS_CLEAR_BINS bins clear of the
# last note's partials, in an OWN_PARTIALS_FFT-sample Hann window (64 ms resolves a semitone's
# partials from the fourth up at 110 Hz).
OWN_PARTIALS_FFT = 1024
OWN_PARTIALS_MAX = 10
OWN_PARTIALS_HIGH_HZ = 4000.0
OWN_PARTIALS_BAND_CENTS = 40.0
OWN_PARTIALS_CLEAR_BINS = 2.5
# Searched back this far from the candidate, never into the last note's own start.
OWN_PARTIALS_BACK_SECONDS = 0.4
# The pitch sounding before (these frames, ending this many before the candidate: a glide's arrival
# point has nearly reached the new pitch) must lie this far from the new one.
OWN_PARTIALS_PREVIOUS_FRAMES = 8
OWN_PARTIALS_GLIDE_FRAMES = 4
OWN_PARTIALS_NEW_SEMITONES = 0.3
# The steepest rise (over the floor of the RISE_FRAMES before, read RISE_AHEAD_FRAMES on) must be this
# large; the note began at the last frame within OWN_PARTIALS_FLOOR_DB of that floor, as a level rise.
OWN_PARTIALS_RISE_DB = 6.0
OWN_PARTIALS_FLOOR_DB = 1.5
OWN_PARTIALS_RISE_FRAMES = 6
OWN_PARTIALS_RISE_AHEAD_FRAMES = 2
# Only a start this far before the candidate counts: a quick attack's pitch takes over at once.
OWN_PARTIALS_LEAD_SECONDS = 0.06
# A rise over which the last note's own partials gain at least this many times the power the new
# note's clear partials gain is the whole sound's (the old pitch struck or bowed again, a plucked
# string's noise), not the new note coming in.
OWN_PARTIALS_SHARED_GAIN = 1.0


def own_partials_starts(samples: np.ndarray, starts: np.ndarray, frames: np.ndarray, cand_midi: np.ndarray,
                        midi: np.ndarray, boundary: np.ndarray) -> np.ndarray:
    """Where each candidate's own partials began to rise, for a new pitch that comes in under the
    last one's sound; frame index per candidate, shape (J,), -1 where it does not apply (a start
    after silence, a pitch already sounding, no clear partials or rise) or the rise began less
    than ``OWN_PARTIALS_LEAD_SECONDS`` before the candidate.

    ``samples`` is the take at ``SAMPLE_RATE_HZ``; ``starts`` and ``frames`` (J,) are where each
    candidate's sound first appears and where it is placed; ``cand_midi`` (J,) its pitch (MIDI);
    ``midi`` (n_frames,) the pitch per frame, NaN where not sounding; ``boundary`` (J,) whether a
    candidate may change the sounding pitch. Per frame, the energy (dB) of the candidate's partials
    that lie clear of every partial of the last note's pitch; its steepest rise, between the last
    note's own start (at most ``OWN_PARTIALS_BACK_SECONDS`` back) and just after the candidate,
    begins where that energy leaves its floor. The last note's start is where its pitch began: a
    candidate at the pitch already sounding (the new note's own attack read at the old pitch, or the
    old note again) is searched past, and there a rise the last note's own partials share (as much
    power gained, ``OWN_PARTIALS_SHARED_GAIN``) is passed over: the old pitch sounded again.
    """
    from scipy import fft
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    out = np.full(len(frames), -1, dtype=int)
    n = len(midi)
    back = int(round(OWN_PARTIALS_BACK_SECONDS / HOP_SECONDS))
    lead = int(round(OWN_PARTIALS_LEAD_SECONDS / HOP_SECONDS))
    k, ahead = OWN_PARTIALS_RISE_FRAMES, OWN_PARTIALS_RISE_AHEAD_FRAMES
    bin_hz = SAMPLE_RATE_HZ / OWN_PARTIALS_FFT
    freqs = np.fft.rfftfreq(OWN_PARTIALS_FFT, 1.0 / SAMPLE_RATE_HZ)
    window = np.hanning(OWN_PARTIALS_FFT).astype(np.float32)
    framed = frame_signal(samples, OWN_PARTIALS_FFT)
    n = min(n, len(framed))
    for j in range(len(frames)):
        s, f, new = int(starts[j]), int(frames[j]), float(cand_midi[j])
        before = _pitch_before(midi, s)
        if not np.isfinite(new) or not np.isfinite(before):
            continue  # no pitch, or a start after silence: the level tells where it starts
        if abs(before - new) < OWN_PARTIALS_NEW_SEMITONES:
            continue  # the pitch was sounding already: a repeat or a swell, which the level finds
        # The last note: the latest candidate before at another pitch (a mixture of the two notes
        # can read between them for a while, and give candidates of its own), and its own start:
        # where its pitch began, not a candidate at the pitch already sounding (the new note's own
        # attack read at the old pitch while the room's tail outweighs it, or the old note again).
        # A candidate far under the new pitch is the two notes' common period, not the last note:
        # every partial of the new note is one of its partials, so none would be clear of it.
        other = next((q for q in range(j - 1, -1, -1)
                      if abs(float(cand_midi[q]) - new) >= PITCH_STEP_SEMITONES
                      and float(cand_midi[q]) >= new - SUBHARMONIC_BELOW_SEMITONES), -1)
        if other < 0:
            continue
        old = float(cand_midi[other])
        starts_before = [q for q in range(other, -1, -1) if boundary[q]
                         and abs(float(cand_midi[q]) - new) >= PITCH_STEP_SEMITONES]
        last_start = next((q for q in starts_before
                           if not abs(_pitch_before(midi, int(starts[q])) - float(cand_midi[q]))
                           < OWN_PARTIALS_NEW_SEMITONES), -1)
        # Up to the latest such candidate (pitch begun or not) the search is as before; only the stretch
        # this reaches back past it may hold the old pitch sounding again.
        opened = int(starts[starts_before[0]]) + 1 if starts_before and starts_before[0] != last_start else -1
        f_new, f_old = 440.0 * 2 ** ((new - 69) / 12), 440.0 * 2 ** ((old - 69) / 12)
        old_partials = f_old * np.arange(1, int(OWN_PARTIALS_HIGH_HZ / f_old) + 2)
        bins = np.zeros(len(freqs), dtype=bool)
        for h in range(1, OWN_PARTIALS_MAX + 1):
            centre = h * f_new
            if centre > OWN_PARTIALS_HIGH_HZ:
                break
            half = max(bin_hz, centre * (2 ** (OWN_PARTIALS_BAND_CENTS / 1200) - 1))
            if np.abs(old_partials - centre).min() >= half + OWN_PARTIALS_CLEAR_BINS * bin_hz:
                bins |= np.abs(freqs - centre) <= half
        if not bins.any():
            continue
        old_bins = np.zeros(len(freqs), dtype=bool)  # the last note's own partials, clear of the new note's
        for centre in old_partials[:OWN_PARTIALS_MAX]:
            if centre <= OWN_PARTIALS_HIGH_HZ:
                half = max(bin_hz, centre * (2 ** (OWN_PARTIALS_BAND_CENTS / 1200) - 1))
                old_bins |= np.abs(freqs - centre) <= half
        old_bins &= ~bins
        lo = max(0, s - back, int(starts[last_start]) + 1 if last_start >= 0 else 0)
        hi = min(n, f + ahead + 2)
        if hi - lo < k + ahead + 2:
            continue
        read = bins | old_bins
        spectrum = fft.rfft(framed[lo:hi] * window, axis=1)[:, read]
        power = spectrum.real**2 + spectrum.imag**2
        bins, old_bins = bins[read], old_bins[read]  # as columns of ``power``
        energy = uniform_filter1d(10.0 * np.log10(power[:, bins].sum(axis=1) + 1e-12), 3, mode="nearest")
        floors = minimum_filter1d(energy, k + 1, origin=k // 2)  # floors[t]: over frames t-k .. t
        rise = energy[k + ahead :] - floors[k : len(energy) - ahead]  # at t = k .. len-ahead-1
        if opened > lo and old_bins.any() and len(rise):
            # The same rise in power (not dB: a quiet band's noise rises many dB at any attack) over the
            # last note's own partials: the whole sound rose there, not the new note.
            gains = []
            for band in (bins, old_bins):
                p = uniform_filter1d(power[:, band].sum(axis=1), 3, mode="nearest")
                gains.append(p[k + ahead :] - minimum_filter1d(p, k + 1, origin=k // 2)[k : len(p) - ahead])
            # The frame each rise is read at; a rise read up to RISE_FRAMES + RISE_AHEAD_FRAMES after the
            # candidate passed is still that candidate's own (its attack spans them).
            at = lo + k + np.arange(len(rise))
            shared = (at < opened + k + ahead) & (gains[1] >= OWN_PARTIALS_SHARED_GAIN * gains[0])
            rise = np.where(shared, -np.inf, rise)
        if len(rise) == 0 or rise.max() < OWN_PARTIALS_RISE_DB:
            continue
        steepest = k + int(np.argmax(rise))
        seg = energy[steepest - k : steepest + ahead + 1]
        began = lo + steepest - k + int(np.flatnonzero(seg <= seg.min() + OWN_PARTIALS_FLOOR_DB)[-1]) + 1
        if f - began >= lead:
            out[j] = began
    return out


def _pitch_before(midi: np.ndarray, start: int) -> float:
    """The pitch sounding just before frame ``start`` (MIDI; the median over
    ``OWN_PARTIALS_PREVIOUS_FRAMES`` frames ending ``OWN_PARTIALS_GLIDE_FRAMES`` before it), NaN after silence."""
    until = max(0, start - OWN_PARTIALS_GLIDE_FRAMES)
    before = midi[max(0, until - OWN_PARTIALS_PREVIOUS_FRAMES) : until]
    before = before[np.isfinite(before)]
    return float(np.sort(before)[len(before) // 2]) if len(before) else float("nan")


def soft_runs_under_the_gate(track: PitchTrack, heard: np.ndarray, local_max: np.ndarray) -> list[tuple[int, int]]:
    """Runs (first frame, end frame) of heard frames at most ``SOFT_NOTE_OVER_GATE_DB`` over the tail
    gate and at most ``SOFT_NOTE_BELOW_PEAK_DB`` under the local peak, split where the pitch steps,
    at least ``SOFT_NOTE_MIN_FRAMES`` long, with a frame under the gate."""
    level, midi = track.level_db, track.midi
    n = len(level)
    gate = local_max - TAIL_BELOW_PEAK_DB
    near = heard & (level <= gate + SOFT_NOTE_OVER_GATE_DB) & (level > local_max - SOFT_NOTE_BELOW_PEAK_DB)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if not near[i]:
            i += 1
            continue
        a = i
        i += 1
        while i < n and near[i] and abs(float(midi[i] - midi[i - 1])) < PITCH_STEP_SEMITONES:
            i += 1
        if i - a >= SOFT_NOTE_MIN_FRAMES and (level[a:i] <= gate[a:i]).any():
            runs.append((a, i))
    return runs


def new_partials_share(samples: np.ndarray, level: np.ndarray, a: int, b: int) -> float:
    """How much of the sound of frames ``a`` to ``b`` lies in partials the loud note before it
    lacks: the share (0-1) of the power in its bins within ``SOFT_NOTE_PARTIAL_DB`` of its strongest
    that stand ``SOFT_NOTE_NEW_DB`` over the loud note's spectrum (both normalised to their
    strongest bin). 0 where no louder note precedes within ``LOCAL_MAX_FRAMES``, or where the louder
    sound is a later note's.

    The loud note is the loudest frame of the second before and the frames after it that stay within
    ``SOFT_NOTE_LOUD_DB``; it is read from its peak on (not before: that may be another note), over
    at least as long as the stretch. Both are read in Hann windows as long as the shorter of the two
    (up to ``SOFT_NOTE_FFT``), so their partials are as wide.
    """
    from scipy import fft
    from scipy.ndimage import maximum_filter1d, median_filter

    back = max(0, a - LOCAL_MAX_FRAMES)
    if a - back < 1:
        return 0.0
    p = back + int(np.argmax(level[back:a]))
    if level[p] - float(np.median(level[a:b])) < TAIL_BELOW_PEAK_DB - SOFT_NOTE_OVER_GATE_DB:
        return 0.0  # the gate is a later loud note's, not the tail of one before
    # The frame that ends the stretch may already hold the next note's attack.
    last = b - SOFT_NOTE_END_FRAMES
    held = p + 1
    while held < a and level[held] >= level[p] - SOFT_NOTE_LOUD_DB:
        held += 1
    ref_end = min(a, max(held, p + last - a))
    length = min(SOFT_NOTE_FFT, (last - a) * HOP_SAMPLES, (ref_end - p) * HOP_SAMPLES)
    if length < 2 * HOP_SAMPLES:
        return 0.0
    freqs = np.fft.rfftfreq(SOFT_NOTE_FFT, 1.0 / SAMPLE_RATE_HZ)
    band = (freqs >= SOFT_NOTE_LOW_HZ) & (freqs <= SOFT_NOTE_HIGH_HZ)
    window = np.hanning(length)

    def power(first: int, end: int) -> np.ndarray:
        """The mean power spectrum of frames ``first`` to ``end`` alone, in half-overlapping windows."""
        seg = samples[first * HOP_SAMPLES : end * HOP_SAMPLES]
        starts = np.arange(0, len(seg) - length + 1, max(1, length // 2))
        spec = fft.rfft(np.stack([seg[q : q + length] * window for q in starts]), n=SOFT_NOTE_FFT,
                        axis=1)[:, band]
        return (spec.real**2 + spec.imag**2).mean(axis=0)

    ref = maximum_filter1d(power(p, ref_end), 2 * SOFT_NOTE_SPREAD_BINS + 1, mode="nearest")
    run = power(a, last)
    if run.max() <= 0 or ref.max() <= 0:
        return 0.0
    run_db = 10.0 * np.log10(run / run.max() + 1e-12)
    ref_db = 10.0 * np.log10(ref / ref.max() + 1e-12)
    # Where the loud note has a partial at all (standing SOFT_NOTE_REF_PARTIAL_DB over the median
    # of the bins around it), a weaker or stronger level there is its own partial, faded or
    # coloured by the room (a recorder's tail holds its second partial 17 dB stronger).
    around = int(np.ceil(SOFT_NOTE_AROUND_LOBES * 2 * SOFT_NOTE_FFT / length))  # a Hann lobe: 2 FFT/length bins
    ref_partial = ref_db - median_filter(ref_db, 2 * around + 1, mode="nearest") >= SOFT_NOTE_REF_PARTIAL_DB
    partial = run_db >= -SOFT_NOTE_PARTIAL_DB
    new = partial & (run_db - ref_db >= SOFT_NOTE_NEW_DB) & ~ref_partial
    return float(run[new].sum() / run[partial].sum())
