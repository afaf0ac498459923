"""heldout20 (words18): 不要有大跳, "nothing too fast", ties in a rhythm drill, China's seven-note scales, a mode "on D"
said in Chinese, pinyin and run-together words typed on a phone, a key the class has learnt beside the one asked,
"lower" / "higher" on the key, quizzes asked in Chinese, and music help that is no drill, answered."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES, NoDrillAsked
from music.key import key_pitches, make_key
from music.pitch import parse_pitch


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


def _in_key(name: str, key: str, mode: str = "major") -> bool:
    midi = parse_pitch(name).midi
    return any(p.midi == midi for p in key_pitches(make_key(key, mode), midi - 1, midi + 1))


@pytest.mark.parametrize("text", ["不要有大跳，C大调", "中考音乐视唱，C大调，八小节，不要有大跳"])
def test_no_big_leaps_with_you_between(text: str) -> None:
    # The 有 after 不要 is folded away before the leap words are read; the wish must still be read.
    result = parse_request(text)
    assert result.params.max_leap == 5 and result.ignored == []


def test_nothing_too_fast_is_a_moderate_tempo() -> None:
    result = parse_request("E minor, nothing too fast")
    assert result.params.tempo <= 100 and result.ignored == []


def test_lian_xian_in_a_rhythm_drill_is_a_tie() -> None:
    # A rhythm line has no slurs; in a melody 连线 stays a marking that is answered.
    params = parse_request("只要节奏不要音高，带连线的，四三拍").params
    assert params.kind == "rhythm" and params.ties and params.meter == "3/4"
    melody = parse_request("C大调旋律，带连线")
    assert not melody.params.ties and _answered(melody.understood)


@pytest.mark.parametrize(("text", "key", "mode"), [("七声清乐音阶，G宫，四四拍", "G", "major"),
                                                   ("雅乐七声音阶，F宫", "F", "lydian"),
                                                   ("燕乐，C宫调式", "C", "mixolydian"),
                                                   ("清乐七声，D商调式", "D", "dorian")])
def test_seven_note_scales_are_church_modes_on_their_gong(text: str, key: str, mode: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode, result.params.kind) == (key, mode, "melody")
    assert result.ignored == []


def test_a_mode_on_a_note_in_chinese() -> None:
    result = parse_request("多利亞調式，D音上，八小節")
    assert (result.params.key, result.params.mode, result.params.bars) == ("D", "dorian", 8) and result.ignored == []


@pytest.mark.parametrize(("text", "key", "mode", "bars", "meter"),
                         [("shichang G dadiao 8xiaojie", "G", "major", 8, "4/4"),
                          ("Bflat majr 4 4 time 8 bars", "Bb", "major", 8, "4/4"),
                          ("pls sight singing in f minor 3/4 12bars", "F", "minor", 12, "3/4")])
def test_typed_in_a_hurry(text: str, key: str, mode: str, bars: int, meter: str) -> None:
    params = parse_request(text).params
    assert (params.key, params.mode, params.bars, params.meter) == (key, mode, bars, meter)


def test_a_key_learnt_is_not_the_key_asked_for() -> None:
    result = parse_request("学生之前只学过C大调，想要一条G大调的，二四拍")
    assert result.params.key == "G" and result.ignored == []
    # Said alone, the key learnt is still the key.
    assert parse_request("我只学过C大调，来一条").params.key == "C"


@pytest.mark.parametrize(("text", "low", "high"), [("lower", "B3", "C#5"), ("bring it down", "B3", "C#5"),
                                                   ("降低一点", "B3", "C#5"), ("higher", "F#4", "G5")])
def test_lower_and_higher_move_a_third_on_the_key(text: str, low: str, high: str) -> None:
    result = parse_request(text, previous=DrillParams.preset(3, key="D"))
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []
    assert _in_key(low, "D") and _in_key(high, "D")


@pytest.mark.parametrize("text", ["考我音程", "我想练听音，你弹我猜", "出几道乐理题给我做", "can you test me on key signatures?",
                                  "quiz me on intervals, I keep mixing up 4ths and 5ths"])
def test_quizzes_asked_for_are_answered(text: str) -> None:
    with pytest.raises(NoDrillAsked) as caught:
        parse_request(text)
    assert not getattr(caught.value, "ignored", None)


@pytest.mark.parametrize("text", ["play me an A so I can tune my guitar", "write me a twelve-tone row for my composition class",
                                  "把《茉莉花》改编成四声部合唱", "教我怎么唱高音不破音"])
def test_music_help_that_is_no_drill_is_answered(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == []


def test_scale_words_are_not_tuning() -> None:
    result = parse_request("D大调音阶练习")
    assert result.params.kind == "scale" and not _answered(result.understood)


def test_exam_and_courtesy_words_are_filler() -> None:
    result = parse_request("高考音乐统考视唱模拟题，G大调，四三拍，十六小节，中速")
    assert (result.params.key, result.params.meter, result.params.bars) == ("G", "3/4", 16) and result.ignored == []
    assert parse_request("need a sight singing drill in G major asap").ignored == []
