"""heldout23 (words21): primary-school music teachers (唱游, 柯尔文手势, a video for the class), a mode, key or meter
refused ("anything but minor", 不要小调, 除了G大调, "not in 3/4", 不要三拍子), meters in number words ("three four
time"), and requests compared with the last drill (和刚才一样, 一模一样)."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize(("text", "mode"), [("anything but minor, 4/4", "major"), ("not in minor", "major"),
                                            ("not major", "minor"), ("不要小调，三四拍", "major"),
                                            ("别用大调", "minor"), ("not in a minor key, D", "major")])
def test_a_mode_refused_is_the_other_mode(text: str, mode: str) -> None:
    result = parse_request(text)
    assert result.params.mode == mode and result.ignored == []


def test_a_key_refused_with_an_uppercase_a_is_still_a_key() -> None:
    # "not in A minor" refuses the key A minor, not the minor mode.
    result = parse_request("not in A minor")
    assert (result.params.key, result.params.mode) == ("C", "major")


@pytest.mark.parametrize("text", ["no minor seconds, C major", "not minor thirds please, G major"])
def test_an_interval_named_minor_is_not_a_mode_refused(text: str) -> None:
    assert parse_request(text).params.mode == "major"
    assert not any("not minor" in line for line in parse_request(text).understood)


@pytest.mark.parametrize("text", ["除了G大调什么都行", "不要G大调"])
def test_a_chinese_key_refused_is_not_the_key(text: str) -> None:
    result = parse_request(text)
    assert result.params.key != "G" and result.ignored == []
    refined = parse_request(text, previous=DrillParams.preset(level=3, key="G"))
    assert refined.params.key != "G"


@pytest.mark.parametrize(("text", "refused"), [("D major, not in 3/4", "3/4"), ("不要三拍子的，C大调", "3/4"),
                                               ("no 6/8 please, G major", "6/8")])
def test_a_meter_refused_is_not_the_meter(text: str, refused: str) -> None:
    result = parse_request(text)
    assert result.params.meter != refused and result.ignored == []


def test_a_meter_refused_moves_a_drill_that_was_in_it() -> None:
    previous = DrillParams.preset(level=3, key="C", meter="3/4")
    assert parse_request("not in 3/4", previous=previous).params.meter == "4/4"
    assert parse_request("不要3/4拍", previous=DrillParams.preset(level=3, key="C", meter="3/4")).params.meter == "4/4"


@pytest.mark.parametrize(("text", "meter"), [("eight bars in B flat, three four time", "3/4"),
                                             ("two four time, ten bars", "2/4"), ("six eight time, D major", "6/8")])
def test_a_meter_in_number_words(text: str, meter: str) -> None:
    result = parse_request(text)
    assert result.params.meter == meter and result.ignored == []


def test_flats_or_sharps_said_flats_first_are_accidentals() -> None:
    result = parse_request("no flats or sharps at all, two four time, ten bars")
    assert result.params.accidentals is False and result.params.bars == 10 and result.ignored == []


@pytest.mark.parametrize("text", ["can you show the Curwen hand signs for each note? C major", "上课要配柯尔文手势，G大调，八小节"])
def test_hand_signs_are_answered_beside_the_drill(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == [] and result.params.key in ("C", "G")


@pytest.mark.parametrize("text", ["Can you make it into a video with dancing animals for the kids?", "能不能做成动画视频给小朋友看？",
                                  "帮我写一份一年级的音乐教案"])
def test_a_video_or_a_lesson_plan_is_answered(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == []


@pytest.mark.parametrize(("text", "previous", "expect"),
                         [("和刚才一样但是短一点", {"level": 3, "key": "C"}, {"key": "C"}),
                          ("和上次一样，换成小调吧", {"level": 3, "key": "D"}, {"mode": "minor"}),
                          ("再来一个一模一样的，慢一点🙏", {"level": 3, "key": "F"}, {"key": "F"}),
                          ("omg yes!!! another one like that but slower!!!", {"level": 3, "key": "D"}, {"key": "D"})])
def test_a_drill_compared_with_the_last_is_read_without_leftovers(text: str, previous: dict[str, object],
                                                                   expect: dict[str, object]) -> None:
    result = parse_request(text, previous=DrillParams.preset(**previous))  # type: ignore[arg-type]
    data = result.params.to_dict()
    assert result.ignored == [] and all(data[name] == value for name, value in expect.items())


@pytest.mark.parametrize("text", ["唱游课用的旋律，2/4拍，F大调", "一年级小学音乐课用的，C大调，四小节，简单一点",
                                  "a singing game for my primary class, 2/4, G major",
                                  "sixteen bars in A flat major for my grade two kids"])
def test_a_primary_class_is_read_without_leftovers(text: str) -> None:
    assert parse_request(text).ignored == []
