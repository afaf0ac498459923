"""A take of a tune with a pickup, recorded after the studio's count-in: the notation the page counts
from, the count-in the page gives (static/js/studio/count-in.js, under Node), and where the server
says the first note came against it (``count_in_ms``, ``entry_ms``) agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from grading.models import Exercise
from studio.notation import exercise_notation
from tests.conftest import api_client_for, make_assignment
from tests.generation.test_accompaniment import pickup_score
from tests.grading.analysis.synth import Played, render, write_wav
from tests.studio.page_scripts import NODE, evaluate
from tests.studio.test_studio import graded_take
from tutor.models import Classroom, User

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(NODE is None, reason="Node.js runs the page's script")]

QUARTER_SECONDS = 0.5  # 120 quarter notes a minute
# Happy Birthday's first phrase in 3/4: a one-beat pickup, then the first downbeat.
BIRTHDAY: list[list[tuple[str, float]]] = [[("G4", 1)], [("G4", 0.75), ("G4", 0.25), ("A4", 1), ("G4", 1)], [("C5", 1), ("B4", 2)]]
MIDI = {"G4": 67, "A4": 69, "B4": 71, "C5": 72}


def page_count_in(notation: dict) -> dict:
    return dict(evaluate("count-in.js", ["countIn"], f"countIn({json.dumps(notation)}, 0)"))


@pytest.fixture
def birthday(teacher: User, tmp_path: Path) -> Exercise:
    path = pickup_score(tmp_path / "birthday.musicxml", "3/4", BIRTHDAY)
    exercise = Exercise(owner=teacher, title="Happy Birthday", tempo=120)
    exercise.score.save("birthday.musicxml", ContentFile(path.read_bytes()), save=False)
    exercise.save()
    return exercise


def test_a_pickup_counted_in_on_beat_three_is_graded_on_time_and_on_the_count(
    birthday: Exercise, classroom: Classroom, student: User, tmp_path: Path
) -> None:
    notation = exercise_notation(exercise=birthday)
    assert notation["notes"][0]["onset"] == 0 and notation["bars"][:2] == pytest.approx([0, 0.5], abs=1e-3)
    counted = page_count_in({k: notation[k] for k in ("meter", "beat_seconds", "bars")})
    # "1 2 3 | 1 2", the pickup on 3: a bar and two beats at 120 = 2.5 s before the first note.
    assert counted["words"] == "1 2 3 | 1 2" and counted["lead"] == pytest.approx(2.5, abs=1e-3)

    # The student comes in where the count put the pickup; the recorder started 0.3 s before the first click.
    started = 0.3
    onset, played = started + counted["lead"], []
    for bar in BIRTHDAY:
        for name, quarters in bar:
            played.append(Played(MIDI[name], onset, quarters * QUARTER_SECONDS * 0.92))
            onset += quarters * QUARTER_SECONDS
    take = write_wav(tmp_path / "take.wav", render(played, total=onset + 0.8, vibrato_cents=8))
    count_in_ms = round((started + counted["lead"]) * 1000)
    recording_id = graded_take(student, make_assignment(classroom, birthday), take, count_in_ms=count_in_ms)

    body = api_client_for(student).get(f"/api/recordings/{recording_id}/").json()
    assert body["status"] == "done", body
    notes = body["result"]["notes"]
    assert [n["timing"] for n in notes] == ["ok"] * len(played)
    assert notes[0]["onset"] == pytest.approx(started + counted["lead"], abs=0.06)  # the pickup is the first note
    assert body["timing"]["entry_ms"] == pytest.approx(0, abs=60)
