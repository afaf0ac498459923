"""What a phone shows on its first screen, in real headless Chromium.

The studio: Record sat two screens below the score on a 360x740 phone (walk15); it is now in a bar fixed to the
screen's foot, so the student starts a take without scrolling while the score is in sight. A desktop keeps it in
the recorder's card. A keyboard question: three octaves wrapped into four rows on 360 px; keys to press are one
row that scrolls (44 px keys, middle C in sight first), keys only to read one row shrunk to fit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lessons import services as lesson_services
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import log_in
from tutor.models import Assignment, Classroom, Enrollment, User
from tutor.services import assignment_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
MIN_TOUCH_PX = 44


def box(page: Any, selector: str) -> dict[str, float]:
    return page.eval_on_selector(selector, """e => { const r = e.getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height}; }""")


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE], ids=["360x740", "390x844"])
def test_record_is_on_a_phones_first_screen_beside_the_score(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment,
    viewport: dict[str, int], locale: str,
) -> None:
    page = open_page(viewport=viewport, locale=locale)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    page.wait_for_selector("#record")
    assert page.evaluate("window.scrollY") == 0
    record, score = box(page, "#record"), box(page, "section.score-panel")
    # Record is on the first screen, whole and wide enough for a finger.
    assert record["top"] >= 0 and record["bottom"] <= viewport["height"], record
    assert record["left"] >= 0 and record["right"] <= viewport["width"], record
    assert record["height"] >= MIN_TOUCH_PX and record["width"] >= MIN_TOUCH_PX, record
    # The bar holds Record and the link to the microphone check and upload, on one line that fits the width.
    bar = box(page, "#rec-bar")
    # Above the bar, the score's card: all of it, or 200 px of it (the heading, the notation switch, the staff's start).
    assert min(score["bottom"], bar["top"]) - max(score["top"], 0) >= min(200, score["height"]), (score, bar)
    link = box(page, "#rec-bar .bar-more")
    assert bar["bottom"] == pytest.approx(viewport["height"], abs=1) and bar["height"] < 80, bar
    assert link["right"] <= viewport["width"] and link["top"] >= bar["top"], link
    assert page.locator("#record-stop").is_hidden()  # shown in Record's place while recording
    # Play and the count-in are in the bar too, whole and a finger's height: the exercise is heard before a take
    # without scrolling up to the Listen card (walk16 left them there).
    for control in ("#bar-play", "#rec-bar .bar-count-in"):
        found = box(page, control)
        assert found["top"] >= bar["top"] and found["bottom"] <= viewport["height"], (control, found)
        assert found["left"] >= 0 and found["right"] <= link["left"], (control, found, link)
        assert found["height"] >= MIN_TOUCH_PX, (control, found)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # Scrolled to the end, the bar hides nothing: the page's last line ends above it.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    last = page.eval_on_selector("#studio", "s => s.lastElementChild.getBoundingClientRect().bottom")
    assert last <= box(page, "#rec-bar")["top"] + 1
    # The link leads to the recorder's card (the microphone check, upload).
    page.click("#rec-bar .bar-more")
    page.wait_for_function("location.hash === '#record-heading'")
    assert -1 <= box(page, "#record-heading")["top"] < viewport["height"] / 2
    # A keyboard reaches Record in the page's order: after the recorder's latency controls, before the upload.
    order = page.eval_on_selector_all("#studio button, #studio input, #studio a[href]", "es => es.map(e => e.id)")
    assert order.index("latency-reset") < order.index("record") < order.index("upload-file")


def test_the_phones_bar_plays_the_exercise_and_sets_the_count_in(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment,
) -> None:
    page = open_page(viewport=SMALL_PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    page.wait_for_selector("#audio-status[data-status]")
    page.click("#bar-play")
    # The same playback as the Listen card's Play: that card's Stop is live, and the bar's button now stops it.
    page.wait_for_selector("#bar-play[aria-pressed=true] .bar-stop-words:visible")
    assert page.locator("#stop-play").is_enabled() and page.locator("#play").is_disabled()
    assert page.evaluate("window.scrollY") == 0  # nothing scrolled away from the score
    page.click("#bar-play")
    page.wait_for_selector("#bar-play[aria-pressed=false] .bar-play-words:visible")
    assert page.locator("#stop-play").is_disabled() and page.locator("#play").is_enabled()
    # One count-in setting, set from either place; a take started from the bar goes without one.
    page.uncheck("#bar-count-in")
    assert not page.is_checked("#hear-count-in")
    page.check("#hear-count-in")
    assert page.is_checked("#bar-count-in")
    page.uncheck("#bar-count-in")
    page.click("#record")
    page.wait_for_selector("body.recording")
    assert page.inner_text("#rec-status") == "Recording: start now."
    assert page.locator("#bar-play").is_hidden() and page.locator("#bar-count-in").is_hidden()


def test_a_desktop_keeps_record_in_the_recorders_card(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment,
) -> None:
    page = open_page(viewport=DESKTOP)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    page.wait_for_selector("#record")
    assert page.eval_on_selector("#rec-bar", "e => getComputedStyle(e).position") == "static"
    assert page.locator("#rec-bar .bar-more").is_hidden() and page.locator("#record-stop").is_visible()
    assert page.locator("#bar-play").is_hidden() and page.locator("#bar-count-in").is_hidden()  # Listen has them
    card, record = box(page, "section.recorder"), box(page, "#record")
    assert card["top"] < record["top"] and record["bottom"] < card["bottom"]


def keyboard_question(teacher: User, student: User, classroom: Classroom, kind: str) -> int:
    quiz = lesson_services.quiz_create(owner=teacher, title=kind, items=[{"kind": kind, "params": {}, "count": 1}])
    assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)
    attempt, _ = lesson_services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    return attempt.pk


def test_a_keyboard_to_press_is_one_scrolling_row_of_44px_keys_on_a_360px_phone(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
) -> None:
    attempt = keyboard_question(teacher, student, classroom, "note_construct_keyboard")
    page = open_page(viewport=SMALL_PHONE, locale="zh-CN")
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt}/")
    page.wait_for_selector(".keyboard button.key")
    tops = page.eval_on_selector_all(".keyboard .octave", "os => os.map(o => Math.round(o.getBoundingClientRect().top))")
    assert len(tops) >= 3 and len(set(tops)) == 1, f"octaves in {len(set(tops))} rows"
    widths = page.eval_on_selector_all(".keyboard button.key", "ks => ks.map(k => k.getBoundingClientRect().width)")
    assert min(widths) >= MIN_TOUCH_PX
    keyboard = page.eval_on_selector(".keyboard", """k => ({scroll: k.scrollWidth, client: k.clientWidth,
        right: k.getBoundingClientRect().right, left: k.getBoundingClientRect().left})""")
    assert keyboard["scroll"] > keyboard["client"] and keyboard["right"] <= SMALL_PHONE["width"]
    middle_c = box(page, '.keyboard button[data-midi="60"]')
    assert keyboard["left"] <= middle_c["left"] + 1 and middle_c["right"] <= keyboard["right"], "middle C out of sight"
    assert page.locator(".keyboard-hint").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # The highest key, out of sight at first, is pressed after scrolling the row (Playwright scrolls it as a finger would).
    highest = page.locator(".keyboard button.key").last
    highest.click()
    page.wait_for_selector(".feedback")


def test_a_keyboard_to_read_fits_a_360px_phone_in_one_row(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
) -> None:
    attempt = keyboard_question(teacher, student, classroom, "note_identify_keyboard")
    page = open_page(viewport=SMALL_PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt}/")
    page.wait_for_selector(".keyboard .key.marked")
    tops = page.eval_on_selector_all(".keyboard .octave", "os => os.map(o => Math.round(o.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, f"octaves in {len(set(tops))} rows"
    keyboard = page.eval_on_selector(".keyboard", "k => ({scroll: k.scrollWidth, client: k.clientWidth})")
    assert keyboard["scroll"] <= keyboard["client"] + 1
    marked, row = box(page, ".keyboard .key.marked"), box(page, ".keyboard")
    assert row["left"] <= marked["left"] and marked["right"] <= row["right"] + 1
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_keyboard_on_a_desktop_is_unchanged(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
) -> None:
    attempt = keyboard_question(teacher, student, classroom, "note_construct_keyboard")
    page = open_page(viewport=DESKTOP)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt}/")
    page.wait_for_selector(".keyboard button.key")
    assert page.locator(".keyboard-hint").is_hidden()
    widths = page.eval_on_selector_all(".keyboard button.key.white", "ks => ks.map(k => k.getBoundingClientRect().width)")
    assert min(widths) == pytest.approx(2.8 * 16, abs=0.5)


TARGETS = """() => [...document.querySelectorAll('main input[type=radio], main input[type=checkbox]')]
  .filter((i) => i.getClientRects().length).map((i) => {
    const label = i.closest('label') || document.querySelector(`label[for="${i.id}"]`);
    const r = label.getBoundingClientRect();
    return {id: i.id, height: r.height, right: r.right, named: Boolean(i.closest('fieldset')?.querySelector('legend'))
      || i.type === 'checkbox' && !i.closest('fieldset')};
  })"""


@pytest.mark.parametrize("path", ["/quizzes/new/", "/classes/{classroom}/"])
def test_a_teachers_choices_are_a_fingers_height_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], teacher: User, classroom: Classroom, path: str,
) -> None:
    # The quiz builder's mode and a question type's clefs and keys were 19 px lines to hit (the mode's "label"
    # named nothing); the class page's "Free tempo" and "Any key" 24 px.
    page = open_page(viewport=SMALL_PHONE)
    log_in(page, live_server.url, teacher)
    page.goto(live_server.url + path.format(classroom=classroom.pk))
    for summary in page.locator("details.qtype summary").all()[:2]:
        summary.click()  # the first types' parameters: clefs, keys, a lone checkbox
    targets = page.evaluate(TARGETS)
    assert len(targets) >= 4, targets
    for target in targets:
        assert target["height"] >= MIN_TOUCH_PX and target["right"] <= SMALL_PHONE["width"], target
        assert target["named"], target  # a group of choices says what it chooses
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


# Every link and button in the page's tables, with its height and the lines its words take.
TABLE_TARGETS = """() => [...document.querySelectorAll('.table td a, .table th a, .table td button')]
  .filter((e) => e.offsetParent).map((e) => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    return {text: e.innerText, height: e.getBoundingClientRect().height, lines};
  })"""


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_a_class_pages_tables_are_a_fingers_height_and_their_words_whole_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, assignment: Assignment,
    locale: str,
) -> None:
    """walk18 on a 390 px phone in Chinese: the roster's "移除" (Remove) stood one character a line beside a date
    that broke before its "日", and the students' names and the assignments' titles were 19 px lines to tap."""
    # A username typed without a space, as students type them: it squeezed the other columns.
    long_name = User.objects.create_user(username="w18phonezh3569", password="x", role=User.Role.STUDENT)
    Enrollment.objects.create(classroom=assignment.classroom, student=long_name)
    page = open_page(viewport=SMALL_PHONE, locale=locale)
    log_in(page, live_server.url, teacher)
    for path in (f"/classes/{assignment.classroom_id}/", f"/classes/{assignment.classroom_id}/gradebook/"):
        page.goto(live_server.url + path)
        targets = page.evaluate(TABLE_TARGETS)
        assert len(targets) >= 2, targets
        for target in targets:
            assert target["height"] >= MIN_TOUCH_PX, (path, target)
        buttons = page.evaluate("() => [...document.querySelectorAll('.table td button')].map((b) => b.innerText)")
        assert [t["lines"] for t in targets if t["text"] in buttons] == [1] * len(buttons), (path, targets)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.goto(f"{live_server.url}/classes/{assignment.classroom_id}/")
    joined = page.evaluate("""() => [...document.querySelector('table.table').querySelectorAll('tbody tr td:nth-child(2)')].map((td) => {
      const range = document.createRange();
      range.selectNodeContents(td);
      return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    })""")
    assert joined == [1, 1], joined  # "26 Nov 2026", "2026年11月26日" on one line
