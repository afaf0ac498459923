"""words33: the mechanisms behind heldout36's misreads and words32's leftovers, as rules over phrasings: a correction's
scope ("not 8 bars, 12"), an octave and a half, a trouble that aims the drill (a rhythm drill), follow-ups with no drill
before them, "teach me a song" as a request, a bound said with a no ("nothing over 100 bpm"), plural refusals ("no
minor keys"), "a flat key" (not A flat) and answers in the request's script."""

from __future__ import annotations

import pytest

from generation.melody import DrillParams, parse_request
from generation.melody.request import UNSUPPORTED_PREFIXES
from music.pitch import parse_pitch


def _answers(text: str, previous: DrillParams | None = None) -> list[str]:
    return [line for line in parse_request(text, previous=previous).understood if line.startswith(UNSUPPORTED_PREFIXES)]


@pytest.mark.parametrize(("text", "bars"), [
    ("not 8 bars, 12", 12), ("8 bars in A major... no wait, not 8 bars, 16", 16), ("not 8 bars but 4, in D", 4),
    ("不是八小节，是十二小节", 12), ("不要八小节，要四小节", 4), ("G大调，不是16小节，是8", 8),
])
def test_a_value_said_not_to_be_wanted_is_replaced_by_the_one_after_it(text: str, bars: int) -> None:
    result = parse_request(text)
    assert result.params.bars == bars
    assert result.ignored == []


@pytest.mark.parametrize(("text", "key"), [
    ("In G please. actually no, make it F", "F"), ("In D. Actually, sorry, make it E", "E"),
])
def test_a_key_taken_back_after_a_capital_in_is_replaced(text: str, key: str) -> None:
    result = parse_request(text)
    assert result.params.key == key and result.ignored == []


def test_a_number_after_not_that_names_no_unit_of_its_own_is_not_a_correction() -> None:  # guard
    assert parse_request("not 8 bars, 3/4").params.bars == 8


@pytest.mark.parametrize(("text", "low", "high"), [
    ("my range is about an octave and a half up from G3", "G3", "D5"),
    ("我的音域大概一个半八度，从A3开始", "A3", "E5"),
    ("an octave and a half, starting on C4", "C4", "G5"),
])
def test_an_octave_and_a_half_from_a_note_is_the_range(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high)
    assert result.ignored == []


@pytest.mark.parametrize("text", ["一个半八度", "one and a half octaves", "1.5 octaves"])
def test_an_octave_and_a_half_is_an_octave_and_a_fifth_wide(text: str) -> None:
    params = parse_request(text).params
    assert parse_pitch(params.high).midi - parse_pitch(params.low).midi == 19


def test_one_octave_in_chinese_is_still_a_ceiling_not_an_exact_span() -> None:  # guard
    result = parse_request("音域不超过一个八度，G大调")
    assert result.ignored == [] and parse_pitch(result.params.high).midi - parse_pitch(result.params.low).midi <= 12


@pytest.mark.parametrize("text", [
    "I need help with rhythm, 4/4", "I can't keep a steady beat", "my timing is terrible", "我节奏不好，给我练练",
    "孩子节奏感很差", "我老是跟不上拍子", "I want rhythm patterns with sixteenths",
])
def test_a_trouble_with_rhythm_asks_for_a_rhythm_drill(text: str) -> None:
    result = parse_request(text)
    assert result.params.kind == "rhythm"
    assert result.ignored == []


@pytest.mark.parametrize("text", ["I need help with rhythm in a G major melody", "我节奏不好，来一条C大调的视唱"])
def test_a_trouble_with_rhythm_beside_a_melody_keeps_the_melody(text: str) -> None:
    result = parse_request(text)
    assert result.params.kind == "melody" and result.ignored == []


def test_an_english_word_among_chinese_verbs_asks_for_its_drill() -> None:
    result = parse_request("我想练 interval，主要是 minor third")
    assert result.params.kind == "interval" and "+m3" in result.params.target_intervals


@pytest.mark.parametrize("text", ["harder", "same but slower", "再来一个", "再來一個", "make it shorter", "难一点"])
def test_a_follow_up_with_no_drill_before_it_is_answered(text: str) -> None:
    answers = _answers(text)
    assert len(answers) == 1
    assert ("earlier drill" in answers[0]) if text.isascii() else ("上一條練習" in answers[0] or "上一条练习" in answers[0])


def test_a_follow_up_in_traditional_is_answered_in_traditional() -> None:
    (answer,) = _answers("再來一個")
    assert "這些話" in answer and "这" not in answer


@pytest.mark.parametrize("text", ["harder", "same but slower", "再来一个"])
def test_a_follow_up_with_a_drill_before_it_changes_that_drill(text: str) -> None:
    previous = DrillParams.preset(3, key="D")
    result = parse_request(text, previous=previous)
    assert _answers(text, previous) == [] and result.params.key == "D"


@pytest.mark.parametrize("text", ["来个简单点的", "a simpler one in G", "I always go flat on high notes"])
def test_a_wish_for_a_new_drill_of_a_kind_is_no_follow_up(text: str) -> None:  # guard
    assert _answers(text) == []


@pytest.mark.parametrize(("text", "key"), [("can you teach me a song in C?", "C"), ("teach me a simple tune in G", "G"),
                                           ("教我唱一首歌吧，C大调", "C")])
def test_teach_me_a_song_asks_for_a_melody(text: str, key: str) -> None:
    result = parse_request(text)
    assert result.params.key == key and result.ignored == [] and _answers(text) == []


@pytest.mark.parametrize(("text", "most", "least"), [
    ("nothing over 100 bpm", 100, None), ("not above 90 bpm", 90, None), ("not under 80 bpm", None, 80),
    ("over 100 bpm", None, 101),
])
def test_a_tempo_bound_said_with_a_no_includes_its_number(text: str, most: int | None, least: int | None) -> None:
    tempo = parse_request(text).params.tempo
    assert (most is None or tempo <= most) and (least is None or tempo >= least)
    if most is not None:
        assert "at most " + str(most) in " ".join(parse_request(text).understood)


@pytest.mark.parametrize("text", ["no minor keys, 3/4", "not in minor keys", "no minor modes please"])
def test_a_mode_refused_in_the_plural_leaves_nothing_over(text: str) -> None:
    result = parse_request(text)
    assert result.params.mode == "major" and result.ignored == []


@pytest.mark.parametrize(("text", "key"), [
    ("anything in a flat key scares me, so start me in E flat major", "Eb"), ("something in a flat key please", "F"),
    ("a sharp key please", "G"), ("A flat major, 8 bars", "Ab"),
])
def test_a_flat_key_with_its_article_is_a_key_with_flats(text: str, key: str) -> None:
    assert parse_request(text).params.key == key


def test_a_slower_tempo_in_cantonese_reads_its_number() -> None:
    result = parse_request("可唔可以慢啲，大概六十拍", previous=DrillParams.preset(3))
    assert result.params.tempo == 60 and result.ignored == []


@pytest.mark.parametrize("text", ["有冇節奏練習？3/4拍", "唔該畀一段A小調嘅旋律我"])
def test_cantonese_asking_words_are_read(text: str) -> None:
    assert parse_request(text).ignored == []


def test_a_key_letter_typed_with_tiao_as_tiao_the_measure_word_is_the_key() -> None:
    assert parse_request("给我来个g大条的视唱").params.key == "G"
    assert parse_request("来一条G大调的").params.key == "G"  # guard: 一条 stays a measure word
