"""The learned part: variable-order Markov models of melody and rhythm.

Pitch model: the next diatonic step (``-9..+9`` scale steps) given, from the
longest context down, ``(mode family, scale degree, last two steps, strong
beat?)``; contexts back off with Witten-Bell interpolation, so an unseen
context still gives a proper distribution.

Rhythm model: the next rhythm cell (see :mod:`.rhythm`) given the meter
family, the beat it starts on and the previous cell.

The checkpoint is one JSON file of counts (a few hundred kB) plus an ``.npz``
of hashes of every 9-note run of the training tunes, used to keep drills from
copying them. Load it with :func:`load_model` (cached, explicit, never at
import time).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_STEP = 9
#: Index ``i`` of a pitch distribution is the step ``i - MAX_STEP``.
STEPS = np.arange(-MAX_STEP, MAX_STEP + 1)
COPY_RUN_NOTES = 9  # a run of more than 8 notes counts as copied
CHECKPOINT_DIR = Path(__file__).resolve().parent / "checkpoints"
DEFAULT_CHECKPOINT = CHECKPOINT_DIR / "melody_markov.json"
FORMAT_VERSION = 1


def pitch_contexts(family: str, degree: int, s1: int | None, s2: int | None, strong: bool) -> tuple[str, ...]:
    """Context keys from longest to shortest (the empty context last)."""
    a = "_" if s1 is None else str(s1)
    b = "_" if s2 is None else str(s2)
    st = "S" if strong else "w"
    return (f"{family}|{degree}|{a}|{b}|{st}", f"{family}|{degree}|{a}|{st}", f"{degree}|{st}", "")


def rhythm_contexts(meter_family: str, beat: int, prev: str | None) -> tuple[str, ...]:
    return (f"{meter_family}|{beat}|{prev or '_'}", f"{meter_family}|{beat}", meter_family)


def run_hash(intervals: Sequence[int], durations: Sequence[Fraction | float]) -> int:
    """A stable 32-bit hash of a run: semitone intervals and quarter-length durations."""
    text = ",".join(str(i) for i in intervals) + "/" + ",".join(f"{float(d):.3f}" for d in durations)
    return zlib.crc32(text.encode())


@dataclass
class MelodyModel:
    """Counts and the smoothed distributions they give. Build with :func:`train.train_melody_model`."""

    pitch_counts: dict[str, list[int]] = field(default_factory=dict)
    rhythm_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    copy_hashes: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint32))
    meta: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._pitch_cache: dict[tuple[str, ...], np.ndarray] = {}
        self._rhythm_cache: dict[tuple[tuple[str, ...], tuple[str, ...]], np.ndarray] = {}

    # ------------------------------------------------------------ queries

    def step_distribution(self, contexts: tuple[str, ...]) -> np.ndarray:
        """P(step) over :data:`STEPS` (shape ``(19,)``, sums to 1) for the context chain."""
        cached = self._pitch_cache.get(contexts)
        if cached is not None:
            return cached
        p = np.full(len(STEPS), 1.0 / len(STEPS))
        for key in reversed(contexts):
            counts = self.pitch_counts.get(key)
            if counts is None:
                continue
            c = np.asarray(counts, dtype=float)
            n, t = c.sum(), float(np.count_nonzero(c))
            if n > 0:
                p = (c + t * p) / (n + t)
        self._pitch_cache[contexts] = p
        return p

    def cell_weights(self, contexts: tuple[str, ...], names: tuple[str, ...]) -> np.ndarray:
        """P(cell) over ``names`` (shape ``(len(names),)``), smoothed, renormalised over ``names``."""
        cache_key = (contexts, names)
        cached = self._rhythm_cache.get(cache_key)
        if cached is not None:
            return cached
        p = np.full(len(names), 1.0 / max(1, len(names)))
        for key in reversed(contexts):
            counts = self.rhythm_counts.get(key)
            if not counts:
                continue
            c = np.array([counts.get(n, 0) for n in names], dtype=float)
            n, t = c.sum(), float(np.count_nonzero(c))
            if n > 0:
                p = (c + t * p) / (n + t)
        p = p / p.sum()
        self._rhythm_cache[cache_key] = p
        return p

    def is_copied(self, intervals: Sequence[int], durations: Sequence[Fraction | float]) -> bool:
        """True when this 9-note run (8 intervals, 9 durations) occurs in the training tunes."""
        if len(self.copy_hashes) == 0:
            return False
        h = run_hash(intervals, durations)
        # Search with a uint32 scalar: a Python int would make numpy cast the whole array.
        i = int(np.searchsorted(self.copy_hashes, np.uint32(h)))
        return i < len(self.copy_hashes) and int(self.copy_hashes[i]) == h

    # ------------------------------------------------------------ storage

    def save(self, path: Path) -> list[Path]:
        """Write ``path`` (JSON counts) and ``path.with_suffix('.npz')`` (copy hashes); return both."""
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": FORMAT_VERSION, "meta": self.meta, "pitch": self.pitch_counts, "rhythm": self.rhythm_counts}
        path.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True))
        npz = path.with_suffix(".npz")
        np.savez_compressed(npz, copy_hashes=self.copy_hashes.astype(np.uint32))
        return [path, npz]

    @classmethod
    def load(cls, path: Path) -> MelodyModel:
        data = json.loads(path.read_text())
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"checkpoint: {path} has format {data.get('version')}, expected {FORMAT_VERSION}")
        npz = path.with_suffix(".npz")
        hashes = np.load(npz)["copy_hashes"] if npz.exists() else np.zeros(0, dtype=np.uint32)
        return cls(pitch_counts=data["pitch"], rhythm_counts=data["rhythm"], copy_hashes=np.sort(hashes),
                   meta=data.get("meta", {}))


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> MelodyModel:
    """The shipped checkpoint (or ``path``), loaded once per process.

    With no checkpoint on disk an empty model is returned: drills still meet
    every constraint, with flat (rule-only) preferences.
    """
    p = Path(path) if path else DEFAULT_CHECKPOINT
    if not p.exists():
        return MelodyModel(meta={"empty": True})
    return MelodyModel.load(p)
