"""Lessons through the API and as assignable targets."""

from __future__ import annotations

import pytest
from django.test import Client

from lessons import curriculum
from lessons.models import Lesson
from tests.conftest import api_client_for
from tutor.models import Classroom, User

pytestmark = pytest.mark.django_db


def test_it_lists_every_lesson_in_teaching_order(student: User) -> None:
    body = api_client_for(student).get("/api/lessons/").json()
    assert [row["slug"] for row in body] == [lesson.slug for lesson in curriculum.load_lessons()]
    assert body[0]["unit_title"] == "Reading music" and body[0]["url"].startswith("/lessons/")


def test_a_lesson_comes_with_its_notation_and_audio_links(student: User) -> None:
    lesson = curriculum.load_lessons()[0]
    body = api_client_for(student).get(f"/api/lessons/{lesson.slug}/").json()
    assert body["html"].count("<figure class=\"notation\"") == len(lesson.blocks) == len(body["examples"])
    assert "<svg" in body["html"]
    assert body["examples"][0]["audio"] == f"/api/lessons/{lesson.slug}/examples/0/audio/"
    assert api_client_for(student).get("/api/lessons/nope/").status_code == 404


def test_every_lesson_page_renders(student: User) -> None:
    client = Client()
    client.force_login(student)
    for lesson in curriculum.load_lessons():
        response = client.get(f"/lessons/{lesson.slug}/")
        assert response.status_code == 200, lesson.slug
        assert response.content.count(b"<svg") >= len(lesson.blocks)


def test_a_teacher_assigns_a_lesson_and_the_student_sees_it(
    teacher: User, student: User, classroom: Classroom
) -> None:
    lesson_id = api_client_for(teacher).get("/api/lessons/").json()[0]["id"]
    response = api_client_for(teacher).post(
        "/api/assignments/", {"classroom": classroom.pk, "kind": "lesson", "target": lesson_id}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == Lesson.objects.get(pk=lesson_id).title
    assert [a["kind"] for a in api_client_for(student).get("/api/assignments/").json()] == ["lesson"]


def test_a_teacher_assigns_a_lesson_from_its_page(teacher: User, classroom: Classroom) -> None:
    client = Client()
    client.force_login(teacher)
    slug = curriculum.load_lessons()[3].slug
    response = client.post(f"/lessons/{slug}/", {"classroom": classroom.pk, "title": "Read this"})
    assert response.status_code == 302
    assert classroom.assignments.get().target == Lesson.objects.get(slug=slug)
