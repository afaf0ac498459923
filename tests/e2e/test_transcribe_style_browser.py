"""On the transcribe page, an accompaniment style picked while a chord's backing is on its way is the one heard.

The style menu re-played the backing only when something was already sounding; picked during the round trip of
a chord change (a slow phone network), it was not asked for, and the page played and named the old style.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Transcription
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import log_in
from tutor.models import User

pytestmark = [pytest.mark.browser]

BEAT_SECONDS = 0.6
TUNE = [("C4", 1), ("E4", 1), ("G4", 2), ("F4", 1), ("A4", 1), ("C5", 1), ("A4", 1), ("G4", 2), ("E4", 1), ("C4", 4)]
MIDI = {"C4": 60, "E4": 64, "F4": 65, "G4": 67, "A4": 69, "C5": 72}


def sung(tune: list[tuple[str, int]] = TUNE) -> dict[str, Any]:
    """A finished transcription's result as the worker writes it: 4/4 in C at 100, from the first downbeat."""
    notes, at = [], 0.0
    for name, beats in tune:
        notes.append({"onset": 1.0 + at * BEAT_SECONDS, "offset": 1.0 + (at + 0.9 * beats) * BEAT_SECONDS,
                      "midi": float(MIDI[name]), "pitch": name, "quarter_length": float(beats), "position": at})
        at += beats
    return {"key": "C major", "meter": "4/4", "tempo": 100.0, "pickup": 0.0, "swing": False, "warnings": [],
            "positions": [n.pop("position") for n in notes], "notes": notes, "tuning_cents": 0.0}


def test_a_style_picked_while_a_chords_backing_is_on_its_way_is_the_one_heard(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    row = Transcription.objects.create(owner=student, title="c", audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                       status=Transcription.Status.DONE, progress=100, result=sung())
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/transcribe/?follow={row.pk}")
    page.wait_for_selector("#harmony:not([hidden]) #bars:not([aria-busy]) li")
    held: list[Any] = []
    page.route("**/accompaniment/", lambda route: held.append(route))  # each backing waits until the test lets it through
    second = page.locator("#bars li:nth-child(2) select")
    second.select_option(second.evaluate("s => [...s.options].map(o => o.value)")[1])
    while not held:
        page.wait_for_timeout(20)
    page.select_option("#style", "waltz")
    page.wait_for_timeout(300)
    for route in held:
        route.continue_()
    page.unroute("**/accompaniment/")
    page.wait_for_function("(document.querySelector('#hearing').textContent || '').length > 0")
    page.wait_for_timeout(500)  # a stale answer arriving last would overwrite the line
    assert "waltz" in page.locator("#hearing").inner_text().lower(), page.locator("#hearing").inner_text()
