"""Every upload and generation path is throttled, API and page sharing one budget; renders are limited per
person; grading has a queue of its own (issue 18, finding 6)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

from generation.models import Drill
from tests.conftest import api_client_for
from tutor.models import Assignment, Classroom, User
from tutor.throttles import GenerateThrottle, UploadThrottle

pytestmark = pytest.mark.django_db


def use_up(scope: type, user: User) -> None:
    """Fill the person's budget for the scope, as that many earlier requests would have."""
    throttle = scope()
    key = throttle.cache_format % {"scope": throttle.scope, "ident": user.pk}
    cache.set(key, [9e18] * throttle.num_requests, throttle.duration)


def api_paths(student: User, teacher: User, classroom: Classroom, assignment: Assignment) -> list:  # type: ignore[type-arg]
    return [
        (UploadThrottle, student, "/api/recordings/", {"exercise": assignment.target_id}),
        (UploadThrottle, student, "/api/range-tests/", {}),
        (UploadThrottle, teacher, "/api/exercises/", {"title": "x"}),
        (GenerateThrottle, student, "/api/drills/", {"params": {}}),
        (GenerateThrottle, student, "/api/drills/1/refine/", {"request": "slower"}),
        (GenerateThrottle, student, "/api/recordings/1/drill/", {}),
        (GenerateThrottle, student, "/api/drills/weak-spots/", {}),
        (GenerateThrottle, teacher, f"/api/classrooms/{classroom.pk}/drill-assignments/", {}),
        (GenerateThrottle, student, "/api/exports/", {}),
    ]


def page_paths(student: User, teacher: User, classroom: Classroom, assignment: Assignment) -> list:  # type: ignore[type-arg]
    return [
        (UploadThrottle, student, f"/assignments/{assignment.pk}/takes/"),
        (UploadThrottle, student, f"/exercises/{assignment.target_id}/takes/"),
        (UploadThrottle, student, "/range-test/"),
        (UploadThrottle, teacher, "/exercises/"),
        (GenerateThrottle, student, "/drills/"),
        (GenerateThrottle, student, "/drills/1/refine/"),
        (GenerateThrottle, student, "/takes/1/drill/"),
        (GenerateThrottle, student, "/drills/weak-spots/"),
        (GenerateThrottle, teacher, f"/classes/{classroom.pk}/drills/"),
        (GenerateThrottle, student, "/account/"),
        (GenerateThrottle, teacher, f"/students/{student.pk}/export/"),
    ]


def test_every_upload_and_generation_api_path_is_throttled(
    student: User, teacher: User, classroom: Classroom, assignment: Assignment
) -> None:
    from django.urls import resolve

    for scope, user, url, body in api_paths(student, teacher, classroom, assignment):
        resolve(url)  # the path exists
        cache.clear()
        use_up(scope, user)
        response = api_client_for(user).post(url, body, format="json")
        assert response.status_code == 429, (url, response.status_code)
        assert response.json()["error"]["code"] == "throttled"


def test_every_upload_and_generation_page_is_throttled(
    student: User, teacher: User, classroom: Classroom, assignment: Assignment
) -> None:
    from django.urls import resolve

    for scope, user, url in page_paths(student, teacher, classroom, assignment):
        resolve(url)
        cache.clear()
        use_up(scope, user)
        client = Client()
        client.force_login(user)
        response = client.post(url, {})
        assert response.status_code == 429, (url, response.status_code)
        assert int(response["Retry-After"]) >= 1


def test_a_get_does_not_use_the_budget(student: User) -> None:
    use_up(GenerateThrottle, student)
    assert api_client_for(student).get("/api/drills/").status_code == 200


def test_a_person_has_at_most_a_few_drills_rendering(student: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAX_RENDERS_PER_USER = 2
    client = api_client_for(student)
    with mock.patch("generation.tasks.render_drill_media.apply_async"):
        codes = [client.post("/api/drills/", {"params": {"bars": 4}}, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429], codes
    assert Drill.objects.filter(owner=student).count() == 2
    Drill.objects.filter(owner=student).update(status="done")
    with mock.patch("generation.tasks.render_drill_media.apply_async"):
        assert client.post("/api/drills/", {"params": {"bars": 4}}, format="json").status_code == 201
