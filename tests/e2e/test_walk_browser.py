"""What a newcomer's walk on a phone found: the review queue's form out of sight, a refused file offered back,
a drill's score wider than the screen until the script redrew it, a teacher's quiz page saying "300 s".

The review queue was a six-column table that scrolled the player and the verdict form off a 390 px screen;
it reads as one card per note there. A file the student chose on the phone and the server refused was
offered back to "save on this device", under "audio: The submitted file is empty.".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generation.models import Drill
from grading.models import NoteResult, Recording
from grading.review import REVIEW_CONFIDENCE
from lessons.models import Quiz, QuizAttempt
from tests.e2e.conftest import PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in, shoot
from tests.generation.test_drills_django import written
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


def test_a_drills_score_fits_a_phone_from_the_first_paint(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    """The page showed the wide eight-bar drawing, cut off and scrolling, until notation.js's narrow one came (a
    second or more on a phone); the phone's drawing is in the page now. The script's answer is held back here."""
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/drills/")
    page.fill("[name=request]", "eight bars in D major")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: "/drills/" in url and url.rstrip("/").split("/")[-1].isdigit())
    drill_id = int(page.url.rstrip("/").split("/")[-1])
    written(drill_id)
    assert "svg_narrow" in Drill.objects.get(pk=drill_id).files
    page.route("**/api/exercises/*/notation/**", lambda route: None)  # never answered: the first paint stays
    page.goto(f"{live_server.url}/drills/{drill_id}/")
    figure = page.locator("figure.notation")
    figure.locator(".notation-narrow > svg").wait_for(state="visible")
    assert figure.locator(".notation-wide").is_hidden()
    width, scroll = figure.evaluate("n => [n.clientWidth, n.scrollWidth]")
    assert scroll <= width, (scroll, width)
    # Drawn at a readable size: the staff is no narrower than the column, not eight bars shrunk to fit.
    drawn = figure.locator(".notation-narrow > svg").bounding_box()
    assert drawn is not None and drawn["width"] >= 0.8 * width
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shoot(page, "drill-first-paint-phone")


def test_a_teacher_builds_a_timed_test_on_a_phone_and_reads_a_students_result(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
) -> None:
    """The teacher's own quiz pages, never walked before: build a test, assign it, and read the result."""
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/quizzes/new/")
    page.fill("input[name=title]", "Week 3 check")
    page.check("input[name=mode][value=test]")
    page.fill("input[name=time_limit_minutes]", "5")
    page.locator("details.qtype summary").first.click()
    page.fill("input[name=note_identify__count]", "2")
    page.locator("input[name=note_identify__clefs][value=bass]").uncheck()
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/quizzes/new/" not in url)
    facts = page.inner_text("dl.facts")
    assert "5 min" in facts and "300" not in facts, facts
    assert "Clefs: treble" in page.inner_text("main table")
    check_page(page, "quiz-teacher", phone=True)
    page.select_option("select[name=classroom]", label=classroom.name)
    page.click("main form.card button[type=submit]")
    page.wait_for_load_state()
    assignment = Assignment.objects.get()

    student_page = open_page(viewport=PHONE)
    log_in(student_page, live_server.url, student)
    student_page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    assert "5 min" in student_page.inner_text("main")
    student_page.locator("main form button[type=submit]").first.click()
    for _ in range(2):
        student_page.locator("main input[type=radio]").first.check()
        student_page.click("main button:has-text('Answer')")
        student_page.wait_for_load_state()
    # The last answer hands the test in: the results, without a box for that one answer above them.
    student_page.locator("text=Result").first.wait_for()
    assert student_page.locator("section.feedback").count() == 0
    check_page(student_page, "quiz-student-result", phone=True)
    attempt = QuizAttempt.objects.get(quiz=Quiz.objects.get())
    assert attempt.submitted_at is not None and attempt.question_count == 2

    page.goto(f"{live_server.url}/classes/{classroom.pk}/gradebook/")
    check_page(page, "quiz-gradebook", phone=True)
    page.click(f"a[href='/attempts/{attempt.pk}/']")
    page.wait_for_url(f"**/attempts/{attempt.pk}/")
    assert f"by {student.username}" in page.inner_text("main")
    check_page(page, "quiz-teacher-reads-attempt", phone=True)


def test_the_notation_choice_keeps_each_word_whole_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment,
) -> None:
    """On a 390 px screen the Staff / Numbered notation (jianpu) / Both control broke "Staff" into "Staf|f" and
    "Both" into "Bot|h": each button could shrink below its longest word."""
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    buttons = page.locator(".notation-choice button")
    assert buttons.count() == 3
    # Each word of a label on one line: a range over a word gives one box, whatever the label's lines.
    broken = page.evaluate("""() => [...document.querySelectorAll('.notation-choice button')].flatMap(b => {
        const text = b.firstChild, words = [], range = document.createRange();
        for (const m of text.textContent.matchAll(/\\S+/g)) {
            range.setStart(text, m.index); range.setEnd(text, m.index + m[0].length);
            if (range.getClientRects().length > 1) words.push(m[0]);
        }
        return words;
    })""")
    assert broken == []
    for n in range(3):
        box = buttons.nth(n).bounding_box()
        assert box is not None and box["width"] >= 44 and box["x"] + box["width"] <= PHONE["width"]


def test_a_class_name_typed_without_spaces_stays_on_a_phones_screen(
    live_server: Any, open_page: Callable[..., Any], teacher: User, classroom: Classroom,
) -> None:
    """A hundred letters with no space ran the dashboard's table (and the page) 900 px off a phone's right edge,
    and the class's button on a drill's page too."""
    Classroom.objects.create(teacher=teacher, name="W" * 100, join_code="LONGNAME1")
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, teacher)
    for url in ("/dashboard/", "/classes/"):
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, url
