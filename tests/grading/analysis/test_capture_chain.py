"""What phones, browsers and headsets do to a take before it reaches us (the simulator's capture
chain, ``performers.CAPTURES``): each case is synthesised here and must still be graded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from grading.analysis import assess, decode_audio
from grading.analysis.verdicts import NOISE_SUPPRESSED_LINE
from tests.grading.analysis.performers import SR, add_room_noise, suppress_noise
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


def _level_db(x: np.ndarray) -> float:
    return 20 * float(np.log10(_rms(x) + 1e-12))


def test_the_simulated_noise_suppressor_attenuates_a_held_note_and_gates_the_gaps() -> None:
    # Phone suppressors (WebRTC NS, RNNoise-like) keep a floor under their gain: a held note the
    # noise estimate learns fades by at most about 20 dB, it is not deleted (as the simulator once
    # did, to digital silence); the room tone between notes is gated, mostly to digital silence.
    rest = np.zeros(SR)
    x = np.concatenate([rest, tone(57, 3.0), rest, tone(60, 0.5), rest])
    x = add_room_noise(x, snr_db=30.0, rng=np.random.default_rng(0))
    silent_shares = []
    for seed in range(4):
        y = suppress_noise(x, rng=np.random.default_rng(seed))
        held_end = slice(int(3.3 * SR), int(3.9 * SR))
        assert _level_db(y[held_end]) > _level_db(x[held_end]) - 26.0
        gap = slice(int(4.2 * SR), int(4.8 * SR))
        silent_shares.append(float(np.mean(np.round(y[gap] * 32767) == 0)))
    # The gate lets a burst of room noise through now and then, never for a whole gap.
    assert min(silent_shares) > 0.3 and np.mean(silent_shares) > 0.6, silent_shares


def _staccato(suppressed: bool, *, silent_start_s: float = 0.0) -> np.ndarray:
    midis = [60, 62, 64, 65, 67, 65, 64, 62]
    rest = np.zeros(int(0.6 * SR))  # at 60 BPM: each note 0.4 s, then a rest the gate closes in
    x = np.concatenate([np.zeros(SR // 2)] + [np.concatenate([tone(m, 0.4), rest]) for m in midis]
                       + [np.zeros(SR // 2)])
    x = add_room_noise(x, snr_db=35.0, rng=np.random.default_rng(1))
    if suppressed:
        x = suppress_noise(x, rng=np.random.default_rng(2))
    return np.concatenate([np.zeros(int(silent_start_s * SR)), x])


def test_a_take_recorded_with_noise_suppression_is_graded_and_told_so(tmp_path: Path) -> None:
    # The gate between notes leaves exact digital silence, which no microphone's hiss does.
    score = write_score(tmp_path / "s.musicxml", [60, 62, 64, 65, 67, 65, 64, 62], [1.0] * 8, bpm=60)
    out = assess(score, write_wav(tmp_path / "nr.wav", _staccato(True))).to_json(details=True)
    assert [(n["pitch"], n["timing"]) for n in out["notes"]] == [("ok", "ok")] * 8
    assert out["feedback"][0] == NOISE_SUPPRESSED_LINE


@pytest.mark.parametrize("silent_start_s", [0.0, 3.0])
def test_room_tone_or_a_silent_start_is_not_taken_for_noise_suppression(silent_start_s: float,
                                                                      tmp_path: Path) -> None:
    # An app's digital silence before the take (or after it) is not a gate between notes.
    audio = decode_audio(write_wav(tmp_path / "a.wav", _staccato(False, silent_start_s=silent_start_s)))
    assert audio.gated_gaps == 0 and not audio.noise_suppressed
    score = write_score(tmp_path / "s.musicxml", [60, 62, 64, 65, 67, 65, 64, 62], [1.0] * 8, bpm=60)
    assert NOISE_SUPPRESSED_LINE not in assess(score, audio).feedback
