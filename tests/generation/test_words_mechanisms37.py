"""words37: "my high notes are out of tune", in any words, English or Chinese (Simplified or Traditional), is one
trouble with one answer: the high notes the singer reaches, approached mostly by step, the range not raised; reaching
the high notes ("hard", "can't reach", 唱不上去, 够不着) stays a range limit (the top lowered)."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request

DEFAULT = DrillParams.preset(3)

HIGH_NOTES_OUT_OF_TUNE = [
    "I keep going flat up high", "I go sharp on high notes", "my high notes are flat", "my high notes are sharp",
    "my high notes are out of tune", "I'm always flat on high notes", "my top notes go sharp",
    "I sing the high notes out of tune",
    "唱高音的时候总是偏低", "唱高音的時候總是偏低", "高音总是唱不准", "高音總是唱不準", "高音跑调", "高音跑調",
    "我的高音偏高", "高音音不准", "高音音不準", "唱到高音就跑调", "高音的音准不好", "高音區總是走音", "一到高音就偏低",
]


@pytest.mark.parametrize("text", HIGH_NOTES_OUT_OF_TUNE)
def test_high_notes_sung_out_of_tune_keep_the_range_and_are_reached_by_step(text: str) -> None:
    result = parse_request(text)
    params = result.params
    assert (params.low, params.high) == (DEFAULT.low, DEFAULT.high)
    assert params.step_bias > DEFAULT.step_bias and params.leap_bias < DEFAULT.leap_bias
    assert result.ignored == []


@pytest.mark.parametrize(("text", "said"), [
    ("my high notes are flat", "high notes sung out of tune: the range not raised, its high notes reached mostly by step"),
    ("高音总是唱不准", "高音唱不准：音域不升高，多用级进走到高音"),
    ("高音總是唱不準", "高音唱不準：音域不升高，多用級進走到高音"),
])
def test_the_reply_says_what_the_drill_does_in_the_askers_script(text: str, said: str) -> None:
    assert any(line.startswith(said) for line in parse_request(text).understood)


@pytest.mark.parametrize("text", ["high notes are hard for me", "I can't reach the high notes", "高音唱不上去",
                                  "高音够不着", "高音夠不著"])
def test_high_notes_out_of_reach_lower_the_top(text: str) -> None:
    result = parse_request(text)
    assert result.params.high == "Bb4"  # C4-D5, the top down a third
    assert result.ignored == []


@pytest.mark.parametrize(("text", "low", "high"), [
    ("my high notes are flat, for alto", "G3", "C5"),
    ("高音總是唱不準，女中音", "A3", "F5"),
    ("my sopranos keep going flat up high, can you give me one that stays between D5 and G5", "D5", "G5"),
])
def test_a_range_or_voice_named_beside_the_trouble_is_the_range(text: str, low: str, high: str) -> None:
    params = parse_request(text).params
    assert (params.low, params.high) == (low, high)
    assert params.step_bias > DEFAULT.step_bias


def test_a_wish_for_the_top_notes_beside_the_trouble_is_the_same_trouble() -> None:
    params = parse_request("I keep going flat up high, I want to work on my top notes").params
    assert (params.low, params.high) == (DEFAULT.low, DEFAULT.high)


def test_a_key_named_beside_the_trouble_keeps_its_own_range() -> None:
    assert (parse_request("高音总是唱不准，来一个G大调的").params.high
            == parse_request("来一个G大调的").params.high == "E5")
