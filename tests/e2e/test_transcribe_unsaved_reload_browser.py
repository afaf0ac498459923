"""Fixes a tab could not save (another tab changed the melody first: 409) survive a reload of that tab: they were
kept only in the page, so a reload before the student chose "Apply my changes to the latest version" or "Keep the
latest version" lost them unseen. They live in the tab's sessionStorage until applied or dropped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_studio_browser import shoot
from tests.e2e.test_transcribe_two_tabs_browser import (
    PATCH,
    READY,
    apply_again,
    assert_box_names_the_unsaved_fix,
    cell,
    refused_in_the_second_tab,
    saved_pitches,
)
from tutor.models import User

pytestmark = [pytest.mark.browser]

KEPT = "Object.keys(sessionStorage).filter((k) => k.startsWith('transcribe-unsaved:')).length"


def refused_then_reloaded(live_server: Any, open_page: Callable[..., Any], student: User, *,
                          viewport: dict[str, int], language: str) -> tuple[Any, Any]:
    second, row = refused_in_the_second_tab(live_server, open_page, student, viewport=viewport, language=language,
                                            number=3, label="A4")
    second.reload()
    second.wait_for_selector(READY)
    # Main: the box is gone after the reload and the A4 with it; nothing on the page says it was not saved.
    second.wait_for_selector("#changed-elsewhere:not([hidden])", timeout=5000)
    return second, row


@pytest.mark.parametrize(("language", "viewport"), [("en", DESKTOP), ("zh-hans", PHONE)])
def test_unsaved_fixes_are_offered_again_after_a_reload_and_applied_on_request(
    live_server: Any, open_page: Callable[..., Any], student: User, language: str, viewport: dict[str, int],
) -> None:
    page, row = refused_then_reloaded(live_server, open_page, student, viewport=viewport, language=language)
    assert_box_names_the_unsaved_fix(page, language)
    assert "B♭3" in cell(page, 2), "the reloaded tab shows the latest version"
    assert page.locator("#changed-elsewhere").bounding_box()["width"] <= viewport["width"]
    shoot(page, f"transcribe-unsaved-after-reload-{language}")

    apply_again(page)
    assert saved_pitches(row)[1:3] == ["Bb3", "A4"]
    assert page.evaluate(KEPT) == 0, "applied: no longer kept"
    page.reload()
    page.wait_for_selector(READY)
    assert page.locator("#changed-elsewhere").is_hidden()


def test_fixes_dropped_after_a_reload_are_not_offered_again(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    page, row = refused_then_reloaded(live_server, open_page, student, viewport=DESKTOP, language="en")
    page.click("#drop-unsaved")
    assert page.locator("#changed-elsewhere").is_hidden()
    assert page.evaluate(KEPT) == 0
    page.reload()
    page.wait_for_selector(READY)
    assert page.locator("#changed-elsewhere").is_hidden()
    assert saved_pitches(row)[1:3] == ["Bb3", "G4"]


def test_changes_whose_apply_did_not_get_through_are_still_offered(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    # Main: the network dropped the "Apply" and the box went away with the fixes in it.
    second, row = refused_in_the_second_tab(live_server, open_page, student, viewport=PHONE, language="en",
                                            number=3, label="A4")
    second.route(PATCH, lambda route: route.abort())
    with second.expect_event("requestfailed"):
        second.click("#reapply")
    second.wait_for_selector("#changed-elsewhere:not([hidden])")
    assert "Note 3: A4" in second.locator("#changed-elsewhere").inner_text()
    second.unroute(PATCH)
    with second.expect_response(lambda r: PATCH.search(r.url) and r.request.method == "PATCH") as again:
        second.click("#reapply")
    assert again.value.status == 200
    second.wait_for_selector("#changed-elsewhere", state="hidden")
    assert saved_pitches(row)[1:3] == ["Bb3", "A4"]
