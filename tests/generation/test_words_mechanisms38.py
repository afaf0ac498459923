"""words38: the low-note mirror of words37. Low notes sung out of tune, in any words, English or Chinese (Simplified or
Traditional), are one trouble with one answer: the low notes approached mostly by step, the range not lowered (a range
named wins); reaching the low notes ("can't get down to", 低音唱不下去, 够不着低音) is a range limit (the bottom raised).
"Hard to sing in tune", 不太容易唱准, is the tuning trouble, not reach; and a trouble told beside a direct change ("make
it higher") asks no earlier drill."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request

DEFAULT = DrillParams.preset(3)

LOW_NOTES_OUT_OF_TUNE = [
    "my low notes are flat", "my low notes are sharp", "my low notes are out of tune", "I go sharp down low",
    "I keep going flat down low", "I go flat on low notes", "I can't sing the low notes in tune",
    "low notes are hard to sing in tune",
    "唱低音总是偏高", "唱低音總是偏高", "低音跑调", "低音跑調", "低音总是唱不准", "低音總是唱不準", "我的低音偏高",
    "低音音不准", "一到低音就偏低", "低音区总是走音", "低音不太容易唱准", "我唱不准低音",
]


@pytest.mark.parametrize("text", LOW_NOTES_OUT_OF_TUNE)
def test_low_notes_sung_out_of_tune_keep_the_range_and_are_reached_by_step(text: str) -> None:
    result = parse_request(text)
    params = result.params
    assert (params.low, params.high) == (DEFAULT.low, DEFAULT.high)
    assert params.step_bias > DEFAULT.step_bias and params.leap_bias < DEFAULT.leap_bias
    assert result.ignored == []
    assert not any("earlier drill" in line or "上一条练习" in line or "上一條練習" in line for line in result.understood)


@pytest.mark.parametrize(("text", "said"), [
    ("my low notes are flat", "low notes sung out of tune: the range not lowered, its low notes reached mostly by step"),
    ("低音跑调", "低音唱不准：音域不降低，多用级进走到低音"),
    ("低音跑調", "低音唱不準：音域不降低，多用級進走到低音"),
])
def test_the_reply_says_what_the_drill_does_in_the_askers_script(text: str, said: str) -> None:
    assert any(line.startswith(said) for line in parse_request(text).understood)


@pytest.mark.parametrize("text", ["I can't get down to the low notes", "I can't go that low", "低音唱不下去",
                                  "够不着低音", "低音够不着", "夠不著低音"])
def test_low_notes_out_of_reach_raise_the_bottom(text: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == ("E4", DEFAULT.high)  # C4-D5, the bottom up a third
    assert result.ignored == []


@pytest.mark.parametrize("text", ["high notes are hard to sing in tune", "高音不太容易唱准", "高音不太容易唱準",
                                  "I can't sing the high notes in tune", "学生不容易唱准高音"])
def test_high_notes_hard_to_sing_in_tune_are_the_tuning_trouble_not_reach(text: str) -> None:
    params = parse_request(text).params
    assert (params.low, params.high) == (DEFAULT.low, DEFAULT.high)
    assert params.step_bias > DEFAULT.step_bias


@pytest.mark.parametrize(("text", "low", "high"), [
    ("my low notes are flat, for alto", "G3", "C5"),
    ("my basses go flat down low, keep it between F2 and C4", "F2", "C4"),
])
def test_a_range_or_voice_named_beside_the_low_trouble_is_the_range(text: str, low: str, high: str) -> None:
    params = parse_request(text).params
    assert (params.low, params.high) == (low, high)
    assert params.step_bias > DEFAULT.step_bias


@pytest.mark.parametrize("text", ["my low notes go flat, I want to work on my low notes", "低音跑调，多练低音"])
def test_a_wish_for_the_low_notes_beside_the_trouble_is_the_same_trouble(text: str) -> None:
    params = parse_request(text).params
    assert (params.low, params.high) == (DEFAULT.low, DEFAULT.high)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("I keep going flat up high, make it higher", "E4", "F5"),
    ("I keep going flat down low, make it lower", "A3", "B4"),
    ("低音总是偏高，低一点", "A3", "B4"),
])
def test_a_trouble_told_with_a_direct_change_moves_the_range_and_asks_no_earlier_drill(text: str, low: str,
                                                                                       high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high)
    assert result.params.step_bias > DEFAULT.step_bias
    assert not any("earlier drill" in line or "上一条练习" in line for line in result.understood)


@pytest.mark.parametrize(("text", "said", "not_said"), [
    ("I keep going flat up high, make it higher", "high notes sung out of tune: reached mostly by step", "not raised"),
    ("低音總是偏高，低一點", "低音唱不準：多用級進走到低音", "不降低"),
])
def test_the_reply_to_a_trouble_with_a_direct_change_does_not_promise_the_range_kept(text: str, said: str,
                                                                                    not_said: str) -> None:
    understood = parse_request(text).understood
    assert any(line.startswith(said) for line in understood)
    assert not any(not_said in line for line in understood)
