"""heldout31 (words29): numbers that are not music (a time of day, a date, a page, a price, minutes practised, a head
count), a tempo bound that disagrees with a tempo said beside it, a key or meter taken back in a later sentence
("Actually, make it G major", 哦不对，改成降E大调), bounds on the bar count (至少十二小节, "no fewer than 12 bars"), tempo
spans in Chinese numerals, intervals wanted both ways (上行下行都要), leaps asked to be kept small under a double
negative, both level denials at once ("not too easy, not too hard", 别太难也别太简单), rhythm drills said by how they
are done (clapping, 不要音高), and who asks (Nigerian, Indian and Filipino English, a parent introduced, a greeting)."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request


@pytest.mark.parametrize(("text", "key"), [
    ("lesson at 10:30, C major", "C"),
    ("Our class starts at 9:15 on Monday - 4 bars in F major, 3/4", "F"),
    ("class at 3 pm, D minor", "D"),
    ("Trinity exam on 12 March! Sight-singing in A major, 6/8, 8 bars", "A"),
    ("I paid $40 for this app, D minor, 16 bars", "D"),
    ("page 34 of the book, E minor", "E"),
    ("She practised for 20 minutes yesterday. 4 bars, C major", "C"),
    ("下午三点上课 给我一条F大调的 四小节", "F"),
    ("今天是12月25号 来一条C大调的 3/4拍", "C"),
])
def test_a_number_that_is_not_music_is_never_a_setting(text: str, key: str) -> None:
    result = parse_request(text)
    p = result.params
    # The level's own tempo (88) and no number said back as a tempo, a bar count or a level.
    assert (p.key, p.tempo, p.level) == (key, 88, 3)
    assert not any(line.startswith(("tempo", "速度")) for line in result.understood)
    # Nor left over: the words around it may be ("She practised … yesterday"), the number is not.
    assert not any(char.isdigit() for clause in result.ignored for char in clause)


def test_a_number_with_its_unit_is_still_read_beside_a_time() -> None:
    # Guard: "at 90" is a tempo, "12/8" a meter and "20 years ago" who asks, as before.
    assert parse_request("8 bars at 90").params.tempo == 90
    assert parse_request("12/8 in D, 4 bars").params.meter == "12/8"
    assert parse_request("a 2/4 march in F").params.meter == "2/4"


@pytest.mark.parametrize(("text", "tempo"), [("no slower than 100, slow", 100), ("速度不超过六十，快一点", 60)])
def test_a_tempo_bound_that_overrules_a_tempo_said_is_answered(text: str, tempo: int) -> None:
    result = parse_request(text)
    assert result.params.tempo == tempo
    assert any("一条练习只有一个速度" in line or "a drill has one tempo" in line for line in result.understood)


def test_a_tempo_said_inside_the_bound_is_not_answered() -> None:
    # Guard: "not faster than 70, slow" is slow (66), inside the bound: nothing to answer.
    result = parse_request("not faster than 70, slow, C major")
    assert result.params.tempo == 66 and not any("one tempo" in line for line in result.understood)


@pytest.mark.parametrize(("text", "key", "meter"), [
    ("C major, 8 bars. Actually, make it G major. Sorry!", "G", "4/4"),
    ("4/4 please. Wait, no, 3/4.", "C", "3/4"),
    ("先来C大调吧，哦不对，改成降E大调，八小节", "Eb", "4/4"),
])
def test_a_key_or_meter_taken_back_in_a_later_sentence_is_replaced(text: str, key: str, meter: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.meter) == (key, meter) and result.ignored == []


@pytest.mark.parametrize(("text", "bars"), [("no fewer than 12 bars, A minor", 12), ("小节数不少于十二，E小调", 12),
                                            ("至少十二小节", 12), ("最多八小节", 8), ("at most 8 bars", 8), ("小节数：12", 12)])
def test_a_bound_on_the_bar_count_is_met_by_the_count(text: str, bars: int) -> None:
    result = parse_request(text)
    assert result.params.bars == bars and result.ignored == []


@pytest.mark.parametrize(("text", "tempo"), [("速度在七十到八十之间，F大调", 75), ("between 80 and 90 bpm, E flat major", 85)])
def test_a_tempo_span_is_read_in_words_and_chinese_numerals(text: str, tempo: int) -> None:
    result = parse_request(text)
    assert result.params.tempo == tempo and result.ignored == []


@pytest.mark.parametrize("text", ["练大三度和小三度的，上行下行都要，C大调", "major and minor thirds, both up and down, C major"])
def test_intervals_wanted_both_ways_are_each_both_ways(text: str) -> None:
    result = parse_request(text)
    assert set(result.params.target_intervals) == {"+M3", "-M3", "+m3", "-m3"} and result.ignored == []


@pytest.mark.parametrize("text", ["I'm not saying I don't want leaps, but keep them small, A major",
                                  "Abeg give me one easy melody for C major, no too much jumping"])
def test_leaps_asked_to_be_kept_small_are_at_most_a_fourth(text: str) -> None:
    result = parse_request(text)
    assert result.params.max_leap == 5 and result.ignored == []


def test_a_refused_refusal_of_leaps_with_a_limit_keeps_the_limit() -> None:
    result = parse_request("我不是不想要跳进，只是别超过五度，E大调")
    assert (result.params.key, result.params.max_leap) == ("E", 7) and result.ignored == []


@pytest.mark.parametrize("text", ["not too easy, not too hard - something in the middle, B flat major",
                                  "not too hard, not too easy", "别太难也别太简单 G大调 八小节"])
def test_both_level_denials_are_the_middle_level(text: str) -> None:
    result = parse_request(text)
    assert result.params.level == 3 and result.ignored == []


def test_one_level_denial_is_still_its_side() -> None:
    # Guard: "not too hard" alone is level 2, "别太简单" alone level 4, as before.
    assert parse_request("not too hard").params.level == 2
    assert parse_request("别太简单").params.level == 4


@pytest.mark.parametrize("text", ["rhythm only, clapping, 2/4, 8 bars, no notes", "节奏练习 拍手就行 不要音高 二四拍 八小节"])
def test_a_rhythm_drill_said_by_how_it_is_done(text: str) -> None:
    result = parse_request(text)
    assert (result.params.kind, result.params.meter, result.params.bars) == ("rhythm", "2/4", 8) and result.ignored == []


def test_a_greeting_is_not_a_mood() -> None:
    # 圣诞快乐 was read as a happy mood (tempo 112).
    result = parse_request("今天是12月25号 圣诞快乐 来一条C大调的 3/4拍")
    assert (result.params.tempo, result.params.meter) == (88, "3/4") and result.ignored == []


@pytest.mark.parametrize("text", ["Can you make me one po, G major lang, 4 bars only",
                                  "Please do the needful and send one sight reading in E minor with 8 bars kindly",
                                  "老师您好！我是小明的妈妈，孩子今年8岁，想请您帮忙出一条C大调的视唱，四小节就好，谢谢您！",
                                  "不要不带休止符的，C大调"])
def test_who_asks_and_how_is_not_left_over(text: str) -> None:
    assert parse_request(text).ignored == []


def test_a_comparison_with_the_last_drill_keeps_its_key() -> None:
    result = parse_request("上一条太慢了，快一点", previous=DrillParams.preset(3, key="A"))
    assert result.params.key == "A" and result.params.tempo > 88
