"""heldout33 (words31): a mode refused by "don't give me anything minor", a chart said by its degrees' numbers (二五一,
"a 2-5-1"), "a long break" that is no long drill, a bound said as 中央C以下别写 or "struggles below middle C", low notes
that are hard, a choir named beside one section (no parts answer), a score to convert, a file to email, playing live,
and who asks (ages, head counts, practice time, 下个月) that is no setting."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES
from music.chord import parse_progression
from music.key import make_key
from music.pitch import parse_pitch


def _answered(text: str) -> list[str]:
    return [line for line in parse_request(text).understood if line.startswith(UNSUPPORTED_PREFIXES)]


@pytest.mark.parametrize(("text", "mode"), [
    ("don't give me anything minor, 3/4", "major"),
    ("I don't want something major please, 6/8", "minor"),
    ("nothing minor, D, 8 bars", "major"),
])
def test_a_mode_denied_is_the_other_mode(text: str, mode: str) -> None:
    result = parse_request(text)
    assert result.params.mode == mode and result.ignored == []


def test_a_key_denied_with_dont_want_is_not_the_key() -> None:
    result = parse_request("I don't want A minor, 3/4")
    assert (result.params.key, result.params.mode) != ("A", "minor") and result.ignored == []


@pytest.mark.parametrize(("text", "chart"), [
    ("F大调，二五一，摇摆节奏的伴奏", "ii V I"),
    ("和弦进行一六四五，G大调", "I vi IV V"),
    ("a 2-5-1 in Eb please", "ii V I"),
    ("chords 1-4-5-1, D major", "I IV V I"),
    ("a小调，二五一", "ii° V i"),
])
def test_a_chart_said_by_degree_numbers(text: str, chart: str) -> None:
    result = parse_request(text)
    assert result.params.progression == chart and result.ignored == []


def test_numbers_alone_are_no_chart() -> None:
    # Guards: counting, a meter in numerals and 简谱-like digits stay what they were.
    assert parse_request("一二三四五六七").params.progression == ""
    assert parse_request("来个三四拍的").params.meter == "3/4"
    assert parse_request("1-4-5 in C").params.progression == ""


def test_a_swing_accompaniment_said_with_jiezou() -> None:
    result = parse_request("想练爵士，摇摆节奏的伴奏，C大调")
    assert result.style == "swing" and result.ignored == []


@pytest.mark.parametrize("text", ["Coming back to piano after a long break, C major",
                                  "after a long day at work, something in G"])
def test_a_long_while_is_no_long_drill(text: str) -> None:
    result = parse_request(text)
    assert result.params.bars == 8 and result.ignored == []
    assert parse_request("a long one in G").params.bars == 16  # guard: a long drill asked


@pytest.mark.parametrize(("text", "low", "high"), [
    ("My range these days is about B2 to D4, F major", "B2", "D4"),
    ("音域现在大概是从G3到C5，C大调", "G3", "C5"),
])
def test_a_range_with_a_time_and_a_hedge(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []


@pytest.mark.parametrize(("text", "end", "pitch"), [
    ("中央C以下别写，G大调", "low", "C4"),
    ("A3以下不要写，C大调", "low", "A3"),
    ("E5以上别写，C大调", "high", "E5"),
    ("an alto who struggles below A3, F major", "low", "A3"),
    ("a tenor who strains above G4, D major", "high", "G4"),
])
def test_a_side_of_a_pitch_said_out_of_bounds(text: str, end: str, pitch: str) -> None:
    result = parse_request(text)
    value = parse_pitch(result.params.low if end == "low" else result.params.high).midi
    limit = parse_pitch(pitch).midi
    assert (value >= limit if end == "low" else value <= limit) and result.ignored == []


@pytest.mark.parametrize("text", ["低音我总是唱不出来，F大调", "low notes are hard for me, F major", "一到低音就唱不出来，F大调"])
def test_low_notes_hard_raise_the_bottom(text: str) -> None:
    result = parse_request(text)
    default = DrillParams.preset(3, key="F", mode="major")
    assert parse_pitch(result.params.low).midi > parse_pitch(default.low).midi and result.ignored == []


def test_high_notes_sung_flat_are_practised_as_in_english() -> None:
    zh = parse_request("我唱高音总是偏低，来一个D大调的")
    en = parse_request("I always go flat on high notes, D major")
    assert (zh.params.low, zh.params.high) == (en.params.low, en.params.high) and zh.ignored == []
    # Guard: 唱不准 alone keeps the readings it had (a leap hard to sing is no big leaps).
    assert parse_request("学生们大跳唱不准，C大调").params.max_leap <= 5


@pytest.mark.parametrize("text", ["a warm-up in G for the tenors of our choir", "合唱团男高音声部的练习，D大调"])
def test_one_section_of_a_choir_gets_no_parts_answer(text: str) -> None:
    result = parse_request(text)
    assert result.params.voice == "tenor" and result.ignored == [] and _answered(text) == []


def test_two_sections_of_a_choir_are_still_answered() -> None:
    assert _answered("for my choir, sopranos and altos, G major")


@pytest.mark.parametrize(("text", "words"), [
    ("把这首歌的简谱转成五线谱", "不转换"),
    ("convert my sheet music to jianpu please", "not converted"),
    ("email the score to my students", "not sent"),
    ("could you send me the PDF", "not sent"),
    ("jam with me over some chords", "live"),
    ("can you record me and tell me if I'm in tune", "graded"),
])
def test_wishes_a_drill_cannot_meet_are_answered(text: str, words: str) -> None:
    try:
        result = parse_request(text)
    except Exception as exc:  # a wish with no drill asked is answered without one
        assert words in str(exc)
        return
    assert any(words in line for line in _answered(text)) and result.ignored == []


@pytest.mark.parametrize("text", ["im 12 and i play the flute, G major",
                                  "I'm eleven, D major please",
                                  "24 singers aged 9 to 11, a unison line in F",
                                  "I practise 15 minutes a day, 4 days a week. C major",
                                  "我五十多岁了，现在想学视唱，C大调",
                                  "我们团有25个人，下个月演出，G大调",
                                  "每天练20分钟，一周三次，F大调",
                                  "jazz student here, learning jazz piano, Bb major",
                                  "a lyric tenor, D major"])
def test_who_asks_is_no_setting(text: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and result.params.bars == 8


def test_a_tune_named_ends_before_the_words_after_it() -> None:
    said = " ".join(parse_request("something like Amazing Grace but in D major").understood)
    assert "(Amazing Grace)" in said and "Grace but" not in said


@pytest.mark.parametrize(("text", "tune"), [
    ("the piece I'm learning is Canon in D, something similar", "Canon in D"),
    ("像《卡农》那样的，D大调", "卡农"),
    ("Twinkle Twinkle Little Star for my 4 year old, C major", "Twinkle Twinkle Little Star"),
    ("the opening of Für Elise but easier", "Für Elise"),
])
def test_a_known_piece_named_without_like_is_answered(text: str, tune: str) -> None:
    result = parse_request(text)
    assert any(f"({tune})" in line or f"“{tune}”" in line for line in _answered(text)) and result.ignored == []
    # "Canon in D" names the piece: no parts answer, no key read from its name.
    assert not any("SATB" in line or "合唱" in line for line in _answered(text))


def test_a_canon_asked_for_is_still_answered_as_parts() -> None:
    assert any("one melodic line" in line for line in _answered("a canon in D major for two voices"))


def test_a_tune_in_a_wish_answered_otherwise_is_not_read_as_a_style() -> None:
    # Guards: its words sung, hearing it sung and its arrangement keep their own answers.
    assert parse_request("a melody I can sing with the words of happy birthday").params.meter == "4/4"
    assert not parse_request("把《茉莉花》改编成四声部合唱").ignored


@pytest.mark.parametrize("text", ["can you compose a symphony for me", "write a song for my wedding, G major", "帮我写一首生日的歌"])
def test_a_whole_piece_is_answered(text: str) -> None:
    try:
        result = parse_request(text)
    except Exception as exc:
        assert "64" in str(exc)
        return
    assert any("64" in line for line in _answered(text)) and result.ignored == []


def test_a_staff_the_student_cannot_read_is_answered_with_jianpu() -> None:
    text = "我想练视唱，但是不会看五线谱，C大调"
    assert any("简谱" in line for line in _answered(text)) and parse_request(text).ignored == []


@pytest.mark.parametrize(("text", "bars"), [("不要超过八小节，C大调", 8), ("别超过十二小节", 12)])
def test_a_bar_count_not_to_exceed(text: str, bars: int) -> None:
    result = parse_request(text)
    assert result.params.bars == bars and result.ignored == []


@pytest.mark.parametrize("text", ["my exam is in 3 weeks, G major", "a lesson at 4 tomorrow, D major",
                                  "还有三周就考试了，G大调", "两周后考试，C大调", "6/8拍我一直数不清，C大调"])
def test_how_far_off_is_no_setting(text: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and result.params.tempo == DrillParams.preset(3).tempo and result.params.bars == 8


def test_sharps_of_a_trouble_told_are_the_keys_signature() -> None:
    result = parse_request("my sight reading falls apart when there are lots of sharps - something in A major?")
    assert (result.params.key, result.params.accidentals) == ("A", False) and result.ignored == []
    assert parse_request("a melody with lots of sharps").params.accidentals is True  # guard: accidentals asked


def test_accidentals_denied_with_chuxian() -> None:
    result = parse_request("不要出现升降记号，G大调")
    assert result.params.accidentals is False and result.ignored == []


@pytest.mark.parametrize(("text", "high_max"), [("avoid anything higher than a D, C major", "D5"),
                                                ("no notes above a C please, F major", "C5")])
def test_a_capital_letter_alone_bounds_the_top(text: str, high_max: str) -> None:
    result = parse_request(text)
    assert parse_pitch(result.params.high).midi <= parse_pitch(high_max).midi and result.ignored == []


def test_a_childs_age_said_plainly() -> None:
    for text in ("my students are 7, C major", "im 9 and i like singing, G major"):
        assert parse_request(text).ignored == []
    # Guard: a height is no age.
    assert parse_request("I'm 5'3, C major").ignored == ["5'3"]


def test_three_letters_parted_by_spaces_are_a_letter_set() -> None:
    result = parse_request("recorder beginner, only B A G please")
    assert (result.params.low, result.params.high) == ("G4", "B4") and result.ignored == []


def test_full_of_rests_is_lots_of_rests() -> None:
    result = parse_request("I get lost counting rests, give me a drill full of rests in 3/4")
    assert result.params.rests == 2 and result.ignored == []


def test_a_degree_range_after_yinyu_shi() -> None:
    result = parse_request("我的音域是低音sol到高音do，C大调")
    assert (result.params.low, result.params.high) == ("G3", "C5") and result.ignored == []


@pytest.mark.parametrize(("text", "chart"), [
    # A chart said by its degrees is the mode's own triads: dorian's IV is major and its v minor (i iv V gave
    # dorian's iv a B-flat under a tune singing B in D dorian), yu's chords are minor (a yu tune was read with
    # major triads, A major's C-sharp under its C), mixolydian's v is minor, phrygian's II is a semitone up.
    ("D dorian, chords 1-4-5-1", "i IV v i"),
    ("A yu pentatonic, chords 1-4-5", "i iv v"),
    ("G mixolydian, chords 1-4-5-1", "I IV v I"),
    ("E phrygian chords 1-2-1", "i bII i"),
])
def test_a_degree_chart_takes_the_modes_own_chords(text, chart):
    params = parse_request(text).params
    assert params.progression == chart
    key = make_key(params.key, params.mode)
    for chord in parse_progression(chart, key):
        assert set(chord.pcs) <= set(key.host.pcs)
