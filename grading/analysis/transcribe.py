"""Transcribing a take with no score: the notes sung, their key, spelling and rhythm.

``transcribe(audio)`` runs the same front end as ``assess`` (YIN frames, the voiced
frames and onset candidates of ``onsets.py``) and, with no score to follow, keeps
the candidates strong enough to be notes: each becomes a note from its onset to the
next note or the end of its voiced run. A fragment shorter than a note is the next
note's attack (or the previous one's release; or neither, between two notes when a
consonant's dip parts it from the next), and so is a short note that starts from
silence and runs into the next without a consonant (a scoop); touching neighbours at one pitch are
one note unless the level dips deeply or the spectrum jumps between them (a
consonant); a note that moves between two steady pitches is two; a note is parted again where it
was sung again on its pitch (the whole spectrum dips at once and the pitch after is still). Each note's pitch
is the mean of its frames near the pitch they dwell on, an octave lower where its sound has
partials at odd multiples of half that pitch (the tracker read the second partial).

The key comes from the notes' pitch classes (Krumhansl–Kessler profiles, each note
weighted by its length) after the singer's own tuning is removed, as it stands where each note is
sung (``tuning_curve``: a singer sinks or rises over a take); each note is spelled in that key. Tempo, meter and the quarter lengths come from ``meter.py``.
Times are seconds into the file; pitches fractional MIDI as sung.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from music.key import Key
from music.spelling import spell_in_key

from . import onsets as onset_events
from . import pitch as pitch_tracking
from .audio import MAX_BYTES, MAX_SECONDS, DecodedAudio, decode_audio
from .errors import SilentAudio
from .follow import fold
from .meter import Rhythm, estimate_rhythm
from .pitch import HOP_SAMPLES, HOP_SECONDS, PitchTrack, midi_to_hz

# A singing voice, bass to soprano with room above: C2 to C6.
LOWEST_SUNG_MIDI = 36.0
HIGHEST_SUNG_MIDI = 84.0
# Onset candidates at least this strong start a note (a pitch step of 0.6 semitones scores 0.5, of
# 1.2 semitones 0.65; a voicing start after a gap 0.6 or more). 0.45 to 0.85 tried on sing-dev.
NOTE_ONSET_STRENGTH = 0.65
# Notes shorter than this are attack noise, a consonant or a tracker blip (0.06, 0.09 and 0.12
# tried on sing-dev: 0.09 best).
MIN_NOTE_SECONDS = 0.09
# Pitch is read after the scoop of the attack and before the release.
ATTACK_SECONDS = 0.05
ATTACK_FRACTION = 0.2
RELEASE_FRACTION = 0.15
# Two touching neighbours this close in pitch (semitones) are one note unless the level dips
# this far (dB) between them, within ``DIP_SEARCH_SECONDS`` of the second onset (6 and 9 dB split
# vibrato swells on sing-dev: F 0.775 at 12 dB against 0.772 at 6).
SAME_PITCH_SEMITONES = 0.5
REATTACK_DIP_DB = 12.0
DIP_SEARCH_SECONDS = 0.05
# A note that starts from silence, is shorter than this and runs into a longer one within
# SCOOP_SEMITONES, with no consonant or dip between them, is that note's scoop. (0.18-0.25 s and
# 1.5-2 semitones tried: sing-dev F 0.690-0.697 from 0.687; the synthetic set unchanged once only
# notes starting from silence count, 0.640-0.657 without that.)
SCOOP_SECONDS = 0.25
SCOOP_SEMITONES = 1.5
# Notes closer than this (seconds) touch; a note shorter than ``FRAGMENT_SECONDS`` is part of a neighbour.
TOUCH_SECONDS = 0.02
FRAGMENT_SECONDS = 0.12
# A fragment between two notes after which the level dips this far (dB) is no attack of the next:
# a consonant starts the next syllable there, and the note starts at its vowel (4, 6 and 9 dB tried on
# sing-dev, 6 best: docs/transcription.md; 12 dB is the same-pitch reattack's dip).
FRAGMENT_DIP_DB = 6.0
# Onsets are placed where the sound arrives; listeners mark them a frame later on sing-dev.
ONSET_LAG_SECONDS = 0.01
# A note's frames swing no further than this from its pitch; frames that do are a neighbour's glide.
DWELL_SEMITONES = 0.6
MAX_SWING_SEMITONES = 1.0

# A clearly periodic frame (YIN confidence) this far above the room tone is sung, however soft.
CLEAR_PITCH_CONFIDENCE = 0.85
CLEAR_ABOVE_ROOM_DB = 12.0
MIN_ROOM_TONE_FRAMES = 20

# A vibrato in a reverberant room sweeps the partials across the room's resonances: the level swings
# 10-15 dB at the vibrato's rate and its troughs read as re-attacks or voicing gaps. Two same-pitch
# neighbours up to VIBRATO_GAP_SECONDS apart, the tracker still hearing that pitch between them, are
# one note when, over the last VIBRATO_SPAN_SECONDS, the pitch has a vibrato (autocorrelation at
# least VIBRATO_COHERENCE at a period in VIBRATO_PERIOD_SECONDS) and the level repeats at that period too.
VIBRATO_GAP_SECONDS = 0.12
VIBRATO_SPAN_SECONDS = 0.8
VIBRATO_PERIOD_SECONDS = (0.12, 0.26)
VIBRATO_COHERENCE = 0.5
VIBRATO_DETREND_SECONDS = 0.3
VIBRATO_LAG_SLACK_FRAMES = 2  # the level's period may differ from the pitch's by a frame or two

# A vibrato that stops where a same-pitch neighbour starts marks a note sung again (a singer's
# vibrato sets in 0.1-0.3 s into a note; a held note's loudness swell keeps it): the pitch's
# standard deviation over the VIBRATO_BEFORE_SECONDS before the boundary at least
# VIBRATO_SWING_SEMITONES, over the VIBRATO_STILL_SECONDS after it under VIBRATO_STILL_SEMITONES,
# each VIBRATO_CLEAR_SECONDS clear of the boundary, the first VIBRATO_SETTLED_SECONDS after the
# note before began. On the synthetic takes 0-23, 16 of 25 repeated notes against 3 of 194
# boundaries inside held notes (docs/transcription.md, "Repeated notes").
VIBRATO_BEFORE_SECONDS = 0.2
VIBRATO_STILL_SECONDS = 0.12
VIBRATO_CLEAR_SECONDS = 0.03
VIBRATO_SETTLED_SECONDS = 0.15
VIBRATO_SWING_SEMITONES = 0.1
VIBRATO_STILL_SEMITONES = 0.05
VIBRATO_KNOWN_SHARE = 0.7
# Spectral flux (a consonant, a new attack) against the median of the 0.3 s before it keeps two
# same-pitch neighbours apart. (Also splitting held notes where the flux jumps lowered F on sing-dev,
# 0.789 -> 0.775, and on the synthetic takes, 0.657 -> 0.62: it was taken out.)
FLUX_WINDOW_SAMPLES = 512
FLUX_BASELINE_SECONDS = 0.3
FLUX_BASELINE_GAP = 5
KEEP_SPLIT_FLUX_CONTRAST = 3.0
# Fewer sung frames than this before a frame: its flux baseline is the room's, sung or not.
MIN_SUNG_BASELINE_FRAMES = 3
SPLIT_STRENGTH = 0.5

# A note sung again on its pitch inside what the steps above made one note: at an onset candidate this
# strong or more (0.3: every candidate), where the mean of the log energies of REPEAT_BANDS bands
# (REPEAT_BAND_HZ, those within REPEAT_BAND_RANGE_DB of the loudest) dips REPEAT_COMMON_DIP_DB or more
# below its peaks over the REPEAT_SIDE_SECONDS either side, and the pitch over the 30-150 ms after
# swings less than REPEAT_STILL_SEMITONES (standard deviation). Tuned on synthetic takes 0-23 and
# 1000-1059, the familiar tunes and sing-dev (docs/transcription.md, "Re-sung repeated notes without a score").
REPEAT_MIN_STRENGTH = 0.3
REPEAT_BANDS = 24
REPEAT_BAND_HZ = (100.0, 5000.0)
REPEAT_BAND_RANGE_DB = 30.0
REPEAT_SIDE_SECONDS = 0.15
REPEAT_COMMON_DIP_DB = 8.5
REPEAT_STILL_SEMITONES = 0.06
# Where a consonant's burst of spectral flux comes with it (contrast at least REPEAT_FLUX_CONTRAST within
# 30 ms), a common dip of REPEAT_CONSONANT_DIP_DB is enough: a re-sung syllable whose consonant the room
# half fills. At the candidates inside notes (repeat / held / other): familiar tunes 6 / 0 / 0, synthetic
# seeds 1-3 5 / 5 / 0, 7 / 1 / 0, 3 / 3 / 2, sing-dev 4 / 2 / 2 (docs/transcription.md, "Re-sung repeats:
# a consonant's burst").
REPEAT_FLUX_CONTRAST = 2.0
REPEAT_CONSONANT_DIP_DB = 5.0
# There the pitch may instead be still (under REPEAT_SETTLED_STILL_SEMITONES) over the 80-200 ms after: a
# syllable re-sung with a scoop from below settles once the scoop is over, where a held vibrato swings on.
REPEAT_SETTLED_STILL_SEMITONES = 0.06
# Where the pitch still over 30-150 ms swings by more than REPEAT_HELD_SWING_SEMITONES over the 80-200 ms
# after, no cut: that stillness was a half cycle of a held note's slow vibrato, going on through its
# swell. Cuts of synthetic seed 1 labelled by the truth: 9 of the 13 held notes split swing 0.089-0.173
# there, the 16 repeats at most 0.070 (docs/transcription.md, "Slivers before a step, and a held
# vibrato's still half cycle").
REPEAT_HELD_SWING_SEMITONES = 0.085

# A note whose pitch moves between two plateaus this long (s), this far apart (semitones), each
# steady within PLATEAU_SPREAD (median absolute deviation), is two notes.
PLATEAU_SECONDS = 0.15
PLATEAU_STEP_SEMITONES = 0.9
PLATEAU_SPREAD = 0.3
# Where no two touching plateaus differ so far, two PLATEAU_GLIDE_SECONDS apart may, if the pitch
# crosses PLATEAU_GLIDE_SHARE of the step between them: a slide of 100-200 ms between slurred notes
# leaves no pair of touching 150 ms windows a whole step apart, and a scoop settling slowly into its
# note moves as much inside each window as between them (0.1 s and 0.4 tried: docs/transcription.md,
# "Slow slides between slurred notes").
PLATEAU_GLIDE_SECONDS = 0.12
PLATEAU_GLIDE_SHARE = 0.5

# Partials at both f/2 and 3f/2 less than this far (dB) below the stronger of f and 2f put a note an
# octave lower; read over at least SUBHARMONIC_MIN_SAMPLES of its steady part, each partial as the
# peak within SUBHARMONIC_BAND (relative) of its frequency.
SUBHARMONIC_BELOW_DB = -21.0
SUBHARMONIC_MIN_SAMPLES = 400
SUBHARMONIC_FFT_SIZE = 1 << 15
SUBHARMONIC_BAND = 0.03
# Each half-partial must also stand this far (dB) above the spectrum's median within
# SUBHARMONIC_FLOOR_BAND (relative) of its frequency: in a noisy take (SNR 10-15 dB) the loudest bin
# of the noise near f/2 and 3f/2 came within 21 dB of the partials and moved right notes down. On
# sing-dev the half-partials of the notes the check puts right stand 16-43 dB above that floor,
# those of the right notes it moved 1-9 dB.
HALF_PARTIAL_ABOVE_FLOOR_DB = 12.0
SUBHARMONIC_FLOOR_BAND = 0.2

# Said when the file ended inside a page or packet (``DecodedAudio.cut_off``), as a graded take says it.
CUT_OFF_LINE = "the recording was cut off before its end: what it holds was transcribed, the rest could not be heard"

# A singer's tuning wanders and sinks over a take (on sing-dev's score-aligned takes the offset from the
# score moves 0.2 to 1.3 semitones in most takes): each note is written against the tuning of the notes
# sung within about this many seconds of it (a Gaussian's width), not the take's. 1-6 s tried on sing-dev
# and the synthetic takes: 1.5-3 s alike, 1 s worse on the synthetic ones (docs/transcription.md, trans19).
TUNING_FOLLOW_SECONDS = 2.0

# Krumhansl & Kessler (1982) probe-tone profiles, tonic first.
MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])
# The last and first notes count this many times an average note's weight.
LAST_NOTE_KEY_WEIGHT = 4.0
FIRST_NOTE_KEY_WEIGHT = 1.0
# The tonic names a key signature is written with (fewest accidentals; F# over Gb).
_MAJOR_TONICS = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
_MINOR_TONICS = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")


@dataclass
class SungNote:
    """One transcribed note: ``onset``/``offset`` seconds into the file, ``midi`` as sung
    (fractional), ``pitch`` its name spelled in the key (``"F#4"``), ``quarter_length`` its
    written length (``None`` before quantisation), ``strength`` how surely it started."""

    onset: float
    offset: float
    midi: float
    strength: float = 1.0
    pitch: str = ""
    quarter_length: float | None = None

    @property
    def nearest(self) -> int:
        return int(round(self.midi))

    def to_json(self) -> dict:
        return {
            "onset": round(self.onset, 3),
            "offset": round(self.offset, 3),
            "midi": round(self.midi, 2),
            "pitch": self.pitch,
            "quarter_length": self.quarter_length,
        }


@dataclass
class Transcription:
    """A transcribed take. ``to_json()`` is the contract's dict (the caller adds ``id``)."""

    notes: list[SungNote]
    key: Key
    tuning: float  # the singer's offset from A440 equal temperament, semitones in [-0.5, 0.5)
    rhythm: Rhythm
    audio_seconds: float
    seconds: float = 0.0
    contour: list[list[float | None]] = field(default_factory=list)
    #: The file ended inside its last page or packet (``DecodedAudio.cut_off``): what arrived was transcribed.
    cut_off: bool = False

    @property
    def warnings(self) -> list[str]:
        """Take-wide lines for the singer, in English from a closed set (``grading.feedback_text`` says them again)."""
        return [CUT_OFF_LINE] if self.cut_off else []

    @property
    def key_name(self) -> str:
        return f"{self.key.tonic} {'minor' if self.key.minor_family else 'major'}"

    def to_json(self, *, details: bool = False) -> dict:
        """The contract dict; ``details`` adds the pickup, bar positions, swing and timing for the page."""
        out = {
            "key": self.key_name,
            "meter": self.rhythm.meter,
            "tempo": round(self.rhythm.tempo, 1),
            "notes": [n.to_json() for n in self.notes],
        }
        if details or self.warnings:  # the contract's lines keep their shape unless there is something to say
            out["warnings"] = self.warnings
        if details:
            out["pickup"] = self.rhythm.pickup
            out["swing"] = self.rhythm.swing
            out["positions"] = [round(p, 4) for p in self.rhythm.positions]
            out["tuning_cents"] = round(100 * self.tuning, 1)
            out["audio_seconds"] = round(self.audio_seconds, 3)
            out["seconds"] = round(self.seconds, 3)
        return out


