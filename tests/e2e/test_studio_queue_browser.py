"""A take waiting for the grader does not hold up the next one, in real headless Chromium with no worker.

The walk found Record and Upload disabled while a take sat queued (no worker free), so a second take needed a
reload. Here the student uploads a take, records another at once, and each result shows when it is graded:
the newest in the feedback panel, the earlier one in its line under "Earlier takes". The grading is run in this
process (``analyze_recording.apply``), when the test says, as a worker would once it came up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grading.models import Recording
from grading.tasks import analyze_recording
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import FEEDBACK_TIMEOUT_MS, log_in, take_with_errors
from tutor.models import Assignment, User

pytestmark = [pytest.mark.browser]


def earlier_take(page: Any, recording: Recording) -> Any:
    return page.locator(f"#earlier-list li[data-recording='{recording.pk}']")


def open_studio(page: Any, live_server: Any, student: User, assignment: Assignment) -> None:
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")


def upload_until_queued(page: Any, audio: Path) -> None:
    """Uploads ``audio`` and waits until the server holds the take, queued (no worker grades it here)."""
    page.set_input_files("#upload-file", str(audio))
    page.click("#upload-button")
    page.wait_for_selector("#take-status[data-status=queued]")


def test_a_student_records_again_while_the_first_take_waits_and_sees_both_results(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    assignment.attempts_allowed = 3
    assignment.save(update_fields=["attempts_allowed"])
    mic = take_with_errors(tmp_path / "mic.wav")
    page = open_page(mic=mic)
    open_studio(page, live_server, student, assignment)
    page.wait_for_selector("#audio-status[data-status]")

    upload_until_queued(page, mic)
    # Saved on the server and waiting: the next take can start now, and the attempt is counted now.
    page.wait_for_selector("#record:not([disabled])")
    assert page.locator("#upload-button").is_enabled()
    assert page.locator("#attempts-left").inner_text() == "2 attempts left."
    first = Recording.objects.get()
    assert first.status == "queued"

    page.click("#record")
    page.wait_for_selector("body.recording")
    # The first take, still waiting, is listed with its own status while the second is sung.
    assert earlier_take(page, first).get_attribute("data-status") == "queued"
    assert page.locator("#earlier-list li").count() == 1
    page.wait_for_selector("body:not(.recording)", timeout=40_000)
    page.wait_for_function("Number(document.getElementById('attempts-left').dataset.left) === 1")
    second = Recording.objects.exclude(pk=first.pk).get()
    assert second.status == "queued" and page.locator("#record").is_enabled()

    analyze_recording.apply(args=[first.pk])
    page.wait_for_selector(f"#earlier-list li[data-recording='{first.pk}'][data-status=done]",
                           timeout=FEEDBACK_TIMEOUT_MS)
    assert earlier_take(page, first).inner_text().count("notes in tune") == 1
    assert page.locator("#feedback").is_hidden()  # the panel waits for the newest take

    analyze_recording.apply(args=[second.pk])
    page.wait_for_selector(f"#feedback[data-recording='{second.pk}']:not([hidden])", timeout=FEEDBACK_TIMEOUT_MS)
    assert "notes in tune" in page.locator("#take-status").inner_text()
    earlier_take(page, first).locator("button").click()
    page.wait_for_selector(f"#feedback[data-recording='{first.pk}']")
    assert page.locator("#attempts-left").inner_text() == "1 attempt left."
    assert page.locator("#history-table tbody tr").count() == 2
    errors = [m for m in page.console_messages if m.startswith(("error", "pageerror"))]
    assert not errors, errors


def test_a_take_still_waiting_after_a_reload_shows_its_result_when_graded(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    mic = take_with_errors(tmp_path / "mic.wav")
    page = open_page(viewport=PHONE)
    open_studio(page, live_server, student, assignment)
    upload_until_queued(page, mic)
    take = Recording.objects.get()

    page.reload()
    page.wait_for_selector(f"#earlier-list li[data-recording='{take.pk}'][data-status=queued]")
    assert page.locator("#record").is_enabled()
    analyze_recording.apply(args=[take.pk])
    page.wait_for_selector(f"#earlier-list li[data-recording='{take.pk}'][data-status=done]",
                           timeout=FEEDBACK_TIMEOUT_MS)
    earlier_take(page, take).locator("button").click()
    page.wait_for_selector(f"#feedback[data-recording='{take.pk}']:not([hidden])")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_upload_pressed_twice_on_one_file_shows_the_one_take_waiting_not_uploading(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    """The walk found "Uploading…" left standing for good, and the waiting take moved under "Earlier takes",
    when Upload was pressed again on the same file (the server answers with the take it already holds)."""
    assignment.attempts_allowed = 3
    assignment.save(update_fields=["attempts_allowed"])
    mic = take_with_errors(tmp_path / "mic.wav")
    page = open_page(viewport=PHONE)
    open_studio(page, live_server, student, assignment)
    upload_until_queued(page, mic)
    page.wait_for_selector("#upload-button:not([disabled])")
    page.click("#upload-button")
    page.wait_for_function("document.getElementById('take-status').textContent === 'Waiting for the grader…'")
    page.wait_for_selector("#upload-button:not([disabled])")
    take = Recording.objects.get()
    assert page.locator("#earlier-list li").count() == 0 and page.locator("#earlier-takes").is_hidden()
    assert page.locator("#attempts-left").inner_text() == "2 attempts left."
    analyze_recording.apply(args=[take.pk])
    page.wait_for_selector(f"#feedback[data-recording='{take.pk}']:not([hidden])", timeout=FEEDBACK_TIMEOUT_MS)
    assert "notes in tune" in page.locator("#take-status").inner_text()
