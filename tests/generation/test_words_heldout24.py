"""heldout24 (words22): adults coming back to music, English learners ("not too much difficult", "more easy", "bar
number is 12"), voice dictation ("to four time", "34 time", "c sharp minor"), Chinese-English code-switching
("B flat 大调"), Traditional characters, and ukulele, guitar, erhu and guzheng players."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize(("text", "key", "mode"), [("给我 B flat 大调的练习，不要十六分音符", "Bb", "major"),
                                                   ("c sharp 小调", "C#", "minor"), ("来个 F-sharp 小调", "F#", "minor"),
                                                   ("e flat 大调的旋律", "Eb", "major")])
def test_a_key_in_english_words_before_a_chinese_mode(text: str, key: str, mode: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode, result.ignored) == (key, mode, [])


@pytest.mark.parametrize(("text", "meter"), [("d major to four time no sixteenth notes twelve bars", "2/4"),
                                             ("a flat major for four time sixteen bars", "4/4"),
                                             ("three for time please", "3/4")])
def test_a_dictated_meter_in_homophones(text: str, meter: str) -> None:
    result = parse_request(text)
    assert (result.params.meter, result.ignored) == (meter, [])


@pytest.mark.parametrize(("text", "meter"), [("f sharp minor in 34 time 8 bars", "3/4"), ("68 time please", "6/8"),
                                             ("the beat is 4/4, E flat major", "4/4"), ("a 3/4 beat", "3/4")])
def test_a_meter_without_its_slash_or_said_as_a_beat(text: str, meter: str) -> None:
    result = parse_request(text)
    assert (result.params.meter, result.ignored) == (meter, [])


def test_two_digits_that_are_no_meter_are_not_read_as_one() -> None:
    assert parse_request("32 time").params.meter == "4/4"


@pytest.mark.parametrize(("text", "bars"), [("key F major, bar number is 12", 12), ("number of bars is 16", 16),
                                            ("bars: 12, G major", 12), ("the number of bars: four", 4)])
def test_the_bar_count_after_its_name(text: str, bars: int) -> None:
    result = parse_request(text)
    assert (result.params.bars, result.ignored) == (bars, [])


def test_a_range_of_bar_numbers_is_no_count() -> None:
    assert parse_request("bars: 5-8 with rests").params.bars == 8


@pytest.mark.parametrize(("text", "level"), [("give me one song of G major, not too much difficult", 2),
                                             ("not so much hard", 2), ("a song in G, not difficult", 2),
                                             ("something not hard please", 2)])
def test_a_drill_said_not_to_be_hard_is_easy(text: str, level: int) -> None:
    result = parse_request(text)
    assert (result.params.level, result.ignored) == (level, [])


@pytest.mark.parametrize(("text", "level"), [("not easy", 3), ("I'm not an expert", 3), ("not really hard", 2)])
def test_other_denied_level_words_are_kept(text: str, level: int) -> None:
    assert parse_request(text).params.level == level


@pytest.mark.parametrize("text", ["please not so fast like last time", "not that fast", "not too much fast"])
def test_not_so_fast_is_not_too_fast(text: str) -> None:
    result = parse_request(text, previous=DrillParams.preset(level=3, key="C"))
    assert result.params.tempo < 88 and result.ignored == []


def test_more_before_a_short_adjective_is_its_comparative() -> None:
    previous = DrillParams.preset(level=3, key="D")
    result = parse_request("make it more easy and more short", previous=previous)
    assert (result.params.level, result.ignored) == (2, []) and result.params.bars < previous.bars
    assert "shorter" in result.understood
    slower = parse_request("more slow please", previous=previous)
    assert slower.params.tempo < previous.tempo and "slower" in slower.understood


def test_more_of_a_kind_of_note_is_not_a_comparative() -> None:
    # "more long notes" asks for note values, not a longer drill.
    result = parse_request("more long notes", previous=DrillParams.preset(level=3, key="D"))
    assert "longer" not in result.understood


@pytest.mark.parametrize("text", ["I played piano as a child but stopped 20 years ago, can I have something easy in C major",
                                  "haven't touched my guitar in ten years, a simple melody in E minor please",
                                  "It's been 30 years since my piano lessons. Something gentle in F, slowly, four bars",
                                  "please make for me exercise in D major with 8 bars, I am beginner again after long time",
                                  "Hello teacher, I am from China, my English is not good. Please give me a melody of E flat major, the beat is 4/4.",
                                  "Me and my daughter both learning ukulele, please one easy song in F major",
                                  "我小时候学过钢琴，二十多年没弹了，想重新开始，来个简单的C大调",
                                  "退休了想重新学琴，给我一个慢一点的F大调练习，四小节",
                                  "好多年没碰琴了，手很生，来个最简单的"])
def test_a_life_told_before_the_wish_is_not_left_over(text: str) -> None:
    assert parse_request(text).ignored == []


def test_a_life_told_keeps_the_instrument_named_in_it() -> None:
    result = parse_request("haven't touched my guitar in ten years, a simple melody in E minor please")
    assert (result.params.key, result.params.mode) == ("E", "minor") and any("guitar" in u for u in result.understood)


def test_ages_are_still_read_whole() -> None:
    assert parse_request("for my 8 year olds, C major").ignored == []


@pytest.mark.parametrize("text", ["e minor six eight time can you write it as guitar tabs",
                                  "古筝练习，G调五声音阶，十二小节，指法也标一下"])
def test_a_wish_for_tabs_or_fingering_is_answered_with_its_verb(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == []


def test_a_ukulele_tab_keeps_the_ukulele() -> None:
    result = parse_request("can you make a ukulele tab version?")
    assert result.params.high == "A5" and _answered(result.understood)


@pytest.mark.parametrize(("text", "low"), [("ukulele melody in C major 4 bars easy", "C4"),
                                           ("請給我一段二胡練習曲，D調，慢一點", "D4"), ("吉他练习，e小调，三四拍", "E3")])
def test_instruments_named_keep_their_ranges(text: str, low: str) -> None:
    from music.pitch import parse_pitch

    result = parse_request(text)
    assert parse_pitch(result.params.low).midi >= parse_pitch(low).midi and result.ignored == []


def test_to_start_again_is_the_player_not_another_drill() -> None:
    result = parse_request("can I have something easy in C major to start again")
    assert not any(line.startswith("another drill") for line in result.understood)
    assert any(line.startswith("another drill") for line in parse_request("again please").understood)
