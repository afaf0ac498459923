"""The one entry point: grade a take against a target line.

``assess(target, audio_path, options=AssessOptions())`` decodes, tracks pitch,
finds onsets, aligns them to the target and returns per-note verdicts in the
shape of the ``manage.py assess`` contract (``AssessResult.to_json``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np

from . import onsets as onset_events
from .audio import MAX_BYTES, MAX_SECONDS, DecodedAudio, decode_audio
from .errors import AnalysisError, SilentAudio
from .follow import fold, follow, follow_confidence, lost_stretches
from .intonation import Drift, pitch_drift
from .pitch import (
    HOP_SECONDS,
    TRACKERS,
    PitchTrack,
    clear_partials_offset,
    hz_to_midi,
    lowest_partials_offset,
    midi_to_hz,
    partial_levels,
)
from .target import Target, load_target_cached, with_tempo
from .timing import fit_time_map, timing_errors
from .verdicts import (
    NoteResult,
    Tolerances,
    contour,
    feedback_lines,
    pitch_verdict,
    summary,
    target_line,
    timing_verdict,
)
from .vibrato import note_pitch

# The auto tracker searches this far around the target's range (semitones).
RANGE_MARGIN_SEMITONES = 8
ANY_KEY_MARGIN_SEMITONES = 14
OCTAVE_DOWN_MARGIN_SEMITONES = 14
# With --any-key, a take whose BASS_PERCENTILE-th percentile of confident frames (YIN confidence at least
# BASS_CONFIDENCE) lies within BASS_AT_FLOOR_SEMITONES of the search's floor is searched an octave lower.
BASS_PERCENTILE = 25
BASS_CONFIDENCE = 0.5
BASS_AT_FLOOR_SEMITONES = 3.0
# Pitch is read from the steady part of a note: after the attack or scoop, before the release.
ATTACK_SECONDS = 0.06
ATTACK_FRACTION = 0.2
RELEASE_FRACTION = 0.15
MAX_NOTE_SECONDS_AFTER_ONSET = 4.0
# A note with fewer voiced YIN frames than this asks CREPE for a second opinion.
MIN_GOOD_FRAMES = 4
# No vibrato swings further from a note's pitch: a frame that does is a tracker error.
MAX_VIBRATO_SWING_SEMITONES = 1.5
# A note's pitch is where most of its frames dwell within this.
DWELL_SEMITONES = 0.6
# No verdict in a stretch the follower lost is surer than this (the review queue takes < 0.6).
LOST_CONFIDENCE = 0.4
# A note measured this close to the previous note's pitch, this far below its level, is its tail.
CONTINUATION_SEMITONES = 0.3
CONTINUATION_BELOW_DB = 10.0
CREPE_FRAMES_PER_NOTE = 8
# A note read a twelfth (19.02 semitones: three times the frequency) over the score's pitch, give or
# take this much once octaves are folded, is looked at for its own fundamental under the reading
# (``_third_partial_fundamental``): a partial counts when it stands this far over the spectrum's floor and
# no further under the reading's peak (TimGM6mb's harmonica key 62: 1st partial 10 dB under the 3rd).
TWELFTH_SEMITONES = 12.0 * float(np.log2(3.0))
TWELFTH_NEAR_SEMITONES = 0.5
THIRD_PARTIAL_ABOVE_FLOOR_DB = 10.0
THIRD_PARTIAL_BELOW_READ_DB = 30.0
THIRD_PARTIAL_OVER_READING_DB = 6.0
# A low reed's or brass note whose fifth partial is its loudest (a bassoon's formant) can be read at
# four periods of that partial: a major third over its fundamental (5/4; 5/2 and 5/1 fold to the same).
FIFTH_PARTIAL_SEMITONES = 12.0 * float(np.log2(5.0 / 4.0))
FIFTH_PARTIAL_OWN_ABOVE_FLOOR_DB = 10.0
FIFTH_PARTIAL_OWN_BELOW_LOUDEST_DB = 30.0
FIFTH_PARTIAL_OVER_READING_DB = 6.0
# Frames of a note's steady part its lowest partials are read on (pitch.lowest_partials_offset).
# Only a struck or plucked string rings inharmonic: a bow, reed, lips or voice drive their partials
# into one exact series. A note whose level falls at least this fast over its steady part rings freely
# (piano, harp, guitar, yangqin: -11 to -32 dB/s in the median; bowed, blown and sung: about 0).
PARTIAL_FRAME_STEP = 2
PARTIAL_MAX_FRAMES = 10
FREE_DECAY_DB_PER_S = -8.0
# Such a note is read at its own partials, clear of those of the notes struck just before it, which
# may ring on under it (pitch.clear_partials_offset).
RINGING_NOTES = 1
RINGING_SEMITONES = 0.5
RINGING_MIN_PULL_CENTS = 8.0
RINGING_MIN_FIT_R2 = 0.9
RINGING_HALVES_AGREE_CENTS = 8.0
RINGING_LEVEL_SMOOTH_FRAMES = 3
# Where that finds nothing, the note is looked for at the score's pitch, clear of the last three notes
# (a harp's strings all ring on), unless the reading has a clear partial within 8 cents of its own.
SCORE_RINGING_NOTES = 3
SCORE_OWN_PEAK_SEMITONES = 0.08
# Only on a take where this share of the notes ring freely (smp-1: harp, koto, marimba, shamisen,
# piano 0.67-1 per take, most over 0.85; harmonica and voice oohs up to 0.83 and 0.68).
SCORE_RINGING_TAKE_SHARE = 0.85
# A note matched at a swell inside a held pitch (a level rise, no pitch step or voicing start) is
# reported where that pitch began, at most this long before, the voice sounding throughout and the
# pitch within HELD_SEMITONES (after the first HELD_SKIP_FRAMES, the attack).
HELD_MAX_SECONDS = 1.0
HELD_SKIP_FRAMES = 5
HELD_SEMITONES = 0.75
# ...after skipping at most this many frames more where they glide in from the last note's pitch (a
# room's tail under the new note: 100-150 ms on sing-dev's takes through RT60 0.4-1.2 s).
HELD_GLIDE_FRAMES = 10
CREPE_MIN_CONFIDENCE = 0.5
# A note's pitch window ends where another pitch starts (a voicing start or pitch step this far
# from the note's own pitch), matched or not: a note followed late, or an extra note, is no part of it.
NEXT_PITCH_SEMITONES = 1.0
# A note followed by notes the follower did not find is read up to this share (by the score's onsets)
# of the stretch to the next note found: the missed notes' sound is no part of it.
MISSED_NEXT_SHARE = 1.0
# The next note found counts as not found (the note is read over its share of the stretch to the note
# after) where it was matched inside this one: at a swell, early by the tempo line, less than this share
# of the way into this note's share of that stretch (``_matched_inside``).
EARLY_NEXT_SHARE = 0.5
NEXT_PITCH_HELD_SEMITONES = 0.5
NEXT_PITCH_HELD_FRAMES = 3
# A note that comes in under the last one's sound is read, while the two sound together, at neither
# pitch (their common period, an octave or twelfth slip, a pitch between them), and only later at its
# own (a slow swell: 80-370 ms). A candidate left over at such a pitch, at most this long before the
# one matched, the sound going on between them, is where the note began: its timing is judged from
# there too (``timing.timing_errors``' second reading).
TRANSITION_MAX_SECONDS = 0.4
TRANSITION_OFF_SEMITONES = 0.75
# A note that swells in from silence (a bow or a choir sample after a rest, a soft note in a noisy
# room) is voiced only once its level clears the gate, 150-450 ms in, but its pitch is there before,
# at a lower confidence. The frames leading into the matched candidate at its pitch (within
# HUSHED_SEMITONES, confidence at least HUSHED_MIN_CONFIDENCE, gaps of at most HUSHED_GAP_FRAMES)
# are where it began, if they start after a break (silence or another pitch) inside
# HUSHED_MAX_SECONDS and after the last matched candidate, with no level valley of HUSHED_VALLEY_DB
# in them (a tail of the same pitch before a repeat), and at least HUSHED_LEAD_SECONDS before where
# it is heard: a third reading for ``timing.timing_errors``.
HUSHED_SEMITONES = 0.5
HUSHED_MIN_CONFIDENCE = 0.3
HUSHED_GAP_FRAMES = 2
HUSHED_MAX_SECONDS = 0.5
HUSHED_VALLEY_DB = 3.0
HUSHED_LEAD_SECONDS = 0.06
# A sung note after a rest often starts off its pitch (a scoop, a wobble on the way in) and only settles
# 100-200 ms later, where a pitch step or slow step gives the candidate the follower matches (its pitch
# fits; the voicing start's reads the scoop). Annotators put such a note where its voice began. A note
# whose sound began, after silence and after the last matched note, at a candidate left over at most
# VOICE_START_MAX_SECONDS before the matched one is reported from there, unless that lead-in stays more
# than onsets.HEARD_ONSET_BELOW_PEAK_DB under the note's peak over the VOICE_START_PEAK_SECONDS after the
# matched candidate (a murmur or breath under it, not the note).
VOICE_START_MAX_SECONDS = 0.2
VOICE_START_PEAK_SECONDS = 0.3
VOICE_START_RUN_FRAMES = 3


# Said first when the file ended inside a page or packet (``DecodedAudio.cut_off``): what arrived was graded.
CUT_OFF_LINE = "the recording was cut off before its end: what it holds was graded, the rest could not be heard"
#: A note due later than this before the recording's end is not in it (``unrecorded_count``): less than the few
#: frames of attack that a note needs to be found.
UNRECORDED_MARGIN_SECONDS = 0.1


@dataclass(frozen=True)
class AssessOptions:
    """How to grade: tracker name, tempo override (quarter BPM), modes and tolerances."""

    tracker: str = "auto"
    tempo_bpm: float | None = None
    free_tempo: bool = False
    any_key: bool = False
    tolerance_cents: float = 25.0
    wrong_cents: float = 50.0
    tolerance_ms: float = 100.0
    # The part of a multi-part score to grade: its number (1 is the first) or its name; None: the first.
    part: int | str | None = None
    max_bytes: int = MAX_BYTES
    max_seconds: float = MAX_SECONDS
    # A voice performs the take: its feedback says "you sang G4 instead of F#4" (else "you played").
    sung: bool = False

    def __post_init__(self) -> None:
        if self.tracker not in TRACKERS:
            raise AnalysisError(f"unknown tracker '{self.tracker}'; choose one of {', '.join(TRACKERS)}")
        if not 0 < self.tolerance_cents < self.wrong_cents <= 1200:
            raise AnalysisError("tolerances must satisfy 0 < tolerance-cents < wrong-cents <= 1200")
        if not 0 < self.tolerance_ms <= 2000:
            raise AnalysisError("tolerance-ms must be between 0 and 2000")


@dataclass
class AssessResult:
    """A graded take. ``to_json()`` is the contract's dict (the caller adds ``id``)."""

    tracker: str
    seconds: float
    offset: float
    tempo: float
    transposition: float
    notes: list[NoteResult]
    feedback: list[str] = field(default_factory=list)
    contour: list[list[float | None]] = field(default_factory=list)
    target_line: list[dict] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        return summary(self.notes)

    def to_json(self, *, details: bool = False) -> dict:
        """The contract dict; ``details`` adds feedback, contour and target line for the page."""
        out = {
            "tracker": self.tracker,
            "seconds": round(self.seconds, 3),
            "offset": round(self.offset, 3),
            "tempo": round(self.tempo, 2),
            "transposition": round(self.transposition, 2),
            "notes": [n.to_json() for n in self.notes],
            "summary": self.summary,
        }
        if details:
            out["feedback"] = self.feedback
            out["contour"] = self.contour
            out["target_line"] = self.target_line
        return out


