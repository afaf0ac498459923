"""Rhythm counting asked as the student's classroom counts: in Chinese by 基本乐理 (the lower number's note is
one beat, so 6/8 has six; a note begins on 第几拍 or its 后半拍; lengths are counted in those beats), in English
by felt beats and 1 e & a. The convention is fixed when a question is served, as meter questions' is, and the
feedback on a wrong answer says how the answer is reached."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import translation

from lessons import curriculum
from lessons.models import ServedQuestion
from lessons.question_text import choice_text, explanation_text, prompt_text
from lessons.questions.check import check_answer
from lessons.questions.model import Question
from lessons.questions.registry import generate
from lessons.services import params_for_reader, served_question
from tests.conftest import api_client_for
from tests.lessons.test_quizzes_api import assign, build_quiz
from tutor.locale_compile import compile_catalogues
from tutor.models import Classroom, User

ROOT = Path(__file__).resolve().parents[2]
LENGTH = {"whole": Fraction(4), "half": Fraction(2), "quarter": Fraction(1), "eighth": Fraction(1, 2),
          "16th": Fraction(1, 4)}


@pytest.fixture(autouse=True)
def _compiled() -> None:
    compile_catalogues(ROOT / "locale")


def _coloured(q: Question) -> tuple[Fraction, Fraction]:
    """Where the coloured note begins and how long it lasts (with its tie), in quarters, from the notation."""
    assert q.notation is not None
    t = Fraction(0)
    onset, length = None, Fraction(0)
    for e in q.notation.measures[0]:
        ql = LENGTH[e.value] * (2 - Fraction(1, 2 ** e.dots))
        if e.highlight:
            onset = t if onset is None else onset
            length += ql
        t += ql
    assert onset is not None
    return onset, length


def _zh_place(text: str, beat: Fraction) -> Fraction:
    """第3拍后半拍, 第2拍第4个十六分音符 read back as quarters from the barline, with ``beat`` quarters a beat."""
    m = re.fullmatch(r"第(\d+)拍(后半拍|第(\d)个十六分音符)?", text)
    assert m, text
    within = Fraction(0) if not m[2] else beat / 2 if m[2] == "后半拍" else (int(m[3]) - 1) * Fraction(1, 4)
    return (int(m[1]) - 1) * beat + within


_ZH_WHOLE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}


def _value(text: str) -> Fraction:
    """A length said as a Chinese textbook says it (半拍, 一拍半, 两拍, 四分之一拍, 一又四分之三拍) as a number;
    a "1½" left in numbers fails: a Chinese classroom does not say it so."""
    if text == "半拍":
        return Fraction(1, 2)
    m = re.fullmatch(r"([一二两三四五六七八九十]{1,2})拍(半?)", text)
    if m:
        return _ZH_WHOLE[m[1]] + (Fraction(1, 2) if m[2] else 0)
    m = re.fullmatch(r"(?:([一二三四五六七八九十]{1,2})又)?(四分之一|四分之三)拍", text)
    assert m, text
    return (_ZH_WHOLE[m[1]] if m[1] else 0) + {"四分之一": Fraction(1, 4), "四分之三": Fraction(3, 4)}[m[2]]


@pytest.mark.parametrize("meter", ["2/4", "3/4", "4/4", "6/8", "9/8", "12/8"])
def test_a_chinese_student_counts_by_the_lower_number(meter: str) -> None:
    beat = Fraction(4, int(meter.split("/")[1]))
    with translation.override("zh-hans"):
        for seed in range(25):
            for ask in ("onset", "duration"):
                q = generate("rhythm_counting", seed=seed, meters=[meter], ask=[ask], difficulty=3,
                             convention="chinese")
                onset, length = _coloured(q)
                shown = choice_text(q.answer)
                if ask == "onset":
                    assert "第几拍" in prompt_text(q.prompt)
                    assert _zh_place(shown, beat) == onset, (meter, seed, shown)
                else:
                    assert "几拍" in prompt_text(q.prompt)
                    assert _value(shown) * beat == length, (meter, seed, shown)
                assert check_answer(q, q.answer)[0]
                assert len(set(q.choices)) == len(q.choices) and q.answer in q.choices


def test_six_eight_is_six_beats_so_the_second_dotted_quarter_starts_on_beat_four() -> None:
    for seed in range(60):
        q = generate("rhythm_counting", seed=seed, meters=["6/8"], ask=["onset"], convention="chinese")
        if _coloured(q)[0] == Fraction(3, 2):
            break
    else:
        raise AssertionError("no note on the second dotted-quarter beat in 60 seeds")
    assert q.answer == "beat 4"
    assert "beat 2" in q.choices  # the felt beat a western count gives is the slip offered
    western = generate("rhythm_counting", seed=seed, meters=["6/8"], ask=["onset"], convention="western")
    assert "1 & a" in western.prompt and "beat" not in western.answer


def test_a_quarter_note_in_six_eight_lasts_two_beats() -> None:
    for seed in range(80):
        q = generate("rhythm_counting", seed=seed, meters=["6/8"], ask=["duration"], convention="chinese")
        if _coloured(q)[1] == 1:
            break
    else:
        raise AssertionError("no quarter note coloured in 80 seeds")
    assert q.answer == "2 beats" and check_answer(q, "2 beats")[0] and not check_answer(q, "1 beat")[0]
    with translation.override("zh-hans"):
        assert choice_text(q.answer) == "两拍"
        assert explanation_text(q.explanation) == "以八分音符为一拍，标色的音（四分音符）占两拍。"


def test_lengths_are_said_in_beats_as_a_chinese_textbook_says_them() -> None:
    """半拍 and 一拍半, not ½ and 1½: the numbers a western page prints are not how the classroom counts."""
    said: dict[str, str] = {}
    with translation.override("zh-hans"):
        for seed in range(40):
            for meter in ("2/4", "6/8"):
                q = generate("rhythm_counting", seed=seed, meters=[meter], ask=["duration"], difficulty=3,
                             convention="chinese")
                said.update({c: choice_text(c) for c in q.choices})
                explanation = explanation_text(q.explanation)
                assert not re.search(r"[½¼¾]|(?<![第\d])\d+ ?拍", explanation), explanation
        onset = generate("rhythm_counting", seed=3, meters=["4/4"], ask=["onset"], difficulty=3, convention="chinese")
        assert not re.search(r"[½¼¾]|(?<![第\d])\d+ ?拍", explanation_text(onset.explanation))
    assert said["½ beat"] == "半拍" and said["1½ beats"] == "一拍半" and said["2½ beats"] == "两拍半"
    assert said["¼ beat"] == "四分之一拍" and said["¾ beat"] == "四分之三拍" and said["1 beat"] == "一拍"
    assert not any(re.search(r"[½¼¾\d]", text) for text in said.values()), said


#: Questions as the code before conventions generated them (stored rows hold only kind, seed and params).
STORED = (
    (2, "Counting 1 & a 2 & a, on which count does the coloured note begin?", "2 a", ("1 &", "1 a", "2 &", "2 a"),
     "36c4c30b13ba19b9b430"),
    (5, "Counting 1 & a 2 & a, on which count does the coloured note begin?", "1 a", ("1 &", "1 a", "2", "2 a"),
     "88a2e3d22253d8685f68"),
)


@pytest.mark.parametrize("seed,prompt,answer,choices,question_id", STORED)
def test_a_stored_counting_question_regenerates_as_it_was_served(seed: int, prompt: str, answer: str,
                                                                 choices: tuple[str, ...], question_id: str) -> None:
    for convention in ({}, {"convention": "western"}, {"convention": "auto"}):
        q = generate("rhythm_counting", seed=seed, difficulty=3, **convention)
        assert (q.prompt, q.answer, q.choices, q.id) == (prompt, answer, choices, question_id)


def test_the_readers_language_sets_the_counting_convention() -> None:
    with translation.override("zh-hans"):
        assert params_for_reader("rhythm_counting", {"difficulty": 2})["convention"] == "chinese"
    with translation.override("en"):
        assert params_for_reader("rhythm_counting", {})["convention"] == "western"


def test_a_wrong_count_is_told_what_the_notes_before_it_add_up_to() -> None:
    """Not only the right count: the values before the note, their sum, and where that lands."""
    q = generate("rhythm_counting", seed=2, difficulty=3)
    assert q.answer == "2 a"
    verdict, feedback = check_answer(q, "1 a")
    assert not verdict
    assert feedback == ("You chose '1 a'; the answer is '2 a'. The notes before it (eighth, quarter, dotted eighth, sixteenth) last 5 eighth notes; "
                        "a beat is a dotted quarter (three eighths), so it begins two eighths after beat 2: '2 a'.")
    with translation.override("zh-hans"):
        said = explanation_text(feedback)
    assert said.startswith("你选的是“1 a”，答案是“2 a”。它前面的音（八分音符、四分音符、附点八分音符、十六分音符）共 5 个八分音符")


def test_lengths_read_as_english_and_chinese_not_one_quarter_notes() -> None:
    for seed in range(40):
        for convention in ("western", "chinese"):
            q = generate("rhythm_counting", seed=seed, difficulty=3, convention=convention)
            assert not re.search(r"(?<![\d½¼¾])(?:[½¼¾]|1) (?:beats|eighth notes|quarter notes)\b", q.explanation), \
                q.explanation


def test_five_four_answered_as_a_multiple_meter_is_told_why_not() -> None:
    """复拍子 for 5/4 stays wrong (李重光 and the 联考 class 混合拍子 apart) and the feedback says the difference."""
    q = generate("meter_identify", seed=3, meters=["5/4"], ask=["classification"], convention="chinese")
    verdict, feedback = check_answer(q, "multiple meter")
    assert not verdict
    with translation.override("zh-hans"):
        said = explanation_text(feedback)
    assert said.startswith("你选的是“复拍子”，答案是“混合拍子”。") and "混合拍子" in said and "复拍子由相同的单拍子结合而成" in said


@pytest.mark.django_db
def test_an_attempt_started_in_chinese_counts_in_beats_of_the_lower_number(
    teacher: User, student: User, classroom: Classroom
) -> None:
    items = [{"kind": "rhythm_counting", "params": {"meters": ["6/8"], "ask": ["duration"]}, "count": 1}]
    assignment_id = assign(teacher, classroom, build_quiz(teacher, items=items, mode="practice")["id"])
    client = api_client_for(student)
    attempt = client.post("/api/attempts/", {"assignment": assignment_id}, format="json",
                          HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    question = client.get(f"/api/attempts/{attempt['id']}/next/", HTTP_ACCEPT_LANGUAGE="zh-CN").json()
    assert question["prompt"] == "以八分音符为一拍，标色的音占几拍？"
    served = ServedQuestion.objects.get(pk=question["id"])
    assert served.params["convention"] == "chinese"
    right = served_question(served).answer
    answered = client.post(f"/api/questions/{question['id']}/answer/", {"answer": right}, format="json",
                           HTTP_ACCEPT_LANGUAGE="en").json()
    assert answered["correct"] is True


def test_the_chinese_counting_lesson_teaches_what_the_chinese_quiz_asks() -> None:
    lessons = {lesson.slug: lesson for lesson in curriculum.load_lessons()}
    counting = curriculum.load_translation(lessons["counting-rhythms"], "zh-hans")
    assert counting is not None
    assert "1 e & a" not in counting.body  # the western syllables the Chinese quiz no longer asks
    for taught in ("后半拍", "第3拍第2个十六分音符", "以八分音符为一拍", "每小节六拍"):
        assert taught in counting.body


def test_a_dotted_or_tied_length_says_what_the_dot_or_tie_adds() -> None:
    seen = set()
    for seed in range(60):
        for convention in ("western", "chinese"):
            q = generate("rhythm_counting", seed=seed, ask=["duration"], difficulty=3, convention=convention)
            coloured = [e for e in q.notation.measures[0] if e.highlight]  # type: ignore[union-attr]
            if any(e.dots for e in coloured):
                assert "A dot adds half the note's value." in q.explanation
                seen.add("dot")
            if len(coloured) > 1:
                assert q.explanation.endswith("A tie adds the two values into one sound.")
                seen.add("tie")
            with translation.override("zh-hans"):
                said = explanation_text(q.explanation)
            assert not re.search(r"[A-Za-z]{3,}", said), said
    assert seen == {"dot", "tie"}
