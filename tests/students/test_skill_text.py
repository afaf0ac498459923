"""Weak spots and drill settings in Chinese, said again from the Django-free English of students.skills."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from students.skill_text import practice_setting_text, weak_spot_text
from students.skills import WeakSpot, practice_setting_next
from tutor.locale_compile import compile_catalogues
from tutor.mastery import Mastery

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _compiled() -> None:
    compile_catalogues(ROOT / "locale")


def _spot(tag: str, summary: str, examples: list[str]) -> WeakSpot:
    return WeakSpot(tag=tag, mastery=Mastery(tag=tag, mean=0.2, sd=0.1, weight=5.0, recent_wrong=3, recent_total=4), label="x", summary=summary,
                    examples=examples)


def test_a_weak_spot_reads_in_chinese() -> None:
    spot = _spot("pc:F#@G", "F♯4 in G major: flat in 7 of the last 9",
                 ["F♯4 39 cents flat", "F♯4: sang G4 instead", "A4 to F♯4 30 cents narrow", "F♯4 in tune (+4 cents)"])
    with translation.override("zh-hans"):
        said = weak_spot_text(spot)
    assert said.label == "G大调中的 F♯"
    assert said.summary == "G大调中的 F♯4：最近 9 次中有 7 次偏低"
    assert said.examples == ["F♯4 偏低 39 音分", "F♯4：唱成了 G4", "A4 到 F♯4 偏窄 30 音分", "F♯4 音准（+4 音分）"]


def test_english_weak_spots_are_left_as_written() -> None:
    spot = _spot("int:+m6", "rising minor sixth: wrong in 4 of the last 4", ["C4 to A♭4 off"])
    with translation.override("en"):
        assert weak_spot_text(spot) == spot


@pytest.mark.parametrize(("language", "examples"), [
    ("en", ["Key signature construction: answered “1 sharp: F♯”", "Key signature identification: answered “A♭ major”"]),
    ("zh-hans", ["写调号：答了“1 个升号：F♯”", "调号识别：答了“降A大调”"]),
])
def test_a_quiz_answer_under_a_weak_spot_names_the_question_not_its_code(language: str, examples: list[str]) -> None:
    # The progress page listed "key_signature_construct: 1 sharp: F♯", the question type's code, in either language.
    spot = _spot("key:A", "key signatures: wrong in 9 of the last 10",
                 ["key_signature_construct: 1 sharp: F♯", "key_signature_identify: A♭ major"])
    with translation.override(language):
        assert weak_spot_text(spot).examples == examples


@pytest.mark.parametrize(("scores", "chinese"), [
    (None, "第一次薄弱点练习"),  # the site says 薄弱点 for a weak spot everywhere
    ([95.0, 96.0, 97.0], "最近 3 次录音平均 96 %"),
])
def test_the_drill_settings_reason_reads_in_chinese(scores: list[float] | None, chinese: str) -> None:
    setting = (practice_setting_next(level=None, tempo=None, recent_scores=[]) if scores is None else
               practice_setting_next(level=2, tempo=80, recent_scores=scores))
    with translation.override("zh-hans"):
        reason = practice_setting_text(setting).reason
    assert chinese in reason, reason
