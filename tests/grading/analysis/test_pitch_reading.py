"""How a note's pitch is read on voices: the tracker's side dips, and a note's window."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import signal

from grading.analysis import pitch

SR = 16_000


def _resonant_tone(midi: float, seconds: float, *, formant_harmonic: int, vibrato_cents: float) -> tuple[np.ndarray, np.ndarray]:
    """A vibrato tone through one narrow resonance at a high harmonic (a sung vowel's strong
    formant); returns the samples and the sung pitch (MIDI) at every sample."""
    t = np.arange(int(seconds * SR)) / SR
    sung = midi + vibrato_cents / 100.0 * np.sin(2 * np.pi * 5.5 * t)
    f0 = 440.0 * 2.0 ** ((sung - 69.0) / 12.0)
    phase = 2 * np.pi * np.cumsum(f0) / SR
    x = sum(np.sin(h * phase) for h in range(1, int(7000 / f0.max())))
    for centre, bandwidth in ((formant_harmonic * float(pitch.midi_to_hz(midi)), 60.0), (3400.0, 250.0)):
        r = np.exp(-np.pi * bandwidth / SR)
        c = 2 * r * np.cos(2 * np.pi * centre / SR)
        x = signal.lfilter([1 - c + r * r], [1, -c, r * r], x)
    return (0.3 * x / np.abs(x).max()).astype(np.float32), sung


@pytest.mark.parametrize(("midi", "formant_harmonic"), [(50, 12), (56, 20)])
def test_yin_reads_a_low_voice_at_its_period_not_a_formant_side_dip(midi: int, formant_harmonic: int) -> None:
    # A strong formant ripples the difference function with dips one formant period either side of
    # the period; the near one can come under the threshold first, and a low voice then reads about
    # a semitone sharp for stretches of its note. The grader searches 14 semitones below the score.
    x, sung = _resonant_tone(midi, 1.0, formant_harmonic=formant_harmonic, vibrato_cents=30.0)
    track = pitch.yin(x, fmin_hz=float(pitch.midi_to_hz(midi - 18)), fmax_hz=float(pitch.midi_to_hz(midi + 12)))
    frames = np.arange(10, len(track.f0_hz) - 10)
    error = track.midi[frames] - sung[np.minimum(frames * pitch.HOP_SAMPLES, len(sung) - 1)]
    assert np.mean(np.abs(error) < 0.5) >= 0.7, np.round(track.midi[frames], 2)


@pytest.mark.parametrize("extra_semitones", [-5, -3, 4])
def test_a_short_note_run_into_an_extra_note_keeps_its_own_pitch(extra_semitones: int, tmp_path: Path) -> None:
    # The singer sings the fourth note for 0.2 s and slides straight into a longer extra note
    # before the fifth. The extra is no part of the fourth note: its pitch window ends where the
    # other pitch starts, or the extra's frames outvote the note's own.
    from grading.analysis import AssessOptions, assess, load_target
    from tests.grading.analysis.synth import Played, render, write_score, write_wav

    midis = [64, 67, 65, 69, 67, 72, 71, 69]
    played = [Played(m, 0.5 + 0.5 * i, 0.45) for i, m in enumerate(midis)]
    played[3] = Played(69, 2.0, 0.2)
    played.insert(4, Played(69 + extra_semitones, 2.2, 0.27))
    score = write_score(tmp_path / "score.musicxml", list(midis), [1.0] * len(midis), bpm=120)
    audio = write_wav(tmp_path / "take.wav", render(played, total=5.0, vibrato_cents=15.0))
    result = assess(load_target(score), audio, options=AssessOptions())
    fourth = result.notes[3]
    assert fourth.pitch == "ok", (fourth.cents, [n.pitch for n in result.notes])
    assert [n.pitch for n in result.notes] == ["ok"] * len(midis)


def test_a_note_followed_at_a_later_swell_is_read_from_where_its_pitch_began(tmp_path: Path) -> None:
    # In free tempo the follower can match a note at a swell inside it, where the score has it,
    # 450 ms after it was sung; the note sags 35 cents over its last 350 ms. Its pitch is what it
    # held from its start (as its onset is reported there), not the sagging part after the swell.
    from grading.analysis import AssessOptions, assess
    from tests.grading.analysis.synth import early_swell_take, write_score, write_wav

    x, midis, starts = early_swell_take(fall_cents=35)
    out = assess(write_score(tmp_path / "t.musicxml", list(midis), [1.0] * 6, bpm=100),
                 write_wav(tmp_path / "t.wav", x.astype(np.float32)),
                 options=AssessOptions(free_tempo=True)).to_json()
    third = out["notes"][2]
    assert abs(third["onset"] - starts[2]) <= 0.03, third
    assert third["pitch"] == "ok", third


def _stiff_string(midi: float, seconds: float, *, inharmonicity: float) -> np.ndarray:
    """A struck stiff string: partial n at n * f0 * sqrt(1 + B n^2), decaying, the upper ones faster
    (a piano near C5 has B of about 4e-4; its 8th partial then runs some 50 cents sharp)."""
    t = np.arange(int(seconds * SR)) / SR
    f0 = float(pitch.midi_to_hz(midi))
    x = np.zeros_like(t)
    for n in range(1, 13):
        f = n * f0 * np.sqrt(1 + inharmonicity * n * n)
        if f < 7500:
            x += n ** -0.6 * np.exp(-t * (1.0 + 0.5 * n)) * np.sin(2 * np.pi * f * t + n)
    return (0.3 * x * np.minimum(1.0, t / 0.003)).astype(np.float32)


def _grade_struck(tmp_path: Path, tones: list[np.ndarray], *, every_seconds: float, seconds: float, midis: list[int]):
    """Grade struck ``tones`` laid into faint noise from 0.5 s, one every ``every_seconds`` (each may ring
    on under the next), against a score of ``midis`` at 120 BPM, one note per ``every_seconds``."""
    from grading.analysis import AssessOptions, assess, load_target
    from tests.grading.analysis.synth import write_score, write_wav

    x = 0.001 * np.random.default_rng(0).standard_normal(int(seconds * SR))
    for i, y in enumerate(tones):
        at = int((0.5 + every_seconds * i) * SR)
        x[at: at + len(y)] += y[: len(x) - at]
    score = write_score(tmp_path / "score.musicxml", list(midis), [2 * every_seconds] * len(midis), bpm=120)
    return assess(load_target(score), write_wav(tmp_path / "take.wav", x), options=AssessOptions())


def test_a_stiff_strings_notes_are_read_at_their_lowest_partials(tmp_path: Path) -> None:
    # YIN's period is pulled by every partial, and a piano's upper partials run sharp: FluidR3's
    # piano, its first two partials within a cent of the note, read 12-30 cents sharp and was
    # marked sharp on in-tune notes. A listener hears the lowest partials.
    midis = [72, 74, 76, 77, 79, 77, 76, 74]
    result = _grade_struck(tmp_path, [_stiff_string(m, 0.6, inharmonicity=6e-4) for m in midis],
                           every_seconds=0.5, seconds=5.5, midis=midis)
    cents = [round(n.cents or 0.0) for n in result.notes]
    assert all(abs(c) <= 8 for c in cents), cents
    assert [n.pitch for n in result.notes] == ["ok"] * len(midis), cents


@pytest.mark.parametrize("vibrato_cents", [0.0, 40.0])
def test_a_harmonic_tone_is_left_where_yin_reads_it(vibrato_cents: float) -> None:
    from tests.grading.analysis.synth import tone

    x = tone(57.0, 1.0, vibrato_cents=vibrato_cents, harmonics=(0.3, 1.0, 0.6, 0.4, 0.3, 0.2))
    track = pitch.yin(x)
    frames = np.arange(20, 80, 2)
    assert pitch.lowest_partials_offset(x, frames, track.midi[frames]) is None


def test_a_stiff_strings_sharp_pull_is_measured() -> None:
    x = _stiff_string(73, 0.8, inharmonicity=6e-4)
    track = pitch.yin(x)
    frames = np.arange(10, 60, 2)
    offset = pitch.lowest_partials_offset(x, frames, track.midi[frames])
    assert offset is not None
    read = float(np.median(track.midi[frames])) + offset
    assert abs(read - 73) < 0.05 < abs(float(np.median(track.midi[frames])) - 73), (read, offset)


def _plucked(midi: float, seconds: float) -> np.ndarray:
    """A plucked string left to ring (no damper): harmonic partials, each decaying, the upper faster."""
    t = np.arange(int(seconds * SR)) / SR
    f0 = float(pitch.midi_to_hz(midi))
    x = sum(n ** -1.0 * np.exp(-t * 0.8 * (1 + 0.3 * n)) * np.sin(2 * np.pi * n * f0 * t + n)
            for n in range(1, 9) if n * f0 < 7500)
    return (0.2 * x * np.minimum(1.0, t / 0.003)).astype(np.float32)


def test_a_note_under_the_last_still_ringing_string_keeps_its_own_pitch(tmp_path: Path) -> None:
    # A harp's strings ring on under the next note; YIN's period is pulled toward the ringing one,
    # and FluidR3's harp read in-tune notes 26-46 cents toward the string before. The note's own
    # partials, clear of the ringing note's, are not pulled.
    midis = [67, 69, 67, 64, 65, 67, 69, 71, 72, 71]
    result = _grade_struck(tmp_path, [_plucked(m, 3.0) for m in midis],
                           every_seconds=0.4, seconds=4.5 + 0.4 * len(midis), midis=midis)
    cents = [round(n.cents or 0.0) for n in result.notes]
    assert all(abs(c) <= 10 for c in cents), cents
    assert [n.pitch for n in result.notes] == ["ok"] * len(midis), cents
