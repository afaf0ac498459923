"""Sung takes with no score, made in code: the transcription's held-out check beside sing-dev.

A generated tonal melody sung by one of the simulator's voices (``performers.py``: vibrato of 20-70
cents, scoops from below, glides between slurred notes, sung syllables with their consonants),
in a reverberant room with room noise. The truth is what was sung: each sounded note's onset,
length and pitch. A note the voice glides into from another pitch starts where the glide has
covered 80 % of the step (``performers.HEARD_GLIDE_SHARE``), where trained annotators of real takes
mark it; ``slur_onsets="midpoint"`` gives the simulator's older truth, the glide's midpoint (the
written onset the glide is centred on), to compare with figures taken before. Shared by ``tests/grading/analysis/test_transcribe.py`` and
``benchmarks/transcription.py --synthetic``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from grading.analysis.audio import DecodedAudio

from .performers import (
    INSTRUMENTS,
    SR,
    VOICES,
    add_room_noise,
    apply_room,
    make_melody,
    normalise,
    plan_performance,
    render,
    room_impulse_response,
)


@dataclass
class SungTake:
    """A synthesised take and its truth: onsets, offsets (s) and pitches (MIDI) of the sung notes."""

    id: str
    audio: DecodedAudio
    onsets: list[float]
    offsets: list[float]
    midi: list[float]
    key: str  # music21's name of the melody's key, e.g. "E-" or "f#"
    meter: str


SLUR_ONSETS = ("arrival", "midpoint")
# How the singers of sing-dev's 67 v2- takes (phones, sight-singers) hold a note, against the simulator's
# trained voices (``performers.INSTRUMENTS``: a 20-70 cent vibrato) in rooms heard from 0-8 dB DRR. Inside
# held notes (110 ms windows 150 ms from either annotated end) the pitch's swing (standard deviation over
# 0.3 s, trend removed) is 0.055 / 0.085 / 0.138 semitone at the 25th / 50th / 75th percentile on the real
# takes, 0.145 / 0.233 / 0.330 on synthetic takes 0-23; their band-mean notch (``transcribe._common_dip``'s
# mean of band levels) 2.6 dB in the median on the real takes, 4.5 dB on the synthetic ones, whose rooms
# also fill a re-sung syllable's consonant (its notch 7.8 dB against 11.3 on the real takes, 12.2 dry).
# A sung take's vibrato extent is drawn from SUNG_VIBRATO_CENTS and its direct-to-reverberant ratio from
# SUNG_DRR_DB (a phone held close), which brings both near the real takes' (docs/transcription.md,
# "Merged repeats against a simulator whose held notes dip as real ones do").
SUNG_VIBRATO_CENTS = (8.0, 35.0)
SUNG_DRR_DB = (6.0, 16.0)
# The takes as they were sung before: a trained vibrato in a room heard from across it. Tests written
# about one of those takes pass these to ``sung_take``.
TRAINED_VIBRATO_CENTS = (20.0, 70.0)
ACROSS_A_ROOM_DRR_DB = (0.0, 8.0)


def sung_take(seed: int, *, rt60_s: float | None = None, snr_db: float | None = None,
              slur_onsets: str = "arrival", vibrato_cents: tuple[float, float] = SUNG_VIBRATO_CENTS,
              drr_db: tuple[float, float] = SUNG_DRR_DB) -> SungTake:
    """Take ``seed``: its voice, melody, room (RT60 0.3-0.9 s unless given) and noise (SNR 30-45 dB);
    ``slur_onsets`` (``SLUR_ONSETS``) says where a glided-into note's truth starts. The vibrato's extent
    (± cents) and the room's direct-to-reverberant ratio (dB) are drawn from ``vibrato_cents`` and
    ``drr_db``; everything else a seed draws stays the same whatever they are (before 2026-11-26 the
    takes were sung with ``performers``' 20-70 cents in rooms at 0-8 dB)."""
    if slur_onsets not in SLUR_ONSETS:
        raise ValueError(f"slur_onsets must be one of {SLUR_ONSETS}, not {slur_onsets!r}")
    rng = np.random.default_rng([seed, 17])
    voice = replace(INSTRUMENTS[VOICES[seed % len(VOICES)]], vibrato_cents=vibrato_cents)
    melody = make_melody(rng, low=voice.low, high=voice.high, n_notes=int(rng.integers(16, 32)))
    perf = plan_performance(melody, voice, rng=rng, events=(), errors=False)
    x = render(perf, voice, rng=rng).astype(np.float64)
    rt60 = float(rng.uniform(0.3, 0.9)) if rt60_s is None else rt60_s
    x, _ = apply_room(x, room_impulse_response(rt60, rng=rng), drr_db=float(rng.uniform(*drr_db)))
    x = add_room_noise(x, snr_db=float(rng.uniform(30.0, 45.0)) if snr_db is None else snr_db, rng=rng)
    x = normalise(x, peak_dbfs=-6.0).astype(np.float32)
    sung = sorted(perf.sounded, key=lambda n: n.onset)
    audio = DecodedAudio(samples=x, sample_rate_hz=SR, source_rate_hz=SR, source_channels=1, clipped_fraction=0.0)
    arrive = slur_onsets == "arrival"
    return SungTake(id=f"synth-{seed}", audio=audio,
                    onsets=[n.arrival if arrive and n.arrival is not None else n.onset for n in sung],
                    offsets=[n.onset + n.duration for n in sung], midi=[n.midi for n in sung],
                    key=melody.key_name, meter=melody.meter)
