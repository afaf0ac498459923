"""Audio through the FluidSynth command line and the General MIDI soundfont.

Melody and backing are rendered as separate stems (in parallel, one
FluidSynth process each) and mixed in numpy; the mix is brought to the
project's one loudness and written as WAV and, encoded from the same samples,
as OGG Vorbis (libsndfile, through soundfile), so the download plays as loud
as the page's audio.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import wave
from pathlib import Path

import numpy as np

from music.midi import midi_bytes

from .tracks import Track

SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
SAMPLE_RATE_HZ = 44100
FLUIDSYNTH_GAIN = 0.6
#: Every rendered practice file (drills, exercises, lesson and ear-training questions) is scaled to this
#: RMS over its sounding part, so nothing plays 10-15 dB quieter than the page before it.
TARGET_RMS_DBFS = -20.0
#: ... unless that would push a peak above this.
MAX_PEAK_DBFS = -1.0
RENDER_TIMEOUT_S = 60
#: In a mix of a ``melody`` and a ``backing`` stem the tune stands at least this far over its backing (RMS
#: over the tune's span). The styles' velocities keep it 1-5 dB over for most tunes (benchmarks/loudness.py
#: --styles), but a tune of long piano notes dies away under sustained chords (a level-1 drill of whole and
#: half notes sat 1-3 dB under every style): there the backing is brought down.
MELODY_OVER_BACKING_DB = 1.0


class AudioUnavailable(RuntimeError):
    """FluidSynth or the soundfont is missing on this machine."""


def _fluidsynth() -> str:
    exe = shutil.which("fluidsynth")
    if exe is None or not SOUNDFONT.exists():
        raise AudioUnavailable("audio: fluidsynth and the GM soundfont (fluid-soundfont-gm) are required")
    return exe


def _start_render(exe: str, midi_path: Path, out_path: Path) -> subprocess.Popen[bytes]:
    # Dynamic sample loading reads only the instruments used: ~0.2 s instead of ~0.5 s per run.
    return subprocess.Popen(
        [exe, "-ni", "-q", "-o", "synth.dynamic-sample-loading=1", "-g", str(FLUIDSYNTH_GAIN),
         "-r", str(SAMPLE_RATE_HZ), "-T", "wav", "-F", str(out_path), str(SOUNDFONT), str(midi_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def _read_wav(path: Path) -> np.ndarray:
    """Samples as float32, shape ``(frames, channels)``, range -1..1."""
    with wave.open(str(path), "rb") as w:
        frames = w.readframes(w.getnframes())
        channels = w.getnchannels()
        width = w.getsampwidth()
    full_scale = {2: 32767.0, 4: 2147483647.0}[width]
    data = np.frombuffer(frames, dtype=np.int16 if width == 2 else np.int32).astype(np.float32) / full_scale
    return data.reshape(-1, channels)


def loudness_gain(samples: np.ndarray, *, target_rms_dbfs: float = TARGET_RMS_DBFS,
                  max_peak_dbfs: float = MAX_PEAK_DBFS) -> float:
    """The factor that brings ``samples`` (float, -1..1, any shape) to ``target_rms_dbfs``.

    RMS is taken over samples above -60 dBFS (the sounding part, so a long rest does not
    count as quiet music); the factor is capped so no peak passes ``max_peak_dbfs``.
    Silence gets 1.0.

    >>> x = np.full(8000, 0.01)  # -40 dBFS
    >>> round(float(20 * np.log10(loudness_gain(x) * 0.01)), 1)
    -20.0
    """
    sounding = np.abs(samples[np.abs(samples) > 1e-3])
    if sounding.size == 0:
        return 1.0
    rms = float(np.sqrt(np.mean(sounding**2)))
    gain = 10 ** (target_rms_dbfs / 20) / rms
    return min(gain, 10 ** (max_peak_dbfs / 20) / float(sounding.max()))


def backing_gain(melody: np.ndarray, backing: np.ndarray, *,
                 melody_over_backing_db: float = MELODY_OVER_BACKING_DB) -> float:
    """The factor (at most 1) that keeps ``backing`` at least ``melody_over_backing_db`` under ``melody``.

    Both are float samples, shape ``(frames, channels)``, from the same start. Levels are RMS over the
    tune's span, from its first to its last sample above -60 dBFS (the count-in before it and the release
    after it left out). 1.0 where the backing is already that far under, or either is silent there.

    >>> t = np.ones((1000, 1))
    >>> round(backing_gain(0.1 * t, 0.2 * t, melody_over_backing_db=0.0), 3), backing_gain(0.2 * t, 0.1 * t)
    (0.5, 1.0)
    """
    loud = np.flatnonzero(np.abs(melody).max(axis=1) > 1e-3)
    if loud.size == 0:
        return 1.0
    span = slice(int(loud[0]), int(loud[-1]) + 1)
    tune = float(np.sqrt(np.mean(melody[span].astype(np.float64) ** 2)))
    under = backing[span].astype(np.float64)
    band = float(np.sqrt(np.mean(under**2))) if under.size else 0.0
    if band <= 0.0:
        return 1.0
    return min(1.0, tune / band / 10 ** (melody_over_backing_db / 20))


def normalise_wav(path: Path) -> Path:
    """Rewrite a 16-bit WAV at the project's one loudness (see ``loudness_gain``)."""
    with wave.open(str(path), "rb") as w:
        rate = w.getframerate()
    samples = _read_wav(path)
    return _write_wav(path, samples * loudness_gain(samples), sample_rate_hz=rate)


