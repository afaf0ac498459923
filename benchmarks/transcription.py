"""Transcription against the annotated notes of the real sight-singing takes with no score.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/transcription.py [--prefix v2-] [--limit N] [--verbose] [--misses] [--offsets]
    PYTHONPATH=$PWD .venv/bin/python benchmarks/transcription.py --synthetic 24 [--seed S] [--slur-onsets midpoint]
    PYTHONPATH=$PWD .venv/bin/python benchmarks/transcription.py --robust 60 --seed 1 --out DIR [--reuse] [--sampled]

On the takes of ``../shared/eval/sing-dev`` whose id starts with ``--prefix`` (the 67 ``v2-``
takes: singers' own notes, annotated onset, offset and fractional pitch), ``transcribe`` is
compared with the annotation by ``mir_eval.transcription``:

- ``F``: note precision, recall and F-measure, onset within 50 ms, pitch within 50 cents, offsets
  ignored (``precision_recall_f1_overlap(onset_tolerance=0.05, pitch_tolerance=50,
  offset_ratio=None)``), the mean over takes and pooled over all notes. The annotations sit about
  20 cents above f0 trackers (``../shared/eval/README.md``), so it is also given after removing one
  set-wide offset (the median annotated-minus-transcribed difference of the onset-matched notes),
  and after removing each take's own offset: six takes' annotations sit 0.9 to 1.4 semitones above
  both YIN and librosa's pYIN, which no transcription can match within 50 cents.
- ``key-free pitch``: of the notes matched by onset alone (50 ms), the share whose pitch is within
  50 cents of the annotation after removing the take's key (the median difference over its
  matched notes); and the same share of all annotated notes.
- ``written ...``: the spelled notes (``written_notes``): neighbouring notes written with their true
  interval (the score's on the score-aligned takes, the sung one where it is clear), and, where a
  written truth exists, notes on their degree with one transposition per take. Rounding and the
  tuning reference show here, not in the key-free figure, which compares fractional pitches.
- ``--offsets``: that offset by pitch, in cents and in Hz, and its slope against pitch inside each
  take (``offset_by_pitch``): it is about constant in Hz, not in cents (docs/transcription.md).
- ``speed``: seconds of audio per second of ``transcribe`` (decode included, start-up excluded), by
  the wall clock and by this process's CPU time (the wall clock counts other work on a shared machine).

``--synthetic N`` scores N synthesised sung takes instead (``tests/grading/analysis/sung_takes.py``:
the simulator's four voices with scoops, glides, syllables and a sight-singer's vibrato (8-35 cents; 20-70
before 2026-11-26), in reverberant rooms heard from close (6-16 dB DRR; 0-8 before); the
truth is what was sung; a note glided into starts where the glide has covered 80 % of the step, where
sing-dev's annotators mark it, or with ``--slur-onsets midpoint`` at the glide's midpoint, the truth
before 2026-11-25), the held-out check against tuning the segmentation to sing-dev; it also
reports how often the key and the meter are right. Takes 0 to N-1 by default; ``--seed S`` takes
1000*S to 1000*S+N-1 instead, a set not looked at while tuning on the first ones.

``--robust N --seed S`` transcribes N takes of the robustness set instead (``robust_takes``: its
performers, rooms, noise, phone band and codecs, played plainly; ``--sampled``: ``sampled.py``'s
FluidSynth sounds) and adds, by family, performer, room, channel and noise, F at 50 and 100 ms,
key-free pitch, key and meter, and the lost notes by cause (``lost_notes``); ``--verbose`` per take.

Writes Markdown to stdout. Timings are this machine's: run it on a quiet one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import mir_eval
import numpy as np

from grading.analysis.errors import AnalysisError
from grading.analysis.pitch import midi_to_hz
from grading.analysis.transcribe import transcribe
from music.pitch import parse_pitch

ROOT = Path(__file__).resolve().parents[1]
SING_DEV = ROOT.parent / "shared" / "eval" / "sing-dev"
ONSET_TOLERANCE = 0.05
PITCH_TOLERANCE_CENTS = 50.0
# A sung interval with no written truth counts for the written notes when it lies this close to a
# whole number of semitones; a score's interval counts where the singer sang it within half a step.
CLEAR_INTERVAL_SEMITONES = 0.35
# CPU seconds spent in transcribe (this process), beside the wall clock: on a shared machine the
# wall clock counts other people's work too.
CPU_SECONDS = [0.0]
TARGETS = {"F": 0.85, "key-free pitch": 0.95, "speed": 50.0}


def _intervals(onsets: list[float], offsets: list[float]) -> np.ndarray:
    on = np.asarray(onsets, dtype=float)
    # mir_eval wants strictly positive durations.
    off = np.maximum(np.asarray(offsets, dtype=float), on + 0.01)
    return np.stack([on, off], axis=1) if len(on) else np.zeros((0, 2))


def _hz(midi: list[float]) -> np.ndarray:
    return np.asarray(midi_to_hz(np.asarray(midi, dtype=float)), dtype=float)


def score_take(ref: dict, est_notes: list[dict], *, shift: float = 0.0,
               onset_tolerance: float = ONSET_TOLERANCE) -> dict:
    """mir_eval figures for one take; ``shift`` (semitones) is added to the estimate's pitches."""
    ref_iv = _intervals([x["sung_onset"] for x in ref["notes"]], [x["sung_offset"] for x in ref["notes"]])
    ref_midi = [x["sung_midi"] for x in ref["notes"]]
    est_iv = _intervals([x["onset"] for x in est_notes], [x["offset"] for x in est_notes])
    est_midi = [x["midi"] + shift for x in est_notes]
    if len(est_midi) == 0:
        return {"p": 0.0, "r": 0.0, "f": 0.0, "matched": 0, "onset_pairs": [], "n_ref": len(ref_midi), "n_est": 0,
                "matched_pairs": [], "onset_index_pairs": []}
    p, r, f, _ = mir_eval.transcription.precision_recall_f1_overlap(
        ref_iv, _hz(ref_midi), est_iv, _hz(est_midi), onset_tolerance=onset_tolerance,
        pitch_tolerance=PITCH_TOLERANCE_CENTS, offset_ratio=None)
    pitched_pairs = mir_eval.transcription.match_notes(
        ref_iv, _hz(ref_midi), est_iv, _hz(est_midi), onset_tolerance=onset_tolerance,
        pitch_tolerance=PITCH_TOLERANCE_CENTS, offset_ratio=None)
    # Onset-only matching (any pitch) for the key-free pitch figure and the set-wide offset.
    onset_pairs = mir_eval.transcription.match_notes(
        ref_iv, _hz(ref_midi), est_iv, _hz(est_midi), onset_tolerance=onset_tolerance,
        pitch_tolerance=1e6, offset_ratio=None)
    pairs = [(ref_midi[i], est_midi[j]) for i, j in onset_pairs]
    return {"p": p, "r": r, "f": f, "matched": len(pitched_pairs), "onset_pairs": pairs, "n_ref": len(ref_midi),
            "n_est": len(est_midi), "matched_pairs": pitched_pairs, "onset_index_pairs": onset_pairs}


