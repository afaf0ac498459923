"""On the transcribe page, a note the student fixes stays fixed in the note column, on the staff, in 简谱 and
in the chords, whatever order the page's requests come back in.

walk18 (phone, Chinese): note 2 changed from C4 to B-flat3 while the first staff and chord suggestions were
still on their way. The staff/简谱 request had no guard: the answer drawn from the notes before the fix,
landing after the one drawn from the fix, put C4 back on the staff and in 简谱. And the first chord answer,
landing while the fix was being saved, was offered as ready though it harmonised the old note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Transcription
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import log_in
from tests.e2e.test_transcribe_style_browser import sung
from tutor.models import User

pytestmark = [pytest.mark.browser]

TUNE = [("E4", 1), ("C4", 1), ("G4", 2), ("F4", 1), ("A4", 1), ("C5", 1), ("A4", 1), ("G4", 2), ("E4", 1), ("C4", 4)]
NOTATION = re.compile(r"/api/transcriptions/\d+/notation/")
CHORDS = re.compile(r"/api/transcriptions/\d+/chords/$")
PATCH = re.compile(r"/api/transcriptions/\d+/$")


def opened(live_server: Any, open_page: Callable[..., Any], student: User) -> tuple[Any, Transcription]:
    row = Transcription.objects.create(owner=student, title="c", audio=SimpleUploadedFile("t.wav", b"RIFF"),
                                       status=Transcription.Status.DONE, progress=100, result=sung(TUNE))
    page = open_page(viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/accounts/login/")
    return page, row


class Held:
    """A request held back by the test, let through by ``release()``."""

    def __init__(self, route: Any, answered: bool) -> None:
        # Answered by the server at once (from the notes as they were) but delivered late, as over a slow
        # phone network; or not sent to the server until released.
        self.route, self.response = route, route.fetch() if answered else None

    def release(self) -> None:
        if self.response is None:
            self.route.continue_()
        else:
            self.route.fulfill(response=self.response)


def hold_first(page: Any, pattern: re.Pattern[str], method: str = "GET", *, answered: bool = True) -> list[Held]:
    """Hold the first ``method`` request matching ``pattern``; later ones go at once."""
    held: list[Held] = []

    def handle(route: Any) -> None:
        if route.request.method == method and not held:
            held.append(Held(route, answered))
        else:
            route.continue_()
    page.route(pattern, handle)
    return held


def wait_for(page: Any, held: list[Held]) -> None:
    while not held:
        page.wait_for_timeout(20)


def saved_pitches(row: Transcription) -> list[str]:
    result = Transcription.objects.get(pk=row.pk).result
    assert result is not None
    return [note["pitch"] for note in result["notes"]]


def drawn_now(page: Any, row: Transcription) -> dict[str, Any]:
    """What the API draws for the transcription as saved now: staff, 简谱 and suggested chords."""
    return page.evaluate("""async (id) => {
        const get = async (url) => (await fetch(url, { headers: { Accept: "application/json" } })).json();
        // As the page's innerHTML writes it back (<circle></circle>, not <circle/>).
        const norm = (svg) => Object.assign(document.createElement("div"), { innerHTML: svg }).innerHTML;
        const notation = await get(`/api/transcriptions/${id}/notation/?layout=narrow`);
        const chords = await get(`/api/transcriptions/${id}/chords/`);
        return { svg: norm(notation.svg), jianpu: norm(notation.jianpu_svg),
                 chords: chords.bars.map((b) => b.then ? `${b.chord} ${b.then.chord}` : b.chord) };
    }""", row.pk)


def shown(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => ({
        svg: document.querySelector('#staff').innerHTML, jianpu: document.querySelector('#jianpu').innerHTML,
        chords: [...document.querySelectorAll('#bars select.bar-chord')].map((s) => s.value),
        note2: document.querySelector('#notes tbody tr:nth-child(2) td:nth-child(2)').textContent,
    })""")


