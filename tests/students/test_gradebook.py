from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from grading.models import Recording
from tests.conftest import logged_in, make_assignment, make_exercise
from tutor.models import Assignment, Classroom, Enrollment, User

pytestmark = pytest.mark.django_db


def graded_take(student: User, assignment: Assignment, score: float, *, minutes_ago: int, late: bool = False) -> None:
    Recording.objects.create(
        owner=student, exercise_id=assignment.target_id, assignment=assignment, status="done", score_percent=score,
        queued_at=timezone.now() - timedelta(minutes=minutes_ago), is_late=late, audio="x.wav",
    )



def test_it_shows_best_and_latest_scores_with_late_flags(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    graded_take(student, assignment, 60.0, minutes_ago=30)
    graded_take(student, assignment, 90.0, minutes_ago=20)
    graded_take(student, assignment, 75.0, minutes_ago=10, late=True)
    Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                             status="failed", audio="y.wav")
    csv_text = logged_in(teacher).get(f"/classes/{classroom.pk}/gradebook/?format=csv").content.decode("utf-8-sig")
    header, row = csv_text.strip().splitlines()
    assert header.startswith("student,Sing Twinkle (best),Sing Twinkle (latest),Sing Twinkle (attempts)")
    assert row == "sam,90.0,75.0,3,late"


def test_a_personal_assignment_is_blank_for_the_other_students(
    teacher: User, student: User, classroom: Classroom, exercise, other_student: User
) -> None:
    Enrollment.objects.create(classroom=classroom, student=other_student)
    personal = make_assignment(classroom, exercise, student=other_student)
    graded_take(other_student, personal, 88.0, minutes_ago=5)
    rows = logged_in(teacher).get(f"/classes/{classroom.pk}/gradebook/?format=csv").content.decode("utf-8-sig").splitlines()
    assert rows[1] == "olga,88.0,88.0,1,"
    assert rows[2] == "sam,,,,"


def test_another_teacher_cannot_see_the_gradebook(other_teacher: User, student: User, classroom: Classroom) -> None:
    assert logged_in(other_teacher).get(f"/classes/{classroom.pk}/gradebook/").status_code == 404
    assert logged_in(student).get(f"/classes/{classroom.pk}/gradebook/").status_code == 404


