"""The site's header on a phone and a desktop as a teacher (the most links) reads it, and the class roster's Remove.

A teacher's nine links wrapped to three rows on a 390 px phone, a third of the screen before any
content; on a phone they now fold behind one menu button, and a desktop shows them as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import make_user
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_studio_browser import log_in
from tutor.models import Classroom, Enrollment, User

pytestmark = [pytest.mark.browser]

# One row of the header: the brand, the language switch and the menu button (44 px tap targets).
ONE_ROW_PX = 80


def test_a_teachers_header_takes_one_row_on_a_phone_and_its_menu_opens(
    live_server: Any, open_page: Callable[..., Any], teacher: User,
) -> None:
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/dashboard/")
    header = page.locator(".site-header")
    assert header.evaluate("h => h.offsetHeight") <= ONE_ROW_PX
    assert not page.locator("#site-menu a[href='/classes/']").is_visible()
    buttons = page.locator(".lang-switch button")  # the other two languages stay one tap away
    assert buttons.count() == 2 and all(button.is_visible() for button in buttons.all())

    page.click(".menu-toggle")
    assert page.locator(".menu-toggle").get_attribute("aria-expanded") == "true"
    page.click("#site-menu a[href='/classes/']")
    page.wait_for_url("**/classes/")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_long_user_name_wraps_inside_the_phones_menu_and_the_greeting(
    live_server: Any, open_page: Callable[..., Any],
) -> None:
    # The menu's two columns grew to fit the longest entry, pushing the account link past the screen's right edge,
    # and the dashboard's "Hello, <name>" ran off it too.
    teacher = make_user("anastasia_konstantinopoulou_wellington", User.Role.TEACHER)
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/dashboard/")
    page.click(".menu-toggle")
    for link in page.locator("#site-menu a").all():
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], (link.inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_a_desktop_shows_every_link_in_one_row_without_a_menu_button(
    live_server: Any, open_page: Callable[..., Any], teacher: User,
) -> None:
    page = open_page(viewport=DESKTOP)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/dashboard/")
    assert not page.locator(".menu-toggle").is_visible()
    for href in ("/dashboard/", "/drills/", "/lessons/", "/practice/", "/classes/", "/exercises/", "/quizzes/"):
        assert page.locator(f".site-header a[href='{href}']").is_visible(), href
    assert page.locator(".site-header").evaluate("h => h.offsetHeight") <= ONE_ROW_PX


def test_removing_a_student_on_a_phone_asks_first_and_a_no_keeps_them(
    live_server: Any, open_page: Callable[..., Any], teacher: User, student: User, classroom: Classroom,
) -> None:
    # A red "Remove" beside each student took them out of the class on one (mis-)tap.
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/")
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.click("button.danger")
    page.wait_for_timeout(500)
    assert asked == [f"Take {student.username} out of {classroom.name}? Their takes are kept, and they can join "
                     "again with the code."]
    assert Enrollment.objects.filter(classroom=classroom, student=student).exists()
    page.click("button.danger")
    page.wait_for_url(f"**/classes/{classroom.pk}/")
    page.wait_for_selector(".messages")
    assert not Enrollment.objects.filter(classroom=classroom, student=student).exists()


def test_a_long_checkbox_label_sits_beside_its_box_on_a_phone(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    # The account page's "I understand: ... deleted for good" box stood alone, its words on the lines below.
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/account/")
    box = page.locator("input[name=confirm]").bounding_box()
    label = page.locator("label[for=id_confirm]").bounding_box()
    assert box is not None and label is not None
    assert label["x"] > box["x"] + box["width"] and label["y"] < box["y"] + box["height"], (box, label)
