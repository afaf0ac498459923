"""Train the melody and rhythm models from music21's bundled corpus.

:func:`train_melody_model` is what the ``train_melody_model`` management
command calls; the shipped checkpoint under ``checkpoints/`` is its output
with the default arguments (about a minute on two cores).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from .corpus import SOURCES, Tune, iter_tunes
from .model import (
    COPY_RUN_NOTES,
    DEFAULT_CHECKPOINT,
    MAX_STEP,
    MelodyModel,
    pitch_contexts,
    rhythm_contexts,
    run_hash,
)
from .rhythm import Meter, parse_meter

HELD_OUT_FILE = "heldout.json"


@dataclass(frozen=True)
class TrainReport:
    """What a training run read and wrote; ``seconds`` is wall time."""

    tunes: int
    held_out: int
    notes: int
    files: list[Path]
    seconds: float


def train_melody_model(*, out: Path | None = None, limit: int | None = None,
                       sources: tuple[str, ...] = SOURCES) -> TrainReport:
    """Count the corpus into a :class:`MelodyModel` and save it (plus the held-out set) next to ``out``.

    ``limit`` takes at most that many tunes from each source (``limit=5``
    trains in seconds, for tests).
    """
    start = time.perf_counter()
    out = out or DEFAULT_CHECKPOINT
    pitch: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(2 * MAX_STEP + 1, dtype=np.int64))
    rhythm: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    hashes: set[int] = set()
    held_out: list[dict[str, object]] = []
    tunes = notes = 0
    for tune in iter_tunes(limit=limit, sources=sources):
        if tune.held_out:
            held_out.append(_heldout_record(tune))
            continue
        tunes += 1
        notes += sum(len(p) for p in tune.phrases)
        _count_pitches(tune, pitch)
        _count_rhythm(tune, rhythm)
        _hash_runs(tune, hashes)
    model = MelodyModel(
        pitch_counts={k: [int(x) for x in v] for k, v in pitch.items()},
        rhythm_counts={k: dict(v) for k, v in rhythm.items()},
        copy_hashes=np.array(sorted(hashes), dtype=np.uint32),
        meta={"tunes": tunes, "notes": notes, "held_out": len(held_out), "limit": limit, "sources": list(sources)},
    )
    files = model.save(out)
    heldout_path = out.parent / (out.stem + "." + HELD_OUT_FILE)
    heldout_path.write_text(json.dumps(held_out, separators=(",", ":")))
    files.append(heldout_path)
    return TrainReport(tunes, len(held_out), notes, files, time.perf_counter() - start)


def _strong(offset: Fraction, meter: Meter | None) -> bool:
    if meter is None:
        return offset == 0
    beat, rest = divmod(offset, meter.beat_length)
    return rest == 0 and int(beat) in meter.strong_beats


def _meter_or_none(text: str) -> Meter | None:
    try:
        return parse_meter(text)
    except Exception:
        return None


def _count_pitches(tune: Tune, counts: dict[str, np.ndarray]) -> None:
    family = "m" if tune.minor else "M"
    meter = _meter_or_none(tune.meter)
    for phrase in tune.phrases:
        s1: int | None = None
        s2: int | None = None
        for a, b in zip(phrase, phrase[1:], strict=False):
            step = b.step - a.step
            if abs(step) > MAX_STEP:
                s1 = s2 = None
                continue
            for key in pitch_contexts(family, tune.degree(a), s1, s2, _strong(b.offset, meter)):
                counts[key][step + MAX_STEP] += 1
            s2, s1 = s1, step


def _count_rhythm(tune: Tune, counts: dict[str, dict[str, int]]) -> None:
    meter = _meter_or_none(tune.meter)
    if meter is None:
        return
    by_durations = {(c.beats, c.durations): c.name for c in meter.cells}
    for phrase in tune.phrases:
        # Group the phrase's notes into bars by their offsets (an offset of 0 starts a bar).
        bars: list[list[Fraction]] = []
        for n in phrase:
            if n.offset == 0 or not bars:
                bars.append([])
            bars[-1].append(n.duration)
        for bar in bars:
            if sum(bar, Fraction(0)) != meter.bar_length:
                continue
            prev: str | None = None
            beat = 0
            i = 0
            while i < len(bar):
                acc = Fraction(0)
                j = i
                name = None
                while j < len(bar):
                    acc += bar[j]
                    j += 1
                    if acc % meter.beat_length == 0:
                        name = by_durations.get((int(acc / meter.beat_length), tuple(bar[i:j])))
                        break
                if name is None:
                    break  # a rhythm outside the inventory: stop counting this bar
                for key in rhythm_contexts(meter.family, beat, prev):
                    counts[key][name] += 1
                prev = name
                beat += int(acc / meter.beat_length)
                i = j


def _hash_runs(tune: Tune, hashes: set[int]) -> None:
    for phrase in tune.phrases:
        for i in range(len(phrase) - COPY_RUN_NOTES + 1):
            run = phrase[i : i + COPY_RUN_NOTES]
            intervals = [b.midi - a.midi for a, b in zip(run, run[1:], strict=False)]
            hashes.add(run_hash(intervals, [n.duration for n in run]))


def _heldout_record(tune: Tune) -> dict[str, object]:
    notes = [n for phrase in tune.phrases for n in phrase]
    return {
        "id": tune.tune_id,
        "minor": tune.minor,
        "meter": tune.meter,
        "pcs": [(n.midi - tune.tonic_pc) % 12 for n in notes],
        "intervals": [b.midi - a.midi for p in tune.phrases for a, b in zip(p, p[1:], strict=False)],
        "durations": [float(n.duration) for n in notes],
    }


def load_heldout(checkpoint: Path | None = None) -> list[dict[str, object]]:
    """The held-out tunes written next to ``checkpoint`` by :func:`train_melody_model`."""
    out = checkpoint or DEFAULT_CHECKPOINT
    path = out.parent / (out.stem + "." + HELD_OUT_FILE)
    return json.loads(path.read_text()) if path.exists() else []
