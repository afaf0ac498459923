"""A multi-part piece in the studio: the student picks a part, sings it with the others playing,
and the take is graded on that part and counts for the piece's assignment."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Exercise
from grading.services import exercise_part, recording_submit
from grading.tasks import analyze_recording
from studio.audio import other_parts_tracks
from tests.conftest import logged_in, make_assignment
from tests.grading.analysis.synth import write_choir
from tests.grading.analysis.test_parts import sung
from tutor.models import Classroom, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def piece(teacher: User, tmp_path: Path) -> Exercise:
    path = write_choir(tmp_path / "choir.musicxml")
    exercise = Exercise(owner=teacher, title="Evening hymn")
    exercise.score.save("choir.musicxml", SimpleUploadedFile("choir.musicxml", path.read_bytes()), save=False)
    exercise.save()
    return exercise



def test_the_studio_offers_the_parts_and_opens_the_one_picked(
    piece: Exercise, student: User, classroom: Classroom
) -> None:
    assignment = make_assignment(classroom, piece)
    page = logged_in(student).get(f"/assignments/{assignment.pk}/studio/?part=2").content.decode()
    assert all(f'name="part" value="{n}"' in page for n in (1, 2, 3)) and "Soprano" in page and "Bass" in page
    alto = Exercise.objects.get(parent=piece, part_number=2)
    assert alto.part_name == "Alto" and alto.title == "Evening hymn: Alto" and alto.tempo == 100
    assert f'"exerciseId": {alto.pk}' in page and f'"assignmentId": {assignment.pk}' in page
    # Picking the same part again reuses it.
    logged_in(student).get(f"/assignments/{assignment.pk}/studio/?part=2")
    assert Exercise.objects.filter(parent=piece).count() == 1


def test_a_part_is_practised_with_the_other_parts_as_backing(piece: Exercise) -> None:
    tracks = other_parts_tracks(exercise_part(exercise=piece, part=2))
    assert [t.name for t in tracks] == ["Soprano", "Bass"]
    assert [(float(e.start), e.midi) for e in tracks[0].events] == [(0.0, 79), (2.0, 77)]


def test_a_take_of_a_part_is_graded_on_that_part_and_counts_for_the_assignment(
    piece: Exercise, student: User, classroom: Classroom, tmp_path: Path
) -> None:
    assignment = make_assignment(classroom, piece)
    alto = exercise_part(exercise=piece, part=2)
    take = sung(2, tmp_path / "alto.wav")
    recording = recording_submit(student=student, audio=SimpleUploadedFile("alto.wav", take.read_bytes()),
                                 exercise=alto, assignment=assignment)
    analyze_recording.apply(args=[recording.pk])
    recording.refresh_from_db()
    assert recording.status == "done", recording.error
    assert recording.assignment_id == assignment.pk and recording.exercise_id == alto.pk
    assert [n["target_midi"] for n in recording.result["notes"]] == [64, 65, 67, 65]
    assert recording.result["summary"]["pitch_ok"] == 4


def test_a_student_cannot_reach_the_parts_of_a_piece_not_assigned_to_them(piece: Exercise, student: User) -> None:
    alto = exercise_part(exercise=piece, part=2)
    assert logged_in(student).get(f"/exercises/{alto.pk}/studio/").status_code == 404
    assert logged_in(student).get(f"/exercises/{piece.pk}/studio/?part=2").status_code == 404
