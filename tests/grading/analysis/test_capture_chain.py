"""What phones, browsers and headsets do to a take before it reaches us (the simulator's capture
chain, ``performers.CAPTURES``): each case is synthesised here and must still be graded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from grading.analysis import assess, decode_audio
from tests.grading.analysis.synth import tone, write_score, write_wav
from tests.grading.analysis.test_robustness import DRY_ALTO, _graded, _wrong


def _write_stereo(path: Path, left: np.ndarray, right: np.ndarray, *, sr: int = 16_000) -> Path:
    import wave

    data = np.clip(np.stack([left, right], axis=1), -1.0, 1.0)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes((data * 32767).round().astype("<i2").tobytes())
    return path


def _rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


def test_a_stereo_take_with_one_microphone_in_reverse_polarity_is_heard(tmp_path: Path) -> None:
    # A plain mix of a reversed pair cancels the voice: the take was refused as silent.
    x = tone(69, 1.0)
    audio = decode_audio(_write_stereo(tmp_path / "a.wav", x, -x))
    assert abs(_rms(audio.samples) / _rms(x) - 1.0) < 0.05


def test_a_dead_stereo_channel_is_left_out_of_the_mix(tmp_path: Path) -> None:
    # Averaged in, the dead channel halved the take, and its clipped peaks (here at full scale)
    # fell under the clip check's level.
    x = np.clip(6.0 * tone(69, 1.0), -1.0, 1.0)
    audio = decode_audio(_write_stereo(tmp_path / "a.wav", np.zeros_like(x), x))
    assert abs(_rms(audio.samples) / _rms(x) - 1.0) < 0.05
    assert audio.clipped_fraction > 0.1


def test_a_loud_mono_take_saved_as_stereo_is_not_clipped_by_the_mix(tmp_path: Path) -> None:
    # FFmpeg's mono mix adds the two channels at -3 dB each: a channel peaking at 0.9 came out at
    # 1.27, was cut at full scale and counted as clipped.
    x = tone(69, 1.0)
    x = 0.9 * x / np.abs(x).max()
    audio = decode_audio(_write_stereo(tmp_path / "a.wav", x, x))
    assert audio.clipped_fraction == 0.0
    assert abs(_rms(audio.samples) / _rms(x) - 1.0) < 0.01


def test_a_sung_take_in_reverse_polarity_stereo_is_graded(tmp_path: Path) -> None:
    take, result = _graded(replace(DRY_ALTO, capture=("stereo-antiphase",)), tmp_path)
    assert len(_wrong(take, result)) <= 2


def test_soft_notes_over_a_dc_offset_are_heard(tmp_path: Path) -> None:
    # A cheap converter's offset (3 % of full scale) is a constant level in every frame: the room
    # tone was read at the offset's level and the soft notes under it were gated out as missed.
    midis = [60, 62, 64, 65, 67, 69, 67, 65]
    score: list[int | None] = list(midis)
    levels = [0.3, 0.05] * 4
    rest = np.zeros(8000)
    x = np.concatenate([rest] + [tone(m, 0.5, level=lv) for m, lv in zip(midis, levels, strict=True)] + [rest])
    x = x + 0.001 * np.random.default_rng(0).standard_normal(len(x)) + 0.03
    out = assess(write_score(tmp_path / "s.musicxml", score, [1.0] * 8, bpm=120),
                 write_wav(tmp_path / "dc.wav", x)).to_json()
    assert [(n["pitch"], n["timing"]) for n in out["notes"]] == [("ok", "ok")] * 8
