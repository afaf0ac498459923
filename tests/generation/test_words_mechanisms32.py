"""words32: the reader's mechanisms that blind populations kept failing on, as rules over every phrasing rather than one
sentence each: a time no drill can fill, a question beside a wish (answered, and the wish still made), a refusal's
scope (every way to refuse, every item of a refused list), a dislike read as a refusal, what a skill said to be fine
asks for (nothing), letter sets with any joiner, and numbers read by their unit (beats per bar, bars of rest, a
five-note range, a place in a book or a course)."""

from __future__ import annotations

import pytest

from generation.melody import NoDrillAsked, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES


def _answered(text: str) -> list[str]:
    return [line for line in parse_request(text).understood if line.startswith(UNSUPPORTED_PREFIXES)]


@pytest.mark.parametrize("text", ["热身五分钟左右，C大调", "a warm-up of about five minutes in C", "a 10-minute drill in G"])
def test_a_time_no_drill_fills_is_practice_time_answered(text: str) -> None:
    result = parse_request(text)
    assert result.params.bars == 8 and result.ignored == []
    assert any("64" in line for line in _answered(text))


def test_a_time_a_drill_fills_is_still_its_length() -> None:  # guard
    assert 28 <= parse_request("give me a one-minute exercise in 3/4 at 90 beats per minute").params.bars <= 32


def test_a_drill_asked_beside_a_question_is_made() -> None:
    result = parse_request("what's a hemiola? and give me a drill on it")
    answers = [line for line in result.understood if line.startswith(UNSUPPORTED_PREFIXES)]
    assert any("question" in line for line in answers) and any("default settings" in line for line in answers)
    with pytest.raises(NoDrillAsked):  # a question alone still asks for no drill
        parse_request("what's a hemiola?")


@pytest.mark.parametrize("text", ["这样练正常吗？", "Is it normal to practise this slowly?"])
def test_a_yes_no_question_about_practising_is_a_question(text: str) -> None:
    with pytest.raises(NoDrillAsked):
        parse_request(text)


def test_a_yes_no_question_naming_a_setting_keeps_it() -> None:  # guard
    assert parse_request("is it ok to practise in G major? give me one").params.key == "G"


@pytest.mark.parametrize(("text", "meter", "level"), [("Is 6/8 harder than 3/4? Anyway, give me a 6/8 one in D major", "6/8", 3),
                                                      ("老师，请问八六拍怎么打拍子？顺便出一条八六拍的，G大调", "6/8", 3)])
def test_any_question_beside_a_wish_is_answered_not_read(text: str, meter: str, level: int) -> None:
    result = parse_request(text)
    # "harder" inside the question made the drill a level harder.
    assert result.params.meter == meter and result.params.level == level and result.ignored == []
    assert any("question" in line or "问题" in line for line in _answered(text))


def test_a_question_about_the_product_is_no_question_left_unanswered() -> None:  # guard
    assert parse_request("能导出MIDI吗？来个F大调的8小节").params.output == "midi"


def test_an_unknown_question_says_it_is_not_answered_in_chinese() -> None:
    answers = _answered("价格多少？另外给我来一条G大调的试试")
    assert answers and "不作回答" in answers[0] and parse_request("价格多少？另外给我来一条G大调的试试").params.key == "G"


@pytest.mark.parametrize(("text", "key", "mode"), [("anything except D minor", "C", "major"), ("avoid D minor", "C", "major"),
                                                   ("别给我小调了", "C", "major"), ("不要给我小调", "C", "major")])
def test_every_way_to_refuse_a_key_refuses_it(text: str, key: str, mode: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode) == (key, mode) and result.ignored == []


@pytest.mark.parametrize("text", ["I don't want 4/4 or 3/4", "no 4/4 or 3/4", "不要四四拍或三四拍", "不要四三拍，也不要四四拍"])
def test_a_refusal_reaches_every_meter_of_its_list(text: str) -> None:
    result = parse_request(text)
    assert result.params.meter not in ("4/4", "3/4") and result.ignored == []


@pytest.mark.parametrize(("text", "field"), [("I hate 6/8. give me something in A minor", "meter"),
                                             ("I can't stand syncopation, G major", "syncopation"),
                                             ("我讨厌三连音，C大调", "triplets"), ("孩子不喜欢附点，F大调", "dots"),
                                             ("我不想要三连音，F大调", "triplets")])
def test_a_dislike_is_a_refusal(text: str, field: str) -> None:
    params = parse_request(text).params
    assert (params.meter != "6/8") if field == "meter" else getattr(params, field) is False


def test_double_negatives_stay_a_refusal_refused() -> None:  # guards
    assert parse_request("I'm not saying I don't want leaps, but keep them small, A major").params.max_leap == 5
    assert parse_request("我不是不想要跳进，只是别超过五度，E大调").ignored == []


@pytest.mark.parametrize("text", ["triplets confuse me, something in F", "我不擅长切分，给我一条D大调的",
                                  "dotted rhythms always trip me up, D major"])
