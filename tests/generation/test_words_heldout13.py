"""heldout13 (words10): replies in the request's Chinese script, unitless corrections far from their value, a pitch
said to be too high, and the smaller readings the blind set found."""

from __future__ import annotations

import re

import pytest

from generation.melody import DrillParams, GenerationError, parse_request
from generation.melody.request import refusal_for
from generation.melody.script import in_script_of, is_traditional
from music.pitch import parse_pitch

#: Characters only Simplified Chinese writes so (their Traditional forms differ); none may reach a Traditional reader.
SIMPLIFIED_ONLY = re.compile(r"[调节练习给请条个号点谱连声临时记简单难这听准录评为与么长乐们师国学级进从让还数对会开应该来吗没设认读识说话里]")
TRADITIONAL_ONLY = re.compile(r"[調節練習給請條個號點譜連聲臨時記簡單難這聽準錄評為與麼長樂們師國學級進從讓還數對會開應該來嗎沒設認讀識說話裡裏]")


@pytest.mark.parametrize("text", [
    "給我一個C大調的八小節視唱練習",
    "請出一條F大調的旋律，十二小節，不對，八",
    "可以寫一首二重唱嗎？G大調",
    "唔該俾我一條F大調嘅視唱，八個小節，唔好有附點",
    "E5對我來說太高了",
])
def test_a_request_in_traditional_characters_is_answered_in_them(text: str) -> None:
    result = parse_request(text)
    replies = "".join(result.understood)
    assert TRADITIONAL_ONLY.search(replies), replies
    assert not SIMPLIFIED_ONLY.search(replies), replies


def test_a_request_in_simplified_characters_or_english_is_answered_as_before() -> None:
    result = parse_request("给我一个C大调的八小节视唱练习")
    assert "调：C大调" in result.understood and "小节数：8" in result.understood
    assert "key: C major" in parse_request("C major, 8 bars").understood


def test_the_script_is_told_by_which_forms_the_request_uses() -> None:
    assert is_traditional("第五級，升F小調，三四拍")
    assert is_traditional("d小調")  # one Traditional form is enough when nothing else tells
    assert not is_traditional("第五级，升F小调") and not is_traditional("G major, 8 bars")
    assert not is_traditional("大调")  # 大 is written the same in both
    # A Cantonese request is answered in Hong Kong's forms (裏), a Taiwanese one in Taiwan's (裡).
    assert in_script_of("俾我一條旋律", "这里") == "這裏" and in_script_of("給我一條旋律", "这里") == "這裡"


def test_a_refusal_of_a_traditional_request_is_in_traditional_characters() -> None:
    with pytest.raises(GenerationError) as caught:
        parse_request("七八拍，C大調")
    assert "拍號" in str(caught.value) and not SIMPLIFIED_ONLY.search(str(caught.value))
    assert refusal_for("七八拍，C大調", "bars: 0 is not one of 1..32").startswith("無法")
    assert refusal_for("七八拍，C大调", "bars: 0 is not one of 1..32").startswith("无法")


@pytest.mark.parametrize(("text", "field", "value"), [
    ("8 bars in G, no, 12", "bars", 12),
    ("Give me sixteen bars in D major... actually make that 8", "bars", 8),
    ("write me a melody in G, 8 bars. Actually 10 is better", "bars", 10),
    ("C major, 8 bars, tempo 100, wait no, 80", "tempo", 80),
    ("level 3 in C, no, 4", "level", 4),
    ("来个G大调八小节的，不对，十二", "bars", 12),
    ("請出一條F大調的旋律，十二小節，不對，八", "bars", 8),
])
def test_a_correction_with_no_unit_replaces_the_nearest_earlier_value_it_could_be(text: str, field: str, value: int) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert result.ignored == []


def test_a_unitless_number_no_earlier_value_could_be_is_not_taken_for_one() -> None:
    # 300 bars is no bar count: the 8 bars stand, and the number is listed back as not understood.
    result = parse_request("8 bars, no, 300")
    assert result.params.bars == 8 and "300" in result.ignored
    # Only the nearest value is corrected: 4 is no tempo, so nothing is (the bar count two clauses back is not guessed).
    result = parse_request("8 bars, tempo 100, no, 4")
    assert (result.params.bars, result.params.tempo) == (8, 100) and "4" in result.ignored


@pytest.mark.parametrize(("text", "key", "highest"), [
    ("E5 is too high for me, can you keep it lower?", "G", "D5"),
    ("I cant reach E5", "G", "D5"),
    ("E5太高了，我唱不上去", "G", "D5"),
    ("太高了，E5我唱不到", "G", "D5"),
    ("太高了，E5我唱不到", "D", "D5"),
])
def test_a_pitch_said_to_be_too_high_cuts_the_range_below_it(text: str, key: str, highest: str) -> None:
    # Below E5 is the key's next note down (D5 in G and D major; words17), not D#5, which neither key has.
    previous = DrillParams.preset(3, key=key)  # G: D4-E5, D: D4-E5
    result = parse_request(text, previous=previous)
    assert parse_pitch(result.params.high).midi == parse_pitch(highest).midi
    assert result.params.low == previous.low  # one wish: not also a range a third lower
    assert result.ignored == []


def test_a_limit_said_as_too_high_above_it_keeps_the_pitch() -> None:
    for text in ("anything above D5 is too high for me. F major, 8 bars", "比D5高的我都唱不上去，F大调"):
        result = parse_request(text)
        assert (result.params.key, result.params.high) == ("F", "D5") and result.ignored == []
    # Without a pitch, "too high" is still the range a third lower.
    previous = DrillParams.preset(3, key="G")
    lowered = parse_request("too high for me, can you bring it down", previous=previous).params
    assert parse_pitch(lowered.high).midi == parse_pitch(previous.high).midi - 4


def test_smaller_readings_from_the_blind_set() -> None:
    previous = DrillParams.preset(3, key="C")
    assert parse_request("too fast! slow it down to 60", previous=previous).params.tempo == 60
    assert parse_request("speed it up to 120", previous=previous).params.tempo == 120
    slower = parse_request("能不能别这么快", previous=previous)
    assert slower.params.tempo < previous.tempo and slower.ignored == []
    leaps = parse_request("请出一条以大跳为主的练习，D小调，4/4")
    assert leaps.params.max_leap >= 7 and leaps.ignored == []
    for text in ("帮我听一下我刚才唱的哪里不准", "老師說我音準不好，可以幫我分析我的錄音嗎？"):
        result = parse_request(text)
        assert result.ignored == [] and any(line.startswith("注意：") for line in result.understood), result.understood



def test_the_script_module_examples_hold() -> None:
    import doctest

    import generation.melody.script

    assert doctest.testmod(generation.melody.script).failed == 0
