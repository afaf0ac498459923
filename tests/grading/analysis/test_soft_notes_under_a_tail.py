"""A soft note right after a loud one, under the tail gate: a note when its partials are its own.

Through a headset's band (300-3400 Hz) a low note on a close vowel loses 10-15 dB, and can sit
22-27 dB under the loud note before it: every frame of it lies under the tail gate (22 dB under the
loudest level of the surrounding second) although the tracker reads it clearly. The gate now lets
such a stretch through when its spectrum holds partials the loud note lacks; the loud note is read
by its spectrum, never by the tracker's pitch for it (a bassoon's low note read a third up would
otherwise make its own tail look like a new pitch).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.signal import butter, sosfiltfilt

from grading.analysis import onsets, pitch
from tests.grading.analysis.performers import apply_room, room_impulse_response
from tests.grading.analysis.synth import SR, tone

LEAD_IN = 0.5
STEP = 0.45  # legato quarter notes at 133 bpm
MIDIS = [45, 47, 43, 42, 47, 43, 42, 45, 43, 42, 47, 50]
SOFT = (3, 6, 9)  # each right after a loud G2
SOFT_DB = 25.0
HARMONICS = tuple(1.0 / h for h in range(1, 25))  # a low voice: partials 6 dB an octave down


def _onset(i: int) -> float:
    return LEAD_IN + STEP * i


def _frames(t0: float, t1: float) -> slice:
    return slice(int(round(t0 / pitch.HOP_SECONDS)), int(round(t1 / pitch.HOP_SECONDS)))


def _bass_line(seed: int, midis: list[int] = MIDIS) -> np.ndarray:
    """The line in a room with RT60 0.5 s, through 300-3400 Hz, over faint noise (-75 dB)."""
    rng = np.random.default_rng(seed)
    x = np.zeros(int((_onset(len(MIDIS)) + 0.8) * SR))
    for i, m in enumerate(midis):
        level = 0.5 * 10 ** (-SOFT_DB / 20) if i in SOFT else 0.5
        note = tone(m, STEP + 0.02, level=level, vibrato_cents=15.0, harmonics=HARMONICS)
        a = int(_onset(i) * SR)
        x[a : a + len(note)] += note
    x, _ = apply_room(x, room_impulse_response(0.5, rng=rng), drr_db=3.0)
    x = sosfiltfilt(butter(6, [300.0, 3400.0], btype="bandpass", fs=SR, output="sos"), x)
    x += 10 ** (-75 / 20) * rng.standard_normal(len(x))
    return x.astype(np.float32)


def _track(x: np.ndarray) -> pitch.PitchTrack:
    return pitch.yin(x, fmin_hz=70.0, fmax_hz=400.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_soft_note_under_the_tail_gate_is_voiced_and_the_room_tail_is_not(seed: int) -> None:
    x = _bass_line(seed)
    track = _track(x)
    gated_only = onsets.voiced_frames(track)
    voiced = onsets.voiced_frames(track, x)
    for i in SOFT:
        body = _frames(_onset(i) + 0.2, _onset(i) + STEP - 0.05)
        clear = (track.confidence[body] >= onsets.VOICED_CONFIDENCE) & (
            np.abs(track.midi[body] - MIDIS[i]) < 0.5)
        assert clear.mean() >= 0.8  # the tracker reads the soft note clearly
        # The tail gate alone drops most of it; its own partials bring it back.
        assert gated_only[body].mean() <= 0.5, i
        assert voiced[body][clear].mean() >= 0.9, (i, voiced[body].astype(int))
    # The loud notes' tails stay tails: after the last note, the room's tail (read at its pitch)
    # gains no frame.
    after = _frames(_onset(len(MIDIS)), _onset(len(MIDIS)) + 0.8)
    assert (track.confidence[after] >= onsets.VOICED_CONFIDENCE).sum() >= 20
    assert not (voiced & ~gated_only)[after].any()


@pytest.mark.parametrize("seed", [0, 1])
def test_a_tail_stays_a_tail_however_the_loud_note_was_read(seed: int) -> None:
    # The first G2 alone in the room, read a major third up while it sounds (as YIN reads a
    # bassoon's low G2 on its fifth partial against its fourth), then its tail read right, at a
    # pitch other than the one read for the note: the tail is the loud note's sound, and stays
    # under the gate.
    x = _bass_line(seed, MIDIS[:1])
    track = _track(x)
    sounding = np.arange(len(track.f0_hz)) < _frames(_onset(1), _onset(1)).start
    misread = pitch.PitchTrack(np.where(sounding, track.f0_hz * 5.0 / 4.0, track.f0_hz), track.confidence,
                               track.level_db)
    voiced = onsets.voiced_frames(misread, x)
    tail = ~sounding & (track.level_db < track.level_db[sounding].max() - onsets.TAIL_BELOW_PEAK_DB)
    heard = tail & (track.confidence >= onsets.VOICED_CONFIDENCE) & np.isfinite(track.f0_hz)
    assert heard.sum() >= 10  # the tail has a pitch the tracker reads, under the gate
    assert not voiced[tail].any()


def test_the_soft_notes_are_graded_in_tune_not_missed(tmp_path: Path) -> None:
    from grading.analysis import AssessOptions, assess, load_target
    from tests.grading.analysis.synth import write_score, write_wav

    x = _bass_line(0)
    score = write_score(tmp_path / "score.musicxml", list(MIDIS), [1.0] * len(MIDIS), bpm=60 / STEP)
    result = assess(load_target(score), write_wav(tmp_path / "take.wav", x), options=AssessOptions())
    assert [result.notes[i].pitch for i in SOFT] == ["ok"] * len(SOFT), [
        (n.pitch, n.cents) for n in result.notes]
