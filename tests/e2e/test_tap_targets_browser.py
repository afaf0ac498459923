"""Every control a student and a teacher tap on their key pages is at least 44x44 CSS px on a 390 px phone.

WCAG 2.5.5 and Apple's guidelines ask 44 px (Android 48 dp). walk19 measured, at 390x844 on main: the gradebook's
scores ("79%", inside the cell's "best / latest" line) and "their drill" 19 px tall, the studio's "Forget it" 29 px
wide in Chinese ("清除"), short names ("bob") 36 px wide, every text box 42 px tall, the lessons' list, the class
on an assignment's page, the class on a teacher's dashboard and "Next waiting take" 19-24 px lines, the quiz
builder's question types 24 px, the studio's "loop bars" 28 px and "This take's own page" 19 px.

A link inside a sentence (a paragraph's words) is exempt, as WCAG exempts it; a checkbox or radio is measured by
its label, which is what a finger hits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from grading.models import Recording
from tests.conftest import make_user
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import log_in, shoot
from tutor.models import Assignment, Enrollment, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MIN_TOUCH_PX = 44
RESULT = {"notes": [], "feedback": [], "summary": {"notes": 7, "pitch_ok": 5, "timing_ok": 6, "score": 71.0}}

# Each visible control's box: a checkbox or radio by its label, a link in a paragraph's sentence left out.
TAP_TARGETS = """() => {
  const found = [];
  for (const e of document.querySelectorAll('a[href], button, select, textarea, summary, input:not([type=hidden])')) {
    if (!e.getClientRects().length || e.closest('.skip, [hidden]') || getComputedStyle(e).visibility === 'hidden') continue;
    if (e.tagName === 'A' && e.closest('p')) continue;  // inline, in a sentence
    let target = e;
    if (e.type === 'checkbox' || e.type === 'radio') target = e.closest('label') || document.querySelector(`label[for="${e.id}"]`) || e;
    if (e.type === 'file' && e.closest('.file-picker')) target = e.closest('.file-picker').querySelector('.file-picker-button');
    const r = target.getBoundingClientRect();
    found.push({what: `${e.tagName.toLowerCase()}#${e.id}.${String(e.className).split(' ')[0]}`,
                text: (e.innerText || e.value || '').trim().slice(0, 30), width: Math.round(r.width), height: Math.round(r.height)});
  }
  return found;
}"""


def small_targets(page: Any) -> list[dict[str, Any]]:
    return [t for t in page.evaluate(TAP_TARGETS) if t["width"] < MIN_TOUCH_PX or t["height"] < MIN_TOUCH_PX]


def graded(student: User, assignment: Assignment, score: float) -> Recording:
    return Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                                    status="done", score_percent=score, audio="recordings/x.wav", result=RESULT)


@pytest.fixture
def takes(student: User, assignment: Assignment) -> list[Recording]:
    bob = make_user("bob", User.Role.STUDENT)  # a short name: its link was 36 px wide
    Enrollment.objects.create(classroom=assignment.classroom, student=bob)
    return [graded(student, assignment, 79.0), graded(bob, assignment, 100.0)]


def walk(page: Any, base: str, paths: list[str], name: str) -> dict[str, list[dict[str, Any]]]:
    small = {}
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state()
        shoot(page, f"tap-{name}-{path.strip('/').replace('/', '-')}")
        if found := small_targets(page):
            small[path] = found
    return small


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_a_students_controls_are_a_fingers_size_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment, takes: list[Recording],
    locale: str,
) -> None:
    page = open_page(viewport=PHONE, locale=locale)
    log_in(page, live_server.url, student)
    paths = ["/dashboard/", f"/assignments/{assignment.pk}/", f"/assignments/{assignment.pk}/studio/",
             f"/takes/{takes[0].pk}/", "/lessons/", "/drills/", "/account/"]
    assert walk(page, live_server.url, paths, f"student-{locale}") == {}


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_a_teachers_controls_are_a_fingers_size_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], teacher: User, assignment: Assignment, takes: list[Recording],
    locale: str,
) -> None:
    page = open_page(viewport=PHONE, locale=locale)
    log_in(page, live_server.url, teacher)
    room = assignment.classroom_id
    paths = ["/dashboard/", f"/classes/{room}/", f"/classes/{room}/gradebook/", f"/takes/{takes[0].pk}/",
             "/quizzes/new/", "/exercises/"]
    assert walk(page, live_server.url, paths, f"teacher-{locale}") == {}
    # The gradebook's scores, each a link to the latest take, are what a teacher taps most.
    page.goto(f"{live_server.url}/classes/{room}/gradebook/")
    scores = page.eval_on_selector_all(".gradebook td a", "es => es.map(e => e.getBoundingClientRect().height)")
    assert len(scores) == 2 and min(scores) >= MIN_TOUCH_PX, scores


@pytest.mark.parametrize("locale", ["en-GB", "zh-CN"])
def test_the_header_is_one_row_on_a_360px_phone(
    live_server: Any, open_page: Callable[..., Any], student: User, locale: str,
) -> None:
    """walk19: at 360 px in English "☰ Menu" wrapped to a row of its own under the brand."""
    page = open_page(viewport={"width": 360, "height": 740}, locale=locale)
    log_in(page, live_server.url, student)
    boxes = page.eval_on_selector_all(".site-header nav > a.brand, .lang-switch button, .menu-toggle", """es => es.map(e => {
        const r = e.getBoundingClientRect(); return {text: e.innerText.trim(), top: Math.round(r.top), right: r.right}; })""")
    assert len(boxes) == 4 and len({b["top"] for b in boxes}) == 1, boxes
    assert max(b["right"] for b in boxes) <= 360, boxes


def test_the_lesson_search_shows_its_whole_example_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    """walk19: beside its label the box cut its example at "例如：关系小调、6/8 拍怎" on a 390 px phone."""
    page = open_page(viewport=PHONE, locale="zh-CN")
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/lessons/")
    room, needed = page.eval_on_selector("#lesson-q", """i => {
        const style = getComputedStyle(i), context = document.createElement('canvas').getContext('2d');
        context.font = `${style.fontSize} ${style.fontFamily}`;
        return [i.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
                context.measureText(i.placeholder).width]; }""")
    assert needed <= room, (needed, room)


def test_a_drills_downloads_are_a_fingers_height_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    """walk19: a drill's downloads (MusicXML, MIDI, PDF ...) were 19 px lines of links in a sentence."""
    from tests.generation.test_drills_django import written

    page = open_page(viewport=PHONE, locale="zh-CN")
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/drills/")
    page.fill("[name=request]", "eight bars in D major")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())
    written(int(page.url.rstrip("/").split("/")[-1]))
    page.reload()
    heights = page.eval_on_selector_all(".downloads a", "es => es.map(e => e.getBoundingClientRect().height)")
    assert len(heights) >= 3 and min(heights) >= MIN_TOUCH_PX, heights
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
