"""Fifty takes uploaded at once against an attempt limit of two: exactly two are accepted, on the API and the page.

SQLite serialises writers, so the race only shows on PostgreSQL: the test runs
on whichever database the suite uses, and is a ``services`` test on PostgreSQL
(scripts/test.sh; or DATABASE_URL=postgresql://... pytest -m services).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from rest_framework.throttling import ScopedRateThrottle

from grading.models import Recording
from tests.conftest import api_client_for, make_assignment, make_exercise
from tutor.models import Classroom, Enrollment, User

on_postgres = connection.vendor == "postgresql"
pytestmark = [pytest.mark.django_db(transaction=True), *([pytest.mark.services] if on_postgres else [])]

UPLOADS = 50
ATTEMPTS_ALLOWED = 2


def slow_check(path: Path, **_: object) -> float:
    """Stands in for the sandboxed decode, slow enough that every upload is inside it at once."""
    time.sleep(0.3)
    return 2.0


def run_at_once(count: int, upload: Callable[[int], int]) -> list[int]:
    statuses: list[int] = [0] * count
    barrier = threading.Barrier(count)

    def one(i: int) -> None:
        try:
            barrier.wait()
            statuses[i] = upload(i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


@pytest.mark.parametrize("path", ["api", "page"])
def test_fifty_parallel_uploads_use_exactly_the_attempts_allowed(path: str) -> None:
    teacher = User.objects.create_user(username="tess", password="a-long-test-password", role="teacher")
    student = User.objects.create_user(username="sam", password="a-long-test-password", role="student")
    room = Classroom.objects.create(teacher=teacher, name="Choir")
    Enrollment.objects.create(classroom=room, student=student)
    assignment = make_assignment(room, make_exercise(teacher))
    assignment.attempts_allowed = ATTEMPTS_ALLOWED
    assignment.save(update_fields=["attempts_allowed"])
    wav = b"RIFF" + b"\0" * 2000

    def by_api(i: int) -> int:
        audio = SimpleUploadedFile(f"take{i}.wav", wav, content_type="audio/wav")
        return api_client_for(student).post(
            "/api/recordings/", {"audio": audio, "assignment": assignment.pk}, format="multipart"
        ).status_code

    def by_page(i: int) -> int:
        client = Client()
        client.force_login(student)
        audio = SimpleUploadedFile(f"take{i}.wav", wav, content_type="audio/wav")
        response = client.post(f"/assignments/{assignment.pk}/takes/", {"audio": audio})
        accepted = response.status_code == 302 and response["Location"].startswith("/takes/")
        return 202 if accepted else response.status_code

    with (
        mock.patch("grading.services.check_upload", slow_check),
        mock.patch("grading.tasks.analyze_recording.apply_async"),
        mock.patch.object(ScopedRateThrottle, "allow_request", return_value=True),
    ):
        statuses = run_at_once(UPLOADS, by_api if path == "api" else by_page)
    assert statuses.count(202) == ATTEMPTS_ALLOWED, statuses
    assert Recording.objects.filter(owner=student, assignment=assignment).count() == ATTEMPTS_ALLOWED
