"""Lessons side by side in two languages: a translation names the English file's hash, so an edit
to the English lesson shows the translation is stale; examples stay the same notes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessons import curriculum

TRANSLATED = [(lesson, curriculum.load_translation(lesson, "zh-hans")) for lesson in curriculum.load_lessons()]
FENCE = re.compile(r"```notation\n(.*?)```", re.S)
CODE_SPAN = re.compile(r"`[^`\n]+`")
#: Lessons with no Chinese translation yet, by slug. Empty: every lesson is translated. A new
#: English lesson fails the suite until it is translated (or listed here, which a reviewer sees).
UNTRANSLATED: frozenset[str] = frozenset()
#: Latin-letter words a Chinese lesson keeps: Roman numerals and chord symbols, the voice letters
#: SATB, answer formats typed in the course's own spelling, and the API.
LATIN_KEPT = re.compile(r"^(?:[ivIV]+|SATB|API|major)$")
WORD = re.compile(r"[A-Za-z]{3,}")


def test_every_lesson_is_in_chinese() -> None:
    missing = {lesson.slug for lesson, translation in TRANSLATED if translation is None}
    assert missing == UNTRANSLATED, (
        f"not translated: {sorted(missing - UNTRANSLATED)}; translated now, so drop from UNTRANSLATED: "
        f"{sorted(UNTRANSLATED - missing)}")


def _prose(markdown_text: str) -> str:
    """What a reader reads: the Markdown without notation blocks and code spans."""
    return CODE_SPAN.sub(" ", FENCE.sub(" ", markdown_text))


@pytest.mark.parametrize("lesson,translation", [pair for pair in TRANSLATED if pair[1]], ids=lambda x: getattr(x, "slug", ""))
def test_a_translation_is_chinese_prose_around_the_same_markup(lesson: curriculum.Lesson,
                                                               translation: curriculum.LessonTranslation) -> None:
    assert re.search(r"[\u4e00-\u9fff]", translation.title), translation.title
    english_left = [w for w in WORD.findall(_prose(translation.body)) if not LATIN_KEPT.match(w)]
    assert english_left == [], f"{translation.path.name} keeps English: {english_left}"
    # Same code spans (typed answers), headings and table rows as the English lesson.
    assert CODE_SPAN.findall(translation.body) == CODE_SPAN.findall(lesson.body)
    for line_start in ("#", "|"):
        count = [sum(line.startswith(line_start) for line in text.splitlines()) for text in (lesson.body, translation.body)]
        assert count[0] == count[1], (translation.path.name, line_start, count)


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


@pytest.mark.parametrize("lesson,translation", [pair for pair in TRANSLATED if pair[1]], ids=lambda x: getattr(x, "slug", ""))
def test_a_chinese_lesson_renders_its_examples_in_place(lesson: curriculum.Lesson,
                                                        translation: curriculum.LessonTranslation) -> None:
    from lessons import services  # Django: only for the page rendering

    parts = services.lesson_parts(lesson, "zh-hans")
    assert [p.index for p in parts if p.is_example] == list(range(len(lesson.blocks)))
    assert all("<svg" in p.svg for p in parts if p.is_example)
    html = "".join(p.html for p in parts)
    assert "```" not in html and "NOTATION-EXAMPLE" not in html
    # The page's first words are the translation's, not the English lesson's.
    first_line = next(line for line in translation.body.splitlines() if line.strip())
    assert re.sub(r"[*_`]", "", first_line)[:8] in re.sub(r"<[^>]+>", "", html)
    tables = sum(line.startswith("| ---") for line in translation.body.splitlines())
    assert html.count("<table>") == tables
    # A source line break inside a Chinese sentence is no space on the page ("有四个间。 每一条线").
    cjk = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
    for block in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", html, re.S):
        text = re.sub(r"<[^>]+>", "", block)
        assert not re.search(rf"[{cjk}]\s*\n\s*[{cjk}]", text), text
