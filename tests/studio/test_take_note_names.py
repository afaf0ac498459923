"""The take page's notes table names a note as its scripts redraw it, and as the site writes notes ("B♭4")."""

from __future__ import annotations

import json
import re
import subprocess
from unittest import mock

import pytest
from django.test import Client

from grading.models import Exercise, NoteResult, Recording
from tests.studio.page_scripts import NODE, ROOT
from tutor.models import User

pytestmark = pytest.mark.django_db

#: (the score's name, MIDI number): a B flat, a double sharp, and a take graded before names were kept.
NOTES = [("Bb4", 70), ("F##4", 67), ("", 68)]


def _script_names(notes: list[dict[str, object]]) -> list[str]:
    """``targetName`` of feedback.js (which reads ``window`` as it loads: a bare one is set first) for each note."""
    script = ("globalThis.window = {}; const { targetName } = await import('./static/js/studio/feedback.js');"
              f"console.log(JSON.stringify({json.dumps(notes)}.map(targetName)));")
    done = subprocess.run([NODE or "node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=30, check=True)
    names: list[str] = json.loads(done.stdout)
    return names


def _table_names(page: str) -> list[str]:
    table = page.split('id="fb-notes"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr class=\"note .*?</tr>", table, re.S)
    return [re.findall(r"<td>(.*?)</td>", row, re.S)[2].strip() for row in rows]


def test_the_notes_table_names_notes_as_the_pages_scripts_do(student: User, exercise: Exercise) -> None:
    recording = Recording.objects.create(
        owner=student, exercise=exercise, status="done", audio="recordings/x.wav", score_percent=100,
        result={"notes": [], "feedback": ["bar 1: Bb4 was 30 cents flat"],
                "target_line": [{"pitch": name} for name, _ in NOTES]})
    for index, (_, midi) in enumerate(NOTES):  # the first 30 cents flat, as the stored feedback says
        NoteResult.objects.create(recording=recording, index=index, target_midi=midi, target_onset=index * 0.5,
                                  target_duration=0.5, confidence=0.9, pitch="flat" if index == 0 else "ok",
                                  cents=-30.0 if index == 0 else 0.0, timing="ok")
    client = Client()
    client.force_login(student)
    with mock.patch("studio.views.exercise_audio", return_value={"status": "rendering"}):
        page = client.get(f"/takes/{recording.pk}/").content.decode()
    assert _table_names(page) == ["B♭4", "F♯♯4", "G♯4"]
    assert "bar 1: B♭4 was 30 cents flat" in page  # the feedback above the table says it so too
    if NODE:
        notes: list[dict[str, object]] = [{"written": name, "target_midi": midi} for name, midi in NOTES]
        assert _script_names(notes) == _table_names(page)