def _write_wav(path: Path, samples: np.ndarray, *, sample_rate_hz: int = SAMPLE_RATE_HZ) -> Path:
    clipped = np.clip(samples, -1.0, 1.0)
    pcm = (clipped * 32767.0).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(samples.shape[1])
        w.setsampwidth(2)
        w.setframerate(sample_rate_hz)
        w.writeframes(pcm.tobytes())
    return path


# libvorbis allocates a block's whole length on the stack: one write of a minute of stereo at 44.1 kHz overflows
# the 8 MB stack and kills the process (SIGSEGV; half the render jobs of 16-bar drills died so). Blocks of this
# many frames stay far below that, whatever the length.
OGG_WRITE_BLOCK_FRAMES = 65536


def _write_ogg(path: Path, samples: np.ndarray, *, sample_rate_hz: int = SAMPLE_RATE_HZ) -> Path:
    """Samples (float, -1..1, shape ``(frames, channels)``) as OGG Vorbis, written in blocks (any length)."""
    import soundfile

    clipped = np.clip(samples, -1.0, 1.0)
    with soundfile.SoundFile(str(path), "w", sample_rate_hz, clipped.shape[1], format="OGG", subtype="VORBIS") as out:
        for start in range(0, len(clipped), OGG_WRITE_BLOCK_FRAMES):
            out.write(clipped[start:start + OGG_WRITE_BLOCK_FRAMES])
    return path


def render_audio(stems: dict[str, list[Track]], out_dir: Path, stem: str, *, qpm: float,
                 meter: tuple[int, int], formats: tuple[str, ...] = ("wav", "ogg")) -> dict[str, Path]:
    """Render each named stem (``{"melody": [...], "backing": [...]}``) and their mix.

    Returns ``{"wav": mix, "ogg": mix, "wav_melody": ..., "wav_backing": ...}``
    for the formats asked: ``<stem>.wav``/``<stem>.ogg`` hold the mix,
    ``<stem>.<name>.wav`` each stem (WAV only: encoding Vorbis costs about
    0.3 s a file). Stems without events are skipped. The FluidSynth runs go
    in parallel. WAV and OGG carry the same samples, at ``TARGET_RMS_DBFS``.
    A ``backing`` stem is brought down where it would cover the ``melody``
    (:func:`backing_gain`); the stems written still add up to the mix.
    """
    exe = _fluidsynth()
    out: dict[str, Path] = {}
    live = {name: tracks for name, tracks in stems.items() if any(t.events for t in tracks)}
    if not live:
        raise ValueError("audio: nothing to render")
    if not {"wav", "ogg"} & set(formats):
        return out
    with tempfile.TemporaryDirectory(prefix="render-") as tmp:
        jobs: dict[str, tuple[subprocess.Popen[bytes], Path]] = {}
        for name, tracks in live.items():
            mid = Path(tmp) / f"{name}.mid"
            mid.write_bytes(midi_bytes(tracks, qpm=qpm, meter=meter))
            wav = Path(tmp) / f"{name}.wav"
            jobs[name] = (_start_render(exe, mid, wav), wav)
        audio: dict[str, np.ndarray] = {}
        for name, (proc, path) in jobs.items():
            _, err = proc.communicate(timeout=RENDER_TIMEOUT_S)
            if proc.returncode != 0 or not path.exists():
                raise RuntimeError(f"audio: fluidsynth failed on {name}: {err.decode(errors='replace').strip()[:200]}")
            audio[name] = _read_wav(path)
    if "melody" in audio and "backing" in audio:
        audio["backing"] = audio["backing"] * backing_gain(audio["melody"], audio["backing"])
    length = max(a.shape[0] for a in audio.values())
    mix = np.zeros((length, 2), dtype=np.float32)
    for a in audio.values():
        mix[: a.shape[0], : a.shape[1]] += a
    # One gain for the mix, its stems and the OGG, so the stems still add up to the mix
    # and the download plays as loud as the page.
    gain = loudness_gain(mix)
    if "wav" in formats:
        out["wav"] = _write_wav(out_dir / f"{stem}.wav", mix * gain)
        if len(audio) > 1:
            for name, a in audio.items():
                out[f"wav_{name}"] = _write_wav(out_dir / f"{stem}.{name}.wav", a * gain)
    if "ogg" in formats:
        out["ogg"] = _write_ogg(out_dir / f"{stem}.ogg", mix * gain)
    return out
