"""Sung and clapped quiz answers in real headless Chromium with a fake microphone.

Each question is answered from its own browser, whose microphone plays a WAV made here
from the served question: the notes sung in tune (or one a whole tone off), the rhythm
clapped at the question's tempo (or with a clap left out). The page records with
MediaRecorder, sends the take, and the grading core's verdict comes back on the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.signal import resample_poly

from lessons import services
from lessons.models import Quiz, ServedQuestion
from lessons.questions import generate
from tests.e2e.test_studio_browser import log_in
from tests.grading.analysis.synth import write_wav
from tests.lessons.test_performance import SAMPLE_RATE_HZ, _clap_times, _sing_take, clapped
from tests.lessons.test_quizzes_api import assign
from tutor.models import Assignment, Classroom, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIC_RATE_HZ = 48_000
ANSWER_TIMEOUT_MS = 60_000


def mic_file(path: Path, samples: np.ndarray) -> Path:
    """The take padded with silence past the recording's end, at Chromium's capture rate."""
    padded = np.concatenate([samples, np.zeros(20 * SAMPLE_RATE_HZ)])
    return write_wav(path, resample_poly(padded, MIC_RATE_HZ // 1000, SAMPLE_RATE_HZ // 1000).astype(np.float32),
                     sr=MIC_RATE_HZ)


def test_sung_and_clapped_answers_are_graded_from_the_microphone(
    live_server: Any, open_page: Any, teacher: User, student: User, classroom: Classroom, tmp_path: Path,
) -> None:
    quiz = Quiz.objects.create(owner=teacher, title="Sing and clap", mode=Quiz.Mode.PRACTICE, items=[
        {"kind": "sing_notation", "params": {"tasks": ["interval"], "keys": ["C"]}, "count": 2},
        {"kind": "clap_rhythm", "params": {"meters": ["3/4"], "difficulty": 1}, "count": 2},
    ])
    assignment = Assignment.objects.get(pk=assign(teacher, classroom, quiz.pk))
    attempt, _ = services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    rows = list(ServedQuestion.objects.filter(attempt=attempt).order_by("position"))
    verdicts = []
    for i, served in enumerate(rows):
        q = generate(served.kind, seed=served.seed, **served.params)
        right = i % 2 == 0
        if q.answer_mode == "sing":
            take = _sing_take(q, shift={} if right else {1: 2.0})
        else:
            times = _clap_times(q)
            take = clapped(times if right else times[:1] + times[2:], seconds=max(times) + 1.0)
        page = open_page(mic=mic_file(tmp_path / f"mic{i}.wav", take))
        log_in(page, live_server.url, student)
        page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
        page.wait_for_selector("#record-button:not([hidden])")
        page.click("#record-button")
        page.wait_for_url(f"**answered={served.pk}**", timeout=ANSWER_TIMEOUT_MS)
        verdict = page.locator(".feedback").inner_text()
        verdicts.append(verdict)
        served.refresh_from_db()
        assert served.correct is right, (q.kind, verdict, page.console_messages)
        assert verdict.startswith("Right." if right else "Not quite."), verdict
    assert "notes in tune" in verdicts[0] and "claps on time" in verdicts[2]
    assert "note 2" in verdicts[1] and "not heard" in verdicts[3]


def test_a_sung_answer_the_server_could_not_take_leaves_the_question_on_screen(
    live_server: Any, open_page: Any, teacher: User, student: User, classroom: Classroom, tmp_path: Path,
) -> None:
    # A busy server's 429 (or a 500) sent the page to the form's own address: a page with nothing on it.
    quiz = Quiz.objects.create(owner=teacher, title="Clap", mode=Quiz.Mode.PRACTICE, items=[
        {"kind": "clap_rhythm", "params": {"meters": ["3/4"], "difficulty": 1}, "count": 1},
    ])
    assignment = Assignment.objects.get(pk=assign(teacher, classroom, quiz.pk))
    attempt, _ = services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    page = open_page(mic=mic_file(tmp_path / "mic.wav", clapped([0.5, 1.0, 1.5], seconds=2.0)))
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    page.route("**/recording/", lambda route: route.fulfill(status=429, body="Too many requests"))
    page.click("#record-button")
    page.wait_for_function("document.getElementById('record-button').disabled === false", timeout=ANSWER_TIMEOUT_MS)
    assert page.url.endswith(f"/attempts/{attempt.pk}/")
    assert page.locator("#record-status").inner_text() == \
        "The recording could not be sent: check your connection, then send it again or save it on this device."
    # The take is still there (it was dropped: the student had to clap it again): saved, or sent again.
    assert page.locator("#record-save").get_attribute("href").startswith("blob:")
    page.unroute("**/recording/")
    page.click("#record-resend")
    page.wait_for_url("**answered=**", timeout=ANSWER_TIMEOUT_MS)
    assert page.locator(".feedback").count() == 1
