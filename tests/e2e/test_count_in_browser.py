"""The count-in the studio schedules in a real browser before a take of a tune with a pickup: a full
bar, then the pickup bar's silent beats, and the pickup one beat after the last click (3/4), or on the
last eighth of the second dotted-quarter beat (6/8). Read from the Web Audio calls the page makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile

from grading.models import Exercise
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_studio_browser import log_in, shoot
from tests.generation.test_accompaniment import pickup_score
from tutor.models import User

pytestmark = pytest.mark.browser

# Every sound the page schedules: clicks are sine oscillators, the synthesised tune triangles, stems buffers.
SPY = """
window.__starts = [];
for (const [Node, kind] of [[OscillatorNode, null], [AudioBufferSourceNode, 'buffer']]) {
  const start = Node.prototype.start;
  Node.prototype.start = function (when) {
    window.__starts.push({kind: kind || this.type, hz: kind ? 0 : this.frequency.value, when: when || 0});
    return start.apply(this, arguments);
  };
}
"""

TUNES = {
    # meter, quarter BPM, bars from the pickup; the clicks before the first note (s) and their accents
    "3/4": ("3/4", 120, [[("G4", 1)], [("A4", 1), ("G4", 1), ("C5", 1)], [("B4", 3)]],
            [2.5, 2.0, 1.5, 1.0, 0.5], [True, False, False, True, False], "1 2 3 | 1 2"),
    "6/8": ("6/8", 90, [[("D4", 0.5)], [("G4", 1.5), ("B4", 1.5)], [("D5", 3)]],
            [3.667, 2.667, 1.667, 0.667], [True, False, True, False], "1 2 | 1 2"),
}


def open_studio(live_server: Any, page: Any, teacher: User, score: Path, *, title: str, tempo: int,
                script: str) -> None:
    """``page`` on the studio of a new exercise of ``score``, ``script`` watching it, the score drawn."""
    exercise = Exercise(owner=teacher, title=title, tempo=tempo)
    exercise.score.save("tune.musicxml", ContentFile(score.read_bytes()), save=False)
    exercise.save()
    page.context.add_init_script(script)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/exercises/{exercise.pk}/studio/")
    page.wait_for_selector("#score svg")


@pytest.mark.parametrize("meter", sorted(TUNES))
def test_a_take_is_counted_in_to_its_pickup(
    live_server: Any, open_page: Callable[..., Any], teacher: User, tmp_path: Path, meter: str
) -> None:
    text, tempo, bars, before, accents, words = TUNES[meter]
    page = open_page()
    open_studio(live_server, page, teacher, pickup_score(tmp_path / "tune.musicxml", text, bars),
                title=f"Pickup in {text}", tempo=tempo, script=SPY)
    page.evaluate("window.__starts = []")
    page.click("#record")
    page.wait_for_function("window.__starts.some((s) => s.kind !== 'sine')")
    told = page.inner_text("#rec-status")
    starts = page.evaluate("window.__starts")
    page.click("#record-stop")
    clicks = [s for s in starts if s["kind"] == "sine" and s["hz"] in (1760, 1175)]
    first_note = min(s["when"] for s in starts if s["kind"] in ("triangle", "buffer"))
    assert [round(first_note - c["when"], 3) for c in clicks] == pytest.approx(before, abs=0.002)
    assert [c["hz"] == 1760 for c in clicks] == accents
    assert told == f"Recording: count-in “{words}”, then come in with the pickup."


# What the record bar's count-in shows, caught as it changes, against the audio clock the clicks were scheduled on.
WATCH_COUNT_IN = SPY + """
window.__shown = [];
document.addEventListener("DOMContentLoaded", () => {
  const node = document.getElementById("count-in");
  if (!node) return;
  new MutationObserver(() => {
    const ctx = window.__ctx;
    const go = node.querySelector(".go.now");
    window.__shown.push({state: node.dataset.state || null, beat: node.dataset.beat || "", hidden: node.hidden,
                         go: go ? go.textContent : null,
                         at: ctx ? ctx.currentTime - (ctx.outputLatency || ctx.baseLatency || 0) : null});
  }).observe(node, {attributes: true, childList: true});
});
const oscStart = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function () { window.__ctx = this.context; return oscStart.apply(this, arguments); };
"""


SMALL_PHONE = {"width": 360, "height": 740}
FOUR_FOUR = [[("C4", 1), ("D4", 1), ("E4", 1), ("F4", 1)], [("G4", 4)]]
FOUR_FOUR_PICKUP = [[("G4", 1)], [("C5", 1), ("D5", 1), ("E5", 1), ("C5", 1)], [("G5", 4)]]


@pytest.mark.parametrize(("meter", "bars", "viewport", "locale", "go", "expected"), [
    ("3/4", TUNES["3/4"][2], PHONE, "zh-CN", "开始！", ["1", "2", "3", "1", "2"]),
    ("4/4", FOUR_FOUR, DESKTOP, "en-US", "Go!", ["1", "2", "3", "4"]),
    # The most circles a common tune gives, beside the longest Stop, on the narrowest phone.
    ("4/4", FOUR_FOUR_PICKUP, SMALL_PHONE, "en-US", "Go!", ["1", "2", "3", "4", "1", "2", "3"]),
], ids=["3/4-pickup-phone-zh", "4/4-desktop-en", "4/4-pickup-360px-en"])
def test_the_record_bar_shows_the_count_in_beat_by_beat(
    live_server: Any, open_page: Callable[..., Any], teacher: User, tmp_path: Path,
    meter: str, bars: list[list[tuple[str, float]]], viewport: dict[str, int], locale: str, go: str,
    expected: list[str],
) -> None:
    """The clicks were heard and nothing was seen (the clock stood at 0:00): a student on a quiet phone came
    in early or late. Each click now lights its number in the record bar as it sounds, then the first note
    says "Go!"; on a phone the bar at the screen's foot holds it beside Stop, within the screen."""
    page = open_page(viewport=viewport, locale=locale, has_touch=viewport is not DESKTOP)
    open_studio(live_server, page, teacher, pickup_score(tmp_path / "tune.musicxml", meter, bars),
                title=f"Count-in in {meter}", tempo=120, script=WATCH_COUNT_IN)
    assert page.locator("#count-in").is_hidden()
    page.click("#record")
    page.wait_for_selector("#count-in[data-state=counting]")
    cells = page.eval_on_selector_all("#count-in .beat", "cells => cells.map(c => c.textContent)")
    # Every circle whole on the screen (not scrolled away, not past its edge), round, its number inside.
    boxes = page.eval_on_selector_all("#count-in .beat", """cells => cells.map(c => {
        const r = c.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
        width: r.width, height: r.height, fits: c.scrollWidth <= c.clientWidth}; })""")
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= viewport["width"], box
        assert box["top"] >= 0 and box["bottom"] <= viewport["height"], box
        assert box["width"] >= 20 and abs(box["width"] - box["height"]) < 1 and box["fits"], box
    shoot(page, f"count-in-{viewport['width']}")
    page.wait_for_selector("#count-in", state="hidden")  # "Go!" lasts a beat
    assert page.locator("#rec-clock").is_visible()
    starts = page.evaluate("window.__starts")
    shown = page.evaluate("window.__shown")
    page.click("#record-stop")

    clicks = [s["when"] for s in starts if s["kind"] == "sine" and s["hz"] in (1760, 1175)]
    first_note = min(s["when"] for s in starts if s["kind"] in ("triangle", "buffer"))
    assert cells == expected
    # Every click lit its own number, in order, as it sounded: never before its click, and within its own beat
    # (a frame or two after it; some frames more on a machine loaded 12 processes a core), and "Go!" came with
    # the first note.
    lit = [(s["beat"], s["at"]) for s in shown if s["state"] == "counting"]
    assert [beat for beat, _ in lit] == expected
    for (_, at), when, due in zip(lit, clicks, [*clicks[1:], first_note], strict=True):
        assert when - 0.005 <= at < due, (at, when, due)
    go_at, go_said = next((s["at"], s["go"]) for s in shown if s["state"] == "go")
    assert first_note - 0.005 <= go_at <= first_note + 0.25
    assert go_said == go


def test_no_count_in_is_shown_when_it_is_turned_off(
    live_server: Any, open_page: Callable[..., Any], teacher: User, tmp_path: Path,
) -> None:
    score = pickup_score(tmp_path / "tune.musicxml", "4/4", [[("C4", 1), ("D4", 1), ("E4", 1), ("F4", 1)], [("G4", 4)]])
    page = open_page()
    open_studio(live_server, page, teacher, score, title="No count-in", tempo=120, script=SPY)
    page.uncheck("#hear-count-in")
    page.click("#record")
    page.wait_for_function("window.__starts.some((s) => s.kind !== 'sine')")
    assert page.locator("#count-in").is_hidden()
    assert page.locator("#rec-clock").is_visible()
    page.click("#record-stop")
