import re

import pytest
from django.core.management import CommandError, call_command

from generation.melody import DrillParams, InvalidParams, NoDrillAsked, generate_drill, parse_request
from generation.melody.check import check_drill
from generation.melody.errors import GenerationError
from generation.melody.messages_zh import refusal_zh


def test_it_understands_the_english_example():
    result = parse_request("eight slow bars in D minor, sad, leaps up to a sixth, lots of C sharps")
    p = result.params
    # C# is outside D natural minor: asking for it is enough, no accidentals switch needed.
    assert (p.bars, p.key, p.mode, p.max_leap, p.target_notes) == (8, "D", "minor", 9, ["C#"])
    assert p.tempo <= 70
    assert any("C#" in line for line in result.understood)
    assert check_drill(generate_drill(p.replace(seed=1))) == []


def test_it_understands_the_chinese_example():
    result = parse_request("写一段C大调的旋律，速度90，8小节")
    p = result.params
    assert (p.key, p.mode, p.tempo, p.bars, p.kind) == ("C", "major", 90, 8, "melody")
    assert "调：C大调" in result.understood


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("a scale in Eb major for alto voice", "kind", "scale"),
        ("a scale in Eb major for alto voice", "low", "G3"),
        ("practise rising minor sixths in G major, level 4", "target_intervals", ["+m6"]),
        ("16 bars over I V vi IV in F, ABAC form", "progression", "I V vi IV"),
        ("16 bars over I V vi IV in F, ABAC form", "form", "ABAC"),
        ("a rhythm drill in 6/8 with triplets", "meter", "6/8"),
        ("beginner melody in A harmonic minor", "mode", "harmonic-minor"),
        ("写一段升F小调的旋律，女低音，十二小节，悲伤", "bars", 12),
        ("写一段升F小调的旋律，女低音，十二小节，悲伤", "key", "F#"),
        ("降B大调，四三拍，音阶练习", "meter", "3/4"),
        ("降B大调，四三拍，音阶练习", "kind", "scale"),
        ("G大调，跳进不超过五度，多一些升F", "max_leap", 7),
    ],
)
def test_it_parses_settings_in_both_languages(text, field, value):
    assert getattr(parse_request(text).params, field) == value


@pytest.mark.parametrize(
    "text, intervals, span",
    [
        # Practising a size with no quality is its usual interval, as "lots of sixths" is in English.
        ("D大调，速度慢一点，多练习六度", ["+M6"], None),
        ("多练上下行三度", ["+M3", "-M3"], None),
        ("多练习小六度的音程", ["+m6"], None),
        ("lots of sixths", ["+M6"], None),
        # A bare size is still the range.
        ("音域在六度以内", [], 9),
        ("六度以内的旋律", [], 9),
    ],
)
def test_a_chinese_interval_to_practise_is_not_read_as_a_range(text, intervals, span):
    result = parse_request(text)
    assert result.params.target_intervals == intervals
    assert result.ignored == []
    if span is not None:
        assert any(f"（{span} 个半音）" in line for line in result.understood)


@pytest.mark.parametrize(
    "text, intervals",
    [
        ("perfect fourths and fifths, going down", ["-P4", "-P5"]),
        ("thirds, fourths and fifths descending", ["-M3", "-P4", "-P5"]),
        ("rising thirds and falling sixths", ["+M3", "-M6"]),  # each its own direction
        ("fourths and fifths", ["+P4", "+P5"]),
    ],
)
def test_a_direction_after_a_list_of_intervals_is_every_listed_intervals(text, intervals):
    assert parse_request(text).params.target_intervals == intervals


def test_scale_degrees_counted_in_chinese_are_not_a_level():
    result = parse_request("来个简单的，C大调，只用一二三四五级")
    assert result.params.level == 2  # 简单, not "五级"
    assert result.ignored == ["一二三四五级"]  # said, not silently dropped
    assert parse_request("第五级").params.level == 5


@pytest.mark.parametrize(
    "text, key, mode",
    [("e小调 和声小调 导音解决", "E", "harmonic-minor"), ("e小调，旋律小调", "E", "melodic-minor"), ("G调，小调", "G", "minor")],
)
def test_a_second_chinese_clause_names_the_form_of_the_key(text, key, mode):
    result = parse_request(text)
    assert (result.params.key, result.params.mode, result.ignored) == (key, mode, [])


@pytest.mark.parametrize(
    "text, low, high, clef",
    [
        ("8 bars in 3/4 for violin in A major", "G3", "A5", ""),
        ("for cello players, C major", "C2", "G4", "bass"),
        ("给长笛的练习，D大调", "D4", "C6", ""),
        ("次中音萨克斯，降B大调", "Bb2", "Ab4", ""),  # not the alto saxophone (中音萨克斯) inside its name
        ("给长笛的练习，D大调，音域D4到A5", "D4", "A5", ""),  # a range asked for wins
    ],
)
def test_an_instrument_is_a_students_range_at_concert_pitch(text, low, high, clef):
    result = parse_request(text)
    assert (result.params.low, result.params.high, result.params.clef, result.ignored) == (low, high, clef, [])
    assert any(line.startswith(("instrument:", "乐器：")) and f"{low}-{high}" in line for line in result.understood)
    assert check_drill(generate_drill(result.params.replace(seed=2))) == []


@pytest.mark.parametrize(
    "text, intervals",
    [("something in F with a few skips of a fourth", ["+P4"]), ("include leaps of a fourth and a fifth", ["+P4", "+P5"]),
     ("jumps of a sixth", ["+m6"])],
)
def test_leaps_of_a_named_size_are_leaps_to_add(text, intervals):
    result = parse_request(text)
    assert (result.params.target_intervals, result.ignored) == (intervals, [])
    assert check_drill(generate_drill(result.params.replace(seed=3))) == []


def test_a_chinese_comparative_takes_the_word_it_qualifies():
    result = parse_request("速度慢一点", previous=DrillParams.preset(3, key="D", mode="minor", bars=8, seed=5, tempo=90))
    assert result.params.tempo < 90 and result.ignored == []


@pytest.fixture
def previous():
    return DrillParams.preset(3, key="D", mode="minor", bars=8, seed=5)


def test_it_makes_a_drill_harder_and_easier(previous):
    harder = parse_request("harder", previous=previous).params
    easier = parse_request("easier", previous=previous).params
    assert harder.level == 4 and easier.level == 2
    assert (harder.key, harder.mode) == ("D", "minor")
    assert harder.max_leap > easier.max_leap


def test_it_refines_with_more_leaps_more_syncopation_shorter_and_a_voice(previous):
    assert parse_request("more leaps", previous=previous).params.leap_bias > previous.leap_bias
    sync = parse_request("more syncopation", previous=previous).params
    assert sync.syncopation and "syncopation" in sync.target_rhythms
    assert parse_request("shorter", previous=previous).params.bars == 4
    alto = parse_request("for alto voice", previous=previous).params
    assert (alto.low, alto.high) == ("G3", "C5")


@pytest.mark.parametrize("text", ["多练跳进", "D大调，多练跳进", "多练习跳进"])
def test_practise_leaps_more_in_chinese_is_the_more_leaps_wish(previous, text):
    """"多练跳进" (practise leaps more) was left not understood while the "多一些跳进" button worked."""
    result = parse_request(text, previous=previous)
    assert result.params.leap_bias > previous.leap_bias
    assert "更多跳进（不那么单调）" in result.understood and not result.ignored


@pytest.mark.parametrize("text", ["不要多练跳进", "别太多跳进", "不用再多练跳跃", "no more leaps", "don't add more leaps"])
def test_a_wish_for_more_leaps_said_with_a_no_asks_for_fewer(previous, text):
    """"不要多练跳进" (don't practise more leaps) was read as more leaps, with the "no" listed as not understood."""
    result = parse_request(text, previous=previous)
    assert result.params.leap_bias < previous.leap_bias
    assert any("fewer leaps" in line or "更少跳进" in line for line in result.understood) and not result.ignored


@pytest.mark.parametrize("text", ["8 bars in D major, steps mostly", "stepwise mostly", "mostly steps"])
def test_steps_mostly_leans_to_fewer_leaps_in_either_order(text):
    """"steps mostly" was dropped silently: not understood and not listed as ignored."""
    result = parse_request(text)
    assert "fewer leaps (smoother)" in result.understood and not result.ignored
    assert result.params.max_leap > 2  # a leaning, not "stepwise only"


def test_it_refines_in_chinese_and_draws_a_fresh_seed(previous):
    refined = parse_request("更难，短一点", previous=previous).params
    assert refined.level == 4 and refined.bars == 4
    assert refined.seed is None


def test_refined_params_still_generate_valid_drills(previous):
    for words in ("harder", "easier", "more leaps", "more syncopation", "shorter", "for alto voice"):
        params = parse_request(words, previous=previous).params.replace(seed=3)
        assert check_drill(generate_drill(params)) == []


@pytest.mark.parametrize(
    "text, chart",
    [
        ("eight bars in G with a V7/V", "I V7/V V I"),
        ("a melody in C with a secondary dominant", "I V/V V I"),
        ("I V/V V I in D, level 2", "I V/V V I"),
        ("chords: I V/vi vi IV in F", "I V/vi vi IV"),
        ("in C, chords I V vi IV, with a V/vi", "I V/vi vi IV"),
        ("a tune in A minor with V/iv", "i V/iv iv V"),
        ("G大调，和弦进行I-V/V-V-I", "I V/V V I"),
        ("G大调，和弦进行：I－V／V－V－I", "I V/V V I"),
        ("C大调，用一个重属和弦", "I V/V V I"),
        ("d小调，副属和弦，8小节", "i V/V V i"),
        ("D大调，重属七和弦", "I V7/V V I"),
    ],
)
def test_applied_chords_are_understood_and_met(text, chart):
    result = parse_request(text)
    assert result.params.progression == chart
    assert result.ignored == []
    applied = next(f for f in chart.split() if "/" in f)
    assert any(applied in line for line in result.understood)
    drill = generate_drill(result.params.replace(seed=5))
    assert check_drill(drill) == []
    assert applied in [c.figure for c in drill.chords]


@pytest.mark.parametrize(
    "text, words",
    [
        ("chords I V/vii° vi IV", "diminished chord"),
        ("和弦进行 I V/vii° vi IV", "减三和弦"),
        ("chords: I V/I IV V", "tonic itself"),
        ("C大调，和弦进行 I V/I IV V", "主和弦本身"),
    ],
)
def test_an_applied_chord_that_cannot_be_is_refused_in_the_users_language(text, words):
    with pytest.raises(InvalidParams, match=words):
        parse_request(text)


def test_an_applied_chord_on_a_scale_drill_says_it_is_not_used():
    result = parse_request("a scale drill in G with a secondary dominant")
    assert any("not used" in line for line in result.understood)


