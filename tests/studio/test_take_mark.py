"""The class's teacher comments on a take and may set its score; the student reads both, the gradebook counts it.

Who may mark: only the teacher of the class the take was made for. Another teacher and another
student get a 404 (the take is not theirs to see); the student who made it is refused (403), and
so is a teacher on a take made for no class of theirs.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.utils import translation

from grading.models import TEACHER_COMMENT_MAX_CHARS, Recording
from students.gradebook import gradebook_for
from tests.conftest import api_client_for, logged_in
from tutor.models import Assignment, Classroom, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_practice_audio() -> object:
    """The take page asks for the exercise's practice audio; FluidSynth is not what these tests are about."""
    with mock.patch("studio.views.exercise_audio", return_value={"status": "rendering"}) as patched:
        yield patched


@pytest.fixture
def take(student: User, assignment: Assignment) -> Recording:
    return Recording.objects.create(
        owner=student, exercise_id=assignment.target_id, assignment=assignment, status="done", score_percent=71.0,
        audio="recordings/x.wav", result={"notes": [], "feedback": [], "summary": {"notes": 7, "pitch_ok": 5,
                                                                                    "timing_ok": 6, "score": 71.0}},
    )


def mark(user: User, take: Recording, **data: str) -> object:
    return logged_in(user).post(f"/takes/{take.pk}/mark/", data)


def test_it_saves_the_teachers_comment_and_score_and_keeps_the_graders(teacher: User, take: Recording) -> None:
    response = mark(teacher, take, comment="Lovely phrasing.\nWatch the F sharp in bar 3.", score="85.5")
    assert response.status_code == 302 and response["Location"].endswith(f"/takes/{take.pk}/#teacher-mark")
    take.refresh_from_db()
    assert (take.teacher_score_percent, take.score_percent, take.grade_percent) == (85.5, 71.0, 85.5)
    assert take.teacher_comment.startswith("Lovely phrasing.") and take.teacher_marked_by == teacher
    assert take.teacher_marked_at is not None


def test_the_student_reads_the_comment_and_both_scores_on_the_take_page(
    teacher: User, student: User, take: Recording
) -> None:
    mark(teacher, take, comment="Watch the <b>F sharp</b>.", score="85")
    page = logged_in(student).get(f"/takes/{take.pk}/").content.decode()
    mark_card = page.split('id="teacher-mark"', 1)[1].split("</section>", 1)[0]
    assert "Your teacher's comment" in mark_card
    assert "Watch the &lt;b&gt;F sharp&lt;/b&gt;." in mark_card  # shown as typed, never as markup
    assert 'data-score="85.0"' in mark_card and "Teacher's score: 85%" in mark_card
    assert "(the grader's: 71%)" in mark_card
    assert 'id="fb-teacher-score">85%' in page and 'id="fb-score">71%' in page
    assert 'action="/takes/' not in mark_card  # no form for the student


def test_a_take_with_no_mark_shows_the_teacher_an_empty_form_and_the_student_nothing(
    teacher: User, student: User, take: Recording
) -> None:
    assert 'id="teacher-mark"' not in logged_in(student).get(f"/takes/{take.pk}/").content.decode()
    page = logged_in(teacher).get(f"/takes/{take.pk}/").content.decode()
    assert f'action="/takes/{take.pk}/mark/"' in page and 'name="score"' in page and 'name="comment"' in page


@pytest.mark.parametrize(("score", "message"), [
    ("101", "Ensure this value is less than or equal to 100"),
    ("-1", "Ensure this value is greater than or equal to 0"),
    ("eighty", "Enter a number."),
    ("nan", "Enter a number."),
])
def test_a_bad_score_is_refused_with_a_clear_error_and_nothing_changes(
    teacher: User, take: Recording, score: str, message: str
) -> None:
    response = mark(teacher, take, comment="Good", score=score)
    assert response.status_code == 200 and 'class="field has-error"' in response.content.decode()
    assert message in response.content.decode()
    take.refresh_from_db()
    assert take.teacher_score_percent is None and take.teacher_comment == "" and take.teacher_marked_at is None


def test_a_comment_too_long_is_refused_and_kept_in_the_form(teacher: User, take: Recording) -> None:
    too_long = "a" * (TEACHER_COMMENT_MAX_CHARS + 1)
    response = mark(teacher, take, comment=too_long, score="90")
    page = response.content.decode()
    assert response.status_code == 200 and f"at most {TEACHER_COMMENT_MAX_CHARS} characters" in page
    assert 'value="90' in page  # what the teacher typed comes back to be fixed
    take.refresh_from_db()
    assert take.teacher_marked_at is None