def assess(
    target: Target | str | os.PathLike[str],
    audio: str | os.PathLike[str] | DecodedAudio,
    *,
    options: AssessOptions | None = None,
) -> AssessResult:
    """Grade one take. Raises ``AnalysisError`` subclasses with a one-line reason."""
    started = time.perf_counter()
    opts = options or AssessOptions()
    if isinstance(target, Target):
        tgt = with_tempo(target, opts.tempo_bpm) if opts.tempo_bpm else target
    else:
        tgt = load_target_cached(target, tempo_bpm=opts.tempo_bpm, part=opts.part)
    decoded = audio if isinstance(audio, DecodedAudio) else decode_audio(
        audio, max_bytes=opts.max_bytes, max_seconds=opts.max_seconds
    )
    track = track_pitch(decoded.samples, tgt, tracker=opts.tracker, any_key=opts.any_key)
    result = grade(tgt, decoded, track, options=opts)
    if decoded.cut_off:
        result.feedback.insert(0, CUT_OFF_LINE)
    result.seconds = time.perf_counter() - started
    return result


def track_pitch(samples: np.ndarray, target: Target, *, tracker: str, any_key: bool = False) -> PitchTrack:
    """Run the named tracker; ``auto`` searches only around the target's range."""
    from . import pitch

    if tracker == "yin":
        return pitch.yin(samples)
    if tracker == "pyin":
        return pitch.pyin(samples)
    if tracker in ("crepe-tiny", "crepe-full"):
        from .crepe import crepe_track

        return crepe_track(samples, capacity=tracker.split("-")[1])
    lo, hi = target.midi_range
    margin = ANY_KEY_MARGIN_SEMITONES if any_key else RANGE_MARGIN_SEMITONES
    # Tenors and basses read treble-clef lines an octave down; that is the written note, not an error.
    floor = lo - max(margin, OCTAVE_DOWN_MARGIN_SEMITONES)
    fmin = max(float(midi_to_hz(floor)), pitch.MIN_F0_HZ)
    fmax = min(float(midi_to_hz(hi + margin)), pitch.MAX_F0_HZ)
    track = pitch.yin(samples, fmin_hz=fmin, fmax_hz=fmax)
    if not any_key or fmin <= pitch.MIN_F0_HZ:
        return track
    # A bass reading a treble line an octave down may, in a key of his own, sing lower still: where a
    # quarter of the take's confident frames sit at the search's floor, the voice goes on under it
    # (notes there read an octave up or not at all), so the take is searched again an octave lower.
    sure = track.midi[(track.confidence >= BASS_CONFIDENCE) & np.isfinite(track.midi)]
    if len(sure) and float(np.percentile(sure, BASS_PERCENTILE)) < floor + BASS_AT_FLOOR_SEMITONES:
        low = max(float(midi_to_hz(floor - 12)), pitch.MIN_F0_HZ)
        return pitch.yin(samples, fmin_hz=low, fmax_hz=fmax)
    return track