def transcribe(
    audio: str | os.PathLike[str] | DecodedAudio,
    *,
    max_bytes: int = MAX_BYTES,
    max_seconds: float = MAX_SECONDS,
    progress: Callable[[int, str], None] | None = None,
) -> Transcription:
    """Transcribe one take. Raises ``AnalysisError`` subclasses with a one-line reason.

    ``progress(percent, stage)`` is told as each step starts (a job shows it to the student).
    """
    report = progress or (lambda _percent, _stage: None)
    started = time.perf_counter()
    report(5, "decoding")
    decoded = audio if isinstance(audio, DecodedAudio) else decode_audio(
        audio, max_bytes=max_bytes, max_seconds=max_seconds)
    report(25, "tracking pitch")
    track = pitch_tracking.yin(decoded.samples, fmin_hz=float(midi_to_hz(LOWEST_SUNG_MIDI)),
                               fmax_hz=float(midi_to_hz(HIGHEST_SUNG_MIDI)))
    report(55, "finding notes")
    notes = segment_notes(track, decoded.samples)
    if not notes:
        raise SilentAudio("no notes were heard in the recording; check the microphone and record again")
    tuning = singer_tuning(notes)
    reference = tuning_curve(notes)
    key = estimate_key(notes, tuning=reference)
    for note, ref in zip(notes, reference, strict=True):
        note.pitch = spell_in_key(int(round(note.midi - ref)), key).name
    report(80, "reading key and rhythm")
    rhythm = estimate_rhythm([n.onset for n in notes], [n.offset for n in notes])
    for note, ql in zip(notes, rhythm.quarter_lengths, strict=True):
        note.quarter_length = ql
    return Transcription(notes=notes, key=key, tuning=tuning, rhythm=rhythm,
                         audio_seconds=decoded.duration_seconds, seconds=time.perf_counter() - started,
                         cut_off=decoded.cut_off)