def _take_offset(score: dict) -> float:
    diffs = [r - e for r, e in score["onset_pairs"]]
    return float(statistics.median(diffs)) if diffs else 0.0


def key_free(pairs: list[tuple[float, float]]) -> int:
    """How many onset-matched notes have the right pitch once the take's key is removed."""
    if not pairs:
        return 0
    diffs = np.array([e - r for r, e in pairs])
    key = float(np.median(diffs))
    return int(np.sum(np.abs(diffs - key) < PITCH_TOLERANCE_CENTS / 100.0))


NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


def written_notes(take: dict, est_notes: list[dict], score: dict) -> tuple[int, int, int, int]:
    """The spelled notes against the written truth, key removed: (intervals right, intervals
    counted, notes on their degree, notes counted).

    Intervals: neighbouring annotated notes matched by onset to neighbouring transcribed notes
    whose true interval is clear: the score's (``written``: ``score_midi`` of the score-aligned
    takes, the synthetic takes' notes rounded against their own tuning) where the singer sang it
    within half a step, else the sung interval where it lies within ``CLEAR_INTERVAL_SEMITONES`` of
    a whole number of semitones; right when the written notes make it. Degrees (only with a
    ``written`` truth): onset-matched notes whose written note lies the take's most common number
    of semitones from the true one, the whole take in one key (a singer who restarts in another
    key loses the notes after)."""
    pairs = score["onset_index_pairs"]
    ref = take["notes"]
    truth = take.get("written")
    written = [parse_pitch(n["pitch"]).midi for n in est_notes]
    right = counted = 0
    for (i, j), (i2, j2) in zip(pairs, pairs[1:], strict=False):
        if i2 != i + 1 or j2 != j + 1:
            continue
        sung = ref[i2]["sung_midi"] - ref[i]["sung_midi"]
        if truth is not None:
            interval = truth[i2] - truth[i]
            if abs(sung - interval) >= 0.5:
                continue
        else:
            interval = int(round(sung))
            if abs(sung - interval) >= CLEAR_INTERVAL_SEMITONES:
                continue
        counted += 1
        right += written[j2] - written[j] == interval
    if truth is None or not pairs:
        return right, counted, 0, 0
    moved = [written[j] - truth[i] for i, j in pairs]
    return right, counted, Counter(moved).most_common(1)[0][1], len(moved)


def note_name(midi: float) -> str:
    """``60.3`` -> ``"C4+30"``: the nearest note and the cents from it."""
    nearest = int(round(midi))
    return f"{NOTE_NAMES[nearest % 12]}{nearest // 12 - 1}{100 * (midi - nearest):+.0f}"


