"""A low voice through a phone band: a soft note beside a loud one is a note, not the loud one's tail.

A bass on a close vowel loses its first partials to the 300 Hz band edge (up to 14 dB more than an
open vowel on the next note), so a note a semitone under a loud one can sit 22-27 dB under the
loudest level around it, where the tail gate drops reverberant tails. Its pitch is clear, and it is
not the pitch that was sounding: a tail keeps the pitch of its note.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import onsets, pitch
from tests.grading.analysis.performers import apply_room, phone_band, room_impulse_response
from tests.grading.analysis.synth import SR, tone, write_score, write_wav

LEAD_IN = 0.6  # a quarter rest
STEP = 0.6  # quarter notes at 100 bpm, each let go 50 ms before the next
LOUD, SOFT = 43, 42  # G2 on an open vowel, F#2 on a close one
LINE = [LOUD, SOFT, LOUD, SOFT, 45, LOUD, SOFT, LOUD]
# The soft notes' level under the loud ones' (s1-0080 through bt-cvsd: 21-27 dB under the local peak).
SOFT_DB = 24.0
OPEN_VOWEL = (1.0, 0.9, 0.8, 0.7, 0.5, 0.35, 0.25, 0.15)


def _take(seed: int, *, soft_db: float = SOFT_DB) -> np.ndarray:
    """The line, legato, in a room with RT60 0.5 s, through a 300-3400 Hz band, over quiet room noise."""
    rng = np.random.default_rng(seed)
    x = np.zeros(int((LEAD_IN + STEP * len(LINE) + 0.8) * SR))
    for i, m in enumerate(LINE):
        level = 0.3 * 10 ** (-soft_db / 20) if m == SOFT else 0.3
        note = tone(m, STEP - 0.05, level=level, vibrato_cents=15.0, harmonics=OPEN_VOWEL)
        a = int((LEAD_IN + STEP * i) * SR)
        x[a : a + len(note)] += note
    x, _ = apply_room(x, room_impulse_response(0.5, rng=rng), drr_db=3.0)
    x = phone_band(x)
    x += 10 ** (-70 / 20) * rng.standard_normal(len(x))
    return x.astype(np.float32)


def _frames(t0: float, t1: float) -> slice:
    return slice(int(round(t0 / pitch.HOP_SECONDS)), int(round(t1 / pitch.HOP_SECONDS)))


def _onset(i: int) -> float:
    return LEAD_IN + STEP * i


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_it_voices_a_soft_note_at_a_new_pitch_under_the_tail_gate(seed: int) -> None:
    # Every clearly pitched frame of a soft note that the tail gate alone drops is voiced.
    x = _take(seed)
    track = pitch.yin(x, fmin_hz=60.0, fmax_hz=400.0)
    voiced = onsets.voiced_frames(track)
    local_max = onsets._running_max(track.level_db, onsets.LOCAL_MAX_FRAMES)
    below = local_max - track.level_db
    gated = ((below > onsets.TAIL_BELOW_PEAK_DB) & (below < onsets.UNDER_TAIL_MAX_BELOW_PEAK_DB)
             & (track.confidence >= onsets.VOICED_CONFIDENCE))
    for i in (i for i, m in enumerate(LINE) if m == SOFT):
        held = np.zeros(len(voiced), dtype=bool)
        held[_frames(_onset(i) + 0.25, _onset(i + 1) - 0.05)] = True  # past the last note's tail
        assert np.median(track.confidence[held]) >= 0.7  # the tracker hears it clearly
        assert (held & gated).sum() >= 5  # the gate's case
        assert voiced[held & gated].mean() >= 0.9, (i, track.level_db[held].round(1))


def test_it_leaves_a_tail_at_its_own_pitch_unvoiced() -> None:
    # After the last note the room's tail keeps its pitch and decays: still a tail.
    x = _take(0)
    track = pitch.yin(x, fmin_hz=60.0, fmax_hz=400.0)
    voiced = onsets.voiced_frames(track)
    end = _onset(len(LINE))
    local_max = onsets._running_max(track.level_db, onsets.LOCAL_MAX_FRAMES)
    after = np.arange(int(round(end / pitch.HOP_SECONDS)), len(voiced))
    deep = after[track.level_db[after] < local_max[after] - onsets.TAIL_BELOW_PEAK_DB]
    assert len(deep) > 10
    assert not voiced[deep].any()


def test_it_grades_the_soft_notes_found_and_in_tune(tmp_path: Path) -> None:
    # main calls every soft note missed. Where it is found, it is heard once the last note's tail has
    # fallen under it, 150-250 ms after it began: its timing is not asserted (see docs/assessment.md,
    # "Soft low notes under the tail gate").
    from grading.analysis import AssessOptions, assess, load_target

    score = write_score(tmp_path / "score.musicxml", [None, *LINE], [1.0] * (len(LINE) + 1), bpm=100)
    audio = write_wav(tmp_path / "take.wav", _take(0))
    result = assess(load_target(score), audio, options=AssessOptions())
    assert [n.pitch for n in result.notes] == ["ok"] * len(LINE), [(n.pitch, n.cents) for n in result.notes]