@dataclass
class _Measured:
    raw_midi: float | None  # the note's pitch as graded (octave not folded)
    good_frames: int
    spread: float
    mean_conf: float


def _measure(midi: np.ndarray, conf: np.ndarray, voiced: np.ndarray, start: int, end: int, *,
             note: tuple[int, int] | None = None) -> _Measured:
    """Pitch of frames [start, end) (the steady part): the vibrato centre, else the median.

    Frames are folded frame by frame onto one octave first. ``note`` = (onset
    frame, end frame) of the whole note: the frames around the steady part only
    help confirm its vibrato crests and troughs.
    """
    end = max(end, start + 1)
    v = voiced[start:end] & np.isfinite(midi[start:end])  # the cleaner leaves tracker blips NaN
    m = midi[start:end][v]
    if len(m) == 0:
        return _Measured(None, 0, 0.0, 0.0)
    # Frame-wise octave slips (weak fundamentals, phone-band microphones) fold back onto one octave.
    centre = float(np.median(m))
    m = centre + fold(m - centre)
    med = _dwelling_pitch(m)
    spread = float(np.median(np.abs(m - med)))
    n0, n1 = note if note is not None else (start, end)
    n0, n1 = min(n0, start), max(n1, end)
    contour = np.where(voiced[n0:n1], midi[n0:n1], np.nan)
    contour = med + fold(contour - med)
    # No vibrato swings this far: a frame that does is a tracker error, not a crest to centre on.
    contour = np.where(np.abs(contour - med) <= MAX_VIBRATO_SWING_SEMITONES, contour, np.nan)
    heard = note_pitch(contour, steady=(start - n0, end - n0))
    pitch = heard.midi if heard.half_cycles else med
    return _Measured(pitch, len(m), spread, float(np.mean(conf[start:end][v])))