def miss_cause(ref: list[dict], i: int, est: list[dict], j: int, off: float) -> str:
    """Why onset-matched note pair (annotated ``i``, transcribed ``j``) is wrong by ``off`` semitones
    after the key: ``octave`` (within 1.5 semitones of one or two octaves); ``approach`` (the
    transcribed note ends 0.1 s or more before the annotated one and the next transcribed note starts
    inside it: the start of the note written as a note of its own); ``runs on`` (it runs 0.1 s or
    more into the next annotated note, or 0.15 s past this one's end: two notes read as one); else
    ``reading`` (boundaries about right, the pitch read differently)."""
    r, e = ref[i], est[j]
    nxt_est = est[j + 1] if j + 1 < len(est) else None
    nxt_ref = ref[i + 1] if i + 1 < len(ref) else None
    if min(abs(abs(off) - 12), abs(abs(off) - 24)) < 1.5:
        return "octave"
    if e["offset"] < r["sung_offset"] - 0.1 and nxt_est is not None and nxt_est["onset"] < r["sung_offset"] - 0.05:
        return "approach"
    if (nxt_ref is not None and e["offset"] > nxt_ref["sung_onset"] + 0.1) or e["offset"] > r["sung_offset"] + 0.15:
        return "runs on"
    return "reading"


def annotation_grid_hz(ref: list[dict]) -> float | None:
    """The spacing (Hz) of the frequency grid a take's annotated pitches sit on, where they sit on
    one: the smallest gap between two distinct annotated frequencies, when every gap is a whole
    multiple of it (within 8 %). Annotators reading pitch off a spectrogram land on its bins."""
    hz = np.unique(np.round(_hz([n["sung_midi"] for n in ref]), 2))
    gaps = np.diff(hz)
    gaps = gaps[gaps > 0.5]
    if len(gaps) < 3:
        return None
    step = float(gaps.min())
    ratio = gaps / step
    return step if bool(np.all(np.abs(ratio - np.round(ratio)) < 0.08)) else None


def key_free_misses(takes: list[dict], results: list[dict]) -> str:
    """Each onset-matched note whose pitch is wrong after the take's key is removed (the notes
    ``key_free`` does not count): the take, the annotated and the transcribed note (key removed),
    the cents between them, where the transcribed note lies against the annotated one, the
    annotated neighbours (pitch and the gap to them), and the cause (``miss_cause``); then the count
    by cause, and each take's annotation grid (``annotation_grid_hz``) with its key-free share."""
    lines = ["", "| take | onset (s) | annotated | transcribed | cents | onset / offset against the annotation (s) "
             "| length annotated / transcribed (s) | before (gap s) | after (gap s) | cause |", "| --- " * 10 + "|"]
    causes: Counter[str] = Counter()
    grids = []
    for take, result in zip(takes, results, strict=True):
        ref, est = take["notes"], result["notes"]
        score = score_take(take, est)
        pairs = score["onset_index_pairs"]
        step = annotation_grid_hz(ref)
        if step is not None:
            median_hz = float(np.median(_hz([n["sung_midi"] for n in ref])))
            half_step_cents = 1200 * np.log2((median_hz + step / 2) / median_hz)
            grids.append(f"| {take['id']} | {step:.2f} | {half_step_cents:.0f} | {key_free(score['onset_pairs'])}/{len(pairs)} |")
        if not pairs:
            continue
        key = float(np.median([est[j]["midi"] - ref[i]["sung_midi"] for i, j in pairs]))
        for i, j in pairs:
            off = est[j]["midi"] - key - ref[i]["sung_midi"]
            if abs(off) < PITCH_TOLERANCE_CENTS / 100.0:
                continue
            r, e = ref[i], est[j]
            before = (f"{note_name(ref[i - 1]['sung_midi'])} ({r['sung_onset'] - ref[i - 1]['sung_offset']:.2f})"
                      if i > 0 else "-")
            after = (f"{note_name(ref[i + 1]['sung_midi'])} ({ref[i + 1]['sung_onset'] - r['sung_offset']:.2f})"
                     if i + 1 < len(ref) else "-")
            cause = miss_cause(ref, i, est, j, off)
            causes[cause] += 1
            lines.append(f"| {take['id']} | {r['sung_onset']:.2f} | {note_name(r['sung_midi'])} | {note_name(e['midi'] - key)} "
                         f"| {100 * off:+.0f} | {e['onset'] - r['sung_onset']:+.2f} / {e['offset'] - r['sung_offset']:+.2f} "
                         f"| {r['sung_offset'] - r['sung_onset']:.2f} / {e['offset'] - e['onset']:.2f} | {before} | {after} | {cause} |")
    lines += ["", "Misses by cause: " + ", ".join(f"{c} {n}" for c, n in causes.most_common()) + ".", "",
              "Takes whose annotated pitches sit on a frequency grid (a spectrogram's bins): the grid, half of "
              "it in cents at the take's median pitch (how far an annotation may sit from what was sung), and "
              "the take's key-free pitch.", "", "| take | grid (Hz) | half a step (cents) | key-free |",
              "| --- | --- | --- | --- |", *grids]
    return "\n".join(lines)


