"""The transcribe page open in two tabs: a fix saved from the tab that shows older notes does not overwrite the
other tab's newer fix unseen (issue 17). The server refuses it (409, with the latest version); the tab says so in
the reader's language, shows the latest version, keeps the fix the student picked, and applies it on request.
And a melody's fixes are still there after a reload, of a link to it or of the page a take was just sent from."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Transcription
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_studio_browser import log_in, shoot
from tests.e2e.test_transcribe_style_browser import sung
from tutor.models import User

pytestmark = [pytest.mark.browser]

TUNE = [("E4", 1), ("C4", 1), ("G4", 2), ("F4", 1), ("A4", 1), ("C5", 1), ("A4", 1), ("G4", 2), ("E4", 1), ("C4", 4)]
PATCH = re.compile(r"/api/transcriptions/\d+/$")
READY = "#harmony:not([hidden]) #bars:not([aria-busy]) li"


def saved_pitches(row: Transcription) -> list[str]:
    result = Transcription.objects.get(pk=row.pk).result
    assert result is not None
    return [note["pitch"] for note in result["notes"]]


def cell(page: Any, number: int) -> str:
    return str(page.locator(f"#notes tbody tr:nth-child({number}) td:nth-child(2)").inner_text())


def pick(page: Any, number: int, label: str) -> Any:
    """Pick ``label`` for note ``number`` and wait for the save's answer."""
    with page.expect_response(lambda r: PATCH.search(r.url) and r.request.method == "PATCH") as answer:
        page.locator(f"#notes tbody tr:nth-child({number}) select").select_option(label=label)
    return answer.value


def two_tabs(live_server: Any, open_page: Callable[..., Any], student: User, *, viewport: dict[str, int],
             language: str) -> tuple[Any, Any, Transcription]:
    row = Transcription.objects.create(owner=student, title="c", audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                       status=Transcription.Status.DONE, progress=100, result=sung(TUNE))
    first = open_page(viewport=viewport)
    log_in(first, live_server.url, student)
    if language != "en":
        first.click(f"form.lang-switch button[value={language}]")
        first.wait_for_selector(f"html[lang={language}]")
    second = first.context.new_page()   # a second tab of the same browser: the same session
    for page in (first, second):
        page.goto(f"{live_server.url}/transcribe/?follow={row.pk}")
        page.wait_for_selector(READY)
    return first, second, row


def refused_in_the_second_tab(live_server: Any, open_page: Callable[..., Any], student: User, *,
                              viewport: dict[str, int], language: str, number: int, label: str) -> tuple[Any, Any]:
    """Two tabs on one melody; the first saves B-flat3 as note 2, then the second's fix (note ``number`` to
    ``label``) is refused with 409 and the box saying so is shown. Returns the second tab and the row."""
    first, second, row = two_tabs(live_server, open_page, student, viewport=viewport, language=language)
    assert pick(first, 2, "B♭3").status == 200
    assert pick(second, number, label).status == 409
    second.wait_for_selector("#changed-elsewhere:not([hidden])")
    return second, row


def assert_box_names_the_unsaved_fix(page: Any, language: str) -> None:
    """The refused fix is listed beside the latest version's note, in the page's language."""
    box = page.locator("#changed-elsewhere").inner_text()
    if language == "en":
        assert "changed in another tab or window" in box and "Note 3: A4 (the latest version has G4)" in box, box
    else:
        assert "另一个标签页或窗口" in box and "第 3 个音：A4（最新版本中是 G4）" in box, box


def apply_again(page: Any) -> None:
    """Press "Apply my changes to the latest version" and wait for the saved A4 in row 3."""
    with page.expect_response(lambda r: PATCH.search(r.url) and r.request.method == "PATCH") as again:
        page.click("#reapply")
    assert again.value.status == 200
    page.wait_for_function("document.querySelector('#notes tbody tr:nth-child(3) td:nth-child(2)').textContent.includes('A4')")


@pytest.mark.parametrize(("language", "viewport"), [("en", DESKTOP), ("zh-hans", PHONE)])
def test_a_fix_from_a_tab_showing_older_notes_is_refused_said_and_applied_again_on_request(
    live_server: Any, open_page: Callable[..., Any], student: User, language: str, viewport: dict[str, int],
) -> None:
    first, second, row = two_tabs(live_server, open_page, student, viewport=viewport, language=language)
    assert pick(first, 2, "B♭3").status == 200
    assert saved_pitches(row)[1:3] == ["Bb3", "G4"]

    refused = pick(second, 3, "A4")   # this tab still shows C4 for note 2
    assert refused.status == 409
    second.wait_for_selector("#changed-elsewhere:not([hidden])")
    second.wait_for_selector(READY)
    assert saved_pitches(row)[1:3] == ["Bb3", "G4"], "the stale tab overwrote the newer fix"
    assert_box_names_the_unsaved_fix(second, language)
    if language != "en":
        assert second.locator("#reapply").inner_text() == "把我的修改用到最新版本上"
    assert "B♭3" in cell(second, 2), "the tab shows the latest version"
    # Its staff and 简谱 too: the B-flat written as the flat seventh (below the middle octave), not a raised sixth.
    second.wait_for_function("(document.querySelector('#jianpu').textContent || '').includes('♭')")
    second.wait_for_selector("#staff svg")
    assert "♯" not in second.locator("#jianpu").text_content()
    assert second.locator("#changed-elsewhere").bounding_box()["width"] <= viewport["width"]
    shoot(second, f"transcribe-changed-elsewhere-{language}")

    apply_again(second)
    second.wait_for_selector(READY)
    assert saved_pitches(row)[1:3] == ["Bb3", "A4"]
    assert second.locator("#changed-elsewhere").is_hidden()
    assert "B♭3" in cell(second, 2) and "A4" in cell(second, 3)


def test_keeping_the_latest_version_drops_the_fix_and_the_next_fix_is_saved_on_it(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    second, row = refused_in_the_second_tab(live_server, open_page, student, viewport=DESKTOP, language="en",
                                            number=2, label="D4")
    second.click("#drop-unsaved")
    assert second.locator("#changed-elsewhere").is_hidden()
    second.wait_for_selector(READY)
    assert pick(second, 4, "E4").status == 200   # made on the latest version: saved
    assert saved_pitches(row)[1:4] == ["Bb3", "G4", "E4"]


def test_a_sent_melodys_fixes_are_shown_again_after_a_reload(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    """The page a take was sent from named no transcription: a reload showed an empty page, the fixes out of
    reach. The address now names it (``?follow=``), as a link to one does."""
    row = Transcription.objects.create(owner=student, title="c", audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                       status=Transcription.Status.DONE, progress=100, result=sung(TUNE))
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/transcribe/")
    # The upload is answered as the server answers a take it has queued; the transcription is the row above.
    page.route(re.compile(r"/api/transcriptions/$"), lambda route: route.fulfill(
        status=202, content_type="application/json", body=f'{{"id": {row.pk}, "status": "queued", "progress": 0}}'))
    page.set_input_files("#upload", files=[{"name": "tune.wav", "mimeType": "audio/wav", "buffer": b"RIFF" + b"\0" * 64}])
    page.wait_for_selector(READY)
    assert pick(page, 2, "B♭3").status == 200
    assert f"follow={row.pk}" in page.url
    page.reload()
    page.wait_for_selector(READY)
    assert "B♭3" in cell(page, 2) and "✎" in cell(page, 2)
    assert saved_pitches(row)[1] == "Bb3"
