"""Answer checking: the enharmonic rule, clefs, double accidentals, compound intervals, bad input."""

from __future__ import annotations

import dataclasses

import pytest
from music21 import converter

from lessons.questions import Question, check_answer, generate, musicxml, parse_interval, parse_note
from lessons.questions.check import MalformedAnswer
from lessons.services import answer_refusal
from music.interval import Interval


def note_question(answer: str, *, match: str, mode: str = "note_name", octave: str = "optional") -> Question:
    return Question(id="x", seed=0, kind="test", prompt="?", answer_mode=mode,  # type: ignore[arg-type]
                    answer=answer, explanation="Because.", tags=("clef:treble",), params={},
                    match=match, octave=octave)  # type: ignore[arg-type]


def test_it_marks_an_enharmonic_wrong_when_spelling_is_asked() -> None:
    q = note_question("F#4", match="spelling")
    assert check_answer(q, "F#4")[0]
    ok, feedback = check_answer(q, "Gb4")
    assert not ok and "spelled differently" in feedback
    assert not check_answer(q, "Gb")[0]


def test_it_marks_an_enharmonic_right_when_only_the_pitch_is_asked() -> None:
    q = note_question("F#4", match="pitch")
    assert check_answer(q, "Gb4")[0]
    assert check_answer(q, "Gb")[0]  # octave optional here
    assert check_answer(q, "E##4")[0]
    assert not check_answer(q, "Gb5")[0]
    assert not check_answer(q, "G4")[0]


def test_it_applies_the_rule_in_generated_questions() -> None:
    for seed in range(200):
        q = generate("interval_construct", seed=seed, answer_mode="note_name")
        n = parse_note(q.answer)
        for alter in (-2, -1, 0, 1, 2):
            for step in range(7):
                if step != n.step and ((" C D EF G A B".index(" CDEFGAB"[step + 1]) - 1 + alter) % 12
                                       == n.pitch_class):
                    other = "CDEFGAB"[step] + {-2: "bb", -1: "b", 0: "", 1: "#", 2: "##"}[alter]
                    assert not check_answer(q, f"{other}{n.octave}")[0], (q.answer, other)
        ear = generate("ear_interval", seed=seed, answer_mode="note_name", directions=["ascending"])
        m = parse_note(ear.answer)
        enharmonic = {0: "B#", 1: "Db", 2: "C##", 3: "D#", 4: "Fb", 5: "E#", 6: "Gb", 7: "F##", 8: "Ab",
                      9: "Bbb", 10: "A#", 11: "Cb"}[m.pitch_class]
        octave = m.octave + (-1 if enharmonic == "B#" else 1 if enharmonic == "Cb" else 0)
        assert check_answer(ear, f"{enharmonic}{octave}")[0], (ear.answer, enharmonic, octave)


def test_it_takes_keyboard_clicks_as_pitches_or_midi_numbers() -> None:
    q = generate("note_construct_keyboard", seed=4)
    midi = parse_note(q.answer).midi
    assert midi is not None
    assert check_answer(q, midi)[0]
    assert check_answer(q, str(midi))[0]
    assert not check_answer(q, midi + 1)[0]
    q = dataclasses.replace(q, answer="F#4")
    assert check_answer(q, "Gb4")[0] and check_answer(q, 66)[0]


@pytest.mark.parametrize("text", ["²", "٦٠", "9" * 5000, " 6² "])
def test_it_reads_a_keyboard_answer_of_odd_digits_as_a_wrong_note_name_not_a_crash(text: str) -> None:
    """"²".isdigit() is true, and int() refused it (and 5000 digits): the answer endpoint answered 500."""
    q = generate("note_construct_keyboard", seed=4)
    correct, feedback = check_answer(q, text)
    assert not correct and "note name" in feedback
    assert answer_refusal(q, text)


@pytest.mark.parametrize(("text", "step", "alter", "octave", "midi"), [
    ("F##4", 3, 2, 4, 67), ("Fx4", 3, 2, 4, 67), ("F\U0001d12a4", 3, 2, 4, 67), ("fx4", 3, 2, 4, 67),
    ("Bbb3", 6, -2, 3, 57), ("B\U0001d12b3", 6, -2, 3, 57), ("B\u266d\u266d3", 6, -2, 3, 57), ("B--3", 6, -2, 3, 57),
    ("bb3", 6, -1, 3, 58), ("B-3", 6, -1, 3, 58), ("Cb4", 0, -1, 4, 59), ("B#3", 6, 1, 3, 60),
    ("E\u266f4", 2, 1, 4, 65), ("G\u266e5", 4, 0, 5, 79), (" a4 ", 5, 0, 4, 69),
])
def test_it_reads_double_sharps_flats_and_unicode(text: str, step: int, alter: int, octave: int, midi: int) -> None:
    n = parse_note(text)
    assert (n.step, n.alter, n.octave, n.midi) == (step, alter, octave, midi)


