"""Lessons side by side in two languages: a translation names the English file's hash, so an edit
to the English lesson shows the translation is stale; examples stay the same notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessons import curriculum

TRANSLATED = [(lesson, curriculum.load_translation(lesson, "zh-hans")) for lesson in curriculum.load_lessons()]
FENCE = re.compile(r"```notation\n(.*?)```", re.S)


def test_the_first_lessons_students_meet_are_in_chinese() -> None:
    done = {lesson.slug for lesson, translation in TRANSLATED if translation}
    assert {"the-staff", "treble-clef", "bass-clef"} <= done


@pytest.mark.parametrize("lesson,translation", [pair for pair in TRANSLATED if pair[1]], ids=lambda x: getattr(x, "slug", ""))
def test_a_translation_is_of_the_current_english_lesson(lesson: curriculum.Lesson,
                                                        translation: curriculum.LessonTranslation) -> None:
    assert not translation.is_stale(lesson), (
        f"{translation.path.name} was translated from an older {lesson.path.name}: update it, then set "
        f"source_sha256: {curriculum.source_hash(lesson.path)}")
    assert FENCE.findall(translation.body) == FENCE.findall(lesson.body)


def test_an_edit_to_the_english_lesson_makes_its_translation_stale(tmp_path: Path) -> None:
    lesson, translation = next((lesson, t) for lesson, t in TRANSLATED if t)
    assert translation is not None
    english = tmp_path / lesson.path.name
    english.write_bytes(lesson.path.read_bytes())
    (tmp_path / translation.path.name).write_bytes(translation.path.read_bytes())
    copy = curriculum.load_lesson(english)
    assert not curriculum.load_translation(copy, "zh-hans").is_stale(copy)  # type: ignore[union-attr]
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert curriculum.load_translation(copy, "zh-hans").is_stale(copy)  # type: ignore[union-attr]


def test_translations_are_not_loaded_as_lessons_of_their_own() -> None:
    slugs = [lesson.slug for lesson in curriculum.load_lessons()]
    assert not [s for s in slugs if "." in s]
