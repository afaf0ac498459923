"""The curriculum: enough lessons and units, valid front matter, every example parses and renders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lessons.curriculum import (
    UNITS,
    CurriculumError,
    block_audio,
    block_score,
    load_lesson,
    load_lessons,
    parse_block,
    render_body,
)
from lessons.questions import GENERATORS
from lessons.questions.tags import is_valid_tag

#: Topics the issue asks the curriculum to cover, each found in some lesson title or body.
TOPICS = ("treble", "bass clef", "alto", "tenor", "ledger", "accidental", "dot", "tie", "compound", "simple meter",
          "major scale", "harmonic minor", "melodic minor", "natural minor", "Dorian", "pentatonic", "chromatic",
          "circle of fifths", "key signature", "inversion", "compound", "seventh", "Roman numeral", "cadence",
          "non-chord", "dictation", "interval", "harmonic function", "period", "voice leading", "figured bass",
          "modulat", "triplet", "pickup", "transposing", "secondary dominant", "6/4", "Phrygian", "parallel fifths")


def test_it_has_at_least_thirty_lessons_in_eight_units() -> None:
    lessons = load_lessons()
    assert len(lessons) >= 30
    assert len({lesson.unit for lesson in lessons}) >= 8
    assert {lesson.unit for lesson in lessons} <= set(UNITS)


def test_it_covers_the_syllabus() -> None:
    text = " ".join(f"{lesson.title} {lesson.body}" for lesson in load_lessons()).lower()
    missing = [t for t in TOPICS if t.lower() not in text]
    assert not missing


def test_it_gives_every_lesson_front_matter_tags_exercises_and_examples() -> None:
    seen_orders = set()
    for lesson in load_lessons():
        assert lesson.title and lesson.body
        assert lesson.tags and all(is_valid_tag(t) for t in lesson.tags)
        assert lesson.exercises and all(e in GENERATORS for e in lesson.exercises)
        assert lesson.blocks, f"{lesson.slug} has no notation example"
        assert (lesson.unit, lesson.order) not in seen_orders
        seen_orders.add((lesson.unit, lesson.order))


def test_it_parses_every_notation_block() -> None:
    for lesson in load_lessons():
        for block in lesson.blocks:
            score = block_score(block)
            assert list(score.recurse().notesAndRests)
            assert block_audio(block).events


def test_it_renders_lesson_bodies_with_svg_in_place_of_blocks() -> None:
    for lesson in load_lessons()[:: 5]:
        html = render_body(lesson)
        assert "```notation" not in html
        assert html.count('<figure class="notation">') == len(lesson.blocks)


def test_it_honours_clef_and_key_in_a_block() -> None:
    block = parse_block("clef: alto\nkey: Eb\ntinyNotation: 3/4 c4 d e-")
    score = block_score(block)
    assert score.recurse().getElementsByClass("Clef").first().sign == "C"
    assert score.recurse().getElementsByClass("KeySignature").first().sharps == -3


@pytest.mark.parametrize(("text", "reason"), [
    ("tinyNotation: 4/4 c4 d e g1", "bar lengths"),
    ("tinyNotation: 4/4 f#'4 g a b", "octave marks"),
    ("clef: soprano\ntinyNotation: 4/4 c1", "clef"),
    ("key: Eb", "tinyNotation"),
])
def test_it_rejects_broken_notation(text: str, reason: str) -> None:
    with pytest.raises(CurriculumError, match=reason):
        block_score(parse_block(text))


def test_it_rejects_a_lesson_with_bad_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "01-bad.md"
    path.write_text("---\ntitle: Bad\nunit: reading\norder: 1\ntags: [colour:red]\nexercises: [note_identify]\n"
                    "---\nBody\n")
    with pytest.raises(CurriculumError, match="vocabulary"):
        load_lesson(path)
    path.write_text("No front matter\n")
    with pytest.raises(CurriculumError, match="front matter"):
        load_lesson(path)


def test_it_checks_a_lessons_music_only_when_asked(tmp_path: Path) -> None:
    # The pages read the index alone (music21 for 71 examples made the first /lessons/ take 2 s);
    # sync_lessons and the tests ask for the check.
    path = tmp_path / "01-short-bar.md"
    path.write_text("---\ntitle: Short bar\nunit: reading\norder: 1\ntags: [clef:treble]\nexercises: [note_identify]\n"
                    "---\n```notation\ntinyNotation: 4/4 c4 d e\n```\n")
    assert len(load_lesson(path).blocks) == 1
    with pytest.raises(CurriculumError, match="do not fill"):
        load_lesson(path, check_notation=True)


def test_it_reads_the_lesson_index_without_music21() -> None:
    code = ("import sys; from lessons import curriculum; curriculum.load_lessons(); "
            "assert 'music21' not in sys.modules, 'music21 was imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2], timeout=60)


def test_every_lessons_music_passes_the_sync_check() -> None:
    assert len(load_lessons(check_notation=True)) == len(load_lessons())
