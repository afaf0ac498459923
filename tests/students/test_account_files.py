"""Deleting an account deletes every file that belonged to it, and never another person's.

The files are made through the code that makes them in use (uploads through the API, a transcription
saved as an exercise, drills rendered as a worker would, the studio's notation, an export), each kind
of file beside one that belongs to someone else: a teacher's piece assigned to the student, the part of
it the student practised, a drill the teacher made for them, another student's takes and drills.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from generation.models import Drill
from generation.services import drill_create
from generation.tasks import render_drill_media
from grading.models import Exercise, RangeTest, Recording, ScoreUpload, Transcription
from grading.services import exercise_part
from grading.tasks import transcribe_take
from students.privacy import data_export_build
from studio.notation import exercise_notation
from tests.conftest import DEMO_SCORE, api_client_for, exercise_from_music21, make_assignment, make_exercise
from tests.grading.test_transcriptions import tune_take
from tutor.models import Assignment, Classroom, DataExport, Enrollment, User

pytestmark = pytest.mark.django_db


def media(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def files_under(folder: str) -> list[Path]:
    return sorted(p for p in media(folder).rglob("*") if p.is_file())


def take_of(student: User, exercise: Exercise) -> Recording:
    recording = Recording(owner=student, exercise=exercise, status="done", score_percent=80.0)
    recording.audio.save("take.wav", ContentFile(b"RIFF a take"), save=False)
    recording.save()
    return recording


def range_test_of(student: User) -> RangeTest:
    test = RangeTest(owner=student, status="done", low_midi=55, high_midi=74)
    test.audio.save("range.wav", ContentFile(b"RIFF a range test"), save=False)
    test.save()
    return test


def transcribed_melody(student: User, tmp_path: Path) -> tuple[Transcription, Exercise]:
    """A sung melody transcribed and saved as the student's own exercise, as the transcription page does."""
    client = api_client_for(student)
    row_id = client.post("/api/transcriptions/", {"audio": tune_take(tmp_path / f"{student.username}.wav")},
                         format="multipart").json()["id"]
    transcribe_take.apply(args=[row_id])
    saved = client.post(f"/api/transcriptions/{row_id}/exercise/", {"title": "My tune"}, format="json")
    assert saved.status_code == 201, saved.json()
    return Transcription.objects.get(pk=row_id), Exercise.objects.get(pk=saved.json()["id"])


def rendered_drill(owner: User) -> Drill:
    """A drill asked for on the API, its score and drawings written as the worker writes them (no audio)."""
    drill_id = api_client_for(owner).post("/api/drills/", {"params": {"bars": 4}}, format="json").json()["id"]
    with mock.patch("generation.services.BACKGROUND_FORMATS", ()):
        render_drill_media.apply(args=[drill_id])
    drill = Drill.objects.select_related("exercise").get(pk=drill_id)
    assert drill.exercise is not None and drill.files
    return drill


def two_part_piece(teacher: User, tmp_path: Path) -> Exercise:
    import music21

    upper, lower = music21.stream.Part(), music21.stream.Part()
    upper.append([music21.note.Note("E4"), music21.note.Note("G4"), music21.note.Note("C5", quarterLength=2)])
    lower.append([music21.note.Note("C3", quarterLength=2), music21.note.Note("G2", quarterLength=2)])
    return exercise_from_music21(teacher, music21.stream.Score([upper, lower]), tmp_path, title="Duet", tempo=90)


@pytest.fixture
def belongings(student: User, teacher: User, other_student: User, classroom: Classroom,
               tmp_path: Path) -> dict[str, list[Path]]:
    """Files of the student (``mine``) and of other people that the student uses or sits beside (``theirs``)."""
    piece = two_part_piece(teacher, tmp_path)
    make_assignment(classroom, piece)
    part = exercise_part(exercise=piece, part=2)  # the student practises the lower part: the teacher's exercise
    assert part.owner == teacher
    exercise_notation(exercise=part)
    profile_drill = drill_create(owner=teacher, student=student, params={"bars": 4})  # made for the student
    assert profile_drill.exercise is not None
    make_assignment(classroom, profile_drill.exercise, student=student)

    transcription, melody = transcribed_melody(student, tmp_path)
    exercise_notation(exercise=melody)  # the studio's drawing of the student's own melody
    drill = rendered_drill(student)
    export = DataExport.objects.create(owner=student, requested_by=student)
    data_export_build(export=export)
    mine = [
        Path(take_of(student, piece).audio.path), Path(take_of(student, part).audio.path),
        Path(range_test_of(student).audio.path), Path(transcription.audio.path), Path(melody.score.path),
        Path(drill.exercise.score.path), Path(export.file.path),
        *files_under(drill.folder), *files_under(melody.media_folder), Path(profile_drill.exercise.score.path),
    ]
    other_drill = rendered_drill(other_student)
    theirs = [
        Path(piece.score.path), Path(part.score.path), *files_under(part.media_folder),
        Path(take_of(other_student, make_exercise(teacher, "Scales")).audio.path),
        Path(range_test_of(other_student).audio.path), Path(other_drill.exercise.score.path),
        *files_under(other_drill.folder),
    ]
    assert all(path.exists() for path in [*mine, *theirs])
    assert len(files_under(drill.folder)) >= 3 and files_under(melody.media_folder)  # score, MIDI, SVG; notation
    return {"mine": mine, "theirs": theirs, "profile_drill": [media(profile_drill.folder)]}


