"""heldout17 (words15): teachers' words for class material: a flat or sharp written before a key's letter, an
instrument's range kept (an open string as a limit, first position, a step of the range), 简谱 digits as a set of
notes, lines of printed music, children's voices, a letter alone after 最高, and who the drill is for."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import INSTRUMENT_RANGES, UNSUPPORTED_PREFIXES
from music.pitch import parse_pitch


def _midi(name: str) -> int:
    return parse_pitch(name).midi


@pytest.mark.parametrize(("text", "key"), [("三连音练习，四四拍，bE调，速度72", "Eb"), ("bB调，八小节", "Bb"), ("#F调的练习", "F#"),
                                           ("Ab调，四三拍", "Ab")])
def test_a_sign_before_the_letter_of_a_diao_key_is_its_flat_or_sharp(text: str, key: str) -> None:
    result = parse_request(text)
    assert result.params.key == key and result.ignored == []


@pytest.mark.parametrize(("text", "low"), [("cello exercise in bass clef, C major, nothing lower than the open C string", "C2"),
                                           ("viola, D major, nothing lower than the open C string", "C3"),
                                           ("violin in G, no lower than the open G string", "G3")])
def test_nothing_lower_than_an_open_string_is_a_bound_at_that_string(text: str, low: str) -> None:
    result = parse_request(text)
    assert result.params.low == low and result.ignored == []


@pytest.mark.parametrize(("text", "instrument"), [("cello exercise in C major, lower please", "cello"),
                                                  ("长笛，F大调，低一点", "flute"), ("flute, D major, higher", "flute")])
def test_a_step_of_the_range_stays_on_the_instrument(text: str, instrument: str) -> None:
    result = parse_request(text)
    lowest, highest = INSTRUMENT_RANGES[instrument][:2]
    assert _midi(lowest) <= _midi(result.params.low) and _midi(result.params.high) <= _midi(highest)
    assert result.ignored == []


@pytest.mark.parametrize(("text", "high"), [("小提琴一把位的练习旋律，A大调，四三拍", "B5"), ("二胡一把位，D调", "E5"),
                                            ("violin beginners: A major melody that stays in first position", "B5"),
                                            ("cello in first position, G major", "D4")])
def test_first_position_keeps_the_top_at_the_positions_highest_note(text: str, high: str) -> None:
    result = parse_request(text)
    assert _midi(result.params.high) <= _midi(high) and result.ignored == []


@pytest.mark.parametrize(("text", "key"), [("五年级竖笛课用，C大调，只用12356", "C"), ("只用1、2、3、5、6，G调", "G")])
def test_jianpu_digits_as_the_only_notes_are_the_pentatonic_mode(text: str, key: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode) == (key, "gong") and result.ignored == []


@pytest.mark.parametrize("text", ["只用12小节", "只用16分音符"])
def test_a_count_after_zhi_yong_is_no_set_of_notes(text: str) -> None:
    assert parse_request(text).params.mode != "gong"


@pytest.mark.parametrize(("text", "bars"), [("我吹笛子，给我一条G调的练习，中速，两行就行", 8),
                                            ("erhu, key of D (1=D), two lines, dotted rhythms", 8), ("C major, 3 lines", 12)])
def test_lines_of_printed_music_are_four_bars_each(text: str, bars: int) -> None:
    result = parse_request(text)
    assert result.params.bars == bars and result.ignored == []


def test_hang_meaning_fine_is_no_line() -> None:
    assert parse_request("G调，八小节就行").params.bars == 8


@pytest.mark.parametrize("text", ["童声合唱团的视唱，C大调", "children's choir, something in G", "children's voices in F"])
def test_childrens_voices_get_a_childs_range(text: str) -> None:
    result = parse_request(text)
    assert _midi("A3") <= _midi(result.params.low) and _midi(result.params.high) <= _midi("F5")
    assert result.ignored == []


def test_small_steps_keep_the_leaps_small() -> None:
    result = parse_request("children's choir, ages 7-9, something in C with small steps")
    assert result.params.max_leap <= 5 and result.ignored == []


@pytest.mark.parametrize("text", ["我女儿学二胡两年了，给她来个有跳进的练习，1=G", "C major with leaps"])
def test_a_drill_with_leaps_keeps_the_levels_leaps(text: str) -> None:
    result = parse_request(text)
    assert result.params.max_leap >= 5 and result.ignored == []


def test_a_letter_alone_after_zuigao_is_that_note_at_the_top() -> None:
    result = parse_request("女高音练高音的，G大调，最高到A")
    assert result.params.high == "A5" and result.params.voice == "soprano" and result.ignored == []


def test_a_mezzos_lowered_top_is_below_her_range_and_spelled_in_the_key() -> None:
    result = parse_request("给我的声乐学生（女中音）来一个1=bA的，音别太高")
    assert result.params.key == "Ab" and result.params.high == "Db5" and result.ignored == []


def test_a_start_syllable_after_changming_is_the_start() -> None:
    result = parse_request("简谱视唱，1=F，四三拍，从唱名mi开始")
    assert result.params.start_degree == 3 and result.ignored == []


@pytest.mark.parametrize("text", ["视唱练耳考级三级的模拟题，G大调，6/8拍", "三年级音乐课用的简谱视唱，C调，四三拍"])
def test_what_the_drill_prepares_is_understood(text: str) -> None:
    assert parse_request(text).ignored == []


def test_put_words_under_the_melody_is_answered_as_lyrics() -> None:
    result = parse_request("put words under the melody so the kids can sing it", previous=DrillParams.preset(1, key="C"))
    assert any("lyrics" in line for line in result.understood if line.startswith(UNSUPPORTED_PREFIXES))
    assert result.ignored == []
