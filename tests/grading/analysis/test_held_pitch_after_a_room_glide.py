"""A note matched at a swell inside its held pitch, whose start glided in under the last note's tail.

``assess._held_from`` reports such a note where its pitch began, but only where every frame from 50 ms
after that start holds within 0.75 semitone of the swell's pitch. In a reverberant room the new pitch
comes in under the last note's tail and the tracked pitch glides from that note's for 100-150 ms (sing-dev's
9318 #10 at RT60 1.2 s: -1.19 to -0.73 semitone over frames 5-12), so the note kept the swell's time,
0.2-0.6 s late. Those frames, lying between the two notes' pitches, are now skipped before the hold.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from grading.analysis.onsets import Candidates

assess = importlib.import_module("grading.analysis.assess")

OLD, NEW = 64.0, 60.0  # the last note's pitch and this one's (MIDI)


def _take(glide_frames: int, *, through: float | None = None) -> tuple[Candidates, np.ndarray, np.ndarray]:
    """Frames at 10 ms: the old note from frame 0, the new note's start (a pitch step) at frame 50 gliding
    from OLD to NEW over ``glide_frames`` (or to ``through`` and back, a turn), held to a swell at frame 100."""
    n = 160
    midi = np.full(n, OLD)
    if through is None:
        ramp = np.linspace(OLD - 0.6, NEW, glide_frames + 1) if glide_frames else np.array([NEW])
        midi[50 : 50 + len(ramp)] = ramp
    else:
        midi[50:60] = through
    midi[50 + max(glide_frames, 10 if through is not None else 0) :] = NEW
    midi = midi + 0.05 * np.sin(np.arange(n) / 3.0)  # a little vibrato
    frames = np.array([0, 50, 100])
    cands = Candidates(
        frames=frames,
        times=frames * 0.01,
        strength=np.array([1.0, 0.7, 0.9]),
        midi=np.array([OLD, NEW, NEW]),
        boundary=np.array([True, True, False]),
    )
    return cands, midi, np.ones(n, dtype=bool)


@pytest.mark.parametrize("glide_frames", [8, 12, 14])
def test_a_swell_after_a_room_glide_is_held_from_the_start(glide_frames: int) -> None:
    cands, midi, sounding = _take(glide_frames)
    # Note 1 matched at the swell (candidate 2), note 0 at candidate 0.
    assert assess._held_from(cands, 2, {0, 2}, sounding, midi) == 1  # main: 2 (the glide broke the hold)


def test_a_start_held_at_once_is_still_found() -> None:
    cands, midi, sounding = _take(0)
    assert assess._held_from(cands, 2, {0, 2}, sounding, midi) == 1


@pytest.mark.parametrize(("glide_frames", "through"), [(25, None), (0, NEW - 2.0)])
def test_a_longer_glide_or_a_turn_below_is_no_room_glide(glide_frames: int, through: float | None) -> None:
    # A glide longer than the room's (a singer's slow slide) or frames beyond the new pitch (a turn) are
    # sung: the note is reported where it was matched, as before.
    cands, midi, sounding = _take(glide_frames, through=through)
    assert assess._held_from(cands, 2, {0, 2}, sounding, midi) == 2
