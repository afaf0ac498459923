"""The voicing gate's room tone in a dense, reverberant take: a soft note is a note, a tail is not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import onsets, pitch
from tests.grading.analysis.performers import apply_room, room_impulse_response
from tests.grading.analysis.synth import SR, tone

LEAD_IN = 0.4
STEP = 0.3  # eighth notes at 100 bpm, sung legato
PHRASE = 10  # notes per phrase, then an eighth rest
PHRASES = 4
SOFT = 15  # the soft note: the sixth of the second phrase, right after a loud one
SOFT_DB = 12.0


def _onset(i: int) -> float:
    return LEAD_IN + STEP * (i + i // PHRASE)


def _reverberant_take(seed: int) -> tuple[np.ndarray, list[int]]:
    """Four legato phrases in a room with RT60 1 s, the microphone as far as the reverb is loud;
    every note at one level but the soft one, 12 dB under. The reverb fills the short rests, so
    the take's quietest tenth of frames is reverb, not the room (-62 dB of noise)."""
    rng = np.random.default_rng(seed)
    midis = [60 + (i * 5) % 12 for i in range(PHRASE * PHRASES)]
    x = np.zeros(int((_onset(len(midis)) + 0.2) * SR))
    for i, m in enumerate(midis):
        level = 0.3 * 10 ** (-SOFT_DB / 20) if i == SOFT else 0.3
        note = tone(m, STEP, level=level, vibrato_cents=20.0)
        a = int(_onset(i) * SR)
        x[a : a + len(note)] += note
    x, _ = apply_room(x, room_impulse_response(1.0, rng=rng), drr_db=0.0)
    x += 10 ** (-62 / 20) * rng.standard_normal(len(x))
    return x.astype(np.float32), midis


def _frames(t0: float, t1: float) -> slice:
    return slice(int(round(t0 / pitch.HOP_SECONDS)), int(round(t1 / pitch.HOP_SECONDS)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_soft_note_in_a_reverberant_take_is_voiced_and_the_room_is_not(seed: int) -> None:
    # The level floor is the room, heard in the lead-in, not the reverb that fills every rest: a
    # clearly pitched note 12 dB under its loud neighbours is kept, while the lead-in's room tone
    # and the reverb after the last note (well below the loudest level around) stay unvoiced.
    x, _ = _reverberant_take(seed)
    track = pitch.yin(x, fmin_hz=150.0, fmax_hz=800.0)
    voiced = onsets.voiced_frames(track)
    soft = _frames(_onset(SOFT) + 0.05, _onset(SOFT) + STEP - 0.05)
    assert np.median(track.confidence[soft]) >= 0.85  # the tracker hears it clearly
    assert voiced[soft].mean() >= 0.5, (onsets.noise_floor_db(track.level_db), track.level_db[soft].round(1))
    assert not voiced[_frames(0.0, LEAD_IN - 0.05)].any()


def test_the_room_tone_is_not_lowered_by_a_moment_of_digital_silence() -> None:
    # A recorder's first quarter second of zeros (or a phone's noise gate) is not the room: the
    # floor stays within 12 dB of the take's 10th-percentile level, so faint periodic sounds do
    # not all pass the gate.
    x, _ = _reverberant_take(0)
    x[: int(0.3 * SR)] = 0.0
    level = pitch.yin(x, fmin_hz=150.0, fmax_hz=800.0).level_db
    assert onsets.noise_floor_db(level) >= np.percentile(level, 10) - onsets.ROOM_TONE_BELOW_PERCENTILE_DB - 1e-9


def test_the_soft_note_is_graded_ok_not_missed(tmp_path: Path) -> None:
    from grading.analysis import AssessOptions, assess, load_target
    from tests.grading.analysis.synth import write_score, write_wav

    x, midis = _reverberant_take(0)
    score_midis: list[int | None] = []
    for i, m in enumerate(midis):
        score_midis.append(m)
        if i % PHRASE == PHRASE - 1 and i + 1 < len(midis):
            score_midis.append(None)
    score = write_score(tmp_path / "score.musicxml", score_midis, [0.5] * len(score_midis), bpm=100)
    audio = write_wav(tmp_path / "take.wav", x)
    result = assess(load_target(score), audio, options=AssessOptions())
    assert result.notes[SOFT].pitch == "ok", [(n.pitch, n.cents) for n in result.notes]
