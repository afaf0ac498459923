"""A student's whole practice loop in real Chromium at desktop and phone widths, graded by a real worker.

Dashboard → the assignment (its music drawn) → the studio → a take on the fake microphone
(live pitch drawn) → feedback → "Drill my mistakes" → the drill, in the studio. On every
page: no skill tag or MIDI number in the visible text, nothing wider than the screen, and
no console error. Screenshots go to $STUDIO_SCREENSHOTS when it is set (test-artifacts/ is
ignored by git).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grading.models import Recording
from tests.conftest import worker_log
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import FEEDBACK_TIMEOUT_MS, log_in, take_with_errors
from tutor.models import Assignment, User

pytestmark = [pytest.mark.browser, pytest.mark.worker]

@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_student_practises_an_assignment_and_drills_the_mistakes(
    live_server: Any, start_worker: Callable[..., subprocess.Popen[bytes]], open_page: Callable[..., Any],
    student: User, assignment: Assignment, tmp_path: Path, viewport: dict[str, int],
) -> None:
    phone = viewport is PHONE
    worker = start_worker()
    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"), viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/dashboard/")
    check_page(page, "dashboard", phone=phone)

    page.click(f"text={assignment.title}")
    page.wait_for_url(f"**/assignments/{assignment.pk}/")
    page.wait_for_selector("[data-notation-url][data-status=ready] svg")
    check_page(page, "assignment", phone=phone)

    page.click("text=Practise it in the studio")
    page.wait_for_url(f"**/assignments/{assignment.pk}/studio/")
    if phone:  # the score is re-broken for the phone's width
        page.wait_for_function("document.querySelectorAll('#score g.system').length > 1")
    page.wait_for_selector("#audio-status[data-status=ready]", timeout=30_000)
    check_page(page, "studio", phone=phone)

    page.click("#record")
    page.wait_for_selector("body.recording")
    page.wait_for_function("(window.studioLivePitch?.points || []).filter(p => p.hz > 0).length > 100")
    check_page(page, "recording", phone=phone)
    page.wait_for_selector("#feedback:not([hidden])", timeout=FEEDBACK_TIMEOUT_MS)
    recording = Recording.objects.get()
    assert recording.status == "done", f"{recording.error}\n{worker_log(worker)}"
    check_page(page, "feedback", phone=phone)

    page.goto(f"{live_server.url}/takes/{recording.pk}/")
    page.wait_for_selector("#feedback:not([hidden])")
    duration = page.wait_for_function(
        "(() => { const d = document.getElementById('take-audio').duration; return isFinite(d) && d > 0 ? d : 0; })()"
    ).json_value()
    assert 9 < duration < 20  # a browser take can be scrubbed: its length is known
    check_page(page, "take", phone=phone)

    page.click("#drill-mistakes")
    page.wait_for_url("**/exercises/*/studio/")
    assert "drill aimed at the notes that went wrong" in page.inner_text("body")
    page.wait_for_selector("#score svg")
    check_page(page, "drill-studio", phone=phone)
