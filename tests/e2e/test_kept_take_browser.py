"""A take that does not reach the server is kept on the page, to send again or save: never sung twice.

The studio keeps it (main's take-rescue, checked here in a real browser on a phone); Sing me a tune threw
the tune away and showed "Uploading…" for ever. No worker is needed: what matters is that the second
sending of the same take arrives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grading.models import Recording
from tests.e2e.conftest import PHONE
from tests.e2e.test_studio_browser import log_in, take_with_errors
from tutor.models import Assignment, Enrollment, User

pytestmark = [pytest.mark.browser]


def record_with_upload_cut(
    page: Any, base_url: str, student: User, assignment: Assignment, *, cut: Callable[[Any], None],
    seconds: float = 3,
) -> str:
    """Sign ``student`` in, open the assignment's studio and record a take of ``seconds`` while ``cut`` answers
    its upload (``route.abort`` for a dropped connection, nothing for one that hangs); returns the studio's
    address. The route stays in place: the test lifts it when the network is to come back."""
    log_in(page, base_url, student)
    studio = f"{base_url}/assignments/{assignment.pk}/studio/"
    page.goto(studio)
    page.wait_for_selector("#audio-status[data-status]")
    page.route("**/api/recordings/", cut)
    page.click("#record")
    page.wait_for_selector("body.recording")
    page.wait_for_timeout(seconds * 1000)
    page.click("#record-stop")
    return studio


def dropped(route: Any) -> None:
    route.abort("internetdisconnected")


class Hang:
    """An upload that never answers, as on a dead connection; ``wait_sent`` returns once the page has sent it,
    when the take is already kept in the browser (the status line and the progress bar can show earlier)."""

    def __init__(self) -> None:
        self.sent = False

    def __call__(self, route: Any) -> None:
        self.sent = True

    def wait_sent(self, page: Any, *, timeout_ms: int = 20_000) -> None:
        for _ in range(timeout_ms // 50):
            if self.sent:
                return
            page.wait_for_timeout(50)
        raise AssertionError("the page never sent the take")


def test_a_take_whose_upload_failed_is_kept_and_sent_again_with_one_tap(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"), viewport=PHONE)
    record_with_upload_cut(page, live_server.url, student, assignment, cut=dropped)
    # "Save" shows from the start of the upload; "Send again" once it has failed.
    page.wait_for_selector("#take-resend:not([hidden])")
    assert "check your connection" in page.locator("#take-error").inner_text()
    assert page.locator("#take-save").get_attribute("href").startswith("blob:")
    assert page.locator("#take-save").get_attribute("download").startswith("take.")
    assert Recording.objects.count() == 0

    page.unroute("**/api/recordings/")
    page.click("#take-resend")
    page.wait_for_selector("#take-rescue[hidden]", state="attached")
    page.wait_for_function("document.getElementById('take-status').textContent !== ''")
    recording = Recording.objects.get()
    assert recording.owner == student and recording.assignment == assignment and recording.audio


def test_a_tune_whose_upload_failed_is_kept_on_the_transcription_page(
    live_server: Any, open_page: Callable[..., Any], student: User, tmp_path: Path,
) -> None:
    # There a dropped network left "Uploading…" for ever and the tune was gone.
    from grading.models import Transcription

    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"), viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/transcribe/")
    page.route("**/api/transcriptions/", lambda route: route.abort("internetdisconnected"))
    page.click("#record")
    page.wait_for_selector("#stop:not([disabled])")
    page.wait_for_timeout(3000)
    page.click("#stop")
    page.wait_for_selector("#take-kept:not([hidden])")
    assert "check your connection" in page.locator("#status").inner_text()
    assert page.locator("#save-take").get_attribute("href").startswith("blob:")
    page.unroute("**/api/transcriptions/")
    page.click("#resend-take")
    page.wait_for_selector("#take-kept[hidden]", state="attached")
    assert Transcription.objects.filter(owner=student).count() == 1


def test_a_take_cut_off_by_a_reload_mid_upload_is_offered_back_to_its_student_only(
    live_server: Any, open_page: Callable[..., Any], student: User, other_student: User, assignment: Assignment,
    tmp_path: Path,
) -> None:
    # The take lived in the page alone: reloading during its upload (or a phone dropping the tab while offline)
    # lost it, and a phone's browser does not ask first. It is kept in the browser until the server has it.
    Enrollment.objects.create(classroom=assignment.classroom, student=other_student)
    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"), viewport=PHONE)
    hang = Hang()
    studio = record_with_upload_cut(page, live_server.url, student, assignment, cut=hang)
    hang.wait_sent(page)
    page.reload()
    page.wait_for_selector("#take-rescue:not([hidden])")
    page.unroute("**/api/recordings/")
    assert "did not reach the server" in page.locator("#take-kept").inner_text()
    assert page.locator("#take-save").get_attribute("href").startswith("blob:")
    assert Recording.objects.count() == 0

    # Another student signing in on this browser is not offered it.
    page.goto(f"{live_server.url}/accounts/logout/")
    page.context.clear_cookies()
    log_in(page, live_server.url, other_student)
    page.goto(studio)
    page.wait_for_selector("#audio-status[data-status]")
    page.wait_for_timeout(500)
    assert page.locator("#take-rescue").is_hidden()

    page.context.clear_cookies()
    log_in(page, live_server.url, student)
    page.goto(studio)
    page.wait_for_selector("#take-rescue:not([hidden])")
    page.click("#take-resend")
    page.wait_for_selector("#take-rescue[hidden]", state="attached")
    page.wait_for_function("document.getElementById('take-status').textContent !== ''")
    recording = Recording.objects.get()
    assert recording.owner == student and recording.assignment == assignment and recording.audio
    # Sent: not offered again.
    page.reload()
    page.wait_for_selector("#audio-status[data-status]")
    page.wait_for_timeout(500)
    assert page.locator("#take-rescue").is_hidden()
    assert Recording.objects.count() == 1


def test_a_kept_take_can_be_thrown_away(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"), viewport=PHONE)
    record_with_upload_cut(page, live_server.url, student, assignment, cut=dropped, seconds=2)
    page.wait_for_selector("#take-discard:not([hidden])")
    page.click("#take-discard")
    page.wait_for_selector("#take-rescue[hidden]", state="attached")
    page.unroute("**/api/recordings/")
    page.reload()
    page.wait_for_selector("#audio-status[data-status]")
    page.wait_for_timeout(500)
    assert page.locator("#take-rescue").is_hidden() and Recording.objects.count() == 0


def test_a_tune_cut_off_by_a_reload_mid_upload_is_offered_back_on_the_transcription_page(
    live_server: Any, open_page: Callable[..., Any], student: User, tmp_path: Path,
) -> None:
    from grading.models import Transcription

    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"), viewport=PHONE)
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/transcribe/")
    page.route("**/api/transcriptions/", lambda route: None)  # the upload hangs
    page.click("#record")
    page.wait_for_selector("#stop:not([disabled])")
    page.wait_for_timeout(2000)
    page.click("#stop")
    # The progress bar shows once the tune is kept on the device; any status line before it (the recorder's)
    # can come first on a loaded machine, and a reload then would be before the tune was kept.
    page.wait_for_selector("#progress:not([hidden])")
    page.reload()
    page.wait_for_selector("#take-kept:not([hidden])")
    page.unroute("**/api/transcriptions/")
    assert "did not reach the server" in page.locator("#status").inner_text()
    page.click("#resend-take")
    page.wait_for_selector("#take-kept[hidden]", state="attached")
    assert Transcription.objects.filter(owner=student).count() == 1


def test_a_kept_take_the_server_had_already_is_not_counted_again_when_sent_after_a_reload(
    live_server: Any, open_page: Callable[..., Any], student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    # The upload reached the server but its answer was lost, so the take was kept; after a reload the page
    # counted the take the server already held (the server answers the key with it) a second time: "0 attempts
    # left" and Record disabled, with one attempt left.
    Assignment.objects.filter(pk=assignment.pk).update(attempts_allowed=2)
    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"), viewport=PHONE)

    def answer_lost(route: Any) -> None:
        route.fetch()  # the server stores the take...
        route.abort("internetdisconnected")  # ...and the page never hears so

    record_with_upload_cut(page, live_server.url, student, assignment, cut=answer_lost, seconds=2)
    page.wait_for_selector("#take-resend:not([hidden])")
    page.unroute("**/api/recordings/")
    Recording.objects.update(status=Recording.Status.DONE, score_percent=80)  # graded before the reload

    page.reload()
    page.wait_for_selector("#take-rescue:not([hidden])")
    assert page.locator("#attempts-left").get_attribute("data-left") == "1"
    page.click("#take-resend")
    page.wait_for_selector("#take-rescue[hidden]", state="attached")
    page.wait_for_function("document.getElementById('take-status').textContent !== ''")
    assert Recording.objects.count() == 1
    assert page.locator("#attempts-left").get_attribute("data-left") == "1"
    assert page.locator("#record").is_enabled()


def test_logging_out_with_a_kept_take_asks_and_it_stays_its_owners_alone(
    live_server: Any, open_page: Callable[..., Any], student: User, other_student: User, assignment: Assignment,
    tmp_path: Path,
) -> None:
    # On a shared browser the take was kept silently at logout: its owner did not know it was there, and the
    # next account was only kept from it by the studio's check. Logging out now asks; the dashboard lists it.
    Enrollment.objects.create(classroom=assignment.classroom, student=other_student)
    page = open_page(mic=take_with_errors(tmp_path / "mic.wav"), viewport=PHONE)
    hang = Hang()
    studio = record_with_upload_cut(page, live_server.url, student, assignment, cut=hang, seconds=2)
    hang.wait_sent(page)
    page.reload()  # the upload is cut off: the take is kept on the device
    page.wait_for_selector("#take-rescue:not([hidden])")
    page.unroute("**/api/recordings/")

    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#unsent-here:not([hidden])")
    assert page.locator("#unsent-here a").get_attribute("href") == f"/assignments/{assignment.pk}/studio/"
    assert "Twinkle" in page.locator("#unsent-here a").inner_text()

    def log_out() -> None:
        page.evaluate("document.getElementById('logout-form').requestSubmit()")  # inside a phone's folded menu

    log_out()
    page.wait_for_selector("#unsent-at-logout[open]")
    assert page.locator("#unsent-at-logout li").count() == 1
    page.click("#unsent-at-logout [data-choice=stay]")  # stays signed in, to send it
    assert page.locator("#unsent-at-logout").is_hidden() and page.locator("#logout-form").count() == 1
    log_out()
    page.click("#unsent-at-logout [data-choice=keep]")
    page.wait_for_selector("#logout-form", state="detached")

    # Another student on this browser: neither listed nor offered, and logging out asks nothing.
    log_in(page, live_server.url, other_student)
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_timeout(500)
    assert page.locator("#unsent-here").is_hidden()
    page.goto(studio)
    page.wait_for_selector("#audio-status[data-status]")
    page.wait_for_timeout(500)
    assert page.locator("#take-rescue").is_hidden()
    log_out()
    page.wait_for_selector("#logout-form", state="detached")
    assert Recording.objects.count() == 0

    # Its owner again: still there; thrown away at logout, gone.
    log_in(page, live_server.url, student)
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_selector("#unsent-here:not([hidden])")
    log_out()
    page.click("#unsent-at-logout [data-choice=drop]")
    page.wait_for_selector("#logout-form", state="detached")
    log_in(page, live_server.url, student)
    page.goto(studio)
    page.wait_for_selector("#audio-status[data-status]")
    page.wait_for_timeout(500)
    assert page.locator("#take-rescue").is_hidden() and Recording.objects.count() == 0
