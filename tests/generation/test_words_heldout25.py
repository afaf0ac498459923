"""heldout25 (words23): 简谱 limits (高音i, 不要高音点, 中音区), Chinese modes with added notes (加清角, 加清角和变宫),
folk kinds that are pentatonic (江南小调, 信天游) and opera styles answered (京剧西皮), rhythm imitation for ear-training
exams (节奏模仿), Cantonese (易啲, 嗰首太易), leaps refused above a size (不要跳进超过五度), and a parent's, a choir
section leader's and an exam candidate's words."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES
from music.pitch import parse_pitch


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize(("text", "high"), [("1=D 2/4，最高到高音i", "D5"), ("1=G，最高到高音i", "G5")])
def test_a_typed_high_one_is_the_tonic_an_octave_up(text: str, high: str) -> None:
    # A limit on the top: the range ends at or below it, and the limit is said back.
    result = parse_request(text)
    assert parse_pitch(result.params.high).midi <= parse_pitch(high).midi and result.ignored == []
    assert any(high in line for line in result.understood)


@pytest.mark.parametrize(("text", "low", "high"), [("1=C，不要带高音点的音", "C4", "B4"), ("1=F，都在中音区", "F4", "E5")])
def test_no_dotted_high_notes_keeps_the_range_in_the_middle_octave(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert parse_pitch(result.params.high).midi <= parse_pitch(high).midi and result.ignored == []
    if "中音区" in text:
        assert result.params.low == low


def test_one_added_note_is_answered_and_the_mode_kept() -> None:
    result = parse_request("G宫调式加清角，六声音阶，八小节")
    assert (result.params.key, result.params.mode, result.params.bars) == ("G", "gong", 8)
    assert result.params.kind == "melody"  # 六声音阶 names notes, not a scale drill
    assert _answered(result.understood) and result.ignored == []


def test_qingjiao_and_biangong_added_are_the_qingyue_scale() -> None:
    result = parse_request("D宫调式加清角和变宫")
    assert (result.params.key, result.params.mode) == ("D", "major") and result.ignored == []


@pytest.mark.parametrize("text", ["江南小调风格的旋律，五声，F宫", "江南小调，F宫调式"])
def test_a_folk_ditty_is_not_the_minor_key(text: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode) == ("F", "gong") and result.ignored == []


@pytest.mark.parametrize("text", ["信天游", "江南小调", "a Chinese folk-style melody in G"])
def test_folk_kinds_are_pentatonic(text: str) -> None:
    result = parse_request(text)
    assert result.params.mode in ("gong", "major-pentatonic") and result.ignored == []


def test_an_opera_style_is_answered() -> None:
    result = parse_request("写一段京剧西皮味道的旋律")
    assert _answered(result.understood) and result.ignored == []


@pytest.mark.parametrize("text", ["节奏模仿练习，2/4拍", "艺考练耳，节奏模仿，四小节", "rhythm imitation drill for ear training, 3/4"])
def test_rhythm_imitation_is_a_rhythm_drill(text: str) -> None:
    result = parse_request(text)
    assert result.params.kind == "rhythm" and result.ignored == []


def test_jianpu_underlines_are_answered_and_the_eighths_kept() -> None:
    result = parse_request("1=C 4/4，要有带下划线的八分音符")
    assert "eighth" in result.params.durations and _answered(result.understood) and result.ignored == []


def test_cantonese_easier_and_too_easy() -> None:
    easier = parse_request("唔該，a小調，3/4拍，易啲")
    assert easier.params.level < DrillParams().level and easier.ignored == []
    harder = parse_request("難啲啦，上次嗰首太易", previous=DrillParams.preset(2, key="G"))
    assert harder.params.level >= 3 and harder.params.key == "G" and harder.ignored == []


def test_cantonese_can_or_cannot() -> None:
    result = parse_request("可唔可以慢啲？", previous=DrillParams.preset(3, key="D"))
    assert result.params.tempo < DrillParams.preset(3, key="D").tempo and result.ignored == []


@pytest.mark.parametrize(("text", "semitones"), [("不要跳进超过五度，F大调", 7), ("别跳进超过三度", 4)])
def test_a_leap_refused_above_a_size_is_the_largest_leap(text: str, semitones: int) -> None:
    result = parse_request(text)
    assert result.params.max_leap == semitones and result.ignored == []


def test_no_accidentals_said_with_bu_dai() -> None:
    result = parse_request("给点不带升降号的练习，C大调")
    assert result.params.accidentals is False and result.ignored == []


@pytest.mark.parametrize("text", ["孩子学钢琴两年了，想给她找点视唱练习，C大调",
                                  "我是合唱团女高音声部长，给我们声部来一条练声旋律，降E大调",
                                  "练耳听写用的短旋律，C大调，四小节",
                                  "my daughter has been learning piano for two years, something easy in G major",
                                  "alto section leader here: a warm-up for our section, B flat major",
                                  "sight-singing for my conservatory entrance exam, A flat major"])
def test_who_asks_is_not_left_over(text: str) -> None:
    assert parse_request(text).ignored == []


def test_readings_kept() -> None:
    # Guards: 帮忙 is still filler whole; a minor key named with 小调 is still minor; a bare leap refused is steps.
    assert parse_request("想麻烦您帮忙生成一条旋律，G大调").ignored == []
    assert parse_request("a小调，八小节").params.mode == "minor"
    assert parse_request("不要跳进，C大调").params.max_leap == 2
    assert parse_request("七声清乐音阶，降B宫").params.mode == "major"