@pytest.mark.parametrize(
    "params",
    [
        dict(key="C", low="C4", high="C#4"),
        dict(low="C4", high="G5", target_notes=["F#6"]),
        dict(max_leap=7, target_intervals=["+m6"]),
        dict(low="C4", high="E4", max_leap=12, target_intervals=["+P8"]),
        dict(bars=6, form="AABA"),
        dict(kind="rhythm", target_notes=["E"]),
        dict(key="Bb", progression="ii V I", bars=6, start_on_tonic=True),  # ii holds no tonic to start on
    ],
)
def test_every_refusal_has_a_chinese_wording(params):
    with pytest.raises(GenerationError) as info:
        generate_drill(DrillParams.preset(3, seed=1, **params))
    zh = refusal_zh(str(info.value))
    assert not zh.startswith("无法生成这条练习"), str(info.value)
    assert re.search(r"[\u4e00-\u9fff]", zh)


def test_a_chinese_request_is_refused_in_chinese_and_an_english_one_in_english(tmp_path):
    with pytest.raises(InvalidParams, match="^拍号：不支持"):
        parse_request("7/4拍，C大调")
    with pytest.raises(CommandError, match="^音域：C4-C#4 中只有"):
        call_command("generate_drill", "--request", "音域C4到C#4，C大调", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="^range: C4-C#4 holds only"):
        call_command("generate_drill", "--request", "range C4-C#4, C major", "--out", str(tmp_path))


@pytest.mark.parametrize(("text", "said"), [("G大调，跳进不超过五度，多练上行小六度", "互相矛盾"),
                                            ("G major, leaps up to a fifth, rising minor sixths", "do not agree")])
def test_a_leap_asked_beyond_the_max_leap_named_is_answered_not_refused(text, said):
    # (words27) The clash of two wishes is answered and the leap named kept, as a tempo or a level that disagree are.
    result = parse_request(text)
    assert result.params.target_intervals == ["+m6"] and result.params.max_leap == 8
    assert any(line.startswith(("note:", "注意：")) and said in line for line in result.understood)


def test_a_named_target_interval_widens_the_default_leap_and_range_but_not_explicit_ones():
    sixths = parse_request("practise rising major sixths, level 1").params
    assert sixths.max_leap == 9
    assert check_drill(generate_drill(sixths.replace(seed=3))) == []
    narrow = parse_request("C major, range C4-D4, octave leaps").params
    assert (narrow.low, narrow.high) == ("C4", "D4")  # said back as given; the generator names the clash


def test_a_misspelt_word_is_read_and_said_so():
    result = parse_request("easy meldoy in G majr, tripplets")
    assert (result.params.key, result.params.mode, result.params.triplets) == ("G", "major", True)
    assert result.ignored == []
    assert "read 'majr' as 'major'" in result.understood
    # A real word one letter from the vocabulary ("flap", not "flat") stays not understood.
    assert parse_request("a melody with a flap in G").ignored == ["flap"]


def test_negations_take_out_only_what_they_name():
    p = parse_request("level 5, no sixteenth notes, no triplets").params
    assert "16th" not in p.durations and "eighth" in p.durations
    assert not p.triplets and not any("triplet" in t or "16th" in t for t in p.target_rhythms)
    q = parse_request("只用四分音符和二分音符").params
    assert q.durations == ["half", "quarter"] and not q.dots


def test_the_examples_in_the_docstrings_hold():
    import doctest
    import importlib
    import pkgutil

    import generation.melody.messages_zh
    import generation.melody.request

    # The reader is a package: its own docstring's examples, and each of its modules'.
    modules = [generation.melody.request, generation.melody.messages_zh,
               *(importlib.import_module(f"generation.melody.request.{info.name}")
                 for info in pkgutil.iter_modules(generation.melody.request.__path__))]
    assert sum(doctest.testmod(module).attempted for module in modules) >= 21
    for module in modules:
        assert doctest.testmod(module).failed == 0


# ---------------------------------------------------------------- pentatonic (五声调式)


@pytest.mark.parametrize("text, key, mode, line", [
    ("请生成一个五声音阶的旋律，速度100", "C", "gong", "调式：C宫调式（五声）"),
    ("G宫调式", "G", "gong", "调式：G宫调式（五声）"),
    ("D徵调式，3/4拍", "D", "zhi", "调式：D徵调式（五声，G宫系统）"),
    ("A羽调式", "A", "yu", "调式：A羽调式（五声，C宫系统）"),
    ("C宫系统的羽调式", "A", "yu", "调式：A羽调式（五声，C宫系统）"),
    ("徵调式，简单", "G", "zhi", "调式：G徵调式（五声，C宫系统）"),
    ("宫调", "C", "gong", "调式：C宫调式（五声）"),
    ("民族调式，降B宫", "Bb", "gong", "调式：降B宫调式（五声）"),
    ("五声调式，G大调", "G", "gong", "调式：G宫调式（五声）"),
    ("a小调五声音阶", "A", "yu", "调式：A羽调式（五声，C宫系统）"),
    ("a pentatonic melody in G", "G", "major-pentatonic", "key: G major pentatonic (five notes: G A B D E)"),
    ("A minor pentatonic", "A", "minor-pentatonic", "key: A minor pentatonic (five notes: A C D E G; do is C)"),
    ("pentatonic, in E minor", "E", "minor-pentatonic", "key: E minor pentatonic (five notes: E G A B D; do is G)"),
    ("D zhi mode", "D", "zhi", "key: D zhi pentatonic (five notes: D E G A B; do is G)"),
    ("yu mode on E", "E", "yu", "key: E yu pentatonic (five notes: E G A B D; do is G)"),
    ("D dorian, pentatonic", "D", "shang", "key: D shang pentatonic (five notes: D E G A C; do is C)"),
    ("1=G，徵调式", "D", "zhi", "调式：D徵调式（五声，G宫系统）"),
    ("1=D，3/4拍", "D", "major", "调：D大调"),
    ("a sad pentatonic tune", "C", "minor-pentatonic", "key: C minor pentatonic (five notes: C Eb F G Bb; do is Eb)"),
])
def test_it_reads_pentatonic_words_and_says_them_back(text, key, mode, line):
    result = parse_request(text)
    assert (result.params.key, result.params.mode) == (key, mode)
    assert line in result.understood
    assert result.ignored == []
    # Only one line names the key.
    assert sum(x.startswith(("key:", "调：", "mode:", "调式：")) for x in result.understood) == 1, result.understood


def test_pentatonic_alone_makes_the_drill_being_refined_pentatonic_and_keeps_it():
    previous = DrillParams.preset(3, key="G", mode="major", seed=4)
    made = parse_request("make it pentatonic", previous=previous).params
    assert (made.key, made.mode) == ("G", "major-pentatonic")
    harder = parse_request("harder", previous=made).params
    assert (harder.key, harder.mode, harder.level) == ("G", "major-pentatonic", 4)
    moved = parse_request("改成徵调式", previous=DrillParams.preset(3, key="G", mode="gong", seed=4)).params
    assert (moved.key, moved.mode) == ("D", "zhi")  # the 宫 stays G


@pytest.mark.parametrize("text, message", [
    ("G宫系统D羽调式", "调式：D羽调式的宫音是 F，不是 G"),
    ("D yu in the G gong system, C lydian pentatonic", "mode: lydian has no pentatonic form"),
    ("F利底亚调式，五声", "调式：利底亚调式没有对应的五声调式"),
])
def test_it_refuses_a_pentatonic_key_that_cannot_be(text, message):
    with pytest.raises(GenerationError) as info:
        parse_request(text)
    assert str(info.value).startswith(message)


def test_a_chinese_request_for_a_note_outside_the_five_is_refused_in_chinese(tmp_path):
    with pytest.raises(CommandError) as info:
        call_command("generate_drill", "--request", "G宫调式，多练升F", "--out", str(tmp_path), "--formats", "json")
    assert str(info.value) == "目标音：F# 不在G宫调式的五个音（G A B D E）之中，五声调式只用这五个音"


@pytest.mark.parametrize(
    "text, words",
    [
        ("Give me a two-part exercise for my choir in C major", "two-part"),
        ("SATB chorale in D major please", "SATB"),
        ("a duet for two violins in G", "two-part"),
        ("二声部视唱，C大调", "二声部"),
        ("请写一个合唱用的四声部练习", "二声部"),
    ],
)
def test_a_wish_for_parts_is_answered_plainly_in_the_requests_language(text, words):
    result = parse_request(text)
    assert result.ignored == []
    answer = [line for line in result.understood if line.startswith(("note:", "注意："))]
    assert len(answer) == 1 and words in answer[0]
    assert bool(re.search(r"[\u4e00-\u9fff]", answer[0])) == bool(re.search(r"[\u4e00-\u9fff]", text))


@pytest.mark.parametrize(
    "text, words",
    [
        ("请用简谱", "简谱在练习室乐谱上方"),
        ("Give me a melody in numbered notation (jianpu), D major", "chosen above the score in the studio"),
        ("针对我的薄弱环节出一道题", "练习我的薄弱点"),
        ("practice for my weak spots", "Practise my weak spots"),
        ("A melody that ends with a half cadence", "ends on the tonic"),
    ],
)
def test_what_a_request_cannot_change_is_answered_with_where_to_change_it(text, words):
    result = parse_request(text)
    assert result.ignored == []
    assert any(line.startswith(("note:", "注意：")) and words in line for line in result.understood)


@pytest.mark.parametrize(
    "text, previous, high",
    [
        ("不要太高", None, "Bb4"),  # C4-D5 by default: the top comes down a third
        ("not so high please", DrillParams.preset(3, key="C"), "Bb4"),
        ("不要太高，我是女低音", None, "G#4"),  # the alto's C5, down a third
        ("not too high, range C4-G5", None, "G5"),  # a range asked for wins
    ],
)
def test_not_too_high_brings_the_top_of_the_range_down(text, previous, high):
    result = parse_request(text, previous=previous)
    assert (result.params.high, result.ignored) == (high, [])


def test_not_too_low_raises_the_bottom_but_keeps_a_fifth():
    p = parse_request("别太低").params
    assert (p.low, p.high) == ("E4", "D5")
    assert parse_request("not too low, range C4-G4").params.low == "C4"


@pytest.mark.parametrize(
    "text, previous, level",
    [("来个简单点的", None, 2), ("Ｆ大调，３／４拍，简单点", None, 2), ("再难点", DrillParams.preset(3), 4)],
)
def test_colloquial_easier_and_harder_change_the_level(text, previous, level):
    result = parse_request(text, previous=previous)
    assert (result.params.level, result.ignored) == (level, [])


