"""Every lesson example is complete and correct: full bars (a short last bar only balances a pickup),
four-part examples keep the part-writing rules, and the wording the issue listed is mended."""

from __future__ import annotations

import re

import pytest
from music21 import stream

from lessons.curriculum import CurriculumError, block_score, load_lessons, parse_block
from lessons.questions import generate
from music.harmony import figured, roman
from music.key import key_from_name
from music.partwriting import check_part_writing
from music.pitch import Pitch

EXAMPLES = [(lesson.path.name, i, block) for lesson in load_lessons() for i, block in enumerate(lesson.blocks)]


def _parts(block: object) -> list[stream.Part]:
    score = block_score(block)
    return list(score.parts) if isinstance(score, stream.Score) else [score]


@pytest.mark.parametrize(("name", "index", "block"), EXAMPLES, ids=[f"{n}#{i}" for n, i, _ in EXAMPLES])
def test_every_bar_of_every_lesson_example_is_complete(name: str, index: int, block: object) -> None:
    for part in _parts(block):
        signature = part.recurse().getElementsByClass("TimeSignature").first()
        if signature is None:
            continue
        bar = float(signature.barDuration.quarterLength)
        lengths = [float(m.highestTime) for m in part.getElementsByClass("Measure")]
        pickup = block.pickup  # type: ignore[attr-defined]
        assert lengths[:-1] == [bar] * (len(lengths) - 1), (name, index, lengths)
        assert lengths[-1] == bar - pickup, (name, index, lengths)


def test_an_incomplete_last_bar_is_refused() -> None:
    with pytest.raises(CurriculumError, match="do not fill"):
        block_score(parse_block("tinyNotation: 4/4 c4 d e f g2"))
    block_score(parse_block("pickup: 1\ntinyNotation: 4/4 g4 c'1 e'2."))  # a pickup balanced by the last bar


def _four_part(block: object) -> tuple[list[str], list[tuple[Pitch, Pitch, Pitch, Pitch]]]:
    upper, lower = _parts(block)
    figures, voicings = [], []
    for top, bottom in zip(upper.recurse().notes, lower.recurse().notes, strict=True):
        alto, soprano = sorted(top.pitches, key=lambda p: p.ps)
        bass, tenor = sorted(bottom.pitches, key=lambda p: p.ps)
        figures.append(bottom.lyric)
        voicings.append(tuple(Pitch("CDEFGAB".index(p.step), int(p.alter), p.octave)
                              for p in (soprano, alto, tenor, bass)))
    return figures, voicings  # type: ignore[return-value]


FOUR_PART = [(n, i, b) for n, i, b in EXAMPLES if b.lower and "_" in b.lower]


def test_there_are_four_part_examples() -> None:
    assert len(FOUR_PART) >= 8


@pytest.mark.parametrize(("name", "index", "block"), FOUR_PART, ids=[f"{n}#{i}" for n, i, _ in FOUR_PART])
def test_four_part_examples_keep_every_part_writing_rule(name: str, index: int, block: object) -> None:
    figures, voicings = _four_part(block)
    key = key_from_name(block.key or "C")  # type: ignore[attr-defined]
    if all(f is None or re.fullmatch(r"[#bn]?\d*[#bn]?", f) for f in figures):
        # A figured bass: the numbers count above the bass note.
        harmonies = [figured(v[3], f or "", key) for f, v in zip(figures, voicings, strict=True)]
    else:
        harmonies = [roman(f, key) for f in figures]
    errors = check_part_writing(harmonies, voicings)
    assert errors == [], [e.reason for e in errors]


def test_the_cadences_lesson_has_no_parallel_fifths() -> None:
    blocks = [b for n, _, b in FOUR_PART if n == "03-cadences.md"]
    assert len(blocks) == 3
    for block in blocks:
        figures, voicings = _four_part(block)
        key = key_from_name(block.key or "C")
        rules = {e.rule for e in check_part_writing([roman(f, key) for f in figures], voicings)}
        assert "parallel-fifths" not in rules and "parallel-octaves" not in rules


def _lesson_text(name: str) -> str:
    return next(lesson.body for lesson in load_lessons() if lesson.path.name == name)


def test_the_listed_wording_errors_are_gone() -> None:
    everything = " ".join(lesson.body for lesson in load_lessons())
    assert "three places clockwise from each major" not in everything
    assert "change the one note" not in everything
    assert "G♭" in _lesson_text("04-pentatonic-and-chromatic.md")
    assert "f# g b-" not in _lesson_text("04-pentatonic-and-chromatic.md")
    for seed in range(300):
        q = generate("note_values", seed=seed, difficulty=3)
        assert " a eighth" not in q.explanation and " a eighth" not in q.prompt
        q = generate("interval_identify", seed=seed)
        assert "between this" not in q.prompt


def test_the_compound_interval_promise_is_kept_by_the_app() -> None:
    from lessons.services import answer_refusal  # noqa: PLC0415 - needs Django settings

    q = generate("interval_identify", seed=5, max_number=13, qualities=["M"], directions=["ascending"])
    for typed in ("M10", "major 10th", "compound major third", "M3+P8"):
        assert answer_refusal(q, typed) is None
    assert answer_refusal(q, "banana") is not None
