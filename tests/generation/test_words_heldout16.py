"""heldout16 (words14): a minor form named apart from its key, starts and ends on 简谱 numbers in either language,
target notes after a singing verb, comparative leaps and limits after a conjunction, colloquial directions, note
values sharing one 音符, and key-signature questions answered."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answers(text: str) -> list[str]:
    result = parse_request(text)
    assert result.ignored == []
    return [line for line in result.understood if line.startswith(UNSUPPORTED_PREFIXES)]


@pytest.mark.parametrize(("text", "mode"), [("can u do A minor but the harmonic one, 4 bars", "harmonic-minor"),
                                            ("D minor please, the melodic kind", "melodic-minor"),
                                            ("E minor, harmonic version", "harmonic-minor")])
def test_a_minor_form_named_apart_from_its_key_is_the_mode(text: str, mode: str) -> None:
    result = parse_request(text)
    assert result.params.mode == mode and result.ignored == []


@pytest.mark.parametrize(("text", "degree"), [("sight singing in bass clef, G major, start on 3", 3),
                                              ("F major, begin on 5 please", 5), ("starting on degree 6, A minor", 6)])
def test_a_start_on_a_jianpu_number_in_english_is_that_degree(text: str, degree: int) -> None:
    result = parse_request(text)
    assert result.params.start_degree == degree and result.ignored == []


@pytest.mark.parametrize("text", ["start on 3/4 time", "start on 3 bars"])
def test_a_number_that_is_a_count_is_no_start_degree(text: str) -> None:
    assert parse_request(text).params.start_degree is None


@pytest.mark.parametrize(("text", "on_tonic"), [("从1开始到1结束，D大调", True), ("以5开始，到3结束", False),
                                                ("C major, start on 1 and end on 5", False), ("G大调，结尾落在1", True)])
def test_an_end_on_a_jianpu_number_is_read(text: str, on_tonic: bool) -> None:
    result = parse_request(text)
    assert result.params.end_on_tonic is on_tonic and result.ignored == []


@pytest.mark.parametrize(("text", "notes"), [("i need to practice hitting F# and C# , D major", ["F#", "C#"]),
                                             ("work on singing a B flat in F", ["Bb"])])
def test_notes_after_a_singing_verb_are_targets(text: str, notes: list[str]) -> None:
    result = parse_request(text)
    assert result.params.target_notes == notes and result.ignored == []


def test_bigger_leaps_within_an_octave_are_wider_leaps_up_to_the_octave() -> None:
    result = parse_request("a小调旋律，跳进大一点，但别超过八度")
    assert 8 <= result.params.max_leap <= 12 and result.ignored == []


@pytest.mark.parametrize("text", ["bigger leaps please, in F", "跳进再大一点"])
def test_bigger_leaps_widen_the_leaps(text: str) -> None:
    result = parse_request(text)
    assert result.params.max_leap > DrillParams.preset(3).max_leap and result.ignored == []


@pytest.mark.parametrize(("text", "intervals"), [("大三度小三度都要练，往下唱", ["-M3", "-m3"]), ("练纯五度，向上", ["+P5"])])
def test_a_colloquial_direction_in_its_own_clause_is_the_intervals_direction(text: str, intervals: list[str]) -> None:
    result = parse_request(text)
    assert result.params.target_intervals == intervals and result.ignored == []


def test_note_values_listed_before_one_yinfu_are_each_used() -> None:
    result = parse_request("节奏练习，八分和十六分音符，2/4")
    assert {"eighth", "16th"} <= set(result.params.durations) and result.ignored == []


@pytest.mark.parametrize(("text", "words"), [("what key has 3 sharps?", ["A major", "F# minor"]),
                                             ("how many flats in Eb major?", ["3 flats", "Bb, Eb, Ab"]),
                                             ("G大调有几个升号？", ["一个升号", "升F"]),
                                             ("三个降号是什么调？", ["降E大调", "c小调"]),
                                             ("e小調有幾個升號？", ["一個升號"])])
def test_a_key_signature_question_is_answered(text: str, words: list[str]) -> None:
    (answer,) = _answers(text)
    assert all(word in answer for word in words)


@pytest.mark.parametrize(("text", "high"), [("soprano, no higher than an F5", "F5"), ("nothing higher than a E5, soprano", "E5")])
def test_a_limit_with_an_article_before_its_pitch_is_a_limit_not_a_higher_range(text: str, high: str) -> None:
    result = parse_request(text)
    assert result.params.high == high and result.ignored == []


@pytest.mark.parametrize(("text", "low", "high"), [("keep it below E5", None, "D5"), ("stay above A3 please, G major", "D4", None)])
def test_keep_it_under_a_pitch_keeps_every_note_on_that_side(text: str, low: str | None, high: str | None) -> None:
    result = parse_request(text)
    assert result.ignored == []
    assert (low is None or result.params.low == low) and (high is None or result.params.high == high)


@pytest.mark.parametrize(("text", "end", "pitch"), [("soprano, up to high C", "high", "C6"), ("tenor, up to high A", "high", "A4"),
                                                    ("I'm a soprano, keep it under high A, key of G", "high", "G5"),
                                                    ("bass, down to low E", "low", "E2")])
def test_high_a_is_the_a_nearest_the_top_of_the_singers_range(text: str, end: str, pitch: str) -> None:
    result = parse_request(text)
    assert getattr(result.params, end) == pitch and result.ignored == []


@pytest.mark.parametrize("text", ["slower pls, its rushing me", "i felt rushed"])
def test_feeling_rushed_asks_for_a_slower_drill(text: str) -> None:
    previous = DrillParams.preset(4, key="G")
    result = parse_request(text, previous=previous)
    assert result.params.tempo < previous.tempo and result.ignored == []


@pytest.mark.parametrize("text", ["gimme sth easy in D, like lvl 1", "easy, like level 1"])
def test_a_level_word_beside_the_level_number_agrees_with_it(text: str) -> None:
    result = parse_request(text)
    assert result.params.level == 1 and result.ignored == []


def test_the_second_section_of_a_part_wish_may_be_plural() -> None:
    answers = _answers("2 part harmony exercise for sopranos and altos in G")
    assert any("alto" in line for line in answers)


@pytest.mark.parametrize(("text", "accidentals"), [("one with accidentals / chromatic notes, level 4, in C", True),
                                                   ("no accidentals or chromatic notes", False)])
def test_accidentals_said_twice_are_one_wish(text: str, accidentals: bool) -> None:
    result = parse_request(text)
    assert result.params.accidentals is accidentals and result.ignored == []


def test_a_bluesy_wish_is_answered_as_the_blues_is() -> None:
    assert any("blues" in line for line in _answers("c minor pentatonic, bluesy vibe"))