def test_full_width_letters_and_digits_are_read_as_ascii():
    p = parse_request("Ｆ大调，３／４拍，８小节").params
    assert (p.key, p.meter, p.bars) == ("F", "3/4", 8)


@pytest.mark.parametrize(
    "text, intervals",
    [("请生成一个降B大调的四小节旋律，多一些三度跳进", ["+M3"]), ("写段旋律，Bb大调，有三度和五度跳进", ["+M3", "+P5"]),
     ("some third skips", ["+M3"]), ("不要六度跳进", [])],
)
def test_leaps_of_a_third_are_read_in_both_languages(text, intervals):
    result = parse_request(text)
    assert result.params.target_intervals == intervals
    if intervals:
        assert result.ignored == []


@pytest.mark.parametrize(
    "text, style",
    [("Melody in F with an Alberti bass accompaniment", "alberti"), ("one with a waltz accompaniment in G", "waltz"),
     ("请加上柱式和弦伴奏，F大调", "block"), ("带分解和弦伴奏", "arpeggio"), ("can you add piano accompaniment", "")],
)
def test_an_accompaniment_style_in_words_is_the_drills_style(text, style):
    result = parse_request(text)
    assert (result.style, result.ignored) == (style, [])
    assert result.params.high != "C6"  # "piano accompaniment" is not a piano's range
    assert any(line.startswith(("accompaniment:", "伴奏：")) for line in result.understood)


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("A dorian melody on D for violin, 12 bars", "key", "D"),  # "A" is the article
        ("D major, 4 bars, no accidentals, only steps and thirds", "max_leap", 4),
        ("Practise minor sixths, both up and down, in C minor", "target_intervals", ["+m6", "-m6"]),
        ("E minor, harmonic minor, 8 bars", "mode", "harmonic-minor"),
        ("tenor clef exercise for cello, D minor", "clef", "tenor"),  # the clef asked for, not the cello's
        ("大提琴，C大调，低音谱号，八小节", "clef", "bass"),
        ("I want to practise my intervals", "kind", "interval"),
        ("帮我练练音程", "kind", "interval"),
        ("a dotted quaver semiquaver rhythm in 2/4", "target_rhythms", ["dotted-8th-16th"]),
        ("写一段中国风的旋律，五声调式，慢一点", "mode", "gong"),
        ("a melody in the treble clef, E minor, lots of leaps", "max_leap", 9),
    ],
)
def test_requests_nobody_tuned_on_are_read_in_full(text, field, value):
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert result.ignored == []


@pytest.mark.parametrize(
    "text",
    ["i play the clarinet, something in F please", "我吹长笛，来段G大调的", "我拉小提琴，E小调，八小节",
     "I'm a beginner, pls make a tune in Bb", "我是男高音，来一段G大调的", "能不能来个G大调，八个小节，不要跳太多",
     "我三连音老是唱不准，多来点三连音", "something with lots of rests so I can practise coming in"],
)
def test_how_people_talk_around_a_request_is_not_listed_as_not_understood(text):
    assert parse_request(text).ignored == []


@pytest.mark.parametrize(
    "text, field, value",
    [
        # A weak spot as the gradebook names it, pasted into a request.
        ("falling minor third, coming in after a rest, four sixteenths", "rests", 1),
        ("Alice needs: A♯ in C major, eighth-note triplets", "target_notes", ["A#"]),
        ("work on dotted eighth–sixteenth, G major", "target_rhythms", ["dotted-8th-16th"]),
        ("major pentatonic scales in D", "mode", "major-pentatonic"),
        ("下行小三度、休止后进入、四个十六分音符", "rests", 1),
        ("多练C大调中的 A♯", "target_notes", ["A#"]),
        ("八分音符三连音，F大调", "triplets", True),
        ("附点八分–十六分，G大调", "target_rhythms", ["dotted-8th-16th"]),
        ("附点四分–八分，D大调", "target_rhythms", ["dotted-quarter-8th"]),
    ],
)
def test_the_products_own_names_for_weak_spots_are_read(text, field, value):
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert [w for w in result.ignored if w not in ("Alice needs", "Alice")] == []  # the name is no setting


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("每分钟一百二十拍，C大调", "tempo", 120),
        ("速度：♩＝84，D大调", "tempo", 84),
        ("F major, quarter note = 66, 8 bars", "tempo", 66),  # not "with quarter notes"
        ("cut time march in Bb", "meter", "2/2"),
        ("something jazzy in F", "syncopation", True),
        ("a bouncy, playful tune in G", "tempo", 112),
        ("somthing in G majr for a begginer", "level", 1),
        ("a tune in A for my ukulele", "high", "A5"),
    ],
)
def test_more_ways_of_saying_tempo_meter_character_and_level_are_read(text, field, value):
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert result.ignored == []


def test_character_words_for_a_smooth_line_mean_fewer_leaps():
    plain = parse_request("F大调").params
    for text in ("写一段抒情优美的旋律，F大调", "a lyrical melody in F, cantabile"):
        result = parse_request(text)
        assert result.params.leap_bias < plain.leap_bias and result.ignored == []


@pytest.mark.parametrize(
    "text, change",
    [("速度快点", ("tempo", 100)), ("音域窄一点", ("high", "Bb4")), ("节奏再简单一点", ("dots", False)),
     ("再来一首类似的", ("level", 3))],
)
def test_colloquial_refinements_change_what_they_name(text, change):
    result = parse_request(text, previous=DrillParams.preset(3, key="C"))
    assert (getattr(result.params, change[0]), result.ignored) == (change[1], [])


def test_a_cadence_a_drill_cannot_end_with_is_answered():
    result = parse_request("练习变格终止，C大调")
    assert result.ignored == [] and any(line.startswith("注意：") and "变格终止" in line for line in result.understood)


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("that was too easy", "level", 4),  # not the level word "easy"
        ("the last one was too fast for me", "tempo", 76),  # not the tempo word "fast"
        ("too long, I lost my place", "bars", 4),
        ("这个太快了", "tempo", 76),
        ("刚才那条太长了", "bars", 4),
        ("上一条太难，换个容易的", "level", 2),
        ("太低了，唱不下去", "high", "F5"),  # the range up a third, on the key
        ("太快了，音也太高了", "high", "B4"),
        ("syncopation please, 4/4, not too fast", "tempo", 84),  # "not too fast" is no complaint
    ],
)
def test_a_complaint_about_the_last_drill_asks_for_the_opposite(text, field, value):
    result = parse_request(text, previous=DrillParams.preset(3, key="C"))
    assert (getattr(result.params, field), result.ignored) == (value, [])


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("a melody for tuba in Bb", "clef", "bass"),
        ("古筝练习，D宫调式", "low", "D3"),
        ("笛子吹的旋律，G大调", "low", "A4"),
        ("lots of quavers, 2/4, G major", "durations", ["half", "quarter", "eighth"]),
        ("with ties across the bar line, level 4", "ties", True),
        ("不要连音线，C大调", "ties", False),
        ("五度以内，C大调，入门", "high", "G4"),
        ("a melody spanning two octaves, C major, advanced", "high", "C6"),
        ("C major over ii-V-I chords", "progression", "ii V I"),
        ("和弦用I、IV、V，F大调", "progression", "I IV V"),
        ("二段体，C大调，八小节", "form", "AB"),
        ("给下周考试准备的，G大调，八小节", "bars", 8),
        ("for the school concert, a tune in G for the recorder group", "low", "C4"),
    ],
)
def test_instruments_ties_spans_charts_and_forms_said_in_more_ways_are_read(text, field, value):
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert result.ignored == []


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("way too hard, make it simpler", "level", 2),  # one wish said twice is one step
        ("太难了，简单一点", "level", 2),
        ("音太高了，低一点", "high", "B4"),
        ("too high for me, can you bring it down", "high", "B4"),
        ("来个难点的", "level", 4),
    ],
)
def test_one_wish_said_twice_moves_the_drill_one_step(text, field, value):
    result = parse_request(text, previous=DrillParams.preset(3, key="C"))
    assert (getattr(result.params, field), result.ignored) == (value, [])


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("Intervals drill: major and minor thirds", "target_intervals", ["+M3", "+m3"]),
        ("多练大小三度", "target_intervals", ["+M3", "+m3"]),
        ("帮我出一道练三度的题", "target_intervals", ["+M3"]),
        ("something to work on my rhythm, 4/4", "kind", "rhythm"),
        ("some practice on ledger lines, treble clef", "high", "C6"),
        ("G大调旋律，结尾落在主音，附点节奏", "end_on_tonic", True),
        ("请写SATB四部和声练习", "kind", "melody"),
        ("来段小调的，慢慢的", "tempo", 60),
        ("我老是唱错升F，多练练升F，G大调", "target_notes", ["F#"]),
        ("能按我的薄弱点出题吗", "kind", "melody"),
        ("A melody in B flat for the trumpet section, march tempo", "meter", "4/4"),
    ],
)
def test_interval_pairs_rhythm_practice_ledger_lines_and_colloquial_chinese_are_read(text, field, value):
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert result.ignored == []


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("A B-flat major melody at crotchet = 100", "tempo", 100),
        ("请给我一段D大调的视唱，八小节，四三拍，速度中等", "tempo", 90),
        ("gimme 8 bars in E, medium difficulty", "level", 3),
        ("gimme 8 bars in E, medium difficulty", "tempo", 88),  # "medium" here is no tempo
        ("旋律小调，d小调，有升六级和升七级", "mode", "melodic-minor"),
        ("旋律小调，d小调，有升六级和升七级", "level", 3),  # "六级" here is a degree, not level 6
        ("a bossa nova feel melody in D minor", "mode", "minor"),
        ("想要一段带伴奏的旋律，华尔兹风格，F大调", "meter", "3/4"),
        ("我想练升C，D大调", "target_notes", ["C#"]),
        ("E major scale drill, one octave, quarter notes", "high", "E5"),
        ("practise intervals up to a sixth", "max_leap", 9),
        ("这个有点难，来个简单的", "level", 2),
    ],
)
def test_tempo_level_style_and_degree_words_from_the_second_held_out_set_are_read(text, field, value):
    result = parse_request(text, previous=DrillParams.preset(3, key="C") if text.startswith("这个") else None)
    assert getattr(result.params, field) == value
    assert result.ignored == []


@pytest.mark.parametrize(
    "text, style",
    [("a bossa nova feel melody in D minor", "bossa"), ("想要一段带伴奏的旋律，华尔兹风格，F大调", "waltz")],
)
def test_a_style_said_apart_from_the_word_accompaniment_is_the_style(text, style):
    assert parse_request(text).style == style


@pytest.mark.parametrize(
    "text", ["SSA arrangement of a simple melody in F", "女声三部合唱练习，F大调", "我要二重唱的谱子", "piano, C major, both hands"],
)
def test_more_names_for_parts_are_answered(text):
    result = parse_request(text)
    assert result.ignored == []
    assert any(line.startswith(("note:", "注意：")) for line in result.understood)


