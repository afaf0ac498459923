"""Typed 简谱 numbers in note answers: where the question's key defines them (melodic dictation names its key),
"1 2 3 5" is read with 1 as the key's do, as the 简谱 renderer writes the melody; a number that cannot be read
says how to write one; a number typed where no key is given asks for a letter name."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from lessons.question_text import answer_problem_text
from lessons.questions import check_answer, generate
from lessons.questions.check import parse_note
from music.key import key_from_name
from music.movable_do import degree
from tutor.locale_compile import compile_catalogues

ROOT = Path(__file__).resolve().parents[2]


def _jianpu(answer: str, key_name: str, *, marks: bool) -> str:
    """The dictation's answer written in 简谱, by the renderer's own numbering (music.movable_do)."""
    key = key_from_name(key_name)
    notes = [parse_note(n) for n in answer.split()]
    first_octave = notes[0].octave
    assert first_octave is not None
    out = []
    for n in notes:
        assert n.midi is not None
        number, alteration, shift = degree(n.midi, key, middle_octave=first_octave)
        sign = {1: "#", -1: "b", 0: ""}[alteration]
        out.append(sign + str(number) + (("'" * shift if shift > 0 else "," * -shift) if marks else ""))
    return " ".join(out)


@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_a_dictation_takes_the_melody_in_jianpu_numbers_in_its_key(difficulty: int) -> None:
    keys = set()
    for seed in range(40):
        q = generate("ear_melodic_dictation", seed=seed, difficulty=difficulty, answer_mode="note_name")
        keys.add(q.key)
        for marks in (False, True):
            typed = _jianpu(q.answer, q.key, marks=marks)
            assert check_answer(q, typed)[0], (q.key, q.answer, typed)
        # one number a step off is wrong, and so is a note an octave off when the octave is written
        wrong = _jianpu(q.answer, q.key, marks=True).split()
        last = wrong[-1]
        wrong[-1] = ("1" if last.lstrip("#b")[0] != "1" else "2") + last.lstrip("#b")[1:]
        assert not check_answer(q, " ".join(wrong))[0], (q.answer, wrong)
    assert len(keys) > 1


def test_octave_marks_dots_and_commas_as_a_student_types_them() -> None:
    q = generate("ear_melodic_dictation", seed=1, difficulty=1, answer_mode="note_name")
    assert (q.key, q.answer) == ("C", "C4 B3 C4")
    for typed in ("1 7 1", "1 7, 1", "1 7\u0323 1", "1,7,,1", "1, 7, 1", "１ ７， １"):
        assert check_answer(q, typed)[0], typed
    assert not check_answer(q, "1 7' 1")[0]  # ti above do is not the ti below it
    assert check_answer(q, "C4 B3 C4")[0]  # letter names still read


def test_a_minor_key_counts_from_its_relative_major_as_the_jianpu_renderer_does() -> None:
    for seed in range(200):
        q = generate("ear_melodic_dictation", seed=seed, difficulty=3, answer_mode="note_name")
        if q.key[:1].islower():
            break
    else:
        raise AssertionError("no minor key in 200 seeds")
    typed = _jianpu(q.answer, q.key, marks=True)
    assert check_answer(q, typed)[0]
    assert typed.split()[-1].rstrip("',") == "6"  # the melody ends on its tonic: la


def test_a_number_that_cannot_be_read_says_how_to_write_one() -> None:
    q = generate("ear_melodic_dictation", seed=1, difficulty=1, answer_mode="note_name")
    ok, feedback = check_answer(q, "1 8 1")
    assert not ok and "'8' is not a jianpu number" in feedback and "1 is C here" in feedback
    compile_catalogues(ROOT / "locale")
    with translation.override("zh-hans"):
        assert answer_problem_text(feedback).startswith("“8”不是简谱音符")


def test_a_number_where_no_key_is_given_asks_for_a_letter_name() -> None:
    q = generate("interval_construct", seed=1, difficulty=1, answer_mode="note_name")
    ok, feedback = check_answer(q, "5")
    assert not ok and feedback == "'5' is a number: type a letter name A-G, e.g. G or F#4."
    compile_catalogues(ROOT / "locale")
    with translation.override("zh-hans"):
        assert answer_problem_text(feedback) == "“5”是数字：请写音名 A–G，如 G 或 F#4。"
    # a small b before a digit alone is still the note B, as quiz15's sign-first reading left it
    assert check_answer(q, "b3")[1] != feedback and "number" not in check_answer(q, "b3")[1]


def test_an_octave_written_apart_after_a_spelled_out_note_is_not_read_as_a_number() -> None:
    for seed in range(40):
        q = generate("interval_construct", seed=seed, difficulty=2, answer_mode="note_name")
        if q.answer == "Ab3":
            break
    else:
        raise AssertionError("no A♭3 answer in 40 seeds")
    assert check_answer(q, "a flat 3")[0] and check_answer(q, "A flat 3")[0]


def test_a_wrong_note_typed_in_jianpu_is_named_as_typed_and_the_melody_given_in_jianpu() -> None:
    """"F♯6 is not the pitch E5" answered "5, 7 1 7, 1": the student wrote numbers and was answered in letters
    only. The wrong number is named as typed, with its note, and the melody is written in 简谱 too."""
    q = generate("ear_melodic_dictation", seed=1, difficulty=1, answer_mode="note_name")
    assert (q.key, q.answer) == ("C", "C4 B3 C4")
    ok, feedback = check_answer(q, "1 6, 1")
    assert not ok and feedback.startswith("6, (A3) is not the pitch B3."), feedback
    assert "In jianpu (1 = C): 1 7, 1." in feedback, feedback
    compile_catalogues(ROOT / "locale")
    with translation.override("zh-hans"):
        said = answer_problem_text(feedback)
        assert "简谱（1 = C）：1 7, 1。" in said and "6, (A3)" in said, said
    ok, feedback = check_answer(q, "C4 A3 C4")  # letters typed: answered in letters, as before
    assert not ok and "jianpu" not in feedback and feedback.startswith("A3 is not the pitch B3."), feedback
