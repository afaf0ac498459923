from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from grading.models import Recording
from grading.services import audio_retention_purge
from students.privacy import data_export_build, student_data_delete
from tutor.errors import NotAllowed, NotFound
from tutor.models import Assignment, DataExport, SkillEvidence, User
from tutor.services import evidence_record

pytestmark = pytest.mark.django_db(transaction=True)


def take(student: User, assignment: Assignment, *, graded_days_ago: float = 0) -> Recording:
    recording = Recording(owner=student, exercise_id=assignment.target_id, assignment=assignment, status="done",
                          score_percent=80.0, result={"summary": {"score": 80.0}},
                          finished_at=timezone.now() - timedelta(days=graded_days_ago))
    recording.audio.save("take.wav", ContentFile(b"RIFF fake audio"), save=False)
    recording.save()
    return recording


def test_the_export_holds_the_data_and_the_audio(student: User, assignment: Assignment) -> None:
    recording = take(student, assignment)
    evidence_record(student=student, source="note", source_id=1, items=[("pc:F#@G", False, "38 cents flat")])
    export = DataExport.objects.create(owner=student)
    data_export_build(export=export)
    with zipfile.ZipFile(export.file.path) as archive:
        data = json.loads(archive.read("data.json"))
        audio_name = data["recordings"][0]["audio_file"]
        assert archive.read(audio_name) == b"RIFF fake audio"
    assert data["recordings"][0]["id"] == recording.pk and data["recordings"][0]["score"] == 80.0
    assert data["skill_evidence"][0]["detail"] == "38 cents flat"


def test_a_student_deletes_their_data_and_its_files(student: User, assignment: Assignment) -> None:
    recording = take(student, assignment)
    audio_path = Path(recording.audio.path)
    evidence_record(student=student, source="note", source_id=1, items=[("pc:F#@G", False, "")])
    counts = student_data_delete(actor=student, student=student)
    assert counts["recordings"] == 1 and counts["evidence"] == 1
    assert not Recording.objects.exists() and not SkillEvidence.objects.exists()
    assert not audio_path.exists()
    assert User.objects.filter(pk=student.pk).exists()


def test_their_teacher_may_delete_a_students_data_but_not_the_account(
    teacher: User, student: User, assignment: Assignment
) -> None:
    take(student, assignment)
    with pytest.raises(NotAllowed):
        student_data_delete(actor=teacher, student=student, delete_account=True)
    assert Recording.objects.filter(owner=student).exists()
    student_data_delete(actor=teacher, student=student)
    assert not Recording.objects.filter(owner=student).exists()
    assert User.objects.filter(pk=student.pk).exists()


def test_another_teacher_may_not(other_teacher: User, student: User, assignment: Assignment) -> None:
    take(student, assignment)
    with pytest.raises(NotFound):
        student_data_delete(actor=other_teacher, student=student)
    assert Recording.objects.filter(owner=student).exists()


