"""A teacher's Monday in headless Chromium on a phone: the dashboard's waiting takes, marked one after another
with "Save and open the next take"; and the phone boxes a walk found cut or squeezed (the practice page's Focus
choice, the take history's status in Chinese)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from grading.models import Recording
from grading.review import recording_mark
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in
from tests.grading.takes import twinkle_take
from tests.studio.test_studio import graded_take
from tutor.models import Assignment, Classroom, Enrollment, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESULT = {"notes": [], "feedback": [], "summary": {"notes": 7, "pitch_ok": 5, "timing_ok": 6, "score": 71.0}}


def graded(student: User, assignment: Assignment) -> Recording:
    return Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                                    status="done", score_percent=71.0, audio="recordings/x.wav", result=RESULT)


def test_the_teacher_marks_the_waiting_takes_in_a_row_on_a_phone(
    live_server: Any, open_page: Any, teacher: User, student: User, classroom: Classroom, assignment: Assignment,
    tmp_path: Path,
) -> None:
    bob = make_user("bob", User.Role.STUDENT)
    Enrollment.objects.create(classroom=classroom, student=bob)
    # Really graded takes, with their audio: the take page plays it (a made-up file was a 404 in the console).
    wav = twinkle_take(tmp_path / "t.wav")
    first, second = (Recording.objects.get(pk=graded_take(who, assignment, wav)) for who in (student, bob))
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/dashboard/")
    assert "2 takes waiting" in page.inner_text("#awaiting-marks")
    check_page(page, "monday-dashboard", phone=True)
    page.click(f"a.awaiting-take[href^='/takes/{first.pk}/']")
    page.fill("#id_comment", "Breathe before bar 3.")
    page.click("#mark-save-next")
    page.wait_for_url(f"**/takes/{second.pk}/#teacher-mark")
    # The first is marked, so nothing waits before this one; nothing waits after it either.
    assert f"Your comment and score for {student.username} are saved; here is bob's take." in page.inner_text("main")
    assert not page.locator("#awaiting-nav").count() and not page.locator("#mark-save-next").count()
    check_page(page, "monday-next-take", phone=True)
    page.goto(f"{live_server.url}/dashboard/")
    assert "1 take waiting" in page.inner_text("#awaiting-marks")


def test_the_focus_choice_fits_its_closed_box_on_a_phone(live_server: Any, open_page: Any, student: User) -> None:
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    for language in ("en", "zh-hans"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto(f"{live_server.url}/practice/")
        # The chosen option's text at the select's font, against the room left of the arrow.
        text_width, room = page.eval_on_selector("#id_unit", """select => {
            const style = getComputedStyle(select);
            const ctx = document.createElement("canvas").getContext("2d");
            ctx.font = `${style.fontSize} ${style.fontFamily}`;
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            return [ctx.measureText(select.options[select.selectedIndex].text).width, select.clientWidth - padding - 24];
        }""")
        assert text_width <= room, f"{language}: {text_width:.0f}px of text in {room:.0f}px"


def test_the_take_historys_status_stays_on_one_line_on_a_small_phone(
    live_server: Any, open_page: Any, teacher: User, student: User, assignment: Assignment,
) -> None:
    recording_mark(teacher=teacher, recording=graded(student, assignment), comment="", score_percent=92)
    page = open_page(viewport={"width": 360, "height": 780})
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    cell = page.locator("#history-table tbody td:nth-child(2)")
    cell.wait_for()
    assert cell.inner_text() == "已完成"
    line = float(page.eval_on_selector("#history-table tbody td:nth-child(2)",
                                       "td => parseFloat(getComputedStyle(td).lineHeight) || 24"))
    height = page.eval_on_selector("#history-table tbody td:nth-child(2)", """td => {
        const range = document.createRange(); range.selectNodeContents(td); return range.getBoundingClientRect().height; }""")
    assert height < 1.5 * line, f"the status took {height:.0f}px, lines of {line:.0f}px"


def test_the_gradebook_sorts_by_score_and_by_name_in_pinyin(
    live_server: Any, open_page: Any, teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    scores = {"王小明": 55.0, "李华": 90.0, "阿明": None}  # wang, li, a: pinyin order 阿明, 李华, 王小明
    for name, score in scores.items():
        someone = make_user(name, User.Role.STUDENT)
        Enrollment.objects.create(classroom=classroom, student=someone)
        if score is not None:
            Recording.objects.create(owner=someone, exercise_id=assignment.target_id, assignment=assignment,
                                     status="done", score_percent=score, audio="recordings/x.wav", result=RESULT)
    Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                             status="done", score_percent=70.0, audio="recordings/x.wav", result=RESULT)
    page = open_page(viewport=PHONE)
    page.context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": live_server.url}])
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/gradebook/")

    def names() -> list[str]:
        return page.eval_on_selector_all("table.gradebook tbody th a", "links => links.map(a => a.textContent)")

    page.click("button.sort[data-sort=best]")
    assert names() == ["王小明", student.username, "李华", "阿明"]  # lowest first; nothing handed in last
    page.click("button.sort[data-sort=best]")
    assert names() == ["李华", student.username, "王小明", "阿明"]
    page.click("button.sort[data-sort=name]")
    assert [n for n in names() if n in scores] == ["阿明", "李华", "王小明"]  # by pinyin, not by code point
    check_page(page, "monday-gradebook-sorted", phone=True)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_gradebook_reads_a_student_at_a_time_on_a_phone(
    live_server: Any, open_page: Any, teacher: User, student: User, classroom: Classroom, assignment: Assignment,
    language: str,
) -> None:
    """Two assignments or more made the gradebook a box scrolling sideways at 390 px: on a phone each student is a
    card with every score under its assignment's title; a desktop keeps the table."""
    from tests.conftest import make_assignment, make_exercise  # noqa: PLC0415

    second = make_assignment(classroom, make_exercise(teacher, "Ode to Joy, the long version for the spring concert"))
    third = make_assignment(classroom, make_exercise(teacher, "Scales"))
    graded(student, assignment), graded(student, second)
    Recording.objects.create(owner=student, exercise_id=third.target_id, assignment=third, status="done",
                             score_percent=40.0, audio="recordings/x.wav", result=RESULT)
    for viewport, phone in ((PHONE, True), ({"width": 1280, "height": 900}, False)):
        page = open_page(viewport=viewport)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        log_in(page, live_server.url, teacher)
        page.goto(f"{live_server.url}/classes/{classroom.pk}/gradebook/")
        box = page.eval_on_selector("table.gradebook", "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
        row = page.eval_on_selector("table.gradebook tbody tr", "r => getComputedStyle(r).display")
        if phone:
            assert box[0] <= box[1], f"the gradebook scrolls sideways: {box}"
            assert row == "block"
            labels = page.eval_on_selector_all(
                "table.gradebook tbody tr:first-child td",
                "tds => tds.map(td => [getComputedStyle(td, '::before').content, td.getBoundingClientRect().right])")
            titles = [f'"{a.title}"' for a in (assignment, second, third)]
            assert sorted(label for label, _ in labels) == sorted(titles)
            assert all(right <= PHONE["width"] for _, right in labels)
        else:
            assert row == "table-row"  # desktop: the table as it was
        check_page(page, f"gradebook-cards-{language}", phone=phone)
        page.close()
