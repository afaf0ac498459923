"""Real singers through simulated rooms and capture chains: what each condition costs sing-dev.

    .venv/bin/python benchmarks/sing_conditions.py ../shared/eval/sing-dev [--limit 34] [--jobs 1]
        [--conditions clean,room-0.8,opus-12k] [--cache /tmp/sing_conditions] [--save-json FILE]

Every take (or ``--limit N`` of them, spread evenly over the manifest so that both the score-aligned
``ssvd-v1`` takes and the ``v2`` takes are in) is decoded as the grader decodes it and passed through
each named condition with the robustness simulator's own code (``tests/grading/analysis/performers.py``:
``room_impulse_response``/``apply_room``, ``add_room_noise``, ``automatic_gain``, ``suppress_noise``,
``bluetooth_msbc``, ``bluetooth_cvsd``, ``write_audio``'s Opus). The degraded takes are written under
``--cache`` (outside the repository; research data never enters it) and kept: a second run grades them
again without re-rendering (``--rerender`` makes them anew; each take's noise is seeded by the condition
and the take, so a rendering is the same every time). ``clean`` grades the files as given.

Each condition is graded with ``manage.py assess --batch --json --free-tempo --any-key`` as
``../shared/eval/score_singing.py`` does, and scored with that script's figures: found, pitch agreement
(within 50 cents of the annotation after one set-wide offset), onsets within 100 and 50 ms, verdict
agreement (the annotation's verdict, bands 25/50 cents in the singer's key). A condition may delay the
sound (a causal filter, a codec): each degraded take's lag against its clean decoding is measured by
cross-correlation and the annotated onsets are moved by it (reported per condition). Against the same
take's ``clean`` grading it reports the share of annotated notes whose pitch verdict flips and whose onset
moves by 50 ms or more, and per condition the takes that flip most.

The voice conditions move the singer: ``voice+5``, ``voice+9``, ``voice+12`` (a child, a high soprano)
and ``voice-7``, ``voice-12`` (a bass) resynthesise the take with its f0 moved and its spectral envelope
and aperiodicity kept (the WORLD vocoder, ``pyworld``: the vowels and the singer's formants stay where
they were); ``chipmunk+N``/``chipmunk-N`` resample it with librosa's pitch shift (the formants move with
the pitch). Their annotations move with them (``sung_midi`` and ``score_midi``), their lag is measured on
the amplitude envelope, and before the table the run checks each one: YIN over the middle half of every
annotated note, clean against shifted, must read the shift.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SR = 16_000  # the grader's and the simulator's sample rate
ROOM_DRR_DB = 3.0  # direct-to-reverberant ratio: the middle of the robustness set's -3..+9 dB
LEVEL_DBFS = -3.0  # peak level the capture effects are given the take at (as the simulator normalises)
MAX_LAG_S = 0.1  # largest delay a condition may add that the lag search looks for
LAG_WINDOW_S = 30.0  # the first seconds of each take the lag is measured on
ONSET_MOVED_S = 0.05  # an onset moved this far from the clean take's counts as moved
WORST_TAKES = 5


def _room(rt60_s: float) -> Callable[[np.ndarray, np.random.Generator], np.ndarray]:
    def apply(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        from tests.grading.analysis.performers import apply_room, room_impulse_response

        wet, _ = apply_room(x, room_impulse_response(rt60_s, rng=rng), drr_db=ROOM_DRR_DB)
        return wet

    return apply


def _noise(snr_db: float) -> Callable[[np.ndarray, np.random.Generator], np.ndarray]:
    def apply(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        from tests.grading.analysis.performers import add_room_noise

        return add_room_noise(x, snr_db=snr_db, rng=rng)

    return apply


def _capture(name: str) -> Callable[[np.ndarray, np.random.Generator], np.ndarray]:
    def apply(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        from tests.grading.analysis.performers import apply_capture, normalise

        return apply_capture(normalise(x, peak_dbfs=LEVEL_DBFS), (name,), rng=rng)

    return apply


# WORLD is given the take's f0 on YIN's 10 ms grid (``grading.analysis.pitch.yin``, searched from
# WORLD_SEARCH_SEMITONES under the take's lowest annotated note to as far over its highest, voiced where
# YIN is): its own trackers failed on sing-dev's quieter phone takes (DIO voiced 10-80 % of the annotated
# notes' frames on 8 of 34 takes, a quarter to two thirds of them off by half a semitone or more;
# Harvest voiced them but took 60-115 s a take on this machine and was still off on a fifth of the notes
# of the worst). The take keeps the clean reading's errors, so a voice condition asks whether the
# grader reads the moved voice as it read the clean one. The analysis is kept and shared by every shift.
WORLD_SEARCH_SEMITONES = 7.0
# YIN's octave slips are no reading error to keep: WORLD sings them. A frame read an octave (or two)
# off the annotated note it lies in (or the nearest within WORLD_FOLD_NEAR_SECONDS) is folded onto it,
# within WORLD_FOLD_SEMITONES of the octave. Unfolded, v2-364 (8.5 % of its voiced frames an octave
# under, alternating frame by frame) was sung an octave down and up in turns once moved: at +0 the
# envelope, estimated at the wrong f0, still carried the true harmonics, but moved by a fifth it lost 15
# onsets within 100 ms of 42 that were no range effect (voicerange's and voice19's first runs).
WORLD_FOLD_SEMITONES = 1.5
WORLD_FOLD_NEAR_SECONDS = 0.3


def _pyworld() -> ModuleType:
    """pyworld's compiled module. Its package ``__init__`` (0.3.5, the newest release) reads its version
    with ``pkg_resources``, which setuptools 81 and later no longer ship; the extension itself needs
    nothing of it, so it is loaded on its own."""
    import importlib.machinery
    import importlib.util

    found = importlib.util.find_spec("pyworld")
    if found is None or not found.submodule_search_locations:
        raise SystemExit("the voice conditions need pyworld, which builds from source (no wheel for Python "
                         "3.11), so it is not in the dev extra: .venv/bin/pip install pyworld==0.3.5")
    so = next(Path(found.submodule_search_locations[0]).glob("pyworld.*.so"))
    loader = importlib.machinery.ExtensionFileLoader("pyworld.pyworld", str(so))
    spec = importlib.util.spec_from_file_location("pyworld.pyworld", str(so), loader=loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def fold_octave_slips(f0: np.ndarray, notes: list[dict]) -> np.ndarray:
    """``f0`` (Hz per 10 ms frame, 0 unvoiced, shape (n,)) with each voiced frame that lies an octave or
    two (within ``WORLD_FOLD_SEMITONES``) off the annotated ``sung_midi`` of the note it falls in, or of
    the nearest note within ``WORLD_FOLD_NEAR_SECONDS``, moved onto that note's octave."""
    from grading.analysis.pitch import HOP_SECONDS, hz_to_midi

    spans = [(n["sung_onset"], n["sung_offset"], n["sung_midi"]) for n in notes
             if n.get("sung_onset") is not None and n.get("sung_offset") is not None and n.get("sung_midi")]
    if not spans:
        return f0
    t = np.arange(len(f0)) * HOP_SECONDS
    on = np.array([s[0] for s in spans])
    off = np.array([s[1] for s in spans])
    ref = np.array([s[2] for s in spans])
    # Distance (s) from every frame to every note's span (0 inside it); the nearest note is the reference.
    dist = np.maximum(np.maximum(on[None, :] - t[:, None], t[:, None] - off[None, :]), 0.0)
    nearest = np.argmin(dist, axis=1)
    near = dist[np.arange(len(f0)), nearest] <= WORLD_FOLD_NEAR_SECONDS
    out = f0.copy()
    voiced = (f0 > 0) & near
    with np.errstate(divide="ignore"):
        d = hz_to_midi(np.where(voiced, f0, 1.0)) - ref[nearest]
    octaves = np.round(d / 12.0)
    slip = voiced & (np.abs(octaves) >= 1) & (np.abs(octaves) <= 2) & (np.abs(d - 12.0 * octaves) < WORLD_FOLD_SEMITONES)
    out[slip] = f0[slip] * 2.0 ** (-octaves[slip])
    return out