def test_audio_past_retention_is_deleted_but_the_grade_stays(student: User, assignment: Assignment, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AUDIO_RETENTION_DAYS = 90
    old = take(student, assignment, graded_days_ago=91)
    recent = take(student, assignment, graded_days_ago=89)
    old_path = Path(old.audio.path)
    assert audio_retention_purge() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.audio and not old_path.exists() and old.score_percent == 80.0
    assert recent.audio and Path(recent.audio.path).exists()


def test_a_teacher_exports_and_downloads_a_students_data(teacher: User, student: User, assignment: Assignment) -> None:
    from django.test import Client

    from students.tasks import build_data_export

    take(student, assignment)
    client = Client()
    client.force_login(teacher)
    client.post(f"/students/{student.pk}/export/")
    export = DataExport.objects.get()
    assert export.owner == student and export.requested_by == teacher
    build_data_export.apply(args=[export.pk])
    download = client.get(f"/account/exports/{export.pk}/download/")
    assert download.status_code == 200
    student_client = Client()
    student_client.force_login(student)
    assert student_client.get(f"/account/exports/{export.pk}/download/").status_code == 404


def test_an_outsider_can_neither_export_nor_delete(other_teacher: User, other_student: User, student: User,
                                                    assignment: Assignment) -> None:
    from tests.conftest import api_client_for

    take(student, assignment)
    for outsider in (other_teacher, other_student):
        client = api_client_for(outsider)
        assert client.post("/api/exports/", {"student": student.pk}).status_code == 404
        assert client.post(f"/api/students/{student.pk}/delete-data/").status_code == 404
    assert Recording.objects.filter(owner=student).exists() and not DataExport.objects.exists()


def test_a_student_deletes_their_own_data_from_the_account_page(student: User, assignment: Assignment) -> None:
    from django.test import Client

    take(student, assignment)
    client = Client()
    client.force_login(student)
    client.post(f"/students/{student.pk}/delete-data/", {})
    assert Recording.objects.filter(owner=student).exists(), "deleted without confirmation"
    client.post(f"/students/{student.pk}/delete-data/", {"confirm": "on"})
    assert not Recording.objects.filter(owner=student).exists()


def test_a_teacher_listening_to_a_take_is_logged(teacher: User, student: User, assignment: Assignment) -> None:
    from django.test import Client

    from tutor.models import AccessLog

    recording = take(student, assignment)
    for person in (student, teacher):
        client = Client()
        client.force_login(person)
        assert client.get(f"/takes/{recording.pk}/audio/").status_code == 200
    log = AccessLog.objects.get()
    assert log.actor == teacher and log.subject == student and log.object_id == recording.pk


def test_the_gradebook_still_works_after_a_student_deletes_their_data(
    teacher: User, student: User, assignment: Assignment
) -> None:
    from django.test import Client

    from grading.models import Transcription

    take(student, assignment)
    transcription = Transcription(owner=student, status="done", result={"notes": []})
    transcription.audio.save("tune.wav", ContentFile(b"RIFF a tune"), save=False)
    transcription.save()
    student_client = Client()
    student_client.force_login(student)
    response = student_client.post(f"/students/{student.pk}/delete-data/", {"confirm": "on"}, follow=True)
    assert "Deleted 2 recording(s)" in response.content.decode()
    assert not Transcription.objects.exists() and not Path(transcription.audio.path).exists()
    client = Client()
    client.force_login(teacher)
    page = client.get(f"/classes/{assignment.classroom_id}/gradebook/")
    assert page.status_code == 200 and student.username in page.content.decode()
    assert client.get(f"/classes/{assignment.classroom_id}/gradebook/?format=csv").status_code == 200
    assert client.get(f"/students/{student.pk}/progress/").status_code == 200
    assert client.get(f"/assignments/{assignment.pk}/").status_code == 200


def test_the_account_page_says_what_deleting_the_data_deletes(student: User, teacher: User) -> None:
    from django.test import Client

    client = Client()
    client.force_login(student)
    page = client.get("/account/").content.decode()
    assert "range tests and the melodies you had" in page and "transcribed" in page
    assert "the drills your teachers made from your skill profile, with their assignments to you" in page
    assert "What stays: your account, your classes" in page
    chinese = client.get("/account/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "老师根据你的技能档案为你生成的专项练习" in chinese and "会保留的：你的账号" in chinese
    client.force_login(teacher)
    page = client.get("/account/").content.decode()
    # A teacher's page lists what goes, then what stays, like the student's (it was one run-on paragraph).
    assert "the drills you generated, with their assignments" in page and 'class="data-goes"' in page
    assert "What stays: your account, your classes, your other exercises, uploaded scores and quizzes" in page
    teacher.language = "zh-hans"
    teacher.save(update_fields=["language"])
    chinese = client.get("/account/").content.decode()
    assert "你生成的专项练习及其作业" in chinese and "会保留的：你的账号、你的班级" in chinese
    assert "What stays" not in chinese


def _personalised_set(teacher: User, classroom, classmate: User) -> list[Assignment]:  # type: ignore[no-untyped-def]
    """The teacher assigns a drill per student of the class, each made from that student's weak spots."""
    from unittest import mock

    from students.services import assignments_create_drills
    from tutor.models import Enrollment

    Enrollment.objects.create(classroom=classroom, student=classmate)
    with mock.patch("generation.services._queue_media"):
        return assignments_create_drills(teacher=teacher, classroom=classroom, personalised=True)


@pytest.mark.parametrize("actor", ["student", "teacher"])
def test_drills_made_from_a_students_profile_go_with_their_data_and_the_gradebook_keeps_working(
    teacher: User, student: User, classroom, actor: str  # type: ignore[no-untyped-def]
) -> None:
    """A personalised drill is made from the student's weak spots (its targets, its notes): it is their data.
    Deleting the data (the student's own request, or their teacher's) deletes the drills made for them, their
    exercises and files, and the assignments of those drills to them; the classmate's drill and assignment of
    the same set stay, and the teacher's gradebook keeps its column."""
    from django.test import Client

    from generation.models import Drill
    from grading.models import Exercise

    classmate = User.objects.create_user(username="clara", password="a-long-test-password", role="student")
    SkillEvidence.objects.create(student=student, tag="pc:F#@G", correct=False, source=SkillEvidence.Source.QUIZ,
                                 source_id=1)
    made = _personalised_set(teacher, classroom, classmate)
    mine = next(a for a in made if a.student_id == student.pk)
    theirs = next(a for a in made if a.student_id == classmate.pk)
    drill = Drill.objects.get(student=student)
    take(student, mine)
    folder = Path(drill.exercise.score.path).parent if drill.exercise else None
    score_file = Path(drill.exercise.score.path)
    assert score_file.exists()
    actor_user = student if actor == "student" else teacher
    counts = student_data_delete(actor=actor_user, student=student)
    assert counts["drills"] == 1
    assert not Drill.objects.filter(student=student).exists()
    assert not Exercise.objects.filter(pk=mine.target_id).exists() and not score_file.exists()
    assert not Assignment.objects.filter(pk=mine.pk).exists()
    assert Drill.objects.filter(student=classmate).exists() and Assignment.objects.filter(pk=theirs.pk).exists()
    assert folder is not None
    client = Client()
    client.force_login(teacher)
    book = client.get(f"/classes/{classroom.pk}/gradebook/")
    assert book.status_code == 200 and "clara" in book.content.decode() and "sam" in book.content.decode()
    assert client.get(f"/classes/{classroom.pk}/gradebook/?format=csv").status_code == 200
    assert client.get(f"/assignments/{theirs.pk}/").status_code == 200
    assert client.get(f"/classes/{classroom.pk}/").status_code == 200
    assert client.get("/dashboard/").status_code == 200
    client.force_login(student)
    assert client.get("/dashboard/").status_code == 200 and client.get("/drills/").status_code == 200


@pytest.mark.parametrize("actor", ["student", "teacher"])
def test_a_teachers_own_take_of_a_students_personalised_drill_goes_with_the_drill(
    teacher: User, student: User, classroom, actor: str  # type: ignore[no-untyped-def]
) -> None:
    """The teacher tried the student's personalised drill in the studio: their take no longer keeps the drill's
    exercise (made from the student's weak spots) and its assignment to the student after the student's data is
    deleted; the take goes with its exercise. The teacher's take of the classmate's drill is not touched."""
    from grading.models import Exercise

    classmate = User.objects.create_user(username="clara", password="a-long-test-password", role="student")
    made = _personalised_set(teacher, classroom, classmate)
    mine = next(a for a in made if a.student_id == student.pk)
    theirs = next(a for a in made if a.student_id == classmate.pk)
    tried = Recording(owner=teacher, exercise_id=mine.target_id, status="done", score_percent=90.0)
    tried.audio.save("try.wav", ContentFile(b"RIFF teacher's try"), save=False)
    tried.save()
    tried_path = Path(tried.audio.path)
    kept = Recording.objects.create(owner=teacher, exercise_id=theirs.target_id, status="done", score_percent=70.0)
    if actor == "teacher":  # the teacher is told before deleting, in their language
        from django.test import Client

        client = Client()
        client.force_login(teacher)
        assert "and your own takes of those drills" in client.get(f"/students/{student.pk}/progress/").content.decode()
        teacher.language = "zh-hans"
        teacher.save(update_fields=["language"])
        assert "你自己对这些练习的录音" in client.get(f"/students/{student.pk}/progress/").content.decode()
        done = client.post(f"/students/{student.pk}/delete-data/", {"confirm": "on"}, follow=True).content.decode()
        assert "已删除 sam 在你的作业上的 0 条录音和 0 次测验作答、你为其生成的 1 个专项练习" in done
    else:
        student_data_delete(actor=student, student=student)
    assert not Exercise.objects.filter(pk=mine.target_id).exists()
    assert not Assignment.objects.filter(pk=mine.pk).exists()
    assert not Recording.objects.filter(pk=tried.pk).exists() and not tried_path.exists()
    assert Recording.objects.filter(pk=kept.pk).exists() and Assignment.objects.filter(pk=theirs.pk).exists()


def test_a_class_drill_with_a_teachers_take_keeps_its_exercise_for_the_class(
    teacher: User, student: User, classroom  # type: ignore[no-untyped-def]
) -> None:
    """A class drill is nobody's data in particular: the teacher's take of it keeps it after a student's deletion."""
    from unittest import mock

    from students.services import assignments_create_drills

    with mock.patch("generation.services._queue_media"):
        (drill,) = assignments_create_drills(teacher=teacher, classroom=classroom, personalised=False)
    take(student, drill)
    tried = Recording.objects.create(owner=teacher, exercise_id=drill.target_id, status="done", score_percent=90.0)
    student_data_delete(actor=teacher, student=student)
    assert Recording.objects.filter(pk=tried.pk).exists() and Assignment.objects.filter(pk=drill.pk).exists()
