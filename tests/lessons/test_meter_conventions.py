"""Meter questions asked the way the student's textbook teaches them: in Chinese by 李重光《基本乐理》
(4/4 and 6/8 are 复拍子, 5/4 a 混合拍子, 6/8 has six eighth-note beats), in English by felt beats
(6/8 is compound duple, two dotted-quarter beats). A question served in one language keeps its
convention, and questions stored before there was one are still graded the western way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from lessons import curriculum
from lessons.models import ServedQuestion
from lessons.question_text import choice_text, explanation_text, prompt_text
from lessons.questions.check import check_answer
from lessons.questions.generators.rhythm import METER_NAMES
from lessons.questions.registry import generate
from lessons.services import params_for_reader, served_question
from tests.conftest import api_client_for
from tests.lessons.test_quizzes_api import assign, build_quiz
from tutor.locale_compile import compile_catalogues
from tutor.models import Classroom, User

ROOT = Path(__file__).resolve().parents[2]
#: 基本乐理: class, beats a bar (the upper number), the beat (the lower number's note).
TEXTBOOK = {
    "2/4": ("单拍子", "2", "四分音符"), "3/4": ("单拍子", "3", "四分音符"), "2/2": ("单拍子", "2", "二分音符"),
    "3/2": ("单拍子", "3", "二分音符"), "3/8": ("单拍子", "3", "八分音符"), "4/4": ("复拍子", "4", "四分音符"),
    "6/8": ("复拍子", "6", "八分音符"), "9/8": ("复拍子", "9", "八分音符"), "12/8": ("复拍子", "12", "八分音符"),
    "6/4": ("复拍子", "6", "四分音符"), "5/4": ("混合拍子", "5", "四分音符"), "7/8": ("混合拍子", "7", "八分音符"),
}


@pytest.fixture(autouse=True)
def _compiled() -> None:
    compile_catalogues(ROOT / "locale")


def _asked(meter: str, ask: str, **params: Any) -> Any:
    return generate("meter_identify", seed=3, meters=[meter], ask=[ask], **params)


@pytest.mark.parametrize("meter", METER_NAMES)
def test_a_chinese_student_is_asked_and_graded_by_the_textbook(meter: str) -> None:
    kind, beats, unit = TEXTBOOK[meter]
    with translation.override("zh-hans"):
        for ask, want in (("classification", kind), ("beats", beats), ("beat_unit", unit)):
            q = _asked(meter, ask, convention="chinese")
            assert choice_text(q.answer) == want, (meter, ask, q.prompt)
            assert want in [choice_text(c) for c in q.choices]
            assert check_answer(q, q.answer)[0]
            said = prompt_text(q.prompt) + explanation_text(q.explanation)
            assert "西方" not in said and "感觉" not in said
            assert kind in explanation_text(q.explanation)


def test_six_eight_has_six_beats_in_chinese_and_two_felt_beats_in_english() -> None:
    chinese = _asked("6/8", "beats", convention="chinese")
    assert chinese.answer == "6" and check_answer(chinese, "6")[0] and not check_answer(chinese, "2")[0]
    assert "2" in chinese.choices  # the felt count is the slip offered
    western = _asked("6/8", "beats", convention="western")
    assert western.answer == "2" and not check_answer(western, "6")[0]
    assert _asked("4/4", "classification", convention="chinese").answer == "multiple meter"
    assert _asked("4/4", "classification", convention="western").answer == "simple quadruple"


#: Questions as the code before conventions generated them (stored rows hold only kind, seed and params).
STORED = (
    (1, "Which note value gets one beat in 6/8?", "dotted quarter", ("dotted half", "half", "dotted quarter",
                                                                    "dotted eighth")),
    (7, "How is this time signature classified?", "irregular (asymmetric)",
     ("simple quadruple", "compound duple", "simple duple", "irregular (asymmetric)")),
)


@pytest.mark.parametrize("seed,prompt,answer,choices", STORED)
def test_a_stored_question_regenerates_as_it_was_served(seed: int, prompt: str, answer: str,
                                                       choices: tuple[str, ...]) -> None:
    q = generate("meter_identify", seed=seed, difficulty=3)
    assert (q.prompt, q.answer, q.choices) == (prompt, answer, choices)


def test_a_question_stored_without_a_convention_is_the_western_one_it_always_was() -> None:
    for seed in range(40):
        old = generate("meter_identify", seed=seed, difficulty=3)
        western = generate("meter_identify", seed=seed, difficulty=3, convention="western")
        assert (old.prompt, old.answer, old.choices, old.explanation) == (
            western.prompt, western.answer, western.choices, western.explanation)


def test_the_readers_language_sets_the_convention_once_and_a_teachers_choice_stands() -> None:
    with translation.override("zh-hans"):
        assert params_for_reader("meter_identify", {"difficulty": 2})["convention"] == "chinese"
        assert params_for_reader("meter_identify", {"convention": "western"})["convention"] == "western"
        assert params_for_reader("interval_identify", {"difficulty": 2}) == {"difficulty": 2}
    with translation.override("zh-hant"):
        assert params_for_reader("meter_identify", {"convention": "auto"})["convention"] == "chinese"
    with translation.override("en"):
        assert params_for_reader("meter_identify", {})["convention"] == "western"


@pytest.mark.django_db
def test_an_attempt_started_in_chinese_keeps_the_textbook_answers_in_any_language(
    teacher: User, student: User, classroom: Classroom
) -> None:
    items = [{"kind": "meter_identify", "params": {"meters": ["6/8"], "ask": ["beats"]}, "count": 1}]
    quiz = build_quiz(teacher, items=items, mode="practice")
    assignment_id = assign(teacher, classroom, quiz["id"])
    client = api_client_for(student)
    attempt = client.post("/api/attempts/", {"assignment": assignment_id}, format="json",
                          HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    question = client.get(f"/api/attempts/{attempt['id']}/next/", HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    assert "每小节有几拍" in question["prompt"]
    served = ServedQuestion.objects.get(pk=question["id"])
    assert served.params["convention"] == "chinese"
    # Answered after switching the page to English: still graded as it was asked.
    answered = client.post(f"/api/questions/{question['id']}/answer/", {"answer": "6"}, format="json",
                           HTTP_ACCEPT_LANGUAGE="en").json()
    assert answered["correct"] is True


@pytest.mark.django_db
def test_an_attempt_started_in_english_stays_western(teacher: User, student: User, classroom: Classroom) -> None:
    items = [{"kind": "meter_identify", "params": {"meters": ["6/8"], "ask": ["beats"]}, "count": 1}]
    assignment_id = assign(teacher, classroom, build_quiz(teacher, items=items, mode="practice")["id"])
    client = api_client_for(student)
    attempt = client.post("/api/attempts/", {"assignment": assignment_id}, format="json",
                          HTTP_ACCEPT_LANGUAGE="en").json()
    question = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    served = ServedQuestion.objects.get(pk=question["id"])
    assert served.params["convention"] == "western" and served_question(served).answer == "2"


def test_the_chinese_lessons_teach_what_the_chinese_quiz_asks() -> None:
    lessons = {lesson.slug: lesson for lesson in curriculum.load_lessons()}
    simple = curriculum.load_translation(lessons["simple-meter"], "zh-hans")
    compound = curriculum.load_translation(lessons["compound-meter"], "zh-hans")
    assert simple is not None and compound is not None
    text = simple.body + compound.body
    for western_term in ("单二拍子", "单三拍子", "单四拍子", "复二拍子", "复三拍子", "复四拍子", "不对称"):
        assert western_term not in text
    assert "每小节六拍" in compound.body and "以八分音符为一拍" in compound.body
    assert "混合拍子" in compound.body and "复拍子" in simple.body  # 4/4 is a 复拍子
