"""Ids in request bodies are checked as ids in URLs are: nobody assigns to a class they do not teach, sets
someone else's exercise or quiz, submits a take or starts a quiz on an assignment that is not theirs,
exports another person's data, or gets into a class without its code (nor by guessing codes)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grading.models import Exercise, Recording
from lessons.models import Quiz, QuizAttempt
from tests.conftest import api_client_for, make_assignment, make_exercise
from tests.grading.takes import twinkle_take
from tests.security.conftest import World
from tutor.models import Assignment, Classroom, DataExport, Enrollment, User
from tutor.services import JOIN_FREE_FAILURES

pytestmark = pytest.mark.django_db


def _assign(user: User, **body: object) -> int:
    base = {"classroom": Classroom.objects.get(name="Choir").pk, "kind": "exercise",
            "target": Exercise.objects.get(title="Shared exercise").pk}
    return api_client_for(user).post("/api/assignments/", {**base, **body}, format="json").status_code


def test_assignments_name_only_the_teachers_own_class_exercise_quiz_and_students(world: World) -> None:
    teacher, other_teacher = world.people["teacher"], world.people["other_teacher"]
    theirs = make_exercise(other_teacher, "Oscar's own")
    their_quiz = Quiz.objects.create(owner=other_teacher, title="Oscar's quiz",
                                     items=[{"kind": "note_identify", "params": {}, "count": 1}])
    before = Assignment.objects.count()
    assert _assign(other_teacher) == 404  # not their class
    assert _assign(teacher, target=theirs.pk) == 404
    assert _assign(teacher, kind="quiz", target=their_quiz.pk) == 404
    for kind in ("user", "classroom", "recording", "enrollment", "nonsense"):
        assert 400 <= _assign(teacher, kind=kind, target=world.people["victim"].pk) < 500
    assert _assign(world.people["victim"]) == 403  # students set nothing
    assert Assignment.objects.count() == before


def test_a_student_outside_the_class_and_no_student_at_all_read_the_same(world: World) -> None:
    """Told apart, the two answers would say which user ids exist."""
    teacher = world.people["teacher"]
    client = api_client_for(teacher)
    base = {"classroom": Classroom.objects.get(name="Choir").pk, "kind": "exercise",
            "target": Exercise.objects.get(title="Shared exercise").pk}
    answers = [client.post("/api/assignments/", {**base, "student": pk}, format="json")
               for pk in (world.people["other_student"].pk, world.people["other_teacher"].pk, 987_654)]
    assert len({(a.status_code, a.json()["error"]["message"]) for a in answers}) == 1, [a.content for a in answers]
    assert answers[0].status_code == 400


def test_a_take_names_only_an_assignment_or_exercise_of_the_student(world: World, tmp_path) -> None:  # type: ignore[no-untyped-def]
    take = twinkle_take(tmp_path / "t.wav").read_bytes()
    other_class_assignment = make_assignment(Classroom.objects.get(name="Band"),
                                             make_exercise(world.people["other_teacher"], "Band piece"))
    personal = Assignment.objects.get(student=world.people["victim"])
    private = Exercise.objects.get(title__endswith="private-exercise")
    cases = [("victim", {"assignment": other_class_assignment.pk}), ("victim", {"exercise": private.pk}),
             ("classmate", {"assignment": personal.pk}), ("other_student", {"exercise": private.pk}),
             ("removed", {"assignment": personal.pk}), ("classmate", {"exercise": world.ids["exercise_id"][-1]})]
    before = Recording.objects.count()
    with mock.patch("grading.tasks.analyze_recording.apply_async"):
        for person, body in cases:
            response = api_client_for(world.people[person]).post(
                "/api/recordings/", {"audio": SimpleUploadedFile("t.wav", take), **body}, format="multipart")
            assert response.status_code == 404, (person, body, response.content)
    assert Recording.objects.count() == before


def test_a_quiz_is_started_only_on_ones_own_assignment(world: World) -> None:
    quiz_assignment = Assignment.objects.get(title="Quiz")
    private_quiz = Quiz.objects.get(title__endswith="private-quiz")
    before = QuizAttempt.objects.count()
    for person, body in [("other_student", {"assignment": quiz_assignment.pk}), ("removed", {"assignment": quiz_assignment.pk}),
                         ("victim", {"quiz": private_quiz.pk}), ("other_teacher", {"quiz": private_quiz.pk})]:
        response = api_client_for(world.people[person]).post("/api/attempts/", body, format="json")
        assert response.status_code == 404, (person, body, response.content)
    assert QuizAttempt.objects.count() == before


@pytest.mark.parametrize("person", ["classmate", "other_teacher", "other_student", "removed"])
def test_nobody_exports_a_person_who_is_not_theirs(world: World, person: str) -> None:
    before = DataExport.objects.count()
    response = api_client_for(world.people[person]).post("/api/exports/", {"student": world.people["victim"].pk},
                                                         format="json")
    assert response.status_code == 404
    assert DataExport.objects.count() == before


def test_guessing_join_codes_is_stopped_and_a_typo_is_not(world: World) -> None:
    """31^8 codes are many, but nothing stopped a script from walking through them to get into classes."""
    student = world.people["other_student"]
    choir = Classroom.objects.get(name="Choir")
    client = api_client_for(student)
    codes = [client.post("/api/classrooms/join/", {"code": f"WRONG{n:03d}"}, format="json").status_code
             for n in range(JOIN_FREE_FAILURES)]
    assert codes == [404] * JOIN_FREE_FAILURES  # typos: told plainly, no wait
    refused = client.post("/api/classrooms/join/", {"code": choir.join_code}, format="json",
                          HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 429 and "分钟后再试" in refused.json()["error"]["message"]
    page = Client()
    page.force_login(student)
    assert page.post("/classes/join/", {"code": choir.join_code}).status_code == 429
    assert not Enrollment.objects.filter(classroom=choir, student=student).exists()
    # Another student is not held up by this one's guesses.
    other = User.objects.create_user(username="newcomer", password="a-long-test-password", role="student")
    assert api_client_for(other).post("/api/classrooms/join/", {"code": choir.join_code.lower()},
                                      format="json").status_code == 200


@pytest.mark.parametrize("person", ["victim", "other_teacher", "classmate"])
def test_only_the_classes_teacher_overrides_a_verdict_even_with_a_valid_body(world: World, person: str) -> None:
    """The URL walk posts empty bodies; a well-formed one must be refused as surely (the owner included)."""
    from grading.models import NoteResult

    note = NoteResult.objects.get(pk=world.ids["note_id"][0])
    client = api_client_for(world.people[person])
    response = client.post(f"/api/notes/{note.pk}/override/", {"pitch": "ok", "timing": "ok"}, format="json")
    page = Client()
    page.force_login(world.people[person])
    shown = page.post(f"/notes/{note.pk}/override/", {"pitch": "ok", "timing": "ok"})
    assert response.status_code == 404 and shown.status_code == 404
    note.refresh_from_db()
    assert (note.pitch, note.reviewed_at) == ("flat", None)