@pytest.mark.parametrize(
    "text, previous, field, value",
    [
        ("Need a quick sight-singing warm-up in C, four bars, all steps", None, "max_leap", 2),
        ("G major melody with a couple of octave jumps, level 4", None, "target_intervals", ["+P8"]),
        ("For tenors: D major, 2/4, with rests, brisk tempo", None, "tempo", 120),
        ("A waltz-time tune in B flat with an oom-pah accompaniment", None, "meter", "3/4"),
        ("出一条F大调的旋律，跳进不要超过六度，中级", None, "max_leap", 9),
        ("旋律要有上行六度和下行三度", None, "target_intervals", ["+M6", "-M3"]),
        ("我的音域比较低，来段低一点的", None, "high", "B4"),
        ("a really easy one with whole notes and half notes", None, "level", 1),
        ("短一点，八小节太长了", DrillParams.preset(3, key="C"), "bars", 4),  # the 8 bars complained of
        ("这个有点难，来个简单的", DrillParams.preset(3, key="C"), "level", 2),
        ("Not so many leaps next time", DrillParams.preset(3, key="C"), "leap_bias", DrillParams.preset(3).leap_bias / 1.8),
        ("再来一条，这次用A小调，其他不变", DrillParams.preset(3, key="C"), "mode", "minor"),
    ],
)
def test_words_from_the_third_held_out_set_are_read(text, previous, field, value):
    result = parse_request(text, previous=previous)
    assert getattr(result.params, field) == (pytest.approx(value) if isinstance(value, float) else value)
    assert result.ignored == []


def test_a_style_next_to_the_word_accompaniment_wins_over_a_dance_word_elsewhere():
    assert parse_request("A waltz-time tune in B flat with an oom-pah accompaniment").style == "waltz"
    assert parse_request("a march in F with an Alberti bass accompaniment").style == "alberti"


@pytest.mark.parametrize(
    "text, field, value",
    [
        ("不要三连音和十六分音符，C大调，八小节", "durations", ["half", "quarter", "eighth"]),  # not sixteenths added
        ("no triplets or sixteenths, level 5", "triplets", False),
        ("能不能给我一段全是四分音符的", "durations", ["quarter"]),
        ("Can I try one that's all eighth notes", "durations", ["eighth"]),
        ("anything in G but make it tricky", "level", 5),
        ("来个不难不简单的", "level", 3),
        ("c小调旋律，要有还原B，中高级", "target_notes", ["B"]),
        ("I need to work on my leaps, like fifths and sixths", "target_intervals", ["+P5", "+M6"]),
        ("Write a short phrase for alto saxophone in E minor", "bars", 4),
    ],
)
def test_negated_lists_all_of_one_value_and_more_level_words_are_read(text, field, value):
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert result.ignored == []


def test_no_triplets_or_sixteenths_takes_both_out():
    p = parse_request("no triplets or sixteenths, level 5").params
    assert not p.triplets and "16th" not in p.durations


@pytest.mark.parametrize(
    "text, words",
    [("Please write an exercise that modulates to the dominant", "modulation"), ("来一段有弱起的旋律，F大调", "弱起"),
     ("写一段模进的旋律，D大调", "模进"), ("A melody with a fermata at the end", "fermatas")],
)
def test_modulation_pickups_sequences_and_fermatas_are_answered(text, words):
    result = parse_request(text)
    assert result.ignored == []
    assert any(line.startswith(("note:", "注意：")) and words in line for line in result.understood)


def test_mostly_stepwise_is_a_leaning_not_a_limit():
    p = parse_request("Eight bars of sight-singing in A major, 4/4, mostly stepwise with one leap of a fifth").params
    assert p.max_leap >= 7 and p.target_intervals == ["+P5"]
    assert check_drill(generate_drill(p.replace(seed=1))) == []


def test_dotted_notes_in_compound_time_are_the_dotted_eighth_and_sixteenth():
    result = parse_request("A 6/8 melody in F, with dotted quavers")
    p = result.params
    assert p.target_rhythms == ["dotted-8th-16th"]
    assert not any("dotted quarter" in line for line in result.understood)  # said once, as it is
    assert check_drill(generate_drill(p.replace(seed=1))) == []


# ---------------------------------------------------------------- fifth session: words found by a new blind set


@pytest.mark.parametrize(
    "text",
    ["give me a lilting 6/8 tune in D for double bass", "Something for upright bass in A minor, 4 bars",
     "给低音提琴写一段D大调的旋律", "倍大提琴练习，G大调", "六八拍，D大调，for 低音提琴"],
)
def test_a_double_bass_gets_its_clef_and_its_written_range(text):
    result = parse_request(text)
    assert (result.params.clef, result.params.low, result.params.high) == ("bass", "E2", "D4")
    assert result.ignored == []


@pytest.mark.parametrize(("text", "meter"), [("Lilting melody in G, 12 bars", "6/8"),
                                             ("a lilting barcarolle in A flat, 12/8", "12/8"),
                                             ("a lilting tune in 3/4", "3/4"), ("a minuet in G", "3/4")])
def test_a_lilt_is_six_eight_unless_a_meter_is_named(text, meter):
    result = parse_request(text)
    assert result.params.meter == meter and result.ignored == []


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [("practise int:+m6 and int:-P4", "target_intervals", ["+m6", "-P4"]),
     ("rhy:dotted-8th-16th in 3/4 please", "target_rhythms", ["dotted-8th-16th"]),
     ("薄弱点：int:-m3，rhy:after-rest", "rests", 1),
     ("scale:dorian, key of E", "mode", "dorian"), ("scale:lydian on F", "kind", "melody"),  # a mode, not a scale drill
     ("weak spot: key:c#", "key", "C#"),
     ("pc:F#@G", "target_notes", ["F#"]),
     ("clef:alto reading drill", "clef", "alto"),
     # A tag has no space after its colon: this is a chord chart, not the quiz skill "chord:".
     ("with a bVII chord: I bVII IV I in D", "progression", "I bVII IV I")],
)
def test_skill_tags_pasted_from_the_dashboard_are_the_wishes_they_name(text, field, value):
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert not any(w.startswith(("int", "rhy", "scale", "key", "pc", "clef")) for w in result.ignored)


def test_a_quiz_only_skill_tag_is_answered():
    result = parse_request("chord:dim7 please, in G")
    assert result.ignored == [] and any(line.startswith("note: chord:dim7") for line in result.understood)


@pytest.mark.parametrize(
    ("text", "previous", "key", "mode"),
    [("same again but in the relative minor", ("C", "major"), "A", "minor"),
     ("换成关系小调", ("C", "major"), "A", "minor"), ("关系大调", ("A", "minor"), "C", "major"),
     ("now in the parallel minor", ("G", "major"), "G", "minor"), ("同主音小调", ("G", "major"), "G", "minor"),
     ("relative major of E minor please", None, "G", "major"),
     ("transpose it up a tone", ("C", "major"), "D", "major"),
     ("transpose the last one down a semitone", ("D", "major"), "Db", "major"),
     ("整体升高一个全音", ("C", "major"), "D", "major"), ("降低一个半音", ("A", "minor"), "G#", "minor")],
)
def test_a_key_named_by_its_relation_to_the_last_one(text, previous, key, mode):
    before = DrillParams.preset(3, key=previous[0], mode=previous[1]) if previous else None
    result = parse_request(text, previous=before)
    assert (result.params.key, result.params.mode) == (key, mode)
    assert result.ignored == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [("利底亚调式的旋律，F为主音", {"key": "F", "mode": "lydian"}),
     ("复二拍子，E大调", {"meter": "6/8"}), ("复三拍子，G大调", {"meter": "9/8"}),
     ("G major的旋律，八小节，要有syncopation", {"key": "G", "syncopation": True}),
     ("来段sad一点的melody，e minor", {"key": "E", "mode": "minor"}),
     ("来一段C大掉的旋律", {"key": "C", "mode": "major"}),
     ("pls a G maj tune w/ triplets", {"key": "G", "triplets": True}), ("a tune in Bbm", {"key": "Bb", "mode": "minor"}),
     ("E min, slowish, 12 bars", {"key": "E", "mode": "minor", "tempo": 72}),
     ("a happy tune in a minor key", {"key": "C", "mode": "minor"}),  # the article, not A minor
     ("a sad melody in D", {"key": "D", "mode": "minor"}),
     ("meoldy in G, 3/4, levle 2", {"level": 2})],
)
def test_chinese_tonics_compound_meters_mixed_language_and_short_forms(text, expected):
    result = parse_request(text)
    assert {k: getattr(result.params, k) for k in expected} == expected
    assert result.ignored == []


@pytest.mark.parametrize(
    ("text", "words"),
    [("A melody with lyrics I can sing, C major", "no lyrics"), ("配上歌词的旋律，C大调", "没有歌词"),
     ("Something in the style of Bach, D minor", "(Bach)"), ("A Renaissance-style melody in D dorian", "(Renaissance)"), ("周杰伦风格的旋律，G大调", "“周杰伦”"),
     ("Write a drill with trills and grace notes in G", "ornaments"), ("加些颤音和倚音，G大调", "装饰音"),
     ("二胡练习，要有滑音，D调", "装饰音"), ("琵琶轮指练习", "演奏技巧"), ("pizzicato exercise for cello", "techniques"),
     ("吉他六线谱，E小调", "六线谱"), ("can you write it in tab for bass guitar", "tablature"),
     ("melody in G with quarter-tone bends", "quarter tones"), ("要有微分音的旋律，G大调", "微分音"),
     ("please give me a 100 bar melody in F", "at most 64 bars"), ("要一段一百小节的旋律", "最多 64 小节"),
     ("fast but also really slow melody", "one tempo"), ("又快又慢的旋律", "一个速度"),
     ("only whole notes, 3/4 time", "do not fit a bar of 3/4"), ("只用全音符，二四拍", "放不进2/4拍"),
     ("Write a double bass part, walking bass style, F major", "walking bass"),
     ("tune for two flutes in G", "one melodic line"), ("给两把小提琴的二重奏，D大调", "一个声部"),
     ("gimme a blues in G", "the blues"), ("来一段布鲁斯，G调", "布鲁斯"), ("Phrygian dominant on E", "(phrygian dominant)"),
     ("Can it be in C but with no B's?", "leave out one note"), ("A tune in 5/4 like Take Five, Eb minor", "(Take Five)"),
     ("with hemiolas, 3/4, A major", "hemiolas"), ("三对二的节奏，四四拍", "三对二"),
     ("melody for my cello student in G, thumb position", "techniques"), ("大提琴拇指把位练习，G大调", "演奏技巧")],
)
def test_a_wish_no_drill_can_meet_is_answered_in_the_requests_language(text, words):
    result = parse_request(text)
    answers = [line for line in result.understood if line.startswith(("note:", "注意："))]
    assert result.ignored == [] and any(words in line for line in answers), result.understood
    chinese = bool(re.search(r"[\u4e00-\u9fff]", text))
    assert all(line.startswith("注意：" if chinese else "note:") for line in answers)
    assert check_drill(generate_drill(result.params.replace(seed=1))) == []