def grade(target: Target, decoded: DecodedAudio, track: PitchTrack, *, options: AssessOptions) -> AssessResult:
    """Segment, align and give verdicts for a tracked take (see ``assess``)."""
    tol = Tolerances(options.tolerance_cents, options.wrong_cents, options.tolerance_ms)
    voiced = onset_events.voiced_frames(track, decoded.samples)
    if voiced.sum() < 5:
        raise SilentAudio("no notes were heard in the recording; check the microphone and record again")
    midi = onset_events.clean_octaves(np.where(voiced, track.midi, np.nan))
    cands = onset_events.find_candidates(track, midi, voiced, samples=decoded.samples)
    followed = follow(target, cands, any_key=options.any_key, free_tempo=options.free_tempo)
    transposition = followed.transposition
    match = followed.match
    s = np.array([n.onset_seconds for n in target.notes])
    matched = match >= 0
    scale = 1.0
    if matched.sum() >= 3:
        _, scale = fit_time_map(s[matched], cands.times[match[matched]])
        if abs(scale - 1.0) > 0.04:
            followed = follow(target, cands, transposition=transposition, tempo_scale=scale,
                              free_tempo=options.free_tempo)
            match = followed.match
            matched = match >= 0
    if not matched.any():
        raise SilentAudio("none of the target's notes could be found in the recording")

    # Steady-part pitch of each matched note.
    n_frames = len(track.f0_hz)
    voiced_runs_end = _run_ends(voiced)
    measured: list[_Measured | None] = []
    regions: list[tuple[int, int]] = []
    decay_regions: list[tuple[int, int]] = []
    onset_frames = np.where(matched, cands.frames[np.maximum(match, 0)], -1)
    # A note matched at a swell inside a pitch it already held is read from where that pitch began
    # (where it is reported, below), not from the swell on.
    matched_cands = set(int(j) for j in match[matched])
    sounding = onset_events.fill_gaps(voiced, 2)
    # Where each matched note is heard against the tempo line, before any reading: a note matched inside
    # the one before it is early. In free tempo no line says where a note belongs (none is called early).
    heard_at = cands.heard_times if cands.heard_times is not None else cands.times
    prelim_error = (np.zeros(len(s)) if options.free_tempo
                    else timing_errors(s, np.where(matched, heard_at[np.maximum(match, 0)], np.nan))[0])
    for k in range(len(target.notes)):
        if match[k] < 0:
            measured.append(None)
            regions.append((0, 0))
            decay_regions.append((0, 0))
            continue
        f0 = int(cands.frames[_held_from(cands, int(match[k]), matched_cands, sounding, midi)])
        later = [q for q in range(k + 1, len(target.notes)) if onset_frames[q] > f0]
        if len(later) > 1 and _matched_inside(cands, match, s, onset_frames, prelim_error, k, later, f0, tol):
            # The next note found was matched at a swell inside this one: this note's sound goes on past it.
            later = later[1:]
        heard_to = int(onset_frames[later[0]]) if later else n_frames
        # The note ends with the voiced run it starts (probed just after the attack, since the
        # onset frame itself may still sit in the previous note's release).
        probe = min(f0 + 4, n_frames - 1)
        if voiced[probe]:
            heard_to = min(heard_to, int(voiced_runs_end[probe]) + 1)
        heard_to = min(heard_to, f0 + int(MAX_NOTE_SECONDS_AFTER_ONSET / HOP_SECONDS))
        end = heard_to
        if later and later[0] > k + 1 and s[later[0]] > s[k]:
            # The notes between were not found: this note owns only its share of the stretch to the
            # next one found, by the score's onsets; the missed notes' sound is no part of it.
            share = MISSED_NEXT_SHARE * (s[k + 1] - s[k]) / (s[later[0]] - s[k])
            end = min(end, f0 + int(round(share * (int(onset_frames[later[0]]) - f0))))
        cut = end < heard_to
        a, b, end = _steady_part(f0, _next_pitch_start(cands, midi, int(match[k]), end))
        mea = _measure(midi, track.confidence, voiced, a, b, note=(f0 + 2, end))
        measured.append(mea)
        regions.append((a, b))
        # Whether it rings freely is judged over all of its sound to the next note found, as for any note:
        # a share too short to fit a decay to would take a harp's note for a bow's.
        decay_regions.append(_steady_part(f0, _next_pitch_start(cands, midi, int(match[k]), heard_to))[:2]
                             if cut else (a, b))
    # Struck and plucked notes ring freely and are read again clear of what rings under them.
    rings = [m is not None and m.raw_midi is not None and _rings_freely(track.level_db, voiced, *decay_regions[k])
             for k, m in enumerate(measured)]
    heard_notes = sum(m is not None and m.raw_midi is not None for m in measured)
    # A take whose notes nearly all ring freely is a struck or plucked instrument's; a voice or a bow
    # whose note happens to fall is no string under which others ring.
    ringing_take = heard_notes > 0 and sum(rings) >= SCORE_RINGING_TAKE_SHARE * heard_notes
    for k, reading in enumerate(measured):
        if reading is None or reading.raw_midi is None or not rings[k]:
            continue
        a, b = regions[k]
        ringing = _ringing_before(measured[:k], reading.raw_midi)
        offset = None
        if ringing and _decays_steadily(track.level_db, voiced, a, b):
            offset = _clear_of_ringing(decoded.samples, a, b, reading.raw_midi, ringing)
        if offset is None and ringing_take:
            # The score's pitch in the octave the note was read in.
            expected = reading.raw_midi + float(fold(target.notes[k].midi + transposition - reading.raw_midi))
            heard_before = [m.raw_midi for m in measured[:k] if m is not None and m.raw_midi is not None]
            offset = _score_clear_of_ringing(decoded.samples, a, b, reading.raw_midi, expected, heard_before)
        if offset is None:
            steady = np.arange(a, b)[voiced[a:b]][::PARTIAL_FRAME_STEP][:PARTIAL_MAX_FRAMES]
            offset = lowest_partials_offset(decoded.samples, steady, midi[steady])
        if offset is not None:
            reading.raw_midi += offset

    if options.tracker == "auto":
        _refine_with_crepe(decoded.samples, target, measured, regions, transposition)
    # A note read a twelfth over the score's pitch (a fourth below once folded) may be its own third
    # partial (YIN's reading or CREPE's): read it at its fundamental where that and the partials between are there.
    for k, reading in enumerate(measured):
        if reading is None or reading.raw_midi is None:
            continue
        off = float(fold(reading.raw_midi - target.notes[k].midi - transposition))
        if abs(off - float(fold(TWELFTH_SEMITONES))) <= TWELFTH_NEAR_SEMITONES:
            fundamental = _third_partial_fundamental(decoded.samples, *regions[k], reading.raw_midi)
            if fundamental is not None:
                reading.raw_midi = fundamental
        elif abs(off - float(fold(FIFTH_PARTIAL_SEMITONES))) <= TWELFTH_NEAR_SEMITONES:
            fundamental = _fifth_partial_fundamental(decoded.samples, *regions[k], reading.raw_midi)
            if fundamental is not None:
                reading.raw_midi = fundamental

    _drop_continuations(target, cands, match, measured)
    matched = match >= 0

    if options.any_key:
        devs = [m.raw_midi - n.midi for m, n in zip(measured, target.notes, strict=True)
                if m is not None and m.raw_midi is not None]
        if devs:
            transposition = _robust_centre(np.asarray(devs))

    # Timing: residuals from the take's robust tempo line, relative to the neighbours' (drift).
    # Aligned on where each sound starts; reported and judged where it is heard.
    heard = cands.heard_times if cands.heard_times is not None else cands.times
    onsets = np.where(matched, heard[np.maximum(match, 0)], np.nan)
    taken = set(int(j) for j in match[matched])
    if cands.scoop_from is not None:
        # A note matched where its scoop arrives starts where the voice did, if nothing else took that.
        for k in (int(q) for q in np.flatnonzero(matched)):
            start = int(cands.scoop_from[match[k]])
            if start >= 0 and start not in taken:
                onsets[k] = heard[start]
    # A note matched at a swell inside a pitch already held (the follower's rhythm cost can prefer
    # it) is reported where that pitch began, unless the note before was sung at the same pitch.
    for k in (int(q) for q in np.flatnonzero(matched)):
        start = _held_from(cands, int(match[k]), taken, sounding, midi)
        if start != match[k]:
            onsets[k] = min(onsets[k], heard[start])
    # A note found where its pitch took over from the last one's sound, long after its own partials
    # began to rise (a slow swell), is also judged from where it began (``timing_errors``).
    began = None
    if cands.began_times is not None:
        began = np.where(matched, cands.began_times[np.maximum(match, 0)], np.nan)
        began = np.where(np.isfinite(began) & (began < onsets), began, np.nan)
    if cands.began_times is not None:
        passed = _left_over_starts(cands, match, sounding)
        passed = np.where(passed < onsets, passed, np.nan)
        if np.isfinite(passed).any():
            began = passed if began is None else np.fmin(began, passed)
    through = _transition_starts(cands, match, sounding)
    through = np.where(through < onsets, through, np.nan)
    if np.isfinite(through).any():
        began = through if began is None else np.fmin(began, through)
    hushed = _hushed_starts(track, cands, match)
    hushed = np.where(hushed <= onsets - HUSHED_LEAD_SECONDS, hushed, np.nan)
    if np.isfinite(hushed).any():
        began = hushed if began is None else np.fmin(began, hushed)
    # A note matched where it settled after coming in off its pitch is reported where its voice began;
    # its timing takes that as one more "began" reading (the tempo line stays on where notes are heard).
    voice_began = _voice_starts(cands, match, sounding, track.level_db)
    voice_began = np.where(voice_began < onsets, voice_began, np.nan)
    if np.isfinite(voice_began).any():
        began = voice_began if began is None else np.fmin(began, voice_began)
    timing_error, offset, scale = timing_errors(s, onsets, began=began)
    onsets = np.fmin(onsets, voice_began)

    tm = np.array([n.midi for n in target.notes], dtype=float)
    raw = np.array([m.raw_midi if m is not None and m.raw_midi is not None else np.nan for m in measured])
    take_octave = _take_octave(raw - tm - transposition)
    followed_surely = follow_confidence(tm, raw, transposition)
    lost = lost_stretches(followed_surely)
    clip_penalty = 1.0 - min(0.5, 2.0 * decoded.clipped_fraction)
    notes: list[NoteResult] = []
    for k, note in enumerate(target.notes):
        maybe = measured[k]
        common = dict(index=note.index, target_midi=note.midi, target_onset=note.onset_seconds,
                      target_duration=note.duration_seconds, bar=note.bar, follows_rest=note.follows_rest)
        if maybe is None or maybe.raw_midi is None:
            conf = 0.9 if maybe is None else 0.3
            onset = None if maybe is None else float(onsets[k])
            notes.append(NoteResult(sung_midi=None, cents=None, onset=onset, timing_error=None, confidence=conf,
                                    pitch="missed", timing="missed", **common))  # type: ignore[arg-type]
            continue
        mea = maybe
        assert mea.raw_midi is not None
        dev = mea.raw_midi - note.midi - transposition
        folded = float(fold(dev))
        cents = 100.0 * folded
        # The note as sung, in the octave the take sits in; a slip of one note off it is folded back.
        sung = note.midi + transposition + take_octave + folded
        octave_slip = abs(dev - take_octave - folded) > 6
        conf = mea.mean_conf * min(1.0, mea.good_frames / 8.0) * clip_penalty
        conf *= 1.0 / (1.0 + max(0.0, mea.spread - 0.2) * 4.0)
        if octave_slip:
            conf *= 0.7
        # A verdict is only as sure as the alignment around it: never a run of confident red notes.
        conf *= 0.4 + 0.6 * followed_surely[k]
        if any(stretch.first <= k <= stretch.last for stretch in lost):
            conf = min(conf, LOST_CONFIDENCE)
        te = float(timing_error[k])
        notes.append(NoteResult(
            sung_midi=float(sung), cents=cents, onset=float(onsets[k]), timing_error=te,
            confidence=float(np.clip(conf, 0.05, 0.99)), pitch=pitch_verdict(cents, tol),
            timing=timing_verdict(te, tol, free_tempo=options.free_tempo), **common,  # type: ignore[arg-type]
        ))
    return AssessResult(
        tracker=options.tracker,
        seconds=0.0,
        offset=float(offset),
        tempo=float(target.tempo_bpm),
        transposition=float(transposition),
        notes=notes,
        feedback=feedback_lines(notes, drift=notes_drift(notes), lost=lost, tol=tol,
                                noise_suppressed=decoded.noise_suppressed, names=[n.name for n in target.notes],
                                sung=options.sung,
                                unrecorded=unrecorded_count(target, offset=offset, scale=scale,
                                                            ends_at=decoded.duration_seconds)),
        contour=contour(track, voiced),
        target_line=target_line(target, offset=offset, scale=scale, transposition=transposition),
    )


