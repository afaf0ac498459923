"""Frame-wise pitch tracking: YIN (numpy, vectorised), pYIN (librosa), CREPE (torch).

Every tracker returns a ``PitchTrack`` on the same 10 ms grid: frame ``i`` is
centred at ``i * HOP_SECONDS`` seconds, f0 in Hz (NaN where unvoiced), a
confidence in [0, 1] and the frame level in dBFS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .audio import SAMPLE_RATE_HZ

HOP_SAMPLES = 160
HOP_SECONDS = HOP_SAMPLES / SAMPLE_RATE_HZ
RMS_WINDOW_SAMPLES = 480
# Widest range any tracker searches (a low bass voice to a piccolo's top).
MIN_F0_HZ = 50.0
MAX_F0_HZ = 2100.0
YIN_THRESHOLD = 0.15
# A strong formant ripples the difference function with side dips one formant period either side
# of the true one; the first dip under the threshold can be the near side dip (a low voice then
# reads a semitone sharp). The deepest dip up to this lag ratio past the first is the period.
SIDE_DIP_LAG_RATIO = 1.12
TRACKERS = ("auto", "yin", "pyin", "crepe-tiny", "crepe-full")


@dataclass
class PitchTrack:
    """Per-frame pitch: all arrays shape (n_frames,), frame i at i * HOP_SECONDS s.

    ``f0_hz`` is NaN where the tracker heard no pitch; ``confidence`` in [0, 1];
    ``level_db`` is the frame RMS in dBFS (about -120 for digital silence).
    """

    f0_hz: np.ndarray
    confidence: np.ndarray
    level_db: np.ndarray

    @property
    def times(self) -> np.ndarray:
        return np.arange(len(self.f0_hz)) * HOP_SECONDS

    @property
    def midi(self) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return 69.0 + 12.0 * np.log2(self.f0_hz / 440.0)


def hz_to_midi(hz: np.ndarray | float) -> np.ndarray:
    return 69.0 + 12.0 * np.log2(np.asarray(hz, dtype=np.float64) / 440.0)


def midi_to_hz(midi: np.ndarray | float) -> np.ndarray:
    return 440.0 * 2.0 ** ((np.asarray(midi, dtype=np.float64) - 69.0) / 12.0)


def n_frames(n_samples: int) -> int:
    return 1 + n_samples // HOP_SAMPLES


def frame_signal(samples: np.ndarray, length: int) -> np.ndarray:
    """Centred frames, shape (n_frames, length); frame i starts at i*HOP - length//2 (zero padded)."""
    n = n_frames(len(samples))
    pad_left = length // 2
    padded = np.zeros(pad_left + n * HOP_SAMPLES + length, dtype=np.float32)
    padded[pad_left : pad_left + len(samples)] = samples
    return np.lib.stride_tricks.as_strided(
        padded, shape=(n, length), strides=(HOP_SAMPLES * padded.strides[0], padded.strides[0])
    )