def test_a_trouble_told_leaves_no_words_over_and_is_practised(text: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and (result.params.triplets or result.params.syncopation or result.params.dots)


@pytest.mark.parametrize("text", ["my bowing is fine, I need 3/4", "我的音准还行，来一条3/4拍的", "I'm ok with leaps, 3/4"])
def test_a_skill_said_to_be_fine_asks_for_nothing(text: str) -> None:
    result = parse_request(text)
    assert result.params.meter == "3/4" and result.ignored == [] and _answered(text) == []


def test_a_setting_said_to_be_fine_is_still_read() -> None:  # guard
    assert parse_request("4/4 is fine, key of G").params.meter == "4/4"


@pytest.mark.parametrize("text", ["only G and A and B", "only G & A & B", "just B, A and G please", "only B A G"])
def test_a_letter_set_with_any_joiner(text: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == ("G4", "B4") and result.ignored == []


@pytest.mark.parametrize(("text", "meter"), [("3 beats in a bar, F major", "3/4"), ("每小节三拍，F大调", "3/4"),
                                             ("two beats a bar", "2/4")])
def test_beats_per_bar_are_the_meter(text: str, meter: str) -> None:
    result = parse_request(text)
    assert result.params.meter == meter and result.ignored == []


def test_bars_of_rest_are_no_length() -> None:
    assert parse_request("8 bars, 2 bars of silence").params.bars == 8
    assert parse_request("2 bars of rest at the start").params.bars == 8


@pytest.mark.parametrize("text", ["a five-note range", "only a 5 note range please"])
def test_a_range_in_notes_is_its_span(text: str) -> None:
    result = parse_request(text)
    assert (result.params.bars, result.params.low, result.params.high) == (8, "C4", "G4") and result.ignored == []


def test_ish_is_about() -> None:
    assert parse_request("70ish bpm, D major").params.tempo == 70


@pytest.mark.parametrize("text", ["5年级学生，F大调", "第3课，G大调", "第5单元的练习，D大调", "Unit 3 of our book, G major",
                                  "chapter 4 homework, D minor", "track 7 on the CD, in G", "我们班有45人，G大调"])
def test_a_place_in_a_course_or_a_head_count_is_no_setting(text: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and result.params.bars == 8 and result.params.level == 3


def test_a_bars_place_is_no_count() -> None:
    assert parse_request("第3小节要有附点，C大调").params.bars == 8


def test_easy_for_me_is_no_wish_for_an_easy_drill() -> None:
    params = parse_request("high notes are easy for me, E major").params
    assert params.level == 3 and params.dots is True
    assert parse_request("something easy for me in E major").params.level < 3  # guard: an easy drill asked


@pytest.mark.parametrize(("text", "meter", "key", "mode"), [("不是四四拍，是四三拍", "3/4", "C", "major"),
                                                            ("不是G大调，而是D大调", "4/4", "D", "major")])
def test_not_this_but_that_in_chinese(text: str, meter: str, key: str, mode: str) -> None:
    result = parse_request(text)
    assert (result.params.meter, result.params.key, result.params.mode) == (meter, key, mode) and result.ignored == []


@pytest.mark.parametrize(("text", "tempo_max"), [("nothing fast, C major", 100), ("a warm up, nothing quick", 100)])
def test_nothing_before_a_quality_denies_it(text: str, tempo_max: int) -> None:
    result = parse_request(text)
    assert result.params.tempo <= tempo_max and result.ignored == []
    assert parse_request("nothing slow please").params.tempo > 88  # the other side


@pytest.mark.parametrize(("text", "clef"), [("no bass clef", "treble"), ("I don't need anything in bass clef, treble is fine", "treble"),
                                            ("不要低音谱号，G大调", "treble"), ("not in treble clef, G major", "bass")])
def test_a_clef_refused(text: str, clef: str) -> None:
    result = parse_request(text)
    assert result.params.clef == clef and result.ignored == []


@pytest.mark.parametrize("text", ["dont make it in 6/8 again", "don't write it in 6/8", "please don't give me 6/8"])
def test_dont_make_it_in_refuses(text: str) -> None:
    assert parse_request(text).params.meter != "6/8"


@pytest.mark.parametrize("text", ["start me from scratch", "from zero please, G major", "I never learnt to read music"])
def test_where_a_learner_starts_is_a_level(text: str) -> None:
    assert parse_request(text).params.level == 1


@pytest.mark.parametrize(("text", "field"), [("不需要附点，F大调", "dots"), ("不需要三连音", "triplets"), ("用不着切分", "syncopation")])
def test_no_need_for_a_thing_refuses_it(text: str, field: str) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) is False and result.ignored == []


def test_any_sending_is_answered() -> None:
    for text in ("could you email the drill to me", "text it to my son please", "send this via WeChat"):
        assert any("not sent" in line for line in _answered(text))


def test_a_bar_bound_said_after_the_count() -> None:
    result = parse_request("not too long, 8 bars max, I'm a tenor")
    assert result.params.bars == 8 and result.ignored == []


def test_letters_parted_by_spaces_then_and() -> None:
    params = parse_request("only C D E and G please").params
    assert (params.low, params.high) == ("C4", "G4")