def unrecorded_count(target: Target, *, offset: float, scale: float, ends_at: float) -> int:
    """How many of the target's last notes were due after the recording ended: the student pressed Stop (or the
    memo ends) before the piece did.

    A note is due at ``offset + scale * onset_seconds`` on the take's clock (s into the file, as the page's
    target line places it); one due later than ``UNRECORDED_MARGIN_SECONDS`` before ``ends_at`` (s, the
    recording's length) had no room to be heard in it.

    >>> from grading.analysis.target import Target, TargetNote
    >>> notes = tuple(TargetNote(index=k, midi=60, onset_seconds=0.5 * k, duration_seconds=0.5, bar=1) for k in range(6))
    >>> unrecorded_count(Target(notes=notes, tempo_bpm=120.0), offset=1.0, scale=1.0, ends_at=2.55)
    3
    """
    due = offset + scale * np.array([n.onset_seconds for n in target.notes])  # (notes,) s into the file
    late = due > ends_at - UNRECORDED_MARGIN_SECONDS
    return len(late) if late.all() else int(np.argmin(late[::-1]))  # the trailing run of notes due too late


def _matched_inside(cands: onset_events.Candidates, match: np.ndarray, score_onsets: np.ndarray,
                    onset_frames: np.ndarray, timing_error: np.ndarray, k: int, later: list[int], f0: int,
                    tol: Tolerances) -> bool:
    """Whether the next note found after note ``k`` (``later[0]``; ``later[1]`` the one after it) was
    matched inside ``k``'s own sound, not where it began.

    So it is when its candidate is a swell (no voicing start or pitch step: ``k``'s sound goes on
    through it), it comes less than ``EARLY_NEXT_SHARE`` of the way into ``k``'s share of the stretch
    to ``later[1]`` (by the score's onsets), and the tempo line calls it early (``timing_error``, s,
    per note, from where the matched notes are heard). A slow or re-bowed attack of the same or a near
    pitch (a cello bowing the same note again in a room, a horn's swell) gives no candidate where the
    note begins, and the follower takes the last note's swell instead. In free tempo (``timing_error``
    all zero) the line is no evidence and no note counts: on real sight-singing the rule moved readings
    either way.
    """
    nxt, after = later[0], later[1]
    if cands.boundary is None or cands.boundary[match[nxt]] or score_onsets[after] <= score_onsets[k]:
        return False
    share = (score_onsets[nxt] - score_onsets[k]) / (score_onsets[after] - score_onsets[k])
    soon = onset_frames[nxt] - f0 < EARLY_NEXT_SHARE * share * (onset_frames[after] - f0)
    return bool(soon and timing_error[nxt] < -tol.ms / 1000.0)


def _steady_part(f0: int, end: int) -> tuple[int, int, int]:
    """The frames [a, b) a note's pitch is read on, past its attack and before its release, for a
    note from frame ``f0`` to ``end`` (at least 3 frames on); and that end."""
    end = max(end, f0 + 3)
    length = end - f0
    a = f0 + max(int(ATTACK_SECONDS / HOP_SECONDS), int(ATTACK_FRACTION * length))
    b = end - int(RELEASE_FRACTION * length)
    if b - a < 3:
        a, b = f0 + 1, end
    return a, b, end


def _next_pitch_start(cands: onset_events.Candidates, midi: np.ndarray, j: int, end: int) -> int:
    """The frame where the next other pitch starts after candidate ``j``, if before ``end``.

    A voicing start or pitch step whose pitch is ``NEXT_PITCH_SEMITONES`` or more from ``j``'s
    ends ``j``'s note, unless it is where ``j``'s own scoop arrives, and only once ``j``'s pitch
    has been held for a few frames after its attack (not inside a glide through it).
    """
    if cands.boundary is None or not np.isfinite(cands.midi[j]):
        return end
    for q in range(j + 1, len(cands.frames)):
        if cands.frames[q] >= end:
            break
        if not cands.boundary[q] or not np.isfinite(cands.midi[q]):
            continue
        if cands.scoop_from is not None and cands.scoop_from[q] == j:
            continue
        if abs(float(fold(cands.midi[q] - cands.midi[j]))) >= NEXT_PITCH_SEMITONES:
            a = int(cands.frames[j]) + int(ATTACK_SECONDS / HOP_SECONDS)
            held = midi[a : int(cands.frames[q])]
            held = held[np.isfinite(held)]
            if np.sum(np.abs(fold(held - cands.midi[j])) < NEXT_PITCH_HELD_SEMITONES) >= NEXT_PITCH_HELD_FRAMES:
                return int(cands.frames[q])
            return end
    return end


def notes_drift(notes: list[NoteResult]) -> Drift | None:
    """The take's one-way pitch drift, from its graded notes' onsets (s) and cents; None without one."""
    onsets = np.array([x.onset if x.onset is not None else np.nan for x in notes], dtype=float)
    cents = np.array([x.cents if x.cents is not None else np.nan for x in notes], dtype=float)
    return pitch_drift(onsets, cents)


def _ringing_before(measured: list[_Measured | None], midi: float) -> list[float]:
    """The pitches of the last ``RINGING_NOTES`` notes heard before this one that may still ring under
    it: those at least ``RINGING_SEMITONES`` from ``midi`` (a string struck again is the note itself)."""
    before = [m.raw_midi for m in measured if m is not None and m.raw_midi is not None][-RINGING_NOTES:]
    return [p for p in before if abs(p - midi) >= RINGING_SEMITONES]


def _clear_of_ringing(samples: np.ndarray, a: int, b: int, midi: float, ringing: list[float]) -> float | None:
    """The correction from ``midi`` to the note's partials clear of the ``ringing`` notes', read over
    the steady part [a, b); None unless both its halves read the same (within
    ``RINGING_HALVES_AGREE_CENTS``: a voice's partials waver) and it undoes a pull toward the last
    ringing note of at least ``RINGING_MIN_PULL_CENTS`` (a ringing note pulls YIN toward itself)."""
    offset = clear_partials_offset(samples, a, b, midi, ringing)
    mid = (a + b) // 2
    first, second = (clear_partials_offset(samples, p, q, midi, ringing) for p, q in ((a, mid), (mid, b)))
    if offset is None or first is None or second is None:
        return None
    if 100 * abs(first - second) > RINGING_HALVES_AGREE_CENTS:
        return None
    away = np.sign(midi - ringing[-1])
    return offset if 100 * offset * away >= RINGING_MIN_PULL_CENTS else None