OFFSET_BANDS_HZ = (0.0, 150.0, 200.0, 250.0, 300.0, 400.0, np.inf)
# Onset-matched pairs this close (semitones) are the same note read twice; the rest (wrong notes,
# octaves, the takes annotated a semitone off) would swamp a median of a few cents.
SAME_READING_SEMITONES = 0.6
MIN_PAIRS_FOR_SLOPE = 8


def offset_by_pitch(takes: list[dict], results: list[dict]) -> str:
    """Where the annotations' offset from the transcription comes from: the median
    annotated-minus-transcribed difference of onset-matched notes by the transcribed pitch's band,
    in cents and in Hz, and its slope against pitch inside each take (each take's mean removed, so
    singers do not stand in for pitch). A tracker or summary biased in cents gives a flat cents
    column and 0 cents per octave; a reading off a spectrogram's linear frequency axis, biased in Hz,
    a flat Hz column and 0 Hz per octave. Changes no figure."""
    ref_all, est_all, x_oct, y_cents, y_hz = [], [], [], [], []
    for take, result in zip(takes, results, strict=True):
        pairs = score_take(take, result["notes"])["onset_pairs"]
        if not pairs:
            continue
        ref = np.array([r for r, _ in pairs])
        est = np.array([e for _, e in pairs])
        ref_all += list(ref)
        est_all += list(est)
        diff = ref - est
        same = np.abs(diff - np.median(diff)) < PITCH_TOLERANCE_CENTS / 100.0
        if same.sum() < MIN_PAIRS_FOR_SLOPE:
            continue
        octaves = np.log2(_hz(list(est[same])))
        cents = 100 * diff[same]
        hz = _hz(list(ref[same])) - _hz(list(est[same]))
        x_oct += list(octaves - octaves.mean())
        y_cents += list(cents - cents.mean())
        y_hz += list(hz - hz.mean())
    ref_a, est_a = np.array(ref_all), np.array(est_all)
    keep = np.abs(ref_a - est_a) < SAME_READING_SEMITONES
    est_hz, ref_hz = _hz(list(est_a)), _hz(list(ref_a))
    lines = ["", "Annotated minus transcribed pitch, onset-matched notes within "
             f"{100 * SAME_READING_SEMITONES:.0f} cents of each other, by the transcribed pitch:", "",
             "| pitch (Hz) | notes | median (cents) | median (Hz) |", "| --- | --- | --- | --- |"]
    for lo, hi in zip(OFFSET_BANDS_HZ[:-1], OFFSET_BANDS_HZ[1:], strict=True):
        band = keep & (est_hz >= lo) & (est_hz < hi)
        if band.any():
            lines.append(f"| {lo:.0f}-{hi:.0f} | {int(band.sum())} | {100 * np.median(ref_a[band] - est_a[band]):+.1f} "
                         f"| {np.median(ref_hz[band] - est_hz[band]):+.2f} |")
    if len(x_oct) > 1:
        slope_cents = float(np.polyfit(x_oct, y_cents, 1)[0])
        slope_hz = float(np.polyfit(x_oct, y_hz, 1)[0])
        lines += ["", f"Inside each take ({len(x_oct)} notes within 50 cents of the take's median difference): "
                  f"{slope_cents:+.1f} cents and {slope_hz:+.2f} Hz per octave."]
    return "\n".join(lines)


def run(prefix: str, limit: int) -> tuple[list[dict], list[dict], float, float]:
    manifest = json.loads((SING_DEV / "manifest.json").read_text())
    takes = [t for t in manifest["takes"] if t["id"].startswith(prefix)]
    for t in takes:
        # The score-aligned takes (SSVD v1) carry the written note; the others' ``score_midi`` is the
        # annotation rounded at A440, no written truth.
        if t.get("source") == "ssvd-v1":
            t["written"] = [n["score_midi"] for n in t["notes"]]
    if limit:
        takes = takes[:limit]
    return (takes, *transcribe_takes(takes, SING_DEV))