def segment_notes(track: PitchTrack, samples: np.ndarray) -> list[SungNote]:
    """The notes of a tracked take, in order; see the module docstring."""
    voiced = sung_frames(track)
    if voiced.sum() < 5:
        return []
    midi = onset_events.clean_octaves(np.where(voiced, track.midi, np.nan))
    cands = onset_events.find_candidates(track, midi, voiced)
    keep = cands.strength >= NOTE_ONSET_STRENGTH
    if cands.release is not None:
        keep &= ~cands.release
    starts = cands.frames[keep]
    strengths = cands.strength[keep]
    solid = onset_events.fill_gaps(voiced, 2)
    run_end = _run_ends(solid)
    n = len(midi)
    notes: list[SungNote] = []
    for j, (f0, strength) in enumerate(zip(starts, strengths, strict=True)):
        f0 = int(f0)
        end = int(starts[j + 1]) if j + 1 < len(starts) else n
        # The note ends with the voiced run it starts in, probed just after the attack.
        probe = min(f0 + 3, n - 1)
        if solid[probe]:
            end = min(end, int(run_end[probe]) + 1)
        if (end - f0) * HOP_SECONDS < MIN_NOTE_SECONDS:
            continue
        sung = _note_midi(midi, f0, end)
        if sung is None:
            continue
        notes.append(SungNote(onset=f0 * HOP_SECONDS, offset=end * HOP_SECONDS, midi=sung,
                              strength=float(strength)))
    notes = _absorb_fragments(notes, track.level_db)
    contrast = flux_contrast(spectral_flux(samples, len(midi)), sung=voiced)
    notes = _merge_reattacks(notes, track.level_db, contrast, midi)
    notes = _join_vibrato_swells(notes, track, contrast, midi)
    notes = _split_pitch_changes(notes, midi)
    # Again: a split at a pitch step can leave the piece before it on the pitch of the note before
    # (an onset that fired ahead of a glide), a boundary the first pass judged between two pitches.
    notes = _merge_reattacks(notes, track.level_db, contrast, midi)
    notes = _absorb_scoops(notes, track.level_db, contrast)
    notes = _part_repeats(notes, cands, midi, samples, contrast)
    _fold_octave_outliers(notes)
    _lower_octave_slips(notes, samples)
    _start_at_scoops(notes, cands)
    for note in notes:
        note.onset = min(note.onset + ONSET_LAG_SECONDS, note.offset - HOP_SECONDS)
    return notes


def _part_repeats(notes: list[SungNote], cands: onset_events.Candidates, midi: np.ndarray,
                  samples: np.ndarray, contrast: np.ndarray) -> list[SungNote]:
    """Split a note where it was sung again on its own pitch: at an onset candidate of any strength
    (``REPEAT_MIN_STRENGTH`` up, not a release swell) inside it, with the pitch the same on both sides
    (``_same_pitch_across``), where the pitch after is still (``_still_after``) and the whole spectrum
    dips at once (``_common_dip`` at least ``REPEAT_COMMON_DIP_DB``, or ``REPEAT_CONSONANT_DIP_DB``
    where a consonant's burst of flux, ``contrast`` from ``flux_contrast`` at least
    ``REPEAT_FLUX_CONTRAST``, marks the boundary; there the pitch may instead settle over the
    80-200 ms after, ``REPEAT_SETTLED_STILL_SEMITONES``, once a scoop is over). Never where the
    pitch swings ``REPEAT_HELD_SWING_SEMITONES`` or more over the 80-200 ms after, inside the note: a
    held vibrato whose half cycle only looked still.

    A consonant or a glottal stop silences every partial of the direct sound together; a vibrato's
    swell in a room (or a suppressor's gain flicker, which the candidates' rules already meet) moves
    the partials through the room's and the vocal tract's resonances one by one, so the level of
    the loudest ones dips while the rest do not. A note sung again starts without vibrato, where a
    held note's swing goes on through its swell. ``midi`` shape (n_frames,), NaN where unvoiced;
    ``samples`` the take (the band levels are read only around the candidates that get that far).
    """
    keep = cands.strength >= REPEAT_MIN_STRENGTH
    if cands.release is not None:
        keep &= ~cands.release
    frames = cands.frames[keep]
    side = int(round(REPEAT_SIDE_SECONDS / HOP_SECONDS))
    edge = int(round(MIN_NOTE_SECONDS / HOP_SECONDS))
    n = len(midi)
    out: list[SungNote] = []
    for note in notes:
        a = int(round(note.onset / HOP_SECONDS))
        b = int(round(note.offset / HOP_SECONDS))
        cuts: list[int] = []
        for f in frames.tolist():
            last = cuts[-1] if cuts else a
            if f - last < edge or b - f < edge or f < side or f + side > n:
                continue
            if not _same_pitch_across(midi, f):
                continue
            consonant = float(contrast[max(0, f - 3): f + 4].max()) >= REPEAT_FLUX_CONTRAST
            if f + 14 <= b and REPEAT_HELD_SWING_SEMITONES <= _swing(midi[f + 8: min(f + 20, b)]) < np.inf:
                continue
            if _still_after(midi, f):
                dip_needed = REPEAT_CONSONANT_DIP_DB if consonant else REPEAT_COMMON_DIP_DB
            elif consonant and _swing(midi[f + 8: f + 20]) < REPEAT_SETTLED_STILL_SEMITONES:
                dip_needed = REPEAT_CONSONANT_DIP_DB
            else:
                continue
            if _common_dip(band_levels(samples, f - side, f + side)) >= dip_needed:
                cuts.append(f)
        if not cuts:
            out.append(note)
            continue
        bounds = [a, *cuts, b]
        for k in range(len(bounds) - 1):
            part = SungNote(onset=bounds[k] * HOP_SECONDS, offset=bounds[k + 1] * HOP_SECONDS, midi=note.midi,
                            strength=note.strength if k == 0 else SPLIT_STRENGTH)
            part.midi = _note_midi(midi, bounds[k], bounds[k + 1]) or note.midi
            out.append(part)
    return out