def _score_clear_of_ringing(samples: np.ndarray, a: int, b: int, midi: float, expected: float,
                            before: list[float]) -> float | None:
    """The correction from ``midi`` to the note's partials found near the score's pitch ``expected``
    clear of those of the last ``SCORE_RINGING_NOTES`` notes (``before``, oldest first), read over the
    steady part [a, b); None where that reading could be a ringing string's or the note's own.

    YIN reads a note under strings still ringing (a harp's, a pedalled piano's) up to a semitone toward
    them, too far for ``_clear_of_ringing``'s search around the reading. The score says where to look.
    Left alone: a recent note at the score's pitch (its string rings there: a wrong note would read
    right), a reading with a clear partial of its own (``SCORE_OWN_PEAK_SEMITONES``: a wrong note played
    cleanly), and a reading not pulled toward a ringing note by ``RINGING_MIN_PULL_CENTS``.
    """
    recent = before[-SCORE_RINGING_NOTES:]
    ringing = [p for p in recent if abs(p - expected) >= RINGING_SEMITONES]
    if not ringing or len(ringing) < len(recent):
        return None
    own = clear_partials_offset(samples, a, b, midi, ringing)
    if own is not None and abs(own) <= SCORE_OWN_PEAK_SEMITONES:
        return None
    offset = clear_partials_offset(samples, a, b, expected, ringing)
    if offset is None:
        return None
    heard = expected + offset
    pulled = any(np.sign(midi - heard) == np.sign(p - heard) and abs(p - heard) > abs(midi - heard)
                 for p in ringing)
    if not pulled or 100 * abs(midi - heard) < RINGING_MIN_PULL_CENTS:
        return None
    return heard - midi


def _third_partial_fundamental(samples: np.ndarray, a: int, b: int, midi: float) -> float | None:
    """The fundamental (MIDI) of a note read at ``midi`` over frames [a, b) at its own third partial
    (or that partial folded down one or two octaves), or None when the reading is its own pitch.

    Each fundamental a twelfth under the reading, in three octaves, is tried: it must stand clear of
    the floor and not far under its third partial, one of its partials 2, 4 or 5 (none of them the
    reading's) too, and it must be louder than the reading's own pitch would be at 0.75 and 1.5 times
    it (where a note truly played a fourth below or a fifth above the fundamental has its first
    partial). The one whose fundamental stands clearest over those wins.
    """
    best, margin = None, THIRD_PARTIAL_OVER_READING_DB
    for shift in (TWELFTH_SEMITONES - 24.0, TWELFTH_SEMITONES - 12.0, TWELFTH_SEMITONES):
        fundamental = midi - shift
        found = partial_levels(samples, a, b, float(midi_to_hz(fundamental)), (0.75, 1, 1.5, 2, 3, 4, 5))
        if found is None:
            continue
        (quarter_down, first, fifth_up, *partials), floor = found
        second, third, fourth, fifth = partials
        own = np.array([first, second, fourth, fifth])
        own = (own > floor + THIRD_PARTIAL_ABOVE_FLOOR_DB) & (own > third - THIRD_PARTIAL_BELOW_READ_DB)
        if not (np.isfinite(third) and own[0] and own[1:].any()):
            continue
        clear = first - max(quarter_down, fifth_up)
        if clear > margin:
            best, margin = fundamental, clear
    return best


def _fifth_partial_fundamental(samples: np.ndarray, a: int, b: int, midi: float) -> float | None:
    """The fundamental (MIDI) of a note read at ``midi`` over frames [a, b) at four periods of its own fifth
    partial (a major third over the fundamental, or that an octave or two up), or None when the reading is
    its own pitch.

    A fundamental 5/4, 5/2 or 5/1 under the reading is tried in turn. The reading's own partials fall
    between the fundamental's first four, so the two tell apart: at least two of those four must stand clear
    of the floor and not far under the loudest partial, and the loudest of them must stand over the
    reading's own first partial (where a note truly played a major third up has its fundamental). The one
    standing clearest over the reading wins.
    """
    best, margin = None, FIFTH_PARTIAL_OVER_READING_DB
    for ratio in (5.0 / 4.0, 5.0 / 2.0, 5.0):
        fundamental = midi - 12.0 * float(np.log2(ratio))
        found = partial_levels(samples, a, b, float(midi_to_hz(fundamental)), (1, 2, 3, 4, 5, ratio))
        if found is None:
            continue
        levels, floor = found
        own, fifth, reading_first = levels[:4], levels[4], levels[5]
        loudest = float(np.max(levels[:5]))
        if not np.isfinite(fifth):
            continue
        clear = (own > floor + FIFTH_PARTIAL_OWN_ABOVE_FLOOR_DB) & (own > loudest - FIFTH_PARTIAL_OWN_BELOW_LOUDEST_DB)
        if clear.sum() < 2:
            continue
        over = float(np.max(own)) - (reading_first if np.isfinite(reading_first) else floor)
        if over > margin:
            best, margin = fundamental, over
    if best is not None:
        # YIN's dip at four of the fifth partial's periods lies a few cents off 4/5 of the note's:
        # the fundamental's own lowest partials say where it is.
        refined = clear_partials_offset(samples, a, b, best, [])
        if refined is not None and abs(refined) <= TWELFTH_NEAR_SEMITONES:
            best += refined
    return best


def _decays_steadily(level_db: np.ndarray, voiced: np.ndarray, start: int, end: int) -> bool:
    """Whether the voiced frames' dB in [start, end), smoothed, lie on one line (``RINGING_MIN_FIT_R2``):
    a string left to ring. A voice or a bow whose level happens to fall wavers about the line, and the
    long window of ``clear_partials_offset`` reads its partials 10-30 cents off either way."""
    frames = np.arange(start, end)[voiced[start:end]]
    if len(frames) < MIN_GOOD_FRAMES + 2:
        return False
    # Over 30 ms: the beats of the new string against the ringing one are no wavering.
    smooth = np.ones(RINGING_LEVEL_SMOOTH_FRAMES) / RINGING_LEVEL_SMOOTH_FRAMES
    level = np.convolve(level_db, smooth, mode="same")[frames]
    residual = level - np.polyval(np.polyfit(frames, level, 1), frames)
    spread = float(np.sum((level - level.mean()) ** 2))
    return spread > 0 and 1.0 - float(np.sum(residual ** 2)) / spread >= RINGING_MIN_FIT_R2


def _rings_freely(level_db: np.ndarray, voiced: np.ndarray, start: int, end: int) -> bool:
    """Whether the level of frames [start, end) falls like a struck or plucked note's (a line fitted
    to the voiced frames' dB falls at least ``FREE_DECAY_DB_PER_S``)."""
    frames = np.arange(start, end)[voiced[start:end]]
    if len(frames) < MIN_GOOD_FRAMES + 2:
        return False
    slope = np.polyfit(frames * HOP_SECONDS, level_db[frames], 1)[0]
    return bool(slope <= FREE_DECAY_DB_PER_S)


def _run_ends(voiced: np.ndarray) -> np.ndarray:
    """For each frame, the last frame index of the voiced run (gaps ≤ 2 frames bridged) it sits in."""
    solid = onset_events.fill_gaps(voiced, 2)
    n = len(solid)
    ends = np.arange(n)
    last = n - 1
    for i in range(n - 1, -1, -1):
        if not solid[i]:
            last = i - 1
            ends[i] = i
        else:
            ends[i] = last
    return ends


