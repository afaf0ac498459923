"""What every browser walk checks on every page: words not tags, the screen's width, a clean console."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.test_studio_browser import shoot

# A skill tag, a MIDI number ("MIDI 69"; the file format "MIDI (.mid)" is a word people use), the
# profile's raw mastery, or a mean ± sd.
RAW = re.compile(r"\b(?:pc|int|rhy|key|clef|chord|inv|scale|rn|ear|read):\S|\bMIDI\s*\d|\bmastery\b|\d\.\d+\s*±")


def check_page(page: Any, name: str, *, phone: bool) -> None:
    """The page reads in words, fits the screen, and logged no error; then a screenshot."""
    text = page.inner_text("body")
    raw = RAW.search(text)
    assert raw is None, f"{name}: raw tag or number on screen: {raw.group(0) if raw else ''!r}"
    if phone:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: {overflow}px wider than the screen"
    errors = [m for m in page.console_messages if m.startswith(("error", "pageerror"))]
    assert not errors, f"{name}: {errors}"
    shoot(page, f"{name}-{'phone' if phone else 'desktop'}")