def test_the_errors_are_said_in_chinese_on_a_chinese_page(teacher: User, take: Recording) -> None:
    client = logged_in(teacher)
    client.cookies["django_language"] = "zh-hans"
    with translation.override("zh-hans"):
        page = client.post(f"/takes/{take.pk}/mark/", {"comment": "好", "score": "120"},
                           HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        form_page = client.get(f"/takes/{take.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "100" in page and "Ensure this value" not in page
    assert "给学生的评语" in form_page and "保存评语和分数" in form_page


def test_emptying_both_takes_the_mark_away(teacher: User, take: Recording) -> None:
    mark(teacher, take, comment="Again please", score="40")
    mark(teacher, take, comment="  ", score="")
    take.refresh_from_db()
    assert (take.teacher_comment, take.teacher_score_percent, take.teacher_marked_at) == ("", None, None)
    assert take.grade_percent == 71.0


def test_a_comment_alone_leaves_the_graders_score_counting(teacher: User, take: Recording) -> None:
    mark(teacher, take, comment="Breathe before bar 2.", score="")
    take.refresh_from_db()
    assert take.teacher_comment == "Breathe before bar 2." and take.grade_percent == 71.0


def test_the_student_who_made_the_take_is_refused(student: User, take: Recording) -> None:
    response = mark(student, take, comment="I deserve more", score="100")
    assert response.status_code == 403
    assert "Only the teacher of the class this take was made for" in response.content.decode()
    take.refresh_from_db()
    assert take.teacher_score_percent is None and take.teacher_comment == ""
    api = api_client_for(student).post(f"/api/recordings/{take.pk}/mark/", {"score": 100}, format="json")
    assert api.status_code == 403 and api.json()["error"]["code"] == "not_allowed"


def test_another_teacher_and_another_student_get_a_404(
    other_teacher: User, other_student: User, other_classroom: Classroom, take: Recording
) -> None:
    for person in (other_teacher, other_student):
        assert mark(person, take, comment="x", score="1").status_code == 404
        api = api_client_for(person).post(f"/api/recordings/{take.pk}/mark/", {"score": 1}, format="json")
        assert api.status_code == 404
    take.refresh_from_db()
    assert take.teacher_marked_at is None


def test_a_practice_take_on_no_assignment_is_not_the_teachers_to_mark(
    teacher: User, student: User, take: Recording
) -> None:
    Recording.objects.filter(pk=take.pk).update(assignment=None)
    assert mark(teacher, take, comment="x", score="1").status_code == 404


def test_an_ungraded_take_takes_a_comment_but_no_score(teacher: User, take: Recording) -> None:
    Recording.objects.filter(pk=take.pk).update(status="failed", score_percent=None)
    response = mark(teacher, take, comment="Record it again, closer to the microphone.", score="50")
    assert response.status_code == 200 and "not graded, so it cannot be scored yet" in response.content.decode()
    assert mark(teacher, take, comment="Record it again, closer to the microphone.", score="").status_code == 302


def test_the_gradebook_counts_the_teachers_score_and_says_so(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment, take: Recording
) -> None:
    client = logged_in(teacher)
    mark(teacher, take, comment="", score="92")
    cell = gradebook_for(classroom).cell(student, assignment)
    assert (cell.best, cell.latest, cell.teacher_scored) == (92.0, 92.0, True)
    csv_rows = client.get(f"/classes/{classroom.pk}/gradebook/?format=csv").content.decode("utf-8-sig").splitlines()
    assert csv_rows[1] == "sam,92.0,92.0,1,"
    page = client.get(f"/classes/{classroom.pk}/gradebook/").content.decode()
    assert 'id="gradebook-teacher-scores"' in page and "counts your score instead of the grader" in page
    assert 'class="badge teacher-scored"' in page.split('data-student="sam"', 1)[1]


def test_a_teachers_lower_score_counts_too(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment, take: Recording
) -> None:
    mark(teacher, take, comment="You sang the wrong exercise.", score="0")
    cell = gradebook_for(classroom).cell(student, assignment)
    assert cell.best == 0.0 and cell.latest == 0.0


def test_the_students_progress_shows_the_teachers_score_and_comment(
    teacher: User, student: User, take: Recording
) -> None:
    mark(teacher, take, comment="Much steadier than last week.", score="88")
    page = logged_in(student).get(f"/students/{student.pk}/progress/").content.decode()
    latest = page.split("Latest takes", 1)[1]
    assert "88%" in latest and "the grader's: 71%" in latest
    assert "Much steadier than last week." in latest


def test_the_assignment_page_shows_the_score_that_counts(
    teacher: User, student: User, assignment: Assignment, take: Recording
) -> None:
    mark(teacher, take, comment="Nice", score="64")
    page = logged_in(student).get(f"/assignments/{assignment.pk}/").content.decode()
    assert "64%" in page and "teacher-scored" in page and f"/takes/{take.pk}/#teacher-mark" in page


# ----------------------------------------------------------------------------------------------- the API


def test_the_api_marks_a_take_and_its_json_gains_the_fields(teacher: User, student: User, take: Recording) -> None:
    before = api_client_for(student).get(f"/api/recordings/{take.pk}/").json()
    assert (before["teacher_score"], before["teacher_comment"], before["grade"]) == (None, "", 71.0)
    response = api_client_for(teacher).post(f"/api/recordings/{take.pk}/mark/",
                                            {"comment": "Good", "score": 80}, format="json")
    assert response.status_code == 200, response.json()
    body = api_client_for(student).get(f"/api/recordings/{take.pk}/").json()
    # The contract's fields keep their meaning: ``score`` is still the grader's.
    assert {"id", "status", "error", "result", "score"} <= set(body) and body["score"] == 71.0
    assert (body["teacher_score"], body["teacher_comment"], body["grade"]) == (80.0, "Good", 80.0)
    assert body["teacher_marked_at"]
    listed = api_client_for(student).get("/api/recordings/").json()
    assert listed[0]["teacher_score"] == 80.0 and listed[0]["score"] == 71.0


def test_the_api_leaves_out_fields_as_they_were(teacher: User, take: Recording) -> None:
    client = api_client_for(teacher)
    client.post(f"/api/recordings/{take.pk}/mark/", {"comment": "Good", "score": 80}, format="json")
    body = client.post(f"/api/recordings/{take.pk}/mark/", {"comment": "Better now"}, format="json").json()
    assert (body["teacher_comment"], body["teacher_score"]) == ("Better now", 80.0)
    body = client.post(f"/api/recordings/{take.pk}/mark/", {"score": None}, format="json").json()
    assert (body["teacher_comment"], body["teacher_score"], body["grade"]) == ("Better now", None, 71.0)


@pytest.mark.parametrize(("data", "field"), [
    ({"score": 100.5}, "score"), ({"score": -0.1}, "score"), ({"score": "lots"}, "score"),
    ({"score": "NaN"}, "score"), ({"comment": "x" * (TEACHER_COMMENT_MAX_CHARS + 1)}, "comment"),
])
def test_the_api_refuses_bad_input_field_by_field(teacher: User, take: Recording, data: dict[str, object],
                                                  field: str) -> None:
    response = api_client_for(teacher).post(f"/api/recordings/{take.pk}/mark/", data, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert field in error["fields"] and error["message"]
    take.refresh_from_db()
    assert take.teacher_marked_at is None


def test_the_studio_history_charts_the_teachers_score_where_they_scored_the_take(
    take: Recording, teacher: User, student: User, assignment: Assignment,
) -> None:
    # The chart and table showed the grader's 71 after the teacher had scored the take 90: the gradebook's 90.
    mark(teacher, take, comment="", score="90")
    other = Recording.objects.create(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                                     status="done", score_percent=64.0, audio="recordings/y.wav")
    history = api_client_for(student).get(f"/api/exercises/{assignment.target_id}/takes/").json()
    assert [(t["id"], t["score"], t["grader_score"], t["teacher_scored"]) for t in history] == [
        (take.pk, 90.0, 71.0, True), (other.pk, 64.0, 64.0, False)]
    page = logged_in(student).get(f"/assignments/{assignment.pk}/studio/").content.decode()
    assert '"teacher_scored": true' in page and '"score": 90.0' in page


def test_a_student_sees_a_new_marker_until_they_open_the_marked_take(
    take: Recording, teacher: User, student: User,
) -> None:
    student_browser = logged_in(student)
    assert 'id="unread-marks"' not in student_browser.get("/dashboard/").content.decode()
    mark(teacher, take, comment="Lovely phrasing; watch bar 3.", score="")
    dashboard = student_browser.get("/dashboard/").content.decode()
    assert 'id="unread-marks"' in dashboard and 'id="teacher-news"' in dashboard
    assert f'href="/takes/{take.pk}/"' in dashboard and "a comment" in dashboard
    # Every page's menu says so, not just the dashboard.
    assert 'id="unread-marks"' in student_browser.get("/lessons/").content.decode()
    # The take's page says which part is new, once; afterwards the markers are gone.
    first = student_browser.get(f"/takes/{take.pk}/").content.decode()
    assert 'class="badge-new"' in first.split('id="teacher-mark"', 1)[1].split("</h2>", 1)[0]
    assert 'id="unread-marks"' not in student_browser.get("/dashboard/").content.decode()
    assert 'class="badge-new"' not in student_browser.get(f"/takes/{take.pk}/").content.decode().split(
        'id="teacher-mark"', 1)[1].split("</h2>", 1)[0]
    # The teacher reading the take does not clear the student's marker; a second mark is news again.
    mark(teacher, take, comment="Better now.", score="88")
    logged_in(teacher).get(f"/takes/{take.pk}/")
    with translation.override("zh-hans"):
        chinese = logged_in(student).get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "老师的新评语" in chinese and "评语和评分" in chinese
