"""The practice studio in real headless Chromium, graded by a real Celery worker.

The microphone is a WAV made here: Twinkle at 90 BPM after one bar of silence
(the count-in), with the third note 40 cents flat, the fifth a whole tone too
high and the tenth left out. Chromium starts the file when the page opens the
microphone, and the page stops recording after the count-in, the piece and a
short tail, so every run records the same take.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grading.models import Recording
from tests.conftest import worker_log
from tests.e2e.conftest import PHONE
from tests.grading.analysis.synth import SR, Played, render, write_wav
from tests.grading.takes import BEAT_SECONDS, TWINKLE, twinkle_take
from tutor.models import Assignment, User

pytestmark = [pytest.mark.browser, pytest.mark.worker]

PASSWORD = "a-long-test-password"  # tests/conftest.py make_user
COUNT_IN_SECONDS = 4 * BEAT_SECONDS
FLAT, WRONG, MISSED = 2, 4, 9
LATENCY_MS = 120
FEEDBACK_TIMEOUT_MS = 90_000
SCREENSHOTS = os.environ.get("STUDIO_SCREENSHOTS")


def take_with_errors(path: Path) -> Path:
    """The mic input: one bar of silence, then Twinkle with three errors, then silence past the take's end."""
    played, onset = [], COUNT_IN_SECONDS + 0.04
    for index, (midi, beats) in enumerate(TWINKLE):
        duration = beats * BEAT_SECONDS
        if index != MISSED:
            shift = {FLAT: -0.40, WRONG: 2.0}.get(index, 0.0)
            played.append(Played(midi + shift, onset, duration * 0.92))
        onset += duration
    samples = render(played, total=30.0, vibrato_cents=8)
    # Chromium's fake capture runs at 48 kHz; hand it that rate.
    from scipy.signal import resample_poly

    return write_wav(path, resample_poly(samples, 48_000 // 1000, SR // 1000).astype(np.float32), sr=48_000)


def log_in(page: Any, base_url: str, user: User) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def shoot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def verdicts(page: Any) -> list[tuple[str, str]]:
    rows = page.eval_on_selector_all(
        "#fb-notes tbody tr", "rows => rows.map(r => [r.dataset.pitch, r.dataset.timing])"
    )
    return [(pitch, timing) for pitch, timing in rows]


def test_a_student_records_a_take_and_sees_the_injected_errors(
    live_server: Any, start_worker: Callable[..., subprocess.Popen[bytes]], open_page: Callable[..., Any],
    student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    worker = start_worker()
    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"))
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    page.click("text=Practise it in the studio")
    page.wait_for_url(f"**/assignments/{assignment.pk}/studio/")
    page.evaluate(f"localStorage.setItem('studio.latencyMs', '{LATENCY_MS}')")
    page.reload()
    assert page.locator("#latency-value").inner_text().startswith(f"Latency: {LATENCY_MS} ms")
    # The page works before the audio exists; the worker renders it within seconds.
    page.wait_for_selector("#audio-status[data-status=ready]", timeout=30_000)
    shoot(page, "practice")

    page.click("#record")
    page.wait_for_selector("body.recording")
    page.wait_for_selector("#feedback:not([hidden])", timeout=FEEDBACK_TIMEOUT_MS)
    shoot(page, "feedback")

    recording = Recording.objects.get()
    assert recording.status == "done", f"{recording.error}\n{worker_log(worker)}"
    assert recording.original_name.startswith("take.webm")
    assert recording.options["latency_ms"] == LATENCY_MS
    assert 9.5 < (recording.duration_seconds or 0) < 20
    shown = verdicts(page)
    assert len(shown) == len(TWINKLE)
    expected = {FLAT: "flat", WRONG: "wrong", MISSED: "missed"}
    assert [pitch for pitch, _ in shown] == [expected.get(i, "ok") for i in range(len(TWINKLE))], shown
    assert shown[MISSED][1] == "missed"
    assert -50 < recording.result["notes"][FLAT]["cents"] < -30

    # The notation carries the same verdicts, and each note explains itself on focus.
    coloured = page.eval_on_selector_all("#score g.note.graded", "ns => ns.map(n => n.dataset.pitch)")
    assert coloured == [pitch for pitch, _ in shown]
    page.focus(f"#score g.note.graded[data-index='{FLAT}']")
    card = page.locator("#note-card")
    assert card.is_visible() and "cents" in card.inner_text() and "flat" in card.inner_text()
    shoot(page, "note-card")
    assert page.locator("#contour svg path.sung").get_attribute("d")
    assert page.locator("#fb-entry").inner_text().endswith(f"(latency {LATENCY_MS} ms taken off)")
    assert page.locator("#history-table tbody tr").count() == 1
    waited_ms = page.evaluate("window.studioFeedbackShownAt - window.studioTakeEndedAt")
    print(f"take end to feedback on the page: {waited_ms:.0f} ms")  # noqa: T201


def test_a_student_uploads_a_file_and_a_bad_one_shows_the_apis_message(
    live_server: Any, start_worker: Callable[..., subprocess.Popen[bytes]], open_page: Callable[..., Any],
    student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    worker = start_worker()
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    shoot(page, "practice-phone")

    junk = tmp_path / "memo.wav"
    junk.write_bytes(b"this is not audio at all" * 20)
    page.set_input_files("#upload-file", str(junk))
    page.click("#upload-button")
    error = page.locator("#take-error")
    error.wait_for(state="visible")
    assert "audio" in error.inner_text().lower() or "recording" in error.inner_text().lower()
    assert not Recording.objects.exists()

    page.set_input_files("#upload-file", str(twinkle_take(tmp_path / "memo.wav", cents={3: 40})))
    page.click("#upload-button")
    page.wait_for_selector("#feedback:not([hidden])", timeout=FEEDBACK_TIMEOUT_MS)
    assert page.locator("#take-error").is_hidden()
    assert page.locator("#upload-progress").evaluate("p => p.value") == 100
    recording = Recording.objects.get()
    assert recording.status == "done", f"{recording.error}\n{worker_log(worker)}"
    shown = verdicts(page)
    assert shown[3][0] == "sharp" and [p for p, _ in shown].count("ok") == len(TWINKLE) - 1
    # Nothing is wider than the phone's screen.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a 390px screen"
    shoot(page, "feedback-phone")
