"""Titles the tutor makes for exercises (a part of an uploaded piece, an untitled saved melody) follow the reader's
language, as assignment titles do; a title someone typed stays as typed in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from grading.services import exercise_part
from tests.conftest import api_client_for, exercise_from_music21, make_assignment
from tests.grading.test_transcriptions import tune_take
from tutor.models import Assignment, Classroom, User
from tutor.services import assignment_create

pytestmark = pytest.mark.django_db


def piece(teacher: User, tmp_path: Path, *, title: str, names: tuple[str, str] = ("", "")):  # type: ignore[no-untyped-def]
    import music21

    parts = []
    for name, notes in zip(names, (["E4", "G4", "C5"], ["C3", "G2", "C3"]), strict=True):
        part = music21.stream.Part([music21.note.Note(n, quarterLength=1) for n in notes])
        if name:
            part.partName = name
        parts.append(part)
    return exercise_from_music21(teacher, music21.stream.Score(parts), tmp_path, title=title, tempo=90)


def shown(text_of, language: str) -> str:  # type: ignore[no-untyped-def]
    with translation.override(language):
        return str(text_of())


def test_an_unnamed_parts_title_follows_the_reader_and_the_typed_piece_title_stays(
    teacher: User, student: User, classroom: Classroom, tmp_path: Path
) -> None:
    # Main: "Duet: Part 2" on a Chinese page, in the studio and on the dashboard (the assignment copied from it).
    duet = piece(teacher, tmp_path, title="二重唱")
    part = exercise_part(exercise=duet, part=2)
    assert (part.title, part.title_made) == ("二重唱: Part 2", True)
    assert shown(lambda: part.title_shown, "zh-hans") == "二重唱：第2声部"
    assert shown(lambda: part.title_shown, "en") == "二重唱: Part 2"
    assert shown(lambda: duet.title_shown, "en") == "二重唱"  # typed: as typed
    untitled = assignment_create(teacher=teacher, classroom=classroom, target=part, title="")
    typed = assignment_create(teacher=teacher, classroom=classroom, target=part, title="Low part")
    untitled, typed = Assignment.objects.get(pk=untitled.pk), Assignment.objects.get(pk=typed.pk)
    assert shown(lambda: untitled.title_shown, "zh-hans") == "二重唱：第2声部"
    assert shown(lambda: typed.title_shown, "zh-hans") == "Low part"
    make_assignment(classroom, duet)
    client = Client()
    client.force_login(student)
    studio = client.get(f"/exercises/{duet.pk}/studio/?part=2", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<h1>二重唱：第2声部</h1>" in studio and "第1声部" in studio and "Part 2" not in studio
    dashboard = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "二重唱：第2声部" in dashboard and "Part 2" not in dashboard


def test_a_part_named_in_the_score_keeps_its_name(teacher: User, tmp_path: Path) -> None:
    duet = piece(teacher, tmp_path, title="Duet", names=("Soprano", "Bass"))
    part = exercise_part(exercise=duet, part=2)
    assert shown(lambda: part.title_shown, "zh-hans") == "Duet：Bass"


def test_an_untitled_saved_melody_is_my_melody_in_the_readers_language(
    student: User, tmp_path: Path, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    from grading.models import Exercise
    from grading.tasks import transcribe_take

    client = api_client_for(student)
    row_id = client.post("/api/transcriptions/", {"audio": tune_take(tmp_path / "t.wav")}, format="multipart").json()["id"]
    transcribe_take.apply(args=[row_id])
    untitled = Exercise.objects.get(pk=client.post(f"/api/transcriptions/{row_id}/exercise/", {"title": ""},
                                                   format="json").json()["id"])
    typed = Exercise.objects.get(pk=client.post(f"/api/transcriptions/{row_id}/exercise/", {"title": "My melody"},
                                                format="json").json()["id"])
    assert shown(lambda: untitled.title_shown, "zh-hans") == "我的旋律"
    assert shown(lambda: typed.title_shown, "zh-hans") == "My melody"  # typed, even in the tutor's words


def test_a_drills_exercise_title_follows_the_reader(teacher: User, classroom: Classroom) -> None:
    from generation.services import drill_create

    drill = drill_create(owner=teacher, params={"bars": 4, "key": "G"})
    exercise = drill.exercise
    assert exercise is not None and exercise.title_made
    assert shown(lambda: exercise.title_shown, "zh-hans").startswith("G大调")
    make_assignment(classroom, exercise)


def test_the_assignment_forms_exercise_list_shows_a_made_title_in_the_readers_language(
    teacher: User, classroom: Classroom
) -> None:
    from tests.conftest import make_exercise

    drill = make_exercise(teacher, title="Melody in D minor, 8 bars (level 3)")
    drill.title_made = True
    drill.save(update_fields=["title_made"])
    typed = make_exercise(teacher, title="Melody in D minor, 8 bars (level 3) for Ann")
    client = Client()
    client.force_login(teacher)
    page = client.get(f"/classes/{classroom.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # Each entry goes on to say when it was added and whether it was assigned (students.forms.ExerciseChoiceField).
    assert f'<option value="{drill.pk}">d小调旋律，8小节（等级 3） — ' in page
    assert f'<option value="{typed.pk}">Melody in D minor, 8 bars (level 3) for Ann — ' in page
    assert shown(lambda: str(drill), "zh-hans") == "d小调旋律，8小节（等级 3）"
    # Set from a Chinese page with no title typed: the assignment copies the title as stored, so an English
    # reader still reads it in English.
    client.post(f"/classes/{classroom.pk}/", {"target": drill.pk, "title": "", "tolerance_cents": 25,
                                                "wrong_cents": 50, "tolerance_ms": 100},
                HTTP_ACCEPT_LANGUAGE="zh-hans")
    assignment = Assignment.objects.get(classroom=classroom)
    assert (assignment.title, assignment.title_made) == ("Melody in D minor, 8 bars (level 3)", True)
    assert shown(lambda: assignment.title_shown, "en") == "Melody in D minor, 8 bars (level 3)"


def test_the_exercise_list_says_a_tempo_as_a_whole_number(teacher: User) -> None:
    """walk19: the teacher's exercise list said "90.0" beside "from the score"."""
    from tests.conftest import make_exercise

    make_exercise(teacher)  # tempo 90
    client = Client()
    client.force_login(teacher)
    page = client.get("/exercises/").content.decode()
    assert "<td>90</td>" in page and "90.0" not in page