def test_it_checks_double_accidentals_by_spelling() -> None:
    q = note_question("F##4", match="spelling")
    assert check_answer(q, "Fx4")[0] and check_answer(q, "F\U0001d12a4")[0] and check_answer(q, "f##4")[0]
    assert not check_answer(q, "G4")[0]
    q = note_question("Bbb3", match="spelling")
    assert check_answer(q, "B\U0001d12b3")[0] and check_answer(q, "bbb3")[0]
    assert not check_answer(q, "A3")[0]


@pytest.mark.parametrize(("text", "name"), [
    ("f sharp", "F#"), ("F sharp 4", "F#4"), ("b-flat 3", "Bb3"), ("B flat", "Bb"), ("e double flat", "Ebb"),
    ("C double sharp 5", "C##5"), ("G natural", "G"),
    ("升F", "F#"), ("降B3", "Bb3"), ("重升F4", "F##4"), ("重降B", "Bbb"), ("升c", "C#"), ("还原E", "E"),
])
def test_it_reads_accidentals_written_in_words_and_in_chinese(text: str, name: str) -> None:
    """A student types "f sharp" or, in Chinese, 升F (the accidental first): both were "not a note name"."""
    assert parse_note(text).ascii == name


def test_an_enharmonic_in_another_octave_is_not_said_to_sound_the_same() -> None:
    """B♭2 for A♯4 was told it "sounds the same as A♯4 but is spelled differently": it is two octaves lower."""
    q = note_question("A#4", match="spelling")
    verdict, feedback = check_answer(q, "Bb2")
    assert not verdict and "sounds the same" not in feedback and feedback.startswith("B♭2 is not A♯4.")
    assert "sounds the same as A♯4" in check_answer(q, "Bb4")[1]
    assert "sounds the same as A♯" in check_answer(note_question("A#", match="spelling"), "Bb")[1]


@pytest.mark.parametrize(("text", "name"), [
    ("#F4", "F#4"), ("♯F", "F#"), ("#f", "F#"), ("##C5", "C##5"), ("bB3", "Bb3"), ("♭B", "Bb"), ("♭b3", "Bb3"),
    ("bbE", "Ebb"), ("Ｆ＃４", "F#4"), ("ｂＢ３", "Bb3"),
    ("bb3", "Bb3"), ("b3", "B3"), ("Eb", "Eb"),  # a small b before a small letter or a digit is still the note B
])
def test_it_reads_a_sign_written_before_the_letter_and_full_width_keys(text: str, name: str) -> None:
    """A Chinese textbook writes #F and bB, signs first as in 简谱 (#4), and a Chinese keyboard may type full-width
    Ｆ＃４: each was "not a note name", so a student who knew the answer was told it was unreadable."""
    assert parse_note(text).ascii == name


def test_it_checks_a_spelled_note_typed_in_words_by_its_spelling() -> None:
    q = note_question("F#4", match="spelling")
    for text in ("f sharp 4", "F sharp", "升F4", "升F", "#F4", "♯F4"):
        assert check_answer(q, text)[0], text
    assert not check_answer(q, "降G4")[0] and not check_answer(q, "G flat 4")[0]  # the enharmonic spelling
    assert not check_answer(q, "bG4")[0]
    assert not check_answer(q, "F4")[0]
    dictation = note_question("F#4 G4 Bb4", match="pitch")
    assert check_answer(dictation, "升F4 G4 降B4")[0] and check_answer(dictation, "F sharp 4, G4, B flat 4")[0]
    assert check_answer(dictation, "#F4 G4 bB4")[0] and check_answer(dictation, "#F4，G4，bB4")[0]


#: The quality and number characters of a Chinese interval name, as a theory textbook writes them.
ZH_QUALITY = {"P": "纯", "M": "大", "m": "小", "A": "增", "d": "减"}
ZH_NUMBER = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五")


def test_it_takes_chinese_interval_names() -> None:
    """大三度, 纯五度, 增四度, 减五度, 大十度: the names a student taught in Chinese types for an interval."""
    seen = set()
    for seed in range(150):
        q = generate("interval_identify", seed=seed, difficulty=3)
        iv = parse_interval(q.answer)
        assert check_answer(q, f"{ZH_QUALITY[iv.quality]}{ZH_NUMBER[iv.number]}度")[0], q.answer
        other = "减" if iv.quality == "A" else "增"
        assert not check_answer(q, f"{other}{ZH_NUMBER[iv.number]}度")[0], q.answer
        seen.add(iv.quality)
    assert seen == set(ZH_QUALITY)
    assert parse_interval("复大三度") == parse_interval("大十度") == Interval("M", 10)


@pytest.mark.parametrize("text", ["H4", "F#x4", "Gbbb4", "C#10", "4C", "C 4 E", "", "  ", "do"])
def test_it_explains_malformed_notes_instead_of_raising(text: str) -> None:
    q = note_question("C4", match="spelling")
    ok, feedback = check_answer(q, text)
    assert not ok and feedback