def _same_pitch_across(midi: np.ndarray, f: int) -> bool:
    """Whether the median pitch over 30-150 ms before frame ``f`` and over 30-150 ms after it are
    within ``SAME_PITCH_SEMITONES`` (a scoop or a glide inside a note is no repeat)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        before = float(np.nanmedian(midi[max(0, f - 15): f - 3]))
        after = float(np.nanmedian(midi[f + 3: f + 15]))
    return bool(np.isfinite(before) and np.isfinite(after) and abs(after - before) < SAME_PITCH_SEMITONES)


def _still_after(midi: np.ndarray, f: int) -> bool:
    """Whether the pitch over the 30-150 ms after frame ``f`` swings less than ``REPEAT_STILL_SEMITONES``."""
    return _swing(midi[f + 3: f + 15]) < REPEAT_STILL_SEMITONES


def _swing(stretch: np.ndarray) -> float:
    """The standard deviation (semitones) of a stretch of the pitch (NaN where unvoiced); infinite
    where less than half of it is voiced."""
    known = stretch[np.isfinite(stretch)]
    return float(np.std(known)) if len(known) >= max(len(stretch) // 2, 2) else float("inf")


def _common_dip(around: np.ndarray) -> float:
    """How far (dB) the mean of the band levels ``around`` (shape (2 * side, bands): the
    ``REPEAT_SIDE_SECONDS`` before a boundary and after it) falls within ``DIP_SEARCH_SECONDS`` of the
    boundary below the lower of its peaks before and after; over the bands within
    ``REPEAT_BAND_RANGE_DB`` of the loudest there (the rest are noise). Each band counts alike, so a
    dip counts only where most of the spectrum dips together."""
    side = len(around) // 2
    half = int(round(DIP_SEARCH_SECONDS / HOP_SECONDS))
    loud = around.mean(axis=0)
    mean = around[:, loud >= loud.max() - REPEAT_BAND_RANGE_DB].mean(axis=1)
    return float(min(mean[:side].max(), mean[side:].max()) - mean[side - half: side + half + 1].min())


def band_levels(samples: np.ndarray, start: int, end: int) -> np.ndarray:
    """Energies (dB) of ``REPEAT_BANDS`` log-spaced bands over ``REPEAT_BAND_HZ`` at frames [start, end)
    of the pitch track's 10 ms grid (``FLUX_WINDOW_SAMPLES`` Hann windows centred on each frame, as
    ``spectral_flux``'s): shape (end - start, REPEAT_BANDS)."""
    from scipy import fft

    hop, window = HOP_SAMPLES, FLUX_WINDOW_SAMPLES
    frames = end - start
    padded = np.zeros(frames * hop + window, dtype=np.float32)
    first = start * hop - window // 2  # the sample the first window starts at
    lo, hi = max(first, 0), min(len(samples), first + len(padded))
    if hi > lo:
        padded[lo - first: hi - first] = samples[lo:hi]
    framed = np.lib.stride_tricks.sliding_window_view(padded, window)[::hop][:frames]
    spectrum = fft.rfft(framed * np.hanning(window).astype(np.float32), axis=1)
    power = spectrum.real ** 2 + spectrum.imag ** 2
    freqs = np.fft.rfftfreq(window, HOP_SECONDS / HOP_SAMPLES)
    band = np.digitize(freqs, np.geomspace(*REPEAT_BAND_HZ, REPEAT_BANDS + 1)) - 1
    to_bands = (band[:, None] == np.arange(REPEAT_BANDS)[None, :]).astype(np.float32)
    return 10 * np.log10(power @ to_bands + 1e-10)


def _start_at_scoops(notes: list[SungNote], cands: onset_events.Candidates) -> None:
    """Start a note where the voice started when its onset is the pitch step a scoop arrives at
    (``Candidates.scoop_from``, the placement ``assess`` reports) and the scoop's start was not
    kept as a note of its own. In place.

    Of the heard onsets only this one helps here: the 6 dB point of quick attacks and the 90 % point
    of slurred steps lowered F (see docs/transcription.md).
    """
    if cands.scoop_from is None:
        return
    scooped = cands.scoop_from >= 0
    voice_start = dict(zip(cands.frames[scooped].tolist(), cands.frames[cands.scoop_from[scooped]].tolist(),
                           strict=True))
    previous_end = -np.inf
    for note in notes:
        start = voice_start.get(int(round(note.onset / HOP_SECONDS)))
        # Never back into the note before (a scoop it already holds, or a note of its own).
        if start is not None and start * HOP_SECONDS >= previous_end - 1e-9:
            note.onset = start * HOP_SECONDS
        previous_end = note.offset


def sung_frames(track: PitchTrack) -> np.ndarray:
    """Voiced frames (shape (n_frames,), bool): ``onsets.voiced_frames``, plus clearly periodic
    frames well above the room tone measured where nothing periodic sounds.

    ``voiced_frames`` reads the room tone as a low percentile of all frame levels, which suits a
    take that is mostly rests; a melody sung without pauses puts that percentile on its own soft
    notes, and a soft held note then vanishes.
    """
    voiced = onset_events.voiced_frames(track)
    unpitched = track.confidence < onset_events.VOICED_CONFIDENCE
    if unpitched.sum() < MIN_ROOM_TONE_FRAMES:
        return voiced
    room = float(np.median(track.level_db[unpitched]))
    local_max = onset_events._running_max(track.level_db, onset_events.LOCAL_MAX_FRAMES)
    clear = ((track.confidence >= CLEAR_PITCH_CONFIDENCE) & np.isfinite(track.f0_hz)
             & (track.level_db > room + CLEAR_ABOVE_ROOM_DB)
             & (track.level_db > local_max - onset_events.TAIL_BELOW_PEAK_DB))
    return voiced | clear


def _note_midi(midi: np.ndarray, start: int, end: int) -> float | None:
    """The pitch a note's frames [start, end) dwell on, read past the attack and before the release."""
    length = end - start
    a = start + max(int(round(ATTACK_SECONDS / HOP_SECONDS)), int(ATTACK_FRACTION * length))
    b = end - int(RELEASE_FRACTION * length)
    if b - a < 3:
        a, b = start, end
    steady = midi[a:b]
    steady = steady[np.isfinite(steady)]
    if len(steady) < 3:
        return None
    centre = float(np.median(steady))
    steady = centre + fold(steady - centre)
    dwell = _dwelling_pitch(steady)
    contour = midi[start:end]
    contour = dwell + fold(contour - dwell)
    contour = np.where(np.abs(contour - dwell) <= MAX_SWING_SEMITONES, contour, np.nan)
    # Listeners (and the sing-dev annotators) hear the mean of the whole note's frames near its pitch,
    # scoop and vibrato included: on sing-dev the mean beat the vibrato centre and the dwelling median.
    return float(np.nanmean(contour))


