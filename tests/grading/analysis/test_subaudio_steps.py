"""Sub-audio steps in a take: an offset that switches on and off with each note (TimGM6mb's alto-sax
sample carries one; a phone's AGC riding a converter's offset makes the same kind of step) makes the
silence between notes read loud, so the onset gates miss notes. Such a take is high-passed; a take
with ordinary room tone, low notes included, is left exactly as decoded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import assess
from grading.analysis.audio import condition_samples, remove_dc_offset
from tests.grading.analysis.performers import add_room_noise, apply_capture, apply_room, room_impulse_response
from tests.grading.analysis.synth import SR, tone, write_score, write_wav

MELODY = [69, 71, 69, 69, 71, 72, 74, 72, 71, 69, 69, 67]
# A bass line down to A1 (55 Hz): a 30 ms frame holds under two of its periods, so its frames' means
# swing with the note's phase, but not with its level.
BASS_LINE = [33, 35, 36, 38, 36, 33, 33]


def _legato(midis: list[int], *, switched_offset: bool) -> np.ndarray:
    notes = []
    for m in midis:
        x = tone(m, 0.5, level=0.15)
        if switched_offset:
            # An offset as large as the note's own RMS, on and off with the note (a 20 ms rise, 30 ms fall).
            i = np.arange(len(x))
            envelope = np.minimum(1, np.minimum(i / 320, (len(x) - i) / 480))
            x = x + float(np.sqrt(np.mean(np.square(x)))) * envelope
        notes.append(x)
    rest = np.zeros(SR // 2)
    return np.concatenate([rest, *notes, rest])


def _in_a_room(x: np.ndarray) -> np.ndarray:
    x, _ = apply_room(x, room_impulse_response(0.6, rng=np.random.default_rng(3)), drr_db=3.0)
    return x + 0.0005 * np.random.default_rng(0).standard_normal(len(x))


def test_notes_over_an_offset_switched_with_each_note_are_heard(tmp_path: Path) -> None:
    # In the room the offset's steps ring as a slow swell: the gaps read nearly as loud as the notes,
    # and on the mean removal alone most of these notes were missed or misplaced.
    take = _in_a_room(_legato(MELODY, switched_offset=True))
    assert condition_samples(take.astype(np.float32), source_rate_hz=SR).subaudio_removed
    out = assess(write_score(tmp_path / "s.musicxml", list(MELODY), [1.0] * len(MELODY), bpm=120),
                 write_wav(tmp_path / "sax.wav", take)).to_json()
    assert [(n["pitch"], n["timing"]) for n in out["notes"]] == [("ok", "ok")] * len(MELODY)


def test_a_phones_agc_over_a_converter_offset_is_told() -> None:
    # The AGC lifts the gain between notes and with it the converter's offset: a step at every note.
    rng = np.random.default_rng(1)
    take = add_room_noise(_in_a_room(_legato(MELODY, switched_offset=False)), snr_db=35.0, rng=rng)
    take = apply_capture(0.5 * take / np.abs(take).max(), ("dc", "agc"), rng=rng).astype(np.float32)
    assert condition_samples(take, source_rate_hz=SR).subaudio_removed


@pytest.mark.parametrize("midis", [MELODY, BASS_LINE])
def test_a_take_in_ordinary_room_tone_is_left_as_decoded(midis: list[int]) -> None:
    # Pink room noise and mains hum carry some sub-audio into the gaps, but it does not follow the
    # notes: the samples stay exactly what the mean removal gives.
    rng = np.random.default_rng(7)
    take = add_room_noise(_in_a_room(_legato(midis, switched_offset=False)), snr_db=25.0, rng=rng)
    take = (take + 0.01).astype(np.float32)  # a converter's constant offset is the mean removal's, not a step
    decoded = condition_samples(take, source_rate_hz=SR)
    assert not decoded.subaudio_removed
    assert np.array_equal(decoded.samples, np.clip(remove_dc_offset(take), -1.0, 1.0))
