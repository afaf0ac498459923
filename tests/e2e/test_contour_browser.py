"""A take's pitch contour on its page in headless Chromium, at phone and desktop widths: drawn in the
screen's own pixels, so its axis labels are real 13 px text, not a wide drawing squeezed to fit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.pages import check_page
from tests.e2e.test_studio_browser import log_in
from tests.grading.takes import twinkle_take
from tests.studio.test_studio import graded_take
from tutor.models import Assignment, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABELS = """() => {
    const svg = document.querySelector('#contour svg');
    const ctm = svg.getScreenCTM();
    const labels = [...svg.querySelectorAll('text.axis')].map((t) => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, left: r.left, right: r.right, top: r.top, height: r.height};
    });
    return {scaleX: ctm.a, scaleY: ctm.d, width: svg.getBoundingClientRect().width,
            host: document.getElementById('contour').clientWidth, labels};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_contour_labels_are_readable_on_a_phone_and_a_desktop(
    live_server: Any, open_page: Any, student: User, assignment: Assignment, tmp_path: Path, viewport: dict[str, int]
) -> None:
    recording_id = graded_take(student, assignment, twinkle_take(tmp_path / "t.wav", cents={2: -40}))
    page = open_page(viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/takes/{recording_id}/")
    page.wait_for_selector("#feedback:not([hidden]) #contour svg path.sung")
    page.wait_for_function("document.querySelector('#contour svg').getBoundingClientRect().width"
                           " === document.getElementById('contour').clientWidth")
    drawn = page.evaluate(LABELS)
    # One drawing unit is one CSS pixel both ways: nothing squeezed or stretched.
    assert drawn["scaleX"] == pytest.approx(1, abs=0.01) and drawn["scaleY"] == pytest.approx(1, abs=0.01), drawn
    assert len(drawn["labels"]) >= 4
    assert min(label["height"] for label in drawn["labels"]) >= 13, drawn["labels"]
    seconds = sorted((label for label in drawn["labels"] if label["text"].endswith("s")), key=lambda r: r["left"])
    assert len(seconds) >= 2
    assert all(a["right"] + 4 <= b["left"] for a, b in zip(seconds, seconds[1:], strict=False)), seconds
    pitches = sorted((label for label in drawn["labels"] if not label["text"].endswith("s")), key=lambda r: r["top"])
    assert all(a["top"] + a["height"] + 2 <= b["top"] for a, b in zip(pitches, pitches[1:], strict=False)), pitches
    check_page(page, "take-contour", phone=viewport is PHONE)


TREND = """() => {
    const svg = document.querySelector('#trend svg');
    const ctm = svg.getScreenCTM();
    const labels = [...svg.querySelectorAll('text.axis')].map((t) => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, left: r.left, right: r.right, top: r.top, height: r.height};
    });
    return {scaleX: ctm.a, scaleY: ctm.d, width: svg.getBoundingClientRect().width,
            height: svg.getBoundingClientRect().height, host: document.getElementById('trend').clientWidth, labels};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_trend_of_takes_is_drawn_at_its_boxs_size(
    live_server: Any, open_page: Any, student: User, assignment: Assignment, tmp_path: Path, viewport: dict[str, int]
) -> None:
    for n, cents in enumerate((-40, 0)):
        graded_take(student, assignment, twinkle_take(tmp_path / f"t{n}.wav", cents={2: cents}))
    page = open_page(viewport=viewport)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/studio/")
    page.wait_for_selector("#trend:not([hidden]) svg circle.trend-dot")
    page.wait_for_function("document.querySelector('#trend svg').getBoundingClientRect().width"
                           " === document.getElementById('trend').clientWidth")
    drawn = page.evaluate(TREND)
    # One unit to one CSS pixel (it was a 600x160 drawing shrunk to 0.55 on a phone: 7 px labels).
    assert drawn["scaleX"] == pytest.approx(1, abs=0.01) and drawn["scaleY"] == pytest.approx(1, abs=0.01), drawn
    assert drawn["height"] >= 150, drawn
    texts = {label["text"]: label for label in drawn["labels"]}
    assert {"0", "50", "100", "first take", "latest"} <= set(texts), drawn["labels"]
    assert min(label["height"] for label in drawn["labels"]) >= 13, drawn["labels"]
    assert texts["first take"]["right"] + 8 <= texts["latest"]["left"], drawn["labels"]
    scale = sorted((texts[s] for s in ("100", "50", "0")), key=lambda r: r["top"])
    assert all(a["top"] + a["height"] + 2 <= b["top"] for a, b in zip(scale, scale[1:], strict=False)), scale
    check_page(page, "studio-trend", phone=viewport is PHONE)


def test_on_a_phone_neither_the_cursor_nor_a_notes_card_covers_the_note_names(
    live_server: Any, open_page: Any, student: User, assignment: Assignment, tmp_path: Path
) -> None:
    """The replay cursor in the lead-in was drawn over the pitch names in the margin, and a tapped note's card
    sat on the staff under it; the cursor now shows only inside the plotted time, the card docks to the screen's edge."""
    recording_id = graded_take(student, assignment, twinkle_take(tmp_path / "t.wav"))
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/takes/{recording_id}/")
    page.wait_for_selector("#feedback:not([hidden]) #contour svg path.sung")
    page.wait_for_function("document.getElementById('take-audio').readyState >= 1")
    seek = """(t) => new Promise((done) => { const a = document.getElementById('take-audio');
        a.addEventListener('seeked', () => setTimeout(done, 50), {once: true}); a.currentTime = t; })"""
    cursor = "document.querySelector('#contour .cursor').getAttribute('visibility')"
    page.evaluate(seek, 0.05)  # the lead-in, before the plotted time
    assert page.evaluate(cursor) == "hidden"
    page.evaluate(seek, 3.0)
    assert page.evaluate(cursor) == "visible"
    note = page.locator("#score g.note.graded").nth(3)
    note.scroll_into_view_if_needed()
    box = note.bounding_box()
    assert box is not None
    note.focus()  # what a tap on the note does (the card shows on focus, click and hover alike)
    card = page.locator(".note-card")
    card.wait_for(state="visible")
    card_box = card.bounding_box()
    assert card_box is not None
    staff = page.locator("#score svg").first.bounding_box()
    assert staff is not None
    # Docked at the screen's top, clear of the staff the note is on (it used to sit on the next system's notes).
    assert card_box["y"] + card_box["height"] <= staff["y"], (card_box, staff)
    assert not (card_box["y"] < box["y"] + box["height"] and box["y"] < card_box["y"] + card_box["height"]), (card_box, box)
