"""Audio and scores made in code for the analysis tests."""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SR = 16_000


@dataclass
class Played:
    """A note as performed: MIDI pitch (may be detuned), onset and duration in seconds."""

    midi: float
    onset: float
    duration: float


def tone(midi: float, seconds: float, *, sr: int = SR, vibrato_cents: float = 0.0, scoop_cents: float = 0.0,
         fall_cents: float = 0.0, harmonics: tuple[float, ...] = (1.0, 0.5, 0.35, 0.25, 0.15),
         level: float = 0.3) -> np.ndarray:
    """A harmonic tone with optional vibrato (5.5 Hz), a scoop from below in its first 80 ms and a fall
    (over 50 ms, 350 ms before its end) that it holds to the end."""
    t = np.arange(int(seconds * sr)) / sr
    cents = vibrato_cents * np.sin(2 * np.pi * 5.5 * t)
    if scoop_cents:
        cents -= scoop_cents * np.clip(1 - t / 0.08, 0, 1)
    if fall_cents:
        cents -= fall_cents * np.clip((t - (seconds - 0.35)) / 0.05, 0, 1)
    f = 440.0 * 2 ** ((midi - 69) / 12 + cents / 1200)
    phase = 2 * np.pi * np.cumsum(f) / sr
    x = sum(a * np.sin(h * phase) for h, a in enumerate(harmonics, start=1) if a and f.max() * h < sr / 2)
    env = np.minimum(1, np.minimum(t / 0.02, (seconds - t) / 0.03).clip(0))
    return (level * env * x / max(sum(harmonics), 1e-9)).astype(np.float32)


def early_swell_take(*, fall_cents: float = 0.0) -> tuple[np.ndarray, list[int], list[float]]:
    """Six notes for a score at 100 BPM; the third is sung 450 ms early and softly, swelling where the
    score has it (a free-tempo follower may match it at the swell), with an optional fall at its end.
    Returns the samples, the notes and where each was sung."""
    midis = [60, 62, 64, 65, 67, 65]
    starts = [0.8 + 0.6 * i for i in range(len(midis))]
    early = 0.45
    starts[2] -= early
    x = 0.002 * np.random.default_rng(0).standard_normal(int(4.8 * SR))
    for i, (m, start) in enumerate(zip(midis, starts, strict=True)):
        end = starts[i + 1] - 0.05 if i + 1 < len(midis) else start + 0.5
        y = tone(m, end - start, fall_cents=fall_cents if i == 2 else 0.0)
        if i == 2:
            y = y * np.where(np.arange(len(y)) / SR < early, 0.45, 1.0)
        at = int(start * SR)
        x[at : at + len(y)] += y
    return x.astype(np.float32), midis, starts


def render(notes: list[Played], *, total: float, noise: float = 0.002, seed: int = 0, **kw) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = (noise * rng.standard_normal(int(total * SR))).astype(np.float32)
    for n in notes:
        x = tone(n.midi, n.duration, **kw)
        i = int(n.onset * SR)
        out[i : i + len(x)] += x[: len(out) - i]
    return out


def write_wav(path: Path, samples: np.ndarray, *, sr: int = SR, channels: int = 1) -> Path:
    data = np.clip(samples, -1, 1)
    if channels > 1:
        data = np.repeat(data[:, None], channels, axis=1)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes((data * 32767).astype("<i2").tobytes())
    return path


def write_encoded(path: Path, samples: np.ndarray, *, codec: str, sr: int = 48_000, bit_rate: int = 64_000) -> Path:
    """Encode with PyAV (e.g. codec 'libopus' into .ogg/.webm, 'flac' into .flac)."""
    import av
    from scipy.signal import resample_poly

    x = resample_poly(samples, sr // 1000, SR // 1000).astype(np.float32) if sr != SR else samples
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=sr)
        stream.layout = "mono"
        if codec != "flac":
            stream.bit_rate = bit_rate
        fmt = "flt" if codec == "libopus" else "s16"
        frame_size = 960
        for i in range(0, len(x), frame_size):
            chunk = x[i : i + frame_size]
            arr = chunk[None, :] if fmt == "flt" else (np.clip(chunk, -1, 1) * 32767).astype(np.int16)[None, :]
            frame = av.AudioFrame.from_ndarray(arr, format=fmt, layout="mono")
            frame.sample_rate = sr
            frame.pts = i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def write_score(path: Path, midis: list[int | None], durations: list[float], *, bpm: float = 120,
                ts: str = "4/4") -> Path:
    """A one-part MusicXML score: None is a rest; durations in quarter notes."""
    import music21

    part = music21.stream.Part()
    part.append(music21.meter.TimeSignature(ts))
    part.append(music21.tempo.MetronomeMark(number=bpm))
    for m, d in zip(midis, durations, strict=True):
        el = music21.note.Rest(quarterLength=d) if m is None else music21.note.Note(m, quarterLength=d)
        part.append(el)
    score = music21.stream.Score([part])
    score.write("musicxml", fp=str(path))
    return path




#: A small choir piece for multi-part tests: (part name, [(MIDI or None for a rest, quarter notes)]).
#: The alto comes in a bar after the others; the bass has a chord-free line an octave down.
CHOIR = (
    ("Soprano", [(72, 1), (74, 1), (76, 1), (77, 1), (79, 2), (77, 2)]),
    ("Alto", [(None, 4), (64, 1), (65, 1), (67, 1), (65, 1)]),
    ("Bass", [(48, 2), (55, 2), (53, 2), (48, 2)]),
)


def write_choir(path: Path, *, bpm: float = 100) -> Path:
    """A three-part MusicXML score (``CHOIR``) with part names, a 4/4 bar and a tempo mark."""
    import music21

    score = music21.stream.Score()
    for number, (name, notes) in enumerate(CHOIR):
        part = music21.stream.Part()
        part.partName = name
        part.id = f"P{number + 1}"
        part.append(music21.meter.TimeSignature("4/4"))
        if number == 0:
            part.append(music21.tempo.MetronomeMark(number=bpm))
        for midi, quarters in notes:
            part.append(music21.note.Rest(quarterLength=quarters) if midi is None
                        else music21.note.Note(midi, quarterLength=quarters))
        score.insert(0, part)
    score.write("musicxml", fp=str(path))
    return path