def test_what_is_answered_is_also_done_where_it_can_be():
    assert parse_request("please give me a 100 bar melody in F").params.bars == 64
    assert parse_request("fast but also really slow melody").params.tempo == 66
    p = parse_request("only whole notes, 3/4 time").params
    assert p.durations == ["half", "quarter"] and p.dots  # a dotted half fills the bar
    assert parse_request("can you make it for drum kit?").params.kind == "rhythm"


def test_a_grade_is_not_a_number_of_players():
    result = parse_request("I'm grade 3 violin, want a jig in A")
    assert not any(line.startswith("note:") for line in result.understood)
    assert result.params.meter == "6/8" and result.params.low == "G3"


@pytest.mark.parametrize(("text", "expected"), [
    ("a modal tune, on G", {"key": "G", "mode": "dorian"}), ("a modal tune, mixolydian flavour, on G", {"mode": "mixolydian"}),
    ("mysterious tune in E, 6/8", {"key": "E", "mode": "minor"}), ("神秘一点的，A调", {"mode": "minor"}),
    ("majestic hymn in Bb", {"tempo": 80}), ("an energetic tune in D", {"tempo": 126}),
    ("Mixolydian D, swing feel", {"mode": "mixolydian"}), ("F大调，swing风格", {"key": "F"}),
])
def test_moods_and_feels_are_read(text, expected):
    result = parse_request(text)
    assert {k: getattr(result.params, k) for k in expected} == expected and result.ignored == []


@pytest.mark.parametrize(("text", "expected"), [
    ("a jolly jig for tin whistle in D", {"low": "D5", "meter": "6/8"}), ("给手铃写四小节，C大调", {"bars": 4, "low": "C4"}),
    ("唢呐，D调", {"low": "A4"}), ("a melody in G for alto sax, 12 bars, swing", {"bars": 12}),
])
def test_more_instruments_and_a_swing_said_alone(text, expected):
    result = parse_request(text)
    assert {k: getattr(result.params, k) for k in expected} == expected and result.ignored == []


@pytest.mark.parametrize(("text", "field", "value"), [
    ("难度再低一点，速度快一点", "level", 2), ("难度再高一点", "level", 4), ("make the range smaller please", "high", "Bb4"),
])
def test_refinements_said_in_another_order(text, field, value):
    result = parse_request(text, previous=DrillParams.preset(3, key="C"))
    assert getattr(result.params, field) == value and result.ignored == []


def test_a_no_break_space_pasted_from_a_document_is_a_space():
    p = parse_request("eight\u00a0bars in D\u00a0minor").params
    assert (p.bars, p.key, p.mode) == (8, "D", "minor")


@pytest.mark.parametrize("text", ["民歌风格的旋律，G调", "写一段C大调的旋律，风格活泼", "I would like G major", "中国风格的旋律"])
def test_a_style_the_reader_knows_or_needs_not_is_not_answered_as_a_composers(text):
    result = parse_request(text)
    assert result.ignored == [] and not any(line.startswith(("note:", "注意：")) for line in result.understood)


@pytest.mark.parametrize(("text", "low", "high"), [
    ("a melody between middle C and the C above, F major", "C4", "C5"), ("音域从中央C到高八度的C，F大调", "C4", "C5"),
    ("range from middle C to G5", "C4", "G5"), ("nothing higher than E5 please, G major", "D4", "E5"),
    ("最高不超过E5，G大调", "D4", "E5"), ("最低到A3", "A3", "D5"), ("lowest note G3, C major", "G3", "D5"),
])
def test_a_range_said_in_words_or_by_one_end(text, low, high):
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []


@pytest.mark.parametrize(("text", "expected"), [
    ("tempo somewhere around 60-70 bpm, D minor", {"tempo": 65}), ("速度60到70之间，d小调", {"tempo": 65}),
    ("每分钟八十拍左右，A大调，轻快", {"tempo": 80}), ("sixteen bars of swing eighths in F", {"bars": 16}),
    ("call and response phrases in C, 8 bars", {"form": "period"}),
    ("for horn in F, concert Bb major, slow", {"key": "Bb"}), ("A bouncy march for trumpet in Bb, 2/4", {"key": "Bb"}),
    ("a chromatic scale drill starting on C", {"kind": "scale", "key": "C"}), ("从C开始的半音阶练习", {"kind": "scale"}),
    ("triplets against duplets, 4/4", {"triplets": True}),
])
def test_tempo_ranges_forms_transposing_instruments_and_rhythms_said_in_words(text, expected):
    result = parse_request(text)
    assert {k: getattr(result.params, k) for k in expected} == expected and result.ignored == []


@pytest.mark.parametrize(("text", "field", "value"), [
    ("Make it twice as long", "bars", 16), ("长度加倍", "bars", 16), ("half as long please", "bars", 4),
    ("could you change it to 2/4 and take out the dotted notes", "dots", False),
])
def test_length_doubled_or_halved_and_a_value_taken_out(text, field, value):
    result = parse_request(text, previous=DrillParams.preset(3, key="C"))
    assert getattr(result.params, field) == value and result.ignored == []


def test_am_i_is_not_a_minor_and_a_style_word_the_reader_knows_is_read():
    assert parse_request("Am I able to get a C major drill?").params.mode == "major"
    result = parse_request("轻松风格的旋律")
    assert result.params.tempo == 80 and result.ignored == [] and not any("注意" in line for line in result.understood)


# --------------------------------------------------------------------------- heldout9's causes (words3)


@pytest.mark.parametrize(
    ("text", "key", "targets", "said"),
    [
        ("C major but bring in a flat 7 (Bb) now and then, 8 bars", "C", ["Bb"], "the lowered 7th degree"),
        ("G major with a sharp fourth", "G", ["C#"], "the raised 4th degree"),
        ("C大调，多用降七级音", "C", ["Bb"], "降低的七级音"),
    ],
)
def test_an_altered_degree_is_the_note_worked_out_from_the_key(text: str, key: str, targets: list[str], said: str) -> None:
    result = parse_request(text)
    assert result.params.key == key  # "in a flat 7" is the article, not A flat
    assert result.params.target_notes == targets and result.params.accidentals
    assert any(said in line for line in result.understood) and result.ignored == []


def test_a_flattened_seventh_the_mode_already_has_is_said_to_be_its_own() -> None:
    result = parse_request("A mixolydian melody in G with a flattened seventh, jig rhythm")
    assert (result.params.key, result.params.mode, result.params.target_notes) == ("G", "mixolydian", [])
    assert "lowered 7th degree: F, already in G mixolydian" in result.understood and result.ignored == []


def test_a_note_named_in_brackets_is_one_to_practise_once() -> None:
    result = parse_request("harmonic minor on A, make sure the raised 7th (G#) comes up a lot")
    assert (result.params.mode, result.params.target_notes, result.ignored) == ("harmonic-minor", ["G#"], [])
    assert sum("G#" in line for line in result.understood) == 1


@pytest.mark.parametrize(
    ("text", "intervals"),
    [
        ("I'm a baritone and I always go flat on rising minor 6ths. key of C?", ["+m6"]),
        ("interval drill: major and minor 3rds only, up and down", ["+M3", "-M3", "+m3", "-m3"]),
        ("descending major and minor thirds", ["-M3", "-m3"]),
    ],
)
def test_interval_sizes_are_read_as_ordinals_and_with_their_directions(text: str, intervals: list[str]) -> None:
    result = parse_request(text)
    assert sorted(result.params.target_intervals) == sorted(intervals) and result.ignored == []


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Sight-singing in C major, tonic solfa, do to sol only", "C4", "G4"),
        ("a小调，从do到la", "C4", "A4"),  # a minor key's do is its relative major's tonic
        ("D大调，音域从低音5到高音1", "A3", "D5"),
    ],
)
def test_a_range_said_in_movable_do_or_jianpu_degrees_is_placed_in_the_key(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high, result.ignored) == (low, high, [])


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("a tune in G, from sol to sol", "D4", "D5"),  # the sol under the tonic to the one over it, not D5-D6
        ("G大调，从sol到sol", "D4", "D5"),
        ("a melody in G from la to la", "E4", "E5"),
        ("a小调，从la到la", "A3", "A4"),  # a minor key's tonic to tonic
        ("a tune in D, from low sol to high sol", "A3", "A4"),
        ("in F, la to mi", "D4", "A4"),
        ("a tune in G from do to do", "G4", "G5"),  # from do (or re, mi, fa) the span starts at the tonic's octave
        ("from re to re in G", "A4", "A5"),
    ],
)
def test_a_solfege_span_that_passes_do_from_sol_la_or_ti_starts_below_the_tonic(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high, result.ignored) == (low, high, [])


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("from middle C to the C an octave up", "C4", "C5"),
        ("from middle C to the C one octave higher", "C4", "C5"),
        ("from middle C to an octave up", "C4", "C5"),
        ("between C4 and an octave higher", "C4", "C5"),
        ("from middle C to the octave above", "C4", "C5"),
        ("between middle C and the next C up", "C4", "C5"),
        ("from D4 to the D an octave up, in D major", "D4", "D5"),
        ("从中央C到高八度的C", "C4", "C5"),
        ("between middle C and the C above", "C4", "C5"),
    ],
)
def test_a_range_to_the_note_an_octave_up_is_read(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high, result.ignored) == (low, high, [])


def test_an_octave_up_alone_still_moves_the_range() -> None:
    result = parse_request("an octave higher please")
    assert "range: an octave higher" in result.understood and result.ignored == []


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I'm not a beginner", 3),
        ("not easy", 3),
        ("I'm not an expert", 3),
        ("不是初学者", 3),
        ("我不是新手", 3),
        ("not too easy", 4),  # a softened denial: the level beyond the middle, as 不要太简单
        ("not so hard", 2),
        ("not very hard", 2),
        ("不是很难", 2),
        ("not a beginner, but something advanced", 5),  # a level word proper is the level
        ("a beginner piece, not hard", 1),
        ("我是新手", 1),
    ],
)
def test_a_denied_level_word_is_not_that_level(text: str, level: int) -> None:
    result = parse_request(text)
    assert (result.params.level, result.ignored) == (level, [])


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # Softened by extent: only the extreme is denied, so the level next to it towards the middle.
        ("I'm not a complete beginner", 2),
        ("not a total beginner", 2),
        ("not an absolute beginner", 2),
        ("I'm not completely a beginner", 2),
        ("I'm not a complete expert", 5),
        ("我不是完全零基础", 2),
        ("不是完全的新手", 2),
        # Softened by degree: "really" as "very", the level beyond the middle.
        ("not really easy", 4),
        ("not really hard", 2),
        ("I'm not really a beginner", 3),  # "really" hedges the denial, not the word
        # Bare 不 before an adjective is a word of its own.
        ("不难", 2),
        ("旋律不难的", 2),
        ("不很难", 2),
        ("不简单", 4),
        ("不太容易", 4),
        ("不是一个完全的新手", 2),
        ("不难也不简单", 3),
    ],
)
def test_a_softened_denial_of_a_level_word_is_the_level_next_to_it(text: str, level: int) -> None:
    result = parse_request(text)
    assert (result.params.level, result.ignored) == (level, [])