def test_a_student_deleting_their_account_deletes_every_file_of_it_and_no_one_elses(
    student: User, belongings: dict[str, list[Path]], django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the rows are gone for good
        response = api_client_for(student).post(f"/api/students/{student.pk}/delete-data/",
                                                {"confirm": True, "delete_account": True}, format="json")
    assert response.status_code == 200, response.json()
    assert not User.objects.filter(username="sam").exists()
    assert [path for path in belongings["mine"] if path.exists()] == []
    assert [path for path in belongings["theirs"] if not path.exists()] == []
    # The drill the teacher made from the student's profile went with the student, its exercise too.
    assert not Drill.objects.filter(student__isnull=False).exists() and not belongings["profile_drill"][0].exists()
    assert not Transcription.objects.exists() and not Exercise.objects.filter(title="My tune").exists()


def test_an_administrator_deleting_a_students_account_deletes_its_files_too(
    student: User, belongings: dict[str, list[Path]], django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    root = User.objects.create_superuser(username="root", password="a-long-test-password")
    client = Client()
    client.force_login(root)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/tutor/user/", {"action": "delete_accounts", "_selected_action": [student.pk]})
    assert not User.objects.filter(username="sam").exists()
    assert [path for path in belongings["mine"] if path.exists()] == []
    assert [path for path in belongings["theirs"] if not path.exists()] == []


def test_deleting_only_the_data_deletes_every_recording_and_melody_but_keeps_the_account(
    student: User, classroom: Classroom, belongings: dict[str, list[Path]],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    # Main kept the transcriptions (the take's audio) and the melodies saved from them.
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(student).post(f"/api/students/{student.pk}/delete-data/", {"confirm": True},
                                                format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["deleted"]["transcriptions"] == 1
    assert [path for path in belongings["mine"] if path.exists()] == []
    assert [path for path in belongings["theirs"] if not path.exists()] == []
    assert not Transcription.objects.filter(owner=student).exists()
    assert not Exercise.objects.filter(owner=student).exists()
    assert not Recording.objects.filter(owner=student).exists() and not Drill.objects.filter(owner=student).exists()
    assert not Drill.objects.filter(student=student).exists() and not belongings["profile_drill"][0].exists()
    assert not Assignment.objects.filter(student=student).exists()  # the profile drill's, to them alone
    assert Enrollment.objects.filter(classroom=classroom, student=student).exists()
    assert not RangeTest.objects.filter(owner=student).exists() and not DataExport.objects.filter(owner=student).exists()
    for folder in ("recordings", "range-tests", "transcriptions", "exports"):
        assert not media(f"{folder}/{student.pk}").exists(), folder
    assert User.objects.filter(pk=student.pk).exists() and classroom.has_student(student)


def test_a_stray_file_in_the_persons_own_folder_goes_with_their_data(
    student: User, other_student: User, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    stray = default_storage.save(f"transcriptions/{student.pk}/left-behind.wav", ContentFile(b"RIFF"))
    theirs = default_storage.save(f"transcriptions/{other_student.pk}/theirs.wav", ContentFile(b"RIFF"))
    with django_capture_on_commit_callbacks(execute=True):
        api_client_for(student).post(f"/api/students/{student.pk}/delete-data/", {"confirm": True}, format="json")
    assert not default_storage.exists(stray) and default_storage.exists(theirs)


def test_a_teacher_deleting_their_own_data_keeps_their_exercises_and_deletes_their_transcriptions(
    teacher: User, classroom: Classroom, tmp_path: Path,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    piece = two_part_piece(teacher, tmp_path)
    make_assignment(classroom, piece)
    transcription, melody = transcribed_melody(teacher, tmp_path)
    audio = Path(transcription.audio.path)
    with django_capture_on_commit_callbacks(execute=True):
        api_client_for(teacher).post(f"/api/students/{teacher.pk}/delete-data/", {"confirm": True}, format="json")
    assert not Transcription.objects.exists() and not audio.exists()
    assert Exercise.objects.filter(pk__in=[piece.pk, melody.pk]).count() == 2 and Path(piece.score.path).exists()


def test_a_teacher_deleting_their_account_deletes_their_scores_parts_and_uploads(
    teacher: User, other_teacher: User, settings, tmp_path: Path,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    piece = two_part_piece(teacher, tmp_path)
    part = exercise_part(exercise=piece, part=1)
    settings.SCORE_CHECK_SECONDS = 0.001  # no score is read in that: the upload waits for a worker, stored
    response = api_client_for(teacher).post(
        "/api/exercises/", {"title": "Slow", "score": SimpleUploadedFile("slow.musicxml", DEMO_SCORE.read_bytes())},
        format="multipart",
    )
    assert response.status_code == 202, response.content[:300]
    upload = ScoreUpload.objects.get(owner=teacher)
    theirs = Path(make_exercise(other_teacher, "Scales").score.path)
    mine = [Path(piece.score.path), Path(part.score.path), Path(upload.score.path)]
    assert all(path.exists() for path in [*mine, theirs])
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(teacher).post(f"/api/students/{teacher.pk}/delete-data/",
                                                {"confirm": True, "delete_account": True}, format="json")
    assert response.status_code == 200, response.json()
    assert [path for path in mine if path.exists()] == [] and theirs.exists()


def test_a_file_another_persons_row_still_names_is_kept(
    student: User, teacher: User, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    shared = make_exercise(teacher, "Scales")
    copy = Exercise.objects.create(owner=student, title="Scales, mine", score=shared.score.name)
    assert copy.score.name == shared.score.name
    with django_capture_on_commit_callbacks(execute=True):
        api_client_for(student).post(f"/api/students/{student.pk}/delete-data/",
                                     {"confirm": True, "delete_account": True}, format="json")
    assert not Exercise.objects.filter(pk=copy.pk).exists() and Path(shared.score.path).exists()


def test_the_export_holds_every_file_of_the_person(student: User, teacher: User, classroom: Classroom,
                                                   tmp_path: Path) -> None:
    piece = make_exercise(teacher, "Scales")
    take = take_of(student, piece)
    test = range_test_of(student)
    transcription, melody = transcribed_melody(student, tmp_path)
    export = DataExport.objects.create(owner=student, requested_by=student)
    data_export_build(export=export)
    with zipfile.ZipFile(export.file.path) as archive:
        data = json.loads(archive.read("data.json"))

        def stored(entry: dict[str, object], key: str) -> bytes:
            return archive.read(str(entry[key]))

        assert stored(data["recordings"][0], "audio_file") == b"RIFF a take"
        assert stored(data["range_tests"][0], "audio_file") == b"RIFF a range test"
        [row] = data["transcriptions"]
        assert row["id"] == transcription.pk and row["result"]["key"] == "C major"
        assert stored(row, "audio_file") == Path(transcription.audio.path).read_bytes()
        [own] = data["exercises"]
        assert own["title"] == "My tune" and stored(own, "score_file") == Path(melody.score.path).read_bytes()
        # A teacher's exercise the student sang is the teacher's: not in the student's export.
        assert piece.title not in {e["title"] for e in data["exercises"]}
        assert len(archive.namelist()) == len(set(archive.namelist())) == 5
    assert take.pk == data["recordings"][0]["id"] and test.pk == data["range_tests"][0]["id"]


def test_a_teachers_export_holds_their_uploaded_scores(teacher: User, settings) -> None:  # type: ignore[no-untyped-def]
    exercise = make_exercise(teacher, "Scales")
    settings.SCORE_CHECK_SECONDS = 0.001
    api_client_for(teacher).post(
        "/api/exercises/", {"title": "Slow", "score": SimpleUploadedFile("slow.musicxml", DEMO_SCORE.read_bytes())},
        format="multipart",
    )
    upload = ScoreUpload.objects.get(owner=teacher)
    export = DataExport.objects.create(owner=teacher, requested_by=teacher)
    data_export_build(export=export)
    with zipfile.ZipFile(export.file.path) as archive:
        data = json.loads(archive.read("data.json"))
        [row] = data["score_uploads"]
        assert row["id"] == upload.pk and row["title"] == "Slow"
        assert archive.read(row["score_file"]) == DEMO_SCORE.read_bytes()
        assert archive.read(data["exercises"][0]["score_file"]) == Path(exercise.score.path).read_bytes()
    assert default_storage.exists(upload.score.name)
