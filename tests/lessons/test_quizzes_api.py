"""Quizzes through the API: building, assigning, taking, scoring, deadlines, attempts, leaks and permissions."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from lessons.models import Quiz, QuizAttempt, ServedQuestion
from lessons.questions import GENERATORS, generate
from tests.conftest import api_client_for
from tests.lessons.test_performance import _clap_times, _sing_take, clapped, wav_bytes
from tutor.locale_compile import compile_catalogues
from tutor.models import Classroom, SkillEvidence, User

pytestmark = pytest.mark.django_db

TEST_ITEMS = [
    {"kind": "note_identify", "params": {"clefs": ["treble"]}, "count": 2},
    {"kind": "interval_identify", "params": {}, "count": 1},
]


def build_quiz(teacher: User, **overrides: Any) -> dict[str, Any]:
    body = {"title": "Reading check", "mode": "test", "time_limit_seconds": 600, "attempts_allowed": 1,
            "items": TEST_ITEMS, **overrides}
    response = api_client_for(teacher).post("/api/quizzes/", body, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def assign(teacher: User, classroom: Classroom, quiz_id: int, **extra: Any) -> int:
    response = api_client_for(teacher).post(
        "/api/assignments/", {"classroom": classroom.pk, "kind": "quiz", "target": quiz_id, **extra}, format="json"
    )
    assert response.status_code == 201, response.json()
    return int(response.json()["id"])


def start(student: User, assignment_id: int) -> dict[str, Any]:
    response = api_client_for(student).post("/api/attempts/", {"assignment": assignment_id}, format="json")
    assert response.status_code in (200, 201), response.json()
    return dict(response.json())


def right_answer(question_id: int) -> str:
    """What the server would accept: regenerated here, as the server does, never read from a response."""
    served = ServedQuestion.objects.get(pk=question_id)
    return generate(served.kind, seed=served.seed, **served.params).answer


def wrong_answer(question_id: int, payload: dict[str, Any]) -> str:
    right = right_answer(question_id)
    return next(c for c in payload["choices"] if c != right)


def test_it_runs_a_test_from_building_to_the_score_in_the_assignment_results(
    teacher: User, student: User, classroom: Classroom
) -> None:
    quiz = build_quiz(teacher)
    assert quiz["question_count"] == 3 and quiz["mode"] == "test"
    assignment_id = assign(teacher, classroom, quiz["id"])
    attempt = start(student, assignment_id)
    assert attempt["deadline"] and attempt["seconds_left"] > 590
    client = api_client_for(student)
    for n in range(3):
        question = client.get(f"/api/attempts/{attempt['id']}/next/").json()
        assert question["position"] == n + 1 and question["total"] == 3
        answer = right_answer(question["id"]) if n < 2 else wrong_answer(question["id"], question)
        response = client.post(f"/api/questions/{question['id']}/answer/", {"answer": answer}, format="json")
        assert response.status_code == 200, response.json()
    assert client.get(f"/api/attempts/{attempt['id']}/next/").status_code == 204
    done = client.get(f"/api/attempts/{attempt['id']}/").json()
    assert done["is_open"] is False and done["score"] == pytest.approx(66.7)
    assert [r["correct"] for r in done["review"]] == [True, True, False]

    teacher_page = Client()
    teacher_page.force_login(teacher)
    html = teacher_page.get(f"/assignments/{assignment_id}/").content.decode()
    assert "sam" in html and "67%" in html
    student_page = Client()
    student_page.force_login(student)
    assert "67%" in student_page.get(f"/assignments/{assignment_id}/").content.decode()


@pytest.mark.parametrize("half", [0, 1])
def test_it_never_sends_an_answer_before_the_question_is_answered(
    teacher: User, student: User, classroom: Classroom, half: int
) -> None:
    kinds = sorted(GENERATORS)[half::2]  # a quiz holds at most 30 items
    items = [{"kind": kind, "params": {}, "count": 1} for kind in kinds]
    quiz = build_quiz(teacher, items=items, time_limit_seconds=3600)
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    client = api_client_for(student)
    for _ in kinds:
        response = client.get(f"/api/attempts/{attempt['id']}/next/")
        body = response.json()
        served = ServedQuestion.objects.get(pk=body["id"])
        question = generate(served.kind, seed=served.seed, **served.params)
        # The SVG draws the question (Verovio's glyph ids such as "E0A2" can match a note name by
        # chance); what must not be in it is a note's name as data. Text under the notes (figures,
        # numerals) is only what the prompt says already.
        svgs = [body["svg"], *body["choice_svgs"]]
        assert not any(re.search(r"data-|pname", svg) for svg in svgs)
        for svg in svgs:
            for text in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S):
                words = [w.strip() for w in re.findall(r">([^<>]+)<", f">{text}<") if w.strip()]
                assert all(w in question.prompt for w in words), (served.kind, words)
        text = json.dumps({k: v for k, v in body.items() if k not in ("svg", "choice_svgs")})
        assert not {"answer", "explanation", "tags", "seed", "params"} & set(body)
        assert str(served.seed) not in text and question.explanation not in text
        assert question.id not in text  # the core's id hashes kind, seed and parameters
        if question.answer_mode != "choice" and question.answer not in question.prompt:
            assert question.answer not in text
        if body["audio"]:
            assert question.audio is not None and question.audio.content_hash not in text
        # In a test even the answer's response says nothing about it.
        if question.performance is not None:
            samples = _sing_take(question) if question.answer_mode == "sing" else clapped(_clap_times(question))
            take = SimpleUploadedFile("take.wav", wav_bytes(samples), content_type="audio/wav")
            answered = client.post(f"/api/questions/{body['id']}/recording/", {"audio": take}, format="multipart")
        else:
            answered = client.post(f"/api/questions/{body['id']}/answer/",
                                   {"answer": body["choices"][0] if body["choices"] else "C4 " * len(
                                       question.answer.split())}, format="json")
        if answered.status_code == 400:  # a note count or octave the question refuses: answer properly
            answered = client.post(f"/api/questions/{body['id']}/answer/", {"answer": question.answer}, format="json")
        assert answered.status_code == 200, answered.json()
        result = answered.json()
        if result["attempt"]["is_open"]:
            assert result["correct"] is None and result["answer"] is None and result["feedback"] is None


def test_a_typed_answers_right_answer_is_written_as_its_feedback_writes_it(
    teacher: User, student: User, classroom: Classroom
) -> None:
    """The feedback said "F♭2 (降F)" and then "The answer: Fb2": the stored ASCII, a b a reader takes for a letter."""
    items = [{"kind": "note_identify", "params": {"answer_mode": "note_name", "keys": ["Eb", "A"]}, "count": 4}]
    attempt = start(student, assign(teacher, classroom, build_quiz(teacher, mode="practice", items=items)["id"]))
    client = api_client_for(student)
    stored = []
    for _n in range(4):
        question = client.get(f"/api/attempts/{attempt['id']}/next/").json()
        stored.append(right_answer(question["id"]))
        result = client.post(f"/api/questions/{question['id']}/answer/", {"answer": "C0"}, format="json").json()
        assert result["correct"] is False
        assert not re.search(r"[A-G](?:#|b)", result["answer"]), result["answer"]
        assert result["answer"].replace("♯", "#").replace("♭", "b") == stored[-1]
    assert any(re.search(r"[#b]", name) for name in stored)  # some answer had an accidental to show


def test_it_gives_practice_feedback_at_once(teacher: User, student: User, classroom: Classroom) -> None:
    quiz = build_quiz(teacher, mode="practice", items=[{"kind": "note_identify", "count": 2}])
    assert quiz["time_limit_seconds"] is None and quiz["attempts_allowed"] is None
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    client = api_client_for(student)
    question = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    served = ServedQuestion.objects.get(pk=question["id"])
    expected = generate(served.kind, seed=served.seed, **served.params)
    result = client.post(f"/api/questions/{question['id']}/answer/",
                         {"answer": wrong_answer(question["id"], question)}, format="json").json()
    assert result["correct"] is False and result["answer"] == expected.answer
    assert expected.explanation in result["feedback"]
    question = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    result = client.post(f"/api/questions/{question['id']}/answer/",
                         {"answer": right_answer(question["id"])}, format="json").json()
    assert result["correct"] is True and result["feedback"].startswith("Correct")
    assert result["attempt"]["score"] == 50.0


def test_it_refuses_answers_and_submission_after_the_deadline(
    teacher: User, student: User, classroom: Classroom
) -> None:
    attempt = start(student, assign(teacher, classroom, build_quiz(teacher)["id"]))
    client = api_client_for(student)
    question = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    QuizAttempt.objects.filter(pk=attempt["id"]).update(deadline=timezone.now() - timedelta(seconds=30))
    response = client.post(f"/api/questions/{question['id']}/answer/",
                           {"answer": right_answer(question["id"])}, format="json")
    assert response.status_code == 409 and "Time is up" in response.json()["error"]["message"]
    assert client.post(f"/api/attempts/{attempt['id']}/submit/").status_code == 409
    closed = client.get(f"/api/attempts/{attempt['id']}/").json()
    assert closed["timed_out"] is True and closed["score"] == 0.0 and closed["is_open"] is False


def test_it_closes_an_abandoned_test_from_the_task(teacher: User, student: User, classroom: Classroom) -> None:
    from lessons.tasks import close_expired_attempt

    attempt = start(student, assign(teacher, classroom, build_quiz(teacher)["id"]))
    close_expired_attempt(attempt["id"])
    assert QuizAttempt.objects.get(pk=attempt["id"]).is_open
    QuizAttempt.objects.filter(pk=attempt["id"]).update(deadline=timezone.now() - timedelta(seconds=30))
    close_expired_attempt(attempt["id"])
    close_expired_attempt(attempt["id"])  # a second delivery changes nothing
    closed = QuizAttempt.objects.get(pk=attempt["id"])
    assert closed.timed_out and closed.score_percent == 0.0 and closed.submitted_at == closed.deadline


def test_it_queues_the_closing_task_after_the_commit(
    teacher: User, student: User, classroom: Classroom, django_capture_on_commit_callbacks: Any
) -> None:
    from unittest import mock

    assignment_id = assign(teacher, classroom, build_quiz(teacher)["id"])
    with mock.patch("lessons.tasks.close_expired_attempt.apply_async") as queued, \
            django_capture_on_commit_callbacks(execute=True):
        attempt = start(student, assignment_id)
    (args,), kwargs = queued.call_args
    assert args == (attempt["id"],) and 600 < kwargs["countdown"] < 610


def test_it_limits_attempts_and_refuses_a_second_submission(
    teacher: User, student: User, classroom: Classroom
) -> None:
    assignment_id = assign(teacher, classroom, build_quiz(teacher)["id"])
    first = start(student, assignment_id)
    again = api_client_for(student).post("/api/attempts/", {"assignment": assignment_id}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first["id"]  # the open one, not a new one
    client = api_client_for(student)
    assert client.post(f"/api/attempts/{first['id']}/submit/").status_code == 200
    second = client.post(f"/api/attempts/{first['id']}/submit/")
    assert second.status_code == 409 and "already handed in" in second.json()["error"]["message"]
    refused = client.post("/api/attempts/", {"assignment": assignment_id}, format="json")
    assert refused.status_code == 409 and "all 1 attempt" in refused.json()["error"]["message"]
    assert QuizAttempt.objects.filter(student=student).count() == 1


def test_the_assignments_own_attempt_limit_wins(teacher: User, student: User, classroom: Classroom) -> None:
    assignment_id = assign(teacher, classroom, build_quiz(teacher)["id"], attempts_allowed=2)
    client = api_client_for(student)
    for _ in range(2):
        attempt = start(student, assignment_id)
        client.post(f"/api/attempts/{attempt['id']}/submit/")
    assert client.post("/api/attempts/", {"assignment": assignment_id}, format="json").status_code == 409


def test_it_refuses_an_unreadable_answer_without_counting_it(
    teacher: User, student: User, classroom: Classroom
) -> None:
    attempt = start(student, assign(teacher, classroom, build_quiz(teacher)["id"]))
    client = api_client_for(student)
    question = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    response = client.post(f"/api/questions/{question['id']}/answer/", {"answer": "banana"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["fields"]["answer"]
    assert not ServedQuestion.objects.get(pk=question["id"]).is_answered
    # The same refusal to a Chinese reader, in Chinese (the checking code writes English).
    compile_catalogues(Path(__file__).resolve().parents[2] / "locale")
    chinese = client.post(f"/api/questions/{question['id']}/answer/", {"answer": "banana"}, format="json",
                          HTTP_ACCEPT_LANGUAGE="zh-CN").json()["error"]
    assert re.search(r"[\u4e00-\u9fff]", chinese["message"]) and "Choose" not in chinese["message"], chinese
    assert chinese["fields"]["answer"] == [chinese["message"]]
    assert not ServedQuestion.objects.get(pk=question["id"]).is_answered
    client.post(f"/api/questions/{question['id']}/answer/", {"answer": right_answer(question["id"])}, format="json")
    twice = client.post(f"/api/questions/{question['id']}/answer/", {"answer": right_answer(question["id"])},
                        format="json")
    assert twice.status_code == 409


def test_every_answer_becomes_skill_evidence(teacher: User, student: User, classroom: Classroom) -> None:
    attempt = start(student, assign(teacher, classroom, build_quiz(teacher)["id"]))
    client = api_client_for(student)
    question = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    client.post(f"/api/questions/{question['id']}/answer/", {"answer": wrong_answer(question["id"], question)},
                format="json")
    served = ServedQuestion.objects.get(pk=question["id"])
    rows = SkillEvidence.objects.filter(student=student, source="quiz", source_id=served.pk)
    assert sorted(rows.values_list("tag", flat=True)) == sorted(served.tags) and served.tags
    assert not rows.filter(correct=True).exists()


def test_a_quiz_with_bad_parameters_names_the_item(teacher: User) -> None:
    response = api_client_for(teacher).post("/api/quizzes/", {
        "title": "x", "items": [{"kind": "note_identify", "params": {"clefs": ["soprano"]}, "count": 1}],
    }, format="json")
    assert response.status_code == 400
    assert "Item 1 (note_identify)" in response.json()["error"]["message"]
    unknown = api_client_for(teacher).post("/api/quizzes/", {"title": "x", "items": [{"kind": "nope"}]},
                                           format="json")
    assert unknown.status_code == 400 and not Quiz.objects.exists()


def test_it_lists_the_question_types_for_builders(teacher: User) -> None:
    types = api_client_for(teacher).get("/api/question-types/").json()
    assert {t["kind"] for t in types} == set(GENERATORS)


# --- permissions -------------------------------------------------------------


def test_students_cannot_build_quizzes_or_start_unassigned_ones(
    teacher: User, student: User, classroom: Classroom
) -> None:
    assert api_client_for(student).post("/api/quizzes/", {"title": "x", "items": TEST_ITEMS},
                                        format="json").status_code == 403
    quiz = build_quiz(teacher)
    assert api_client_for(student).get(f"/api/quizzes/{quiz['id']}/").status_code == 404
    assert api_client_for(student).post("/api/attempts/", {"quiz": quiz["id"]}, format="json").status_code == 404


def test_another_student_gets_404_for_an_attempt_and_its_questions(
    teacher: User, student: User, other_student: User, classroom: Classroom, other_classroom: Classroom
) -> None:
    assignment_id = assign(teacher, classroom, build_quiz(teacher)["id"])
    attempt = start(student, assignment_id)
    question = api_client_for(student).get(f"/api/attempts/{attempt['id']}/next/").json()
    outsider = api_client_for(other_student)
    assert outsider.get(f"/api/attempts/{attempt['id']}/").status_code == 404
    assert outsider.get(f"/api/attempts/{attempt['id']}/next/").status_code == 404
    assert outsider.post(f"/api/attempts/{attempt['id']}/submit/").status_code == 404
    assert outsider.post(f"/api/questions/{question['id']}/answer/", {"answer": "x"}, format="json").status_code == 404
    assert outsider.post("/api/attempts/", {"assignment": assignment_id}, format="json").status_code == 404
    assert outsider.get("/api/attempts/").json() == []


def test_another_teacher_gets_404_for_the_quiz_and_the_attempts(
    teacher: User, other_teacher: User, student: User, classroom: Classroom, other_classroom: Classroom
) -> None:
    quiz = build_quiz(teacher)
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    outsider = api_client_for(other_teacher)
    assert outsider.get(f"/api/quizzes/{quiz['id']}/").status_code == 404
    assert outsider.get(f"/api/attempts/{attempt['id']}/").status_code == 404
    assert outsider.post("/api/attempts/", {"quiz": quiz["id"]}, format="json").status_code == 404
    assert outsider.post("/api/assignments/", {"classroom": other_classroom.pk, "kind": "quiz",
                                               "target": quiz["id"]}, format="json").status_code == 404


def test_the_teacher_sees_but_cannot_answer_a_students_attempt(
    teacher: User, student: User, classroom: Classroom
) -> None:
    attempt = start(student, assign(teacher, classroom, build_quiz(teacher)["id"]))
    question = api_client_for(student).get(f"/api/attempts/{attempt['id']}/next/").json()
    owner = api_client_for(teacher)
    assert owner.get(f"/api/attempts/{attempt['id']}/").status_code == 200
    assert [a["id"] for a in owner.get("/api/attempts/").json()] == [attempt["id"]]
    assert owner.get(f"/api/attempts/{attempt['id']}/next/").status_code == 404
    assert owner.post(f"/api/questions/{question['id']}/answer/", {"answer": "x"}, format="json").status_code == 404


def test_a_teacher_can_try_their_own_quiz_outside_the_results(
    teacher: User, student: User, classroom: Classroom
) -> None:
    quiz = build_quiz(teacher)
    assign(teacher, classroom, quiz["id"])
    response = api_client_for(teacher).post("/api/attempts/", {"quiz": quiz["id"]}, format="json")
    assert response.status_code == 201 and response.json()["assignment"] is None


def fingerprints(attempt_id: int) -> list[str]:
    return [generate(s.kind, seed=s.seed, **s.params).fingerprint
            for s in ServedQuestion.objects.filter(attempt_id=attempt_id).order_by("position")]


def test_a_sitting_never_asks_the_same_question_twice(teacher: User, student: User, classroom: Classroom) -> None:
    # Key signatures to write allow 22 different questions: 15 random seeds repeated one in nearly every sitting.
    quiz = build_quiz(teacher, items=[{"kind": "key_signature_construct", "params": {}, "count": 15}])
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    served = fingerprints(attempt["id"])
    assert len(served) == 15 and len(set(served)) == 15


def test_a_quiz_asking_more_than_its_settings_allow_still_starts(
    teacher: User, student: User, classroom: Classroom,
) -> None:
    params = {"major_keys": ["G", "D"], "mode": "major"}
    allowed = {generate("key_signature_construct", seed=seed, **params).fingerprint for seed in range(200)}
    items = [{"kind": "key_signature_construct", "params": params, "count": len(allowed) + 3}]
    attempt = start(student, assign(teacher, classroom, build_quiz(teacher, items=items)["id"]))
    served = fingerprints(attempt["id"])
    assert len(served) == len(allowed) + 3 and set(served) == allowed