def test_bare_bu_rongyi_before_a_verb_is_hard_to_not_a_level() -> None:
    # "学生不容易唱准高音" (they find the high notes hard to sing in tune) asks for no level, not "not easy", level 4:
    # it is the high notes' tuning trouble (words38), the range kept and the high notes reached by step.
    result = parse_request("学生不容易唱准高音")
    assert result.params.level == 3 and result.params.high == "D5" and result.ignored == []
    assert result.params.step_bias > DrillParams.preset(3).step_bias


def test_jianpu_notes_an_octave_away_are_where_the_range_reaches() -> None:
    result = parse_request("1=F，首调唱，音要用到低音5和高音1")
    assert (result.params.key, result.params.low, result.params.high, result.ignored) == ("F", "C4", "F5", [])
    assert "首调唱名：主音唱do（小调主音唱la）；练习室可以显示简谱" in result.understood


@pytest.mark.parametrize(
    ("text", "tag"),
    [("节奏要有前八后十六，四四拍，C大调", "8th-16th-16th"), ("two semiquavers and a quaver, F major", "16th-16th-8th"),
     ("an eighth and two sixteenths in G", "8th-16th-16th"), ("小切分节奏，D大调", "syncopation")],
)
def test_a_rhythm_cell_named_in_words_is_the_cell_to_practise(text: str, tag: str) -> None:
    result = parse_request(text)
    assert tag in result.params.target_rhythms and result.ignored == []


@pytest.mark.parametrize(
    ("text", "key", "mode"),
    [("sight reading in alto clef, G major, no sharps other than F#", "G", "major"),
     ("no sharps other than F#, minor", "E", "minor"), ("除了升F不要其他升号", "G", "major"),
     ("the only flats are Bb and Eb", "Bb", "major"), ("only white notes, dorian", "D", "dorian")],
)
def test_a_key_signature_said_in_words_means_no_other_accidentals(text: str, key: str, mode: str) -> None:
    result = parse_request(text)
    assert (result.params.key, result.params.mode, result.params.accidentals, result.ignored) == (key, mode, False, [])


def test_a_key_with_another_signature_is_kept_and_said_so() -> None:
    result = parse_request("D major, no sharps except F#")
    assert result.params.key == "D" and not result.params.accidentals
    assert any(line.startswith("note: the key of D major has another signature") for line in result.understood)


def test_a_tempo_word_beside_a_number_agrees_or_is_answered() -> None:
    agreeing = parse_request("can I get a really slow one? like 50 bpm. A minor")
    assert (agreeing.params.tempo, agreeing.ignored) == (50, [])
    assert not any(line.startswith("note:") for line in agreeing.understood)
    clashing = parse_request("fast, 60 bpm")
    assert clashing.params.tempo == 60
    assert "note: a drill has one tempo: “fast” and 60 do not agree; this one is 60" in clashing.understood
    assert parse_request("来段b小调的，bpm100，八个小节，带三连音").params.tempo == 100


def test_two_levels_that_cannot_both_be_met_are_answered_in_the_askers_language() -> None:
    result = parse_request("我要一个又简单又超级难的")
    assert result.ignored == [] and any(line.startswith("注意：一条练习只有一个难度") for line in result.understood)
    agreeing = parse_request("a simple tune for beginners")
    assert not any(line.startswith("note:") for line in agreeing.understood)


def test_an_input_method_homophone_is_read_as_the_word_meant_and_said_so() -> None:
    result = parse_request("g大掉，三拍子，十六小结")
    assert (result.params.key, result.params.meter, result.params.bars, result.ignored) == ("G", "3/4", 16, [])
    assert "把“大掉”理解为“大调”" in result.understood and "把“六小结”理解为“六小节”" in result.understood


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("16 bars of syncopated, off-beat stuff in E major, upbeat tempo", "syncopation", True),
        ("8 bars in B major for trumpet, finishing on the third not the tonic", "end_on_tonic", False),
        ("Eb大调，跳进不要太大，最多三度", "max_leap", 4),
        ("以八分和四分音符为主，不要十六分，G大调，四三拍", "durations", ["half", "quarter", "eighth"]),
        ("能不能来个D minor的sight singing，要有几个leap，不要太长", "bars", 8),
    ],
)
def test_heldout9_wordings_are_read_whole(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value
    assert result.ignored == []


def test_a_span_limit_said_as_not_more_than_an_octave_is_the_range() -> None:
    from music.pitch import parse_pitch

    result = parse_request("给我一个G大调三拍子的视唱练习，不要超过八度")
    assert (result.params.key, result.params.meter, result.ignored) == ("G", "3/4", [])
    assert parse_pitch(result.params.high).midi - parse_pitch(result.params.low).midi <= 12
    assert "音域：八度以内（12 个半音）" in result.understood


def test_rests_on_the_off_beats_are_given_and_their_place_answered() -> None:
    result = parse_request("12 bars in A minor, rests on the off-beats, moderate tempo")
    assert result.params.rests == 1 and result.ignored == [] and not result.params.syncopation
    assert any(line.startswith("note: where a rest falls") for line in result.understood)


def test_leaving_out_one_note_said_another_way_is_answered() -> None:
    result = parse_request("A melody in G major that never uses the note C")
    assert result.params.key == "G" and result.ignored == []
    assert any(line.startswith("note: a drill cannot leave out one note of its key (C)") for line in result.understood)


@pytest.mark.parametrize(
    ("text", "previous", "answer"),
    [
        ("a song about my cat", None, "note: nothing in these words could be read as a drill setting"),
        ("写一首关于猫的歌", None, "注意：没能从这段文字里读出练习的设置"),
        ("blah blah", DrillParams.preset(3, key="G"), "note: nothing in these words could be read as a change"),
    ],
)
def test_a_request_with_no_setting_in_it_is_answered_in_its_language(
    text: str, previous: DrillParams | None, answer: str
) -> None:
    result = parse_request(text, previous=previous)
    assert result.ignored  # the words are still quoted back
    assert any(line.startswith(answer) for line in result.understood)
    # Understanding one word is enough not to say so.
    assert not any(line.startswith(("note: nothing", "注意：没能")) for line in parse_request("C major cat").understood)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("难度升一级", "level", 4),  # a level up, not a raised first degree
        ("降一级吧", "level", 2),
        ("can you re-do it in G", "low", "C4"),  # "re-do" is not the range re to do
        ("in B flat 3/4 time", "target_notes", []),  # "flat 3/4" is the key and the meter, not a lowered third
    ],
)
def test_words_near_the_new_ones_keep_their_meaning(text: str, field: str, value: object) -> None:
    assert getattr(parse_request(text, previous=DrillParams.preset(3)).params, field) == value


@pytest.mark.parametrize(
    "text",
    [
        "What's the difference between harmonic and melodic minor?",
        "why do minor keys sound sad?",
        "how do i sing with vibrato??",
        "Explain the dorian mode to me",
        "什么是关系小调？",
        "大调和小调有什么区别？",
        "怎么唱好下行小三度？",
        "teach me the circle of fifths",
        "who wrote Twinkle, Twinkle?",
        "你能做什么？",
    ],
)
def test_a_question_is_answered_in_its_language_and_no_drill_is_made(text: str) -> None:
    # A question came back with a default C major melody beside its answer, which nobody asked for.
    with pytest.raises(NoDrillAsked) as caught:
        parse_request(text)
    answer = "“" + text.strip()
    assert caught.value.ignored == [] and caught.value.pages == ["lessons"]
    assert caught.value.answers[0].startswith(answer), caught.value.answers
    assert ("问题" if re.search(r"[\u4e00-\u9fff]", text) else "is a question") in caught.value.answers[0]


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("How about D minor?", "key", "D"),  # a suggestion, not a question about music
        ("怎么练下行小三度", "target_intervals", ["-m3"]),  # asks for practice
        ("How do you sing a tritone in tune? Give me a drill in F", "key", "F"),
    ],
)
def test_a_request_worded_as_a_question_is_still_read(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value


@pytest.mark.parametrize(
    ("text", "targets"),
    [
        ("fa和si多一点，F大调", ["Bb", "E"]),
        ("more sol and la please, G major", ["D", "E"]),  # two notes to practise, not a range from sol to la
        ("lots of ti, D major", ["C#"]),
        ("多唱re和fa，C大调", ["D", "F"]),
        ("A minor, more la and ti", ["A", "B"]),  # la is a minor key's tonic
    ],
)
def test_solfege_syllables_asked_for_more_are_notes_of_the_key(text: str, targets: list[str]) -> None:
    result = parse_request(text)
    assert result.params.target_notes == targets and result.ignored == []


@pytest.mark.parametrize(
    ("text", "mode", "answered"),
    [
        ("给三年级小朋友的视唱，C大调，只用do re mi sol", "gong", True),
        ("only do re mi sol la, G major", "major-pentatonic", False),
        ("just do, re and mi for my year 2s", "major-pentatonic", True),
        ("只唱 do re mi fa la", "major", True),  # not within a pentatonic mode: answered, the key kept
        ("只唱 do re mi fa sol", "major", False),  # neighbouring degrees: the range do-sol (words17)
    ],
)
def test_a_set_of_solfege_notes_is_the_pentatonic_mode_or_answered(text: str, mode: str, answered: bool) -> None:
    result = parse_request(text)
    assert result.params.mode == mode and result.ignored == []
    assert any(line.startswith(("note:", "注意：")) for line in result.understood) == answered


@pytest.mark.parametrize(
    ("text", "level", "answer"),
    [
        ("level 9 please, C major", 6, "note: levels run from 1 to 6"),
        ("level 0", 1, "note: levels run from 1 to 6"),
        ("钢琴十级的难度，C大调", 6, "注意：等级只有 1 到 6"),
    ],
)
def test_a_level_past_the_six_is_answered_and_the_nearest_given(text: str, level: int, answer: str) -> None:
    result = parse_request(text)
    assert result.params.level == level and result.ignored == []
    assert any(line.startswith(answer) for line in result.understood)
    assert parse_request("降七级音多一点，C大调").params.target_notes == ["Bb"]  # a degree, not a level


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("I'm a soprano and want to work on my top notes up to B5, key of E major", "C4", "B5"),
        ("I can only sing up to E5, G major", "D4", "E5"),
        ("最高要唱到A5", "C4", "A5"),
        ("最低只能唱到G3，C大调", "C4", "D5"),  # a low limit the default range keeps to
        ("不要超过D5，最低A3", "A3", "D5"),
    ],
)
def test_one_end_of_the_range_said_as_what_the_singer_reaches(text: str, low: str, high: str) -> None:
    result = parse_request(text)
    assert (result.params.low, result.params.high) == (low, high) and result.ignored == []


