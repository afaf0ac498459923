"""A student in two teachers' classes: each teacher exports and deletes only their own part, and is logged.

Issue 18, finding 5. Every path: export by page and by API (built by the task),
the download, delete by page, by API and by the service, and the account.
"""

from __future__ import annotations

import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from grading.models import Recording
from students.privacy import student_data_delete
from students.tasks import build_data_export
from tests.conftest import api_client_for, make_assignment, make_exercise
from tutor.errors import NotAllowed
from tutor.models import AccessLog, Assignment, Classroom, DataExport, Enrollment, SkillEvidence, User
from tutor.services import evidence_record

pytestmark = pytest.mark.django_db


def take(student: User, assignment: Assignment) -> Recording:
    recording = Recording(owner=student, exercise_id=assignment.target_id, assignment=assignment, status="done",
                          score_percent=70.0, result={"summary": {"score": 70.0}})
    recording.audio.save("take.wav", ContentFile(f"audio for {assignment.title}".encode()), save=False)
    recording.save()
    return recording


@pytest.fixture
def shared(teacher: User, other_teacher: User, student: User, classroom: Classroom):  # type: ignore[no-untyped-def]
    """``student`` is in ``teacher``'s Choir and in ``other_teacher``'s Band, with a take for each."""
    band = Classroom.objects.create(teacher=other_teacher, name="Band")
    Enrollment.objects.create(classroom=band, student=student)
    mine = make_assignment(classroom, make_exercise(teacher, "Scales"))
    theirs = make_assignment(band, make_exercise(other_teacher, "Secret band piece"))
    return {"mine": take(student, mine), "theirs": take(student, theirs), "band": band}


def built_export(export_id: int) -> dict:  # type: ignore[type-arg]
    build_data_export.apply(args=[export_id])
    export = DataExport.objects.get(pk=export_id)
    assert export.status == "done", export.error
    with zipfile.ZipFile(export.file.path) as archive:
        data = json.loads(archive.read("data.json"))
        data["audio"] = sorted(n for n in archive.namelist() if n.startswith("audio/"))
    return data


def assert_only_my_part(data: dict, shared: dict) -> None:  # type: ignore[type-arg]
    assert [r["id"] for r in data["recordings"]] == [shared["mine"].pk]
    assert data["audio"] == [f"audio/{shared['mine'].pk}-{shared['mine'].audio.name.rsplit('/', 1)[-1]}"]
    text = json.dumps(data)
    assert "Band" not in text and "Secret band piece" not in text
    assert "skill_evidence" not in data and "email" not in data["user"]


def test_a_teachers_export_by_api_holds_only_their_classes_and_is_logged(
    teacher: User, student: User, shared: dict  # type: ignore[type-arg]
) -> None:
    response = api_client_for(teacher).post("/api/exports/", {"student": student.pk})
    assert response.status_code == 202
    assert_only_my_part(built_export(response.json()["id"]), shared)
    assert AccessLog.objects.filter(actor=teacher, subject=student, action="data-export").count() == 1


def test_a_teachers_export_by_page_holds_only_their_classes_and_its_download_is_logged(
    teacher: User, student: User, shared: dict  # type: ignore[type-arg]
) -> None:
    client = Client()
    client.force_login(teacher)
    client.post(f"/students/{student.pk}/export/")
    export = DataExport.objects.get()
    assert_only_my_part(built_export(export.pk), shared)
    assert client.get(f"/account/exports/{export.pk}/download/").status_code == 200
    actions = set(AccessLog.objects.filter(actor=teacher, subject=student).values_list("action", flat=True))
    assert actions == {"data-export", "export-download"}


def test_the_students_own_export_still_holds_everything(student: User, shared: dict) -> None:  # type: ignore[type-arg]
    response = api_client_for(student).post("/api/exports/")
    data = built_export(response.json()["id"])
    assert {r["id"] for r in data["recordings"]} == {shared["mine"].pk, shared["theirs"].pk}
    assert len(data["audio"]) == 2 and "skill_evidence" in data
    assert not AccessLog.objects.exists()