def _dwelling_pitch(midi: np.ndarray) -> float:
    """Where a note's frames (MIDI, shape (n,), finite) dwell: the median of those within
    ``DWELL_SEMITONES`` of the value that has the most frames that close.

    In a room the previous note's tail still sounds over the start of the next one, and a short
    note's steady part can be a third tail; the pitch the note stays at outvotes it, where a plain
    median lands between the two.
    """
    if len(midi) < 3:
        return float(np.median(midi))
    close = np.abs(midi[:, None] - midi[None, :]) <= DWELL_SEMITONES  # (n, n)
    counts = close.sum(axis=1)
    best = counts == counts.max()
    # Ties (a symmetric vibrato) go to the value nearest the median.
    med = float(np.median(midi))
    centre = midi[best][np.argmin(np.abs(midi[best] - med))]
    return float(np.median(midi[np.abs(midi - centre) <= DWELL_SEMITONES]))


def _held_from(cands: onset_events.Candidates, j: int, taken: set[int], sounding: np.ndarray,
               midi: np.ndarray) -> int:
    """The earlier candidate (index) where the pitch of candidate ``j`` began, or ``j``.

    A note matched at a swell inside a held pitch (no pitch step or voicing start there) began
    where that pitch did: at the last voicing start or pitch step before it, when no note was
    matched from there on, the voice sounds throughout and the pitch holds within
    ``HELD_SEMITONES`` of ``j``'s.
    """
    if cands.boundary is None or cands.boundary[j] or not np.isfinite(cands.midi[j]):
        return j
    q = j - 1
    while q >= 0 and q not in taken and not cands.boundary[q]:
        q -= 1
    if q < 0 or q in taken or cands.times[j] - cands.times[q] > HELD_MAX_SECONDS:
        return j
    before = [p for p in taken if p < q]
    if before and abs(float(fold(cands.midi[max(before)] - cands.midi[j]))) <= HELD_SEMITONES:
        return j  # the note before was sung at this pitch: where one ends and the next begins is moot
    a, b = int(cands.frames[q]), int(cands.frames[j])
    if not sounding[a:b].all():
        return j
    seg = midi[a + HELD_SKIP_FRAMES : b]
    seg = seg[np.isfinite(seg)]
    if len(seg) >= 3 and before and np.abs(fold(seg[0] - cands.midi[j])) > HELD_SEMITONES:
        # In a room the new pitch comes in under the last note's tail: its first frames glide from that
        # note's pitch. Skipped where they lie between the two pitches, for at most HELD_GLIDE_FRAMES.
        dev = fold(seg - cands.midi[j])
        last = float(fold(cands.midi[max(before)] - cands.midi[j]))
        inside = (np.sign(dev) == np.sign(last)) & (np.abs(dev) <= abs(last) + HELD_SEMITONES)
        arrived = np.flatnonzero(np.abs(dev) <= HELD_SEMITONES)
        if len(arrived) and arrived[0] <= HELD_GLIDE_FRAMES and inside[: arrived[0]].all():
            seg = seg[arrived[0]:]
    if len(seg) < 3 or np.max(np.abs(fold(seg - cands.midi[j]))) > HELD_SEMITONES:
        return j
    return q


def _transition_starts(cands: onset_events.Candidates, match: np.ndarray, sounding: np.ndarray) -> np.ndarray:
    """Where each matched note began, when it was read at neither its own pitch nor the last one's
    while it came in under that note's sound: seconds per note (where the earliest such candidate is
    heard), NaN elsewhere; shape (n_notes,).

    The candidates between the last matched one and note ``k``'s (all left over), read back from
    ``k``'s while each lies within ``TRANSITION_MAX_SECONDS`` of it and reads a pitch (or none)
    ``TRANSITION_OFF_SEMITONES`` or more from both notes' pitches, with the sound going on from
    the earliest of them to ``k``'s candidate (``sounding`` per frame).
    """
    out = np.full(len(match), np.nan)
    heard = cands.heard_times if cands.heard_times is not None else cands.times
    last = -1
    for k, j in enumerate(int(x) for x in match):
        if j < 0:
            continue
        old, new = (float(cands.midi[last]) if last >= 0 else np.nan), float(cands.midi[j])
        q = j
        if last >= 0 and last < j and np.isfinite(old) and np.isfinite(new):
            while q - 1 > last and cands.times[j] - cands.times[q - 1] <= TRANSITION_MAX_SECONDS:
                p = float(cands.midi[q - 1])
                if np.isfinite(p) and min(abs(p - new), abs(p - old)) < TRANSITION_OFF_SEMITONES:
                    break
                q -= 1
        if q < j and sounding[int(cands.frames[q]) : int(cands.frames[j])].all():
            out[k] = float(heard[q])
        last = j
    return out


def _left_over_starts(cands: onset_events.Candidates, match: np.ndarray, sounding: np.ndarray) -> np.ndarray:
    """Where each matched note began by its own partials, read at a candidate left over on its way in:
    seconds per note (the earliest such reading), NaN elsewhere; shape (n_notes,).

    A slow attack under the last note's sound gives several candidates while the two sound together
    (the mixture read at a common period, an octave slip of the old note, the new pitch before it
    holds); the one matched may be the last of them, after its own partials have long been rising,
    while an earlier one read where they began (``Candidates.began_times``). The candidates between
    the last matched one and note ``k``'s are read back from ``k``'s while each lies within
    ``TRANSITION_MAX_SECONDS`` of it and is not at the last note's pitch (within
    ``TRANSITION_OFF_SEMITONES``: a swell of the old note), with the sound going on throughout.
    """
    out = np.full(len(match), np.nan)
    began = cands.began_times
    if began is None:
        return out
    last = -1
    for k, j in enumerate(int(x) for x in match):
        if j < 0:
            continue
        old = float(cands.midi[last]) if last >= 0 else np.nan
        q, first = j, np.nan
        while last >= 0 and np.isfinite(old) and q - 1 > last and cands.times[j] - cands.times[q - 1] <= TRANSITION_MAX_SECONDS:
            p = float(cands.midi[q - 1])
            if np.isfinite(p) and abs(p - old) < TRANSITION_OFF_SEMITONES:
                break
            q -= 1
            if np.isfinite(began[q]) and sounding[int(cands.frames[q]) : int(cands.frames[j])].all():
                first = float(began[q]) if not np.isfinite(first) else min(first, float(began[q]))
        out[k] = first
        last = j
    return out


def _voice_starts(cands: onset_events.Candidates, match: np.ndarray, sounding: np.ndarray,
                  level_db: np.ndarray) -> np.ndarray:
    """Where each matched note's voice began, when that was at a candidate left over shortly before the
    one matched: seconds per note (where that candidate is heard), NaN elsewhere; shape (n_notes,).

    The run of sounding frames (``sounding``, bool per frame) that holds note ``k``'s candidate must
    begin after the last matched candidate's frame, at a candidate of its own (within
    ``VOICE_START_RUN_FRAMES``) that no note took, at most ``VOICE_START_MAX_SECONDS`` before ``k``'s;
    and the frames from it to ``k``'s candidate must reach within ``HEARD_ONSET_BELOW_PEAK_DB`` of the
    loudest level (``level_db``, dBFS per frame) in the ``VOICE_START_PEAK_SECONDS`` after ``k``'s.
    A legato note (no silence before it) is left alone: where a glide ends is the annotators' onset.
    """
    out = np.full(len(match), np.nan)
    heard = cands.heard_times if cands.heard_times is not None else cands.times
    peak_frames = int(round(VOICE_START_PEAK_SECONDS / HOP_SECONDS))
    last = -1
    for k, j in enumerate(int(x) for x in match):
        if j < 0:
            continue
        fj = int(cands.frames[j])
        run_start = fj
        while run_start > 0 and sounding[run_start - 1]:
            run_start -= 1
        q = j
        while q - 1 > last and cands.frames[q - 1] >= run_start - VOICE_START_RUN_FRAMES:
            q -= 1
        fq = int(cands.frames[q])
        if (q < j and abs(fq - run_start) <= VOICE_START_RUN_FRAMES
                and (last < 0 or run_start > int(cands.frames[last]))
                and cands.times[j] - cands.times[q] <= VOICE_START_MAX_SECONDS
                and level_db[fq:fj].max() >= level_db[fj : fj + peak_frames].max() - onset_events.HEARD_ONSET_BELOW_PEAK_DB):
            out[k] = float(heard[q])
        last = j
    return out


