"""heldout19 (words17): a range's limit on the key's next note, 简谱 digits as a range once 1=X is said, neighbouring
degrees as a range, young children's range, "grade 8" without a board, plural voices, 谱表 clefs, clapping, a key
asked for by letter, written / sounding keys and transposed parts, and chat refinements that say the amount."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import CHILD_RANGE, UNSUPPORTED_PREFIXES, NoDrillAsked
from music.pitch import parse_pitch


def _midi(name: str) -> int:
    return parse_pitch(name).midi


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize(("text", "low", "high"), [("C major, 8 bars, stay above C4", "D4", None),
                                                   ("keep it below E5 and above C4, C major, 3/4", "D4", "D5"),
                                                   ("Bb major, keep it under C5", None, "Bb4")])
def test_a_limit_steps_to_the_keys_next_note(text: str, low: str | None, high: str | None) -> None:
    params = parse_request(text).params
    assert low is None or params.low == low
    assert high is None or params.high == high


def test_a_pitch_too_high_cuts_the_range_on_the_key() -> None:
    # G major has no D#5: the note below E5 in the key is D5.
    assert parse_request("E5太高了，我唱不上去", previous=DrillParams.preset(3, key="G")).params.high == "D5"


@pytest.mark.parametrize(("text", "low", "high"), [("1=G, 4/4, from low 5 up to high 1", "D4", "G5"),
                                                   ("1=F，只唱1到5这五个音", "F4", "C5"),
                                                   ("1=G 2/4，从低音5唱到高音1", "D4", "G5"),
                                                   ("1=C，只用12345", "C4", "G4"),
                                                   ("only do re mi fa sol, G major", "G4", "D5")])
def test_numbered_degrees_are_a_range(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high)
    assert result.ignored == [] and not _answered(result.understood)


def test_digits_that_count_bars_are_not_degrees() -> None:
    params = parse_request("1=C, 1 to 5 bars").params
    assert (params.low, params.high) == ("C4", "D5")


def test_a_limit_said_as_a_degree_bounds_the_range() -> None:
    result = parse_request("首调，1=A，别低于低音6")
    assert result.params.low == "F#4" and _midi(result.params.high) - _midi("F#4") >= 9 and result.ignored == []
    assert parse_request("1=D，高音不超过高音2").params.high == "E5"


def test_notes_not_neighbours_are_still_answered() -> None:
    result = parse_request("只用do re mi sol，C大调")
    assert _answered(result.understood) and result.params.mode == "gong"


@pytest.mark.parametrize("text", ["a song for the kids in my class, F major", "my son is 7, G major",
                                  "a sad little tune in d minor, 3/4, slow, for the kids in my class",
                                  "给7岁小朋友唱的，A大调", "E major for little kids"])
def test_young_children_sing_within_the_childrens_range(text: str) -> None:
    result = parse_request(text)
    assert _midi(CHILD_RANGE[0]) <= _midi(result.params.low) and _midi(result.params.high) <= _midi(CHILD_RANGE[1])
    assert result.ignored == []


def test_young_children_keep_a_narrower_range_and_a_span() -> None:
    assert parse_request("给10岁小孩的C大调练习，简单").params.high == "C5"
    assert parse_request("only within a fifth, for little kids, C major").params.high == "G4"


def test_an_instrument_range_wins_over_a_childs_age() -> None:
    assert parse_request("四十岁开始学二胡，D调，最简单的，八小节").params.low == "D4"
    assert parse_request("给7岁小朋友的二胡练习，D调").params.low == "D4"


@pytest.mark.parametrize(("text", "level"), [("grade 8 sight singing, B flat major, 3/4", 6), ("grade 7 in G", 5)])
def test_a_grade_past_the_levels_is_a_graded_exams_grade(text: str, level: int) -> None:
    result = parse_request(text)
    assert result.params.level == level and not _answered(result.understood)


def test_a_school_year_and_a_level_past_six_are_still_said_so() -> None:
    assert _answered(parse_request("level 8 please").understood)
    assert parse_request("my grade 7 choir, C major").params.level == 3


@pytest.mark.parametrize(("text", "voice"), [("my basses need work on their low notes, G major", "bass"),
                                             ("warm-up for my sopranos before rehearsal: F major", "soprano")])
def test_a_section_named_in_the_plural_is_its_voice(text: str, voice: str) -> None:
    result = parse_request(text)
    assert result.params.voice == voice and result.ignored == []


@pytest.mark.parametrize(("text", "clef"), [("考研视唱，高音谱表，e小调", "treble"), ("低音谱表的视唱，D大调，十二小节", "bass")])
def test_a_staff_names_its_clef(text: str, clef: str) -> None:
    result = parse_request(text)
    assert result.params.clef == clef and result.ignored == []


def test_a_clef_named_in_english_is_said_back_by_its_sign() -> None:
    assert "谱号：低音谱号" in parse_request("D大调，bass clef，八小节").understood


@pytest.mark.parametrize("text", ["something for a seven year old to clap along to, 2/4", "给7岁小朋友的拍手节奏，四二拍"])
def test_clapping_asks_for_a_rhythm_drill(text: str) -> None:
    assert parse_request(text).params.kind == "rhythm"


@pytest.mark.parametrize(("text", "key"), [("different key please, maybe D this time", "D"), ("another key, say Bb", "Bb"),
                                           ("换个调，降一个大二度", "C")])
def test_a_key_asked_for_in_a_refinement(text: str, key: str) -> None:
    result = parse_request(text, previous=DrillParams.preset(3, key="D" if "降" in text else "C"))
    assert result.params.key == key and result.ignored == []


@pytest.mark.parametrize("text", ["my Bb clarinets need a sight-reading line, written in D major, 8 bars",
                                  "F horn, sounding key E flat major, 8 bars", "alto sax student, write it in concert pitch, C major",
                                  "给降B调单簧管写视奏，记谱F大调，八小节", "小号声部练习，降B大调（实际音高），中速"])
def test_written_and_sounding_keys_are_the_key_named(text: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and not _answered(result.understood)


@pytest.mark.parametrize("text", ["trumpet section: concert B flat, but give me the part as the trumpets read it",
                                  "圆号是F调乐器，实际音高降E大调，帮我写成圆号的记谱"])
def test_transposed_parts_are_answered(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == []


def test_what_key_an_instrument_reads_in_is_a_question() -> None:
    with pytest.raises(NoDrillAsked, match="is a question"):
        parse_request("what key does my F horn read in if the band is in concert E flat?")


@pytest.mark.parametrize("text", ["can you voice the chords as shell voicings, just 3rds and 7ths?",
                                  "trade fours with me live on the keyboard", "write out a four-part SATB arrangement of Amazing Grace",
                                  "listen to my choir and tell me who is flat", "能不能用我的声音唱出来", "帮我生成一整首流行歌，带鼓和贝斯"])
def test_wishes_that_are_not_drills_are_answered(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == []


def test_an_arrangement_of_a_melody_is_still_a_drill() -> None:
    result = parse_request("SSA arrangement of a simple melody in F")
    assert result.params.key == "F" and result.params.level == 2


def test_halving_is_the_amount_shorter() -> None:
    assert parse_request("太长了，砍一半", previous=DrillParams.preset(4, key="F")).params.bars == 4


@pytest.mark.parametrize(("text", "leap"), [("考研视唱，e小调，要有大跳", 7), ("level 1, 要有大跳", 7)])
def test_big_leaps_allow_a_fifth(text: str, leap: int) -> None:
    result = parse_request(text)
    assert result.params.max_leap >= leap and result.ignored == []


def test_a_leap_word_after_an_interval_is_that_interval() -> None:
    result = parse_request("I want minor 7th leaps in the melody, level 4, F major")
    assert "+m7" in result.params.target_intervals and result.ignored == []
