"""A singer's drift is said once, whatever its shape, and real slips are still named."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import assess
from grading.analysis.intonation import pitch_drift
from tests.grading.analysis.synth import Played, render, write_score, write_wav

# Two bars of a tune sung three times: 24 quarter notes at 120 BPM.
TUNE = [67, 69, 71, 72, 74, 72, 71, 69] * 3
NOTE_SECONDS = 0.5


def _step_sink_take(tmp_path: Path, *, sink_cents: float, from_note: int, slip: int | None = None) -> dict:
    """The tune in tune up to ``from_note``, then ``sink_cents`` flat to the end (a drop after a hard
    interval, not a slope); ``slip`` is a note sung a further 40 cents sharp of where the singer is."""
    played = []
    for k, midi in enumerate(TUNE):
        cents = sink_cents if k >= from_note else 0.0
        if k == slip:
            cents += 40.0
        played.append(Played(midi + cents / 100.0, 0.6 + NOTE_SECONDS * k, 0.45))
    score = write_score(tmp_path / "t.musicxml", list(TUNE), [1.0] * len(TUNE))
    audio = write_wav(tmp_path / "t.wav", render(played, total=0.6 + NOTE_SECONDS * len(TUNE) + 0.8,
                                                 vibrato_cents=10))
    return assess(score, audio).to_json(details=True)


def test_a_singer_who_drops_a_step_late_in_the_take_hears_it_once(tmp_path: Path) -> None:
    # Two thirds in tune, then 40 cents flat: most pairs of notes show no slope, so a straight
    # line through the take sees no drift and the last third came out as eight flat notes.
    result = _step_sink_take(tmp_path, sink_cents=-40.0, from_note=16)
    assert [n["pitch"] for n in result["notes"][16:]] == ["flat"] * 8  # the verdicts say what was sung
    sank = [line for line in result["feedback"] if "sank" in line]
    assert len(sank) == 1, result["feedback"]
    assert "between bar 4 and bar 5" in sank[0], sank  # where it happened: notes 16 and 17
    assert not [line for line in result["feedback"] if "cents flat" in line], result["feedback"]


def test_a_slip_inside_a_drift_is_still_named(tmp_path: Path) -> None:
    result = _step_sink_take(tmp_path, sink_cents=-40.0, from_note=16, slip=8)
    assert any(line.startswith("bar 3:") and "cents sharp" in line for line in result["feedback"]), \
        result["feedback"]


@pytest.mark.parametrize(("shape", "expect_cents"), [
    ("straight", -40.0),   # sinks evenly from first note to last
    ("late", -40.0),       # holds the key for half the take, then sinks evenly
    ("steps", -40.0),      # two drops of 20 cents, after notes 8 and 16
])
def test_pitch_drift_measures_the_whole_sink_whatever_its_shape(shape: str, expect_cents: float) -> None:
    t = np.arange(24) * 0.5
    rng = np.random.default_rng(3)
    if shape == "straight":
        curve = -40.0 * t / t[-1]
    elif shape == "late":
        curve = -40.0 * np.clip((t - t[12]) / (t[-1] - t[12]), 0.0, 1.0)
    else:
        curve = -20.0 * (t >= t[8]) - 20.0 * (t >= t[16])
    cents = curve + rng.uniform(-6.0, 6.0, len(t))
    cents[5] = 45.0  # a careless note does not tilt it
    drift = pitch_drift(t, cents)
    assert drift is not None
    assert abs(drift.cents - expect_cents) < 10.0, drift


def test_pitch_drift_finds_none_in_a_steady_take_with_slips() -> None:
    t = np.arange(24) * 0.5
    cents = np.random.default_rng(4).uniform(-8.0, 8.0, len(t))
    cents[[3, 11, 19]] = [-40.0, 42.0, -38.0]  # flat, sharp, flat: mistakes, not a trend
    assert pitch_drift(t, cents) is None


def test_pitch_drift_rejects_arrays_of_different_shapes() -> None:
    with pytest.raises(ValueError, match="shape"):
        pitch_drift(np.arange(8.0), np.zeros(7))