def frame_level_db(samples: np.ndarray) -> np.ndarray:
    """Frame RMS in dBFS, shape (n_frames,), from a centred 30 ms window."""
    sq = np.concatenate([[0.0], np.cumsum(samples.astype(np.float64) ** 2)])
    centres = np.arange(n_frames(len(samples))) * HOP_SAMPLES
    lo = np.clip(centres - RMS_WINDOW_SAMPLES // 2, 0, len(samples))
    hi = np.clip(centres + RMS_WINDOW_SAMPLES // 2, 0, len(samples))
    energy = (sq[hi] - sq[lo]) / RMS_WINDOW_SAMPLES
    return 10.0 * np.log10(energy + 1e-12)


def yin(
    samples: np.ndarray,
    *,
    fmin_hz: float = MIN_F0_HZ,
    fmax_hz: float = MAX_F0_HZ,
    threshold: float = YIN_THRESHOLD,
) -> PitchTrack:
    """YIN (de Cheveigné & Kawahara 2002) on every 10 ms frame, vectorised with FFTs.

    ``samples`` shape (n,) at 16 kHz. Lags are searched only for f0 in
    [fmin_hz, fmax_hz]; the integration window grows with the longest lag so
    low notes still see two periods. Confidence is 1 - the CMND dip (aperiodicity).
    """
    from scipy import fft

    tau_min = max(2, int(np.floor(SAMPLE_RATE_HZ / fmax_hz)))
    tau_max = int(np.ceil(SAMPLE_RATE_HZ / fmin_hz)) + 1
    window = int(min(1024, max(320, 2 * tau_max)))
    length = window + tau_max + 1
    n_fft = 1 << int(np.ceil(np.log2(length)))
    frames = frame_signal(samples, length)  # (n, length)
    # scipy's float32 FFT: numpy's took three times as long on these frames, and YIN's FFTs were
    # the largest single cost of grading a take.
    spec_full = fft.rfft(frames, n=n_fft, axis=1)
    spec_head = fft.rfft(frames[:, :window], n=n_fft, axis=1)
    acf = fft.irfft(np.conj(spec_head) * spec_full, n=n_fft, axis=1)[:, : tau_max + 1]  # (n, tau_max+1)
    # Energy of each frame's window at every lag, from one running sum over the take (frame i's
    # sample k is the take's sample i*HOP + k - length//2; outside the take, zeros).
    running = np.concatenate([[0.0], np.cumsum(samples.astype(np.float64) ** 2)])
    taus = np.arange(tau_max + 1)
    first = (np.arange(len(frames)) * HOP_SAMPLES - length // 2)[:, None] + taus
    energy_lag = running[np.clip(first + window, 0, len(samples))] - running[np.clip(first, 0, len(samples))]
    diff = energy_lag[:, :1] + energy_lag - 2.0 * acf
    diff[:, 0] = 0.0
    np.maximum(diff, 0.0, out=diff)
    cum = np.cumsum(diff[:, 1:], axis=1)
    cmnd = np.ones_like(diff)
    cmnd[:, 1:] = diff[:, 1:] * taus[1:] / np.maximum(cum, 1e-12)
    search = cmnd[:, tau_min : tau_max]  # lags tau_min .. tau_max-1
    left = cmnd[:, tau_min - 1 : tau_max - 1]
    right = cmnd[:, tau_min + 1 : tau_max + 1]
    # Where no dip reaches the threshold (attacks, noise) take the first dip close to the
    # deepest one rather than the deepest itself, which is often a period multiple (octave down).
    floor = np.min(search, axis=1, keepdims=True)
    limit = np.maximum(threshold, floor + 0.1)
    is_dip = (search < left) & (search <= right) & (search < limit)
    has_dip = is_dip.any(axis=1)
    first = np.argmax(is_dip, axis=1)
    best = np.argmin(search, axis=1)
    lags = np.arange(tau_min, tau_max)
    near = (lags >= (first + tau_min)[:, None]) & (lags <= SIDE_DIP_LAG_RATIO * (first + tau_min)[:, None])
    local_min = (search < left) & (search <= right)
    first = np.argmin(np.where(near & local_min, search, np.inf), axis=1)
    idx = np.where(has_dip, first, best) + tau_min
    rows = np.arange(len(frames))
    c0 = cmnd[rows, idx]
    # Sub-sample lag from a parabola through the raw difference function: the CMND's
    # normalisation tilts it and biases short lags (high notes) by several cents.
    d0 = diff[rows, idx]
    cm = diff[rows, np.maximum(idx - 1, 1)]
    cp = diff[rows, np.minimum(idx + 1, tau_max)]
    c0, d0 = d0, c0
    denom = cm - 2 * c0 + cp
    shift = np.where(np.abs(denom) > 1e-9, 0.5 * (cm - cp) / np.where(np.abs(denom) > 1e-9, denom, 1.0), 0.0)
    lag = idx + np.clip(shift, -0.5, 0.5)
    f0 = SAMPLE_RATE_HZ / lag
    conf = np.clip(1.0 - d0, 0.0, 1.0)
    level = frame_level_db(samples)
    silent = level < -70.0
    conf[silent] = 0.0
    f0 = np.where(conf > 0.3, f0, np.nan)
    return PitchTrack(f0.astype(np.float64), conf.astype(np.float64), level)


# Lowest-partial check: a stiff string's upper partials run sharp of its harmonic series (a
# piano's 8th partial near C5 by ~45 cents), and YIN's period, which every partial pulls on, reads
# such a note 10-30 cents sharp where a listener hears its first partials in tune.
PARTIAL_WINDOW_PERIODS = 8
PARTIAL_WINDOW_SAMPLES = (1024, 4096)
PARTIAL_SEARCH_CENTS = 60.0
PARTIAL_MIN_FRAMES = 4
PARTIAL_MAX_SPREAD_CENTS = 15.0  # frames that disagree more than this are no steady bias
PARTIAL_MAX_OFFSET_CENTS = 50.0
# The pull is always sharp and 10-30 cents where it matters; on a voice the two readings differ by a
# few cents either way (formants and vibrato move the peaks), which is noise, not a stiff string.
PARTIAL_MIN_PULL_CENTS = 8.0


def lowest_partials_offset(samples: np.ndarray, frames: np.ndarray, midi: np.ndarray) -> float | None:
    """The correction (semitones, negative) down to a note's first two partials; None: no clear pull.

    ``frames`` (shape (n,)) are frame indices in the note's steady part and ``midi`` the tracker's
    pitch there. Per frame, the peaks nearest the frame's f0 and twice it (Hann window of about
    eight periods, FFT zero-padded fourfold, parabolic interpolation on log magnitude), each divided by its
    harmonic number and weighted by its magnitude (a phone band's weak fundamental counts less),
    are compared with the frame's pitch; the answer is the median over frames when they agree and
    it is a clear sharp pull (``PARTIAL_MIN_PULL_CENTS`` to ``PARTIAL_MAX_OFFSET_CENTS``). For a
    harmonic tone there is none; for a stiff string it undoes YIN's sharp pull.
    """
    ok = np.isfinite(midi)
    frames, midi = frames[ok], midi[ok]
    if len(frames) < PARTIAL_MIN_FRAMES:
        return None
    f0 = midi_to_hz(float(np.median(midi)))
    length = int(np.clip(PARTIAL_WINDOW_PERIODS * SAMPLE_RATE_HZ / f0, *PARTIAL_WINDOW_SAMPLES))
    n_fft = 1 << int(np.ceil(np.log2(length * 4)))
    # Only the stretch the frames cover, zero-padded past the take's ends (frames are centred).
    first = int(frames.min()) * HOP_SAMPLES - length // 2
    stretch = np.zeros(int(frames.max() - frames.min()) * HOP_SAMPLES + length)
    lo, hi = max(first, 0), min(first + len(stretch), len(samples))
    if hi > lo:
        stretch[lo - first: hi - first] = samples[lo:hi]
    starts = (frames - frames.min()) * HOP_SAMPLES
    segments = np.stack([stretch[i: i + length] for i in starts])
    mag = np.log(np.abs(np.fft.rfft(segments * np.hanning(length), n=n_fft, axis=1)) + 1e-12)
    bin_hz = SAMPLE_RATE_HZ / n_fft
    offsets = []
    for row, m in zip(mag, midi, strict=True):
        f = float(midi_to_hz(m))
        logs, weights = [], []
        for h in (1, 2):
            lo = int(h * f * 2 ** (-PARTIAL_SEARCH_CENTS / 1200) / bin_hz)
            hi = int(h * f * 2 ** (PARTIAL_SEARCH_CENTS / 1200) / bin_hz) + 1
            if lo < 1 or hi >= len(row) - 1:
                continue
            i = lo + int(np.argmax(row[lo:hi]))
            y0, y1, y2 = row[i - 1], row[i], row[i + 1]
            curve = y0 - 2 * y1 + y2
            # A flat-topped peak (curve near 0) would throw the vertex bins away: stay within half a bin.
            shift = float(np.clip(0.5 * (y0 - y2) / curve, -0.5, 0.5)) if curve < 0 else 0.0
            logs.append(np.log2((i + shift) * bin_hz / (h * f)))
            weights.append(np.exp(y1))
        if logs:
            offsets.append(12.0 * float(np.average(logs, weights=weights)))
    if len(offsets) < PARTIAL_MIN_FRAMES:
        return None
    offs = np.asarray(offsets)
    centre = float(np.median(offs))
    if 100 * float(np.median(np.abs(offs - centre))) > PARTIAL_MAX_SPREAD_CENTS:
        return None
    if not -PARTIAL_MAX_OFFSET_CENTS <= 100 * centre <= -PARTIAL_MIN_PULL_CENTS:
        return None
    return centre


def pyin(samples: np.ndarray, *, fmin_hz: float = MIN_F0_HZ, fmax_hz: float = MAX_F0_HZ) -> PitchTrack:
    """librosa's probabilistic YIN; confidence is its voicing probability. Shapes as ``yin``."""
    import librosa

    f0, _voiced, prob = librosa.pyin(
        samples,
        fmin=fmin_hz,
        fmax=fmax_hz,
        sr=SAMPLE_RATE_HZ,
        frame_length=1024,
        hop_length=HOP_SAMPLES,
        center=True,
    )
    n = n_frames(len(samples))
    f0 = np.resize(np.asarray(f0, dtype=np.float64), n)
    prob = np.resize(np.nan_to_num(np.asarray(prob, dtype=np.float64)), n)
    return PitchTrack(f0, prob, frame_level_db(samples))


# A string left ringing under the next note (a harp's undamped strings, a piano's pedal) pulls YIN's
# period toward its own: in-tune harp notes read 26-46 cents toward the string before. The new
# note's partials that lie clear of the ringing note's partials are not pulled.
CLEAR_WINDOW_MAX_SAMPLES = 8192
CLEAR_MIN_BINS = 3.0  # a partial this many bins (of the window) from every ringing partial is clear
CLEAR_MAX_HARMONIC = 4
CLEAR_SEARCH_CENTS = 70.0


def clear_partials_offset(samples: np.ndarray, start: int, end: int, midi: float,
                          ringing: list[float]) -> float | None:
    """The correction (semitones) from ``midi`` to the note's own partials clear of ``ringing``'s.

    ``start``/``end`` are the frames of the note's steady part, read as one Hann window (at most
    ``CLEAR_WINDOW_MAX_SAMPLES``) so that a partial a few percent from a ringing one is resolved. Among
    the note's first ``CLEAR_MAX_HARMONIC`` partials, those ``CLEAR_MIN_BINS`` bins or more from every
    partial of every ``ringing`` pitch are found (peak within ``CLEAR_SEARCH_CENTS``, parabolic
    interpolation) and the lowest two, weighted by magnitude, give the answer. None: none is clear.
    """
    a = max(0, start * HOP_SAMPLES)
    b = min(len(samples), end * HOP_SAMPLES, a + CLEAR_WINDOW_MAX_SAMPLES)
    length = b - a
    f = float(midi_to_hz(midi))
    if length < 4 * SAMPLE_RATE_HZ / f:
        return None
    n_fft = 1 << int(np.ceil(np.log2(length * 4)))
    row = np.log(np.abs(np.fft.rfft(samples[a:b] * np.hanning(length), n=n_fft)) + 1e-12)
    bin_hz = SAMPLE_RATE_HZ / n_fft
    clear_hz = CLEAR_MIN_BINS * SAMPLE_RATE_HZ / length
    others = [float(midi_to_hz(m)) for m in ringing]
    logs, weights = [], []
    freqs = np.arange(len(row)) * bin_hz
    for h in range(1, CLEAR_MAX_HARMONIC + 1):
        target = h * f
        lo = int(target * 2 ** (-CLEAR_SEARCH_CENTS / 1200) / bin_hz)
        hi = int(target * 2 ** (CLEAR_SEARCH_CENTS / 1200) / bin_hz) + 1
        if lo < 2 or hi >= len(row) - 2:
            continue
        # Bins near a ringing partial are no part of the search.
        free = np.ones(hi - lo, bool)
        for g in others:
            for k in range(max(1, int((freqs[lo] - clear_hz) / g)), int((freqs[hi] + clear_hz) / g) + 1):
                free &= np.abs(freqs[lo:hi] - k * g) >= clear_hz
        if not free.any():
            continue
        i = lo + int(np.argmax(np.where(free, row[lo:hi], -np.inf)))
        if not (row[i - 1] < row[i] > row[i + 1]) or not (free[max(i - lo - 1, 0)] and free[min(i - lo + 1, hi - lo - 1)]):
            continue  # no peak of its own: the slope of something else
        y0, y1, y2 = row[i - 1], row[i], row[i + 1]
        curve = y0 - 2 * y1 + y2
        shift = float(np.clip(0.5 * (y0 - y2) / curve, -0.5, 0.5)) if curve < 0 else 0.0
        logs.append(np.log2((i + shift) * bin_hz / target))
        weights.append(np.exp(y1))
        if len(logs) == 2:
            break
    if not logs:
        return None
    return 12.0 * float(np.average(logs, weights=weights))


# A note whose third partial is far louder than its first two (a harmonica reed, a tuba or clarinet
# note through a room) can be read at that partial: a twelfth up, which octave folding turns into a
# fourth below. Its own fundamental and the partials between are still there, clear peaks; a note
# truly played at the read pitch has nothing at a third of it.
SUBHARMONIC_WINDOW_MAX_SAMPLES = 8192
SUBHARMONIC_MIN_PERIODS = 8
SUBHARMONIC_SEARCH_CENTS = 40.0


def partial_levels(samples: np.ndarray, start: int, end: int, f0_hz: float,
                   harmonics: tuple[float, ...]) -> tuple[np.ndarray, float] | None:
    """The level (dB) at each of ``harmonics`` times ``f0_hz`` in frames [start, end), and the band's floor.

    One Hann window over the frames (at most ``SUBHARMONIC_WINDOW_MAX_SAMPLES``; widened about their
    centre to ``SUBHARMONIC_MIN_PERIODS`` periods where shorter, so that a note read on a few frames
    still resolves its partials), zero-padded fourfold. A partial's level is the highest bin within ``SUBHARMONIC_SEARCH_CENTS`` of it if that bin is a
    local peak, else -inf (a slope of something else). The floor is the median level between the lowest
    and the highest harmonic + 0.5 times ``f0_hz``. None: the take is shorter than that window
    or a partial lies past the Nyquist frequency.
    """
    shortest = int(np.ceil(SUBHARMONIC_MIN_PERIODS * SAMPLE_RATE_HZ / f0_hz))
    a = start * HOP_SAMPLES
    b = min(end * HOP_SAMPLES, a + SUBHARMONIC_WINDOW_MAX_SAMPLES)
    if b - a < shortest:
        a = (a + b - shortest) // 2
        b = a + shortest
    a, b = max(0, a), min(len(samples), b)
    length = b - a
    if length < shortest:
        return None
    n_fft = 1 << int(np.ceil(np.log2(length * 4)))
    row = 20.0 * np.log10(np.abs(np.fft.rfft(samples[a:b] * np.hanning(length), n=n_fft)) + 1e-9)
    bin_hz = SAMPLE_RATE_HZ / n_fft
    top = int((max(harmonics) + 0.5) * f0_hz / bin_hz)
    if top >= len(row) - 2:
        return None
    floor = float(np.median(row[int(min(harmonics) * f0_hz / bin_hz): top]))
    levels = np.full(len(harmonics), -np.inf)
    for n, h in enumerate(harmonics):
        lo = max(1, int(h * f0_hz * 2 ** (-SUBHARMONIC_SEARCH_CENTS / 1200) / bin_hz))
        hi = int(h * f0_hz * 2 ** (SUBHARMONIC_SEARCH_CENTS / 1200) / bin_hz) + 1
        i = lo + int(np.argmax(row[lo:hi]))
        if row[i - 1] < row[i] > row[i + 1]:
            levels[n] = row[i]
    return levels, floor
