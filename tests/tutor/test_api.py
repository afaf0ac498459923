from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import api_client_for, make_assignment, make_exercise
from tutor.models import Assignment, Classroom, DataExport, Enrollment, User

pytestmark = pytest.mark.django_db


def test_it_refuses_anonymous_requests_with_the_error_body() -> None:
    response = APIClient().get("/api/me/")
    assert response.status_code in (401, 403)
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_it_issues_a_token_for_a_username_and_password(student: User) -> None:
    response = APIClient().post("/api/auth/token/", {"username": "sam", "password": "a-long-test-password"})
    assert response.status_code == 200
    me = APIClient(HTTP_AUTHORIZATION=f"Token {response.json()['token']}").get("/api/me/")
    assert me.json() == {"id": student.pk, "username": "sam", "email": "", "role": "student"}


def test_it_lets_a_teacher_create_a_class_with_a_join_code(teacher: User) -> None:
    response = api_client_for(teacher).post("/api/classrooms/", {"name": "Year 9 choir"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Year 9 choir" and len(body["join_code"]) == 8 and body["students"] == []


def test_it_refuses_a_class_from_a_student(student: User) -> None:
    response = api_client_for(student).post("/api/classrooms/", {"name": "Mine"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_allowed"
    assert not Classroom.objects.exists()


def test_it_joins_a_student_by_code_in_any_case(classroom: Classroom, other_student: User) -> None:
    code = classroom.join_code.lower()
    response = api_client_for(other_student).post("/api/classrooms/join/", {"code": f" {code} "})
    assert response.status_code == 200
    assert classroom.has_student(other_student)
    # The roster and the join code are the teacher's; a student sees neither.
    assert response.json()["students"] is None and response.json()["join_code"] is None


def test_it_answers_an_unknown_join_code_with_a_field_error(student: User) -> None:
    response = api_client_for(student).post("/api/classrooms/join/", {"code": "NOPE1234"})
    assert response.status_code == 404
    assert response.json()["error"]["fields"] == {"code": ["No class has that join code."]}


def test_it_shows_the_teacher_the_roster(teacher: User, classroom: Classroom, student: User) -> None:
    body = api_client_for(teacher).get(f"/api/classrooms/{classroom.pk}/").json()
    assert body["students"] == [{"id": student.pk, "username": "sam"}]


def test_it_hides_another_teachers_class(other_teacher: User, classroom: Classroom) -> None:
    response = api_client_for(other_teacher).get(f"/api/classrooms/{classroom.pk}/")
    assert response.status_code == 404


def test_it_lists_only_the_teachers_own_classes(teacher: User, classroom: Classroom, other_classroom: Classroom) -> None:
    names = [c["name"] for c in api_client_for(teacher).get("/api/classrooms/").json()]
    assert names == ["Choir"]


def test_it_lets_the_teacher_remove_a_student(teacher: User, classroom: Classroom, student: User) -> None:
    response = api_client_for(teacher).delete(f"/api/classrooms/{classroom.pk}/students/{student.pk}/")
    assert response.status_code == 204
    assert not Enrollment.objects.filter(classroom=classroom, student=student).exists()


def test_it_does_not_let_another_teacher_remove_a_student(
    other_teacher: User, classroom: Classroom, student: User
) -> None:
    response = api_client_for(other_teacher).delete(f"/api/classrooms/{classroom.pk}/students/{student.pk}/")
    assert response.status_code == 404
    assert classroom.has_student(student)


def test_it_creates_an_assignment_for_the_class(teacher: User, classroom: Classroom) -> None:
    exercise = make_exercise(teacher)
    response = api_client_for(teacher).post(
        "/api/assignments/",
        {"classroom": classroom.pk, "kind": "exercise", "target": exercise.pk, "tolerance_cents": 20,
         "attempts_allowed": 3, "free_tempo": True},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "exercise" and body["title"] == "Twinkle" and body["tolerance_cents"] == 20
    assert body["free_tempo"] is True and body["student"] is None


def test_it_refuses_an_exercise_the_teacher_does_not_own(
    teacher: User, other_teacher: User, classroom: Classroom
) -> None:
    foreign = make_exercise(other_teacher)
    response = api_client_for(teacher).post(
        "/api/assignments/", {"classroom": classroom.pk, "kind": "exercise", "target": foreign.pk}, format="json"
    )
    assert response.status_code == 404
    assert not Assignment.objects.exists()


def test_it_refuses_an_unknown_kind_naming_the_kinds(teacher: User, classroom: Classroom) -> None:
    response = api_client_for(teacher).post(
        "/api/assignments/", {"classroom": classroom.pk, "kind": "user", "target": teacher.pk}, format="json"
    )
    assert response.status_code == 404
    assert "exercise" in response.json()["error"]["message"]


def test_it_refuses_a_wrong_band_inside_the_tolerance(teacher: User, classroom: Classroom) -> None:
    exercise = make_exercise(teacher)
    response = api_client_for(teacher).post(
        "/api/assignments/",
        {"classroom": classroom.pk, "kind": "exercise", "target": exercise.pk, "tolerance_cents": 40,
         "wrong_cents": 30},
        format="json",
    )
    assert response.status_code == 400
    assert "wrong_cents" in response.json()["error"]["fields"]


def test_it_refuses_to_address_a_student_outside_the_class(
    teacher: User, classroom: Classroom, other_student: User
) -> None:
    exercise = make_exercise(teacher)
    response = api_client_for(teacher).post(
        "/api/assignments/",
        {"classroom": classroom.pk, "kind": "exercise", "target": exercise.pk, "student": other_student.pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"student": ["That student is not in this class."]}


def test_a_students_token_cannot_read_another_students_assignment(
    teacher: User, classroom: Classroom, student: User, exercise
) -> None:
    classmate = User.objects.create_user(username="cleo", password="x-long-password-1", role="student")
    Enrollment.objects.create(classroom=classroom, student=classmate)
    personal = make_assignment(classroom, exercise, student=classmate)
    response = api_client_for(student).get(f"/api/assignments/{personal.pk}/")
    assert response.status_code == 404
    assert api_client_for(classmate).get(f"/api/assignments/{personal.pk}/").status_code == 200


def test_a_student_cannot_read_another_classes_assignment(
    student: User, other_classroom: Classroom, other_teacher: User
) -> None:
    foreign = make_assignment(other_classroom, make_exercise(other_teacher))
    assert api_client_for(student).get(f"/api/assignments/{foreign.pk}/").status_code == 404


def test_a_teacher_cannot_read_another_teachers_assignment(other_teacher: User, assignment: Assignment) -> None:
    assert api_client_for(other_teacher).get(f"/api/assignments/{assignment.pk}/").status_code == 404


def test_a_student_lists_class_and_personal_assignments_only(
    classroom: Classroom, student: User, exercise, other_student: User
) -> None:
    whole_class = make_assignment(classroom, exercise)
    mine = make_assignment(classroom, exercise, student=student)
    Enrollment.objects.create(classroom=classroom, student=other_student)
    make_assignment(classroom, exercise, student=other_student)
    ids = {a["id"] for a in api_client_for(student).get("/api/assignments/").json()}
    assert ids == {whole_class.pk, mine.pk}


def test_a_student_loses_access_when_removed_from_the_class(
    teacher: User, classroom: Classroom, student: User, assignment: Assignment
) -> None:
    api_client_for(teacher).delete(f"/api/classrooms/{classroom.pk}/students/{student.pk}/")
    assert api_client_for(student).get(f"/api/assignments/{assignment.pk}/").status_code == 404


def test_a_student_cannot_delete_an_assignment(student: User, assignment: Assignment) -> None:
    response = api_client_for(student).delete(f"/api/assignments/{assignment.pk}/")
    assert response.status_code == 404
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_it_queues_a_data_export_and_hides_it_from_others(student: User, other_student: User) -> None:
    response = api_client_for(student).post("/api/exports/")
    assert response.status_code == 202 and response.json()["status"] == "queued"
    export_id = response.json()["id"]
    assert DataExport.objects.get(pk=export_id).owner == student
    assert api_client_for(other_student).get(f"/api/exports/{export_id}/").status_code == 404


def test_it_serves_the_openapi_schema_and_its_docs_from_vendored_assets(student: User) -> None:
    client = api_client_for(student)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/assignments/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"drf_spectacular_sidecar" in docs.content and b"cdn" not in docs.content.lower()
