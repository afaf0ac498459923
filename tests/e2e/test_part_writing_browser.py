"""Part writing on the staff in headless Chromium: a student places all four voices by clicking
the grand staff; the textbook realisation is accepted, a faulty one comes back with its notes
coloured on the staff and one line per fault."""

from __future__ import annotations

from typing import Any

import pytest

from lessons import services
from lessons.models import Quiz, ServedQuestion
from lessons.questions import generate
from music.pitch import parse_pitch
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in, shoot
from tests.lessons.test_quizzes_api import assign
from tutor.models import Assignment, Classroom, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOICES = ("soprano", "alto", "tenor", "bass")
STAFF_BOTTOM = {"treble": 2 + 7 * 4, "bass": 4 + 7 * 2}  # E4 and G2 as letter steps above C0
STAFF_OF = {"soprano": "treble", "alto": "treble", "tenor": "bass", "bass": "bass"}


def place(page: Any, voice: str, col: int, note: str) -> None:
    p = parse_pitch(note)
    staff = STAFF_OF[voice]
    page.check(f"input[name=pw-voice][value={voice}]")
    page.click(f"rect.pw-target[data-staff={staff}][data-col='{col}'][data-pos='{p.diatonic - STAFF_BOTTOM[staff]}']")


def test_a_student_writes_four_parts_on_the_staff(live_server: Any, open_page: Any, teacher: User, student: User,
                                                  classroom: Classroom) -> None:
    quiz = Quiz.objects.create(owner=teacher, title="Part writing", mode=Quiz.Mode.PRACTICE, items=[
        {"kind": "part_writing", "params": {"sources": ["roman"], "keys": ["D"], "max_chords": 4}, "count": 2},
    ])
    assignment = Assignment.objects.get(pk=assign(teacher, classroom, quiz.pk))
    attempt, _ = services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    rows = list(ServedQuestion.objects.filter(attempt=attempt).order_by("position"))
    page = open_page()
    log_in(page, live_server.url, student)
    for i, served in enumerate(rows):
        q = generate(served.kind, seed=served.seed, **served.params)
        voices = [line.split() for line in q.answer.split(" | ")]
        if i == 1:
            voices[0] = list(voices[1])  # the soprano doubles the alto: a missing member, at least
        page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
        page.wait_for_selector(".voices-staff:not([hidden])")
        for voice, notes in zip(VOICES, voices, strict=True):
            for col, note in enumerate(notes):
                place(page, voice, col, note)
        for voice, notes in zip(VOICES, voices, strict=True):
            assert page.input_value(f"#voice-{voice}") == " ".join(notes)
        page.click("#answer-form button[type=submit]")
        page.wait_for_url(f"**answered={served.pk}**")
        feedback = page.locator(".feedback").inner_text()
        served.refresh_from_db()
        if i == 0:
            assert served.correct is True, feedback
            assert feedback.startswith("Right.")
        else:
            assert served.correct is False
            assert feedback.startswith("Not quite.") and "fault" in feedback
            marked = page.locator(".feedback .notation.marked").inner_html()
            assert "<svg" in marked and "#d0021b" in marked.lower()  # the faulty notes in red
            shoot(page, "part-writing-feedback")
        if i == 0:
            shoot(page, "part-writing-right")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_grand_staff_is_drawn_whole_on_a_phone_and_a_desktop(
    live_server: Any, open_page: Any, teacher: User, student: User, classroom: Classroom, viewport: dict[str, int]
) -> None:
    quiz = Quiz.objects.create(owner=teacher, title="Part writing", mode=Quiz.Mode.PRACTICE, items=[
        {"kind": "part_writing", "params": {"sources": ["figured"], "keys": ["D"], "max_chords": 6}, "count": 1},
    ])
    assignment = Assignment.objects.get(pk=assign(teacher, classroom, quiz.pk))
    attempt, _ = services.attempt_start(student=student, quiz=quiz, assignment=assignment)
    page = open_page(viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/attempts/{attempt.pk}/")
    page.wait_for_selector(".voices-staff:not([hidden])")
    # The brace joining the two staves lies inside the drawing's box, not cut off at its left edge.
    svg_left, brace_left, brace_width = page.evaluate("""() => {
        const svg = document.querySelector('.question .notation > svg');
        const brace = svg.querySelector('g.grpSym').getBoundingClientRect();
        return [svg.getBoundingClientRect().left, brace.left, brace.width];
    }""")
    assert brace_width > 3 and brace_left >= svg_left, (svg_left, brace_left)
    drawn = page.evaluate(STAFF_SIZES)
    # The engraving is drawn with at most a 12 px staff space, not as wide as the card (24 px before).
    assert 4 < drawn["engravedGap"] <= 12.1, drawn
    # The staff to click on has both clefs, the key's two sharps on each staff, and the brace; it is
    # drawn at its own size on a desktop, and shrunk only as far as a phone's column needs.
    assert [c["tag"] for c in drawn["clefs"]] == ["use", "use"], drawn
    assert drawn["keys"] == 4 and drawn["braceHeight"] > 100, drawn
    if viewport is PHONE:
        # The question is random (up to six chords): a short one fits at full size, a long one shrinks.
        assert 0.7 <= drawn["scale"] <= 1 and drawn["right"] <= viewport["width"], drawn
    else:
        assert drawn["scale"] == pytest.approx(1, abs=0.01), drawn
    # A treble clef spans about seven staff spaces, a bass clef three: at least 45 and 20 px even on
    # a phone (the words "treble" and "bass" they replace were 7 px tall there).
    assert drawn["clefs"][0]["height"] >= 45 and drawn["clefs"][1]["height"] >= 20, drawn
    check_page(page, "part-writing", phone=viewport is PHONE)


STAFF_SIZES = """() => {
    const engraved = document.querySelector('.question .notation > svg');
    const lines = [...engraved.querySelector('g.staff').querySelectorAll(':scope > path')].slice(0, 5)
        .map((p) => p.getBoundingClientRect().top).sort((a, b) => a - b);
    const svg = document.querySelector('.voices-staff-svg');
    const clefs = [...svg.querySelectorAll('.pw-clef')].map((c) => ({tag: c.tagName, height: c.getBoundingClientRect().height}));
    return {engravedGap: (lines[4] - lines[0]) / 4, scale: svg.getScreenCTM().a, right: svg.getBoundingClientRect().right,
            clefs, keys: svg.querySelectorAll('.pw-key').length,
            braceHeight: svg.querySelector('.pw-brace').getBoundingClientRect().height};
}"""
