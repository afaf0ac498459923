"""A teacher in real Chromium, at desktop and phone widths: make personalised drills, check each one's
music, make one again, assign them, and read the gradebook (one column for the set).

Every page: no skill tag or MIDI number in the visible text, nothing wider than the phone, no console
error. Screenshots go to $STUDIO_SCREENSHOTS when it is set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in
from tutor.models import Assignment, Classroom, Enrollment, User
from tutor.services import evidence_record

pytestmark = [pytest.mark.browser]


def weak_at(student: User, tag: str, detail: str) -> None:
    for n in range(6):
        evidence_record(student=student, source="quiz", source_id=20_000 + n, items=[(tag, False, detail)])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_teacher_previews_personalised_drills_assigns_them_and_reads_the_gradebook(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, other_student: User,
    classroom: Classroom, viewport: dict[str, int],
) -> None:
    phone = viewport is PHONE
    Enrollment.objects.create(classroom=classroom, student=other_student)
    weak_at(student, "pc:F#@G", "F#4 40 cents flat")
    weak_at(other_student, "int:+M6", "a rising major sixth sung as a minor sixth")
    page = open_page(viewport=viewport)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/")
    check_page(page, "teacher-class", phone=phone)

    page.fill("form[action$='/drills/'] input[name=title]", "Weak spots, week 3")
    page.click("button[value=preview]")
    page.wait_for_selector("#drill-preview")
    page.wait_for_function(
        "[...document.querySelectorAll('.drill-preview [data-notation-url]')].every(f => f.querySelector('svg'))")
    cards = page.locator(".drill-preview")
    assert cards.count() == 2
    assert "F♯ in G major" in cards.nth(1 if student.username > other_student.username else 0).inner_text()
    check_page(page, "teacher-drill-preview", phone=phone)

    first = cards.nth(0).get_attribute("data-drill")
    cards.nth(0).locator("button[value^=regenerate]").click()
    page.wait_for_function(f"document.querySelector('.drill-preview').dataset.drill !== '{first}'")
    page.wait_for_function(
        "[...document.querySelectorAll('.drill-preview [data-notation-url]')].every(f => f.querySelector('svg'))")
    assert page.locator("input[name=title]").input_value() == "Weak spots, week 3"
    check_page(page, "teacher-drill-remade", phone=phone)

    page.click("#assign-drills")
    page.wait_for_url(f"**/classes/{classroom.pk}/")
    made = Assignment.objects.filter(classroom=classroom)
    assert made.count() == 2 and made.values("group").distinct().count() == 1
    check_page(page, "teacher-assigned", phone=phone)

    page.goto(f"{live_server.url}/classes/{classroom.pk}/gradebook/")
    assert page.locator("th[data-column]").count() == 1
    assert page.locator("td[data-student]").count() == 2
    check_page(page, "teacher-gradebook", phone=phone)


def test_a_preview_whose_drawings_were_refused_as_busy_waits_and_shows_every_score(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, other_student: User,
    classroom: Classroom,
) -> None:
    """A class's preview asks for one drawing per student at once; past MAX_RENDERS_PER_USER waiting drawings the
    server answers 429 "busy", and each such score said "The music cannot be shown here (You have 3 scores still
    being drawn...)" for good (3 of 6 on a loaded machine). Here every score's first answer is that 429."""
    Enrollment.objects.create(classroom=classroom, student=other_student)
    page = open_page(viewport=PHONE)
    refused: set[str] = set()

    def busy_once(route: Any) -> None:
        if route.request.url in refused:
            route.continue_()
            return
        refused.add(route.request.url)
        route.fulfill(status=429, content_type="application/json", headers={"Retry-After": "1"},
                      body='{"error": {"code": "busy", "message": "You have 3 scores still being drawn; '
                           'try again when one is ready."}}')

    page.route("**/api/exercises/*/notation/*", busy_once)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/")
    page.fill("form[action$='/drills/'] input[name=title]", "Week 4")
    page.click("button[value=preview]")
    page.wait_for_selector("#drill-preview")
    page.wait_for_function(
        "[...document.querySelectorAll('.drill-preview [data-notation-url]')].every(f => f.dataset.status)")
    scores = page.locator(".drill-preview [data-notation-url]")
    assert scores.count() == 2 and len(refused) == 2
    assert [scores.nth(n).get_attribute("data-status") for n in range(2)] == ["ready", "ready"]
    assert "cannot be shown" not in page.inner_text("main")