@pytest.mark.parametrize(
    "text", ["rhythm-only exercise in 6/8", "just the rhythm please, 4/4", "只练节奏，四四拍", "rhythmic reading exercise"]
)
def test_a_rhythm_only_drill_in_other_words(text: str) -> None:
    result = parse_request(text)
    assert result.params.kind == "rhythm" and result.ignored == []


def test_words_of_a_named_song_are_answered_as_lyrics_not_read_as_a_mood() -> None:
    result = parse_request("a melody I can sing with the words of happy birthday")
    assert result.ignored == [] and result.params.mode == "major" and result.params.tempo == DrillParams.preset(3).tempo
    assert any("lyrics" in line for line in result.understood)


@pytest.mark.parametrize("text", ["配上《小星星》的歌词", "with the lyrics of twinkle twinkle", "write me some lyrics about the sea",
                                  "lyrics to happy birthday", "给我写歌词"])
def test_a_wish_for_lyrics_alone_is_answered_and_no_drill_is_made(text: str) -> None:
    with pytest.raises(NoDrillAsked) as caught:
        parse_request(text)
    assert any("lyrics" in a or "歌词" in a for a in caught.value.answers)


@pytest.mark.parametrize("text", ["G major with lyrics", "写一段带歌词的旋律"])
def test_lyrics_beside_a_setting_or_a_melody_still_get_the_drill(text: str) -> None:
    result = parse_request(text)
    assert any("lyrics" in line or "歌词" in line for line in result.understood)


def test_english_note_values_among_chinese_words_are_the_only_ones() -> None:
    result = parse_request("给beginner的，只要whole notes和half notes，C大调")
    assert result.params.durations == ["whole", "half"] and result.ignored == []


def test_the_raised_sixth_of_a_minor_family_key_is_raised_from_natural_minor() -> None:
    result = parse_request("E dorian, and make the raised 6th (C#) come up a lot")
    assert result.params.target_notes == ["C#"]
    assert "raised 6th degree: C#, already in E dorian" in result.understood
    assert parse_request("C minor with a raised 6th").params.target_notes == ["A"]
    assert parse_request("a flattened seventh in C major").params.target_notes == ["Bb"]


@pytest.mark.parametrize(
    ("text", "said"),
    [("降B大掉，快版，十六小节", "把“快版”理解为“快板”"), ("能不能出一首巴赫风格的旋律", "注意："), ("C大调旋律，配柱式和弦伴奏", "伴奏：柱式和弦")],
)
def test_chinese_words_round_the_new_ones_are_not_left_over(text: str, said: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and any(line.startswith(said) for line in result.understood)


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("i always mess up the leap from sol down to do. can u help", "-P5"),
        ("我想练一下sol到高音do的跳进", "+P4"),
        ("the jump from do up to la, F major", "+M6"),
        ("la to do leaps in A minor", "+m3"),  # no direction said: the nearer way
        ("5到高音1的大跳，D大调", "+P4"),  # 简谱 digits
        ("从mi下行到la的跳进", "-P5"),
    ],
)
def test_a_leap_between_two_solfege_syllables_is_the_interval_to_practise(text: str, interval: str) -> None:
    result = parse_request(text)
    assert result.params.target_intervals == [interval] and result.ignored == []


@pytest.mark.parametrize(
    ("text", "field", "value", "answer"),
    [
        ("3 short melodies in G, 4 bars each", "bars", 4, "note: a request makes one drill, not 3"),
        ("给我三条旋律，C大调", "key", "C", "注意：一次请求生成一条练习"),
        ("an exercise on compound time, 6/8 and 9/8 mixed", "meter", "6/8", "note: a drill keeps one meter"),
        ("alternating 3/4 and 2/4, D major", "meter", "3/4", "note: a drill keeps one meter"),
        ("变拍子的练习", "meter", "4/4", "注意：练习只用一个拍号"),
    ],
)
def test_several_drills_or_changing_meters_are_answered(text: str, field: str, value: object, answer: str) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []
    assert any(line.startswith(answer) for line in result.understood)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("a pentatonic tune on G for recorder, beginners", "key", "G"),
        ("a scale on F sharp", "key", "F#"),
        ("give me a chromatic one in C with lots of sharps", "accidentals", True),
        ("视唱题：C大调，4/4，8小节，节奏简单，不要跳进太大", "max_leap", 5),  # not too big, not stepwise
        ("请出一道音程练习：大六度和小六度，下行", "target_intervals", ["-M6", "-m6"]),  # a direction in its own clause
        ("我是男中音，能唱到F4，要一个降B大调的", "high", "E4"),  # what he can reach is a limit
        ("I want to work on my high notes, G major", "high", "G5"),
        ("练低音，C大调", "low", "A3"),
    ],
)
def test_more_ways_of_saying_a_key_leaps_a_direction_or_a_range(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("a short exercise for my grade 5 students focusing on the natural minor scale of B", "key", "B"),
        ("I'm a tenor, something in A minor with a range up to A4", "high", "A4"),
        ("给我一个升F小调的，十二小节，速度七十二", "tempo", 72),
        ("以sol开头，以do结尾，G大调", "start_on_tonic", False),
        ("帮我出一条练习，主要练四度和五度跳进", "target_intervals", ["+P4", "+P5"]),
    ],
)
def test_a_tonic_after_of_a_range_a_chinese_tempo_and_ends_in_solfege(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []


@pytest.mark.parametrize("text", ["something like Ode to Joy", "给我来个五声音阶的，像茉莉花那样"])
def test_a_piece_to_sound_like_is_answered_as_a_style(text: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and any(line.startswith(("note: a style", "注意：暂不支持按")) for line in result.understood)
    assert parse_request("像上次一样，但是换成D大调").understood == ["等级：3（默认）", "调：D大调"]  # the last drill, not a piece


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("可以换个调吗？换成降E", "key", "Eb"),
        ("二年级的小朋友用，两拍子，五声音阶", "meter", "2/4"),
        ("E大调，快一点，要有附点八分音符", "target_rhythms", ["dotted-8th-16th"]),  # a dotted eighth, not a dotted quarter
        ("给我一个十六小节的，能分成两个乐句", "form", "period"),
        ("8 bars in two phrases, D major", "form", "period"),
        ("我需要一个以前八后十六为主的节奏练习", "target_rhythms", ["8th-16th-16th"]),
    ],
)
def test_chinese_key_changes_duple_time_dotted_eighths_and_two_phrases(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []


def test_fa_or_ti_asked_of_a_pentatonic_mode_is_answered_not_refused() -> None:
    result = parse_request("more fa and ti in D zhi")
    assert result.params.target_notes == [] and result.ignored == []
    assert "note: fa (C) is not one of the five notes of D zhi, so it is left out" in result.understood
    assert parse_request("跳进多一点，不要那么平").ignored == []


@pytest.mark.parametrize(
    ("text", "field", "value", "answer"),
    [
        ("a melody in C major and A minor", "key", "C", "note: a drill is in one key"),
        ("C大调和a小调的旋律", "key", "C", "注意：练习只能在一个调里"),
        ("Can you make an exercise that's both in 3/4 and 4/4?", "meter", "3/4", "note: a drill keeps one meter"),
        ("give me 1000 bars", "bars", 64, "note: a drill has at most 64 bars"),
        ("G major but no F sharps", "key", "G", "note: a drill cannot leave out one note of its key (F sharp)"),
        ("不要升F这个音，G大调", "key", "G", "注意：练习不能去掉调里的某一个音（升F）"),
        ("only the notes C, D and E", "target_notes", [], "note: a drill uses every note of its key"),
        ("只用C、D、E三个音", "target_notes", [], "注意：练习会用到调里的每个音"),
        ("8 bars but each bar a different key", "key", "C", "note: a drill stays in one key"),
    ],
)
def test_two_keys_two_meters_too_many_bars_and_note_sets_are_answered(
    text: str, field: str, value: object, answer: str
) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []
    assert any(line.startswith(answer) for line in result.understood)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("same but an octave lower", "low", "C3"),
        ("低八度，C大调", "high", "D4"),
        ("音域从中央C到高八度的C，F大调", "high", "C5"),  # the C an octave up names the range's top, not a shift
        ("melody for alto sax in concert Eb", "key", "Eb"),
        ("3/4还是4/4都行，C大调", "meter", "3/4"),
    ],
)
def test_an_octave_shift_a_concert_key_and_a_choice_of_meters(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("我想要一个不那么难的，八小节，G调", "level", 2),  # not "难的" (level 5)
        ("不要太简单的，D大调", "level", 4),
        ("给我一个G大调的练习，不要有F#", "target_notes", []),  # answered as leaving out a note, not a target
        ("不要C大调，要G大调", "key", "G"),
        ("not in C major please, something in G", "key", "G"),
        ("anything but C major", "key", "G"),
        ("我想练习唱准半音", "target_intervals", ["+m2", "-m2"]),
        ("节拍：6/8，调：降E大调，长度：12小节", "bars", 12),
        ("帮我出一道视唱题吧，调性随意，难度中等", "level", 3),
    ],
)
def test_negated_levels_notes_and_keys_and_labelled_clauses(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("C major, 4/4, melody using only the first five notes of the scale", "high", "G4"),  # not a scale drill
        ("C major, 4/4, melody using only the first five notes of the scale", "kind", "melody"),
        ("只用前五个音，G大调", "high", "D5"),
        ("A minor, the first five notes of the scale", "low", "A3"),  # from the tonic: la ti do re mi
        ("E minor, first six notes only", "high", "C5"),
        ("只用五个音，C大调", "mode", "gong"),
        ("an 8 bar melody that starts on the mediant and ends on the leading note", "end_on_tonic", False),
        ("the hardest thing you can make", "level", 6),
    ],
)
def test_the_first_notes_of_the_scale_any_end_degree_and_superlatives(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("simple melody for 1st graders, 3 notes only", "note: a drill uses every note of its mode, so it cannot keep to 3 notes"),
        ("C major, no skips bigger than a fifth and no repeated notes", "note: how often a note repeats cannot be asked for"),
    ],
)
def test_fewer_notes_than_a_mode_or_repeated_notes_are_answered(text: str, answer: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and any(line.startswith(answer) for line in result.understood)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("no 16th notes and no dotted stuff please. G major 4/4", "dots", False),
        ("without dotted quarters, F major", "dots", False),  # not a wish for dotted notes
        ("Give me a melody that doesn't end on the tonic, in A major", "end_on_tonic", False),
        ("cut time, D major, quarters and halves only", "durations", ["half", "quarter"]),
        ("1=F，多练练4和7这两个音", "target_notes", ["Bb", "E"]),  # 简谱's digits placed in the key
        ("1=G，4和7这两个音老是唱不准", "target_notes", ["C", "F#"]),
        ("练4小节，C大调", "bars", 4),  # a digit before 小节 is a length, not a note
        ("我音准不太好，大跳不太容易唱准，来点级进为主的，C大调", "max_leap", 5),
        ("我音准不太好，大跳不太容易唱准，来点级进为主的，C大调", "level", 3),  # "hard to sing", not a level
        ("big leaps are really hard for me, G major", "max_leap", 5),
        ("高音很难唱准，G大调", "high", "E5"),  # in tune, not reach: G major's own range kept (words38)
        ("来个不太容易的，C大调", "level", 4),
        ("practise coming in after rests - lots of rests, 4/4, Bb major", "rests", 2),
        ("just rhythm, no pitches, 3/4", "kind", "rhythm"),
        ("no pitches, 2/4", "kind", "rhythm"),
        ("帮我出个简单的，不要超过五度的跳进，♩=72", "max_leap", 7),
        ("来一条C大调的，要有前八后十六的节奏型", "target_rhythms", ["8th-16th-16th"]),
        ("1=E♭，2/4，低音6到中音5的范围", "low", "C4"),
        ("Chord progression I - IV - V - I, one chord per bar, C major", "progression", "I IV V I"),
        ("能导出MIDI吗？来个F大调的8小节", "output", "midi"),
        ("i keep messing up minor sixths, can u make a drill w lots of them? key of A minor", "target_intervals", ["+m6"]),
    ],
)
def test_negations_hard_to_sing_jianpu_digits_and_plain_chat_words(text: str, field: str, value: object) -> None:
    result = parse_request(text)
    assert getattr(result.params, field) == value and result.ignored == []


