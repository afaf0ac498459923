"""The class's teacher comments on a take and scores it on the take's page, in headless Chromium at phone and
desktop widths; a bad score is said beside its field, and the student then reads the comment and both scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from grading.models import Recording
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in
from tests.grading.takes import twinkle_take
from tests.studio.test_studio import graded_take
from tutor.models import Assignment, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Lovely line. The third note sat a little low: lift it, and breathe before bar 3."


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_teacher_marks_a_take_and_the_student_reads_it(
    live_server: Any, open_page: Any, teacher: User, student: User, assignment: Assignment, tmp_path: Path,
    viewport: dict[str, int],
) -> None:
    recording_id = graded_take(student, assignment, twinkle_take(tmp_path / "t.wav", cents={2: -40}))
    grader_score = Recording.objects.get(pk=recording_id).score_percent
    assert grader_score is not None
    phone = viewport is PHONE

    page = open_page(viewport=viewport)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/takes/{recording_id}/")
    page.fill("#id_comment", COMMENT)
    page.fill("#id_score", "150")
    page.click("#mark-save")
    page.wait_for_selector("#teacher-mark .has-error .error")
    assert "less than or equal to 100" in page.inner_text("#teacher-mark .has-error .error")
    assert page.input_value("#id_comment") == COMMENT  # what was typed comes back to be fixed
    page.fill("#id_score", "86")
    page.click("#mark-save")
    page.wait_for_url(f"**/takes/{recording_id}/#teacher-mark")
    page.wait_for_selector("#feedback:not([hidden]) #contour svg path.sung")
    assert "86%" in page.inner_text("#teacher-score")
    check_page(page, "take-mark-teacher", phone=phone)
    page.click("#take-teacher-links a[href$='/gradebook/']")
    cell = page.locator(f"td[data-student='{student.username}']")
    assert "86%" in cell.inner_text() and cell.locator(".badge.teacher-scored").is_visible()
    assert "counts your score instead of the grader's" in page.inner_text("#gradebook-teacher-scores")
    check_page(page, "take-mark-gradebook", phone=phone)

    page = open_page(viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/takes/{recording_id}/")
    page.wait_for_selector("#feedback:not([hidden]) #contour svg path.sung")
    card = page.inner_text("#teacher-mark")
    assert "Your teacher's comment" in card and COMMENT in card and "86%" in card
    assert f"{grader_score:.0f}%" in page.inner_text("#grader-score")
    assert page.locator("#id_comment").count() == 0  # the student reads; only the teacher writes
    check_page(page, "take-mark-student", phone=phone)
    page.click("form.lang-switch button[value=zh-hans]")  # the header's switch
    page.wait_for_selector("html[lang=zh-hans]")
    card = page.inner_text("#teacher-mark")
    assert "老师的评语" in card and "老师的分数：86%" in card and f"（系统评分：{grader_score:.0f}%）" in card
    check_page(page, "take-mark-student-zh", phone=phone)
    page.click("form.lang-switch button[value=en]")
    page.wait_for_selector("html[lang=en]")
    page.goto(f"{live_server.url}/students/{student.pk}/progress/")
    assert COMMENT in page.inner_text("main") and "86%" in page.inner_text("main")
    check_page(page, "take-mark-progress", phone=phone)
