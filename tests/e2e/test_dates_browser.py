"""A due date typed on a Chinese page in an English browser in Beijing: read back in Chinese, stored as Beijing time.

The date box is the browser's own ("mm/dd/yyyy, --:-- --" whatever the page's language); the page now says the
chosen date under it in its own language and zone, and the server reads it in the browser's zone (it read it
as UTC: 17:00 in Beijing became 01:00 the next day there).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from grading.models import Exercise
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import log_in
from tutor.models import Assignment, Classroom, User

pytestmark = [pytest.mark.browser]


def test_a_due_date_reads_in_the_pages_language_and_is_kept_in_the_teachers_zone(
    live_server: Any, open_page: Callable[..., Any], teacher: User, classroom: Classroom, exercise: Exercise,
) -> None:
    page = open_page(viewport=PHONE, locale="en-US", timezone_id="Asia/Shanghai")
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/classes/{classroom.pk}/")
    page.click("form.lang-switch button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    form = page.locator("form:has(select[name=target])")
    form.locator("select[name=target]").select_option(str(exercise.pk))
    form.locator("input[name=due_at]").fill("2026-12-01T17:00")
    echo = form.locator("input[name=due_at] + .date-echo")
    echo.wait_for()
    said = echo.inner_text()
    assert "2026年12月1日" in said and "17:00" in said, said
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    form.locator("input[name=due_at]").evaluate("input => input.form.requestSubmit()")
    page.wait_for_url("**#main")
    assert Assignment.objects.get(classroom=classroom).due_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    shown = page.locator("main table time").first.inner_text()
    assert shown.startswith("12月1日") and shown.endswith("17:00"), shown


def test_a_link_opened_in_a_browser_that_never_named_its_zone_shows_the_due_time_in_it(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment,
) -> None:
    # A student signed in whose browser had no ``tz`` cookie yet (it expired, or was cleared) read the
    # dashboard's due times in the server's zone: 09:00 for a 17:00 deadline in Beijing.
    Assignment.objects.filter(pk=assignment.pk).update(due_at=datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    page = open_page(viewport=PHONE, locale="en-GB", timezone_id="Asia/Shanghai")
    log_in(page, live_server.url, student)
    page.context.clear_cookies(name="tz")
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_function("document.cookie.includes('tz=Asia/Shanghai')")
    page.wait_for_selector("html:not([data-time-zone-guessed])")
    shown = page.locator("main table time").first.inner_text()
    assert shown.endswith("17:00"), shown
    # Shown again once only: the next page comes straight in the reader's zone.
    reloads = []
    page.on("framenavigated", lambda frame: reloads.append(frame.url))
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    page.wait_for_load_state("load")
    assert len(reloads) == 1 and "17:00" in page.locator("dl.facts").inner_text()
