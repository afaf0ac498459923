"""Takes waiting for the teacher's comment or score: the queue on the dashboard and "Save and next" on a take.

A teacher with three classes of thirty marks on Monday what came in since Friday: each student's latest graded
take of an assignment that they have not marked, oldest first, from students still in the class.
"""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from grading.models import Recording
from grading.review import recording_mark, takes_awaiting_mark, takes_awaiting_neighbours
from tests.conftest import api_client_for, logged_in, make_assignment, make_user
from tutor.errors import NotAllowed
from tutor.models import Assignment, Classroom, Enrollment, User

pytestmark = pytest.mark.django_db

RESULT = {"notes": [], "feedback": [], "summary": {"notes": 7, "pitch_ok": 5, "timing_ok": 6, "score": 71.0}}


@pytest.fixture(autouse=True)
def _no_practice_audio() -> object:
    with mock.patch("studio.views.exercise_audio", return_value={"status": "rendering"}) as patched:
        yield patched


def take(student: User, assignment: Assignment, minutes_ago: int, status: str = "done") -> Recording:
    row = Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                                   status=status, score_percent=71.0, audio="recordings/x.wav", result=RESULT)
    Recording.objects.filter(pk=row.pk).update(queued_at=timezone.now() - timedelta(minutes=minutes_ago))
    row.refresh_from_db()
    return row


def test_only_each_students_latest_unmarked_graded_take_waits_oldest_first(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment, other_classroom: Classroom,
    other_student: User,
) -> None:
    bob = make_user("bob", User.Role.STUDENT)
    Enrollment.objects.create(classroom=classroom, student=bob)
    superseded = take(student, assignment, 50)
    latest = take(student, assignment, 40)
    bobs = take(bob, assignment, 60)
    take(bob, assignment, 10, status="analyzing")  # not graded yet: bob's graded one still waits
    take(other_student, make_assignment(other_classroom, assignment.target), 30)  # another teacher's class

    assert list(takes_awaiting_mark(teacher=teacher)) == [bobs, latest]
    assert superseded not in takes_awaiting_mark(teacher=teacher)

    recording_mark(teacher=teacher, recording=bobs, comment="Good.", score_percent=None)
    assert list(takes_awaiting_mark(teacher=teacher)) == [latest]


