"""Sung and clapped questions through the API and the page, like any other question: in a quiz,
in adaptive practice, as skill evidence; a synthesised right take is accepted and a wrong one refused."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lessons.models import ServedQuestion
from lessons.questions import generate
from tests.conftest import api_client_for
from tests.lessons.test_performance import _clap_times, _sing_take, clapped, wav_bytes
from tests.lessons.test_quizzes_api import assign, build_quiz, start
from tutor.models import Classroom, SkillEvidence, User
from tutor.services import skill_profile

pytestmark = pytest.mark.django_db


def _question(served_id: int) -> Any:
    served = ServedQuestion.objects.get(pk=served_id)
    return generate(served.kind, seed=served.seed, **served.params)


def _send(client: Any, question_id: int, samples: np.ndarray) -> dict[str, Any]:
    upload = SimpleUploadedFile("take.wav", wav_bytes(samples), content_type="audio/wav")
    response = client.post(f"/api/questions/{question_id}/recording/", {"audio": upload}, format="multipart")
    assert response.status_code == 200, response.json()
    return dict(response.json())


def test_a_quiz_takes_sung_and_clapped_answers_and_records_evidence(teacher: User, student: User,
                                                                   classroom: Classroom) -> None:
    quiz = build_quiz(teacher, mode="practice", items=[
        {"kind": "sing_notation", "params": {"tasks": ["scale"], "keys": ["C", "G"]}, "count": 2},
        {"kind": "clap_rhythm", "params": {"meters": ["4/4"]}, "count": 2},
    ])
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    client = api_client_for(student)
    results = []
    for i in range(4):
        payload = client.get(f"/api/attempts/{attempt['id']}/next/").json()
        assert payload["answer_mode"] in ("sing", "clap") and payload["performance"]["notes"] >= 2
        q = _question(payload["id"])
        right = i % 2 == 0
        if q.answer_mode == "sing":
            take = _sing_take(q, shift={} if right else {2: 3.0})
        else:
            times = _clap_times(q, tempo_scale=1.05)
            take = clapped(times if right else times[:1] + times[2:])
        result = _send(client, payload["id"], take)
        assert result["correct"] is right, result["feedback"]
        results.append(result)
        served = ServedQuestion.objects.get(pk=payload["id"])
        rows = SkillEvidence.objects.filter(student=student, source="quiz", source_id=served.pk)
        assert sorted(rows.values_list("tag", flat=True)) == sorted(served.tags)
    assert "not heard" in results[3]["feedback"] or "cents" in results[3]["feedback"]
    assert results[-1]["attempt"]["score"] == 50.0
    profile = skill_profile(student=student)
    assert any(tag.startswith("meter:4/4") for tag in profile)


def test_a_typed_answer_to_a_sung_question_is_refused_and_not_counted(teacher: User, student: User,
                                                                      classroom: Classroom) -> None:
    quiz = build_quiz(teacher, mode="practice", items=[{"kind": "sing_notation", "count": 1}])
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    client = api_client_for(student)
    payload = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    response = client.post(f"/api/questions/{payload['id']}/answer/", {"answer": '{"notes": [], "extra": 0}'},
                           format="json")
    assert response.status_code == 400 and "recording" in str(response.json())
    assert not ServedQuestion.objects.get(pk=payload["id"]).is_answered


def test_a_recording_for_a_written_question_is_refused(teacher: User, student: User, classroom: Classroom) -> None:
    quiz = build_quiz(teacher, mode="practice", items=[{"kind": "note_identify", "count": 1}])
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    client = api_client_for(student)
    payload = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    upload = SimpleUploadedFile("take.wav", wav_bytes(clapped([0.5, 1.0])), content_type="audio/wav")
    response = client.post(f"/api/questions/{payload['id']}/recording/", {"audio": upload}, format="multipart")
    assert response.status_code == 400 and "in writing" in str(response.json())


def test_practice_serves_clap_back_and_the_page_takes_a_recording(student: User) -> None:
    client = api_client_for(student)
    attempt = client.post("/api/attempts/", {"adaptive": True, "kinds": ["clap_rhythm"]}, format="json").json()
    page = Client()
    page.force_login(student)
    html = page.get(f"/attempts/{attempt['id']}/").content.decode()
    assert 'id="recording-form"' in html and 'name="audio"' in html
    served = ServedQuestion.objects.filter(attempt_id=attempt["id"]).latest("position")
    q = _question(served.pk)
    upload = SimpleUploadedFile("take.wav", wav_bytes(clapped(_clap_times(q))), content_type="audio/wav")
    response = page.post(f"/attempts/{attempt['id']}/recording/", {"question": served.pk, "audio": upload})
    assert response.status_code == 302 and f"answered={served.pk}" in response["Location"]
    feedback = page.get(response["Location"]).content.decode()
    assert "Right." in feedback and "claps on time" in feedback


def test_the_question_types_list_the_new_kinds(teacher: User) -> None:
    kinds = {t["kind"] for t in api_client_for(teacher).get("/api/question-types/").json()}
    assert {"sing_notation", "clap_rhythm", "harmonic_dictation", "cadence_identify", "nct_identify",
            "secondary_dominant", "six_four", "ear_melody_rhythm", "part_writing"} <= kinds


def test_a_silent_recording_is_refused_with_a_reason_not_a_crash(teacher: User, student: User,
                                                                 classroom: Classroom) -> None:
    quiz = build_quiz(teacher, mode="practice", items=[{"kind": "sing_notation", "count": 1}])
    attempt = start(student, assign(teacher, classroom, quiz["id"]))
    client = api_client_for(student)
    payload = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    quiet = np.random.default_rng(0).standard_normal(16000 * 2) * 0.002
    upload = SimpleUploadedFile("take.wav", wav_bytes(quiet), content_type="audio/wav")
    response = client.post(f"/api/questions/{payload['id']}/recording/", {"audio": upload}, format="multipart")
    assert response.status_code == 400 and response.json()["error"]["fields"].get("audio")
    assert not ServedQuestion.objects.get(pk=payload["id"]).is_answered
