from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.conftest import DEMO_SCORE, logged_in, make_assignment, make_exercise
from tutor.models import Assignment, Classroom, Enrollment, User

pytestmark = pytest.mark.django_db



def test_it_signs_up_a_student_and_logs_them_in() -> None:
    client = Client()
    response = client.post(
        "/signup/",
        {"username": "newbie", "email": "n@example.com", "role": "student",
         "password1": "tuning-fork-42", "password2": "tuning-fork-42"},
        follow=True,
    )
    assert response.status_code == 200
    assert b"Hello, newbie" in response.content
    assert User.objects.get(username="newbie").role == "student"


def test_it_rejects_a_weak_password_on_signup() -> None:
    response = Client().post(
        "/signup/", {"username": "x", "role": "student", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200 and b"too short" in response.content
    assert not User.objects.filter(username="x").exists()


def test_it_logs_in_and_out_with_a_form(student: User) -> None:
    client = Client(enforce_csrf_checks=False)
    response = client.post("/accounts/login/", {"username": "sam", "password": "a-long-test-password"})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert client.get("/dashboard/").status_code == 302


def test_it_sends_a_password_reset_email(student: User) -> None:
    student.email = "sam@example.com"
    student.save()
    Client().post("/accounts/password-reset/", {"email": "sam@example.com"})
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_the_teacher_creates_a_class_from_the_page(teacher: User) -> None:
    response = logged_in(teacher).post("/classes/", {"name": "Strings"}, follow=True)
    classroom = Classroom.objects.get(name="Strings")
    assert classroom.join_code.encode() in response.content


def test_a_student_joins_from_the_page_and_sees_the_assignment(
    classroom: Classroom, other_student: User, assignment: Assignment
) -> None:
    client = logged_in(other_student)
    client.post("/classes/join/", {"code": classroom.join_code})
    dashboard = client.get("/dashboard/")
    assert assignment.title.encode() in dashboard.content


def test_a_wrong_join_code_is_explained_on_the_form(student: User) -> None:
    response = logged_in(student).post("/classes/join/", {"code": "ZZZZZZZZ"})
    assert b"No class has that join code." in response.content


def test_the_teacher_removes_a_student_from_the_roster(teacher: User, classroom: Classroom, student: User) -> None:
    page = logged_in(teacher).get(f"/classes/{classroom.pk}/")
    assert b"sam" in page.content
    logged_in(teacher).post(f"/classes/{classroom.pk}/students/{student.pk}/remove/")
    assert not Enrollment.objects.filter(student=student).exists()


def test_the_teacher_sets_an_assignment_from_the_page(teacher: User, classroom: Classroom) -> None:
    exercise = make_exercise(teacher)
    response = logged_in(teacher).post(
        f"/classes/{classroom.pk}/?exercise={exercise.pk}",
        {"target": exercise.pk, "title": "Week 1", "tolerance_cents": 25, "wrong_cents": 50, "tolerance_ms": 100},
    )
    assert Assignment.objects.get(title="Week 1").classroom == classroom
    # Back to the top, where "Assignment set." is: without a fragment of its own the redirect kept the form's
    # #set-assignment, and a phone showed the empty form again as if nothing had been set.
    assert response.status_code == 302 and response["Location"] == f"/classes/{classroom.pk}/#main"


def test_the_teacher_uploads_an_exercise(teacher: User) -> None:
    score = SimpleUploadedFile("tune.musicxml", DEMO_SCORE.read_bytes())
    logged_in(teacher).post("/exercises/", {"title": "Tune", "score": score})
    assert teacher.exercises.get().title == "Tune"


def test_an_unusable_score_is_refused_with_the_reason(teacher: User) -> None:
    score = SimpleUploadedFile("tune.musicxml", b"<score-partwise/>")
    response = logged_in(teacher).post("/exercises/", {"title": "Tune", "score": score})
    assert b"cannot be graded against" in response.content
    assert not teacher.exercises.exists()


def test_a_student_cannot_open_teacher_pages(student: User, classroom: Classroom) -> None:
    client = logged_in(student)
    assert client.get("/classes/").status_code == 404
    assert client.get("/exercises/").status_code == 404
    assert client.post(f"/classes/{classroom.pk}/students/{student.pk}/remove/").status_code == 404


@pytest.mark.parametrize("path", ["/classes/{classroom}/", "/assignments/{assignment}/"])
def test_outsiders_get_404_for_a_class_and_its_assignments(
    path: str, other_teacher: User, other_student: User, classroom: Classroom, assignment: Assignment
) -> None:
    url = path.format(classroom=classroom.pk, assignment=assignment.pk)
    assert logged_in(other_teacher).get(url).status_code == 404
    assert logged_in(other_student).get(url).status_code == 404


def test_dashboards_list_what_each_person_has(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment, other_classroom: Classroom
) -> None:
    foreign = make_assignment(other_classroom, make_exercise(other_classroom.teacher, "Scales"))
    teacher_page = logged_in(teacher).get("/dashboard/").content
    student_page = logged_in(student).get("/dashboard/").content
    assert assignment.title.encode() in teacher_page and foreign.title.encode() not in teacher_page
    assert assignment.title.encode() in student_page and foreign.title.encode() not in student_page


def test_a_student_s_assignment_table_has_no_for_column_so_a_phone_fits_it(
    teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    """On a phone the "Attempts" column was cut off: a student's table drops "For" (always "whole class" or their
    own name) and badges an assignment set for them alone."""
    own = make_assignment(classroom, make_exercise(teacher, "High notes"), student=student)
    student_page = logged_in(student).get("/dashboard/").content.decode()
    table = student_page[student_page.index('<table class="table assignments">'):]
    table = table[:table.index("</table>")]
    assert "<th" in table and ">For<" not in table and "whole class" not in table
    row = table[table.index(f'data-assignment="{own.pk}"'):]
    assert "just for you" in row[:row.index("</tr>")]
    assert table.count("<th scope") == table[table.index("<tr data"):].split("</tr>")[0].count("<td")
    class_page = logged_in(student).get(f"/classes/{classroom.pk}/").content.decode()
    assert ">For<" not in class_page and "just for you" in class_page
    teacher_page = logged_in(teacher).get("/dashboard/").content.decode()
    assert ">For<" in teacher_page and student.username in teacher_page and "just for you" not in teacher_page
    # A teacher's phone hides "For" too and shows who under the title.
    assert '<th scope="col" class="wide-only">For</th>' in teacher_page
    assert f'<span class="badge narrow-only">{student.username}</span>' in teacher_page


def test_pages_need_no_external_assets(student: User) -> None:
    import re

    content = logged_in(student).get("/dashboard/").content.decode()
    # Nothing loaded from elsewhere (an SVG's xmlns is a name, not a fetch).
    assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", content)


def test_healthz_reports_the_database_and_the_broker() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["status"] == "ok"
    assert response.json()["checks"]["broker"]["status"] == "ok"


def test_the_drill_preview_address_opened_again_goes_back_to_the_class_page(teacher: User, classroom: Classroom) -> None:
    # The preview is the answer to a POST; reloading it or switching the language on it opened the
    # address with GET and the browser showed a bare 405 as "This page isn't working".
    client = logged_in(teacher)
    response = client.get(f"/classes/{classroom.pk}/drills/")
    assert response.status_code == 302 and response["Location"] == f"/classes/{classroom.pk}/"
    switched = client.post("/language/", {"language": "zh-hans", "next": f"/classes/{classroom.pk}/drills/"},
                           follow=True)
    assert switched.status_code == 200 and switched.redirect_chain[-1][0] == f"/classes/{classroom.pk}/"


def test_a_form_only_address_opened_with_get_is_a_page_in_words_not_a_bare_405(student: User) -> None:
    from django.conf import settings

    from tutor.locale_compile import compile_catalogues

    compile_catalogues(settings.BASE_DIR / "locale")
    client = logged_in(student)
    response = client.get("/drills/weak-spots/")
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert b"Nothing to show at this address" in response.content and b'href="/dashboard/"' in response.content
    chinese = client.get("/drills/weak-spots/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert "这个地址没有页面可显示" in chinese.content.decode()
    api = client.get("/api/auth/token/")  # the API keeps its own answer
    assert api.status_code == 405 and b"Nothing to show" not in api.content


def test_a_new_teachers_empty_exercise_list_points_to_drills_and_sing_me_a_tune(teacher: User) -> None:
    # "No exercises yet." left a teacher without a MusicXML file at a dead end before their first assignment.
    page = logged_in(teacher).get("/exercises/").content.decode()
    assert "No exercises yet." in page
    assert '<a href="/drills/">make a drill from words</a>' in page and '<a href="/transcribe/">sing a tune</a>' in page


def test_a_throttled_page_form_answers_a_page_in_the_readers_language(student: User) -> None:
    # The page forms' 429 was a bare line of English text, no header, no way back.
    from unittest import mock

    from django.conf import settings

    from tutor.locale_compile import compile_catalogues

    compile_catalogues(settings.BASE_DIR / "locale")
    client = logged_in(student)
    with mock.patch("tutor.throttles.PostRateThrottle.allow_request", return_value=False), \
            mock.patch("tutor.throttles.PostRateThrottle.wait", return_value=42):
        english = client.post("/drills/", {"request": "C major"})
        chinese = client.post("/drills/", {"request": "C大调"}, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert english.status_code == 429 and english["Retry-After"] == "42"
    page = english.content.decode()
    assert "Too many requests; try again in 42 s." in page and 'href="/dashboard/"' in page and "site-header" in page
    assert "请求过于频繁，请 42 秒后再试。" in chinese.content.decode()


def test_the_home_page_says_what_the_tutor_does_and_leads_to_a_first_step(db: None) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/").content.decode()
    for words in ("How it works", "Pick something to practise", "Sing or play it", "See every note"):
        assert words in page
    assert 'href="/signup/"' in page and 'href="/signup/?role=teacher"' in page
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-Hans").get("/").content.decode()
    assert "怎么用" in chinese and "How it works" not in chinese


def test_signing_up_from_the_teachers_link_has_the_teacher_role_chosen(db: None) -> None:  # type: ignore[no-untyped-def]
    import re

    from django.test import Client

    def chosen(url: str) -> list[str]:
        page = Client().get(url).content.decode()
        return re.findall(r'<input type="radio" name="role" value="(\w+)"[^>]* checked>', page)

    assert chosen("/signup/?role=teacher") == ["teacher"]
    assert chosen("/signup/") == chosen("/signup/?role=admin") == ["student"]