def test_a_teachers_delete_by_api_removes_only_their_part_and_needs_confirmation(
    teacher: User, student: User, shared: dict  # type: ignore[type-arg]
) -> None:
    evidence_record(student=student, source="note", source_id=10**9, items=[("key:G", True, "")])
    client = api_client_for(teacher)
    url = f"/api/students/{student.pk}/delete-data/"
    for body in ({}, {"confirm": False}):
        response = client.post(url, body, format="json")
        assert response.status_code == 400 and "confirm" in response.json()["error"]["fields"]
    assert Recording.objects.filter(owner=student).count() == 2
    response = client.post(url, {"confirm": True}, format="json")
    assert response.status_code == 200, response.content
    assert list(Recording.objects.filter(owner=student)) == [shared["theirs"]]
    assert SkillEvidence.objects.filter(student=student).exists(), "evidence from elsewhere went too"
    assert AccessLog.objects.filter(actor=teacher, subject=student, action="data-delete").exists()


@pytest.mark.parametrize("path", ["api", "page", "service"])
def test_a_teacher_cannot_delete_the_account_or_the_other_teachers_takes(
    path: str, teacher: User, student: User, shared: dict  # type: ignore[type-arg]
) -> None:
    if path == "api":
        response = api_client_for(teacher).post(
            f"/api/students/{student.pk}/delete-data/", {"confirm": True, "delete_account": True}, format="json"
        )
        assert response.status_code == 403 and response.json()["error"]["code"] == "not_allowed"
    elif path == "page":
        client = Client()
        client.force_login(teacher)
        response = client.post(f"/students/{student.pk}/delete-data/", {"confirm": "on", "delete_account": "on"},
                               follow=True)
        assert b"Only the student" in response.content
    else:
        with pytest.raises(NotAllowed):
            student_data_delete(actor=teacher, student=student, delete_account=True)
    assert User.objects.filter(pk=student.pk).exists()
    assert Recording.objects.filter(owner=student).count() == 2


def test_a_teachers_delete_by_page_removes_only_their_part(
    teacher: User, other_teacher: User, student: User, shared: dict  # type: ignore[type-arg]
) -> None:
    client = Client()
    client.force_login(other_teacher)
    client.post(f"/students/{student.pk}/delete-data/", {"confirm": "on"})
    assert list(Recording.objects.filter(owner=student)) == [shared["mine"]]


def test_only_the_student_deletes_the_account_by_api_with_confirmation(student: User, shared: dict) -> None:  # type: ignore[type-arg]
    client = api_client_for(student)
    url = f"/api/students/{student.pk}/delete-data/"
    assert client.post(url, {"delete_account": True}, format="json").status_code == 400
    assert User.objects.filter(pk=student.pk).exists()
    assert client.post(url, {"confirm": True, "delete_account": True}, format="json").status_code == 200
    assert not User.objects.filter(pk=student.pk).exists() and not Recording.objects.exists()


def test_an_administrator_may_delete_the_account(student: User, shared: dict) -> None:  # type: ignore[type-arg]
    admin = User.objects.create_superuser(username="root", password="a-long-test-password")
    student_data_delete(actor=admin, student=student, delete_account=True)
    assert not User.objects.filter(pk=student.pk).exists() and not Recording.objects.exists()


def test_a_teacher_is_not_offered_to_delete_the_students_account(teacher: User, student: User, shared: dict) -> None:  # type: ignore[type-arg]
    client = Client()
    client.force_login(teacher)
    page = client.get(f"/students/{student.pk}/progress/").content.decode()
    assert 'name="confirm"' in page and 'name="delete_account"' not in page
    client.force_login(student)
    assert 'name="delete_account"' in client.get("/account/").content.decode()


def test_a_teacher_reads_on_the_progress_page_only_the_takes_of_their_own_assignments(
    teacher: User, other_teacher: User, student: User, shared  # type: ignore[no-untyped-def]
) -> None:
    """The progress page listed every take of the student, the other teacher's and the student's own practice
    too, with links that led the teacher to "not found"; the student still sees them all."""
    Recording.objects.create(owner=student, exercise_id=shared["mine"].exercise_id, status="done",
                             score_percent=55.0)  # practice on their own, not for an assignment
    client = Client()
    client.force_login(teacher)
    page = client.get(f"/students/{student.pk}/progress/").content.decode()
    assert f'/takes/{shared["mine"].pk}/' in page and "Scales" in page
    assert f'/takes/{shared["theirs"].pk}/' not in page and "Secret band piece" not in page and "55%" not in page
    client.force_login(student)
    own = client.get(f"/students/{student.pk}/progress/").content.decode()
    assert f'/takes/{shared["theirs"].pk}/' in own and "Secret band piece" in own
