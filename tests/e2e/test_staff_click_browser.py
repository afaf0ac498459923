"""Answering a theory question by clicking the staff, in real headless Chromium."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lessons import services as lesson_services
from lessons.models import ServedQuestion
from tests.e2e.test_studio_browser import log_in
from tutor.models import Classroom, User
from tutor.services import assignment_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LETTERS = "CDEFGAB"
# Set STAFF_CLICK_SCREENSHOTS=DIR to keep a picture of the widget (for a person to look at).
ARTIFACTS_DIR = Path(os.environ["STAFF_CLICK_SCREENSHOTS"]) if os.environ.get("STAFF_CLICK_SCREENSHOTS") else None
BOTTOM_LINE = {"treble": ("E", 4), "bass": ("G", 2), "alto": ("F", 3), "tenor": ("D", 3)}


def staff_position(note: str, clef: str) -> tuple[int, str]:
    """Steps above the clef's bottom line, and the accidental, of a note such as 'F#4'."""
    letter, accidental, octave = re.fullmatch(r"([A-G])(#{1,2}|x|b{1,2}|)(-?\d)", note).groups()  # type: ignore[union-attr]
    bottom_letter, bottom_octave = BOTTOM_LINE[clef]
    steps = (int(octave) * 7 + LETTERS.index(letter)) - (bottom_octave * 7 + LETTERS.index(bottom_letter))
    return steps, {"##": "x"}.get(accidental, accidental)


def test_a_student_places_the_note_on_the_staff_and_is_right(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom
) -> None:
    quiz = lesson_services.quiz_create(
        owner=teacher, title="Placing notes", items=[{"kind": "note_construct", "params": {}, "count": 3}]
    )
    assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)
    attempt, _ = lesson_services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    page = open_page()
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    page.wait_for_selector(".staff-click-area[role=slider] svg g.clef")
    assert page.locator(".question .notation").count() == 1  # one staff: the one answered on
    served = ServedQuestion.objects.filter(attempt=attempt, answered_at__isnull=True).order_by("position").first()
    assert served is not None
    question = lesson_services.served_question(served)
    clef = page.get_attribute(".staff-click", "data-clef")
    target, accidental = staff_position(question.answer, clef or "treble")

    page.focus(".staff-click-area")
    page.keyboard.press("ArrowUp")  # the first press places the note in the middle (position 5)
    for _ in range(abs(target - 5)):
        page.keyboard.press("ArrowUp" if target > 5 else "ArrowDown")
    page.check(f"input[name=staff-accidental][value='{accidental}']")
    assert page.input_value("#answer-typed").replace("x", "##") == question.answer
    assert page.locator(".staff-click-layer .head").count() == 1
    assert page.locator(".staff-click-layer .accidental").count() == (1 if accidental else 0)
    page.screenshot(path=str(ARTIFACTS_DIR / "staff-click.png")) if ARTIFACTS_DIR else None
    page.click("#answer-form button[type=submit], form button:has-text('Answer')")
    page.wait_for_selector(".feedback")
    assert "Right." in page.inner_text(".feedback")


def test_a_click_on_the_staff_names_the_note_under_it(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom
) -> None:
    quiz = lesson_services.quiz_create(
        owner=teacher, title="Placing notes", items=[{"kind": "note_construct", "params": {}, "count": 1}]
    )
    assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)
    attempt, _ = lesson_services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    page = open_page()
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    clef = page.get_attribute(".staff-click", "data-clef") or "treble"
    box = page.locator(".staff-click-area g.staff > path").nth(4).bounding_box()  # Verovio draws the bottom line last
    assert box
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    letter, octave = BOTTOM_LINE[clef]
    assert page.input_value("#answer-typed") == f"{letter}{octave}"
