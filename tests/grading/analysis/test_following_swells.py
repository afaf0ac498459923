"""A held note that swells again and again (vibrato and tremolo in a reverberant room) is one note.

Each swell is an onset candidate (a level rise). The follower used to let any of them perform any
note: a singer who left a note out and held the one before was matched a semitone off at the next
note's attack, the next note at a swell inside it, and so on, each later note at a swell that fitted
the rhythm; the notes around were then judged against those neighbours and called early or late.
A swell now performs a note only as the repeat of the note matched where its pitch began.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import AssessOptions, assess, load_target, onsets
from grading.analysis.pitch import HOP_SECONDS, PitchTrack
from tests.grading.analysis.performers import apply_room, room_impulse_response
from tests.grading.analysis.synth import SR, write_score, write_wav

BPM = 70.0
SECONDS_PER_BEAT = 60.0 / BPM
LEAD_IN = 0.5
SCORE = [72, 74, 71, 69, 68, 66, 64, 66, 65, 64]
BEATS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2]
LEFT_OUT = 3  # the 69: the singer holds the 71 through its beat and goes on to the 68


def _legato_voice(pitches: list[int], starts: list[float], end: float, *, tremolo_db: float) -> np.ndarray:
    """One unbroken voice (shape (n,) at SR): a 40 ms glide into each pitch at its start, 35 cents of
    5.5 Hz vibrato and a level swelling by ``tremolo_db`` at 4.3 Hz."""
    t = np.arange(int((end + 0.5) * SR)) / SR
    midi = np.full(len(t), float(pitches[0]))
    for k in range(1, len(pitches)):
        glide = np.clip((t - starts[k]) / 0.04, 0.0, 1.0)
        midi = np.where(t >= starts[k], pitches[k - 1] + (pitches[k] - pitches[k - 1]) * glide, midi)
    midi = midi + 0.35 * np.sin(2 * np.pi * 5.5 * t)
    phase = 2 * np.pi * np.cumsum(440.0 * 2 ** ((midi - 69) / 12)) / SR
    x = sum(a * np.sin(h * phase) for h, a in enumerate((1.0, 0.6, 0.4, 0.25, 0.15), start=1))
    level = 10 ** (tremolo_db / 20 * np.sin(2 * np.pi * 4.3 * t + 1.0))
    envelope = np.clip((t - starts[0]) / 0.03, 0.0, 1.0) * np.clip((end - t) / 0.05, 0.0, 1.0)
    return 0.15 * x * level * envelope + 0.001 * np.random.default_rng(0).standard_normal(len(t))


def _take(rt60_s: float, room_seed: int) -> tuple[np.ndarray, list[float]]:
    """The melody sung without note ``LEFT_OUT``, in a room; the samples and each note's start (s)."""
    score_onsets = np.concatenate([[0.0], np.cumsum(BEATS)[:-1]]) * SECONDS_PER_BEAT
    starts = [LEAD_IN + float(s) for s in score_onsets]
    sung = [k for k in range(len(SCORE)) if k != LEFT_OUT]
    dry = _legato_voice([SCORE[k] for k in sung], [starts[k] for k in sung],
                        starts[-1] + BEATS[-1] * SECONDS_PER_BEAT, tremolo_db=6.0)
    wet, _ = apply_room(dry, room_impulse_response(rt60_s, rng=np.random.default_rng(room_seed)), drr_db=2.0)
    return (0.5 * wet / np.abs(wet).max()).astype(np.float32), starts


@pytest.mark.parametrize(("rt60_s", "room_seed"), [(1.1, 1), (1.1, 2), (1.1, 3), (1.2, 1)])
def test_a_note_left_out_under_a_swelling_held_one_is_missed_and_the_rest_on_time(
        rt60_s: float, room_seed: int, tmp_path: Path) -> None:
    # main: the left-out 69 graded "wrong" at the 68's attack or at a swell of the 71 (0.15-0.86 s
    # late), and one to five clean notes early, late or flat after it.
    x, starts = _take(rt60_s, room_seed)
    score = write_score(tmp_path / "score.musicxml", list(SCORE), [float(b) for b in BEATS], bpm=BPM)
    result = assess(load_target(score), write_wav(tmp_path / "take.wav", x), options=AssessOptions())
    for note in result.notes:
        if note.index == LEFT_OUT:
            assert note.pitch == "missed", (note.pitch, note.onset)
            continue
        assert (note.pitch, note.timing) == ("ok", "ok"), (note.index, note.pitch, note.timing, note.timing_error)
        assert note.onset is not None and abs(note.onset - starts[note.index]) < 0.2, (note.index, note.onset)


def test_a_swell_inside_a_held_pitch_is_held_since_where_that_pitch_began() -> None:
    # 64 for 1.5 s, its level swelling by 6 dB four times a second, then 67: each swell is a
    # candidate whose pitch began at the voicing start; the step to 67 begins its own.
    n_held, n_next = 150, 60
    midi = np.concatenate([np.full(20, np.nan), np.full(n_held, 64.0), np.full(n_next, 67.0), np.full(20, np.nan)])
    midi = midi + 0.1 * np.sin(2 * np.pi * 5.5 * HOP_SECONDS * np.arange(len(midi)))
    sounding = np.isfinite(midi)
    t = HOP_SECONDS * np.arange(len(midi))
    level = np.where(sounding, -20.0 + 6.0 * np.sin(2 * np.pi * 4.0 * t), -80.0)
    track = PitchTrack(f0_hz=np.where(sounding, 440.0 * 2 ** ((midi - 69) / 12), np.nan),
                       confidence=np.where(sounding, 0.95, 0.1), level_db=level)
    voiced = onsets.voiced_frames(track)
    cands = onsets.find_candidates(track, np.where(voiced, midi, np.nan), voiced)
    assert cands.held_since is not None
    start = int(np.argmin(np.abs(cands.frames - 20)))
    step = int(np.argmin(np.abs(cands.frames - (20 + n_held))))
    assert abs(int(cands.frames[start]) - 20) <= 4 and abs(int(cands.frames[step]) - (20 + n_held)) <= 4
    swells = [j for j in range(start + 1, step)]
    assert len(swells) >= 3, cands.frames
    assert all(int(cands.held_since[j]) == start for j in swells), cands.held_since
    assert int(cands.held_since[start]) == start and int(cands.held_since[step]) == step
