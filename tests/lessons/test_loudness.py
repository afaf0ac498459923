"""Lesson and ear-training audio plays as loud as a drill: one loudness for every practice file."""

from __future__ import annotations

import shutil
import wave
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from generation.render import MELODY_VELOCITY
from generation.render.audio import SOUNDFONT, TARGET_RMS_DBFS
from generation.render.audio import render_audio as render_drill_audio
from generation.render.tracks import Event, Track
from lessons.questions.model import AudioSpec
from lessons.questions.render import render_audio as render_question_audio

pytestmark = pytest.mark.skipif(not (shutil.which("fluidsynth") and SOUNDFONT.exists()), reason="needs FluidSynth")
SCALE = (60, 62, 64, 65, 67, 69, 71, 72)


def rms_dbfs(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32767.0
    x = x[np.abs(x) > 1e-3]
    return float(20 * np.log10(np.sqrt(np.mean(x**2))))


def test_a_question_and_a_drill_of_the_same_notes_play_within_a_decibel(tmp_path: Path) -> None:
    question = render_question_audio(AudioSpec(tuple(((m,), 1.0) for m in SCALE)), tmp_path / "q.wav")
    melody = Track("Melody", 0, 0, [Event(Fraction(k), Fraction(1), m, MELODY_VELOCITY) for k, m in enumerate(SCALE)])
    drill = render_drill_audio({"melody": [melody]}, tmp_path, "drill", qpm=90, meter=(4, 4), formats=("wav",))["wav"]
    # Before: the question was 10 dB quieter than the drill (benchmarks/loudness.py).
    assert abs(rms_dbfs(question) - rms_dbfs(drill)) < 1.0
    assert abs(rms_dbfs(drill) - TARGET_RMS_DBFS) < 1.0



def ogg_rms_dbfs(path: Path) -> float:
    import soundfile

    x = soundfile.read(str(path), dtype="float64")[0].ravel()
    x = x[np.abs(x) > 1e-3]
    return float(20 * np.log10(np.sqrt(np.mean(x**2))))


def scale_drill(tmp_path: Path, formats: tuple[str, ...]) -> dict[str, Path]:
    melody = Track("Melody", 0, 0, [Event(Fraction(k), Fraction(1), m, MELODY_VELOCITY) for k, m in enumerate(SCALE)])
    return render_drill_audio({"melody": [melody]}, tmp_path, "drill", qpm=90, meter=(4, 4), formats=formats)


def test_the_drill_ogg_download_is_as_loud_as_its_wav(tmp_path: Path) -> None:
    files = scale_drill(tmp_path, ("wav", "ogg"))
    # Before: FluidSynth encoded the OGG itself, 11 dB below the normalised WAV (benchmarks/loudness.py).
    assert abs(ogg_rms_dbfs(files["ogg"]) - TARGET_RMS_DBFS) < 1.0
    assert abs(ogg_rms_dbfs(files["ogg"]) - rms_dbfs(files["wav"])) < 0.5


def test_an_ogg_asked_for_alone_is_normalised_too(tmp_path: Path) -> None:
    files = scale_drill(tmp_path, ("ogg",))
    assert set(files) == {"ogg"} and not (tmp_path / "drill.wav").exists()
    assert abs(ogg_rms_dbfs(files["ogg"]) - TARGET_RMS_DBFS) < 1.0
