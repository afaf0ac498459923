"""Sing me a tune in real headless Chromium, transcribed by a real Celery worker.

The microphone is a WAV made here: a C-major tune at 100 BPM after a second of silence. The
page records it, the worker transcribes it, the student fixes the second note (sung E, meant
F), reads the chords with their reasons, picks another chord for bar 2 and hears it as a
waltz, saves the melody as an exercise and opens the studio, where the practice audio
(melody and accompaniment) is rendered to practise against.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grading.models import Exercise, Transcription
from tests.conftest import worker_log
from tests.e2e.test_studio_browser import log_in, shoot
from tests.grading.analysis.synth import SR, Played, render, write_wav
from tutor.models import User

pytestmark = [pytest.mark.browser, pytest.mark.worker]

TUNE = [(60, 1), (64, 1), (67, 2), (65, 1), (69, 1), (72, 1), (69, 1), (67, 1), (71, 1), (74, 1), (71, 1), (72, 4)]
BEAT_SECONDS = 0.6
LEAD_SECONDS = 1.0


def tune_wav(path: Path) -> Path:
    played, at = [], LEAD_SECONDS
    for midi, beats in TUNE:
        played.append(Played(midi, at, beats * BEAT_SECONDS * 0.9))
        at += beats * BEAT_SECONDS
    samples = render(played, total=30.0, vibrato_cents=20)
    from scipy.signal import resample_poly

    return write_wav(path, resample_poly(samples, 48_000 // 1000, SR // 1000).astype(np.float32), sr=48_000)


def test_a_student_sings_a_tune_fixes_a_note_reads_the_chords_and_practises_it(
    live_server: Any, start_worker: Callable[..., subprocess.Popen[bytes]], open_page: Callable[..., Any],
    student: User, tmp_path: Path,
) -> None:
    worker = start_worker()
    page = open_page(mic=tune_wav(tmp_path / "mic.wav"))
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/transcribe/")
    page.fill("#title", "My C tune")
    page.click("#record")
    page.wait_for_selector("#stop:not([disabled])")
    page.wait_for_timeout(int(1000 * (LEAD_SECONDS + 16 * BEAT_SECONDS + 0.8)))
    page.click("#stop")
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    row = Transcription.objects.get()
    assert row.status == "done", f"{row.error}\n{worker_log(worker)}"
    pitches = page.eval_on_selector_all("#notes tbody tr td:nth-child(2)", "cells => cells.map(c => c.textContent)")
    assert pitches == ["C4", "E4", "G4", "F4", "A4", "C5", "A4", "G4", "B4", "D5", "B4", "C5"], pitches
    # The tempo as a musician writes it, from the script that reads the API's quarter BPM.
    assert f"♩ = {round(row.result['tempo'])} " in page.locator("#summary").inner_text()
    page.wait_for_selector("#staff svg")
    page.wait_for_selector("#jianpu svg")
    shoot(page, "transcribed")

    # Named as the rest of the site names notes (C♯4, E♭4), in seconds said as such; the API keeps "C#4".
    second = page.locator("#notes tbody tr:nth-child(2) select")
    assert second.evaluate("s => [...s.options].map(o => o.text)") == ["C♯4", "D4", "E♭4", "E4", "F4", "F♯4", "G4"]
    assert second.evaluate("s => [...s.options].map(o => o.dataset.name)")[0] == "C#4"
    assert page.locator("#notes tbody tr:nth-child(2) td:nth-child(4)").inner_text().endswith(" s")
    page.select_option("#notes tbody tr:nth-child(2) select", "65")
    page.wait_for_function("document.querySelector('#notes tbody tr:nth-child(2) td:nth-child(2)').textContent === 'F4 ✎'")
    assert Transcription.objects.get().result["notes"][1]["pitch"] == "F4"

    page.wait_for_selector("#harmony:not([hidden]) #bars:not([aria-busy]) li")
    reasons = page.eval_on_selector_all("#bars li .reason", "items => items.map(i => i.textContent.trim())")
    assert reasons[-1].startswith("bar ") and "tonic" in reasons[-1]
    assert any("because the melody sits on" in text for text in reasons)
    # Pick another chord for bar 2 (an alternative the melody allows) and hear it at once, as a waltz.
    page.select_option("#style", "waltz")
    second = page.locator("#bars li:nth-child(2) select")
    options = second.evaluate("s => [...s.options].map(o => o.value)")
    assert len(options) >= 2, options
    second.select_option(options[1])
    # The reason beside it is the suggestion's, and says so now that another chord is picked.
    assert page.locator("#bars li:nth-child(2) .reason").inner_text().strip().startswith("Your choice (suggested: bar ")
    page.wait_for_function(f"(document.querySelector('#hearing').dataset.chords || '').split(' ')[1] === '{options[1]}'")
    assert "waltz" in page.locator("#hearing").inner_text()
    shoot(page, "chords")

    # A slower tempo typed in the box (sung at about 100): the exercise is saved at it, as the backing plays.
    page.fill("#tempo", "80")
    page.click("#save")
    page.click("#saved a")
    exercise = Exercise.objects.get()
    page.wait_for_url(f"**/exercises/{exercise.pk}/studio/")
    assert (exercise.title, exercise.tempo) == ("My C tune", 80)
    # The saved melody keeps the chords picked and the style heard: the studio plays those.
    assert (exercise.accompaniment_style, exercise.chords[1]) == ("waltz", options[1])
    page.wait_for_selector("#audio-status[data-status=ready]", timeout=60_000)
    shoot(page, "practise")
