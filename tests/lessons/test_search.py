"""Questions in words find the lessons that teach their topic, in English or Chinese; a question about what no lesson
teaches finds none rather than a lesson that shares one everyday word with it."""

from __future__ import annotations

import pytest

from lessons.search import lessons_for, terms


@pytest.mark.parametrize(("question", "lesson"), [
    ("What is a relative minor?", "minor-key-signatures"),
    ("什么是关系小调？", "minor-key-signatures"),
    ("what's the difference between harmonic and melodic minor?", "minor-scales"),
    ("what is a cadence", "cadences"),
    ("什么是终止式", "cadences"),
    ("how do I count 6/8", "compound-meter"),
    ("how do I read bass clef", "bass-clef"),
    ("what does a dot after a note mean", "dots-and-ties"),
    ("什么是五声音阶", "pentatonic-and-chromatic"),
    ("三和弦是什么", "triads"),
    ("how do I transpose for clarinet", "transposing-instruments"),
])
def test_a_question_finds_the_lesson_that_teaches_it_first(question: str, lesson: str) -> None:
    assert lessons_for(question)[0] == lesson


@pytest.mark.parametrize("question", ["how do I sing with vibrato??", "who wrote twinkle twinkle", "what can you do", "", "？"])
def test_a_question_no_lesson_teaches_finds_none(question: str) -> None:
    assert lessons_for(question) == []


def test_words_of_asking_are_not_topics_and_chinese_is_read_in_character_pairs() -> None:
    assert terms("What is the relative minor of C?") == ["relative", "minor"]
    assert terms("什么是关系小调") == ["关系", "系小", "小调"]
