"""heldout14 (words11): changes by an amount, key signatures by count, Chinese textbook pitch names, 大/小附点,
Chinese denials of English words, markings and sending answered plainly, and the smaller readings the blind set found."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, GenerationError, parse_request

PREVIOUS = DrillParams.preset(3, key="C", bars=8, tempo=80)


@pytest.mark.parametrize(
    ("text", "bars"),
    [("make it 2 bars shorter", 6), ("add 4 bars", 12), ("4 more bars please", 12), ("cut 2 bars", 6),
     ("shorter by 4 bars", 4), ("少两小节", 6), ("再加四小节", 12), ("缩短两小节", 6)],
)
def test_a_length_change_by_an_amount_moves_the_bars_by_it(text: str, bars: int) -> None:
    result = parse_request(text, previous=PREVIOUS)
    assert result.params.bars == bars and result.ignored == []


@pytest.mark.parametrize(
    ("text", "tempo"),
    [("a little quicker, like 20 bpm faster", 100), ("10 bpm slower", 70), ("speed up by 20", 100),
     ("slower by 10", 70), ("速度快十拍", 90), ("速度放慢二十", 60)],
)
def test_a_tempo_change_by_an_amount_moves_the_tempo_by_it(text: str, tempo: int) -> None:
    result = parse_request(text, previous=PREVIOUS)
    assert result.params.tempo == tempo and result.ignored == []


@pytest.mark.parametrize("text", ["速度慢一点", "来一段速度慢一点的d小调"])
def test_a_chinese_comparative_without_an_amount_is_still_one_step(text: str) -> None:
    assert parse_request(text, previous=PREVIOUS).params.tempo < 80


@pytest.mark.parametrize(
    ("text", "key", "mode"),
    [("sight-singing in a key with 3 sharps, 4/4", "A", "major"), ("something in 2 flats, minor key, 3/4", "G", "minor"),
     ("a 4-flat key", "Ab", "major"), ("in one sharp, minor", "E", "minor"), ("three sharps, major", "A", "major"),
     ("a key signature with two sharps", "D", "major"), ("三个降号的小调", "C", "minor")],
)
def test_a_count_of_sharps_or_flats_is_a_key_signature(text: str, key: str, mode: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode) == (key, mode) and result.ignored == []


@pytest.mark.parametrize("text", ["G major, 1 sharp", "E minor, one sharp", "D major in 2 sharps"])
def test_a_key_named_with_its_own_signature_is_said_once(text: str) -> None:
    result = parse_request(text)
    assert sum(line.startswith("key:") for line in result.understood) == 1 and result.ignored == []
    assert not any(line.startswith("note:") for line in result.understood)


def test_a_key_named_with_another_signature_is_kept_and_the_count_answered() -> None:
    result = parse_request("C major with two sharps")
    assert result.params.key == "C" and result.ignored == []
    assert "note: C major does not have two sharps in its key signature; the key named is kept" in result.understood
    assert parse_request("a melody with three sharps").params.key == "A"


def test_sharps_with_a_note_named_are_still_notes_not_a_signature() -> None:
    assert parse_request("C major with lots of F sharps").params.key == "C"


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("音域c1到e2，D大调", "C4", "E5"), ("音域从小字组的a到小字二组的升f", "A3", "F#5"), ("音域e¹到g²", "E4", "G5"),
     ("男低音，音域大字组的G到小字一组的d", "G2", "D4"), ("音域c4到e5", "C4", "E5"),
     ("男低音，音域e2到e4", "E2", "E4")],  # a text that writes e4 writes scientific names throughout
)
def test_chinese_textbook_pitch_names_are_read_in_their_octaves(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []


def test_a_chinese_pitch_name_is_said_back_as_read() -> None:
    result = parse_request("最高别超过小字二组的d，G大调")
    assert result.params.high == "D5" and "把“小字二组的d”理解为“D5”" in result.understood
    # In English a small letter with a number is the scientific name.
    assert parse_request("range c4 to e5").params.low == "C4"


@pytest.mark.parametrize(("text", "rhythm"), [("来一条带小附点的，C大调", "dotted-8th-16th"), ("大附点节奏多一点", "dotted-quarter-8th")])
def test_the_textbook_names_of_dotted_rhythms_are_those_rhythms(text: str, rhythm: str) -> None:
    result = parse_request(text)
    assert result.params.target_rhythms == [rhythm] and result.ignored == []


def test_a_denied_textbook_dotted_rhythm_is_no_dots() -> None:
    result = parse_request("不要小附点")
    assert result.params.dots is False and result.params.target_rhythms == [] and result.ignored == []


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [("给我一个 D major 的视唱，不要 triplets", "triplets", False), ("不要dotted rhythms", "dots", False),
     ("不要 syncopation，G大调", "syncopation", False), ("不要 ties", "ties", False), ("没有 rests", "rests", 0)],
)
def test_a_chinese_denial_before_an_english_name_denies_it(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []


def test_a_chinese_denial_of_english_sixteenths_leaves_them_out() -> None:
    assert "16th" not in parse_request("不要 sixteenth notes").params.durations


@pytest.mark.parametrize("text", ["十一八拍的视唱，C大调", "八分之十一拍", "11/8 drill in C please"])
def test_an_unsupported_meter_said_in_chinese_numbers_is_refused(text: str) -> None:
    with pytest.raises(GenerationError):
        parse_request(text)


@pytest.mark.parametrize(("text", "tempo"), [("每分钟一百二十拍，C大调", 120), ("每分钟八十一拍", 81), ("每分鐘九十六拍，B小調", 96)])
def test_a_tempo_in_chinese_numbers_is_not_a_meter(text: str, tempo: int) -> None:
    result = parse_request(text)
    assert result.params.tempo == tempo and result.params.meter == "4/4"


@pytest.mark.parametrize(
    ("text", "answer"),
    [("Can you add dynamics, like a crescendo into bar 4? C major, 8 bars", "note: a drill is pitches and rhythm"),
     ("staccato please", "note: a drill is pitches and rhythm"),
     ("请加上强弱记号，渐强渐弱都要有，G大调", "注意：练习只写音高和节奏"),
     ("G major with first and second endings", "note: a drill is written out once through"),
     ("要有反复记号和一房二房，D大调", "注意：练习按顺序完整写出一遍"),
     ("email this drill to my whole class", "note: a drill is not sent by email"),
     ("发到班群里", "注意：练习不能通过邮件或消息发送"),
     ("can you show recorder fingerings under the notes? C major", "note: a drill is notes and rhythm")],
)
def test_markings_and_sending_are_answered_plainly(text: str, answer: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and any(line.startswith(answer) for line in result.understood)


def test_a_school_year_ordinal_is_said_not_to_be_a_level() -> None:
    result = parse_request("for my 8th grade choir, B flat, 4/4, 8 measures, nothing crazy")
    assert result.ignored == [] and result.params.level == 2
    assert any(line.startswith("8th grade: a school year, not a level") for line in result.understood)


def test_like_last_time_is_not_respelt_as_a_tempo_word() -> None:
    previous = DrillParams.preset(3, key="G")
    result = parse_request("like last time but harder", previous=previous)
    assert result.params.level == 4 and result.params.tempo < 120 and result.ignored == []
    assert not any("as 'fast'" in line for line in result.understood)


def test_the_same_key_as_last_time_keeps_it_and_says_so() -> None:
    result = parse_request("跟上次一样的调，再难一点", previous=DrillParams.preset(3, key="G"))
    assert result.params.key == "G" and result.params.level == 4 and result.ignored == []
    assert "调：不变（G大调）" in result.understood


@pytest.mark.parametrize("text", ["跳进最多到五度，e小调", "大跳最多五度"])
def test_a_leap_limit_is_not_a_range(text: str) -> None:
    result = parse_request(text)
    assert result.params.max_leap == 7 and result.ignored == []
    assert parse_pitch_midi(result.params.high) - parse_pitch_midi(result.params.low) > 7


def test_traditional_characters_outside_the_table_are_read() -> None:
    result = parse_request("縮短一半", previous=PREVIOUS)
    assert result.params.bars == 4 and result.ignored == []
    # 徵 is kept as written: 徵调式 is a mode, not 征.
    assert parse_request("G徵調式").params.mode == "zhi"


def test_only_a_list_of_note_values_with_notes_after_each_keeps_every_value() -> None:
    result = parse_request("Whole notes and half notes only, F major")
    assert result.params.durations == ["whole", "half"] and result.ignored == []


def test_fixed_do_is_not_also_said_as_movable_do() -> None:
    result = parse_request("固定调唱名，降E大调")
    assert any(line.startswith("固定唱名") for line in result.understood)
    assert not any("首调" in line for line in result.understood)


def parse_pitch_midi(name: str) -> int:
    from music.pitch import parse_pitch

    return parse_pitch(name).midi
