"""heldout18 (words16): exam boards' grades as levels, a range's two sides joined by "and", 高音/低音 limits in
Chinese, both ends of a range said, note values in digits (16分音符), "too complicated", and what a question about a
time signature is."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES
from music.pitch import parse_pitch


def _midi(name: str) -> int:
    return parse_pitch(name).midi


@pytest.mark.parametrize(("text", "level"), [("ABRSM grade 1 style sight-singing, C major, 4 bars", 1),
                                             ("ABRSM grade 3 sight-singing practice in F major", 2),
                                             ("grade 5 ABRSM, G major", 4), ("英皇三级视唱，F大调，四三拍", 2),
                                             ("英皇八级的视唱，降E大调，女中音", 6), ("二胡考级四级的练习曲，1=D，四二拍", 3),
                                             ("中央音乐学院考级视唱练耳二级，G大调", 2), ("考级十级，C大调", 6)])
def test_an_exam_grade_is_the_level_of_its_place_among_the_exams_grades(text: str, level: int) -> None:
    result = parse_request(text)
    assert result.params.level == level and result.ignored == []
    assert not any(line.startswith(UNSUPPORTED_PREFIXES) for line in result.understood)


@pytest.mark.parametrize(("text", "level"), [("考级用的，五级水平，D大调，2/4拍", 5), ("gimme sth easy in D, like lvl 1", 1),
                                             ("level 4 in C", 4)])
def test_a_level_said_apart_from_an_exam_keeps_its_number(text: str, level: int) -> None:
    assert parse_request(text).params.level == level


@pytest.mark.parametrize(("text", "low", "high"), [("keep it below E5 and above C4, C major, 3/4", "C4", "E5"),
                                                   ("stay above A3 and under D5, G major", "A3", "D5")])
def test_both_sides_of_a_range_joined_by_and_are_read(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert _midi(low) < _midi(result.params.low) and _midi(result.params.high) < _midi(high)
    assert result.ignored == []


def test_a_range_stayed_between_two_pitches_is_that_range() -> None:
    result = parse_request("F major, stay between C4 and D5")
    assert (result.params.low, result.params.high) == ("C4", "D5") and result.ignored == []


@pytest.mark.parametrize(("text", "high"), [("G大调，高音不超过d2，低音不低于g", "D5"), ("女高音，高音别超过A5，降A大调，12小节", "A5")])
def test_gaoyin_before_a_limit_is_the_top_of_the_range(text: str, high: str) -> None:
    result = parse_request(text)
    assert _midi(result.params.high) <= _midi(high) and result.ignored == []


def test_both_ends_said_keep_both_limits() -> None:
    # The low G is placed a sixth at least below the top said, and the top is not raised to keep a sixth from it.
    result = parse_request("G大调，高音不超过d2，低音不低于g")
    assert _midi("G3") <= _midi(result.params.low) and result.params.high == "D5"


@pytest.mark.parametrize("text", ["C大调 sight singing，8 bars，不要16分音符", "不要16分音符，C大调，4级"])
def test_a_note_value_in_digits_is_that_value(text: str) -> None:
    result = parse_request(text)
    assert "16th" not in result.params.durations and result.ignored == []


@pytest.mark.parametrize("text", ["节奏太复杂了，简单点", "节奏太复杂了", "this is too complicated", "the rhythm is too complicated"])
def test_too_complicated_asks_for_an_easier_drill(text: str) -> None:
    result = parse_request(text, previous=DrillParams.preset(5, key="D"))
    assert result.params.level == 4 and result.ignored == []


def test_a_question_about_a_time_signature_is_answered_as_a_question() -> None:
    result = parse_request("what time signature is a waltz in? give me 8 bars in G")
    assert any("is a question" in line for line in result.understood) and result.ignored == []


@pytest.mark.parametrize("text", ["shorter pls, 4 bars is enough", "no triplets, no ties, just plain F major in 4/4 at 80 bpm",
                                  "for my year 9 GCSE class, something in A major with some 16ths",
                                  "小提琴学了两年，降B大调，八小节，四四拍", "考试前练习用，C大调，八小节，速度♩=72"])
def test_context_and_chat_words_leave_nothing_not_understood(text: str) -> None:
    previous = DrillParams.preset(3, key="F") if text.startswith("shorter") else None
    assert parse_request(text, previous=previous).ignored == []