def test_a_student_who_left_the_class_is_not_waited_for(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    take(student, assignment, 5)
    Enrollment.objects.filter(classroom=classroom, student=student).delete()
    assert not takes_awaiting_mark(teacher=teacher).exists()


def test_neighbours_keep_a_just_marked_takes_place(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    others = [make_user(name, User.Role.STUDENT) for name in ("bob", "cai")]
    for other in others:
        Enrollment.objects.create(classroom=classroom, student=other)
    first, middle, last = take(student, assignment, 30), take(others[0], assignment, 20), take(others[1], assignment, 10)
    assert takes_awaiting_neighbours(teacher=teacher, recording=middle) == (first, last)
    recording_mark(teacher=teacher, recording=middle, comment="", score_percent=80)
    assert takes_awaiting_neighbours(teacher=teacher, recording=middle) == (first, last)
    assert takes_awaiting_neighbours(teacher=teacher, recording=first) == (None, last)


def test_save_and_next_opens_the_next_waiting_take(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment,
) -> None:
    bob = make_user("bob", User.Role.STUDENT)
    Enrollment.objects.create(classroom=classroom, student=bob)
    first, second = take(student, assignment, 20), take(bob, assignment, 10)
    client = logged_in(teacher)
    page = client.get(f"/takes/{first.pk}/").content.decode()
    assert 'id="mark-save-next"' in page and f'href="/takes/{second.pk}/#teacher-mark" id="awaiting-next"' in page

    response = client.post(f"/takes/{first.pk}/mark/", {"comment": "Breathe before bar 3.", "then": "next"})
    assert response.status_code == 302 and response["Location"] == f"/takes/{second.pk}/#teacher-mark"
    first.refresh_from_db()
    assert first.teacher_comment == "Breathe before bar 3."

    # The last one: nothing after it, so the button is not offered and a plain save stays on the take.
    page = client.get(f"/takes/{second.pk}/").content.decode()
    assert 'id="mark-save-next"' not in page and f'href="/takes/{first.pk}/#teacher-mark"' not in page
    response = client.post(f"/takes/{second.pk}/mark/", {"score": "90", "then": "next"})
    assert response["Location"] == f"/takes/{second.pk}/#teacher-mark"


def test_the_student_sees_no_queue_on_their_take(student: User, assignment: Assignment) -> None:
    own = take(student, assignment, 5)
    page = logged_in(student).get(f"/takes/{own.pk}/").content.decode()
    assert "awaiting-nav" not in page and "mark-save-next" not in page


def test_the_teacher_opening_a_graded_take_is_told_to_the_student_and_clears_new_in_the_queue(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment, other_teacher: User,
) -> None:
    # Neither could tell: the student whether their take had been looked at, the teacher which were new to them.
    graded, waiting = take(student, assignment, 30), take(student, assignment, 5, status="analyzing")
    own = logged_in(student)
    assert "Your teacher has not opened this take yet." in own.get(f"/takes/{graded.pk}/").content.decode()
    coach = logged_in(teacher)
    dashboard = coach.get("/dashboard/").content.decode()
    assert f'href="/takes/{graded.pk}/#teacher-mark" class="awaiting-take">{student.username}</a> <span class="badge-new"' \
        in dashboard
    assert logged_in(other_teacher).get(f"/takes/{graded.pk}/").status_code == 404
    coach.get(f"/takes/{waiting.pk}/")  # not graded yet: nothing to have seen
    graded.refresh_from_db()
    waiting.refresh_from_db()
    assert graded.teacher_seen_at is None and waiting.teacher_seen_at is None

    coach.get(f"/takes/{graded.pk}/")
    graded.refresh_from_db()
    first_seen = graded.teacher_seen_at
    assert first_seen is not None
    coach.get(f"/takes/{graded.pk}/")  # opened again: the first time is kept
    graded.refresh_from_db()
    assert graded.teacher_seen_at == first_seen
    dashboard = coach.get("/dashboard/").content.decode()
    assert f'class="awaiting-take">{student.username}</a></td>' in dashboard  # still waiting for a mark, not new
    page = own.get(f"/takes/{graded.pk}/").content.decode()
    assert 'id="take-teacher-seen" class="small muted" data-seen>Your teacher has seen this take (' in page
    assert "seen by your teacher" in own.get(f"/assignments/{assignment.pk}/").content.decode()
    assert api_client_for(student).get(f"/api/recordings/{graded.pk}/").json()["teacher_seen_at"] is not None


def test_the_student_opening_their_own_take_is_not_the_teacher_seeing_it(
    teacher: User, student: User, assignment: Assignment,
) -> None:
    graded = take(student, assignment, 5)
    logged_in(student).get(f"/takes/{graded.pk}/")
    graded.refresh_from_db()
    assert graded.teacher_seen_at is None
    page = logged_in(teacher).get(f"/assignments/{assignment.pk}/").content.decode()
    assert 'class="badge-new take-unseen"' in page


def test_a_teachers_own_take_carries_no_new_or_seen_marks(
    teacher: User, student: User, assignment: Assignment,
) -> None:
    # A teacher recording their own assignment (to try it, or as a model) saw their take marked "new" among the
    # students', and on its page "Your teacher has seen this take": marks meant for a student's take.
    own = take(teacher, assignment, 5)
    students = take(student, assignment, 10)
    coach = logged_in(teacher)
    page = coach.get(f"/assignments/{assignment.pk}/").content.decode()
    assert page.count('class="badge-new take-unseen"') == 1  # the student's take only
    take_page = coach.get(f"/takes/{own.pk}/").content.decode()
    assert 'id="take-teacher-seen"' not in take_page and "Your teacher" not in take_page
    own.refresh_from_db()
    assert own.teacher_seen_at is None  # the teacher opening their own take is no "seen by your teacher"
    assert coach.get("/dashboard/").content.decode().count("awaiting-take") == 1
    assert students.teacher_seen_at is None
    # Nor is it "left the class" (its owner is in no roster), nor a take to comment on or score.
    assert page.count('class="badge own-take"') == 1 and "left the class" not in page
    assert 'name="comment"' not in take_page and "take-teacher-links" not in take_page
    with pytest.raises(NotAllowed):
        recording_mark(teacher=teacher, recording=own, comment="As I would sing it.", score_percent=None)
    refused = api_client_for(teacher).post(f"/api/recordings/{own.pk}/mark/", {"comment": "Mine."}, format="json")
    assert refused.status_code == 403
    own.refresh_from_db()
    assert own.teacher_marked_at is None and own.teacher_comment == ""
