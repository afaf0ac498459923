"""A student's assignment table says what they may still hand in ("3 attempts left"), not the limit the
teacher set: a phone walk read "次数 5" after two takes as five more. A teacher's table keeps the limit."""

from __future__ import annotations

import re

import pytest

from grading.models import Recording
from lessons import services as lesson_services
from tests.conftest import logged_in
from tutor.models import Assignment, Classroom, User
from tutor.services import assignment_create

pytestmark = pytest.mark.django_db


def attempts_cell(html: str, assignment: Assignment) -> str:
    row = re.search(rf'<tr data-assignment="{assignment.pk}">(.*?)</tr>', html, re.S)
    assert row is not None, html
    return re.sub(r"<[^>]+>|\s+", " ", re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)[-1]).strip()


def take(student: User, assignment: Assignment, status: str) -> None:
    Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment, status=status,
                             audio="x.wav")


def test_the_student_reads_the_attempts_left_and_the_teacher_the_limit(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    assignment.attempts_allowed = 5
    assignment.save(update_fields=["attempts_allowed"])
    take(student, assignment, "done")
    take(student, assignment, "queued")
    take(student, assignment, "failed")  # a failed take gives its attempt back, as the studio counts
    quiz = lesson_services.quiz_create(owner=teacher, title="Keys", items=[{"kind": "note_identify", "count": 1}])
    quiz_assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)
    quiz_assignment.attempts_allowed = 2
    quiz_assignment.save(update_fields=["attempts_allowed"])
    lesson_services.attempt_start(student=student, quiz=quiz, assignment=quiz_assignment)

    for url in ("/dashboard/", f"/classes/{classroom.pk}/"):
        html = logged_in(student).get(url).content.decode()
        assert ">Attempts left</th>" in html, url
        assert attempts_cell(html, assignment) == "3 attempts left", url
        assert attempts_cell(html, quiz_assignment) == "1 attempt left", url
        chinese = logged_in(student).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert attempts_cell(chinese, assignment) == "还可以交 3 次", url

    teachers = logged_in(teacher).get("/dashboard/").content.decode()
    assert attempts_cell(teachers, assignment) == "5" and attempts_cell(teachers, quiz_assignment) == "2"


def test_every_attempt_used_and_no_limit_are_said_in_words(
    student: User, assignment: Assignment, classroom: Classroom
) -> None:
    assignment.attempts_allowed = 1
    assignment.save(update_fields=["attempts_allowed"])
    take(student, assignment, "done")
    html = logged_in(student).get("/dashboard/").content.decode()
    assert attempts_cell(html, assignment) == "none left"
    assert attempts_cell(logged_in(student).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode(),
                         assignment) == "已用完"
    assignment.attempts_allowed = None
    assignment.save(update_fields=["attempts_allowed"])
    assert attempts_cell(logged_in(student).get("/dashboard/").content.decode(), assignment) == "unlimited"