def test_the_gradebook_page_lists_students_and_assignments(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    graded_take(student, assignment, 82.5, minutes_ago=1)
    page = logged_in(teacher).get(f"/classes/{classroom.pk}/gradebook/").content.decode()
    assert 'data-student="sam" data-best="82.5"' in page and assignment.title in page


def test_work_handed_in_late_is_overdue_in_chinese_not_a_late_note(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    # "late" is also a note's timing verdict (拖拍, dragging the beat); a late hand-in is 逾期.
    graded_take(student, assignment, 75.0, minutes_ago=10, late=True)
    page = logged_in(teacher).get(f"/classes/{classroom.pk}/gradebook/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.count(">逾期</span>") == 2  # the legend and the cell
    assert "拖拍" not in page


def test_the_latest_score_opens_that_take(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    graded_take(student, assignment, 60.0, minutes_ago=30)
    graded_take(student, assignment, 75.0, minutes_ago=10)
    latest = Recording.objects.get(score_percent=75.0)
    page = logged_in(teacher).get(f"/classes/{classroom.pk}/gradebook/").content.decode()
    # The scores were plain text: from the gradebook a teacher could not reach the take to hear it.
    assert f'<a href="/takes/{latest.pk}/"' in page and "75%</a>" in page
    assert logged_in(teacher).get(f"/takes/{latest.pk}/").status_code == 200


def test_a_students_name_opens_their_progress(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    # The name was plain text: from a low score a teacher could not reach the student's weak spots.
    graded_take(student, assignment, 40.0, minutes_ago=5)
    client = logged_in(teacher)
    page = client.get(f"/classes/{classroom.pk}/gradebook/").content.decode()
    assert f'<a href="/students/{student.pk}/progress/">sam</a>' in page
    assert client.get(f"/students/{student.pk}/progress/").status_code == 200


def test_the_csv_opens_in_excel_with_chinese_names_intact(teacher: User, student: User, classroom: Classroom,
                                                         assignment: Assignment) -> None:
    # Excel reads a CSV without a byte-order mark in the local code page: "唱《小星星》" came out garbled.
    assignment.title = "唱《小星星》"
    assignment.save(update_fields=["title"])
    body = logged_in(teacher).get(f"/classes/{classroom.pk}/gradebook/?format=csv").content
    assert body.startswith("\ufeffstudent,唱《小星星》 (best)".encode())


def test_a_student_who_left_stays_in_the_gradebook_marked_as_left_and_is_not_waited_for(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment, other_student: User,
) -> None:
    # Removing a student took their handed-in marks out of the gradebook and its CSV, as if never handed in.
    Enrollment.objects.create(classroom=classroom, student=other_student)
    graded_take(student, assignment, 64.0, minutes_ago=5)
    Enrollment.objects.filter(classroom=classroom, student=student).delete()
    client = logged_in(teacher)
    page = client.get(f"/classes/{classroom.pk}/gradebook/").content.decode()
    assert '<tr class="left-class"><th scope="row">sam <span class="badge left-class">left the class</span>' in page
    assert f"/students/{student.pk}/" not in page  # their progress is no longer this teacher's to open
    assert 'data-student="sam" data-best="64.0"' in page
    assert 'data-handed-in="0" data-expected="1">0 of 1 handed in<' in page  # olga still to hand in; sam not counted
    rows = client.get(f"/classes/{classroom.pk}/gradebook/?format=csv").content.decode("utf-8-sig").splitlines()
    assert rows[1:] == ["olga,,,0,", "sam (left the class),64.0,64.0,1,"]
    graded_take(other_student, assignment, 50.0, minutes_ago=1)
    # A student who left without handing anything in is not listed.
    Enrollment.objects.filter(classroom=classroom, student=other_student).delete()
    Recording.objects.filter(owner=other_student).delete()
    assert "olga" not in client.get(f"/classes/{classroom.pk}/gradebook/").content.decode()


def test_a_student_who_left_and_joined_another_teachers_class_is_in_each_book_with_that_class_work_only(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment, other_teacher: User,
    other_classroom: Classroom,
) -> None:
    graded_take(student, assignment, 64.0, minutes_ago=30)
    Enrollment.objects.filter(classroom=classroom, student=student).delete()
    Enrollment.objects.create(classroom=other_classroom, student=student)
    theirs = make_assignment(other_classroom, make_exercise(other_teacher, "Scales"))
    graded_take(student, theirs, 91.0, minutes_ago=5)
    old = logged_in(teacher).get(f"/classes/{classroom.pk}/gradebook/?format=csv").content.decode("utf-8-sig")
    assert old.splitlines()[1:] == ["sam (left the class),64.0,64.0,1,"]
    new = logged_in(other_teacher).get(f"/classes/{other_classroom.pk}/gradebook/?format=csv").content.decode(
        "utf-8-sig")
    assert "64.0" not in new and "left the class" not in new and "sam,91.0,91.0,1," in new.splitlines()


def test_the_teacher_trying_their_own_assignment_is_not_listed_as_a_student_who_left(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    # A teacher may record a take of their own assignment (to try it): the book listed them as having left.
    graded_take(teacher, assignment, 70.0, minutes_ago=5)
    client = logged_in(teacher)
    rows = client.get(f"/classes/{classroom.pk}/gradebook/?format=csv").content.decode("utf-8-sig").splitlines()
    assert [row.split(",")[0] for row in rows[1:]] == ["sam"]
    assert "left-class" not in client.get(f"/classes/{classroom.pk}/gradebook/").content.decode()
