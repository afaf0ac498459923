"""Enumerating ids gives outsiders nothing: every URL with an id in it, GET and POST, answers
an outsider (a teacher and a student who own nothing and belong to no class) with 403, 404
or 405 — never the object, never a 500. The URL list is read from the resolver, so a new
endpoint is covered the day it is added."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from grading.models import NoteResult, Recording
from lessons.models import Quiz, QuizAttempt, ServedQuestion
from tests.conftest import api_client_for, make_assignment, make_exercise
from tutor.models import Classroom, DataExport, Enrollment, User

pytestmark = pytest.mark.django_db
IDS = range(1, 7)


def patterns(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if "<int:" in route and not route.startswith("admin"):
                found.append(route)
    return found


def urls_for(route: str, object_id: int) -> str:
    url = re.sub(r"<int:[a-z_]+>", str(object_id), route)
    url = re.sub(r"<str:[a-z_]+>", "svg", url)
    return "/" + re.sub(r"<slug:[a-z_]+>", "reading-01-the-staff", url)


@pytest.fixture
def world(teacher: User, student: User, classroom: Classroom) -> None:
    """A class with everything in it, several of each, owned by the personas."""
    for n in range(3):
        exercise = make_exercise(teacher, f"Exercise {n}")
        assignment = make_assignment(classroom, exercise)
        recording = Recording.objects.create(
            owner=student, exercise=exercise, assignment=assignment, status="done", score_percent=70, audio="x.wav",
            result={"notes": []},
        )
        NoteResult.objects.create(recording=recording, index=0, target_midi=60, target_onset=0, target_duration=1,
                                  confidence=0.3, pitch="ok", timing="ok")
        quiz = Quiz.objects.create(owner=teacher, title=f"Quiz {n}", items=[{"kind": "note_identify", "params": {},
                                                                            "count": 1}])
        attempt = QuizAttempt.objects.create(quiz=quiz, student=student, mode="practice")
        ServedQuestion.objects.create(attempt=attempt, position=0, kind="note_identify", seed=n)
        DataExport.objects.create(owner=student, requested_by=student)
    Enrollment.objects.get_or_create(classroom=classroom, student=student)
    with mock.patch("generation.services._queue_media"):
        for n in range(2):
            api_client_for(student).post("/api/drills/", {"params": {"bars": 2, "seed": n}}, format="json")


@pytest.mark.parametrize("role", ["teacher", "student"])
def test_an_outsider_enumerating_ids_gets_nothing(world: None, role: str) -> None:
    outsider = User.objects.create_user(username=f"outsider-{role}", password="a-long-password-9", role=role)
    client = Client()
    client.force_login(outsider)
    api = api_client_for(outsider)
    leaks = []
    for route in patterns():
        for object_id in IDS:
            if object_id == outsider.pk:
                continue
            url = urls_for(route, object_id)
            for method in ("get", "post"):
                cache.clear()  # throttles would answer 429 before the lookup and hide a leak
                response = getattr(api if url.startswith("/api/") else client, method)(url)
                if response.status_code not in (403, 404, 405):
                    leaks.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not leaks, "\n".join(leaks)
    assert len(patterns()) > 40  # the walk found the app's URLs


def test_the_owner_walking_the_same_urls_does_see_things(world: None, student: User) -> None:
    """The walk above can fail: the same URLs answer the owner."""
    client = Client()
    client.force_login(student)
    api = api_client_for(student)
    seen = {
        urls_for(route, object_id)
        for route in patterns()
        for object_id in IDS
        if (api if route.startswith("api/") else client).get(urls_for(route, object_id)).status_code == 200
    }
    assert {"/takes/1/", "/api/recordings/1/", "/api/exports/1/", "/drills/1/", "/attempts/1/"} <= seen
