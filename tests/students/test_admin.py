"""The administrator carries out a request to delete an account from the admin, through the service
(files gone too, students' work kept, logged); nobody else can, and Django's plain delete is not offered."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.core.files.base import ContentFile
from django.test import Client

from grading.models import Recording
from tests.conftest import make_assignment, make_exercise
from tutor.models import Classroom, User

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/tutor/user/"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def root() -> User:
    return User.objects.create_superuser(username="root", password="a-long-test-password")


@pytest.fixture
def take(student: User, teacher: User, classroom: Classroom) -> Recording:
    assignment = make_assignment(classroom, make_exercise(teacher, "Scales"))
    recording = Recording(owner=student, exercise_id=assignment.target_id, assignment=assignment, status="done")
    recording.audio.save("take.wav", ContentFile(b"a take"), save=False)
    recording.save()
    return recording


def test_it_deletes_a_students_and_a_teachers_account_with_the_takes_and_their_audio(
    root: User, student: User, teacher: User, take: Recording, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    audio = Path(take.audio.path)
    assert audio.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the rows are gone for good
        response = signed_in(root).post(
            CHANGELIST, {"action": "delete_accounts", "_selected_action": [student.pk, teacher.pk, root.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert not User.objects.filter(pk__in=[student.pk, teacher.pk]).exists() and not Recording.objects.exists()
    assert not audio.exists()
    # An administrator's account is not deleted here: left alone, and said so.
    assert User.objects.filter(pk=root.pk).exists()
    assert "Not deleted: root (an administrator)" in response.content.decode()
    assert LogEntry.objects.filter(action_flag=DELETION, object_repr=str(student), user=root).exists()


def test_djangos_plain_delete_is_not_offered(root: User, student: User) -> None:
    page = signed_in(root).get(CHANGELIST).content.decode()
    assert student.username in page and "delete_accounts" in page and '"delete_selected"' not in page
    assert signed_in(root).post(f"/admin/tutor/user/{student.pk}/delete/", {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=student.pk).exists()


def test_staff_who_are_not_administrators_cannot_delete_accounts(student: User) -> None:
    staff = User.objects.create_user(username="helpdesk", password="a-long-test-password", is_staff=True)
    response = signed_in(staff).post(CHANGELIST, {"action": "delete_accounts",
                                                  "_selected_action": [student.pk]})
    assert response.status_code in (302, 403)
    assert User.objects.filter(pk=student.pk).exists()


def test_students_and_teachers_do_not_reach_the_admin(student: User, teacher: User) -> None:
    for person in (student, teacher):
        response = signed_in(person).get(CHANGELIST)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
