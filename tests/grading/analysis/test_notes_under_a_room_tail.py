"""A sung note coming in legato under the last note's tail in a reverberant room.

The tail fills the break (no voicing start) and the tracked pitch moves from the old note to the new
over 100-200 ms (no 50 ms pitch step), so the attack was left a level rise, weighed by the follower no
higher than the room's swells inside every held note: on sing-dev through the simulator's rooms the
follower took a later swell and the note was reported 0.1-0.5 s late (v2-1227 #30, 68308 #25, 9318
#25, v2-1252 #6). Such an attack now counts as a note change (``Candidates.boundary``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import AssessOptions, assess, load_target, onsets, pitch
from tests.grading.analysis.performers import apply_room, room_impulse_response
from tests.grading.analysis.synth import SR, write_score, write_wav

# roomsing15's rule (a level rise far in pitch from the note before counts as a note change) passed these
# and was not kept: real voices in rooms gained little (sing-dev onsets 0.880 -> 0.881) and two fresh
# synthetic sets got worse (docs/assessment.md, "Sung attacks under a room's tail"). The cases stay,
# expected to fail, until a change passes them without that cost.
pytestmark = pytest.mark.xfail(strict=True, reason="attacks under a room's tail are left level rises (roomsing15, not kept)")

LEAD_IN = 0.6
STEP = 0.5  # quarter notes at 120 bpm, sung legato: each note rings into the next one's attack
ATTACK = 0.08  # a soft sung attack (squared ramp)
RELEASE = 0.06
# A voice's fundamental well over its upper partials, as on sing-dev's takes.
PARTIALS = (1.0, 0.25, 0.15, 0.1, 0.06, 0.04)
RT60 = 1.2
DRR_DB = 3.0
# (melody, seed, notes whose attack main left without a note-changing candidate within 80 ms)
TAKES = [
    ([64, 65, 66, 67, 66, 67, 69, 68, 67, 69, 71, 72, 71, 72, 72, 72], 3, [11, 13]),
    ([64, 66, 64, 66, 67, 66, 67, 68, 67, 66, 67, 68, 69, 68, 70, 69], 5, [8, 13]),
]


def _sung_note(midi: float, seconds: float, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    cents = rng.uniform(30, 50) * np.sin(2 * np.pi * 5.5 * t + rng.uniform(0, 2 * np.pi))
    phase = 2 * np.pi * np.cumsum(440.0 * 2 ** ((midi - 69) / 12 + cents / 1200)) / SR
    x = sum(a * np.sin(h * phase) for h, a in enumerate(PARTIALS, start=1)) / sum(PARTIALS)
    env = np.clip(np.minimum(t / ATTACK, (seconds - t) / RELEASE), 0.0, 1.0) ** 2
    return 0.3 * env * x


def _room_take(midis: list[int], seed: int) -> tuple[np.ndarray, list[float]]:
    """The melody sung legato (each note overlapping the next by half its release) in a room with
    ``RT60`` and ``DRR_DB``; the samples and where each note starts (s)."""
    rng = np.random.default_rng(seed)
    n = int((LEAD_IN + STEP * len(midis) + 1.0) * SR)
    x = 1e-3 * rng.standard_normal(n)
    starts = [LEAD_IN + STEP * k for k in range(len(midis))]
    for m, at in zip(midis, starts, strict=True):
        y = _sung_note(m + rng.normal(0.0, 0.05), STEP + RELEASE / 2, rng)
        i = int(at * SR)
        x[i : i + len(y)] += y[: n - i]
    wet, _ = apply_room(x, room_impulse_response(RT60, rng=rng), drr_db=DRR_DB)
    return (0.5 * wet / np.abs(wet).max()).astype(np.float32), starts


@pytest.mark.parametrize(("midis", "seed", "hidden"), TAKES)
def test_an_attack_under_the_tail_changes_the_note(midis: list[int], seed: int, hidden: list[int]) -> None:
    x, starts = _room_take(midis, seed)
    track = pitch.yin(x, fmin_hz=float(pitch.midi_to_hz(50)), fmax_hz=float(pitch.midi_to_hz(80)))
    voiced = onsets.voiced_frames(track, x)
    midi = onsets.clean_octaves(np.where(voiced, track.midi, np.nan))
    cands = onsets.find_candidates(track, midi, voiced, samples=x)
    assert cands.boundary is not None
    for k in hidden:
        near = np.abs(cands.times - starts[k]) <= 0.08
        assert (near & cands.boundary).any(), (k, cands.times[near], cands.strength[near])  # main: none


@pytest.mark.parametrize(("midis", "seed", "hidden"), TAKES)
def test_notes_under_the_tail_are_reported_where_they_begin(tmp_path: Path, midis: list[int], seed: int,
                                                            hidden: list[int]) -> None:
    x, starts = _room_take(midis, seed)
    score = write_score(tmp_path / "score.musicxml", list(midis), [1.0] * len(midis), bpm=120)
    result = assess(load_target(score), write_wav(tmp_path / "take.wav", x), options=AssessOptions(free_tempo=True))
    for k in hidden:
        note = result.notes[k]
        assert note.onset is not None and abs(note.onset - starts[k]) < 0.1, (k, note.onset, starts[k])