def _dwelling_pitch(midi: np.ndarray) -> float:
    """The median of the frames within ``DWELL_SEMITONES`` of the value most frames sit near."""
    if len(midi) < 3:
        return float(np.median(midi))
    close = np.abs(midi[:, None] - midi[None, :]) <= DWELL_SEMITONES
    counts = close.sum(axis=1)
    best = counts == counts.max()
    med = float(np.median(midi))
    centre = midi[best][np.argmin(np.abs(midi[best] - med))]
    return float(np.median(midi[np.abs(midi - centre) <= DWELL_SEMITONES]))


def _absorb_fragments(notes: list[SungNote], level_db: np.ndarray) -> list[SungNote]:
    """Fold notes shorter than ``FRAGMENT_SECONDS`` into a neighbour they touch.

    A fragment that runs straight into the next note is that note's attack (a scoop or a glide on
    its way): the next note starts where the fragment did. Unless it also comes straight out of the
    note before and the level dips ``FRAGMENT_DIP_DB`` between it and the next (``_dips``): a
    consonant starts the next syllable there, the fragment is the end of the one before (its pitch
    already moving on as it fades), and the next note starts at its vowel, where listeners hear
    it. Such a fragment joins the note before when it is at that note's pitch, else it is nobody's.
    (From silence, a fragment before a dip is the syllable's own start: its consonant, then its
    vowel.) One that only touches the note before is that note's release or a wobble in it.
    ``level_db`` shape (n_frames,), dB.
    """
    out: list[SungNote] = []
    i = 0
    while i < len(notes):
        note = notes[i]
        if note.offset - note.onset < FRAGMENT_SECONDS:
            nxt = notes[i + 1] if i + 1 < len(notes) else None
            runs_into = nxt if nxt is not None and nxt.onset - note.offset <= TOUCH_SECONDS else None
            after_note = bool(out) and note.onset - out[-1].offset <= TOUCH_SECONDS
            before_consonant = (after_note and runs_into is not None
                                and _dips(note, runs_into, level_db, dip_db=FRAGMENT_DIP_DB))
            if runs_into is not None and not before_consonant:
                runs_into.onset = note.onset
                runs_into.strength = max(runs_into.strength, note.strength)
                i += 1
                continue
            if (after_note
                    and (not before_consonant or abs(note.midi - out[-1].midi) < SAME_PITCH_SEMITONES)):
                out[-1].offset = note.offset
                i += 1
                continue
            if before_consonant:
                # A glide or a murmur between two syllables, on neither note's pitch: neither note's.
                i += 1
                continue
        out.append(note)
        i += 1
    return out


def _absorb_scoops(notes: list[SungNote], level_db: np.ndarray, contrast: np.ndarray) -> list[SungNote]:
    """Fold a short note into the longer one it runs into when nothing starts between them: a scoop
    (or a fall) sung on the way to the pitch, not a note of its own.

    The short note starts from silence (in a slur a short note is a passing note), is under
    ``SCOOP_SECONDS``, shorter than the next, touches it, and sits
    ``SAME_PITCH_SEMITONES`` to ``SCOOP_SEMITONES`` from it; and at the boundary there is no
    consonant (a spectral-flux jump) and no dip in level, as a new syllable would have. The next
    note keeps its pitch and starts where the scoop did.
    """
    out: list[SungNote] = []
    i = 0
    while i < len(notes):
        note = notes[i]
        nxt = notes[i + 1] if i + 1 < len(notes) else None
        fresh = not out or note.onset - out[-1].offset > TOUCH_SECONDS
        if nxt is not None and fresh:
            length = note.offset - note.onset
            boundary = int(round(nxt.onset / HOP_SECONDS))
            consonant = float(contrast[max(0, boundary - 3): boundary + 4].max()) >= KEEP_SPLIT_FLUX_CONTRAST
            if (length < SCOOP_SECONDS and length < nxt.offset - nxt.onset
                    and nxt.onset - note.offset <= TOUCH_SECONDS
                    and SAME_PITCH_SEMITONES <= abs(nxt.midi - note.midi) <= SCOOP_SEMITONES
                    and not consonant and not _dips(note, nxt, level_db)):
                nxt.onset = note.onset
                nxt.strength = max(nxt.strength, note.strength)
                i += 1
                continue
        out.append(note)
        i += 1
    return out


def _merge_reattacks(notes: list[SungNote], level_db: np.ndarray, contrast: np.ndarray,
                     midi: np.ndarray) -> list[SungNote]:
    """Join a note to the one before when they share a pitch, touch, and neither does the sound
    dip between them, nor does its spectrum change (a consonant), nor does the vibrato of the one
    before stop where the second starts (``_vibrato_restarts``): a swell or a vibrato's loudness
    wobble, not a new syllable. ``midi`` shape (n_frames,): the take's pitch, NaN where unvoiced."""
    out: list[SungNote] = []
    for note in notes:
        if out:
            prev = out[-1]
            touching = note.onset - prev.offset <= TOUCH_SECONDS
            boundary = int(round(note.onset / HOP_SECONDS))
            consonant = float(contrast[max(0, boundary - 3): boundary + 4].max()) >= KEEP_SPLIT_FLUX_CONTRAST
            if (touching and abs(note.midi - prev.midi) < SAME_PITCH_SEMITONES and not consonant
                    and not _dips(prev, note, level_db)
                    and not _vibrato_restarts(midi, boundary, since=int(round(prev.onset / HOP_SECONDS)))):
                _extend(prev, note)
                continue
        out.append(note)
    return out


def _vibrato_restarts(midi: np.ndarray, boundary: int, *, since: int) -> bool:
    """Whether a held pitch's vibrato stops at frame ``boundary``: a note sung again on the same
    pitch, whose own vibrato sets in only 0.1-0.3 s after it starts, where a held note that
    swells in loudness keeps its vibrato through the swell.

    Over the ``VIBRATO_BEFORE_SECONDS`` that end ``VIBRATO_CLEAR_SECONDS`` before the boundary, the
    pitch's standard deviation about its median is at least ``VIBRATO_SWING_SEMITONES``; over the
    ``VIBRATO_STILL_SECONDS`` that start ``VIBRATO_CLEAR_SECONDS`` after it, under
    ``VIBRATO_STILL_SEMITONES``. The stretch before starts at least ``VIBRATO_SETTLED_SECONDS``
    after frame ``since`` (where the note before began: its own scoop or glide is no vibrato), and
    each stretch has ``VIBRATO_KNOWN_SHARE`` of its frames voiced; else False. ``midi`` shape
    (n_frames,), NaN where unvoiced; frames are ``HOP_SECONDS`` apart.
    """
    clear = int(round(VIBRATO_CLEAR_SECONDS / HOP_SECONDS))
    before_frames = int(round(VIBRATO_BEFORE_SECONDS / HOP_SECONDS))
    still_frames = int(round(VIBRATO_STILL_SECONDS / HOP_SECONDS))
    start = boundary - clear - before_frames
    if start < since + int(round(VIBRATO_SETTLED_SECONDS / HOP_SECONDS)) or start < 0:
        return False
    spreads = []
    for stretch in (midi[start: boundary - clear], midi[boundary + clear: boundary + clear + still_frames]):
        known = stretch[np.isfinite(stretch)]
        if len(known) < VIBRATO_KNOWN_SHARE * len(stretch) or len(stretch) == 0:
            return False
        spreads.append(float(np.std(known - np.median(known))))
    return spreads[0] >= VIBRATO_SWING_SEMITONES and spreads[1] < VIBRATO_STILL_SEMITONES


