"""Question prompts and choices in Chinese: every generator, several seeds and every answer mode,
with no English word left; English unchanged; a Chinese choice still posts the answer as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from lessons.question_text import choice_text, explanation_text, prompt_text
from lessons.questions.check import check_answer
from lessons.questions.registry import GENERATORS, generate
from tutor.locale_compile import compile_catalogues

ROOT = Path(__file__).resolve().parents[2]
SEEDS = range(8)
MODES = ({}, {"answer_mode": "choice"}, {"answer_mode": "note_name"}, {"answer_mode": "staff_click"},
         {"difficulty": 3}, {"difficulty": 3, "convention": "chinese"})
#: Latin letters a Chinese page keeps: Roman numerals (V65/iv, vii°7), note names and solfège.
KEPT = re.compile(r"(?<![A-Za-z])(?:[ivIV]+[°ø+]?\d*(?:/[ivIV]+)?|[A-G](?:#|b|♯|♭|𝄪|𝄫)?\d?|do|re|mi|fa|sol|la|ti)"
                  r"(?![A-Za-z])")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _questions(kind: str) -> list:  # type: ignore[type-arg]
    out = []
    for seed in SEEDS:
        for extra in MODES:
            try:
                out.append(generate(kind, seed=seed, **extra))
            except (ValueError, TypeError, KeyError):
                continue  # a mode this kind does not offer
    return out


def _english_left(text: str) -> list[str]:
    return LATIN_WORD.findall(KEPT.sub(" ", text))


@pytest.fixture(autouse=True)
def _compiled() -> None:
    compile_catalogues(ROOT / "locale")


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_every_prompt_and_choice_reads_in_chinese(kind: str) -> None:
    questions = _questions(kind)
    assert questions, kind
    left: dict[str, list[str]] = {}
    with translation.override("zh-hans"):
        for q in questions:
            for text in (prompt_text(q.prompt), *(choice_text(c) for c in q.choices)):
                if _english_left(text):
                    left[text] = _english_left(text)
    assert left == {}


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_every_explanation_and_answer_feedback_reads_in_chinese(kind: str) -> None:
    left: dict[str, list[str]] = {}
    with translation.override("zh-hans"):
        for q in _questions(kind):
            wrong = next((c for c in q.choices if c != q.answer), "")
            for text in (q.explanation, check_answer(q, q.answer)[1], check_answer(q, wrong)[1] if wrong else ""):
                said = explanation_text(text)
                if _english_left(said):
                    left[said] = _english_left(said)
    assert left == {}


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_english_readers_see_the_generators_words_unchanged(kind: str) -> None:
    with translation.override("en"):
        for q in _questions(kind)[:6]:
            assert prompt_text(q.prompt) == q.prompt
            assert [choice_text(c) for c in q.choices] == list(q.choices)
            assert explanation_text(q.explanation) == q.explanation


@pytest.mark.parametrize(("english", "chinese"), [
    ("Which major key has this key signature?", "这个调号是哪个大调？"),
    ("Write the note a minor 6th above E♭4. Type its name (octave optional).",
     "写出 E♭4 上方小六度的音。输入音名（八度可写可不写）。"),
    ("Listen to the phrase in A minor. Which cadence ends it?", "听这个a小调的乐句。它以哪种终止式结束？"),
    ("How many eighth notes last as long as a dotted quarter note?", "多少个八分音符的时值等于一个附点四分音符？"),
])
def test_prompts_read_as_a_chinese_teacher_writes_them(english: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert prompt_text(english) == chinese


@pytest.mark.parametrize(("english", "chinese"), [
    ("dominant seventh, first inversion", "属七和弦，第一转位"), ("perfect authentic (PAC)", "完满正格终止"),
    ("augmented 4th", "增四度"), ("2 sharps: F♯ C♯", "2 个升号：F♯ C♯"), ("G♯ minor", "升g小调"),
    ("dotted quarter tied to eighth, eighth", "附点四分音符连八分音符、八分音符"), ("passing tone", "经过音"),
    ("simple triple", "单三拍子"),
])
def test_choices_use_the_standard_terms(english: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert choice_text(english) == chinese


@pytest.mark.parametrize(("english", "chinese"), [
    ("The chords are I IV I: IV goes to I. The cadence is plagal (IV–I).",
     "和弦为 I IV I：IV 进行到 I。这是变格终止（IV–I）。"),
    ("You chose a major 3rd, but this is a minor 3rd. The two notes are 3 semitones apart: a minor 3rd.",
     "你选的是大三度，但这是小三度。两个音相距 3 个半音：小三度。"),
    ("B minor has 2 sharps (F♯, C♯); its relative major is D major.",
     "b小调的调号：2 个升号（F♯, C♯）；它的关系大调是D大调。"),
    ("The last sharp, C♯, is the leading note of the relative major: its tonic, D, is a half step above it. "
     "The minor tonic is a minor third (three half steps) below D: B.",
     "最后一个升号 C♯ 是关系大调的导音：大调主音 D 在它上方小二度。小调主音在 D 下方小三度（三个半音）：B。"),
    ("A dot adds half the note's value; a second dot adds half of that.", "附点增加原音符时值的一半；第二个附点再增加前一个附点的一半。"),
])
def test_explanations_read_as_a_chinese_teacher_writes_them(english: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert explanation_text(english) == chinese


def test_an_unknown_sentence_is_shown_as_written() -> None:
    with translation.override("zh-hans"):
        assert prompt_text("A sentence no generator writes.") == "A sentence no generator writes."


def _refusals() -> list[str]:
    """Every reason an answer cannot be read, as the checking code writes it, from real bad answers."""
    from lessons.questions.check import MalformedAnswer, parse_interval, parse_note, parse_notes
    from lessons.services import answer_refusal

    said = [answer_refusal(generate(kind, seed=1, **extra), answer) for kind, extra, answer in (
        ("note_identify", {}, " "),
        ("note_identify", {}, "Z"),
        ("interval_identify", {}, "Q3"),
        ("interval_identify", {}, "M3+x"),
        ("interval_identify", {}, "P3"),
        ("interval_construct", {}, "H4"),
        ("ear_melodic_dictation", {}, "C4 E4"),
        ("note_construct", {}, "C#"),
        ("sing_notation", {}, "C4"),
        ("part_writing", {}, "C4"),
        ("part_writing", {}, "C4 | D4 | E4 | F4"),
        ("part_writing", {}, "B4 C5 B4 E5 | E4 E4 D#4 E4 | B3 A3 B3 G3 | E3 A2 B2 Q"),
    )]
    for bad, parse in (("C###4", parse_note), ("", parse_notes), ("", parse_interval)):
        try:
            parse(bad)  # type: ignore[operator]
        except MalformedAnswer as exc:
            said.append(str(exc))
    assert None not in said
    return [s for s in said if s]


def test_every_reason_an_answer_cannot_be_read_is_said_in_chinese() -> None:
    from lessons.question_text import answer_problem_text

    compile_catalogues(ROOT / "locale")
    refusals = _refusals()
    assert len(set(refusals)) >= 12, refusals
    assert any("is not a note name" in r for r in refusals) and any("notes; give" in r for r in refusals)
    with translation.override("zh-hans"):
        said = {r: answer_problem_text(r) for r in refusals}
    left = {r: z for r, z in said.items() if set(_english_left(z)) - {"POST", "URL"} or not re.search(r"[\u4e00-\u9fff]", z)}
    assert left == {}
    with translation.override("en"):
        assert [answer_problem_text(r) for r in refusals] == refusals


@pytest.mark.parametrize(("kind", "seed", "wrong", "english", "chinese"), [
    # a wrong interval is named with its article, then what it is
    ("interval_identify", 3, "augmented 6th", "You chose an augmented 6th, but this is a minor 7th. From C3",
     "你选的是增六度，但这是小七度。从 C3"),
    # any other choice quoted as offered, with the right one
    ("key_signature_identify", 3, "E♭ minor", "You chose 'E♭ minor'; the answer is 'B♭ minor'. B♭ minor has",
     "你选的是“降e小调”，答案是“降b小调”。"),
])
def test_a_wrong_choice_says_what_was_chosen_and_what_is_right(
    kind: str, seed: int, wrong: str, english: str, chinese: str
) -> None:
    q = generate(kind, seed=seed)
    verdict, feedback = check_answer(q, wrong)
    assert not verdict and feedback.startswith(english), feedback
    with translation.override("zh-hans"):
        assert explanation_text(feedback).startswith(chinese), explanation_text(feedback)


def test_a_note_name_or_number_is_set_off_from_chinese_by_a_space() -> None:
    q = generate("note_identify", seed=3)
    with translation.override("zh-hans"):
        assert explanation_text(check_answer(q, q.answer)[1]) == f"答案正是 {q.answer}。"
        # a value said in Chinese joins the text with no space
        assert explanation_text("Correct: minor 7th.") == "答案正是小七度。"


@pytest.mark.parametrize(("english", "chinese"), [
    # E4 on the treble staff: the bottom line, where it said "4 steps below the middle line"
    ("In the treble clef, E4 is on the first line.", "在高音谱号中，E4 在第一线。"),
    ("In the treble clef, C4 is on the first ledger line below the staff.", "在高音谱号中，C4 在下加一线。"),
    ("In the treble clef, D4 is in the space below the staff.", "在高音谱号中，D4 在下加一间。"),
    ("In the treble clef, B5 is in the space above the first ledger line.", "在高音谱号中，B5 在上加二间。"),
    ("In the bass clef, G3 is in the fourth space.", "在低音谱号中，G3 在第四间。"),
])
def test_a_placed_note_is_named_by_its_line_or_space(english: str, chinese: str) -> None:
    clef, note = re.match(r"In the (\w+) clef, (\S+) is", english).groups()  # type: ignore[union-attr]
    q = next(q for s in range(3000)
             if (q := generate("note_construct", seed=s, clefs=[clef], accidentals="none", ledger_lines=2)).answer == note)
    assert q.explanation == english
    with translation.override("zh-hans"):
        assert explanation_text(q.explanation) == chinese
