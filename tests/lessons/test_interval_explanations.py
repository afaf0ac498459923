"""An interval's explanation counts as a theory book does: the letter names it takes in (C to B is seven: a 7th),
then the semitones. It said "6 letter steps (7: a 7th)", which a student had to reconcile, "1 semitones" for a
minor 2nd, and in Chinese "相隔 2 个音名（3 度：三度）"; 基本乐理 says a 3rd 包含 3 个音名."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

from lessons.question_text import explanation_text
from lessons.questions import generate
from tutor.locale_compile import compile_catalogues

ROOT = Path(__file__).resolve().parents[2]


def _explained(kind: str, name: str, **params: object) -> str:
    for seed in range(400):
        q = generate(kind, seed=seed, **params)
        if f"({name})" in q.explanation or f" {name}." in q.explanation.split(":")[0] + ".":
            return q.explanation
    raise AssertionError(f"no {kind} with {name} in 400 seeds")


def _first(kind: str, words: str, **params: object) -> str:
    for seed in range(600):
        q = generate(kind, seed=seed, **params)
        if q.answer == words or q.explanation.lower().startswith((f"a {words} ", f"an {words} ")):
            return q.explanation
    raise AssertionError(f"no {kind} answering {words} in 600 seeds")


@pytest.fixture(autouse=True)
def _compiled() -> None:
    compile_catalogues(ROOT / "locale")


def test_an_interval_is_counted_by_the_letter_names_it_takes_in() -> None:
    seventh = _first("interval_identify", "minor 7th", difficulty=2)
    assert ": 7 letter names (" in seventh and " to " in seventh and "so a 7th; 10 semitones, so a minor 7th (m7)" \
        in seventh, seventh
    second = _first("interval_identify", "minor 2nd", difficulty=2)
    assert ": 2 letter names (" in second and "; 1 semitone, so a minor 2nd (m2)" in second, second
    with translation.override("zh-hans"):
        said = explanation_text(seventh)
        assert "包含 7 个音名（" in said and "），是七度；10 个半音，所以是小七度（m7）" in said, said
        assert "度：" not in said and "相隔" not in said
        assert "1 个半音，所以是小二度" in explanation_text(second)


def test_a_unison_and_a_compound_interval_are_counted_too() -> None:
    unison = _first("interval_identify", "augmented unison", difficulty=3)
    assert ": 1 letter name (" in unison and "so a unison; 1 semitone, so an augmented unison (A1)" in unison, unison
    tenth = _first("interval_identify", "major 10th", difficulty=3)
    assert ": 10 letter names (" in tenth and "so a 10th; 16 semitones, so a major 10th (M10) = a compound" in tenth
    with translation.override("zh-hans"):
        assert "同一个音名（" in explanation_text(unison) and "1 个半音，所以是增一度" in explanation_text(unison)
        assert "包含 10 个音名（" in explanation_text(tenth) and "即复音程" in explanation_text(tenth)


def test_a_second_to_write_is_one_letter_step_and_one_semitone() -> None:
    said = _first("interval_construct", "minor 2nd", difficulty=2)
    assert ": 1 letter step up and 1 semitone." in said or ": 1 letter step down and 1 semitone." in said, said
    with translation.override("zh-hans"):
        assert "1 个音名，1 个半音。" in explanation_text(said), explanation_text(said)


def test_an_interval_to_write_takes_its_article() -> None:
    """"A augmented 4th below F♯3 is C3" (the prompt said "an augmented 4th")."""
    said = _first("interval_construct", "augmented 4th", difficulty=3)
    assert said.startswith("An augmented 4th "), said
    with translation.override("zh-hans"):
        assert not re.search(r"[A-Za-z]{3,}", explanation_text(said)), explanation_text(said)
