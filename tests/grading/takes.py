"""Takes of the demo exercise (Twinkle, twinkle at 90 BPM), synthesised for the grading tests."""

from __future__ import annotations

import io
from pathlib import Path

from tests.grading.analysis.synth import Played, render, write_wav

TWINKLE = [(60, 1), (60, 1), (67, 1), (67, 1), (69, 1), (69, 1), (67, 2),
           (65, 1), (65, 1), (64, 1), (64, 1), (62, 1), (62, 1), (60, 2)]
BEAT_SECONDS = 60 / 90
LEAD_IN_SECONDS = 0.8


def twinkle_take(
    path: Path, *, cents: dict[int, float] | None = None, missing: set[int] | None = None,
    late_seconds: dict[int, float] | None = None, repeat: int = 1,
) -> Path:
    """The melody sung with harmonic tones; ``cents``/``missing``/``late_seconds`` inject errors by note index."""
    cents, missing, late_seconds = cents or {}, missing or set(), late_seconds or {}
    played, onset = [], LEAD_IN_SECONDS
    for _ in range(repeat):
        for index, (midi, beats) in enumerate(TWINKLE):
            duration = beats * BEAT_SECONDS
            if index not in missing:
                start = onset + late_seconds.get(index, 0.0)
                played.append(Played(midi + cents.get(index, 0.0) / 100, start, duration * 0.92))
            onset += duration
    return write_wav(path, render(played, total=onset + 0.8, vibrato_cents=8))


def wav_bytes(path: Path) -> io.BytesIO:
    data = io.BytesIO(path.read_bytes())
    data.name = path.name
    return data


def score_take(
    score: Path, path: Path, *, cents_by_pitch_class: dict[int, float] | None = None,
    late_after_rest_seconds: float = 0.0,
) -> Path:
    """Any score's top line sung cleanly, except: notes of a pitch class (MIDI % 12) off by some cents,
    and entries after rests late by some seconds."""
    from grading.analysis import load_target

    cents_by_pitch_class = cents_by_pitch_class or {}
    target = load_target(score)
    played = [
        Played(n.midi + cents_by_pitch_class.get(n.midi % 12, 0.0) / 100,
               LEAD_IN_SECONDS + n.onset_seconds + (late_after_rest_seconds if n.follows_rest else 0.0),
               n.duration_seconds * 0.9)
        for n in target.notes
    ]
    return write_wav(path, render(played, total=LEAD_IN_SECONDS + target.duration_seconds + 0.8, vibrato_cents=8))
