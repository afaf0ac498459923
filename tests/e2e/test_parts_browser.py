"""A multi-part piece in real Chromium at desktop and phone widths: a teacher uploads a three-part
choir score, a student picks the alto part in the studio, hears the other parts, sings the alto on
the fake microphone and is graded on it. Every page: no tag or MIDI number, no sideways scroll,
no console error. Screenshots go to $STUDIO_SCREENSHOTS when it is set."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grading.models import Exercise, Recording
from tests.conftest import make_assignment, worker_log
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import FEEDBACK_TIMEOUT_MS, log_in
from tests.grading.analysis.synth import CHOIR, SR, Played, render, write_choir, write_wav
from tutor.models import Classroom, User

pytestmark = [pytest.mark.browser, pytest.mark.worker]

BEAT_SECONDS = 0.6       # the choir is written at 100 BPM
COUNT_IN_SECONDS = 4 * BEAT_SECONDS


def alto_take(path: Path) -> Path:
    """The mic: the count-in's silence, then the alto line from its first note, then silence."""
    from scipy.signal import resample_poly

    notes, t = [], COUNT_IN_SECONDS + 0.04
    for midi, quarters in CHOIR[1][1]:
        if midi is None:
            continue  # the part's own studio starts at its first note
        notes.append(Played(midi, t, quarters * BEAT_SECONDS * 0.92))
        t += quarters * BEAT_SECONDS
    samples = render(notes, total=t + 20.0, vibrato_cents=8)
    return write_wav(path, resample_poly(samples, 48_000 // 1000, SR // 1000).astype(np.float32), sr=48_000)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_student_sings_one_part_of_a_choir_piece_with_the_others_playing(
    live_server: Any, start_worker: Callable[..., subprocess.Popen[bytes]], open_page: Callable[..., Any],
    teacher: User, student: User, classroom: Classroom, tmp_path: Path, viewport: dict[str, int],
) -> None:
    phone = viewport is PHONE
    worker = start_worker()
    score = write_choir(tmp_path / "evening-hymn.musicxml")

    page = open_page(viewport=viewport)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/exercises/")
    page.fill("input[name=title]", "Evening hymn")
    page.set_input_files("input[name=score]", str(score))
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=with 3 parts (Soprano, Alto, Bass)")
    check_page(page, "parts-uploaded", phone=phone)
    piece = Exercise.objects.get(title="Evening hymn")
    assignment = make_assignment(classroom, piece)
    page.context.close()  # the teacher is done: the student signs in on a browser of their own

    page = open_page(mic=alto_take(tmp_path / "mic.wav"), viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    page.check("input[name=part][value='2']")
    page.wait_for_url("**/studio/?part=2")
    assert page.locator(".part-choice.current").inner_text().strip() == "Alto"
    page.wait_for_selector("#audio-status[data-status=ready]", timeout=60_000)
    check_page(page, "parts-studio", phone=phone)

    page.click("#record")
    page.wait_for_selector("body.recording")
    page.wait_for_selector("#feedback:not([hidden])", timeout=FEEDBACK_TIMEOUT_MS)
    recording = Recording.objects.get()
    assert recording.status == "done", f"{recording.error}\n{worker_log(worker)}"
    assert recording.exercise.parent_id == piece.pk and recording.assignment_id == assignment.pk
    assert [n["target_midi"] for n in recording.result["notes"]] == [64, 65, 67, 65]
    # Each note's reading in full: a failure under load (a fake-mic dropout, say) must show which note and why.
    readings = [(n["target_midi"], n["sung_midi"], n["cents"], n["onset"], n["pitch"], n["timing"])
                for n in recording.result["notes"]]
    assert recording.result["summary"]["pitch_ok"] == 4, f"{readings}\n{worker_log(worker)}"
    check_page(page, "parts-feedback", phone=phone)