def _hushed_starts(track: PitchTrack, cands: onset_events.Candidates, match: np.ndarray) -> np.ndarray:
    """Where each matched note's pitch was already sounding before its candidate, under the voicing
    gate: seconds per note, NaN where it was not; shape (n_notes,).

    From the matched candidate's frame back, the run of frames whose raw pitch lies within
    ``HUSHED_SEMITONES`` of the candidate's, with confidence ``HUSHED_MIN_CONFIDENCE`` or more
    (gaps of ``HUSHED_GAP_FRAMES`` bridged). None where the run reaches back
    ``HUSHED_MAX_SECONDS`` or to the last matched candidate without a break (the pitch held since
    the last note: a repeat, its own sound) or holds a level valley ``HUSHED_VALLEY_DB`` deep (3-frame
    mean: the tail of a note of the same pitch before it).
    """
    out = np.full(len(match), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = hz_to_midi(track.f0_hz)
    level = np.convolve(track.level_db, np.ones(3) / 3, mode="same")
    back = int(round(HUSHED_MAX_SECONDS / HOP_SECONDS))
    last = -1
    for k, j in enumerate(int(x) for x in match):
        if j < 0:
            continue
        f, pitch = int(cands.frames[j]), float(cands.midi[j])
        lower = max(0, f - back, int(cands.frames[last]) + 1 if last >= 0 else 0)
        last = j
        if not np.isfinite(pitch):
            continue
        first, gap, t = f, 0, f - 1
        while t >= lower:
            if np.isfinite(raw[t]) and track.confidence[t] >= HUSHED_MIN_CONFIDENCE and abs(raw[t] - pitch) <= HUSHED_SEMITONES:
                first, gap = t, 0
            else:
                gap += 1
                if gap > HUSHED_GAP_FRAMES:
                    break
            t -= 1
        if first >= f or t < lower:
            continue  # no pitch before, or one held since the last note (its own sound, a repeat)
        # A tail of the same pitch (a repeated note in a room) ends in a valley: the note begins there.
        seg = level[first : f + 1]
        low = int(np.argmin(seg))
        if low > 0 and seg[:low].max() >= seg[low] + HUSHED_VALLEY_DB:
            continue
        out[k] = first * HOP_SECONDS
    return out


def _drop_continuations(target: Target, cands: onset_events.Candidates, match: np.ndarray,
                        measured: list[_Measured | None]) -> None:
    """Call a note missed when what was matched to it is the previous note going on (in place:
    ``match`` and ``measured``).

    A bump in a note's decaying or reverberant tail (voicing may flicker off and on in it) is no
    new note: when the score asks for a new pitch and the matched event stays well below the
    previous note's level and sounds at the previous note's pitch, the new note was not played.
    (A player who repeats the previous pitch by mistake attacks it: a wrong note, kept.)
    """
    if cands.peak_db is None:
        return
    previous: tuple[int, float] | None = None  # (note index, measured pitch) of the last sung note
    for k, mea in enumerate(measured):
        if mea is None or mea.raw_midi is None:
            continue
        if previous is not None:
            kp, pitch_before = previous
            asks_change = abs(target.notes[k].midi - target.notes[kp].midi) >= 1
            fading = cands.peak_db[match[k]] < cands.peak_db[match[kp]] - CONTINUATION_BELOW_DB
            if asks_change and fading and abs(fold(mea.raw_midi - pitch_before)) < CONTINUATION_SEMITONES:
                measured[k] = None
                match[k] = -1
                continue
        previous = (k, mea.raw_midi)


def _take_octave(deviations: np.ndarray) -> float:
    """The octave (a multiple of 12 semitones) most notes sit in, from per-note deviations
    (semitones, NaN ignored): a tenor reading a treble-clef line sings it an octave down."""
    d = deviations[np.isfinite(deviations)]
    return 12.0 * float(np.median(np.round(d / 12.0))) if len(d) else 0.0


def _robust_centre(values: np.ndarray) -> float:
    """Median, refined as the mean of values within half a semitone of it."""
    med = float(np.median(values))
    near = values[np.abs(values - med) < 0.5]
    return float(np.mean(near)) if len(near) else med


def _refine_with_crepe(samples: np.ndarray, target: Target, measured: list[_Measured | None],
                       regions: list[tuple[int, int]], transposition: float) -> None:
    """Re-read with CREPE-tiny, on a few frames each and in one batch, the notes YIN barely heard
    (fewer than ``MIN_GOOD_FRAMES`` voiced frames); CREPE's answer counts where it is confident.

    Asking it about every wide or octave-displaced YIN reading as well changed no verdict on the
    dev, sing-dev or robustness sets and cost a fifth of the analysis time.
    """
    from .crepe import crepe_at

    unsure: list[int] = []
    frames: list[np.ndarray] = []
    for k, (mea, (a, b)) in enumerate(zip(measured, regions, strict=True)):
        if mea is None:
            continue
        if mea.raw_midi is None or mea.good_frames < MIN_GOOD_FRAMES:
            n = min(CREPE_FRAMES_PER_NOTE, max(1, b - a))
            unsure.append(k)
            frames.append(np.linspace(a, b - 1, n).round().astype(int))
    if not unsure:
        return
    lo, hi = target.midi_range
    fmin = float(midi_to_hz(lo + transposition - ANY_KEY_MARGIN_SEMITONES - 12))
    fmax = float(midi_to_hz(hi + transposition + ANY_KEY_MARGIN_SEMITONES))
    all_frames = np.concatenate(frames)
    f0, conf = crepe_at(samples, all_frames, capacity="tiny", fmin_hz=max(fmin, 31.0), fmax_hz=min(fmax, 2006.0))
    pos = 0
    for k, fr in zip(unsure, frames, strict=True):
        sl = slice(pos, pos + len(fr))
        pos += len(fr)
        good = conf[sl] >= CREPE_MIN_CONFIDENCE
        if good.sum() < max(2, len(fr) // 3):
            continue
        m = hz_to_midi(f0[sl][good])
        centre = float(np.median(m))
        m = centre + fold(m - centre)
        med = float(np.median(m))
        old = measured[k]
        measured[k] = _Measured(med, int(good.sum()) * 2, float(np.median(np.abs(m - med))),
                                float(np.mean(conf[sl][good])) if old is None else max(old.mean_conf, float(np.mean(conf[sl][good]))))
