"""Familiar tunes sung by the simulator's four voices: the written tunes and their takes.

Five tunes (Twinkle Twinkle Little Star, Ode to Joy and Frère Jacques in 4/4, Happy Birthday in 3/4
with a one-beat pickup, a jig in 6/8 with an eighth pickup; the rhythms of ``test_meter.py``), each
performed by ``performers.plan_performance`` and rendered in a room of RT60 0.5 s at SNR 38 dB, as
``sung_takes.sung_take`` does. Shared by ``benchmarks/familiar_tunes.py`` and ``test_transcribe.py``.
"""

from __future__ import annotations

import numpy as np

from grading.analysis.audio import DecodedAudio

from .performers import (
    INSTRUMENTS,
    SR,
    Melody,
    ScoreNote,
    add_room_noise,
    apply_room,
    normalise,
    plan_performance,
    render,
    room_impulse_response,
)

# (name, meter, pickup in quarters, [(MIDI in C, quarters)...]) ; C4 = 60.
_TWINKLE_LINE_A = [60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64, 62, 62, 60]
_TWINKLE_LINE_B = [67, 67, 65, 65, 64, 64, 62, 67, 67, 65, 65, 64, 64, 62]
_TWINKLE_LENGTHS: list[float] = [1, 1, 1, 1, 1, 1, 2] * 2
_ODE_A = [64, 64, 65, 67, 67, 65, 64, 62, 60, 60, 62, 64, 64, 62, 62]
_ODE_B = [64, 64, 65, 67, 67, 65, 64, 62, 60, 60, 62, 64, 62, 60, 60]
_ODE_LENGTHS: list[float] = [1] * 12 + [1.5, 0.5, 2]
_FRERE = [60, 62, 64, 60] * 2 + [64, 65, 67] * 2 + [67, 69, 67, 65, 64, 60] * 2 + [60, 55, 60] * 2
_FRERE_LENGTHS: list[float] = [1, 1, 1, 1] * 2 + [1, 1, 2] * 2 + [0.5, 0.5, 0.5, 0.5, 1, 1] * 2 + [1, 1, 2] * 2
_BIRTHDAY = [55, 55, 57, 55, 60, 59, 55, 55, 57, 55, 62, 60, 55, 55, 67, 64, 60, 59, 57, 65, 65, 64, 60, 62, 60]
_BIRTHDAY_LENGTHS = [0.75, 0.25, 1, 1, 1, 2, 0.75, 0.25, 1, 1, 1, 2, 0.75, 0.25, 1, 1, 1, 1, 1,
                     0.75, 0.25, 1, 1, 1, 3]
# The jig's rhythm is test_meter.py's; its pitches a made-up line (no tune is written there).
_JIG = [67, 72, 71, 72, 74, 76, 74, 72, 71, 69, 71, 72, 71, 69, 67, 69, 71, 72, 74, 72, 71, 69,
        67, 69, 71, 67, 65, 64, 60]
_JIG_LENGTHS = [0.5, 1, 0.5, 1, 0.5, 1.5, 1, 0.5, 0.5, 0.5, 0.5, 1, 0.5, 1.5, 1, 0.5,
                1, 0.5, 1, 0.5, 0.5, 0.5, 0.5, 1.5, 1, 0.5, 1, 0.5, 2.5]
TUNES: list[tuple[str, str, float, list[int], list[float]]] = [
    ("twinkle", "4/4", 0.0, _TWINKLE_LINE_A + _TWINKLE_LINE_B + _TWINKLE_LINE_A, _TWINKLE_LENGTHS * 3),
    ("ode to joy", "4/4", 0.0, _ODE_A + _ODE_B, _ODE_LENGTHS * 2),
    ("frere jacques", "4/4", 0.0, _FRERE, _FRERE_LENGTHS),
    ("happy birthday", "3/4", 1.0, _BIRTHDAY, _BIRTHDAY_LENGTHS),
    ("jig", "6/8", 0.5, _JIG, _JIG_LENGTHS),
]
# (voice, quarters a minute)
SINGERS = (("soprano", 90.0), ("alto", 110.0), ("tenor", 76.0), ("bass", 100.0))
RT60_S = 0.5
SNR_DB = 38.0
_C_MAJOR_DEGREE = {0: 0, 2: 1, 4: 2, 5: 3, 7: 4, 9: 5, 11: 6}


def melody(pitches: list[int], lengths: list[float], meter: str, pickup: float, *, shift: int,
           bpm: float) -> Melody:
    """The written tune, moved ``shift`` semitones; bar numbers counted from the first downbeat."""
    bar_quarters = {"4/4": 4.0, "3/4": 3.0, "6/8": 3.0}[meter]
    events, at = [], 0.0
    for midi, quarters in zip(pitches, lengths, strict=True):
        bar = int((at - pickup) // bar_quarters) + 2 if pickup else int(at // bar_quarters) + 1
        events.append(ScoreNote(midi=midi + shift, onset_q=at, quarters=quarters, bar=bar,
                                degree=_C_MAJOR_DEGREE.get(midi % 12, 0)))
        at += quarters
    return Melody(events=tuple(events), tonic_pc=shift % 12, mode="major", meter=meter, bpm=bpm)


def sing(tune: Melody, voice: str, seed: int) -> tuple[DecodedAudio, list[float], list[float], list[float]]:
    """The take (audio) and the sung onsets, offsets and pitches."""
    rng = np.random.default_rng([seed, 17])
    instrument = INSTRUMENTS[voice]
    perf = plan_performance(tune, instrument, rng=rng, events=(), errors=False)
    x = render(perf, instrument, rng=rng).astype(np.float64)
    x, _ = apply_room(x, room_impulse_response(RT60_S, rng=rng), drr_db=float(rng.uniform(0.0, 8.0)))
    x = normalise(add_room_noise(x, snr_db=SNR_DB, rng=rng), peak_dbfs=-6.0).astype(np.float32)
    sung = sorted(perf.sounded, key=lambda n: n.onset)
    audio = DecodedAudio(samples=x, sample_rate_hz=SR, source_rate_hz=SR, source_channels=1, clipped_fraction=0.0)
    return (audio, [n.onset for n in sung], [n.onset + n.duration for n in sung], [n.midi for n in sung])




def voice_take(tune: int, singer: int) -> tuple[DecodedAudio, list[float], list[float], list[float]]:
    """Tune ``tune`` of ``TUNES`` sung by singer ``singer`` of ``SINGERS`` (seed 100 * tune + singer),
    moved to the middle of the voice's range: the take and its sung onsets, offsets and pitches."""
    _, meter, pickup, pitches, lengths = TUNES[tune]
    voice, bpm = SINGERS[singer]
    low, high = INSTRUMENTS[voice].low, INSTRUMENTS[voice].high
    shift = int(round((low + high) / 2 - (min(pitches) + max(pitches)) / 2))
    return sing(melody(pitches, lengths, meter, pickup, shift=shift, bpm=bpm), voice, seed=100 * tune + singer)
