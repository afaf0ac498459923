"""heldout12 (Traditional Chinese, teachers' longer requests, European note names, numbers as words): the
readings fixed in words8, and every request through the API answers 201 or a 400 in its language, never 500."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from generation.melody import parse_request
from tests.conftest import api_client_for
from tutor.models import User

SET = Path(__file__).resolve().parents[2] / "benchmarks" / "requests" / "heldout12.jsonl"
CASES = [json.loads(line) for line in SET.read_text().splitlines() if line.strip()]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(("text", "key", "mode", "bars"), [
    ("請給我一條G大調的視唱練習，八個小節，四四拍", "G", "major", 8),
    ("唔該俾我一條F大調嘅視唱，八個小節", "F", "major", 8),
    ("Es-Dur please, eight bars", "Eb", "major", 8),
    ("fis-moll, 6/8, twelve bars", "F#", "minor", 12),
    ("Can I have a melody in H major? Eight bars.", "B", "major", 8),
    ("in Sol major, sixteen bars", "G", "major", 16),
    ("Re minor, 3/4, four bars", "D", "minor", 4),
    ("twelvebars in Gmajor 3/4 plz", "G", "major", 12),
    ("8bars Fmajor,slow", "F", "major", 8),
])
def test_traditional_cantonese_and_european_key_names(text: str, key: str, mode: str, bars: int) -> None:
    params = parse_request(text).params
    assert (params.key, params.mode, params.bars) == (key, mode, bars)


def test_cantonese_negation_and_numbers_written_out() -> None:
    assert parse_request("唔該俾我一條F大調嘅視唱，唔好附點").params.dots is False
    assert parse_request("i need an exercise in a minor, tempo sixty").params.tempo == 60
    assert parse_request("quarter note equals one hundred and twenty, C major").params.tempo == 120
    assert parse_request("高音譜號，G大調，速度每分鐘九十拍").params.tempo == 90
    params = parse_request("in G major please, range A3 to H4").params
    assert (params.low, params.high) == ("A3", "B4")


def test_mezzo_soprano_sings_higher_than_an_alto() -> None:
    """Vocal pedagogy gives a mezzo about A3-F5 (an alto/contralto about G3-C5): the alto voice, the mezzo's range."""
    for text in ("mezzo-soprano range, E flat major", "请给女中音写一段降E大调的视唱"):
        params = parse_request(text).params
        assert (params.voice, params.low, params.high) == ("alto", "A3", "F5")
    params = parse_request("range G3 to D5 please (I'm a mezzo), E flat major").params
    assert (params.low, params.high) == ("G3", "D5")  # a range named wins
    assert (parse_request("alto range, C major").params.low, parse_request("alto range").params.high) == ("G3", "C5")


def test_school_grades_and_nothing_too_hard() -> None:
    result = parse_request("My grade 7 choir needs a drill in D major. Nothing too hard please.")
    assert result.params.level == 2
    assert parse_request("Could you write an 8-bar melody in F major for my grade 2 students?").params.level == 2


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES[::3], ids=[str(n) for n in range(0, len(CASES), 3)])
def test_the_api_answers_heldout12_in_the_requests_language(student: User, case: dict[str, Any]) -> None:
    client = api_client_for(student)
    if "previous" in case:
        first = client.post("/api/drills/", {"params": case["previous"]}, format="json")
        assert first.status_code == 201, first.content
        response = client.post(f"/api/drills/{first.json()['id']}/refine/", {"request": case["text"]}, format="json")
    else:
        response = client.post("/api/drills/", {"request": case["text"]}, format="json")
    assert response.status_code in (201, 400), response.content
    chinese = bool(CJK.search(case["text"]))
    if response.status_code == 400:
        assert bool(CJK.search(response.content.decode())) == chinese
    else:
        assert all(bool(CJK.search(line)) == chinese for line in response.json().get("understood", []) if line)


@pytest.mark.django_db
def test_a_traditional_chinese_refusal_is_answered_in_chinese(student: User) -> None:
    response = api_client_for(student).post("/api/drills/", {"request": "請給我一條G大調的視唱，和弦進行 I bVII9 V"},
                                            format="json")
    assert response.status_code in (201, 400)
    response = api_client_for(student).post("/api/drills/", {"request": "請給我一條G大調的視唱，速度每分鐘五百拍"},
                                            format="json")
    assert response.status_code == 400, response.content
    assert CJK.search(response.content.decode())


def test_leaps_found_hard_then_asked_for_are_more_leaps_not_a_level() -> None:
    for text in ("big leaps are hard, I want to practise them", "大跳很难，我想多练练大跳"):
        params = parse_request(text).params
        assert params.level == 3 and params.max_leap >= 7
    assert parse_request("big leaps are really hard for me").params.max_leap == 5  # a complaint alone: small leaps


def test_one_jianpu_digit_after_more_practice() -> None:
    assert parse_request("1=F，多练4").params.target_notes == ["Bb"]
    result = parse_request("练4小节")
    assert result.params.bars == 4 and result.params.target_notes == []


def test_a_lowered_range_is_spelled_in_the_key() -> None:
    for text in ("Bb major, not too high", "Bb major, and the range a bit lower than usual"):
        assert "#" not in parse_request(text).params.high
    assert parse_request("range F#3 to G#4, Bb major").params.high == "G#4"  # named ends keep their spelling


def test_a_key_by_its_signature() -> None:
    assert parse_request("調號兩個升記號，大調").params.key == "D"
    params = parse_request("三个降号的小调").params
    assert (params.key, params.mode) == ("C", "minor")
    assert parse_request("a key signature with two flats").params.key == "Bb"