def test_it_explains_a_missing_octave_where_one_is_required() -> None:
    q = note_question("C4", match="spelling", mode="staff_click", octave="required")
    ok, feedback = check_answer(q, "C")
    assert not ok and "octave" in feedback
    assert not check_answer(q, None)[0]
    assert not check_answer(q, 60)[0]  # a staff click is a spelled note, not a number


def test_it_reads_compound_intervals_every_way() -> None:
    m10 = Interval("M", 10)
    for text in ("M10", "+M10", "major 10th", "Major tenth", "compound major third", "M3+P8", "M3 + octave",
                 "maj 10"):
        assert parse_interval(text) == m10, text
    assert parse_interval("P15") == parse_interval("P8+P8")
    assert parse_interval("m9") == Interval("m", 9) and parse_interval("A11") == Interval("A", 11)
    assert parse_interval("m3") != parse_interval("M3")


def test_it_accepts_any_name_of_the_interval_and_not_the_simple_one_for_a_compound() -> None:
    for seed in range(400):
        q = generate("interval_identify", seed=seed, max_number=15, qualities=["M", "m", "P"])
        iv = parse_interval(q.answer)
        assert check_answer(q, iv.name)[0]
        if iv.is_compound:
            octaves = (iv.number - iv.simple.number) // 7
            simple = iv.simple if iv.simple.number != 8 else Interval("P", 8)
            assert check_answer(q, f"{simple.name}" + "+P8" * octaves)[0], q.answer
            if iv.simple.number < 8:
                assert not check_answer(q, iv.simple.name)[0]
            return_seen = True
    assert return_seen


@pytest.mark.parametrize("text", ["P3", "M5", "X4", "major", "3", "M3+P5", "M30"])
def test_it_explains_malformed_intervals(text: str) -> None:
    with pytest.raises(MalformedAnswer):
        parse_interval(text)
    q = generate("interval_identify", seed=1)
    ok, feedback = check_answer(q, text)
    assert not ok and feedback


def test_it_answers_choices_by_text_case_safely() -> None:
    q = generate("chord_identify", seed=2, ask=["quality"])
    assert check_answer(q, q.answer.upper())[0]
    ok, feedback = check_answer(q, "no such chord")
    assert not ok and "not one of the choices" in feedback
    q = generate("roman_numeral", seed=11)
    ascii_answer = q.answer.replace("°", "o").replace("ø", "/o")
    assert check_answer(q, ascii_answer)[0]


@pytest.mark.parametrize("clef", ["treble", "bass", "alto", "tenor"])
def test_it_shows_in_each_clef_the_note_it_expects(clef: str) -> None:
    for seed in range(25):
        q = generate("note_identify", seed=seed, clefs=[clef], answer_mode="note_name", accidentals="double",
                     ledger_lines=3)
        assert q.notation is not None
        score = converter.parse(musicxml(q.notation), format="musicxml")
        shown = score.recurse().notes.first()
        clef_obj = score.recurse().getElementsByClass("Clef").first()
        assert (clef_obj.sign, clef_obj.line) == {"treble": ("G", 2), "bass": ("F", 4), "alto": ("C", 3),
                                                  "tenor": ("C", 4)}[clef]
        assert shown.pitch.nameWithOctave.replace("-", "b") == q.answer
        assert check_answer(q, q.answer)[0]
        enharmonic = shown.pitch.getEnharmonic()
        if enharmonic.accidental is None or abs(enharmonic.accidental.alter) <= 2:
            assert not check_answer(q, enharmonic.nameWithOctave.replace("-", "b"))[0]


def test_it_never_raises_on_junk_answers() -> None:
    import random

    rng = random.Random(0)
    alphabet = "ABCDEFGabcdefgx#b♯♭𝄪𝄫-+ 0123456789MmPAd/o°ø,;"
    questions = [generate(kind, seed=1) for kind in ("note_identify", "interval_identify", "interval_construct",
                                                   "note_construct_keyboard", "ear_melodic_dictation",
                                                   "roman_numeral", "scale_construct")]
    junk: list[object] = [None, 3.5, -1, True, ["C4"], {"a": 1}, "\x00", "C" * 500]
    junk += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(400)]
    for q in questions:
        for answer in junk:
            ok, feedback = check_answer(q, answer)
            assert isinstance(ok, bool) and isinstance(feedback, str) and feedback


def test_it_asks_chord_inversions_by_ear_only_where_they_can_be_heard() -> None:
    for seed in range(200):
        q = generate("ear_chord_quality", seed=seed, ask="inversion", qualities=["maj", "aug", "dim7"])
        assert "chord:aug" not in q.tags and "chord:dim7" not in q.tags
        assert q.answer in ("root position", "first inversion", "second inversion", "third inversion")


def test_it_keeps_the_docstring_examples_true() -> None:
    import doctest

    import lessons.questions

    result = doctest.testmod(lessons.questions)
    assert result.failed == 0 and result.attempted > 0
