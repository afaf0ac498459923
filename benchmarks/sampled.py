"""Sampled instruments: generated melodies played by FluidSynth's General MIDI sounds, graded.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/sampled.py [--takes 135] [--seed 1] [--out DIR] [--reuse]
        [--only violin,koto] [--studio] [--library fluidr3|musescore|timgm6mb]

``benchmarks/robustness.py`` grades takes of the project's own additive synthesiser. This grades
recorded samples instead: the FluidR3 General MIDI soundfont (``fluid-soundfont-gm``, the one
``generation/render/audio.py`` plays accompaniments with) through the FluidSynth command line.
``INSTRUMENTS`` are 27 sounds in their players' usual ranges, among them five that stand in for
instruments Chinese students play (shanai for suona, koto for guzheng, shamisen for sanxian or
pipa, fiddle for erhu, pan flute for dizi; dulcimer is the yangqin's GM cousin).

A take is made as in ``tests/grading/analysis/performers.py``: ``make_melody`` in the instrument's
range, ``plan_performance`` (every fifth take clean, the others with the dev set's planted mistakes
on 10-25 % of notes: flat/sharp 38-45 cents, wrong by 1-2 semitones, missed, early/late by 200-260
ms; no whole-take events), then each sounded note becomes a MIDI note with a pitch bend for its
cents (notes take turns over eight channels so a bend never moves the tail of the note before),
rendered dry at 48 kHz (FluidSynth's reverb and chorus off), resampled to 16 kHz, and sent through
the robustness set's rooms, room tone, phone band and codecs (``room_and_channel``).

The soundfont's samples are not all in tune and not all start at once (a choir's or a string
section's attack swells for a tenth of a second or more). So each instrument is first calibrated:
every note of its range is rendered alone, and its steady pitch is measured (its lowest partials over the middle of
the note, median) and bent back to the written pitch in the takes; labels are exact to within a
cent or two. Onsets are labelled at the note-on; the report ends with how late each instrument's
calibration notes reach half their peak level, so a slow attack can be told from a grader fault.

``--library`` picks the sample library (``LIBRARIES``): FluidR3 by default (its sets are the same for
a seed as before the option), or MuseScore General or TimGM6mb, other players' recordings of the same
General MIDI programs (bank 0), so a grader tuned on FluidR3 meets instruments it has not heard. A
set's name in its manifest says which library made it (``sampled-musescore-seed2``).

``--out DIR`` keeps the renders and ``calibration.json`` there (``--reuse`` scores them again);
the tables are robustness.py's (per family, instrument, room, channel, noise; the verdicts given
for each label kind; the ten worst takes), scored by the same code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from robustness import run_set, set_arguments  # noqa: E402

from music.midi import variable_length  # noqa: E402
from tests.grading.analysis import performers as perf  # noqa: E402


@dataclass(frozen=True)
class Library:
    """A General MIDI sample library: its soundfont and the Debian package that installs it."""

    name: str
    soundfont: Path
    package: str

    @property
    def set_name(self) -> str:
        """The name of its sets in their manifests (FluidR3's keep the name they had before)."""
        return "sampled" if self.name == DEFAULT_LIBRARY else f"sampled-{self.name}"


DEFAULT_LIBRARY = "fluidr3"
LIBRARIES: dict[str, Library] = {
    lib.name: lib
    for lib in (
        Library("fluidr3", Path("/usr/share/sounds/sf2/FluidR3_GM.sf2"), "fluid-soundfont-gm"),
        Library("musescore", Path("/usr/share/sounds/sf2/MuseScore_General_Full.sf2"),
                "musescore-general-soundfont-lossless"),
        Library("timgm6mb", Path("/usr/share/sounds/sf2/TimGM6mb.sf2"), "timgm6mb-soundfont"),
    )
}
SOUNDFONT = LIBRARIES[DEFAULT_LIBRARY].soundfont
RENDER_HZ = 48_000
MIDI_TICKS_PER_SECOND = 1000  # one tick a millisecond: 1000 ticks a quarter at 60 BPM
CHANNELS = (0, 1, 2, 3, 4, 5, 6, 7)  # notes take turns so one note's bend never bends another's tail
BEND_RANGE_CENTS = 200.0  # the GM default pitch-bend range, set explicitly by RPN 0 too


@dataclass(frozen=True)
class Sampled:
    """A General MIDI sound in a player's usual range (sounding MIDI numbers)."""

    name: str
    program: int  # GM program, 0-based
    family: str
    low: int
    high: int
    sustained: bool = True  # False: struck or plucked (notes ring past their end)
    legato: float = 0.4


INSTRUMENTS: dict[str, Sampled] = {
    s.name: s
    for s in (
        Sampled("piano", 0, "keyboard", 48, 84, sustained=False, legato=0.0),
        Sampled("accordion", 21, "keyboard", 53, 84),
        Sampled("harmonica", 22, "woodwind", 60, 84),
        Sampled("nylon-guitar", 24, "plucked", 40, 76, sustained=False, legato=0.0),
        Sampled("harp", 46, "plucked", 43, 88, sustained=False, legato=0.0),
        Sampled("koto", 107, "plucked", 50, 86, sustained=False, legato=0.0),  # guzheng
        Sampled("shamisen", 106, "plucked", 50, 81, sustained=False, legato=0.0),  # sanxian, pipa
        Sampled("dulcimer", 15, "plucked", 53, 88, sustained=False, legato=0.0),  # yangqin
        Sampled("marimba", 12, "struck", 48, 88, sustained=False, legato=0.0),
        Sampled("violin", 40, "bowed", 55, 88),
        Sampled("viola", 41, "bowed", 48, 79),
        Sampled("cello", 42, "bowed", 36, 69),
        Sampled("fiddle", 110, "bowed", 62, 88),  # erhu
        Sampled("flute", 73, "woodwind", 60, 91),
        Sampled("recorder", 74, "woodwind", 65, 89),  # alto recorder
        Sampled("pan-flute", 75, "woodwind", 62, 91),  # dizi
        Sampled("clarinet", 71, "woodwind", 50, 84),
        Sampled("oboe", 68, "woodwind", 58, 86),
        Sampled("bassoon", 70, "woodwind", 34, 67),
        Sampled("alto-sax", 65, "woodwind", 49, 79),
        Sampled("shanai", 111, "woodwind", 60, 86),  # suona
        Sampled("trumpet", 56, "brass", 55, 79),
        Sampled("trombone", 57, "brass", 40, 70),
        Sampled("french-horn", 60, "brass", 43, 74),
        Sampled("tuba", 58, "brass", 29, 58),
        Sampled("choir-aahs", 52, "voice", 48, 76),
        Sampled("voice-oohs", 53, "voice", 50, 76),
    )
}


@dataclass(frozen=True)
class SampledSpec:
    """One take: which sound, the robustness set's room and channel, and whether it is clean."""

    id: str
    seed: int
    index: int
    instrument: str
    rt60_s: float | None
    drr_db: float
    channel: str
    snr_db: float
    mains_hz: float
    level_dbfs: float
    errors: bool
    n_notes: int

    @property
    def tags(self) -> set[str]:
        room = "dry" if self.rt60_s is None else ("rt0.3-0.6" if self.rt60_s < 0.6 else
                                                  ("rt0.6-0.9" if self.rt60_s < 0.9 else "rt0.9-1.2"))
        return {self.instrument, INSTRUMENTS[self.instrument].family, room, self.channel,
                *self.channel.split("-"), "dry" if self.rt60_s is None else "reverb",
                "noisy" if self.snr_db < 30 else "quiet", "errors" if self.errors else "clean"}

    @property
    def condition(self) -> str:
        room = "dry" if self.rt60_s is None else f"rt{self.rt60_s:.1f}"
        return f"{room}+{self.channel}+snr{self.snr_db:.0f}"


def draw_spec(seed: int, index: int) -> SampledSpec:
    """Take ``index`` of set ``seed``: instruments in turn, every fifth take clean, and the room,
    channel, noise, level and length the robustness set draws for the same (seed, index)."""
    base = perf.draw_spec(seed, index)
    names = list(INSTRUMENTS)
    return SampledSpec(f"g{seed}-{index:04d}", seed, index, names[(index + seed) % len(names)], base.rt60_s,
                       base.drr_db, base.channel, base.snr_db, base.mains_hz, base.level_dbfs,
                       index % 5 != 0, base.n_notes)


def performer(sound: Sampled) -> perf.Instrument:
    """The simulator's performer for a sampled sound: its range, phrasing and family (a struck or
    plucked note rings on past its end), with no pitch wander (the sample's own pitch is heard)."""
    family = "plucked" if not sound.sustained else ("voice" if sound.family == "voice" else "woodwind")
    articulation = (0.9, 1.02) if not sound.sustained else (0.8, 0.95)
    return perf.Instrument(sound.name, family, sound.low, sound.high, legato=sound.legato,
                           articulation=articulation, jitter_cents=0.0)


# --------------------------------------------------------------------------------------------- MIDI


def midi_file(notes: list[tuple[float, float, float, int]], *, program: int, end_s: float) -> bytes:
    """A one-track Standard MIDI File of (onset s, duration s, pitch as fractional MIDI, velocity).

    Each note's fraction of a semitone is a pitch bend sent just before it on its own channel
    (``CHANNELS`` in turn). Reverb and chorus sends are 0; the file ends at ``end_s``.
    """
    timed: list[tuple[int, int, bytes]] = []
    for ch in CHANNELS:
        timed += [(0, 0, bytes([0xC0 | ch, program])), (0, 0, bytes([0xB0 | ch, 7, 110])),
                  (0, 0, bytes([0xB0 | ch, 91, 0])), (0, 0, bytes([0xB0 | ch, 93, 0])),
                  (0, 0, bytes([0xB0 | ch, 101, 0])), (0, 0, bytes([0xB0 | ch, 100, 0])),
                  (0, 0, bytes([0xB0 | ch, 6, int(BEND_RANGE_CENTS // 100)])),
                  (0, 0, bytes([0xB0 | ch, 38, 0]))]
    for k, (onset, duration, midi, velocity) in enumerate(notes):
        ch = CHANNELS[k % len(CHANNELS)]
        key = int(round(midi))
        bend = int(round(8192 + (midi - key) * 100.0 / BEND_RANGE_CENTS * 8192))
        bend = max(0, min(16383, bend))
        on = max(1, int(round(onset * MIDI_TICKS_PER_SECOND)))
        off = max(on + 1, int(round((onset + duration) * MIDI_TICKS_PER_SECOND)))
        # Offs sort before bends before ons at one tick: a repeated note re-strikes, in tune.
        timed.append((on - 1, 1, bytes([0xE0 | ch, bend & 0x7F, bend >> 7])))
        timed.append((on, 2, bytes([0x90 | ch, key, velocity])))
        timed.append((off, 0, bytes([0x80 | ch, key, 0])))
    timed.sort(key=lambda e: (e[0], e[1]))
    data = bytearray(b"\x00\xff\x51\x03" + (1_000_000).to_bytes(3, "big"))
    now = 0
    for tick, _, message in timed:
        data += variable_length(tick - now) + message
        now = tick
    end = max(now, int(end_s * MIDI_TICKS_PER_SECOND))
    data += variable_length(end - now) + b"\xff\x2f\x00"
    header = b"MThd" + (6).to_bytes(4, "big") + (0).to_bytes(2, "big") + (1).to_bytes(2, "big") \
        + MIDI_TICKS_PER_SECOND.to_bytes(2, "big")
    return header + b"MTrk" + len(data).to_bytes(4, "big") + bytes(data)


def fluidsynth_available(soundfont: Path = SOUNDFONT) -> bool:
    return shutil.which("fluidsynth") is not None and soundfont.exists()


def missing_library(library: Library) -> str | None:
    """What to install before ``library`` can render, or None when it can."""
    wanted = ([] if shutil.which("fluidsynth") else ["fluidsynth"]) \
        + ([] if library.soundfont.exists() else [library.package])
    if not wanted:
        return None
    return (f"--library {library.name} needs {' and '.join(wanted)} ({library.soundfont} missing)"
            if library.package in wanted else f"--library {library.name} needs fluidsynth") \
        + f": apt-get install -y {' '.join(wanted)}"


def render_midi(midi: bytes, *, seconds: float, soundfont: Path = SOUNDFONT) -> np.ndarray:
    """FluidSynth's dry render of ``midi``, mono at the simulator's 16 kHz, ``seconds`` long."""
    import soundfile
    from scipy.signal import resample_poly

    with tempfile.TemporaryDirectory(prefix="sampled-") as tmp:
        mid, wav = Path(tmp) / "take.mid", Path(tmp) / "take.wav"
        mid.write_bytes(midi)
        subprocess.run(["fluidsynth", "-ni", "-q", "-R", "0", "-C", "0", "-g", "0.5", "-r", str(RENDER_HZ),
                        "-o", "synth.dynamic-sample-loading=1", "-T", "wav", "-F", str(wav), str(soundfont),
                        str(mid)], check=True, capture_output=True, timeout=120)
        x, _ = soundfile.read(str(wav), dtype="float64", always_2d=True)
    y = resample_poly(x.mean(axis=1), 1, RENDER_HZ // perf.SR)
    n = int(round(seconds * perf.SR))
    return np.pad(y, (0, max(0, n - len(y))))[:n]


# -------------------------------------------------------------------------------------- calibration

CALIBRATION_NOTE_S = 1.2
CALIBRATION_GAP_S = 0.8


def steady_cents(x: np.ndarray, midi: float) -> float:
    """How far a steady note in ``x`` (16 kHz) sits from ``midi``, in cents.

    Per 256 ms frame, the first two partials' peaks (Hann window, zero-padded FFT, parabolic
    interpolation on log magnitude), each divided by its harmonic number and weighted by its
    magnitude; the median over frames. Only the lowest partials, so a piano's stretched upper
    partials do not pull the reading sharp (librosa's YIN read FluidR3's piano 20 cents sharp
    where its partials are in tune).
    """
    f0_hz = float(perf.midi_to_hz(midi))
    size, n_fft = 4096, 1 << 16
    freqs = np.fft.rfftfreq(n_fft, 1 / perf.SR)
    readings = []
    for a in range(0, max(1, len(x) - size + 1), 1600):
        frame = x[a: a + size]
        if len(frame) < size:
            break
        mag = np.log(np.abs(np.fft.rfft(frame * np.hanning(size), n_fft)) + 1e-12)
        logs, weights = [], []
        for h in (1, 2):
            band = np.flatnonzero((freqs > h * f0_hz * 2 ** (-80 / 1200)) & (freqs < h * f0_hz * 2 ** (80 / 1200)))
            i = int(band[np.argmax(mag[band])])
            y0, y1, y2 = mag[i - 1], mag[i], mag[i + 1]
            shift = 0.5 * (y0 - y2) / (y0 - 2 * y1 + y2) if (y0 - 2 * y1 + y2) < 0 else 0.0
            logs.append(np.log2((freqs[i] + shift * (freqs[1] - freqs[0])) / (h * f0_hz)))
            weights.append(np.exp(y1))
        readings.append(1200 * float(np.average(logs, weights=weights)))
    return float(np.median(readings)) if readings else 0.0


def calibrate(sound: Sampled, soundfont: Path = SOUNDFONT) -> dict[str, Any]:
    """Render every note of ``sound``'s range alone; measure its steady pitch and its onset lag.

    Returns ``{"cents": {midi: cents off}, "half_level_ms": {midi: ms from note-on to half the peak
    envelope}}``; pitch by ``steady_cents`` from 200 ms in to 90 % of the note.
    """
    keys = list(range(sound.low, sound.high + 1))
    step = CALIBRATION_NOTE_S + CALIBRATION_GAP_S
    notes = [(0.5 + i * step, CALIBRATION_NOTE_S, float(k), 90) for i, k in enumerate(keys)]
    x = render_midi(midi_file(notes, program=sound.program, end_s=0.5 + len(keys) * step),
                    seconds=0.5 + len(keys) * step, soundfont=soundfont)
    cents: dict[str, float] = {}
    lag: dict[str, float] = {}
    for (onset, dur, midi, _), k in zip(notes, keys, strict=True):
        cents[str(k)] = round(steady_cents(x[int((onset + 0.2) * perf.SR): int((onset + 0.9 * dur) * perf.SR)],
                                           midi), 1)
        seg = x[int(onset * perf.SR) - 800: int((onset + dur) * perf.SR)]
        env = np.convolve(np.abs(seg), np.ones(160) / 160, mode="same")
        lag[str(k)] = round(1000 * (int(np.argmax(env >= 0.5 * env.max())) - 800) / perf.SR)
    return {"cents": cents, "half_level_ms": lag}


def calibration(out: Path, names: list[str], soundfont: Path = SOUNDFONT) -> dict[str, dict[str, Any]]:
    """Every instrument's calibration, cached in ``out/calibration.json``."""
    path = out / "calibration.json"
    table: dict[str, dict[str, Any]] = json.loads(path.read_text()) if path.exists() else {}
    missing = [n for n in names if n not in table]
    for n in missing:
        table[n] = calibrate(INSTRUMENTS[n], soundfont)
    if missing:
        path.write_text(json.dumps(table, indent=1))
    return table


# -------------------------------------------------------------------------------------------- takes


def perform(spec: SampledSpec, cal: dict[str, Any], soundfont: Path = SOUNDFONT
            ) -> tuple[perf.Melody, perf.Performance, np.ndarray, np.random.Generator]:
    """``spec``'s melody, its performance and FluidSynth's dry render (``cal``: the instrument's
    calibration), with the generator ``room_and_channel`` goes on drawing from."""
    rng = np.random.default_rng([spec.seed, spec.index, 1])
    sound = INSTRUMENTS[spec.instrument]
    melody = perf.make_melody(rng, low=sound.low, high=sound.high, n_notes=spec.n_notes)
    plan = perf.plan_performance(melody, performer(sound), rng=rng, errors=spec.errors)
    base_velocity = float(rng.uniform(70, 100))
    notes = []
    for s in plan.sounded:
        off_cents = float(cal["cents"].get(str(int(round(s.midi))), 0.0))
        velocity = int(np.clip(base_velocity * s.gain ** 0.5, 30, 127))
        notes.append((s.onset, s.duration, s.midi - off_cents / 100.0, velocity))
    x = render_midi(midi_file(notes, program=sound.program, end_s=plan.total_seconds), seconds=plan.total_seconds,
                    soundfont=soundfont)
    return melody, plan, x, rng


def make_take(spec: SampledSpec, out_dir: Path, cal: dict[str, Any], soundfont: Path = SOUNDFONT) -> dict[str, Any]:
    """Render ``spec`` into ``out_dir`` and return its manifest entry (robustness.py's fields)."""
    sound = INSTRUMENTS[spec.instrument]
    melody, plan, x, rng = perform(spec, cal, soundfont)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = perf.write_melody(out_dir / f"{spec.id}.musicxml", melody)
    x, wet_share, audio = perf.room_and_channel(x, spec, rng=rng, path=out_dir / spec.id)
    return {
        "id": spec.id, "target": target.name, "audio": audio.name, "instrument": spec.instrument,
        "condition": spec.condition, "tempo": melody.bpm, "lead_in": round(plan.lead_in, 4),
        "notes": plan.labels, "family": sound.family, "program": sound.program,
        "room": {"rt60_s": spec.rt60_s, "drr_db": spec.drr_db if spec.rt60_s is not None else None,
                 "wet_share": round(wet_share, 3)},
        "channel": spec.channel, "snr_db": spec.snr_db, "level_dbfs": spec.level_dbfs,
        "meter": melody.meter, "key": melody.key_name, "events": [], "errors": spec.errors,
        "options": {"any_key": False, "free_tempo": False}, "tags": sorted(spec.tags),
        "seconds": round(len(x) / perf.SR, 3),
    }


def _make(args: tuple[SampledSpec, Path, dict[str, Any], Path]) -> dict[str, Any]:
    return make_take(*args)


def generate(seed: int, n: int, out: Path, only: set[str], jobs: int, *, studio: bool,
             library: Library = LIBRARIES[DEFAULT_LIBRARY]) -> list[dict]:
    specs = [draw_spec(seed, i) for i in range(n)]
    specs = [s for s in specs if only <= s.tags]
    if studio:
        specs = [replace(s, rt60_s=None, channel="wav", snr_db=50.0) for s in specs]
    cal = calibration(out, sorted({s.instrument for s in specs}), library.soundfont)
    work = [(s, out, cal[s.instrument], library.soundfont) for s in specs]
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(jobs) as pool:
            return list(pool.map(_make, work))
    return [_make(w) for w in work]


def calibration_lines(cal: dict[str, dict[str, Any]]) -> list[str]:
    lines = ["| calibration | GM program | range | sample tuning, cents (median, worst) "
             "| note-on to half level, ms (median, max) |", "| --- | --- | --- | --- | --- |"]
    for name, sound in INSTRUMENTS.items():
        if name not in cal:
            continue
        c = np.array(list(cal[name]["cents"].values()))
        lag = np.array(list(cal[name]["half_level_ms"].values()))
        worst = float(c[np.argmax(np.abs(c))])
        lines.append(f"| {name} | {sound.program + 1} | {sound.low}-{sound.high} | {np.median(c):+.1f}, "
                     f"{worst:+.1f} | {np.median(lag):.0f}, {lag.max():.0f} |")
    return lines + [""]


def _calibration(out: Path) -> list[str]:
    path = out / "calibration.json"
    return calibration_lines(json.loads(path.read_text())) if path.exists() else []


def kept_library(out: Path) -> str | None:
    """The library a kept set in ``out`` was made with (from its manifest's set name), or None."""
    path = out / "manifest.json"
    if not path.exists():
        return None
    name = str(json.loads(path.read_text()).get("set", ""))
    return next((lib.name for lib in LIBRARIES.values() if lib.name != DEFAULT_LIBRARY
                 and name.startswith(lib.set_name + "-seed")), DEFAULT_LIBRARY)


def main() -> None:
    ap = set_arguments(__doc__ or "", takes=135)
    ap.add_argument("--library", choices=sorted(LIBRARIES), default=DEFAULT_LIBRARY,
                    help="the General MIDI sample library the takes are played on (default: %(default)s)")
    a = ap.parse_args()
    library = LIBRARIES[a.library]
    # A kept set's renders and cached calibration are one library's: never score or extend them as another's.
    kept = kept_library(a.out.resolve()) if a.out is not None else None
    if kept is not None and kept != library.name:
        raise SystemExit(f"{a.out} holds a set made with --library {kept}, not {library.name}")
    problem = None if a.reuse else missing_library(library)
    if problem:
        raise SystemExit(problem)
    run_set(a, library.set_name, partial(generate, library=library), _calibration)


if __name__ == "__main__":
    main()
