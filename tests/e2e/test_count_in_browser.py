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
from tests.e2e.test_studio_browser import log_in
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


@pytest.mark.parametrize("meter", sorted(TUNES))
def test_a_take_is_counted_in_to_its_pickup(
    live_server: Any, open_page: Callable[..., Any], teacher: User, tmp_path: Path, meter: str
) -> None:
    text, tempo, bars, before, accents, words = TUNES[meter]
    score = pickup_score(tmp_path / "tune.musicxml", text, bars)
    exercise = Exercise(owner=teacher, title=f"Pickup in {text}", tempo=tempo)
    exercise.score.save("tune.musicxml", ContentFile(score.read_bytes()), save=False)
    exercise.save()
    page = open_page()
    page.context.add_init_script(SPY)
    log_in(page, live_server.url, teacher)
    page.goto(f"{live_server.url}/exercises/{exercise.pk}/studio/")
    page.wait_for_selector("#score svg")
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