def test_an_accompaniment_style_at_the_end_of_the_request_is_read() -> None:
    result = parse_request("和弦进行用 I-vi-IV-V，C大调，伴奏用琶音")
    assert result.style == "arpeggio" and result.ignored == []


def test_the_instruments_pitch_before_its_name_is_not_left_over() -> None:
    result = parse_request("for Bb trumpet, 8 bars in F major, quarter = 100")
    assert result.params.key == "F" and result.ignored == []
    assert any(line.startswith("trumpet in Bb") for line in result.understood)


def test_wide_leaps_asked_for_widen_them_but_a_struggle_with_them_does_not() -> None:
    assert parse_request("B major with wide leaps").params.max_leap > parse_request("B major").params.max_leap
    assert parse_request("I struggle with big leaps, so mostly steps please").params.max_leap <= 7


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("can you listen to me sing happy birthday and tell me if im in tune", "note: singing is graded against a drill"),
        ("Write SATB harmony parts for my melody", "note: chords for a melody of your own"),
        ("can you transcribe an mp3 of a song I like into sheet music?", "note: a drill request makes a new melody"),
        ("你能帮我把这首歌的录音转成简谱吗", "注意：这里按要求生成新的旋律"),
        ("能不能出四声部的和声听写", "注意：和声听写在课程的测验里"),
    ],
)
def test_work_done_on_another_page_is_answered_with_where(text: str, answer: str) -> None:
    result = parse_request(text)
    assert result.ignored == [] and any(line.startswith(answer) for line in result.understood)


def test_reading_a_request_again_compiles_no_pattern_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's ~530 patterns overflow re's own cache (512): went through it, every request compiled them
    all again (~130 ms of CPU, and far more kernel time in a deep call stack). A request read a second time
    compiles nothing new, and looks (almost) nothing up in re's shared cache."""
    from generation.melody.request import rx

    texts = ["8 bars in G major, stepwise", "一段C大调的旋律，八小节，不要大跳"]
    for text in texts:
        parse_request(text)
    misses = rx.compile.cache_info().misses
    shared: list[object] = []
    compile_shared = re._compile  # type: ignore[attr-defined]

    def counting(pattern: object, flags: int) -> object:
        shared.append(pattern)
        return compile_shared(pattern, flags)

    monkeypatch.setattr(re, "_compile", counting)
    for text in texts:
        parse_request(text)
    assert rx.compile.cache_info().misses == misses
    assert len(shared) < 10, shared


@pytest.mark.parametrize(
    ("text", "previous", "field", "value"),
    [
        # 一百零八 is 108: after 零 a lone digit counts ones (it read 180).
        ("小號，每分鐘一百零八拍，Ｃ大調", None, "tempo", 108),
        ("速度一百二", None, "tempo", 120),
        # A meter in number words without "time": after "in" at the clause's end, or hyphenated.
        ("a rhythm drill with dotted eighths in six eight", None, "meter", "6/8"),
        ("a six-eight jig in D", None, "meter", "6/8"),
        # Lengths: halved alone, cut down to a count, a choice of two counts (the first), a count said twice.
        ("太长了，减半吧", {"level": 3, "bars": 16}, "bars", 8),
        ("too long for my kids, cut it down to four bars", {"level": 3, "bars": 12}, "bars", 4),
        ("也不要太长，四小节或者八小节都行", None, "bars", 4),
        ("8 or 12 bars in G", None, "bars", 8),
        ("高考视唱考十六小节，给我一条十六小节的", None, "bars", 16),
        ("I need a super short easy song in D, 4 bars", None, "bars", 4),
        ("a twelve bar blues kinda thing in G, swing feel", None, "bars", 12),
        # A question answered, and the drill asked for "in it" takes the key answered.
        ("what major key has three flats? write me an 8 bar tune in it", None, "key", "Eb"),
        # 简谱: no note with a dot above (the middle octave's 7 is the top), a first note named after 起音.
        ("简谱里面不要出现高音点的音，1=C", None, "high", "B4"),
        ("sol 起音，1=F，八六拍", None, "start_degree", 5),
        # Strings named as a limit: from the lowest open string to the highest one's first-position reach.
        ("just started violin, something easy on the A and E strings only", None, "low", "A4"),
        ("just started violin, something easy on the A and E strings only", None, "high", "B5"),
        ("大提琴，只在A弦和D弦上，慢一点", None, "low", "D3"),
        ("cello, only on the D string, slow", None, "key", "D"),
        ("My cello student keeps sliding flat on the A string - G major, 2/4", None, "low", "C2"),
        # "teach me" naming what to practise is a drill of it.
        ("teach me intervals - perfect fourths and fifths going up, in C", None, "kind", "interval"),
    ],
)
def test_lengths_numbers_strings_and_keys_answered_are_read(text: str, previous: dict | None, field: str,
                                                            value: object) -> None:
    result = parse_request(text, previous=DrillParams.preset(**previous) if previous else None)
    assert result.params.to_dict()[field] == value
    assert result.ignored == [] or text.startswith("My cello student")


def test_number_words_and_cuts_that_are_not_a_meter_or_a_length_are_not_read_so() -> None:
    assert parse_request("in three four-bar phrases, G major").params.meter == "4/4"
    assert parse_request("cut it down to 100 bpm", previous=DrillParams.preset(3, bars=12)).params.bars == 12


@pytest.mark.parametrize("text", ["trombone lip slurs in Bb, nothing too high, im only 2nd year", "lipslurs for trumpet, C major",
                                  "小号唇连音练习，降B大调，慢速", "長號唇連音，F大調，每分鐘七十二拍"])
def test_lip_slurs_are_leaps_between_chord_notes_and_answered_as_a_technique(text: str) -> None:
    """A brass player's lip slurs: the notes move by the leaps between neighbouring partials (no steps), and the
    slurring itself is said to be the player's (in the request's script)."""
    result = parse_request(text)
    assert result.ignored == []
    assert result.params.allowed_intervals == ["m3", "M3", "P4", "P5", "P8"]
    assert any(line.startswith(("note: lip slurs", "注意：唇连音", "注意：唇連音")) for line in result.understood)
    drill = generate_drill(result.params)
    assert check_drill(drill) == []
    assert all(abs(b.midi - a.midi) >= 3 for a, b in zip(drill.notes, drill.notes[1:], strict=False) if a.midi != b.midi)


@pytest.mark.parametrize(
    "text",
    [
        "I'm a high school choir director, need an alto part sight singing ex, Bb major",
        "hey im a band director, F major 8 bars",
        "cellist here, D minor",
        "jazz learner here - give me a swing feel over ii V I in Bb",
        "my teacher says i need to work on minor sixths, G minor",
        "I'm a music major, D minor please",
        "I teach kindergarten, I need an easy song in D",
        "I'm a music therapy student and I run a group with stroke patients, a simple tune in C",
        "我是一名小学音乐老师，C大调",
        "我是音乐治疗专业的学生，要一段舒缓的旋律，F大调",
        "能不能写成四个声部的合唱",
        "你能帮我听一下我唱得准不准吗",
    ],
)
def test_who_asks_is_read_as_who_asks_and_nothing_is_left_over(text: str) -> None:
    try:
        result = parse_request(text)
    except NoDrillAsked as exc:
        assert exc.ignored == []
        return
    assert result.ignored == []


def test_who_asks_changes_no_setting() -> None:
    said = parse_request("I'm a high school choir director, D minor, 3/4").params.to_dict()
    plain = parse_request("D minor, 3/4").params.to_dict()
    assert {k: v for k, v in said.items() if k != "seed"} == {k: v for k, v in plain.items() if k != "seed"}


def test_a_blues_named_by_its_twelve_bars_gets_the_blues_chords_in_the_key() -> None:
    major = parse_request("a 12 bar blues in G").params
    minor = parse_request("a 12 bar blues in A minor").params
    assert (major.bars, major.progression) == (12, "I I I I IV IV I I V IV I I")
    assert (minor.bars, minor.progression) == (12, "i i i i iv iv i i v iv i i")
    generate_drill(minor)


def test_a_teach_me_naming_nothing_to_practise_stays_a_question() -> None:
    with pytest.raises(NoDrillAsked):
        parse_request("teach me about intervals")


def test_a_string_alone_gets_a_key_that_lies_on_it() -> None:
    params = parse_request("cello, only on the D string, slow").params
    assert (params.low, params.high, params.key) == ("D3", "A3", "D")
    generate_drill(params)
