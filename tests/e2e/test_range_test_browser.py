"""The range test sung into the browser: the fake microphone sings held notes from F3 up to E5,
the page records them as the studio does, the worker measures them, and the page and the profile
show the range, in note names."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grading.models import RangeTest
from music.words import pitch_name
from tests.conftest import worker_log
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in
from tests.grading.analysis.synth import SR, Played, render, write_wav
from tutor.models import User

pytestmark = [pytest.mark.browser, pytest.mark.worker]

LOW_MIDI, HIGH_MIDI = 53, 76  # F3 .. E5
NOTE_SECONDS, LEAD_SECONDS = 0.6, 1.0
SCALE = list(range(LOW_MIDI, HIGH_MIDI + 1, 3))  # 53 56 ... 74, then the top note
SUNG = [*SCALE, HIGH_MIDI] if SCALE[-1] != HIGH_MIDI else SCALE
SING_SECONDS = LEAD_SECONDS + len(SUNG) * NOTE_SECONDS


def sung_range(path: Path) -> Path:
    """The fake microphone: a second of silence, then each note held for half a second, then silence."""
    from scipy.signal import resample_poly

    notes = [Played(midi, LEAD_SECONDS + k * NOTE_SECONDS, NOTE_SECONDS * 0.85) for k, midi in enumerate(SUNG)]
    samples = render(notes, total=SING_SECONDS + 20.0, vibrato_cents=10)
    # Chromium's fake capture runs at 48 kHz; hand it that rate.
    return write_wav(path, resample_poly(samples, 48_000 // 1000, SR // 1000).astype(np.float32), sr=48_000)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_student_sings_the_range_test_into_the_browser(
    live_server: Any, start_worker: Callable[..., subprocess.Popen[bytes]], open_page: Callable[..., Any],
    student: User, tmp_path: Path, viewport: dict[str, int],
) -> None:
    phone = viewport is PHONE
    worker = start_worker()
    page = open_page(mic=sung_range(tmp_path / "mic.wav"), viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/range-test/")
    page.wait_for_selector("#range-live:not([hidden])")
    check_page(page, "range-test", phone=phone)

    page.click("#range-start")
    page.wait_for_selector("#range-stop:not([hidden])")
    page.wait_for_timeout(SING_SECONDS * 1000 + 500)
    assert page.inner_text("#range-so-far"), "the guide shows the notes heard so far"
    check_page(page, "range-test-singing", phone=phone)
    page.click("#range-stop")
    page.wait_for_selector("#range-result:not([hidden]), #range-error:not([hidden])", timeout=60_000)
    test = RangeTest.objects.get()
    assert test.status == "done", f"{test.error}\n{worker_log(worker)}"
    assert abs(test.low_midi - LOW_MIDI) <= 1 and abs(test.high_midi - HIGH_MIDI) <= 1, (test.low_midi, test.high_midi)
    student.refresh_from_db()
    assert student.voice_range == (test.low_midi, test.high_midi)
    assert page.inner_text("#range-result-text") == f"Your range: {pitch_name(test.low_midi)} to {pitch_name(test.high_midi)}."
    check_page(page, "range-test-done", phone=phone)

