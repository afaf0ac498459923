"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium, never a download.

``open_page(mic=WAV)`` launches Chromium with a fake microphone that plays the
WAV (from the start each time the page opens the microphone) and returns a
page. When a test fails, a screenshot of every page it opened is saved to
``test-artifacts/``. Without Chromium the tests skip, unless CI is "true".
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BASE_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary blocking calls, so Django may allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing and CI=true: install Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


@pytest.fixture(scope="module")
def _chromium() -> Iterator[tuple[Any, dict[str, Any]]]:
    """One Playwright driver per test module, and one Chromium without a microphone file that the
    module's tests share (each test gets fresh contexts: no cookie, storage or cache carries over).
    Starting the driver and a browser for every test cost about a second of CPU each, several on a
    loaded machine. Module scope keeps Playwright's event loop (marked running between its calls)
    out of every other module's tests."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    shared: dict[str, Any] = {}
    try:
        yield playwright, shared
    finally:
        for browser in shared.values():
            browser.close()
        playwright.stop()


def _launch(playwright: Any, mic: Path | None) -> Any:
    args = [*BASE_ARGS, *([f"--use-file-for-fake-audio-capture={mic}"] if mic else [])]
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)


@pytest.fixture
def open_page(request: pytest.FixtureRequest, _chromium: tuple[Any, dict[str, Any]]) -> Iterator[Callable[..., Any]]:
    playwright, shared = _chromium
    browsers: list[Any] = []  # this test's own: each microphone file needs a browser of its own
    contexts: list[Any] = []
    pages: list[Any] = []

    def open_(*, mic: Path | None = None, viewport: dict[str, int] | None = None, **context_options: Any) -> Any:
        """A page in a fresh context; ``context_options`` go to Playwright's new_context (a locale, a time zone)."""
        if mic is None:
            if "plain" not in shared or not shared["plain"].is_connected():
                shared["plain"] = _launch(playwright, None)
            browser = shared["plain"]
        else:
            browser = _launch(playwright, mic)
            browsers.append(browser)
        context = browser.new_context(viewport=viewport or DESKTOP, **context_options)
        contexts.append(context)
        context.set_default_timeout(20_000)
        page = context.new_page()
        page.console_messages = []
        page.on("console", lambda msg: page.console_messages.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: page.console_messages.append(f"pageerror: {exc}"))
        pages.append(page)
        return page

    try:
        yield open_
    finally:
        failed = any(
            getattr(request.node, f"report_{when}", None) is not None
            and getattr(request.node, f"report_{when}").failed
            for when in ("setup", "call")
        )
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
            for n, page in enumerate(pages):
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{stem}-{n}.png"), full_page=True)
                    (ARTIFACTS / f"{stem}-{n}.console.txt").write_text("\n".join(page.console_messages))
                except Exception:  # a crashed page: keep going, close the rest
                    pass
        for context in contexts:
            with contextlib.suppress(Exception):  # its browser crashed or was closed: nothing left to close
                context.close()
        for browser in browsers:
            browser.close()
