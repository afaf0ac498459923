"""heldout34 (words31, measured blind once, then fixed against): a Chinese meter taken back (四六拍……不对，六八拍), a
start away from the tonic, "don't use any X or Y", a direction with 的 (下行的小三度), a bound or a span end said as a
syllable ("nothing above sol", "la below do"), a yes/no question beside the wish, and answers for arranging a song,
sending an mp3, singing technique, a singer's low notes gone, and singing in a choir (no choir drill asked)."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES
from music.pitch import parse_pitch


def _answered(text: str) -> list[str]:
    return [line for line in parse_request(text).understood if line.startswith(UNSUPPORTED_PREFIXES)]


@pytest.mark.parametrize(("text", "meter"), [("今天想练四六拍……不对，六八拍", "6/8"), ("四三拍，不对，四二拍，C大调", "2/4"),
                                             ("3/4, no wait, 6/8", "6/8")])
def test_a_chinese_meter_taken_back(text: str, meter: str) -> None:
    result = parse_request(text)
    assert result.params.meter == meter and result.ignored == []


@pytest.mark.parametrize("text", ["don't start on the tonic, G major", "不要从主音开始，G大调", "开头不要在主音，G大调"])
def test_a_start_away_from_the_tonic(text: str) -> None:
    result = parse_request(text)
    assert result.params.start_on_tonic is False and result.params.start_degree is None and result.ignored == []
    assert parse_request("start on the tonic, G major").params.start_on_tonic is True  # guard


def test_dont_use_any_denies_each_thing_named() -> None:
    result = parse_request("Please don't use any sixteenth notes or dotted rhythms, F major")
    assert "16th" not in result.params.durations and result.params.dots is False and result.ignored == []
    assert parse_request("don't include triplets").params.triplets is False


def test_dont_use_a_key_refuses_it() -> None:
    result = parse_request("don't use D major, 3/4")
    assert result.params.key != "D" and result.ignored == []


def test_a_direction_with_de_before_the_interval() -> None:
    result = parse_request("尤其是下行的小三度，a小调")
    assert result.params.target_intervals == ["-m3"] and result.ignored == []


@pytest.mark.parametrize(("text", "low", "high"), [
    ("la below do up to mi, G major", "E4", "B4"),
    ("from low la to high mi please, C major", "A3", "E5"),  # guard: heldout33's reading kept
])
def test_a_syllable_span_with_its_octave_said(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []


@pytest.mark.parametrize(("text", "end", "pitch"), [("nothing above sol, key of D", "high", "A4"),
                                                     ("nothing below low la, G major", "low", "E4")])
def test_a_bound_said_as_a_syllable(text: str, end: str, pitch: str) -> None:
    result = parse_request(text)
    got = parse_pitch(result.params.high if end == "high" else result.params.low).midi
    assert (got <= parse_pitch(pitch).midi if end == "high" else got >= parse_pitch(pitch).midi) and result.ignored == []


def test_a_yes_no_question_beside_the_wish_is_answered_not_read() -> None:
    result = parse_request("Is it normal to find minor keys harder? Anyway, give me something in B minor")
    assert result.params.level == DrillParams.preset(3).level  # "harder" in the question is no wish
    assert (result.params.key, result.params.mode) == ("B", "minor") and _answered(
        "Is it normal to find minor keys harder? Anyway, give me something in B minor") and result.ignored == []


@pytest.mark.parametrize(("text", "words"), [
    ("Can you arrange 'Hallelujah' for our choir?", "arrangements"),
    ("send me an mp3 of it", "not sent"),
    ("能帮我把伴奏做成MP3发到我邮箱吗", "不能通过邮件"),
    ("I need to work on my falsetto above D4, key of Bb", "falsetto"),
    ("教我怎么用气息支撑高音", "气息支撑"),
    ("20 melodic dictations, 4 bars each, C major", "not 20"),
])
def test_wishes_a_drill_cannot_meet_are_answered(text: str, words: str) -> None:
    result = parse_request(text)
    assert any(words in line for line in _answered(text)) and result.ignored == []


@pytest.mark.parametrize("text", ["My low notes have gone. Something in F please", "低音越来越唱不下去，给个F调的"])
def test_low_notes_gone_raise_the_bottom(text: str) -> None:
    result = parse_request(text)
    assert parse_pitch(result.params.low).midi > parse_pitch(DrillParams.preset(3, key="F").low).midi and result.ignored == []


@pytest.mark.parametrize("text", ["I sing in the church choir, G major", "我在老年合唱团唱歌，G大调", "I'm in a community choir, G major"])
def test_singing_in_a_choir_asks_for_no_choir_drill(text: str) -> None:
    assert _answered(text) == [] and parse_request(text).ignored == []
    assert _answered("a drill for my choir")  # guard: a drill for the choir is still answered
