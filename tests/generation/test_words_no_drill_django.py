"""Words that ask only for what a drill is not ("quiz me on key signatures", "write down what I sing") make no drill:
the API answers 400 ``answered`` with the answers and links to the pages that do it, the page shows them, in the
request's language; words that also name a setting still get their drill."""

from __future__ import annotations

import pytest

from generation.models import Drill
from tests.conftest import api_client_for, logged_in
from tutor.models import User

pytestmark = pytest.mark.django_db



def test_a_quiz_request_on_the_api_is_answered_with_working_links_and_no_drill(student: User) -> None:
    response = api_client_for(student).post("/api/drills/", {"request": "quiz me on key signatures"}, format="json")
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "answered"
    assert "Quizzes" in error["message"] and error["fields"]["request"] == [error["message"]]
    assert [(link["page"], link["url"]) for link in error["links"]] == [("practice", "/practice/?unit=keys"), ("lesson-list", "/lessons/")]
    assert not Drill.objects.exists()
    client = logged_in(student)
    assert all(client.get(link["url"]).status_code == 200 for link in error["links"])
    # The Practice page opens on the key signature questions the words asked for.
    assert 'value="keys" selected' in client.get("/practice/?unit=keys").content.decode()


def test_a_transcription_request_in_chinese_links_to_sing_me_a_tune_titled_in_chinese(student: User) -> None:
    response = api_client_for(student).post("/api/drills/", {"request": "我唱一段你帮我记成谱子"}, format="json",
                                            HTTP_ACCEPT_LANGUAGE="zh-CN")
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "answered" and "记成谱" in error["message"]
    assert error["links"] == [{"page": "transcribe", "title": "唱一段旋律给我", "url": "/transcribe/"}]
    assert logged_in(student).get("/transcribe/", HTTP_ACCEPT_LANGUAGE="zh-CN").status_code == 200


def test_a_refinement_that_asks_for_no_drill_makes_none_and_keeps_the_drill(student: User) -> None:
    client = api_client_for(student)
    first = client.post("/api/drills/", {"request": "G major, 8 bars"}, format="json").json()
    response = client.post(f"/api/drills/{first['id']}/refine/", {"request": "write down what I sing"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["links"][0]["url"] == "/transcribe/"
    assert Drill.objects.count() == 1


def test_words_that_also_name_a_setting_still_get_their_drill(student: User) -> None:
    response = api_client_for(student).post(
        "/api/drills/", {"request": "quiz me on key signatures and give me a G major drill"}, format="json")
    body = response.json()
    assert response.status_code == 201 and body["params"]["key"] == "G" and body["ignored"] == []
    assert any("quizzes" in line for line in body["answers"])


@pytest.mark.parametrize(("language", "text", "title", "url"), [
    ("en", "write down what I sing", "Sing me a tune", "/transcribe/"),
    ("zh-hans", "考考我调号", "做测验题", "/practice/?unit=keys"),
    ("zh-hant", "我唱一段你幫我記成譜子", "唱一段旋律給我", "/transcribe/"),
])
def test_the_drill_page_shows_the_answer_and_a_link_in_the_pages_language(
        student: User, language: str, text: str, title: str, url: str) -> None:
    client = logged_in(student)
    response = client.post("/drills/", {"request": text, "style": "block"}, HTTP_ACCEPT_LANGUAGE=language)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="answered"' in page and not Drill.objects.exists()
    assert f'<a class="button secondary" href="{url}">{title}</a>' in page
    assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200


def test_the_refine_form_answers_with_a_link_and_keeps_the_drill(student: User) -> None:
    client = logged_in(student)
    drill_url = client.post("/drills/", {"request": "C major, 4 bars", "style": "block"})["Location"]
    refined = client.post(f"{drill_url}refine/", {"request": "write down what I sing"})
    assert refined.status_code == 302 and refined["Location"] == drill_url and Drill.objects.count() == 1
    assert '<a href="/transcribe/">Sing me a tune</a>' in client.get(drill_url).content.decode()


def test_a_question_on_the_drills_page_is_answered_with_the_lessons_and_no_drill(student: User) -> None:
    # The page answered "is a question" beside a new C major melody that nobody had asked for.
    client = logged_in(student)
    page = client.post("/drills/", {"request": "What is a relative minor?", "style": "block"}).content.decode()
    assert "is a question" in page and 'href="/lessons/?q=What+is+a+relative+minor%3F"' in page
    assert not Drill.objects.exists()
    # The link lists first the lessons that answer the question: the relative minor is taught with minor key signatures.
    lessons = client.get("/lessons/?q=What+is+a+relative+minor%3F").content.decode()
    answering = lessons.split('class="answering"')[1].split("</section>")[0]
    assert answering.index("/lessons/minor-key-signatures/") < answering.index("</li>")


def test_a_chinese_question_finds_its_lesson_and_one_no_lesson_teaches_says_so(student: User) -> None:
    client = logged_in(student)
    error = api_client_for(student).post("/api/drills/", {"request": "什么是切分音？"}, format="json").json()["error"]
    url = next(link["url"] for link in error["links"] if link["page"] == "lesson-list")
    answering = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode().split('class="answering"')[1]
    assert "/lessons/counting-rhythms/" in answering.split("</section>")[0]
    nothing = client.get("/lessons/?q=how+do+I+sing+with+vibrato").content.decode()
    assert "No lesson here is about" in nothing and "/lessons/" in nothing


def test_a_request_for_lyrics_alone_is_answered_on_the_api_and_makes_no_drill(student: User) -> None:
    response = api_client_for(student).post("/api/drills/", {"request": "帮我配上歌词"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "answered"
    assert "歌词" in response.json()["error"]["message"] and not Drill.objects.exists()
