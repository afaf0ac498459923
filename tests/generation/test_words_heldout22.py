"""heldout22 (words20): voice teachers (a vowel to sing on, 母音, 开嗓, vocal warm-ups), fixed and movable do said with
"solfege", a Chinese interval's direction said after it (纯四度上行), troubles described rather than drills asked
(唱不准半音, "falls apart whenever there's a dotted note", 进不来), and a vocal range to measure, answered."""

from __future__ import annotations

import pytest

from generation.melody import parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize(("text", "interval"), [("纯四度上行多一点，C大调", "+P4"),
                                                ("练大三度下行，F大调", "-M3"),
                                                ("小六度的下行，G大调", "-m6"),
                                                ("練純五度下行，D大調", "-P5")])
def test_a_direction_after_a_chinese_interval(text: str, interval: str) -> None:
    result = parse_request(text)
    assert result.params.target_intervals == [interval] and result.ignored == []


def test_both_directions_after_an_interval_are_still_both() -> None:
    assert sorted(parse_request("大三度上下行，C大调").params.target_intervals) == ["+M3", "-M3"]


@pytest.mark.parametrize("text", ["我总是唱不准半音", "我唱不好半音，C大调"])
def test_semitones_sung_out_of_tune_are_minor_seconds(text: str) -> None:
    result = parse_request(text)
    assert sorted(result.params.target_intervals) == ["+m2", "-m2"] and result.ignored == []


@pytest.mark.parametrize("text", ["something for my tenor student to sing on 'ah', G major, 3/4",
                                  "a vowel exercise on ee-eh-ah-oh-oo, C major",
                                  "sing it on 'la', E flat major, 8 bars",
                                  "用母音a来唱，D大调，三四拍"])
def test_a_vowel_to_sing_on_is_answered_beside_the_drill(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == [] and result.params.key in ("G", "C", "Eb", "D")


def test_a_la_that_is_a_syllable_to_practise_is_not_a_vowel() -> None:
    # "more la and ti" names degrees to practise, not a vowel to sing on.
    assert not _answered(parse_request("more la and ti, C major").understood)


@pytest.mark.parametrize(("text", "line"), [("fixed do solfege please, A major melody", "fixed do"),
                                            ("movable do solfege, E major", "movable do")])
def test_solfege_named_with_its_system_is_that_system_alone(text: str, line: str) -> None:
    result = parse_request(text)
    said = [entry for entry in result.understood if "do" in entry and ":" in entry]
    assert result.ignored == [] and any(entry.startswith(line) for entry in said)
    assert not any(entry.startswith("solfège") for entry in said)


@pytest.mark.parametrize("text", ["record my voice and tell me my vocal range", "帮我测一下我的音域", "幫我測一下我的音域"])
def test_a_vocal_range_to_measure_is_answered(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == []


def test_a_range_given_is_still_a_range() -> None:
    assert (parse_request("range A3 to E5, C major").params.low, parse_request("音域A3到E5").params.high) == ("A3", "E5")


@pytest.mark.parametrize(("text", "expect"), [("my rhythm falls apart whenever there's a dotted note, 4/4", {"dots": True}),
                                              ("I keep coming in late after rests, A minor", {"mode": "minor"}),
                                              ("我一碰到附点节奏就乱，四二拍", {"dots": True, "meter": "2/4"}),
                                              ("休止符后面我老是进不来，e小调", {"key": "E"}),
                                              ("开嗓练习，C大调", {"key": "C"}),
                                              ("a vocal warm-up in D major, 4 bars", {"bars": 4})])
def test_a_trouble_described_is_read_without_leftovers(text: str, expect: dict[str, object]) -> None:
    result = parse_request(text)
    data = result.params.to_dict()
    assert result.ignored == [] and all(data[name] == value for name, value in expect.items())


def test_lyrics_for_a_song_are_answered_whole() -> None:
    result = parse_request("G major, and write the lyrics for a song about spring")
    assert _answered(result.understood) and result.ignored == []
