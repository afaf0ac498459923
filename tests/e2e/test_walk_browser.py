"""What a newcomer's walk on a phone found: the review queue's form out of sight, a refused file offered back.

The review queue was a six-column table that scrolled the player and the verdict form off a 390 px screen;
it reads as one card per note there. A file the student chose on the phone and the server refused was
offered back to "save on this device", under "audio: The submitted file is empty.".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grading.models import NoteResult, Recording
from grading.review import REVIEW_CONFIDENCE
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import log_in, shoot
from tests.tutor.loop import F_SHARP, class_drill, sing
from tutor.models import Assignment, Classroom, User

pytestmark = [pytest.mark.browser]


def test_a_teacher_overrides_a_doubtful_note_on_a_phone_without_scrolling_sideways(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
    tmp_path: Path,
) -> None:
    recording = sing(student, class_drill(teacher, classroom), tmp_path, cents_by_pitch_class={F_SHARP: -40})
    note = recording.notes.filter(pitch="flat").order_by("index").first()
    assert note is not None
    NoteResult.objects.filter(pk=note.pk).update(confidence=REVIEW_CONFIDENCE / 2)

    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/review/")
    save = page.locator(f"form[action='/notes/{note.pk}/override/'] button[type=submit]")
    box = save.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"], box
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shoot(page, "review-phone")
    page.locator(f"form[action='/notes/{note.pk}/override/'] select[name=pitch]").select_option("ok")
    save.click()
    page.wait_for_load_state()
    note.refresh_from_db()
    assert note.pitch == "ok" and note.reviewed_by == teacher


def test_a_refused_file_is_said_plainly_and_not_offered_back_to_save(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    empty = tmp_path / "memo.m4a"
    empty.write_bytes(b"")
    page.set_input_files("#upload-file", str(empty))
    page.click("#upload-button")
    error = page.locator("#take-error")
    error.wait_for(state="visible")
    assert error.inner_text() == "The submitted file is empty."
    assert page.locator("#take-save").is_hidden() and page.locator("#take-rescue").is_hidden()
    assert not Recording.objects.exists()