def test_a_note_fixed_while_the_first_staff_and_chords_are_on_their_way_stays_fixed(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    page, row = opened(live_server, open_page, student)
    page.click("form.lang-switch button[value=zh-hans]")
    page.wait_for_selector("html[lang=zh-hans]")
    old_notation = hold_first(page, NOTATION)
    old_chords = hold_first(page, CHORDS)
    page.goto(f"{live_server.url}/transcribe/?follow={row.pk}")
    wait_for(page, old_notation)
    wait_for(page, old_chords)
    before = drawn_now(page, row)

    with page.expect_response(lambda r: PATCH.search(r.url) and r.request.method == "PATCH"):
        page.locator("#notes tbody tr:nth-child(2) select").select_option(label="B♭3")
    # The staff and chords asked after the fix come back; then the ones asked before it, late.
    page.wait_for_selector("#harmony:not([hidden]) #bars:not([aria-busy]) li")
    page.wait_for_function("document.querySelector('#jianpu').innerHTML.length > 0")
    old_notation[0].release()
    old_chords[0].release()
    page.wait_for_timeout(1500)

    assert saved_pitches(row)[1] == "Bb3"
    after = drawn_now(page, row)
    assert after["jianpu"] != before["jianpu"], "the fix must change the 简谱, or this test proves nothing"
    now = shown(page)
    assert "B♭3" in now["note2"], now["note2"]
    assert now["jianpu"] == after["jianpu"], "简谱 drawn from the notes before the fix"
    assert now["svg"] == after["svg"], "staff drawn from the notes before the fix"
    assert now["chords"] == after["chords"], (now["chords"], before["chords"], after["chords"])


def test_chords_for_the_notes_before_a_fix_are_not_offered_while_the_fix_is_saved(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    page, row = opened(live_server, open_page, student)
    old_chords = hold_first(page, CHORDS)
    page.goto(f"{live_server.url}/transcribe/?follow={row.pk}")
    wait_for(page, old_chords)
    saving = hold_first(page, PATCH, method="PATCH", answered=False)
    page.locator("#notes tbody tr:nth-child(2) select").select_option(label="B♭3")
    wait_for(page, saving)
    old_chords[0].release()  # the chords of the melody before the fix come back while the fix is saved
    page.wait_for_timeout(1000)
    busy = page.evaluate("document.querySelector('#bars').getAttribute('aria-busy')")
    offered = page.locator("#bars select.bar-chord:not([disabled])").count()
    saving[0].release()
    page.wait_for_selector("#harmony:not([hidden]) #bars:not([aria-busy]) li")
    page.wait_for_timeout(500)
    assert busy == "true" and offered == 0, (busy, offered)
    assert shown(page)["chords"] == drawn_now(page, row)["chords"]


def test_two_notes_fixed_in_quick_succession_both_stay_fixed(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    page, row = opened(live_server, open_page, student)
    page.goto(f"{live_server.url}/transcribe/?follow={row.pk}")
    page.wait_for_selector("#harmony:not([hidden]) #bars:not([aria-busy]) li")
    first = hold_first(page, PATCH, method="PATCH")  # saved at once, its answer slow to come back
    page.locator("#notes tbody tr:nth-child(2) select").select_option(label="B♭3")
    wait_for(page, first)
    page.locator("#notes tbody tr:nth-child(3) select").select_option(label="A4")
    page.wait_for_timeout(1000)
    first[0].release()
    page.wait_for_timeout(1500)
    page.wait_for_selector("#harmony:not([hidden]) #bars:not([aria-busy]) li")
    page.wait_for_timeout(1000)  # an older answer landing last would draw G4 back
    assert saved_pitches(row)[1:3] == ["Bb3", "A4"]
    cells = page.evaluate("[2, 3].map((n) => document.querySelector(`#notes tbody tr:nth-child(${n}) td:nth-child(2)`).textContent)")
    assert "B♭3" in cells[0] and "A4" in cells[1], cells
    assert shown(page)["jianpu"] == drawn_now(page, row)["jianpu"]


def test_hear_pressed_while_a_fix_is_saved_plays_the_fixed_note(
    live_server: Any, open_page: Callable[..., Any], student: User,
) -> None:
    page, row = opened(live_server, open_page, student)
    page.goto(f"{live_server.url}/transcribe/?follow={row.pk}")
    page.wait_for_selector("#harmony:not([hidden]) #bars:not([aria-busy]) li")
    played: list[Any] = []
    page.on("response", lambda r: played.append(r.json()) if r.url.endswith("/accompaniment/") else None)
    saving = hold_first(page, PATCH, method="PATCH", answered=False)
    page.locator("#notes tbody tr:nth-child(2) select").select_option(label="B♭3")
    wait_for(page, saving)
    page.click("#hear")
    page.wait_for_timeout(800)
    saving[0].release()
    page.wait_for_function("(document.querySelector('#hearing').textContent || '').length > 0")
    page.wait_for_timeout(500)
    assert [body["melody"][1]["midi"] for body in played] == [58], played
