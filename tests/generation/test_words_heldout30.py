"""heldout30 (words28): meters written "3-4", "3:4" and "3：4拍", words run together ("Gmajor3/4"), tempos in
Chinese numerals (一百二十拍每分钟, 速度降到六十) and bounds on the tempo ("no faster than 110", 速度不超过六十),
简谱 octave marks typed on a keyboard ("5,到3'", "最高不超过2'"), leaps said to trouble a reader ("big jumps on the page
throw me"), exam grades named by the RCM's "levels" and the conservatories' short names (央院, 国音), the melodic minor
described, a compound meter described ("three groups of three per bar"), and who asks (grandparents, a child's
attention, a kindergarten year, 老年大学)."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request


@pytest.mark.parametrize("text", ["ABRSM grade 3 sight-singing practice in 3-4 time, D major",
                                  "Can I have one in 3:4, F major, 8 bars?", "E大调，3：4拍，十六小节", "6-8 time in A minor"])
def test_a_meter_written_with_a_dash_or_a_colon_is_the_meter(text: str) -> None:
    result = parse_request(text)
    assert result.params.meter in ("3/4", "6/8") and result.ignored == []


def test_a_dash_between_counts_is_still_no_meter() -> None:
    # Guard: "3-4 bars" is a count, not 3/4; "10:30" is no meter.
    assert parse_request("3-4 bars in G").params.meter == "4/4"
    assert parse_request("G major, 12:30").params.meter == "4/4"


def test_a_key_run_into_the_meter_is_read() -> None:
    result = parse_request("Gmajor3/4 8bars slow")
    p = result.params
    assert (p.key, p.mode, p.meter, p.bars) == ("G", "major", "3/4", 8) and result.ignored == []
    assert "read 'Gmajor' as 'G major'" in result.understood


@pytest.mark.parametrize(("text", "tempo"), [("一百二十拍每分钟，D大调，二四拍", 120), ("九十拍每分钟", 90),
                                             ("速度降到六十", 60), ("速度提到一百", 100), ("节拍器调到七十二", 72)])
def test_a_tempo_in_chinese_numerals_is_the_tempo(text: str, tempo: int) -> None:
    result = parse_request(text, previous=DrillParams.preset(3, key="C"))
    assert result.params.tempo == tempo and result.ignored == []


@pytest.mark.parametrize(("text", "level", "tempo"), [
    ("harmonic minor on A pls, no faster than a hundred and ten", 3, 88),  # the level's 88 is inside the bound
    ("not faster than 70, C major", 3, 70),
    ("under 100 bpm, level 5", 5, 99),
    ("速度不超过六十，C大调", 3, 60),
    ("at least 120 bpm", 3, 120),
])
def test_a_bound_on_the_tempo_keeps_the_tempo_inside_it(text: str, level: int, tempo: int) -> None:
    result = parse_request(text)
    assert (result.params.level, result.params.tempo) == (level, tempo) and result.ignored == []


def test_a_slower_drill_asked_without_a_bound_is_still_slower() -> None:
    # Guard: "slower" alone steps the last drill's tempo down, as before.
    assert parse_request("same but slower", previous=DrillParams.preset(3, key="G")).params.tempo < 88


@pytest.mark.parametrize(("text", "low", "high"), [("1=C，音域从5,到3'", "G3", "E5"), ("1=F，音域5,,到1''", "C3", "F6"),
                                                   ("1=G 音域 5̣ 到 3̇", "D4", "B5")])
def test_jianpu_octave_marks_typed_on_a_keyboard_place_the_range(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []


def test_a_jianpu_limit_with_an_octave_mark_is_the_top() -> None:
    result = parse_request("1=D，最高不超过2'")
    assert result.params.high == "E5" and result.ignored == []


def test_an_apostrophe_in_english_words_is_no_octave_mark() -> None:
    # Guard: the marks are read only in Chinese words that write 简谱; "I'm 5'3" is a height.
    result = parse_request("I'm 5'3 and a soprano, C major")
    assert (result.params.key, result.params.voice) == ("C", "soprano")


@pytest.mark.parametrize("text", ["I'm dyslexic and big jumps on the page throw me. Stepwise please, G major",
                                  "big leaps confuse him, D major"])
def test_leaps_said_to_trouble_the_reader_are_not_a_wish_for_them(text: str) -> None:
    result = parse_request(text)
    assert result.params.max_leap <= 5 and result.ignored == []


def test_big_leaps_asked_for_are_still_more_leaps() -> None:
    # Guard: "with big leaps" still asks for them.
    assert parse_request("with big leaps, D major").params.max_leap > 7


def test_a_child_losing_focus_fast_is_no_fast_tempo() -> None:
    result = parse_request("my son is 10 and has ADHD, he loses focus fast - keep it really short, C major")
    assert (result.params.tempo, result.params.bars) == (88, 4) and result.ignored == []


@pytest.mark.parametrize(("text", "level"), [("RCM level 5 ear training - sight sing in E flat, 6/8, eight measures", 3),
                                             ("中国音乐学院社会艺术水平考级，视唱三级，F大调，四二拍", 2),
                                             ("央院考级基本乐科三级的视唱，G大调", 2)])
def test_an_exam_grade_named_by_its_board_is_placed_among_its_grades(text: str, level: int) -> None:
    result = parse_request(text)
    assert result.params.level == level and result.ignored == []


def test_an_abrsm_grade_keeps_its_place() -> None:
    # Guard: ABRSM's eight grades, as before (grade 3 is level 2).
    assert parse_request("ABRSM grade 3 sight-singing, D major").params.level == 2


@pytest.mark.parametrize("text", ["melodic minor on C, going up with the raised 6th and 7th, twelve bars",
                                  "d旋律小调，上行升六升七级，下行还原"])
def test_the_melodic_minor_described_is_read_as_the_melodic_minor(text: str) -> None:
    result = parse_request(text)
    assert result.params.mode == "melodic-minor" and result.params.target_notes == [] and result.ignored == []


@pytest.mark.parametrize(("text", "meter"), [("three groups of three per bar, in E minor", "9/8"),
                                             ("two groups of three per bar, D major", "6/8"),
                                             ("three groups of three per bar, so 9/8, in E minor", "9/8")])
def test_a_compound_meter_described_is_the_meter(text: str, meter: str) -> None:
    result = parse_request(text)
    assert result.params.meter == meter and result.ignored == []


@pytest.mark.parametrize("text", [
    "my grandson and I are learning together - something in C major, ninety bpm, 4 bars",
    "locrian on B - I know it's weird - 4 bars",
    "love it! can we do sixteen bars this time?",
    "beginner trumpet: only the notes from middle C up to G, 4/4",
    "dotted eighth-sixteenth all over it, a 2/4 march in F",
    "还是刚才那条，换到降E大调",
    "孩子幼儿园大班，想培养一下音准，来个最最简单的",
    "老年大学合唱班用，速度慢，音不要太高，F大调",
])
def test_who_asks_and_asides_leave_nothing_over(text: str) -> None:
    assert parse_request(text, previous=DrillParams.preset(3, key="C")).ignored == []


def test_elderly_clients_still_leave_nothing_over() -> None:
    # Guard: 老年人 (read before the shorter 老年) as before.
    assert parse_request("我是音乐治疗师，给老年人写一段很慢的五声音阶旋律，D宫").ignored == []