def report(takes: list[dict], results: list[dict], audio_seconds: float, analysis_seconds: float,
           *, verbose: bool, misses: bool = False, offsets: bool = False) -> tuple[str, dict]:
    raw = [score_take(t, r["notes"]) for t, r in zip(takes, results, strict=True)]
    all_pairs = [p for s in raw for p in s["onset_pairs"]]
    bias = statistics.median(r - e for r, e in all_pairs) if all_pairs else 0.0
    shifted = [score_take(t, r["notes"], shift=bias) for t, r in zip(takes, results, strict=True)]
    # Some takes' annotations sit a semitone above every tracker (checked with pYIN too): per take.
    per_take = [score_take(t, r["notes"], shift=_take_offset(s)) for t, r, s in zip(takes, results, raw, strict=True)]
    n_ref = sum(s["n_ref"] for s in raw)
    n_est = sum(s["n_est"] for s in raw)

    def pooled(scores: list[dict]) -> tuple[float, float, float]:
        m = sum(s["matched"] for s in scores)
        p, r = m / max(1, n_est), m / max(1, n_ref)
        return p, r, 2 * p * r / max(1e-9, p + r)

    right = sum(key_free(s["onset_pairs"]) for s in raw)
    n_pairs = len(all_pairs)
    spelled = np.array([written_notes(t, r["notes"], s) for t, r, s in zip(takes, results, raw, strict=True)
                        if not r.get("error")]).reshape(-1, 4).sum(axis=0)
    fig = {
        "F": float(np.mean([s["f"] for s in raw])),
        "F pooled": pooled(raw)[2],
        "F (set-wide offset removed)": float(np.mean([s["f"] for s in shifted])),
        "F pooled (set-wide offset removed)": pooled(shifted)[2],
        "F (each take's offset removed)": float(np.mean([s["f"] for s in per_take])),
        "precision": float(np.mean([s["p"] for s in raw])),
        "recall": float(np.mean([s["r"] for s in raw])),
        "onset-matched share": n_pairs / max(1, n_ref),
        "key-free pitch": right / max(1, n_pairs),
        "key-free pitch of all notes": right / max(1, n_ref),
        "written intervals right (neighbours, clear true interval)": spelled[0] / max(1, spelled[1]),
        **({"written notes on their degree, one key per take": spelled[2] / spelled[3]} if spelled[3] else {}),
        "speed": audio_seconds / max(1e-9, analysis_seconds),
        "speed (CPU time)": audio_seconds / max(1e-9, CPU_SECONDS[0]),
    }
    lines = [
        f"# Transcription on sing-dev ({len(takes)} takes, {n_ref} annotated notes, {n_est} transcribed)",
        "",
        f"Set-wide offset (annotation minus transcription, onset-matched notes): {100 * bias:.0f} cents. "
        f"Audio {audio_seconds:.0f} s, transcription {analysis_seconds:.1f} s.",
        "",
        "| figure | value | target |",
        "| --- | --- | --- |",
    ]
    for name, value in fig.items():
        target = TARGETS.get(name)
        unit = "x real time" if name.startswith("speed") else ""
        shown = f"{value:.1f}{unit}" if unit else f"{value:.4f}"
        lines.append(f"| {name} | {shown} | {'' if target is None else f'>= {target:g}'} |")
    errors = [r for r in results if r.get("error")]
    if errors:
        lines += ["", "Errors: " + "; ".join(f"{r['id']}: {r['error']}" for r in errors)]
    if verbose:
        lines += ["", "| take | F | P | R | notes (ref/est) | key | meter | tempo |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        order = sorted(range(len(takes)), key=lambda i: raw[i]["f"])
        for i in order:
            s, r = raw[i], results[i]
            lines.append(f"| {takes[i]['id']} | {s['f']:.2f} | {s['p']:.2f} | {s['r']:.2f} | {s['n_ref']}/{s['n_est']} | "
                         f"{r.get('key', '')} | {r.get('meter', '')} | {r.get('tempo', '')} |")
    if misses:
        lines.append(key_free_misses(takes, results))
    if offsets:
        lines.append(offset_by_pitch(takes, results))
    return "\n".join(lines), fig


def run_synthetic(count: int, *, first: int = 0, slur_onsets: str = "arrival"
                  ) -> tuple[list[dict], list[dict], float, float, str]:
    from tests.grading.analysis.sung_takes import sung_take

    takes, results = [], []
    audio_seconds = analysis_seconds = 0.0
    keys = meters = 0
    for seed in range(first, first + count):
        take = sung_take(seed, slur_onsets=slur_onsets)
        cpu = time.process_time()
        result = transcribe(take.audio)
        CPU_SECONDS[0] += time.process_time() - cpu
        audio_seconds += result.audio_seconds
        analysis_seconds += result.seconds
        # The simulated singers sing in tune (a few cents' scatter): their notes rounded against the
        # take's own tuning are the written ones.
        tuning = float(np.angle(np.mean(np.exp(2j * np.pi * np.array(take.midi)))) / (2 * np.pi))
        takes.append({"id": take.id, "notes": [{"sung_onset": a, "sung_offset": b, "sung_midi": m}
                                               for a, b, m in zip(take.onsets, take.offsets, take.midi, strict=True)],
                      "written": [int(round(m - tuning)) for m in take.midi]})
        results.append({"id": take.id, **result.to_json()})
        tonic = take.key.replace("-", "b")
        keys += result.key.tonic.lower() == tonic.lower() and result.key.minor_family == tonic[0].islower()
        meters += result.rhythm.meter == take.meter
    note = (f"Key right in {keys}/{count} takes; meter right in {meters}/{count}. A glided-into note's truth "
            f"starts at the glide's {slur_onsets}.")
    return takes, results, audio_seconds, analysis_seconds, note


# ------------------------------------------------------------------ rooms, channels, instruments

WIDE_ONSET_TOLERANCE = 0.1
# How far (s) a transcribed onset may sit from a true one at its pitch and still be the same note
# with its onset misplaced, and how close (semitones) "its pitch" is.
MISPLACED_ONSET_SECONDS = 0.15
SAME_NOTE_SEMITONES = 0.5


def _pitch_class(name: str) -> int:
    """The pitch class of a tonic spelled as music21 (``"E-"``, ``"f#"``) or as ``Key`` (``"Eb"``)."""
    from music.key import Key

    return Key(name[0].upper() + name[1:].replace("-", "b")).tonic_pc


def key_right(truth: str, key_name: str) -> bool:
    """Whether a transcription's ``"Eb major"`` is the melody's key (music21's name: minor in lower
    case); enharmonic spellings count as the same key."""
    tonic, mode = key_name.split()
    return _pitch_class(truth) == _pitch_class(tonic) and truth[0].islower() == (mode == "minor")


def robust_takes(count: int, seed: int, *, sampled: bool, folder: Path, reuse: bool) -> list[dict]:
    """``count`` takes of the robustness set ``seed`` (``performers.draw_spec``: its performers,
    rooms, noise, phone band and codecs) or, with ``sampled``, of ``benchmarks/sampled.py``'s
    FluidSynth instruments, played plainly (no planted mistakes, no events, in the written key),
    written to ``folder`` through ``room_and_channel``. Each entry: ``id``, ``audio``, the truth
    (``notes`` as sounded, ``key``, ``meter``) and the conditions (``performer``, ``family``,
    ``room``, ``channel``, ``noise``). ``reuse`` reads back a set written before."""
    from dataclasses import replace

    from tests.grading.analysis import performers as perf

    listing = folder / "transcription-set.json"
    if reuse and listing.exists():
        kept = json.loads(listing.read_text())
        if kept["seed"] == seed and kept["sampled"] == sampled and len(kept["takes"]) >= count:
            return kept["takes"][:count]
    folder.mkdir(parents=True, exist_ok=True)
    if sampled:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import sampled as fluid
    takes = []
    for index in range(count):
        spec: Any
        if sampled:
            spec = replace(fluid.draw_spec(seed, index), errors=False)
            melody, plan, x, rng = fluid.perform(spec, fluid.calibration(folder, [spec.instrument])[spec.instrument])
            family = fluid.INSTRUMENTS[spec.instrument].family
        else:
            spec = replace(perf.draw_spec(seed, index), errors=False, events=(), transposition=0.0)
            melody, plan, x, rng = perf.perform(spec)
            family = perf.INSTRUMENTS[spec.instrument].family
        x, _, audio = perf.room_and_channel(x, spec, rng=rng, path=folder / spec.id)
        sounded = sorted(plan.sounded, key=lambda n: n.onset)
        room = "dry" if spec.rt60_s is None else ("rt0.3-0.6" if spec.rt60_s < 0.6 else
                                                  ("rt0.6-0.9" if spec.rt60_s < 0.9 else "rt0.9-1.2"))
        takes.append({
            "id": spec.id, "audio": audio.name, "key": melody.key_name, "meter": melody.meter,
            "notes": [{"sung_onset": n.onset, "sung_offset": n.onset + n.duration, "sung_midi": n.midi}
                      for n in sounded],
            "performer": spec.instrument, "family": family, "room": room,
            "rt60_s": spec.rt60_s, "channel": spec.channel, "snr_db": spec.snr_db,
            "noise": "snr10-25" if spec.snr_db < 30 else "snr35-50",
        })
    listing.write_text(json.dumps({"seed": seed, "sampled": sampled, "takes": takes}))
    return takes


def transcribe_takes(takes: list[dict], folder: Path) -> tuple[list[dict], float, float]:
    """Each take's transcription as its JSON line (an ``error`` line for a refused take), the audio's
    seconds and the analysis's seconds; the process's CPU time goes to ``CPU_SECONDS``."""
    results = []
    audio_seconds = analysis_seconds = 0.0
    for take in takes:
        cpu = time.process_time()
        try:
            result = transcribe(folder / take["audio"])
        except AnalysisError as exc:
            results.append({"id": take["id"], "error": str(exc), "notes": [], "key": "", "meter": ""})
            continue
        CPU_SECONDS[0] += time.process_time() - cpu
        audio_seconds += result.audio_seconds
        analysis_seconds += result.seconds
        results.append({"id": take["id"], **result.to_json()})
    return results, audio_seconds, analysis_seconds


def lost_notes(take: dict, est_notes: list[dict], score: dict) -> Counter:
    """Why each true note was not matched and each transcribed note was extra, one cause each.

    True notes: an onset within 50 ms at an octave's distance (``octave``), at another pitch
    (``pitch``); the right pitch with the onset 50-150 ms off (``onset``); inside a transcribed note
    at its pitch that started before (``merged``: a repeat or a note run into the one before);
    under a transcribed note of another pitch (``covered``: a tail or a neighbour held on); nothing
    transcribed there (``unheard``). Extra notes, marked ``+``: inside a true note at its pitch
    (``+split``), after a true note has ended, at its pitch, before the next starts (``+tail``: the
    room or the ring), the far side of a misplaced onset (``+onset``: a true note at its pitch,
    unmatched, starts within 150 ms), an onset pair at the wrong
    pitch (``+pitch``, already counted on the true side), anything else (``+other``). A misplaced
    onset is looked for first: a note that starts 60 ms late is ``+onset``, not ``+split``.
    """
    ref = take["notes"]
    on = np.array([n["sung_onset"] for n in ref])
    off = np.array([n["sung_offset"] for n in ref])
    midi = np.array([n["sung_midi"] for n in ref])
    causes: Counter[str] = Counter()
    matched_ref = {i for i, _ in score["matched_pairs"]}
    matched_est = {j for _, j in score["matched_pairs"]}
    onset_pair = {i: j for i, j in score["onset_index_pairs"]}
    onset_est = {j for _, j in score["onset_index_pairs"]}
    for i in range(len(ref)):
        if i in matched_ref:
            continue
        if i in onset_pair:
            diff = est_notes[onset_pair[i]]["midi"] - midi[i]
            octave = abs(diff) > 6 and abs(diff - 12 * round(diff / 12)) < 1.0
            causes["octave" if octave else "pitch"] += 1
            continue
        near = [e for e in est_notes if abs(e["midi"] - midi[i]) < SAME_NOTE_SEMITONES]
        sounding = [e for e in est_notes if e["onset"] < on[i] and e["offset"] > on[i] + 0.03]
        if any(abs(e["onset"] - on[i]) <= MISPLACED_ONSET_SECONDS for e in near):
            causes["onset"] += 1
        elif any(abs(e["midi"] - midi[i]) < SAME_NOTE_SEMITONES for e in sounding):
            causes["merged"] += 1
        elif sounding:
            causes["covered"] += 1
        else:
            causes["unheard"] += 1
    for j, e in enumerate(est_notes):
        if j in matched_est:
            continue
        if j in onset_est:
            causes["+pitch"] += 1
            continue
        same = np.abs(midi - e["midi"]) < SAME_NOTE_SEMITONES
        inside = same & (on < e["onset"] - ONSET_TOLERANCE) & (off > e["onset"])
        before = np.flatnonzero(on < e["onset"])
        after = np.flatnonzero(on > e["onset"])
        next_on = on[after[0]] if len(after) else np.inf
        unmatched = np.array([i not in matched_ref for i in range(len(ref))], dtype=bool)
        if (same & unmatched & (np.abs(on - e["onset"]) <= MISPLACED_ONSET_SECONDS)).any():
            causes["+onset"] += 1
        elif inside.any():
            causes["+split"] += 1
        elif len(before) and same[before[-1]] and off[before[-1]] <= e["onset"] < next_on - ONSET_TOLERANCE:
            causes["+tail"] += 1
        else:
            causes["+other"] += 1
    return causes


CAUSES = ("octave", "pitch", "onset", "merged", "covered", "unheard",
          "+split", "+tail", "+onset", "+pitch", "+other")
AXES = ("family", "performer", "room", "channel", "noise")


def robust_report(takes: list[dict], results: list[dict], *, verbose: bool) -> str:
    """F at 50 and 100 ms, key-free pitch, key and meter per condition, and where notes are lost."""
    rows = []
    for take, result in zip(takes, results, strict=True):
        narrow = score_take(take, result["notes"])
        wide = score_take(take, result["notes"], onset_tolerance=WIDE_ONSET_TOLERANCE)
        rows.append({"take": take, "result": result, "f50": narrow["f"], "f100": wide["f"],
                     "pairs": narrow["onset_pairs"], "n_ref": narrow["n_ref"], "n_est": narrow["n_est"],
                     "p": narrow["p"], "r": narrow["r"],
                     "key": key_right(take["key"], result["key"]) if result["key"] else False,
                     "meter": take["meter"] == result["meter"],
                     "causes": lost_notes(take, result["notes"], narrow)})

    def figures(group: list[dict]) -> list[str]:
        pairs = [p for g in group for p in g["pairs"]]
        causes: Counter[str] = sum((g["causes"] for g in group), Counter())
        return [str(len(group)), str(sum(g["n_ref"] for g in group)),
                f"{np.mean([g['f50'] for g in group]):.3f}", f"{np.mean([g['f100'] for g in group]):.3f}",
                f"{sum(key_free(g['pairs']) for g in group) / max(1, len(pairs)):.3f}",
                f"{sum(g['key'] for g in group)}/{len(group)}", f"{sum(g['meter'] for g in group)}/{len(group)}",
                *[str(causes[c]) for c in CAUSES]]

    head = ["takes", "notes", "F 50 ms", "F 100 ms", "key-free pitch", "key", "meter", *CAUSES]
    lines = ["", "| condition | " + " | ".join(head) + " |", "| --- " * (len(head) + 1) + "|",
             "| all | " + " | ".join(figures(rows)) + " |"]
    for axis in AXES:
        for value in sorted({r["take"][axis] for r in rows}):
            group = [r for r in rows if r["take"][axis] == value]
            lines.append(f"| {axis} {value} | " + " | ".join(figures(group)) + " |")
    lines += ["", "Causes (one per lost note; see `lost_notes`): true notes not matched, by what the "
              "transcription has there; extra transcribed notes (+) by where they sit."]
    if verbose:
        lines += ["", "| take | performer | room | channel | SNR | F 50 | F 100 | P | R | notes (true/est) "
                  "| key (true/est) | meter (true/est) | causes |", "| --- " * 13 + "|"]
        for r in sorted(rows, key=lambda r: r["f50"]):
            t, res = r["take"], r["result"]
            room = "dry" if t["rt60_s"] is None else f"rt{t['rt60_s']:.2f}"
            causes = " ".join(f"{c} {n}" for c, n in r["causes"].most_common())
            lines.append(f"| {t['id']} | {t['performer']} | {room} | {t['channel']} | {t['snr_db']:.0f} | "
                         f"{r['f50']:.2f} | {r['f100']:.2f} | {r['p']:.2f} | {r['r']:.2f} | {r['n_ref']}/{r['n_est']} "
                         f"| {t['key']}/{res['key']} | {t['meter']}/{res['meter']} | {causes} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--prefix", default="v2-", help="take ids starting with this (default v2-)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--verbose", action="store_true", help="per take, worst first")
    ap.add_argument("--misses", action="store_true",
                    help="list the notes wrong after the key is removed, with their cause, and the annotation grids")
    ap.add_argument("--offsets", action="store_true",
                    help="the annotations' offset from the transcription by pitch, in cents and Hz (no figure changes)")
    ap.add_argument("--synthetic", type=int, default=0, metavar="N", help="N synthesised sung takes instead")
    ap.add_argument("--slur-onsets", choices=("arrival", "midpoint"), default="arrival",
                    help="with --synthetic: a glided-into note's truth starts where the glide arrives (80 %% of the "
                         "step, where sing-dev's annotators mark it) or at its midpoint (the truth before 2026-11-25)")
    ap.add_argument("--robust", type=int, default=0, metavar="N",
                    help="N takes of the robustness set's performers, rooms and channels instead")
    ap.add_argument("--sampled", action="store_true", help="with --robust: benchmarks/sampled.py's instruments")
    ap.add_argument("--seed", type=int, default=None,
                    help="with --robust: the set's seed (default 1); with --synthetic: takes 1000*SEED on "
                         "(default takes 0 on, the set tuned on)")
    ap.add_argument("--out", type=Path, default=None,
                    help="with --robust: keep the takes (and the transcriptions, transcriptions.json) here")
    ap.add_argument("--reuse", action="store_true", help="with --robust: transcribe the takes kept in --out")
    a = ap.parse_args()
    started = time.perf_counter()
    extra = ""
    if a.robust:
        with tempfile.TemporaryDirectory(prefix="transcription-robust-") as tmp:
            folder = (a.out or Path(tmp)).resolve()
            seed = 1 if a.seed is None else a.seed
            takes = robust_takes(a.robust, seed, sampled=a.sampled, folder=folder, reuse=a.reuse)
            made = time.perf_counter() - started
            results, audio_s, analysis_s = transcribe_takes(takes, folder)
            if a.out:
                (folder / "transcriptions.json").write_text(json.dumps(results))
        extra = (f"{'Sampled instruments' if a.sampled else 'Robustness performers'}, seed {seed}; "
                 f"takes made in {made:.0f} s." + robust_report(takes, results, verbose=a.verbose))
        text, _ = report(takes, results, audio_s, analysis_s, verbose=False)
        text = text.replace("on sing-dev", "on the robustness set") + "\n\n" + extra
    else:
        if a.synthetic:
            first = 0 if a.seed is None else 1000 * a.seed
            takes, results, audio_s, analysis_s, extra = run_synthetic(a.synthetic, first=first,
                                                                       slur_onsets=a.slur_onsets)
        else:
            takes, results, audio_s, analysis_s = run(a.prefix, a.limit)
        text, _ = report(takes, results, audio_s, analysis_s, verbose=a.verbose, misses=a.misses, offsets=a.offsets)
        if a.synthetic:
            text = text.replace("on sing-dev", "on synthesised sung takes") + "\n\n" + extra
    sys.stdout.write(text + f"\n\nWhole run {time.perf_counter() - started:.0f} s.\n")


if __name__ == "__main__":
    main()
