"""Repeated notes sung on one breath, parted only by a consonant: found where they are sung."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grading.analysis import assess
from grading.analysis.follow import follow
from grading.analysis.onsets import TIMBRE_ONSET_STRENGTH, Candidates, find_candidates, voiced_frames
from grading.analysis.pitch import HOP_SECONDS, yin
from grading.analysis.target import Target, TargetNote
from tests.grading.analysis.synth import SR, write_score, write_wav

# (centre Hz, bandwidth Hz, gain): a sung 'a' and the 'l' of 'la'.
VOWEL_A = ((750.0, 120.0, 1.0), (1200.0, 150.0, 0.6), (2600.0, 200.0, 0.25))
CONSONANT_L = ((350.0, 100.0, 1.0), (1100.0, 150.0, 0.12), (2700.0, 200.0, 0.06))
CONSONANT_RAMP_S = 0.03
CONSONANT_HOLD_S = 0.04


def _harmonic_gains(f0: float, formants: tuple[tuple[float, float, float], ...]) -> np.ndarray:
    freqs = f0 * np.arange(1, int(4000 / f0) + 1)
    gains = sum(g * np.exp(-0.5 * ((freqs - f) / b) ** 2) for f, b, g in formants) + 0.02
    return np.asarray(gains / np.arange(1, len(freqs) + 1) ** 0.5)


def _sung_syllables(midi: float, seconds: float, consonants_at: list[float], *, dip_db: float) -> np.ndarray:
    """One breath on one pitch: 'la' sung, with the 'l' of a new 'la' at each time in ``consonants_at``
    (seconds from the start). The 'l' is ``dip_db`` softer than the vowel and keeps the pitch."""
    f0 = 440.0 * 2 ** ((midi - 69) / 12)
    vowel = _harmonic_gains(f0, VOWEL_A)
    consonant = _harmonic_gains(f0, CONSONANT_L)
    consonant *= np.sqrt(np.sum(vowel**2) / np.sum(consonant**2) * 10 ** (-dip_db / 10))
    t = np.arange(int(seconds * SR)) / SR
    # How far into the consonant each sample is: 0 in the vowel, 1 in the 'l'.
    mix = np.zeros(len(t))
    for at in consonants_at:
        rise = np.clip((t - at) / CONSONANT_RAMP_S, 0, 1)
        fall = np.clip((at + 2 * CONSONANT_RAMP_S + CONSONANT_HOLD_S - t) / CONSONANT_RAMP_S, 0, 1)
        mix = np.maximum(mix, np.minimum(rise, fall))
    # A slight, slow wobble in pitch, as a voice has; no vibrato to split notes on.
    f = f0 * 2 ** (4 * np.sin(2 * np.pi * 0.7 * t) / 1200)
    phase = 2 * np.pi * np.cumsum(f) / SR
    x = sum(((1 - mix) * v + mix * c) * np.sin(h * phase)
            for h, (v, c) in enumerate(zip(vowel, consonant, strict=True), start=1))
    envelope = np.minimum(1, np.minimum(t / 0.02, (seconds - t) / 0.03).clip(0))
    return (0.25 * envelope * x / np.sum(vowel)).astype(np.float32)


def _phrase(dip_db: float) -> tuple[list[int], list[float], np.ndarray]:
    """Seven notes at 0.6 s; the two pairs of repeated notes (67 67, 62 62) are each sung on one
    breath, the second of the pair begun with an 'l'. Returns the pitches, the onsets (the second
    of a pair at its consonant) and the take."""
    midis = [64, 67, 67, 65, 62, 62, 60]
    onsets = [0.8 + 0.6 * i for i in range(len(midis))]
    x = (0.002 * np.random.default_rng(0).standard_normal(int(5.6 * SR))).astype(np.float32)
    k = 0
    while k < len(midis):
        repeat = k + 1 < len(midis) and midis[k + 1] == midis[k]
        count = 2 if repeat else 1
        seconds = 0.6 * count - 0.06  # a breath before the next pitch
        consonants = [0.6] if repeat else []
        y = _sung_syllables(midis[k], seconds, consonants, dip_db=dip_db)
        at = int(onsets[k] * SR)
        x[at : at + len(y)] += y
        k += count
    return midis, onsets, x


@pytest.mark.parametrize("dip_db", [1.0, 2.0])
def test_a_repeated_note_begun_with_a_consonant_is_found_at_it(tmp_path: Path, dip_db: float) -> None:
    # The 'l' keeps the pitch, the voicing and nearly the level: only the spectral envelope tells
    # the second 'la' from the first. Without reading it the second note is missed or placed late.
    midis, onsets, x = _phrase(dip_db)
    score: list[int | None] = list(midis)
    out = assess(write_score(tmp_path / "t.musicxml", score, [1.0] * len(midis), bpm=100),
                 write_wav(tmp_path / "t.wav", x)).to_json()
    notes = out["notes"]
    assert all(n["pitch"] == "ok" for n in notes), [n["pitch"] for n in notes]
    # The second note of each pair starts inside its consonant (the 'l', 100 ms long).
    consonant_middle = CONSONANT_RAMP_S + CONSONANT_HOLD_S / 2
    for k in (2, 5):
        assert abs(notes[k]["onset"] - (onsets[k] + consonant_middle)) <= 0.06, (k, notes[k]["onset"])
        assert notes[k]["timing"] == "ok"


def test_a_held_vowel_is_not_split_by_its_own_timbre() -> None:
    # The same breath with no consonant: nothing in it is a new note.
    x = _sung_syllables(67, 1.6, [], dip_db=0.0)
    x = np.concatenate([np.zeros(8000, dtype=np.float32), x, np.zeros(8000, dtype=np.float32)])
    x = x + (0.002 * np.random.default_rng(1).standard_normal(len(x))).astype(np.float32)
    track = yin(x)
    voiced = voiced_frames(track)
    midi = np.where(voiced, track.midi, np.nan)
    cands = find_candidates(track, midi, voiced, samples=x)
    assert cands.recoloured is not None
    assert not cands.recoloured.any(), cands.times[cands.recoloured]


def _events(times: list[float], midis: list[float], recoloured: list[bool]) -> Candidates:
    t = np.asarray(times)
    frames = np.round(t / HOP_SECONDS).astype(int)
    flags = np.asarray(recoloured)
    return Candidates(frames=frames, times=t, strength=np.where(flags, TIMBRE_ONSET_STRENGTH, 1.0),
                      midi=np.asarray(midis, dtype=float), release=np.zeros(len(t), dtype=bool),
                      boundary=~flags, recoloured=flags)


def _target(midis: list[int]) -> Target:
    return Target(notes=tuple(TargetNote(index=k, midi=m, onset_seconds=0.6 * k, duration_seconds=0.6, bar=1 + k // 4)
                              for k, m in enumerate(midis)), tempo_bpm=100.0)


@pytest.mark.parametrize("follows_free_tempo", [False, True])
def test_a_timbre_change_performs_only_a_repeated_note(follows_free_tempo: bool) -> None:
    # Sung: 64, then 60 held for two beats with a change of timbre where the score has its 60, then
    # 62. The score has 64 67 60 62: the 67 was left out and the 60 came early, held; the change
    # inside it is no note of its own: it must not perform the 60 while the 60's own attack is
    # graded as a wrong 67.
    events = _events([0.0, 0.6, 1.2, 1.8], [64, 60, 60, 62], [False, False, True, False])
    followed = follow(_target([64, 67, 60, 62]), events, free_tempo=follows_free_tempo)
    assert 2 not in followed.match.tolist(), followed.match
    assert followed.match[3] == 3
    # Where the score repeats the pitch, the syllable is the second note.
    followed = follow(_target([64, 60, 60, 62]), _events([0.0, 0.6, 1.2, 1.8], [64, 60, 60, 62],
                                                         [False, False, True, False]),
                      free_tempo=follows_free_tempo)
    assert followed.match.tolist() == [0, 1, 2, 3]
