"""An assignment whose attempts are all used, in the studio: told before a take is sung, not after.

The studio let a student sing a whole take, upload it, and only then said "No attempts left": the take was
lost. Now Record and Upload are off, and the page says why and where to practise freely.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from grading.models import Recording
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import log_in
from tutor.models import Assignment, User

pytestmark = [pytest.mark.browser]


def test_a_student_with_no_attempts_left_cannot_start_a_take_and_is_sent_to_free_practice(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment,
) -> None:
    assignment.attempts_allowed = 1
    assignment.save(update_fields=["attempts_allowed"])
    Recording.objects.create(owner=student, exercise=assignment.target, assignment=assignment, status="done",
                             score_percent=80.0, result={}, audio="recordings/x.wav")
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#attempts-left").inner_text() == "0 attempts left."
    assert page.locator("#record").is_disabled() and page.locator("#upload-button").is_disabled()
    notice = page.locator("#no-attempts")
    assert notice.is_visible() and "a new take would not be accepted" in notice.inner_text()
    page.click("#no-attempts a")
    page.wait_for_url(f"**/exercises/{assignment.target_id}/studio/")
    assert page.locator("#record").is_enabled() and not page.locator("#attempts-left").count()
