"""heldout32 (words30): a request laid out as a list or markdown ("1. E major\n2. 12 bars", "**Bars:** 16", 要求：
1. D大调 …), words said twice by speech-to-text ("C C major major", 八小节八小节), a key said as do ("do = G",
do=降A) or by a fixed-do syllable before 大调/小调 (re小调), a key alone with 降/升 (降E), a countertenor, "something
that stays low" beside a trouble with high notes, and troubles told (抢拍, "out of tune") that are no setting."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from music.pitch import parse_pitch


@pytest.mark.parametrize(("text", "key", "mode", "bars", "meter"), [
    ("1. E major\n2. 12 bars\n3. 3/4", "E", "major", 12, "3/4"),
    ("**Key:** D minor  \n**Time:** 4/4  \n**Bars:** 16", "D", "minor", 16, "4/4"),
    ("Spec:\n- Key: B flat major\n- Meter: 6/8\n- Length: 12 bars", "Bb", "major", 12, "6/8"),
    ("要求：\n1. A大调\n2. 四三拍\n3. 十二小节", "A", "major", 12, "3/4"),
    ("· 调性：G小调\n· 拍号：6/8\n· 长度：16小节", "G", "minor", 16, "6/8"),
])
def test_a_list_or_markdown_is_read_line_by_line(text: str, key: str, mode: str, bars: int, meter: str) -> None:
    result = parse_request(text)
    p = result.params
    # The list's numbers are not bar counts, its labels and marks not words left over.
    assert (p.key, p.mode, p.bars, p.meter) == (key, mode, bars, meter)
    assert result.ignored == []


@pytest.mark.parametrize(("text", "key", "mode", "bars"), [
    ("G G major major twelve bars bars", "G", "major", 12),
    ("um a a D minor in in 4 bars", "D", "minor", 4),
    ("那个那个F大调F大调，十二小节十二小节", "F", "major", 12),
])
def test_words_said_twice_are_read_once(text: str, key: str, mode: str, bars: int) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode, result.params.bars) == (key, mode, bars)
    assert result.ignored == []


def test_a_name_said_twice_is_not_cut() -> None:
    # Guard: only the words of a setting are said once; a song's name keeps its repeat.
    result = parse_request("something like Twinkle Twinkle Little Star, C major")
    assert any("Twinkle Twinkle Little Star" in line for line in result.understood)


@pytest.mark.parametrize(("text", "key"), [
    ("do = D, 4 bars", "D"),
    ("do=降B，八小节", "Bb"),
    ("首调唱名，do=升F", "F#"),
    ("1=G", "G"),
])
def test_do_equals_names_the_key(text: str, key: str) -> None:
    assert parse_request(text).params.key == key


@pytest.mark.parametrize(("text", "key", "mode"), [
    ("固定调唱法，re小调", "D", "minor"),
    ("sol大调，四小节", "G", "major"),
    ("降si大调", "Bb", "major"),
    ("la小调", "A", "minor"),
])
def test_a_fixed_do_syllable_before_the_chinese_mode_is_the_letter(text: str, key: str, mode: str) -> None:
    p = parse_request(text).params
    assert (p.key, p.mode) == (key, mode)


@pytest.mark.parametrize(("text", "key"), [("降E", "Eb"), ("升F，八小节", "F#"), ("G", "G"), ("降B。", "Bb")])
def test_a_tonic_alone_is_the_key_in_chinese_too(text: str, key: str) -> None:
    result = parse_request(text)
    assert result.params.key == key and result.ignored == []


def test_a_lower_case_letter_alone_is_still_no_key() -> None:
    # Guard: "a" alone is the article, not A.
    assert parse_request("a, 8 bars").params.key == "C"


def test_a_countertenor_sings_the_alto_range() -> None:
    p = parse_request("for a countertenor, E minor").params
    assert (p.voice, p.key) == ("alto", "E")


@pytest.mark.parametrize("text", ["I always go flat on high notes - F major, something that stays low", "F major, keep it low"])
def test_a_range_kept_low_beats_a_trouble_with_high_notes(text: str) -> None:
    default = DrillParams.preset(3, key="F", mode="major")
    p = parse_request(text).params
    assert parse_pitch(p.high).midi < parse_pitch(default.high).midi
    assert parse_pitch(p.low).midi <= parse_pitch(default.low).midi


def test_a_trouble_with_high_notes_alone_works_them_in_the_range_kept() -> None:
    # Guard: heldout22's trouble alone is read (high notes reached by step); since words37 its range is kept, not raised
    # a third (a top pushed up is where the voice is already flat).
    result = parse_request("I always go flat on high notes")
    default = DrillParams.preset(3)
    assert any(line.startswith("high notes sung out of tune") for line in result.understood)
    assert (result.params.low, result.params.high) == (default.low, default.high)


@pytest.mark.parametrize("text", [
    "my intervals are always out of tune, G major",
    "I keep rushing, 3/4 please",
    "切分节奏我老是抢拍，四四拍",
    "一唱高音就破音，F大调",
])
def test_a_trouble_told_is_no_setting_left_over(text: str) -> None:
    result = parse_request(text)
    assert result.ignored == []


def test_a_word_said_twice_keeps_one_clash_note() -> None:
    # heldout29: 很慢很慢 beside 速度160 was answered twice; one wish, one answer.
    understood = parse_request("很慢很慢，速度160，G大调").understood
    assert sum("一条练习只有一个速度" in line for line in understood) == 1
