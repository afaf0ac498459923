"""A teacher who leaves takes their own data with them, never their students' work.

The student's takes of the teacher's exercises (a class exercise graded through the real task, a part of
a piece, a drill the teacher made for them), their notes, audio and evidence, and their quiz attempts on
the teacher's quiz stay, and the student's pages still show them; the teacher's account, classes and
unused exercises go with their files. Once the student's last take of such an exercise goes, so does it.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from generation.models import Drill
from generation.services import drill_create
from grading.models import Exercise, NoteResult, Recording
from grading.services import exercise_part
from grading.tasks import analyze_recording
from lessons.models import Quiz, QuizAttempt, ServedQuestion
from students.privacy import data_export_build, student_data_delete
from tests.conftest import api_client_for, make_assignment, make_exercise
from tests.grading.takes import twinkle_take
from tests.lessons.test_quizzes_api import assign, build_quiz, right_answer, start
from tests.students.test_account_files import take_of, two_part_piece
from tutor.models import Classroom, DataExport, SkillEvidence, User

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def work(teacher: User, student: User, classroom: Classroom, tmp_path: Path) -> dict[str, Any]:
    """The student's work on the teacher's material, and one exercise of the teacher's nobody sang."""
    exercise = make_exercise(teacher, "Twinkle")
    assignment = make_assignment(classroom, exercise)
    audio = twinkle_take(tmp_path / "take.wav", cents={2: -40})
    response = api_client_for(student).post(
        "/api/recordings/", {"assignment": assignment.pk,
                             "audio": SimpleUploadedFile("take.wav", audio.read_bytes(), content_type="audio/wav")},
        format="multipart",
    )
    assert response.status_code == 202, response.json()
    analyze_recording.apply(args=[response.json()["id"]])
    graded = Recording.objects.get(pk=response.json()["id"])
    assert graded.status == "done" and graded.notes.exists()

    piece = two_part_piece(teacher, tmp_path)
    make_assignment(classroom, piece)
    part = exercise_part(exercise=piece, part=2)
    drill = drill_create(owner=teacher, student=student, params={"bars": 4})
    assert drill.exercise is not None
    make_assignment(classroom, drill.exercise, student=student)
    takes = [graded, take_of(student, part), take_of(student, drill.exercise)]

    quiz = build_quiz(teacher, mode="practice", time_limit_seconds=None, attempts_allowed=None,
                      items=[{"kind": "interval_identify", "params": {}, "count": 1}])
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    question = api_client_for(student).get(f"/api/attempts/{attempt['id']}/next/").json()
    answered = api_client_for(student).post(f"/api/questions/{question['id']}/answer/",
                                            {"answer": right_answer(question["id"])}, format="json")
    assert answered.status_code == 200, answered.json()

    unused = make_exercise(teacher, "Nobody sang this")
    return {
        "takes": takes, "exercises": [exercise, piece, part, drill.exercise], "attempt": attempt["id"],
        "notes": NoteResult.objects.filter(recording__in=takes).count(),
        "evidence": SkillEvidence.objects.filter(student=student).count(),
        "audio": [Path(take.audio.path) for take in takes],
        "scores": [Path(e.score.path) for e in (exercise, piece, part, drill.exercise)],
        "unused": Path(unused.score.path), "drill": drill,
    }


def assert_the_students_work_survived(student: User, work: dict[str, Any]) -> None:
    takes = work["takes"]
    assert Recording.objects.filter(pk__in=[t.pk for t in takes], owner=student).count() == len(takes)
    assert NoteResult.objects.filter(recording__in=takes).count() == work["notes"] > 0
    assert SkillEvidence.objects.filter(student=student).count() == work["evidence"] > 0
    assert [path for path in [*work["audio"], *work["scores"]] if not path.exists()] == []
    assert QuizAttempt.objects.filter(pk=work["attempt"], student=student).exists()
    assert ServedQuestion.objects.filter(attempt_id=work["attempt"], correct=True).exists()
    # The exercises the takes are of stay, belonging to nobody now.
    assert list(Exercise.objects.filter(pk__in=[e.pk for e in work["exercises"]]).values_list("owner", flat=True)) \
        == [None] * 4

    pages = signed_in(student)
    for take in takes:
        assert pages.get(f"/takes/{take.pk}/").status_code == 200
        assert api_client_for(student).get(f"/api/recordings/{take.pk}/").status_code == 200
    assert pages.get(f"/exercises/{takes[0].exercise_id}/studio/").status_code == 200
    assert api_client_for(student).get(f"/api/exercises/{takes[0].exercise_id}/").status_code == 200
    # The piece a part was sung of, and its other part, made when the student picks it in the studio.
    piece = work["exercises"][1]
    assert pages.get(f"/exercises/{piece.pk}/studio/?part=1").status_code == 200
    other_part = Exercise.objects.get(parent=piece, part_number=1)
    assert api_client_for(student).get(f"/api/exercises/{other_part.pk}/").status_code == 200
    assert pages.get("/dashboard/").status_code == 200
    assert pages.get(f"/students/{student.pk}/progress/").status_code == 200
    assert pages.get(f"/attempts/{work['attempt']}/").status_code == 200
    quiz = QuizAttempt.objects.get(pk=work["attempt"]).quiz
    assert quiz is not None and pages.get(f"/quizzes/{quiz.pk}/").status_code == 200
    assert api_client_for(student).get(f"/api/attempts/{work['attempt']}/").status_code == 200
    assert api_client_for(student).get(f"/api/students/{student.pk}/profile/").status_code == 200


