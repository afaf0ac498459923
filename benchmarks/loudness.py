"""Loudness of the practice audio: a lesson/ear-training question against a drill's melody, same notes.

Both are rendered with FluidSynth from the same eight-note C major scale on piano at
90 BPM; the script prints each file's RMS and peak level in dBFS and the difference,
and the same for the drill's OGG download (decoded), which should match its WAV.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/loudness.py
"""

from __future__ import annotations

import sys
import tempfile
import wave
from fractions import Fraction
from pathlib import Path

import numpy as np

from generation.render import MELODY_VELOCITY
from generation.render.audio import render_audio as render_drill_audio
from generation.render.tracks import Event, Track
from lessons.questions.model import AudioSpec
from lessons.questions.render import render_audio as render_question_audio

SCALE = (60, 62, 64, 65, 67, 69, 71, 72)


def levels(path: Path) -> tuple[float, float]:
    """(RMS, peak) of a 16-bit WAV or an OGG in dBFS, over the sounding part (above -60 dBFS)."""
    if path.suffix == ".ogg":
        import soundfile

        x = soundfile.read(str(path), dtype="float64")[0].ravel()
    else:
        with wave.open(str(path), "rb") as w:
            x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32767.0
    x = x[np.abs(x) > 1e-3]
    return 20 * np.log10(np.sqrt(np.mean(x**2))), 20 * np.log10(np.max(np.abs(x)))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        question = render_question_audio(AudioSpec(tuple(((m,), 1.0) for m in SCALE)), Path(tmp) / "q.wav")
        melody = Track("Melody", 0, 0, [Event(Fraction(k), Fraction(1), m, MELODY_VELOCITY) for k, m in enumerate(SCALE)])
        drill = render_drill_audio({"melody": [melody]}, Path(tmp), "drill", qpm=90, meter=(4, 4))
        (q_rms, q_peak), (d_rms, d_peak) = levels(question), levels(drill["wav"])
        o_rms, o_peak = levels(drill["ogg"])
    out = sys.stdout
    out.write(f"question: RMS {q_rms:6.1f} dBFS, peak {q_peak:6.1f} dBFS\n")
    out.write(f"drill:    RMS {d_rms:6.1f} dBFS, peak {d_peak:6.1f} dBFS\n")
    out.write(f"drill ogg: RMS {o_rms:6.1f} dBFS, peak {o_peak:6.1f} dBFS\n")
    out.write(f"drill minus question: {d_rms - q_rms:+.1f} dB RMS; ogg minus wav: {o_rms - d_rms:+.1f} dB RMS\n")


if __name__ == "__main__":
    main()
