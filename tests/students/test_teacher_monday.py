"""The teacher's Monday: the dashboard lists the takes waiting for their comment per class, and an
assignment's page says who has not handed in (the take table said only who had)."""

from __future__ import annotations

import pytest
from django.utils import translation

from grading.models import Recording
from lessons.forms import PracticeForm
from tests.conftest import logged_in, make_user
from tutor.models import Assignment, Classroom, Enrollment, User

pytestmark = pytest.mark.django_db

RESULT = {"notes": [], "feedback": [], "summary": {"notes": 7, "pitch_ok": 5, "timing_ok": 6, "score": 71.0}}


def graded(student: User, assignment: Assignment, status: str = "done") -> Recording:
    return Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                                    status=status, score_percent=64.0, audio="recordings/x.wav", result=RESULT)


def test_the_dashboard_lists_waiting_takes_per_class_with_a_link_to_mark_each(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    page = logged_in(teacher).get("/dashboard/").content.decode()
    assert 'id="awaiting-none"' in page
    recording = graded(student, assignment)
    page = logged_in(teacher).get("/dashboard/").content.decode()
    assert f'href="/takes/{recording.pk}/#teacher-mark" class="awaiting-take">{student.username}<' in page
    assert "1 take waiting" in page and 'id="awaiting-none"' not in page


def test_the_dashboard_waits_in_chinese(teacher: User, student: User, assignment: Assignment) -> None:
    graded(student, assignment)
    client = logged_in(teacher)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/dashboard/").content.decode()
    assert "等你点评的录音" in page and "1 条待点评" in page


def test_the_assignment_page_names_who_has_not_handed_in(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    late = make_user("bob", User.Role.STUDENT)
    failed_only = make_user("cai", User.Role.STUDENT)
    for other in (late, failed_only):
        Enrollment.objects.create(classroom=classroom, student=other)
    graded(student, assignment)
    graded(failed_only, assignment, status="failed")
    page = logged_in(teacher).get(f"/assignments/{assignment.pk}/").content.decode()
    section = page[page.index('id="not-handed-in"'):page.index("</section>", page.index('id="not-handed-in"'))]
    assert 'data-count="2"' in section and ">bob<" in section and ">cai<" in section
    assert f">{student.username}<" not in section
    # The student's own page has no such list.
    assert 'id="not-handed-in"' not in logged_in(student).get(f"/assignments/{assignment.pk}/").content.decode()


def test_the_practice_focus_first_choice_is_short_enough_for_a_phones_box() -> None:
    # "Everything: the tutor picks your weakest" was cut to "...picks your wea" in a 390 px wide select.
    for language in ("en", "zh-hans"):
        with translation.override(language):
            first = str(PracticeForm().fields["unit"].choices[0][1])  # type: ignore[attr-defined]
            assert len(first) <= 26, first


def test_the_gradebook_csv_speaks_the_teachers_language_and_opens_in_excel(
    teacher: User, student: User, assignment: Assignment,
) -> None:
    graded(student, assignment)
    Recording.objects.filter(owner=student).update(is_late=True)
    client = logged_in(teacher)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(f"/classes/{assignment.classroom_id}/gradebook/?format=csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the byte-order mark
    header, row = body.decode("utf-8-sig").splitlines()[:2]
    title = assignment.title_shown
    assert header == f"学生,{title}（最好）,{title}（最近）,{title}（次数）,{title}（逾期）"
    assert row.endswith(",1,逾期")


def test_a_take_of_a_student_who_left_says_so_and_they_are_not_chased(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    graded(student, assignment)
    stayer = make_user("bob", User.Role.STUDENT)
    Enrollment.objects.create(classroom=classroom, student=stayer)
    graded(stayer, assignment)
    Enrollment.objects.filter(classroom=classroom, student=student).delete()
    page = logged_in(teacher).get(f"/assignments/{assignment.pk}/").content.decode()
    assert page.count('class="badge left-class"') == 1
    assert f'{student.username} <span class="badge left-class">' in page
    assert "Everyone has handed in a take." in page  # bob has; the one who left is not waited for


def test_the_gradebook_says_how_many_have_handed_in_each_assignment(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    for name in ("bob", "cai"):
        Enrollment.objects.create(classroom=classroom, student=make_user(name, User.Role.STUDENT))
    graded(student, assignment)
    page = logged_in(teacher).get(f"/classes/{classroom.pk}/gradebook/").content.decode()
    assert 'data-handed-in="1" data-expected="3">1 of 3 handed in<' in page