def _extend(prev: SungNote, note: SungNote) -> None:
    """Make ``note`` part of ``prev``: it ends where ``note`` ends, its pitch the two's length-weighted mean."""
    weight = prev.offset - prev.onset
    length = note.offset - note.onset
    prev.midi = (prev.midi * weight + note.midi * length) / (weight + length)
    prev.offset = note.offset


def _join_vibrato_swells(notes: list[SungNote], track: PitchTrack, contrast: np.ndarray,
                         clean_midi: np.ndarray) -> list[SungNote]:
    """Join same-pitch neighbours parted by a trough of the level that a vibrato makes in a room.

    The two are at most ``VIBRATO_GAP_SECONDS`` apart with the tracker still on their pitch in
    between, no consonant starts the second, the vibrato does not stop where the second starts
    (``_vibrato_restarts`` on ``clean_midi``, the take's pitch NaN where unvoiced, as
    ``_merge_reattacks`` judges it), and over the stretch around the boundary the level swings at
    the pitch's own vibrato period (``_level_follows_vibrato``). A repeated note sung with vibrato
    dips once, where it is re-sung: its level does not repeat at the vibrato's period. (The level
    before a re-sung note still swings with the held vibrato, so without the restart test this
    joined notes ``_merge_reattacks`` had kept apart: 3 of Twinkle's repeats.)
    """
    out: list[SungNote] = []
    midi = track.midi
    # Where each note's run of touching (or nearly) same-pitch neighbours ends: a note parted into
    # pieces a vibrato period long is judged on the whole held stretch, not on two pieces.
    held_until = [n.offset for n in notes]
    for k in range(len(notes) - 2, -1, -1):
        if (notes[k + 1].onset - notes[k].offset <= VIBRATO_GAP_SECONDS
                and abs(notes[k + 1].midi - notes[k].midi) < SAME_PITCH_SEMITONES):
            held_until[k] = held_until[k + 1]
    for k, note in enumerate(notes):
        if out:
            prev = out[-1]
            gap = note.onset - prev.offset
            boundary = int(round(note.onset / HOP_SECONDS))
            consonant = float(contrast[max(0, boundary - 3): boundary + 4].max()) >= KEEP_SPLIT_FLUX_CONTRAST
            a = int(round(prev.offset / HOP_SECONDS))
            between = midi[a:boundary][track.confidence[a:boundary] >= onset_events.VOICED_CONFIDENCE]
            held = len(between) >= boundary - a - 1 and bool(np.all(np.abs(between - prev.midi) < SAME_PITCH_SEMITONES))
            if (gap <= VIBRATO_GAP_SECONDS and held and abs(note.midi - prev.midi) < SAME_PITCH_SEMITONES
                    and not consonant
                    and not _vibrato_restarts(clean_midi, boundary, since=int(round(prev.onset / HOP_SECONDS)))):
                span = int(round(VIBRATO_SPAN_SECONDS / HOP_SECONDS))
                start = max(int(round(prev.onset / HOP_SECONDS)), boundary - span // 2)
                end = min(int(round(held_until[k] / HOP_SECONDS)), boundary + span // 2)
                if _level_follows_vibrato(track, start, end):
                    _extend(prev, note)
                    continue
        out.append(note)
    return out


def _level_follows_vibrato(track: PitchTrack, start: int, end: int) -> bool:
    """Whether frames [start, end) carry a vibrato and the level swings at its period: the pitch's
    autocorrelation (slow trend removed) peaks at least ``VIBRATO_COHERENCE`` at a lag in
    ``VIBRATO_PERIOD_SECONDS``, and the level's autocorrelation within ``VIBRATO_LAG_SLACK_FRAMES``
    of that lag is as high."""
    lo, hi = (int(round(x / HOP_SECONDS)) for x in VIBRATO_PERIOD_SECONDS)
    if end - start < 2 * hi:
        return False
    pitch = np.where(track.confidence[start:end] >= onset_events.VOICED_CONFIDENCE, track.midi[start:end], np.nan)
    known = np.isfinite(pitch)
    if known.mean() < 0.8:
        return False
    frames = np.arange(end - start)
    pitch = np.interp(frames, frames[known], pitch[known])
    level = track.level_db[start:end]
    period = _autocorrelation(_detrended(pitch), lo, hi)
    lag = int(np.argmax(period))
    if period[lag] < VIBRATO_COHERENCE:
        return False
    near = lo + lag - VIBRATO_LAG_SLACK_FRAMES, lo + lag + VIBRATO_LAG_SLACK_FRAMES
    return bool(_autocorrelation(_detrended(level), *near).max() >= VIBRATO_COHERENCE)


def _detrended(x: np.ndarray) -> np.ndarray:
    """``x`` less its moving average over ``VIBRATO_DETREND_SECONDS`` (the note's slow shape)."""
    width = int(round(VIBRATO_DETREND_SECONDS / HOP_SECONDS))
    kernel = np.ones(width) / width
    padded = np.pad(x, width // 2, mode="edge")
    return x - np.convolve(padded, kernel, mode="same")[width // 2: width // 2 + len(x)]


def _autocorrelation(x: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Normalised autocorrelation of ``x`` at lags lo..hi (inclusive), each over its overlap."""
    out = np.zeros(hi - lo + 1)
    for k, lag in enumerate(range(lo, hi + 1)):
        a, b = x[:-lag], x[lag:]
        a, b = a - a.mean(), b - b.mean()
        denominator = float(np.sqrt((a * a).sum() * (b * b).sum()))
        out[k] = float((a * b).sum()) / denominator if denominator > 0 else 0.0
    return out


def _dips(prev: SungNote, note: SungNote, level_db: np.ndarray, *, dip_db: float = REATTACK_DIP_DB) -> bool:
    """Whether the level between two touching notes falls ``dip_db`` below both notes' peaks, within
    ``DIP_SEARCH_SECONDS`` of the second onset; ``level_db`` shape (n_frames,), dB."""
    boundary = int(round(note.onset / HOP_SECONDS))
    half = int(round(DIP_SEARCH_SECONDS / HOP_SECONDS))
    a = int(round(prev.onset / HOP_SECONDS))
    b = int(round(note.offset / HOP_SECONDS))
    valley = float(level_db[max(a, boundary - half): boundary + half + 1].min())
    before = float(level_db[a: max(a + 1, boundary)].max())
    after = float(level_db[boundary: max(boundary + 1, b)].max())
    return min(before, after) - valley >= dip_db


def spectral_flux(samples: np.ndarray, frames: int) -> np.ndarray:
    """Positive change of the log spectrum from two frames back, summed over bins; shape (frames,)
    on the pitch track's 10 ms grid. A consonant or a new attack changes the spectrum at once; a
    vibrato or a swell changes it little."""
    hop, window = HOP_SAMPLES, FLUX_WINDOW_SAMPLES
    padded = np.zeros(window // 2 + frames * hop + window, dtype=np.float32)
    length = min(len(samples), len(padded) - window // 2)
    padded[window // 2: window // 2 + length] = samples[:length]
    framed = np.lib.stride_tricks.sliding_window_view(padded, window)[::hop][:frames]
    from scipy import fft

    # scipy's FFT keeps float32 where numpy's works in float64: faster, and the notes come out the same.
    magnitude = np.abs(fft.rfft(framed * np.hanning(window).astype(np.float32), axis=1))
    log_mag = np.log1p(100.0 * magnitude / (float(magnitude.max()) + 1e-9))
    flux = np.zeros(frames)
    flux[2:] = np.maximum(log_mag[2:] - log_mag[:-2], 0.0).sum(axis=1)
    return flux


def flux_contrast(flux: np.ndarray, *, sung: np.ndarray | None = None) -> np.ndarray:
    """Each frame's flux over the median flux of the ``FLUX_BASELINE_SECONDS`` before it (the
    sustained sound it interrupts); shape as ``flux``.

    With ``sung`` (bool per frame) the baseline counts only sung frames: a boundary just after the
    voice starts (a scoop from silence running into its note) is measured against the sound sung so
    far, not against the room tone before it, where any change in a vowel looks like a consonant.
    """
    from scipy.ndimage import median_filter

    span = int(round(FLUX_BASELINE_SECONDS / HOP_SECONDS))
    centred = median_filter(flux, size=span, mode="nearest")
    # The window ends FLUX_BASELINE_GAP frames before the frame: its own attack is not its baseline.
    lag = span // 2 + FLUX_BASELINE_GAP
    baseline = centred[np.maximum(np.arange(len(flux)) - lag, 0)]
    if sung is not None and sung.any():
        sung_baseline = _sung_baseline(flux, sung, span)
        baseline = np.where(np.isfinite(sung_baseline), sung_baseline, baseline)
    return flux / np.maximum(baseline, 1e-3 * float(flux.max()) + 1e-9)


def _sung_baseline(flux: np.ndarray, sung: np.ndarray, span: int) -> np.ndarray:
    """The median flux of the sung frames among the ``span`` frames that end ``FLUX_BASELINE_GAP``
    frames before each frame; NaN where fewer than ``MIN_SUNG_BASELINE_FRAMES`` of them are sung."""
    import warnings

    padded = np.concatenate([np.full(span + FLUX_BASELINE_GAP, np.nan), np.where(sung, flux, np.nan)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, span)[: len(flux)]
    counts = np.isfinite(windows).sum(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(windows, axis=1)
    return np.where(counts >= MIN_SUNG_BASELINE_FRAMES, median, np.nan)


def _split_pitch_changes(notes: list[SungNote], midi: np.ndarray) -> list[SungNote]:
    """Split a note whose pitch moves from one plateau to another (a slurred step too small or too
    smooth for an onset candidate); the new note starts where the glide arrives."""
    out: list[SungNote] = []
    side = int(round(PLATEAU_SECONDS / HOP_SECONDS))
    glide = int(round(PLATEAU_GLIDE_SECONDS / HOP_SECONDS))
    for note in notes:
        pending = [note]
        while pending:
            current = pending.pop(0)
            a = int(round(current.onset / HOP_SECONDS))
            b = int(round(current.offset / HOP_SECONDS))
            cut = _plateau_change(midi[a:b], side)
            if cut is None:
                cut = _plateau_change(midi[a:b], side, glide=glide)
            if cut is None:
                out.append(current)
                continue
            first = SungNote(onset=current.onset, offset=(a + cut) * HOP_SECONDS, midi=current.midi,
                             strength=current.strength)
            second = SungNote(onset=(a + cut) * HOP_SECONDS, offset=current.offset, midi=current.midi,
                              strength=SPLIT_STRENGTH)
            for part in (first, second):
                pa, pb = int(round(part.onset / HOP_SECONDS)), int(round(part.offset / HOP_SECONDS))
                part.midi = _note_midi(midi, pa, pb) or part.midi
            # Both parts again: a note can hold several slurred steps, and the largest, found
            # first, may lie after the others.
            pending[:0] = [first, second]
    return out


def _plateau_change(contour: np.ndarray, side: int, *, glide: int = 0) -> int | None:
    """Where (frame index into ``contour``) a pitch plateau of at least ``side`` frames gives way to
    another ``PLATEAU_STEP_SEMITONES`` or more away, each steady within ``PLATEAU_SPREAD``, the two
    ``glide`` frames apart (the slide between them); else None. The cut is always at least
    ``side // 2`` frames from either end."""
    n = len(contour)
    if n < 2 * side + glide + 2 or np.isfinite(contour).sum() < 2 * side:
        return None
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        windows = np.lib.stride_tricks.sliding_window_view(contour, side)  # window k covers [k, k + side)
        centre = np.nanmedian(windows, axis=1)
        spread = np.nanmedian(np.abs(windows - centre[:, None]), axis=1)
    # The left window ends ``glide`` frames before the right one starts; a cut is named by the
    # right window's start, and the search below runs from where the left one ends.
    cuts = np.arange(side + glide, n - side + 1)
    left, right = cuts - side - glide, cuts
    step = np.abs(centre[right] - centre[left])
    steady = (spread[left] < PLATEAU_SPREAD) & (spread[right] < PLATEAU_SPREAD)
    if glide:
        # The pitch must cross most of the step inside the slide: a slow drift (a scoop settling
        # over a quarter second) moves as much inside each window as between them.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            near = np.nanmedian(np.lib.stride_tricks.sliding_window_view(contour, 3), axis=1)  # near[k]: [k, k + 3)
        crossed = np.abs(near[right - 2] - near[right - glide - 1])
        steady &= crossed >= PLATEAU_GLIDE_SHARE * step
    step = np.where(steady & np.isfinite(step), step, 0.0)
    k = int(np.argmax(step))
    if step[k] < PLATEAU_STEP_SEMITONES:
        return None
    best = int(cuts[k])
    lm, rm = centre[best - side - glide], centre[best]
    # The new note starts where the glide has covered most of the step, never at either end. The
    # windows' medians differ fully for every cut within side // 2 of a clean step, and argmax takes
    # the first of them: the step itself lies side // 2 after it, so that frame is searched too (else
    # the cut fell 70 ms before the pitch moved).
    threshold = lm + 0.7 * (rm - lm)
    first = best - glide - side // 2
    with np.errstate(invalid="ignore"):
        arrived = np.sign(rm - lm) * (contour[first: best + side // 2 + 1] - threshold) >= 0
    hits = np.flatnonzero(arrived)
    return int(first + hits[0]) if len(hits) else best


def _fold_octave_outliers(notes: list[SungNote]) -> None:
    """Move a note an octave (in place) when it sits an octave-ish away from both neighbours and
    the octave brings it close to them: a tracker's octave error on a whole note, not a leap."""
    for i in range(1, len(notes) - 1):
        here, before, after = notes[i].midi, notes[i - 1].midi, notes[i + 1].midi
        for shift in (-12.0, 12.0):
            if (min(abs(here - before), abs(here - after)) >= 9.0
                    and max(abs(here + shift - before), abs(here + shift - after)) <= 7.0):
                notes[i].midi = here + shift
                break


def _lower_octave_slips(notes: list[SungNote], samples: np.ndarray) -> None:
    """Move a note an octave down (in place) when its sound has partials at both f/2 and 3f/2, f
    being its pitch: the tracker locked onto the second partial of a voice whose fundamental is weak
    (a phone's microphone), or a fold took a low note for an octave slip.

    The weaker of the two half-partials, against the stronger of f and 2f: on sing-dev's right
    notes 49 dB below (median; 39 at the 90th percentile, 28 at the 99th), on its octave-up ones
    17 to 21 dB below (one partial alone may be a neighbour a fifth up still ringing). Each must
    also be a peak, ``HALF_PARTIAL_ABOVE_FLOOR_DB`` over the noise around it: in room noise the
    loudest noise bin near f/2 passes the first test."""
    sample_rate = HOP_SAMPLES / HOP_SECONDS
    for note in notes:
        if note.midi - 12.0 < LOWEST_SUNG_MIDI:
            continue
        length = note.offset - note.onset
        a = int((note.onset + ATTACK_FRACTION * length) * sample_rate)
        b = int((note.offset - RELEASE_FRACTION * length) * sample_rate)
        steady = samples[a:b]
        if len(steady) < SUBHARMONIC_MIN_SAMPLES:
            continue
        hz = float(midi_to_hz(note.midi))
        (half, three_halves, whole, double), (half_floor, three_halves_floor, _, _) = _partials_db(
            steady, sample_rate, (0.5 * hz, 1.5 * hz, hz, 2.0 * hz))
        if (min(half, three_halves) - max(whole, double) > SUBHARMONIC_BELOW_DB
                and min(half - half_floor, three_halves - three_halves_floor) >= HALF_PARTIAL_ABOVE_FLOOR_DB):
            note.midi -= 12.0


def _partials_db(samples: np.ndarray, sample_rate: float, frequencies: tuple[float, ...]
                 ) -> tuple[list[float], list[float]]:
    """The spectrum's peak (dB) within ``SUBHARMONIC_BAND`` of each frequency (Hz), -240 above
    Nyquist; and its median within ``SUBHARMONIC_FLOOR_BAND`` (the noise a peak must stand above)."""
    size = max(SUBHARMONIC_FFT_SIZE, 1 << int(np.ceil(np.log2(len(samples)))))
    spectrum = 20 * np.log10(np.abs(np.fft.rfft(samples * np.hanning(len(samples)), n=size)) + 1e-12)
    bin_hz = sample_rate / size
    peaks, floors = [], []
    for frequency in frequencies:
        lo = int(frequency * (1 - SUBHARMONIC_BAND) / bin_hz)
        hi = int(frequency * (1 + SUBHARMONIC_BAND) / bin_hz) + 1
        peaks.append(float(spectrum[lo:hi].max()) if hi < len(spectrum) else -240.0)
        lo = int(frequency * (1 - SUBHARMONIC_FLOOR_BAND) / bin_hz)
        hi = int(frequency * (1 + SUBHARMONIC_FLOOR_BAND) / bin_hz) + 1
        floors.append(float(np.median(spectrum[lo:hi])) if hi < len(spectrum) else -240.0)
    return peaks, floors


def _run_ends(solid: np.ndarray) -> np.ndarray:
    """For each frame, the last frame index of the voiced run it sits in (itself where unvoiced)."""
    n = len(solid)
    ends = np.arange(n)
    last = n - 1
    for i in range(n - 1, -1, -1):
        if not solid[i]:
            last = i - 1
        else:
            ends[i] = last
    return ends


def singer_tuning(notes: list[SungNote]) -> float:
    """How far the singer sits from A440 equal temperament (semitones, in [-0.5, 0.5)): the
    circular mean of the notes' fractional parts, each weighted by its length."""
    frac = np.array([n.midi for n in notes]) % 1.0
    weights = np.array([n.offset - n.onset for n in notes])
    angle = np.angle(np.sum(weights * np.exp(2j * np.pi * frac)))
    return float(((angle / (2 * np.pi)) + 0.5) % 1.0 - 0.5)


def tuning_curve(notes: list[SungNote], *, follow_seconds: float = TUNING_FOLLOW_SECONDS) -> np.ndarray:
    """Each note's tuning reference (semitones from A440 equal temperament; shape (len(notes),)):
    the circular mean of the fractional parts of the notes around it, each weighted by its length
    and a Gaussian of width ``follow_seconds`` in time, taken within half a semitone of the take's
    own tuning (``singer_tuning``). With no drift it is that tuning at every note.

    Rounding every note against the take's tuning writes a sinking or rising singer's notes a
    semitone off, back and forth, where the drift carries them across the edge that tuning sets.
    The curve is not unwrapped beyond half a semitone: where a singer's notes scatter across the
    edge, an unwrapped circular mean slips a whole semitone and the rest of the take changes key
    (sing-dev, docs/transcription.md, trans19). A singer drifting more than a semitone in all is
    written a semitone off once, from where the drift passes half a semitone from the take's tuning."""
    if not notes:
        return np.zeros(0)
    tuning = singer_tuning(notes)
    midi = np.array([n.midi for n in notes])
    weights = np.array([n.offset - n.onset for n in notes])
    centres = np.array([(n.onset + n.offset) / 2 for n in notes])  # in order: notes do not overlap
    phasors = weights * np.exp(2j * np.pi * (midi % 1.0))
    reach = 4.0 * follow_seconds  # the Gaussian's weight beyond is under 0.04 %
    lo = np.searchsorted(centres, centres - reach)
    hi = np.searchsorted(centres, centres + reach, side="right")
    local = np.array([np.angle(np.sum(np.exp(-0.5 * ((centres[a:b] - c) / follow_seconds) ** 2) * phasors[a:b]))
                      for c, a, b in zip(centres, lo, hi, strict=True)]) / (2 * np.pi)
    return tuning + (local - tuning + 0.5) % 1.0 - 0.5


def key_scores(notes: list[SungNote], *, tuning: float | np.ndarray = 0.0) -> np.ndarray:
    """Correlation of the length-weighted pitch-class profile with each key: shape (2, 12),
    row 0 major and row 1 minor, column the tonic's pitch class. ``tuning`` is the take's
    (semitones) or each note's (``tuning_curve``)."""
    written = np.round(np.array([n.midi for n in notes]) - tuning).astype(int)
    histogram = np.zeros(12)
    for note, degree in zip(notes, written, strict=True):
        histogram[degree % 12] += min(note.offset - note.onset, 2.0)
    # A melody ends (and often starts) on its tonic: that tells relative major and minor apart.
    if notes:
        histogram[written[-1] % 12] += LAST_NOTE_KEY_WEIGHT * histogram.sum() / len(notes)
        histogram[written[0] % 12] += FIRST_NOTE_KEY_WEIGHT * histogram.sum() / len(notes)
    scores = np.zeros((2, 12))
    if not histogram.any():
        return scores
    for row, profile in enumerate((MAJOR_PROFILE, MINOR_PROFILE)):
        for tonic in range(12):
            scores[row, tonic] = np.corrcoef(histogram, np.roll(profile, tonic))[0, 1]
    return np.nan_to_num(scores)


def estimate_key(notes: list[SungNote], *, tuning: float | np.ndarray = 0.0) -> Key:
    """The best-fitting major or minor key of the notes (Krumhansl–Schmuckler)."""
    scores = key_scores(notes, tuning=tuning)
    row, tonic = np.unravel_index(int(np.argmax(scores)), scores.shape)
    if row == 0:
        return Key(_MAJOR_TONICS[tonic], "major")
    return Key(_MINOR_TONICS[tonic], "minor")
