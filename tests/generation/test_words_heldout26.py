"""heldout26 (words24): a key, meter or bar count taken back for another ("G major - no wait, make it E minor"), jazz and
pop words (chord symbols as a chart, "medium swing", "swung quavers" beside "jazzy", a pop ballad feel, 摇摆八分音符),
a guitarist's capo and fingering, a value denied after it is named ("semiquavers not allowed"), a set of note letters
as the range ("using just B, A and G"), a beginner said as "just started piano", typos one slip from two words
("minir"), and the words of homeschooling parents and music therapists."""

from __future__ import annotations

import pytest

from generation.melody import parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize(("text", "key", "mode", "meter", "bars"), [
    ("G major - no wait, make it E minor - 12 bars", "E", "minor", "4/4", 12),
    ("Can you write 8 bars in 3/4, actually sorry, 6/8, in F major", "F", "major", "6/8", 8),
    ("A major, 4 bars... hmm, on second thought make it 8, and put it in 2/4 instead of 4/4", "A", "major", "2/4", 8),
    ("E flat major 4/4 8 bars, wait, let's do Bb instead, same everything else", "Bb", "major", "4/4", 8),
    ("D minor, 3/4, wait, G instead", "G", "minor", "3/4", 8),
])
def test_a_key_or_meter_taken_back_gives_way_to_the_new_one(text: str, key: str, mode: str, meter: str, bars: int) -> None:
    result = parse_request(text)
    p = result.params
    assert (p.key, p.mode, p.meter, p.bars) == (key, mode, meter, bars)
    assert result.ignored == []


def test_a_key_named_twice_without_taking_it_back_is_kept() -> None:
    # Guard: "A tune in C" names no key to take back; "actually" alone before a later word changes nothing.
    result = parse_request("A tune in C major, actually, 8 bars")
    assert (result.params.key, result.params.bars) == ("C", 8)


@pytest.mark.parametrize(("text", "chart"), [
    ("Give me a melody over Dm7 G7 Cmaj7, 4 bars, swing eighths", "Dm7 G7 Cmaj7"),
    ("F#m7b5 - B7 - Em, can you write a line in E minor over that?", "F#m7b5 B7 Em"),
    ("给吉他弹唱写一段旋律，和弦是Am F C G，a小调", "Am F C G"),
])
def test_chord_symbols_are_a_chart_and_not_a_key(text: str, chart: str) -> None:
    result = parse_request(text)
    assert result.params.progression == chart and result.ignored == []


def test_chord_symbols_leave_the_key_to_the_words() -> None:
    # "Cmaj7" is no C major key, "Em" in a chart no E minor: the key named in words stands.
    result = parse_request("Cmaj7 Am7 Dm7 G7 in F major, one chord per bar")
    assert (result.params.key, result.params.mode) == ("F", "major") and result.ignored == []


def test_a_note_list_is_still_notes_to_practise() -> None:
    # Guard: capitals with commas and "and" and no "only"/"just" stay target notes, not a chart or a span.
    result = parse_request("F#, C# and G#")
    assert result.params.target_notes == ["F#", "C#", "G#"] and result.params.progression == ""


@pytest.mark.parametrize("text", ["ii-V-I in Bb, 8 bars, medium swing", "摇摆八分音符，C大调，四四拍",
                                  "something jazzy in Eb with swung quavers"])
def test_swing_named_with_its_tempo_or_its_eighths(text: str) -> None:
    result = parse_request(text)
    assert result.style == "swing" and result.ignored == []


def test_a_pop_ballad_feel_is_a_ballad_accompaniment() -> None:
    result = parse_request("pop ballad feel, A flat major, 16 bars, slow")
    assert result.style == "ballad" and result.params.key == "Ab" and result.ignored == []


def test_a_waltz_style_in_chinese_keeps_its_meter() -> None:
    # Guard: 进行曲风格 stays a march meter (2/4), not an accompaniment that drops it.
    result = parse_request("进行曲风格，C大调，八小节")
    assert result.params.meter == "2/4"


@pytest.mark.parametrize(("text", "field"), [("G major, semiquavers not allowed", "durations"),
                                             ("F major, triplets are not allowed", "triplets")])
def test_a_value_denied_after_its_name(text: str, field: str) -> None:
    result = parse_request(text)
    if field == "durations":
        assert "16th" not in result.params.durations
    else:
        assert result.params.triplets is False
    assert result.ignored == []


@pytest.mark.parametrize("text", ["Hey mate, chuck us one in B minor, nothing too tricky",
                                  "F major for my flute student, so nothing too wild"])
def test_nothing_too_tricky_is_an_easy_level(text: str) -> None:
    result = parse_request(text)
    assert result.params.level <= 2 and result.ignored == []


def test_just_started_piano_is_a_beginner() -> None:
    result = parse_request("My son is 6 and just started piano. Can you make something only using middle C to G?")
    p = result.params
    assert p.level <= 2 and (p.low, p.high) == ("C4", "G4") and result.ignored == []


def test_a_set_of_note_letters_is_the_tightest_span() -> None:
    result = parse_request("I homeschool my two kids (7 and 9) and we're doing recorder - something in G using just B, A and G")
    assert (result.params.key, result.params.low, result.params.high) == ("G", "G4", "B4")


@pytest.mark.parametrize(("text", "key", "mode"), [("capo 2, open chords only (G C D shapes) - give me a melody", "A", "major"),
                                                   ("capo 3 with Em shapes, 8 bars", "G", "minor")])
def test_a_capo_with_its_shapes_is_the_key_that_sounds(text: str, key: str, mode: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode) == (key, mode) and result.ignored == []


@pytest.mark.parametrize("text", ["吉他夹二品，开放和弦，写个简单旋律", "fingerstyle guitar tune in D, drop D tuning, 4/4",
                                  "流行歌，E大调，十六小节，不要十六分音符"])
def test_capo_fingering_tuning_and_pop_are_answered(text: str) -> None:
    result = parse_request(text)
    assert _answered(result.understood) and result.ignored == []


def test_first_position_on_a_violin_is_still_a_range() -> None:
    # Guard: "first position" is read as the instrument's range, not answered as guitar fingering.
    result = parse_request("violin, stay in first position please, D major 3/4")
    assert any(line.startswith("first position") for line in result.understood) and not _answered(result.understood)


@pytest.mark.parametrize(("text", "mode"), [("sight reeding practise in G minir please", "minor"),
                                            ("C majer, 3/4 tine, 8 bara", "major")])
def test_typos_one_slip_from_two_words_take_the_one_with_the_same_ends(text: str, mode: str) -> None:
    result = parse_request(text)
    assert result.params.mode == mode and result.ignored == []


def test_slow_ish_with_a_number_is_that_tempo() -> None:
    result = parse_request("D minor, 16 bars, slow-ish (around 70), no triplets")
    assert result.params.tempo == 70 and result.ignored == []


@pytest.mark.parametrize("text", [
    "music therapy session with an older adult with dementia: a slow, simple tune in F, no big leaps",
    "calming melody for a client with anxiety, 3/4, slow, D major, with a gentle arpeggio accompaniment",
    "Kindly generate one sight-singing exercise in D major of 8 bars, 2/4 time signature",
    "我是音乐治疗师，给老年人写一段很慢的五声音阶旋律，D宫",
    "a tune in D with some quaver rests, 2/4",
])
def test_who_the_drill_is_for_is_not_left_over(text: str) -> None:
    assert parse_request(text).ignored == []
