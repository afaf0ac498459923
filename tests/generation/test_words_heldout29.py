"""heldout29 (words27): adults without the terms ("not the sad kind", "what's the easiest thing you have?", "no black
notes"), church musicians (four-part harmony accompaniment, 教會詩班), weak spots and ranges ("my voice cracks above
D5", "comfortable from about B2 up to D4", 高音上不去), voice-typed homophones (降B大吊, 四四排, 音服, 视唱联系), a
metronome set in Taiwanese wording (節拍器設定60), and clashes that must be answered (stepwise with octave leaps, an
octave leap in a fifth's range)."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answered(lines: list[str]) -> bool:
    return any(line.startswith(UNSUPPORTED_PREFIXES) for line in lines)


@pytest.mark.parametrize("text", ["Can I get the happy-sounding kind, not the sad kind? Short and slow",
                                  "不要那种悲伤的调调，要欢快点的，三拍的"])
def test_a_sad_sound_refused_is_a_major_key(text: str) -> None:
    result = parse_request(text)
    assert result.params.mode == "major" and result.ignored == []


def test_a_sad_tune_asked_for_is_still_minor() -> None:
    # Guard: the mood word said plainly keeps its reading.
    assert parse_request("a sad one").params.mode == "minor"


def test_three_beats_said_in_chinese_is_three_four() -> None:
    assert parse_request("要欢快点的，三拍的").params.meter == "3/4"


def test_the_easiest_thing_you_have_is_a_drill_not_a_question() -> None:
    result = parse_request("what's the easiest thing you have? complete newbie here")
    assert result.params.level == 1 and result.ignored == []


def test_no_black_notes_is_the_white_notes() -> None:
    result = parse_request("I don't know what a key is. Just something easy with no black notes")
    p = result.params
    assert (p.key, p.mode, p.accidentals) == ("C", "major", False) and result.ignored == []


@pytest.mark.parametrize(("text", "low", "high"), [
    ("I'm a baritone, comfortable from about B2 up to D4. Something in D major please", "B2", "D4"),
    ("音域只在C4到E4之间，C大调", "C4", "E4"),
])
def test_a_range_with_hedged_ends_is_the_range(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []


def test_where_the_voice_cracks_bounds_the_top() -> None:
    result = parse_request("My voice cracks above D5 so keep everything below that, A major, 8 bars")
    assert result.params.high in ("B4", "C#5") and result.ignored == []
    assert parse_request("my voice cracks above E5").params.high == "D5"  # at most E5: the default top stays


def test_up_to_alone_is_still_the_top_named() -> None:
    # Guard: "up to D5" without a lower end is a top to reach.
    assert parse_request("up to D5, G major").params.high == "D5"


@pytest.mark.parametrize("text", ["my students can't handle leaps yet, G major please", "孩子们还不会跳进，G大调",
                                  "Aiyo the kids cannot do leaps one, give stepwise melody in G lah"])
def test_no_leaps_at_all_is_stepwise(text: str) -> None:
    result = parse_request(text)
    assert result.params.max_leap == 2 and result.ignored == []


def test_big_leaps_found_hard_are_still_no_big_leaps() -> None:
    # Guard: a complaint about the big ones leaves the small leaps in.
    assert parse_request("I can't sing big leaps").params.max_leap == 5


@pytest.mark.parametrize(("text", "tempo"), [("節拍器設定60，降E大調，八小節", 60), ("节拍器定在72，C大调", 72),
                                             ("a mellow, laid-back one in E flat major", 76),
                                             ("idk just gimme a chill one in D minor lol", 76)])
def test_a_metronome_setting_and_relaxed_words_are_the_tempo(text: str, tempo: int) -> None:
    result = parse_request(text)
    assert result.params.tempo == tempo and result.ignored == []


@pytest.mark.parametrize("text", ["教會詩班練習用，F大調，要四部和聲伴奏", "C major with a four-part harmony accompaniment"])
def test_four_part_harmony_accompaniment_is_the_hymn_style(text: str) -> None:
    result = parse_request(text)
    assert result.style == "hymn" and not _answered(result.understood) and result.ignored == []


def test_four_part_singing_is_still_answered_as_one_line() -> None:
    # Guard: four parts to sing (not an accompaniment) is a choir drill the product does not write.
    assert _answered(parse_request("four-part harmony please").understood)


@pytest.mark.parametrize(("text", "key", "mode", "meter"), [
    ("降B大吊，八小结，慢一点", "Bb", "major", "4/4"),
    ("给我一个C大掉的视唱联系，四四排", "C", "major", "4/4"),
    ("e小掉，三四拍，不要十六分音服", "E", "minor", "3/4"),
])
def test_voice_typed_homophones_are_read_as_the_words_meant(text: str, key: str, mode: str, meter: str) -> None:
    result = parse_request(text)
    p = result.params
    assert (p.key, p.mode, p.meter) == (key, mode, meter) and result.ignored == []


@pytest.mark.parametrize("text", ["Stepwise only, but put in some octave jumps too, C major", "要级进的，但是要多一些八度大跳，C大调"])
def test_stepwise_with_a_leap_asked_is_answered_and_keeps_the_leap(text: str) -> None:
    result = parse_request(text)
    p = result.params
    assert p.target_intervals == ["+P8"] and p.max_leap == 12 and _answered(result.understood)


@pytest.mark.parametrize(("text", "low", "high"), [("keep it between C4 and G4 but with an octave leap in it", "C4", "G4"),
                                                   ("音域只在C4到E4之间，但要有五度跳进", "C4", "E4")])
def test_a_leap_wider_than_the_range_named_is_answered_and_left_out(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    p = result.params
    assert (p.low, p.high, p.target_intervals) == (low, high, []) and _answered(result.understood)
    assert p.max_leap <= 7


@pytest.mark.parametrize(("text", "meter"), [("something that sounds like Amazing Grace, G major", "3/4"),
                                             ("像《送别》那样的旋律，F大调", "4/4"),
                                             ("来个茉莉花那种风格的，五声调式", "2/4")])
def test_a_well_known_tunes_meter_is_read(text: str, meter: str) -> None:
    result = parse_request(text)
    assert result.params.meter == meter and _answered(result.understood)


def test_a_meter_named_wins_over_the_tunes() -> None:
    assert parse_request("something like Amazing Grace, 4/4").params.meter == "4/4"


@pytest.mark.parametrize("text", ["从D大调转到A大调的视唱练习", "出一条转调的视唱，从C大调转到G大调"])
def test_a_modulation_from_one_key_to_another_is_answered_whole(text: str) -> None:
    result = parse_request(text)
    assert result.params.mode == "major" and _answered(result.understood) and result.ignored == []


def test_a_key_change_asked_of_the_last_drill_is_no_modulation() -> None:
    # Guard: "转到G大调" with no key before it moves the drill to G.
    result = parse_request("把它转到G大调", previous=DrillParams.preset(3, key="C"))
    assert result.params.key == "G" and not _answered(result.understood)


def test_a_numbered_range_after_yinyu_needs_no_one_equals() -> None:
    result = parse_request("音域在5到5之间，F大调")
    assert (result.params.low, result.params.high) == ("C4", "C5") and result.ignored == []


@pytest.mark.parametrize(("text", "answer"), [("G major, capo 2", "G major as named"), ("capo 2", "name the shapes")])
def test_a_capo_beside_a_key_named_says_the_key_is_kept(text: str, answer: str) -> None:
    result = parse_request(text)
    assert result.params.key in ("G", "C") and any(answer in line for line in result.understood)


@pytest.mark.parametrize("text", [
    "Lesson 4 objectives: 1. Sing stepwise melodies in G major 2. Feel 3/4 time 3. Sight-sing 8 bars at a slow tempo. "
    "Please make the drill for this lesson.",
    "教学目标：1.能用准确的音高演唱C大调旋律 2.掌握四三拍的强弱规律 3.视唱八小节旋律。请根据以上生成练习",
])
def test_a_pasted_lesson_plan_is_read_without_its_numbering(text: str) -> None:
    result = parse_request(text)
    assert (result.params.meter, result.params.bars) == ("3/4", 8) and result.ignored == []


@pytest.mark.parametrize("text", ["我把聲唔夠高，唔好太高音，C大調", "我高音上不去，C大调"])
def test_a_voice_that_does_not_reach_high_lowers_the_top(text: str) -> None:
    result = parse_request(text)
    default = DrillParams.preset(3, key="C")
    assert result.params.high != default.high and result.ignored == []


def test_a_top_named_beside_the_complaint_is_kept() -> None:
    # Guard: "最高只能唱到E5" names the top; the complaint beside it does not lower it again.
    assert parse_request("我高音上不去，最高只能唱到E5，给我一个D大调的").params.high == "E5"