def assert_the_teachers_data_went(teacher: User, work: dict[str, Any]) -> None:
    assert not User.objects.filter(pk=teacher.pk).exists()
    assert not Classroom.objects.exists() and not Drill.objects.filter(pk=work["drill"].pk).exists()
    assert not Exercise.objects.filter(title="Nobody sang this").exists() and not work["unused"].exists()
    # The quiz the student sat stays for the attempt, like the exercises.
    assert list(Quiz.objects.values_list("owner", flat=True)) == [None]


def test_a_teacher_deleting_their_account_keeps_their_students_takes(
    teacher: User, student: User, work: dict[str, Any], django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the rows are gone for good
        response = api_client_for(teacher).post(f"/api/students/{teacher.pk}/delete-data/",
                                                {"confirm": True, "delete_account": True}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["deleted"]["exercises_kept_for_students"] == 4
    assert_the_teachers_data_went(teacher, work)
    assert_the_students_work_survived(student, work)


def test_a_teacher_deleting_their_account_from_the_account_page_keeps_their_students_takes(
    teacher: User, student: User, work: dict[str, Any], django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    page = signed_in(teacher).get("/account/").content.decode()
    assert "Those your students have sung or answered stay for them, with no owner" in page
    assert "Those your students" not in signed_in(student).get("/account/").content.decode()
    teacher.language = "zh-hans"
    teacher.save(update_fields=["language"])
    assert "不再属于任何人" in signed_in(teacher).get("/account/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(teacher).post(f"/students/{teacher.pk}/delete-data/",
                                           {"confirm": "on", "delete_account": "on"})
    assert response.status_code == 302
    assert_the_teachers_data_went(teacher, work)
    assert_the_students_work_survived(student, work)


def test_an_administrator_deleting_a_teacher_keeps_their_students_takes(
    teacher: User, student: User, work: dict[str, Any], django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    root = User.objects.create_superuser(username="root", password="a-long-test-password")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(root).post("/admin/tutor/user/", {"action": "delete_accounts",
                                                               "_selected_action": [teacher.pk]}, follow=True)
    assert response.status_code == 200
    assert "Kept for their students" in response.content.decode() and "tina: 4 exercise(s), 1 quiz(zes)" in response.content.decode()
    assert_the_teachers_data_went(teacher, work)
    assert_the_students_work_survived(student, work)


def test_a_teacher_deleting_only_their_data_keeps_the_takes_of_their_drills(
    teacher: User, student: User, work: dict[str, Any], django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        student_data_delete(actor=teacher, student=teacher)
    drill_take = work["takes"][2]
    assert Recording.objects.filter(pk=drill_take.pk).exists() and Path(drill_take.audio.path).exists()
    assert Exercise.objects.get(pk=drill_take.exercise_id).owner == teacher  # still theirs, still assigned
    assert not Drill.objects.filter(pk=work["drill"].pk).exists()


def test_the_students_export_and_account_deletion_still_cover_those_takes(
    teacher: User, student: User, work: dict[str, Any], django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        student_data_delete(actor=teacher, student=teacher, delete_account=True)
    export = DataExport.objects.create(owner=student, requested_by=student)
    data_export_build(export=export)
    with zipfile.ZipFile(export.file.path) as archive:
        data = json.loads(archive.read("data.json"))
        assert {r["id"] for r in data["recordings"]} == {t.pk for t in work["takes"]}
        assert archive.read(data["recordings"][0]["audio_file"]) == work["audio"][0].read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        student_data_delete(actor=student, student=student, delete_account=True)
    # The last take of each exercise went: the exercise, its files and the quiz go too.
    assert not Recording.objects.exists() and not Exercise.objects.exists() and not Quiz.objects.exists()
    assert [path for path in [*work["audio"], *work["scores"], Path(export.file.path)] if path.exists()] == []


def test_the_last_take_going_without_the_account_takes_the_departed_teachers_exercise(
    teacher: User, student: User, other_student: User, work: dict[str, Any],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    kept = take_of(other_student, work["exercises"][0])  # someone else still needs this one
    with django_capture_on_commit_callbacks(execute=True):
        student_data_delete(actor=teacher, student=teacher, delete_account=True)
    with django_capture_on_commit_callbacks(execute=True):
        student_data_delete(actor=student, student=student)
    assert User.objects.filter(pk=student.pk).exists()
    assert list(Exercise.objects.values_list("pk", flat=True)) == [kept.exercise_id]
    assert work["scores"][0].exists() and [path for path in work["scores"][1:] if path.exists()] == []
    assert Path(kept.audio.path).exists()


def test_a_teacher_withdrawing_the_assignment_or_the_student_leaves_the_takes(
    teacher: User, student: User, classroom: Classroom, work: dict[str, Any]
) -> None:
    graded = work["takes"][0]
    teacher_api = api_client_for(teacher)
    assert teacher_api.delete(f"/api/assignments/{graded.assignment_id}/").status_code == 204
    assert teacher_api.delete(f"/api/classrooms/{classroom.pk}/students/{student.pk}/").status_code == 204
    assert Recording.objects.filter(owner=student).count() == len(work["takes"])
    assert NoteResult.objects.filter(recording__in=work["takes"]).count() == work["notes"]
    assert [path for path in work["audio"] if not path.exists()] == []
    assert QuizAttempt.objects.filter(pk=work["attempt"]).exists()
    pages = signed_in(student)
    for take in work["takes"]:
        assert pages.get(f"/takes/{take.pk}/").status_code == 200
    assert pages.get(f"/students/{student.pk}/progress/").status_code == 200
