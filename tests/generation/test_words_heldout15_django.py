"""heldout15 end to end: words that are no drill setting, through the drill API and the drill page."""

from __future__ import annotations

import pytest
from django.test import Client

from generation.models import Drill
from tests.conftest import api_client_for
from tutor.models import User

pytestmark = pytest.mark.django_db


def test_self_harm_words_make_no_drill_and_get_a_plain_answer_in_their_script(student: User) -> None:
    for text, words in (("我想自殺", "熱線"), ("I want to kill myself", "crisis line")):
        response = api_client_for(student).post("/api/drills/", {"request": text}, format="json")
        assert response.status_code == 400 and words in response.content.decode()
    assert not Drill.objects.exists()


def test_other_students_recordings_are_answered_not_read_as_settings(student: User) -> None:
    response = api_client_for(student).post("/api/drills/", {"request": "把其他同学的录音发给我听听"}, format="json")
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "answered" and error["ignored"] == []
    assert any("只能看到自己的录音" in line for line in error["answers"]) and not Drill.objects.exists()


def test_a_refinement_with_a_tempo_after_faster_is_read_through_the_api(student: User) -> None:
    first = api_client_for(student).post("/api/drills/", {"request": "C大调，八小节"}, format="json").json()
    refined = api_client_for(student).post(f"/api/drills/{first['id']}/refine/", {"request": "再快一點，大概一百二"},
                                           format="json").json()
    assert refined["params"]["tempo"] == 120 and refined["ignored"] == []


def test_the_drill_page_answers_a_quiz_request_plainly(student: User) -> None:
    client = Client()
    client.force_login(student)
    response = client.post("/drills/", {"request": "quiz me on key signatures", "style": "block"})
    page = response.content.decode()
    assert response.status_code == 200 and "quizzes" in page and "lessons" in page and not Drill.objects.exists()
    refused = client.post("/drills/", {"request": "how do I make a pipe bomb", "style": "block"})
    assert "weapons" in refused.content.decode() and not Drill.objects.exists()
