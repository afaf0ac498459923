"""The take page's "Entry" line and the notes' timing never look as if they disagree.

``entry_ms`` is where the first note came against the beat the count-in led to; each note's timing is
judged against the take's own tempo line. A take begun a bar early (a recording that starts playing as
the microphone opens) has every note on time and an entry seconds early: the page says both, and why.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from django.test import Client

from grading.models import Exercise, Recording
from tests.studio.page_scripts import NODE, ROOT
from tutor.models import User


def _entry(timings: list[dict[str, float | None]]) -> list[list[str]]:
    """``[entryText, entryNote]`` of feedback.js (which reads ``window`` as it loads) for each timing."""
    script = ("globalThis.window = {}; const { entryText, entryNote } = await import('./static/js/studio/feedback.js');"
              f"console.log(JSON.stringify({json.dumps(timings)}.map((t) => [entryText(t), entryNote(t)])));")
    done = subprocess.run([NODE or "node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=30, check=True)
    lines: list[list[str]] = json.loads(done.stdout)
    return lines


@pytest.mark.skipif(NODE is None, reason="Node.js runs the page's script")
def test_an_entry_off_the_count_in_is_told_with_why_the_notes_are_still_on_time() -> None:
    (early_bar, why), (close, none), (late, _), (slight, slight_why), (unknown, _) = _entry([
        {"entry_ms": -2139.4, "latency_ms": 0, "count_in_ms": 2139},
        {"entry_ms": 42, "latency_ms": 120, "count_in_ms": 2000},
        {"entry_ms": 1500, "latency_ms": None, "count_in_ms": 2000},
        {"entry_ms": -250, "latency_ms": None, "count_in_ms": 2000},
        {"entry_ms": None, "latency_ms": None, "count_in_ms": None},
    ])
    assert early_bar == "2.1 s before the first note's beat"
    assert "measured against your own steady beat" in why
    assert close == "on the first note's beat (+42 ms) (latency 120 ms taken off)" and none == ""
    assert late == "1.5 s after the first note's beat"
    assert slight == "250 ms before the first note's beat" and slight_why
    assert unknown == ""  # the row stays hidden: never "Entry —"
    # walk19: words true with the count-in off too ("after the count-in's beat" when none was heard).
    assert not any("count-in" in said for said in (early_bar, close, late, slight))


@pytest.mark.django_db
def test_the_take_page_has_room_for_why_the_entry_differs(student: User, exercise: Exercise) -> None:
    recording = Recording.objects.create(owner=student, exercise=exercise, status="done", audio="recordings/x.wav",
                                         score_percent=100, result={"notes": [], "feedback": [], "offset": 0.0},
                                         options={"count_in_ms": 2139})
    client = Client()
    client.force_login(student)
    page = client.get(f"/takes/{recording.pk}/").content.decode()
    assert '<dd id="fb-entry" hidden></dd>' in page and '<dt id="fb-entry-label" hidden>' in page
    assert '<p id="fb-entry-note" class="small muted" hidden></p>' in page
    body = client.get(f"/api/recordings/{recording.pk}/").json()
    assert body["timing"]["entry_ms"] == pytest.approx(-2139)