def _world_analysis(x: np.ndarray, notes: list[dict], cache: Path | None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """WORLD's (f0 (frames,), spectral envelope (frames, bins), aperiodicity (frames, bins)) of ``x``,
    frames every ``HOP_SECONDS`` from 0 s."""
    from grading.analysis.pitch import HOP_SECONDS, midi_to_hz, yin

    pyworld = _pyworld()
    if cache is not None and cache.exists():
        with np.load(cache) as z:
            return z["f0"], z["sp"], z["ap"]
    x = np.ascontiguousarray(x, dtype=np.float64)
    low, high = np.percentile([n["sung_midi"] for n in notes], [1, 99])  # one annotation reads 119
    track = yin(x.astype(np.float32), fmin_hz=float(midi_to_hz(low - WORLD_SEARCH_SEMITONES)),
                fmax_hz=float(midi_to_hz(high + WORLD_SEARCH_SEMITONES)))
    f0 = fold_octave_slips(np.nan_to_num(track.f0_hz, nan=0.0), notes)
    t = np.arange(len(f0)) * HOP_SECONDS
    sp = pyworld.cheaptrick(x, f0, t, SR)
    ap = pyworld.d4c(x, f0, t, SR)
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        part = cache.with_name(cache.stem + ".part.npz")
        np.savez(part, f0=f0, sp=sp.astype(np.float32), ap=ap.astype(np.float32))
        os.replace(part, cache)
    return f0, sp, ap


def _voice(semitones: float) -> Callable[..., np.ndarray]:
    """Another singer's range: f0 moved by ``semitones``, the spectral envelope (the vowels, the
    singer's formants) and the breath kept, by resynthesis with the WORLD vocoder (pyworld)."""
    def apply(x: np.ndarray, rng: np.random.Generator, *, notes: list[dict], analysis: Path | None = None
              ) -> np.ndarray:
        from grading.analysis.pitch import HOP_SECONDS

        pyworld = _pyworld()
        f0, sp, ap = _world_analysis(x, notes, analysis)
        y = pyworld.synthesize(f0 * 2.0 ** (semitones / 12.0), sp.astype(np.float64), ap.astype(np.float64),
                               SR, frame_period=1000 * HOP_SECONDS)
        return y[: len(x)] if len(y) >= len(x) else np.pad(y, (0, len(x) - len(y)))

    return apply


def _chipmunk(semitones: float) -> Callable[..., np.ndarray]:
    """The take resampled ``semitones`` up or down and stretched back to its length (librosa's phase
    vocoder): the formants move with the pitch, as a tape played fast or slow."""
    def apply(x: np.ndarray, rng: np.random.Generator, **_: object) -> np.ndarray:
        import librosa

        y = librosa.effects.pitch_shift(np.asarray(x, dtype=np.float32), sr=SR, n_steps=semitones)
        return y[: len(x)]

    return apply


@dataclass(frozen=True)
class Condition:
    """A named degradation: a signal effect at ``SR``, then a file written as 16-bit WAV or with a codec.

    ``shift_semitones``: a voice-range condition moves the sung pitch; the annotation's ``sung_midi``
    and ``score_midi`` are moved with it (the verdicts, relative to the singer's key, stay the same).
    """

    effect: Callable[..., np.ndarray] | None
    codec: str | None = None  # PyAV encoder; None writes 16-bit WAV at SR
    suffix: str = ".wav"
    rate_hz: int = SR
    bit_rate: int = 0
    about: str = ""
    shift_semitones: float = 0.0
    moves_voice: bool = False  # the effect is given the take's annotated notes; its lag read on the envelope


CONDITIONS: dict[str, Condition] = {
    "clean": Condition(None, about="the files as given"),
    "wav16k": Condition(None, about="decoded and written back as 16 kHz WAV (the path's own cost)"),
    "room-0.4": Condition(_room(0.4), about=f"RT60 0.4 s, DRR {ROOM_DRR_DB:g} dB"),
    "room-0.8": Condition(_room(0.8), about=f"RT60 0.8 s, DRR {ROOM_DRR_DB:g} dB"),
    "room-1.2": Condition(_room(1.2), about=f"RT60 1.2 s, DRR {ROOM_DRR_DB:g} dB"),
    "noise-20": Condition(_noise(20.0), about="pink noise and mains hum 20 dB under the singing"),
    "noise-10": Condition(_noise(10.0), about="pink noise and mains hum 10 dB under the singing"),
    "agc": Condition(_capture("agc"), about="a phone's AGC (5-10 ms attack, 0.3-1 s release)"),
    "denoise": Condition(_capture("denoise"), about="a call's noise suppression and voice gate"),
    "bt-msbc": Condition(_capture("bt-msbc"), about="a wideband Bluetooth headset call"),
    "bt-cvsd": Condition(_capture("bt-cvsd"), about="a narrowband Bluetooth headset call"),
    "opus-12k": Condition(None, codec="libopus", suffix=".ogg", rate_hz=48_000, bit_rate=12_000,
                          about="Opus 12 kbit/s in Ogg (a voice message)"),
}
VOICE_SHIFTS = {0: "the vocoder's own cost, nothing moved", 5: "a child or a high soprano", 9: "a child or a high soprano", 12: "a child an octave up",
                -7: "a bass", -12: "a low bass an octave down"}
for _st, _who in VOICE_SHIFTS.items():
    CONDITIONS[f"voice{_st:+d}"] = Condition(_voice(_st), shift_semitones=_st, moves_voice=True,
                                             about=f"{_st:+d} semitones, formants kept (WORLD): {_who}")
    if not _st:
        continue
    CONDITIONS[f"chipmunk{_st:+d}"] = Condition(_chipmunk(_st), shift_semitones=_st, moves_voice=True,
                                                about=f"{_st:+d} semitones, formants moved too (resampled)")
DEFAULT_CONDITIONS = ("clean", "room-0.4", "room-0.8", "room-1.2", "noise-20", "noise-10", "agc",
                      "opus-12k", "bt-msbc")


def pick_takes(takes: list[dict], limit: int) -> list[dict]:
    """``limit`` takes spread evenly over the manifest (all of them for 0)."""
    if not limit or limit >= len(takes):
        return takes
    return [takes[int(i * len(takes) / limit)] for i in range(limit)]


def render(job: tuple[str, str, str, str, bool, list[dict]]) -> str:
    """Write one take through one condition; returns the file's path. ``job``: (cache directory,
    condition, take id, source audio, rerender)."""
    cache, name, take_id, source, rerender, notes = job
    from grading.analysis.audio import decode_audio
    from tests.grading.analysis.performers import Channel, write_audio
    from tests.grading.analysis.synth import write_wav

    cond = CONDITIONS[name]
    path = Path(cache) / name / f"{take_id}{cond.suffix}"
    if path.exists() and not rerender:
        return str(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    x = decode_audio(source).samples.astype(np.float64)
    rng = np.random.default_rng([zlib.crc32(name.encode()), zlib.crc32(take_id.encode())])
    if cond.effect is not None:
        x = cond.effect(x, rng, notes=notes, analysis=Path(cache) / "world" / f"{take_id}.npz") \
            if cond.moves_voice else cond.effect(x, rng)
    peak = float(np.abs(x).max())
    if peak > 1.0:  # room and noise add level; keep the file unclipped
        x = x / peak
    tmp = path.with_name(path.stem + ".part" + cond.suffix)
    if cond.codec is None:
        write_wav(tmp, x)
    else:
        write_audio(tmp, x, Channel(False, cond.codec, cond.suffix, cond.rate_hz, cond.bit_rate))
    os.replace(tmp, path)
    return str(path)


def lag_seconds(clean: np.ndarray, degraded: np.ndarray) -> float:
    """Delay (s) of ``degraded`` against ``clean`` (both (n,) at SR), by cross-correlation within
    ±``MAX_LAG_S`` over their first ``LAG_WINDOW_S``; positive when ``degraded`` is late."""
    from scipy.signal import fftconvolve

    n = min(len(clean), len(degraded), int(LAG_WINDOW_S * SR))
    a, b = clean[:n] - clean[:n].mean(), degraded[:n] - degraded[:n].mean()
    xc = fftconvolve(b, a[::-1], mode="full")  # index n-1 is lag 0
    m = int(MAX_LAG_S * SR)
    window = xc[n - 1 - m: n + m]
    return (int(np.argmax(window)) - m) / SR


ENVELOPE_HOP = 16  # samples (1 ms): the resolution of the lag a pitch shift's envelope is measured at
ENVELOPE_SMOOTH_S = 0.01


def envelope(x: np.ndarray) -> np.ndarray:
    """``x``'s amplitude (shape (n,) at SR) smoothed over ``ENVELOPE_SMOOTH_S``, every ``ENVELOPE_HOP``
    samples; a pitch-shifted take keeps its envelope where its waveform no longer matches."""
    width = int(ENVELOPE_SMOOTH_S * SR)
    return np.convolve(np.abs(x), np.ones(width) / width, mode="same")[::ENVELOPE_HOP]


def measure_lag(job: tuple[str, str, bool]) -> float:
    from grading.analysis.audio import decode_audio

    clean, degraded, shifted = job
    a, b = decode_audio(clean).samples, decode_audio(degraded).samples
    if not shifted:
        return lag_seconds(a, b)
    return _envelope_lag(envelope(a), envelope(b))


def _envelope_lag(a: np.ndarray, b: np.ndarray) -> float:
    from scipy.signal import fftconvolve

    rate = SR / ENVELOPE_HOP
    n = min(len(a), len(b), int(LAG_WINDOW_S * rate))
    a, b = a[:n] - a[:n].mean(), b[:n] - b[:n].mean()
    xc = fftconvolve(b, a[::-1], mode="full")
    m = int(MAX_LAG_S * rate)
    return (int(np.argmax(xc[n - 1 - m: n + m])) - m) / rate


def f0_moved(job: tuple[str, str, list[dict], float]) -> list[float]:
    """Semitones each annotated note's f0 moved from the clean take to the shifted one (YIN over the
    middle half of each annotated span, searched from 7 semitones under the take's lowest annotated
    note to 7 over its highest, shifted for the shifted take); NaN where either reading is unvoiced."""
    from grading.analysis.audio import decode_audio
    from grading.analysis.pitch import HOP_SECONDS, midi_to_hz, yin

    clean, degraded, notes, shift = job
    lo = min(n["sung_midi"] for n in notes) - 7
    hi = max(n["sung_midi"] for n in notes) + 7
    moved = []
    tracks = [yin(decode_audio(path).samples, fmin_hz=max(float(midi_to_hz(lo + s)), 40.0),
                  fmax_hz=min(float(midi_to_hz(hi + s)), 2400.0)) for path, s in ((clean, 0.0), (degraded, shift))]
    for n in notes:
        if n.get("sung_onset") is None or n.get("sung_offset") is None:
            moved.append(float("nan"))
            continue
        quarter = (n["sung_offset"] - n["sung_onset"]) / 4
        a, b = int((n["sung_onset"] + quarter) / HOP_SECONDS), int((n["sung_offset"] - quarter) / HOP_SECONDS) + 1
        reads = [np.nanmedian(t.midi[a:b]) if np.isfinite(t.midi[a:b]).any() else np.nan for t in tracks]
        moved.append(float(reads[1] - reads[0]))
    return moved


def grade(batch: list[tuple[str, str, str]], python: str) -> tuple[dict[str, dict], float]:
    """Grade ``batch`` ((id, target, audio) each) in one ``manage.py assess`` run, as score_singing.py
    does; returns results by id and the command's wall time (s)."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
        for take_id, target, audio in batch:
            fh.write(json.dumps({"id": take_id, "target": target, "audio": audio}) + "\n")
        path = fh.name
    started = time.perf_counter()
    done = subprocess.run([python, "manage.py", "assess", "--batch", path, "--json", "--free-tempo", "--any-key"],
                          cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    os.unlink(path)
    if done.returncode:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"assess failed with exit status {done.returncode}")
    results = {}
    for line in done.stdout.splitlines():
        if line.strip().startswith("{"):
            r = json.loads(line)
            results[r.get("id")] = r
    return results, wall


def annotated_verdict(cents: float) -> str:
    """score_singing.py's verdict for a note sung ``cents`` from the written pitch in the singer's key."""
    c = abs(cents)
    return "ok" if c < 25 else ("wrong" if c >= 50 else ("sharp" if cents > 0 else "flat"))


@dataclass
class TakeScore:
    id: str
    notes: int = 0
    onset100: int = 0
    flips: int = 0
    moved: int = 0
    lag_s: float = 0.0
    error: str | None = None


@dataclass
class ConditionScore:
    name: str
    notes: int = 0
    found: int = 0
    on100: int = 0
    on50: int = 0
    verdict_agree: int = 0
    flips: int = 0
    moved: int = 0
    analysis_s: float = 0.0
    pitch_errors: list[float] = field(default_factory=list)  # sung_midi - annotation (semitones), notes found
    takes: list[TakeScore] = field(default_factory=list)

    def pitch_agree(self) -> float:
        if not self.pitch_errors:
            return 0.0
        bias = statistics.median(self.pitch_errors)
        return sum(abs(e - bias) < 0.5 for e in self.pitch_errors) / max(self.notes, 1)


def score(name: str, takes: list[dict], results: dict[str, dict], clean: dict[str, dict] | None,
          lags: dict[str, float]) -> ConditionScore:
    cs = ConditionScore(name)
    shift = CONDITIONS[name].shift_semitones
    for t in takes:
        r = results.get(t["id"]) or {}
        got = {x["index"]: x for x in r.get("notes", [])}
        ref = {x["index"]: x for x in (clean or {}).get(t["id"], {}).get("notes", [])}
        cs.analysis_s += float(r.get("seconds", 0.0))
        lag = lags.get(t["id"], 0.0)
        key = statistics.median(x["sung_midi"] - x["score_midi"] for x in t["notes"])
        ts = TakeScore(t["id"], len(t["notes"]), lag_s=lag, error=r.get("error"))
        for x in t["notes"]:
            cs.notes += 1
            g = got.get(x["index"], {})
            c = ref.get(x["index"], {})
            if clean is not None:
                flipped = g.get("pitch") != c.get("pitch")
                moved = (g.get("onset") is None) != (c.get("onset") is None) or (
                    g.get("onset") is not None and c.get("onset") is not None
                    and abs(g["onset"] - lag - c["onset"]) >= ONSET_MOVED_S)
                cs.flips += flipped
                ts.flips += flipped
                cs.moved += moved
                ts.moved += moved
            if g.get("pitch") in (None, "missed") or g.get("sung_midi") is None:
                continue
            cs.found += 1
            cs.pitch_errors.append(g["sung_midi"] - (x["sung_midi"] + shift))
            err = abs(g["onset"] - (x["sung_onset"] + lag)) if g.get("onset") is not None else 9e9
            cs.on100 += err < 0.1
            cs.on50 += err < 0.05
            ts.onset100 += err < 0.1
            # A shifted take's annotation moves both pitches: the singer's key moves, the verdict stays.
            sung, written = x["sung_midi"] + shift, x["score_midi"] + shift
            cs.verdict_agree += g["pitch"] == annotated_verdict(100 * (sung - written - key))
        cs.takes.append(ts)
    return cs


def report(scores: list[ConditionScore], audio_s: float, n_takes: int) -> list[str]:
    lines = [f"{n_takes} takes, {scores[0].notes} annotated notes, {audio_s:.0f} s of audio", ""]
    lines += [f"- {cs.name}: {CONDITIONS[cs.name].about}" for cs in scores]
    lines += ["", "| condition | found | pitch | onset 100 ms | onset 50 ms | verdicts | pitch verdict flips "
              "| onsets moved ≥ 50 ms | lag (median, ms) | real time |", "| --- " * 10 + "|"]
    for cs in scores:
        n = max(cs.notes, 1)
        lag = 1000 * statistics.median(t.lag_s for t in cs.takes) if cs.takes else 0.0
        flips = f"{cs.flips / n:.3f}" if cs.name != "clean" else "-"
        moved = f"{cs.moved / n:.3f}" if cs.name != "clean" else "-"
        rtf = f"{audio_s / cs.analysis_s:.0f}x" if cs.analysis_s else "-"
        lines.append(f"| {cs.name} | {cs.found / n:.3f} | {cs.pitch_agree():.3f} | {cs.on100 / n:.3f} "
                     f"| {cs.on50 / n:.3f} | {cs.verdict_agree / n:.3f} | {flips} | {moved} | {lag:.1f} | {rtf} |")
    lines += ["", f"Worst {WORST_TAKES} takes per condition (share of notes whose pitch verdict flips against "
              "the clean take; onsets within 100 ms, clean -> condition):", ""]
    clean = {t.id: t for t in scores[0].takes} if scores[0].name == "clean" else {}
    for cs in scores:
        if cs.name == "clean":
            continue
        worst = sorted(cs.takes, key=lambda t: (-t.flips / max(t.notes, 1), t.onset100 / max(t.notes, 1)))
        items = []
        for t in worst[:WORST_TAKES]:
            before = clean.get(t.id)
            onset = (f"{before.onset100 / before.notes:.2f} -> " if before else "") + f"{t.onset100 / t.notes:.2f}"
            items.append(f"{t.id} {t.flips}/{t.notes} flips, onsets {onset}" + (f" ({t.error})" if t.error else ""))
        lines.append(f"- {cs.name}: " + "; ".join(items))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set_dir", help="the sing-dev directory (manifest.json, audio and scores)")
    ap.add_argument("--limit", type=int, default=0, help="this many takes, spread over the manifest")
    ap.add_argument("--conditions", default=",".join(DEFAULT_CONDITIONS),
                    help=f"comma-separated, from {', '.join(CONDITIONS)}")
    ap.add_argument("--cache", default="/tmp/sing_conditions", help="where degraded takes are kept")
    ap.add_argument("--rerender", action="store_true", help="render the cached takes anew")
    ap.add_argument("--jobs", type=int, default=1, help="processes that render and measure lags")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--save-json", help="write every condition's grader results here (for diagnostics)")
    a = ap.parse_args()

    names = [c for c in a.conditions.split(",") if c]
    unknown = [c for c in names if c not in CONDITIONS]
    if unknown:
        raise SystemExit(f"unknown condition(s) {', '.join(unknown)}; known: {', '.join(CONDITIONS)}")
    if "clean" in names:  # graded first: every other condition is compared with it
        names.remove("clean")
    names.insert(0, "clean")
    if Path(a.cache).resolve().is_relative_to(ROOT):
        raise SystemExit("--cache must lie outside the repository (sing-dev is research data)")
    set_dir = Path(a.set_dir).resolve()
    takes = pick_takes(json.loads((set_dir / "manifest.json").read_text())["takes"], a.limit)
    source = {t["id"]: str(set_dir / t["audio"]) for t in takes}

    def pool_map(fn: Callable, jobs: list) -> list:
        if a.jobs > 1:
            with ProcessPoolExecutor(a.jobs) as pool:
                return list(pool.map(fn, jobs))
        return [fn(j) for j in jobs]

    started = time.perf_counter()
    from grading.analysis.audio import decode_audio

    audio_s = sum(len(decode_audio(p).samples) for p in source.values()) / SR
    audio: dict[str, dict[str, str]] = {"clean": source}
    lags: dict[str, dict[str, float]] = {"clean": {}}
    checks: list[str] = []
    for name in names[1:]:
        t0 = time.perf_counter()
        paths = pool_map(render, [(a.cache, name, t["id"], source[t["id"]], a.rerender, t["notes"]) for t in takes])
        audio[name] = {t["id"]: p for t, p in zip(takes, paths, strict=True)}
        shift, moved_voice = CONDITIONS[name].shift_semitones, CONDITIONS[name].moves_voice
        lag_list = pool_map(measure_lag, [(source[t["id"]], audio[name][t["id"]], moved_voice) for t in takes])
        lags[name] = {t["id"]: lag for t, lag in zip(takes, lag_list, strict=True)}
        if moved_voice:  # trust a voice condition only where the sung f0 moved by the shift
            moved = np.array([m for ms in pool_map(f0_moved, [(source[t["id"]], audio[name][t["id"]], t["notes"], shift)
                                                             for t in takes]) for m in ms])
            read = moved[np.isfinite(moved)]
            checks.append(f"- {name}: f0 moved {np.median(read):+.2f} semitones (median over {len(read)} of "
                          f"{len(moved)} notes read); within 0.5 of {shift:+g}: "
                          f"{np.mean(np.abs(read - shift) < 0.5):.3f}")
        sys.stderr.write(f"[{name}] rendered, lags measured in {time.perf_counter() - t0:.0f} s\n")
    # One grader run for every condition: its start-up (Django, the trackers) is paid once.
    batch = [(f"{name}/{t['id']}", str(set_dir / t["target"]), audio[name][t["id"]]) for name in names for t in takes]
    graded, wall = grade(batch, a.python)
    sys.stderr.write(f"graded {len(batch)} takes in {wall:.0f} s\n")
    by_condition = {name: {t["id"]: graded.get(f"{name}/{t['id']}") or {} for t in takes} for name in names}
    scores = [score(name, takes, by_condition[name], None if name == "clean" else by_condition["clean"],
                    lags[name]) for name in names]
    if checks:
        sys.stdout.write("YIN over the middle half of each annotated note, clean -> shifted take:\n"
                         + "\n".join(checks) + "\n\n")
    sys.stdout.write("\n".join(report(scores, audio_s, len(takes)))
                     + f"\n\nwhole command {time.perf_counter() - started:.0f} s; cache {a.cache}\n")
    if a.save_json:
        Path(a.save_json).write_text(json.dumps({name: {"results": by_condition[name], "lags": lags[name]}
                                                 for name in names}))


if __name__ == "__main__":
    main()
