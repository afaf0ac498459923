"""The range test: the lowest and highest notes a singer held, from a take sung low to high."""

from __future__ import annotations

import numpy as np

from .errors import AnalysisError
from .pitch import HOP_SECONDS, yin

#: A note counts when held (within half a semitone) for at least this long, so a crack or a slide does not.
MIN_HELD_SECONDS = 0.2
MIN_CONFIDENCE = 0.8
MIN_LEVEL_DB = -45.0
#: The search band of the tracker (Hz): a low bass to a high soprano.
LOWEST_HZ, HIGHEST_HZ = 60.0, 1400.0


class NoSteadyNotes(AnalysisError):
    """The range test heard no note held long enough to count."""


def measure_vocal_range(samples: np.ndarray) -> tuple[int, int]:
    """(lowest, highest) MIDI note held for ``MIN_HELD_SECONDS`` in ``samples`` (shape (n,), 16 kHz mono).

    Frames are tracked with YIN, kept where confident and loud enough, and
    rounded to the nearest semitone; a semitone counts when it holds that long
    in total. Raises :class:`NoSteadyNotes` when fewer than two notes count.
    """
    track = yin(samples, fmin_hz=LOWEST_HZ, fmax_hz=HIGHEST_HZ)
    midi = track.midi
    good = np.isfinite(midi) & (track.confidence >= MIN_CONFIDENCE) & (track.level_db >= MIN_LEVEL_DB)
    if not good.any():
        raise NoSteadyNotes("no steady singing was heard; sing each note for about a second")
    semitones = np.rint(midi[good]).astype(int)
    values, counts = np.unique(semitones, return_counts=True)
    held = values[counts * HOP_SECONDS >= MIN_HELD_SECONDS]
    if len(held) < 2:
        raise NoSteadyNotes("fewer than two notes were held long enough; sing from your lowest to your highest note")
    return int(held.min()), int(held.max())
