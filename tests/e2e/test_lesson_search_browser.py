"""A student on a phone types a question into the lessons' search box, in Chinese, and opens the lesson it finds.

The lessons answered ``?q=`` (the drills page links there) but no page offered a box to type into."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in
from tutor.models import User

pytestmark = [pytest.mark.browser]


def test_a_student_finds_a_lesson_from_the_search_box_on_a_phone_in_chinese(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    student.language = "zh-hans"
    student.save(update_fields=["language"])
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/lessons/")
    box = page.get_by_label("查找课程")
    box_edge = box.bounding_box()
    assert box_edge is not None and box_edge["x"] + box_edge["width"] <= PHONE["width"]
    box.fill("关系小调是什么？")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_url("**/lessons/?q=*")
    check_page(page, "lesson-search", phone=True)
    page.locator("section.answering a").first.click()
    page.wait_for_url("**/lessons/minor-key-signatures/")
