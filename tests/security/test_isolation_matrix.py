"""Every object-bearing URL, probed by the people nearest to the owner.

``test_enumeration`` covers an outsider who belongs to no class. Here the world is a class with
two students and its teacher, a second class with its own teacher and student, and a student
who was removed from the first class; each of them, and an anonymous visitor, asks every URL
(pages and API; GET, POST, PUT, PATCH, DELETE) with the ids of things that are not theirs to
see: the victim's takes, their audio and notes, transcriptions, range tests, drills and their
files, exports, quiz attempts and questions, personal assignments, and the teacher's private
exercises, quizzes, score uploads, gradebook, review queue and roster. Nothing may answer with
the thing, nothing may change, and no page or list that the prober may read may carry a
private title. The URL list is read from the resolver, so a new endpoint is covered the day it
is added."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from generation.models import Drill
from grading.models import Exercise, NoteResult, RangeTest, Recording, ScoreUpload, Transcription
from lessons.models import Quiz, QuizAttempt, ServedQuestion
from tests.conftest import api_client_for
from tests.security.conftest import SECRET, World
from tutor.models import Assignment, Classroom, DataExport, Enrollment, SkillEvidence, User

pytestmark = pytest.mark.django_db


def routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not route.startswith("admin"):
                found.append(route)
    return found


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


# What each prober may rightly open among the victim's and the teacher's things (by parameter name).
ALLOWED: dict[str, dict[str, set[str]]] = {
    # The class, its whole-class assignments and what they set are the classmate's too.
    "classmate": {"classroom_id": {"classroom"}, "assignment_id": {"class", "quiz"},
                  "exercise_id": {"assigned"}, "quiz_id": {"assigned"}},
    "removed": {},
    "other_teacher": {},
    "other_student": {},
    "anonymous": {},
}
# Pages and API calls on the class that only its teacher may use, even with the class in the URL.
TEACHER_ONLY = ("gradebook", "review", "drills/", "drill-assignments", "students/<int:student_id>")


def _labels(world: World) -> dict[str, dict[int, str]]:
    """A name for each victim id, to match ``ALLOWED``."""
    ids = world.ids
    return {
        "classroom_id": {ids["classroom_id"][0]: "classroom"},
        "assignment_id": dict(zip(ids["assignment_id"], ("class", "personal", "quiz"), strict=True)),
        "exercise_id": dict(zip(ids["exercise_id"], ("assigned", "private", "drill"), strict=False)),
        "quiz_id": dict(zip(ids["quiz_id"], ("assigned", "private"), strict=True)),
    }


def probes(world: World, prober: str) -> list[str]:
    """Every URL with at least one id the prober may not open."""
    labels = _labels(world)
    allowed = ALLOWED[prober]
    urls: list[str] = []
    for route in routes():
        params = PARAM.findall(route)
        id_params = [name for kind, name in params if kind == "int" and name in world.ids]
        if not id_params:
            continue
        # One URL per victim id of the route's first id parameter; the others take the victim's first.
        lead = id_params[0]
        for object_id in world.ids[lead]:
            chosen = {name: world.ids[name][0] for name in id_params}
            chosen[lead] = object_id
            forbidden = any(
                labels.get(name, {}).get(value, "") not in allowed.get(name, set()) for name, value in chosen.items()
            ) or any(marker in route for marker in TEACHER_ONLY)
            if not forbidden:
                continue
            for extra in _extras(route):
                url = route
                for kind, name in params:
                    value = str(chosen[name]) if name in chosen else extra.get(name, "1")
                    url = url.replace(f"<{kind}:{name}>" if kind else f"<{name}>", value)
                urls.append("/" + url)
    return sorted(set(urls))


def _extras(route: str) -> list[dict[str, str]]:
    if "<str:fmt>" in route:
        return [{"fmt": fmt} for fmt in ("svg", "musicxml", "midi", "wav", "pdf", "json")]
    if "<str:part>" in route:
        return [{"part": part} for part in ("melody", "accompaniment", "full", "1")]
    return [{"index": "0", "slug": "reading-01-the-staff"}]


def client_for(prober: str, world: World, api: bool) -> Client | APIClient:
    if prober == "anonymous":
        return APIClient() if api else Client()
    user = world.people[prober]
    if api:
        return api_client_for(user)
    client = Client()
    client.force_login(user)
    return client


def snapshot() -> dict[str, object]:
    """What a successful forbidden write would change."""
    return {
        "rows": {model.__name__: model.objects.count() for model in (
            Recording, NoteResult, Transcription, RangeTest, Drill, DataExport, QuizAttempt, ServedQuestion, Quiz,
            Exercise, Assignment, Classroom, Enrollment, ScoreUpload, User, SkillEvidence)},
        "verdicts": sorted(NoteResult.objects.values_list("pk", "pitch", "timing", "reviewed_by")),
        "answers": sorted(ServedQuestion.objects.values_list("pk", "answer_given", "correct")),
        "attempts": sorted(QuizAttempt.objects.values_list("pk", "submitted_at")),
        "transcriptions": sorted((pk, str(result)) for pk, result in Transcription.objects.values_list("pk", "result")),
        "assignments": sorted(Assignment.objects.values_list("pk", "title", "classroom", "student", "due_at")),
        "classes": sorted(Classroom.objects.values_list("pk", "name", "teacher", "join_code")),
    }


PROBERS = ["classmate", "removed", "other_teacher", "other_student", "anonymous"]


@pytest.mark.parametrize("prober", PROBERS)
def test_nobody_opens_or_changes_what_is_not_theirs(world: World, prober: str) -> None:
    before = snapshot()
    urls = probes(world, prober)
    assert len(urls) > 60, urls
    leaks = []
    for url in urls:
        client = client_for(prober, world, api=url.startswith("/api/"))
        for method in ("get", "post", "put", "patch", "delete"):
            if method not in ("get", "post") and not url.startswith("/api/"):
                continue
            cache.clear()  # a throttle's 429 would hide what the lookup does
            response = getattr(client, method)(url, {}, format="json") if url.startswith("/api/") \
                else getattr(client, method)(url)
            status = response.status_code
            login = status == 302 and "/accounts/login/" in response.get("Location", "")
            refused = status in (401, 403, 404, 405) or login
            if not refused:
                leaks.append(f"{method.upper()} {url} -> {status} {response.get('Location', '')}")
            elif SECRET.encode() in response.content:
                leaks.append(f"{method.upper()} {url} -> {status} names a private thing")
    assert not leaks, "\n".join(leaks)
    assert snapshot() == before


# Pages and lists without ids: what a prober may read must not carry the victim's or the teacher's private things.
LISTS = ["/", "/dashboard/", "/classes/", "/exercises/", "/drills/", "/quizzes/", "/account/", "/practice/",
         "/lessons/", "/transcribe/", "/range-test/", "/api/me/", "/api/classrooms/", "/api/assignments/",
         "/api/exercises/", "/api/score-uploads/", "/api/recordings/", "/api/range-tests/", "/api/transcriptions/",
         "/api/drills/", "/api/quizzes/", "/api/attempts/", "/api/exports/"]
FILTERS = ["owner", "student", "user", "classroom", "assignment", "exercise", "quiz", "teacher", "all", "include"]


@pytest.mark.parametrize("prober", PROBERS)
def test_lists_and_their_filters_show_a_prober_nothing_private(world: World, prober: str) -> None:
    victim, teacher = world.people["victim"], world.people["teacher"]
    found = []
    for url in LISTS:
        client = client_for(prober, world, api=url.startswith("/api/"))
        queries = [""] + [f"?{name}={value}" for name in FILTERS for value in (victim.pk, teacher.pk, "all", "1")]
        for query in queries:
            response = client.get(url + query)
            assert response.status_code < 500, (url + query, response.status_code)
            if SECRET.encode() in response.content:
                found.append(f"{url}{query} ({response.status_code})")
    assert not found, "\n".join(found)


def test_the_walk_finds_things_for_their_owner(world: World) -> None:
    """The probes can fail: the victim and the teacher do open the same URLs."""
    opened = []
    for person in ("victim", "teacher"):
        for url in probes(world, "other_student"):
            client = client_for(person, world, api=url.startswith("/api/"))
            if client.get(url).status_code == 200:
                opened.append(url)
    ids = world.ids
    for expected in (f"/takes/{ids['recording_id'][0]}/", f"/takes/{ids['recording_id'][0]}/audio/",
                     f"/api/transcriptions/{ids['transcription_id'][0]}/", f"/api/range-tests/{ids['test_id'][0]}/",
                     f"/api/attempts/{ids['attempt_id'][0]}/", f"/classes/{ids['classroom_id'][0]}/gradebook/",
                     f"/api/score-uploads/{ids['upload_id'][0]}/", f"/api/exports/{ids['export_id'][0]}/"):
        assert expected in opened, expected


@pytest.mark.parametrize("prober", PROBERS)
def test_after_the_teacher_leaves_their_things_are_nobodys_to_open(world: World, prober: str) -> None:
    """The teacher deletes their account: the class goes, the exercise and quiz the victim worked on stay,
    ownerless, for the victim alone (and for the removed student, who has a take of the exercise)."""
    teacher = world.people["teacher"]
    token = api_client_for(teacher)
    response = token.post(f"/api/students/{teacher.pk}/delete-data/", {"confirm": True, "delete_account": True},
                          format="json")
    assert response.status_code == 200, response.content
    assert token.get("/api/me/").status_code in (401, 403)  # the token went with the account
    assert not User.objects.filter(pk=teacher.pk).exists()
    shared = Exercise.objects.get(title="Shared exercise")
    assert shared.owner is None and Quiz.objects.get(title="Shared quiz").owner is None
    victim = client_for("victim", world, api=False)
    assert victim.get(f"/takes/{world.ids['recording_id'][0]}/audio/").status_code == 200
    assert victim.get(f"/exercises/{shared.pk}/studio/").status_code == 200
    ALLOWED_AFTER = {"removed": {"exercise_id": {"assigned"}}}
    leaks = []
    for url in probes(world, prober):
        if prober in ALLOWED_AFTER and f"/{shared.pk}/" in url and "exercise" in url:
            continue
        client = client_for(prober, world, api=url.startswith("/api/"))
        for method in ("get", "post"):
            cache.clear()
            response = getattr(client, method)(url)
            login = response.status_code == 302 and "/accounts/login/" in response.get("Location", "")
            if response.status_code not in (401, 403, 404, 405) and not login:
                leaks.append(f"{method.upper()} {url} -> {response.status_code}")
    assert not leaks, "\n".join(leaks)


def test_a_quiz_assignment_page_shows_a_student_only_their_own_results(world: World) -> None:
    """Filtered in the template, the classmates' rows still made the table: no 'no attempts yet' line."""
    from django.utils import timezone

    QuizAttempt.objects.filter(student=world.people["victim"]).update(submitted_at=timezone.now(), score_percent=80)
    quiz_assignment = Assignment.objects.get(title="Quiz")
    page = client_for("classmate", world, api=False).get(f"/assignments/{quiz_assignment.pk}/")
    assert page.status_code == 200
    assert b"No attempts handed in yet." in page.content and b"80" not in page.content.split(b"quiz-results")[-1]
    teacher_page = client_for("teacher", world, api=False).get(f"/assignments/{quiz_assignment.pk}/")
    assert b"sam" in teacher_page.content.split(b"quiz-results")[-1]


def test_stored_files_have_no_address_of_their_own(world: World) -> None:
    """Takes and transcriptions are served only by the views that check who asks (names are random too)."""
    client = client_for("victim", world, api=False)
    for row in [*Recording.objects.all(), *Transcription.objects.all()]:
        for prefix in ("/", "/media/", "/static/"):
            assert client.get(prefix + row.audio.name).status_code == 404, prefix + row.audio.name
        assert re.fullmatch(r"\w+/\d+/[0-9a-f]{24}\.\w+", row.audio.name), row.audio.name
