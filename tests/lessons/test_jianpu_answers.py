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


_SYLLABLES = {"1": "do", "2": "re", "3": "mi", "4": "fa", "5": "sol", "6": "la", "7": "ti",
              "#1": "di", "#2": "ri", "#4": "fi", "#6": "li", "b2": "ra", "b5": "se", "b6": "le"}
_HANZI = {"1": "哆", "2": "来", "3": "咪", "4": "发", "5": "嗦", "6": "拉", "7": "西"}
_SPOKEN_OCTAVE = {",": "低音", "'": "高音", ",,": "倍低音", "''": "倍高音"}


def _sung(jianpu: str, *, syllables: dict[str, str]) -> list[tuple[str, str]]:
    """Each 简谱 token as (its syllable, its octave marks)."""
    out = []
    for token in jianpu.split():
        number = token.rstrip(",'")
        out.append((syllables.get(number, number), token[len(number):]))
    return out


@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_a_dictation_takes_the_melody_sung_in_movable_do_in_its_key(difficulty: int) -> None:
    """do re mi with do the key's 1 (a minor key's relative major, as its 简谱 line says), marks as in 简谱;
    哆来咪 run together; 低音7 / 高音1 said as a Chinese class says a dotted number."""
    for seed in range(30):
        q = generate("ear_melodic_dictation", seed=seed, difficulty=difficulty, answer_mode="note_name")
        jianpu = _jianpu(q.answer, q.key, marks=True)
        sung = _sung(jianpu, syllables=_SYLLABLES)
        if any(not s.isalpha() for s, _ in sung):  # a chromatic note with no syllable of its own: left out
            continue
        for typed in (" ".join(s + m for s, m in sung), " ".join(s.capitalize() for s, _ in sung),
                      " ".join(_SPOKEN_OCTAVE.get(m, "") + n.rstrip(",'")
                               for n, m in ((t, t[len(t.rstrip(",'")):]) for t in jianpu.split()))):
            assert check_answer(q, typed)[0], (q.key, q.answer, typed)
        if all(t.rstrip(",'") in _HANZI for t in jianpu.split()):
            hanzi = "".join(_SPOKEN_OCTAVE.get(t[len(t.rstrip(",'")):], "") + _HANZI[t.rstrip(",'")]
                            for t in jianpu.split())  # 哆来咪, 低音西
            assert check_answer(q, hanzi)[0], (q.answer, hanzi)
        wrong = [s for s, _ in sung]
        wrong[-1] = "re" if wrong[-1] != "re" else "mi"
        assert not check_answer(q, " ".join(wrong))[0], (q.answer, wrong)


def test_syllables_typed_run_together_are_read_as_sung() -> None:
    """A student types "doremi" as readily as "do re mi": a run of letters that splits into syllables one way only
    is read as those syllables; feedback still names each as sung. Letter names are not split."""
    q = generate("ear_melodic_dictation", seed=1, difficulty=1, answer_mode="note_name")
    assert (q.key, q.answer) == ("C", "C4 B3 C4")
    assert check_answer(q, "do ti, do")[0]
    assert check_answer(q, "Doti, Do")[0]
    right, feedback = check_answer(q, "dola, do")
    assert not right and feedback.startswith("La, (A3) is not the pitch B3."), feedback
    read = 0
    for seed in range(60):
        q = generate("ear_melodic_dictation", seed=seed, difficulty=2, answer_mode="note_name")
        sung = _sung(_jianpu(q.answer, q.key, marks=True), syllables=_SYLLABLES)
        if any(not s.isalpha() or m for s, m in sung):  # chromatic or octave-marked: written apart above
            continue
        assert check_answer(q, "".join(s for s, _ in sung))[0], (q.key, q.answer, sung)
        read += 1
    assert read >= 5
    assert check_answer(generate("interval_construct", seed=7, answer_mode="note_name"), "cde")[1] != (
        "'cde' is sung in solfège, and this question names no key: type a letter name A-G, e.g. G or F#4.")


def test_a_wrong_sung_note_is_named_as_sung() -> None:
    q = generate("ear_melodic_dictation", seed=1, difficulty=1, answer_mode="note_name")
    assert (q.key, q.answer) == ("C", "C4 B3 C4")
    assert check_answer(q, "do ti, do")[0] and check_answer(q, "do 低音7 do")[0] and check_answer(q, "哆 西 哆")[0]
    right, feedback = check_answer(q, "do la, do")
    assert not right and feedback.startswith("La, (A3) is not the pitch B3."), feedback


@pytest.mark.parametrize(("typed", "reason", "chinese"), [
    ("do si do", "'si' can mean 7 or #5: type the jianpu number you mean.", "“si”可以是 7，也可以是 #5：请输入你要的简谱数字。"),
    ("do te do", "'te' can mean 7 or b7: type the jianpu number you mean.", "“te”可以是 7，也可以是 b7：请输入你要的简谱数字。"),
    ("do me do", "'me' can mean 3 or b3: type the jianpu number you mean.", "“me”可以是 3，也可以是 b3：请输入你要的简谱数字。"),
    ("do #ti# do", "'#ti#' has a sign on both sides: write one, before it (#fa).", "“#ti#”前后都有升降号：只写一个，写在前面（#fa）。"),
    ("do do", "Give 3 note names, separated by spaces.", "请写出 3 个音名，用空格隔开。"),
])
def test_a_sung_answer_that_cannot_be_read_one_way_is_refused_on_the_page(typed: str, reason: str, chinese: str) -> None:
    from lessons.services import answer_refusal  # noqa: PLC0415 - needs Django settings

    compile_catalogues(ROOT / "locale")
    q = generate("ear_melodic_dictation", seed=1, difficulty=1, answer_mode="note_name")
    assert answer_refusal(q, typed) == reason
    with translation.override("zh-hans"):
        assert answer_problem_text(reason) == chinese


def test_solfege_where_no_key_is_given_asks_for_a_letter_name() -> None:
    q = generate("interval_construct", seed=7, answer_mode="note_name")
    assert not q.key
    right, feedback = check_answer(q, "sol")
    assert not right and feedback == ("'sol' is sung in solfège, and this question names no key: type a letter name "
                                      "A-G, e.g. G or F#4.")
    assert check_answer(q, q.answer)[0]  # letter names still read


def test_the_melody_in_jianpu_numbers_a_flat_as_written() -> None:
    """The answer written back in 简谱 numbers each note from its letter: B♭4 in C is b7, A♯4 is #6 (issue 17)."""
    from lessons.questions.check import _jianpu_text

    assert _jianpu_text(tuple(parse_note(n) for n in ("C5", "Bb4", "A#4", "G4")), "C") == "1' b7 #6 5"
