"""A quiz with every question type, answered in real Chromium at desktop and phone widths.

Every question page and every feedback page: no skill tag or MIDI number in the visible text,
nothing wider than the phone, no console error. Staff questions show one engraved staff; keyboard
keys are at least 44 px; rhythm choices are drawn as notation, not letter codes. Screenshots go to
$STUDIO_SCREENSHOTS when it is set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lessons import services as lesson_services
from lessons.models import ServedQuestion
from lessons.questions import GENERATORS
from lessons.questions.check import parse_notes
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in, shoot
from tutor.models import Classroom, User
from tutor.services import assignment_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each type once with its defaults, plus the answer modes the defaults do not reach.
VARIANTS = [
    {"kind": "interval_construct", "params": {"answer_mode": "staff_click"}},
    {"kind": "chord_construct", "params": {"answer_mode": "staff_click"}},
    {"kind": "note_identify_keyboard", "params": {"answer_mode": "note_name", "black_keys": True}},
]
MIN_TOUCH_PX = 44
# Answered by singing or clapping into the microphone: their pages are checked here, their answers
# in tests/e2e/test_quiz_recording_browser.py with a fake microphone.
PERFORMED = ("sing_notation", "clap_rhythm")


def every_question_type() -> list[dict[str, Any]]:
    written = [kind for kind in GENERATORS if kind not in PERFORMED]
    return [*({"kind": kind, "params": {}, "count": 1} for kind in written), *({**v, "count": 1} for v in VARIANTS)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_student_answers_every_question_type(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
    viewport: dict[str, int],
) -> None:
    phone = viewport is PHONE
    items = every_question_type()
    quiz = lesson_services.quiz_create(owner=teacher, title="Every kind", items=items)
    assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)
    attempt, _ = lesson_services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    page = open_page(viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    seen: set[str] = set()
    for _ in range(len(items)):
        page.wait_for_selector("#answer-form")
        served = ServedQuestion.objects.filter(attempt=attempt, answered_at__isnull=True).order_by("position").first()
        assert served is not None
        question = lesson_services.served_question(served)
        name = f"quiz-{question.kind}-{question.answer_mode}"
        seen.add(question.kind)
        check_question(page, question)
        check_page(page, name, phone=phone)
        answer(page, question)
        page.wait_for_selector(".feedback")
        assert "Right" in page.inner_text(".feedback"), (name, page.inner_text(".feedback"))
        check_page(page, f"{name}-answered", phone=phone)
    assert seen == set(GENERATORS) - set(PERFORMED)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("kind", PERFORMED)
def test_a_sung_or_clapped_question_reads_in_words_and_fits(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
    viewport: dict[str, int], kind: str,
) -> None:
    quiz = lesson_services.quiz_create(owner=teacher, title=kind, items=[{"kind": kind, "params": {}, "count": 1}])
    assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)
    attempt, _ = lesson_services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    page = open_page(viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    page.wait_for_selector("#recording-form")
    check_page(page, f"quiz-{kind}", phone=viewport is PHONE)


def check_question(page: Any, question: Any) -> None:
    if question.answer_mode == "staff_click":
        page.wait_for_selector(".staff-click-area[role=slider] g.clef")
        assert page.locator(".question .notation").count() == 1, "one staff, the one answered on"
    if question.keyboard is not None:
        # A key to press is a 44 px touch target; a keyboard only to read is shrunk to fit a phone in one row.
        for key in page.locator(".keyboard button.key").all():
            box = key.bounding_box()
            assert box["width"] >= MIN_TOUCH_PX - 0.5, f"a {box['width']:.0f} px key"
        if page.locator(".keyboard").count() and not page.locator(".keyboard button.key").count():
            fits = page.eval_on_selector(".keyboard", "k => k.scrollWidth <= k.clientWidth + 1")
            assert fits, "a keyboard to read is wider than its row"
    if question.choice_notation:
        assert page.locator(".choices .choice-notation > svg").count() == len(question.choices)


def answer(page: Any, question: Any) -> None:
    if question.answer_mode == "voices":
        for voice, line in zip(("soprano", "alto", "tenor", "bass"), question.answer.split(" | "), strict=True):
            field = page.locator(f"#voice-{voice}")
            if field.get_attribute("readonly") is None:
                field.fill(line)
        page.click("#answer-form button[type=submit]")
    elif question.answer_mode == "choice":
        page.check(f"#answer-form input[name=answer][value='{question.answer}']")
        page.click("#answer-form button[type=submit]")
    elif question.answer_mode == "keyboard_click":
        # The key sounds the asked note whatever it is called (F♭5 is the E5 key).
        midi = parse_notes(question.answer)[0].midi
        if question.octave == "none":  # any octave: the lowest key of that name
            midi = next(m for m in range(question.keyboard.low, question.keyboard.high + 1) if (m - midi) % 12 == 0)
        key = page.locator(f"#answer-form button.key[data-midi='{midi}']")
        box = key.bounding_box()
        key.click(position={"x": box["width"] / 2, "y": box["height"] - 12})  # below the black keys, as a finger would
    else:
        if question.answer_mode == "staff_click":
            page.focus(".staff-click-area")
            page.keyboard.press("ArrowUp")
            page.keyboard.press("ArrowRight")  # a sharp, drawn on the note
            assert page.locator(".staff-click-layer .head").count() == 1
            assert page.locator(".staff-click-layer .accidental").count() == 1
            shoot(page, f"quiz-{question.kind}-placed-{'phone' if page.viewport_size['width'] < 500 else 'desktop'}")
        page.fill("#answer-typed", question.answer)
        page.locator("#answer-typed").press("Enter")



@pytest.mark.parametrize(("language", "choose", "fill"), [
    ("zh-hans", "请选择其中一个选项。", "请填写此字段。"),
    ("en", "Please choose one of these options.", "Please fill in this field."),
])
def test_a_required_answer_says_so_in_the_pages_language(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
    language: str, choose: str, fill: str,
) -> None:
    """Chromium said "Please select one of these options." on a Chinese page (its own language, not the page's);
    and a dictation's help line offers solfège."""
    items = [{"kind": "interval_identify", "params": {}, "count": 1},
             {"kind": "ear_melodic_dictation", "params": {"answer_mode": "note_name"}, "count": 1}] * 2
    quiz = lesson_services.quiz_create(owner=teacher, title="Required", items=items, mode="practice")
    assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)
    attempt, _ = lesson_services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    seen = []
    for viewport in (PHONE, PHONE, DESKTOP, DESKTOP):  # each answers one question: a choice, then a dictation
        page = open_page(viewport=viewport)
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        log_in(page, live_server.url, student)
        page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
        page.wait_for_selector("#answer-form")
        served = ServedQuestion.objects.filter(attempt=attempt, answered_at__isnull=True).order_by("position").first()
        assert served is not None
        question = lesson_services.served_question(served)
        seen.append((viewport is PHONE, question.answer_mode))
        page.click("#answer-form button[type=submit]")
        field = "#answer-form input[name=answer]"
        said = page.eval_on_selector(field, "f => f.validationMessage")
        assert said == (choose if question.answer_mode == "choice" else fill), said
        if question.answer_mode == "choice":
            wrong = next(c for c in question.choices if c != question.answer)
            page.check(f"#answer-form input[name=answer][value='{wrong}']")
        else:
            assert "do re mi" in page.inner_text("#answer-form .help")
            check_page(page, f"required-dictation-{language}", phone=viewport is PHONE)
            page.fill("#answer-typed", question.answer)
        # chosen or typed, the form may go: the message set by the page does not keep the field invalid
        assert page.eval_on_selector("#answer-form", "f => f.checkValidity()")
        if question.answer_mode == "choice":
            check_page(page, f"required-choice-{language}", phone=viewport is PHONE)
        with page.expect_navigation():
            page.click("#answer-form button[type=submit]")
        if question.answer_mode == "choice":  # the wrong choice said as a sentence, with the article
            said = page.inner_text(".feedback")
            assert ("你选的是" if language == "zh-hans" else "You chose a") in said, said
            check_page(page, f"feedback-choice-{language}", phone=viewport is PHONE)
        page.close()
    assert sorted(seen) == [(False, "choice"), (False, "note_name"), (True, "choice"), (True, "note_name")], seen
