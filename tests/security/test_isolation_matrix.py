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
from dataclasses import dataclass, field
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from generation.models import Drill
from grading.models import Exercise, NoteResult, RangeTest, Recording, ScoreUpload, Transcription
from lessons.models import Quiz, QuizAttempt, ServedQuestion
from tests.conftest import api_client_for, make_assignment, make_exercise, make_user
from tutor.models import Assignment, Classroom, DataExport, Enrollment, SkillEvidence, User

pytestmark = pytest.mark.django_db

# A few bytes of WAV are enough: an audio URL that forgot its check would serve them with a 200.
TINY_WAV = b"RIFF$\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80>\x00\x00\x00}\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00"
SECRET = "zq-private-"  # every private title starts with this; no prober's page may show one


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


@dataclass
class World:
    ids: dict[str, list[int]] = field(default_factory=dict)  # parameter name -> the victim's ids
    people: dict[str, User] = field(default_factory=dict)


def _take(owner: User, exercise: Exercise, assignment: Assignment | None, title: str) -> Recording:
    recording = Recording(owner=owner, exercise=exercise, assignment=assignment, status="done", score_percent=71,
                          result={"notes": [], "title": title}, original_name=f"{title}.wav")
    recording.audio.save("t.wav", ContentFile(TINY_WAV), save=False)
    recording.save()
    note = NoteResult.objects.create(recording=recording, index=0, target_midi=60, target_onset=0, target_duration=1,
                                     confidence=0.3, pitch="flat", timing="ok")
    SkillEvidence.objects.create(student=owner, tag="pc:C@C", correct=False, source=SkillEvidence.Source.NOTE,
                                 source_id=note.pk, detail=title)
    return recording


@pytest.fixture
def world(teacher: User, other_teacher: User, student: User, other_student: User, classroom: Classroom,
          other_classroom: Classroom) -> World:
    """``student`` (the victim) and ``classmate`` in ``teacher``'s class; ``other_teacher`` and ``other_student``
    in a second class; ``removed`` was in the first class, made a take, and was removed."""
    classmate = make_user("clara", User.Role.STUDENT)
    removed = make_user("rémi", User.Role.STUDENT)
    for person in (classmate, removed):
        Enrollment.objects.create(classroom=classroom, student=person)
    assigned = make_exercise(teacher, "Shared exercise")
    private = make_exercise(teacher, f"{SECRET}private-exercise")
    class_assignment = make_assignment(classroom, assigned)
    personal = make_assignment(classroom, assigned, student=student)
    personal.title = f"{SECRET}personal-assignment"
    personal.save()
    takes = [_take(student, assigned, class_assignment, f"{SECRET}take-1"),
             _take(student, assigned, personal, f"{SECRET}take-2"),
             _take(student, assigned, None, f"{SECRET}take-3")]
    _take(removed, assigned, class_assignment, "removed-take")
    Enrollment.objects.filter(student=removed).delete()
    quiz_items = [{"kind": "note_identify", "params": {}, "count": 1}]
    assigned_quiz = Quiz.objects.create(owner=teacher, title="Shared quiz", items=quiz_items)
    private_quiz = Quiz.objects.create(owner=teacher, title=f"{SECRET}private-quiz", items=quiz_items)
    quiz_assignment = Assignment.objects.create(
        classroom=classroom, title="Quiz", target_type=ContentType.objects.get_for_model(Quiz), target_id=assigned_quiz.pk)
    attempt = QuizAttempt.objects.create(quiz=assigned_quiz, student=student, assignment=quiz_assignment,
                                         mode="practice")
    question = ServedQuestion.objects.create(attempt=attempt, position=0, kind="note_identify", seed=7)
    transcription = Transcription(owner=student, title=f"{SECRET}transcription", status="done",
                                  result={"key": "C major", "meter": "4/4", "tempo": 90.0, "notes": []})
    transcription.audio.save("t.wav", ContentFile(TINY_WAV), save=False)
    transcription.save()
    range_test = RangeTest(owner=student, status="done", low_midi=50, high_midi=70)
    range_test.audio.save("r.wav", ContentFile(TINY_WAV), save=False)
    range_test.save()
    upload = ScoreUpload.objects.create(owner=teacher, title=f"{SECRET}score-upload", status="failed", refused=True)
    export = DataExport.objects.create(owner=student, requested_by=student, status="done")
    export.file.save("e.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    with mock.patch("generation.services._queue_media"):
        response = api_client_for(student).post("/api/drills/", {"params": {"bars": 2, "seed": 3}}, format="json")
    drill = Drill.objects.get(pk=response.json()["id"])
    drill.request_text = f"{SECRET}drill"
    drill.save()
    world = World()
    world.ids = {
        "recording_id": [t.pk for t in takes],
        "note_id": list(NoteResult.objects.filter(recording__in=takes).values_list("pk", flat=True)),
        "transcription_id": [transcription.pk],
        "test_id": [range_test.pk],
        "drill_id": [drill.pk],
        "export_id": [export.pk],
        "attempt_id": [attempt.pk],
        "question_id": [question.pk],
        "upload_id": [upload.pk],
        "quiz_id": [assigned_quiz.pk, private_quiz.pk],
        "exercise_id": [assigned.pk, private.pk] + ([drill.exercise_id] if drill.exercise_id else []),
        "assignment_id": [class_assignment.pk, personal.pk, quiz_assignment.pk],
        "classroom_id": [classroom.pk],
        "student_id": [student.pk],
    }
    world.people = {"teacher": teacher, "victim": student, "classmate": classmate, "removed": removed,
                    "other_teacher": other_teacher, "other_student": other_student}
    return world


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
