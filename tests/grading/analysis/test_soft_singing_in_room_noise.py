"""A singer with loud and soft phrases under 10 dB of room noise: the soft notes are still notes.

Traced on real voices (sing-dev v2-1206, v2-1230, v2-1211 at 10 dB of pink noise and hum): the
soft notes stood 2-10 dB over the raised room tone, under the gate's 8-9 dB margin, so the voicing
gate dropped half the sung frames and the grader lost whole takes. The gate now passes clearly pitched
runs a few dB over a high floor, but not one that climbs steeply into a louder note: that is a note
swelling in, timed from where its pitch began (``test_notes_swelling_from_silence.py``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import onsets, pitch
from tests.grading.analysis.performers import add_room_noise
from tests.grading.analysis.synth import SR, tone

LEAD_IN = 1.0
STEP = 0.6
GAP = 0.15  # a breath between notes
MIDIS = [64, 67, 60, 62, 64, 55, 60, 62, 64, 67, 62, 64]
SOFT_DB = 10.0  # the soft phrase stands about 5 dB over the room tone, as v2-1206's soft notes did
SOFT = set(range(6))  # the first phrase is sung softly


def _onset(i: int) -> float:
    return LEAD_IN + (STEP + GAP) * i


def _noisy_take(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.zeros(int((_onset(len(MIDIS)) + 0.5) * SR))
    for i, m in enumerate(MIDIS):
        level = 0.3 * 10 ** (-SOFT_DB / 20) if i in SOFT else 0.3
        note = tone(m, STEP, level=level, vibrato_cents=25.0, harmonics=(1.0, 0.7, 0.5, 0.3, 0.2, 0.1))
        a = int(_onset(i) * SR)
        x[a : a + len(note)] += note
    return add_room_noise(x, snr_db=10.0, rng=rng).astype(np.float32)


def _frames(t0: float, t1: float) -> slice:
    return slice(int(round(t0 / pitch.HOP_SECONDS)), int(round(t1 / pitch.HOP_SECONDS)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_soft_sung_notes_under_room_noise_are_voiced_and_the_noise_is_not(seed: int) -> None:
    x = _noisy_take(seed)
    track = pitch.yin(x, fmin_hz=110.0, fmax_hz=700.0)
    voiced = onsets.voiced_frames(track, x)
    frames = np.arange(len(voiced))
    soft = np.concatenate([frames[_frames(_onset(i) + 0.05, _onset(i) + STEP - 0.05)] for i in sorted(SOFT)])
    assert voiced[soft].mean() >= 0.5, (onsets.noise_floor_db(track.level_db), voiced[soft].mean())
    # The room tone alone (the lead-in, and the breaths between notes) stays unvoiced.
    assert voiced[_frames(0.1, LEAD_IN - 0.1)].mean() <= 0.05
    gaps = np.concatenate([frames[_frames(_onset(i) + STEP + 0.04, _onset(i + 1) - 0.04)]
                           for i in range(len(MIDIS) - 1)])
    assert voiced[gaps].mean() <= 0.1


def test_the_soft_notes_are_found_and_graded(tmp_path: Path) -> None:
    from grading.analysis import AssessOptions, assess, load_target
    from tests.grading.analysis.synth import write_score, write_wav

    score = write_score(tmp_path / "score.musicxml", list(MIDIS), [1.0] * len(MIDIS), bpm=80)
    audio = write_wav(tmp_path / "take.wav", _noisy_take(0))
    result = assess(load_target(score), audio, options=AssessOptions(free_tempo=True))
    soft = [result.notes[i] for i in sorted(SOFT)]
    assert sum(n.onset is not None for n in soft) >= 5, [(n.pitch, n.onset) for n in result.notes]
    errors = [abs(n.onset - _onset(n.index)) for n in soft if n.onset is not None]
    assert sum(e <= 0.1 for e in errors) >= 4, [(n.index, n.onset) for n in soft]
    assert sum(n.pitch == "ok" for n in soft) >= 4, [(n.pitch, n.cents) for n in soft]
