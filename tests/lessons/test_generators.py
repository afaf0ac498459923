"""Every generator, over many seeds: valid, unambiguous, self-consistent questions."""

from __future__ import annotations

import json
import re

import pytest

from lessons.questions import GENERATORS, InvalidParams, Question, check_answer, generate
from lessons.questions.check import parse_notes
from lessons.questions.tags import is_valid_tag

SEEDS = 1000
VARIANT_SEEDS = 150
PUBLIC_KEYS = {"id", "kind", "prompt", "answer_mode", "choices", "choice_notation", "has_notation", "keyboard",
               "has_audio", "octave", "given", "clef", "staff_slot", "part_writing", "performance", "alterations",
               "jianpu_do"}


def assert_valid(q: Question) -> None:
    assert q.prompt and q.explanation
    assert q.tags and all(is_valid_tag(t) for t in q.tags), q.tags
    if q.answer_mode in ("sing", "clap"):
        # Answered by a recording (tests/lessons/test_performance.py); a typed answer never counts.
        assert q.performance is not None and len(q.performance.notes) >= 2 and q.notation is not None
        assert not check_answer(q, q.answer)[0]
        return
    ok, feedback = check_answer(q, q.answer)
    assert ok, (q.kind, q.seed, q.answer, feedback)
    public = q.to_public()
    assert set(public) == PUBLIC_KEYS
    text = json.dumps(public, ensure_ascii=False)
    assert q.explanation not in text
    if q.answer_mode == "choice":
        assert len(q.choices) >= 2, (q.kind, q.seed, q.choices)
        assert len(set(q.choices)) == len(q.choices), q.choices
        assert q.answer in q.choices
        assert sum(check_answer(q, c)[0] for c in q.choices) == 1, (q.kind, q.seed, q.choices, q.answer)
    elif q.answer_mode == "voices":
        assert not q.choices and q.part_writing is not None
        assert len(q.answer.split("|")) == 4
    else:
        assert not q.choices
        expected = parse_notes(q.answer)
        assert expected
        if q.answer_mode == "note_name":
            # The answer may not appear as a note name in the prompt (help text in brackets aside).
            prompt = re.sub(r"\([^)]*\)", "", q.prompt)
            for note in q.answer.split():
                assert not re.search(rf"(?<![A-Za-z]){re.escape(note)}(?![A-Za-z#\u266f\u266d\d])", prompt), (
                    q.prompt, q.answer)
        if q.octave == "required":
            assert all(n.octave is not None for n in expected)


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_it_makes_a_thousand_valid_questions_per_type(kind: str) -> None:
    generator = GENERATORS[kind]
    ids = set()
    for seed in range(SEEDS):
        q = generator(seed=seed)
        assert q.kind == kind and q.seed == seed
        assert_valid(q)
        ids.add(q.id)
    assert len(ids) == SEEDS


def _variants() -> list[tuple[str, dict[str, object]]]:
    out: list[tuple[str, dict[str, object]]] = []
    for kind, g in GENERATORS.items():
        for level in (1, 3):
            out.append((kind, {"difficulty": level}))
        for p in g.params:
            if p.name == "answer_mode":
                out.extend((kind, {"answer_mode": m}) for m in p.options if m != p.default)
            if p.name == "clefs":
                out.extend((kind, {"clefs": [c]}) for c in p.options)
    return out


@pytest.mark.parametrize(("kind", "params"), _variants(), ids=lambda v: str(v))
def test_it_makes_valid_questions_for_each_parameter_variant(kind: str, params: dict[str, object]) -> None:
    for seed in range(VARIANT_SEEDS):
        assert_valid(generate(kind, seed=seed, **params))


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_it_is_deterministic_per_seed(kind: str) -> None:
    for seed in (0, 1, 12345, 2**40 + 7):
        assert generate(kind, seed=seed) == generate(kind, seed=seed)
    assert len({generate(kind, seed=s).to_public()["prompt"] + str(generate(kind, seed=s).choices)
                for s in range(40)}) > 3


def test_it_lists_titles_and_parameter_schemas() -> None:
    from lessons.questions import catalogue

    entries = catalogue()
    assert {e["kind"] for e in entries} == set(GENERATORS)
    for e in entries:
        assert e["title"] and e["description"]
        for p in e["params"]:
            assert p["type"] in {"choice", "multi", "int", "bool"}
    json.dumps(entries)


def test_it_rejects_unknown_types_and_bad_parameters() -> None:
    with pytest.raises(InvalidParams, match="unknown question type"):
        generate("fretboard", seed=1)
    with pytest.raises(InvalidParams, match="clefs"):
        generate("note_identify", seed=1, clefs=["soprano"])
    with pytest.raises(InvalidParams, match="ledger_lines"):
        generate("note_identify", seed=1, ledger_lines=9)
    with pytest.raises(InvalidParams, match="unknown parameter"):
        generate("note_identify", seed=1, colour="red")


def test_it_keeps_the_answer_and_tags_out_of_the_public_view() -> None:
    q = generate("ear_interval", seed=3)
    public = q.to_public()
    assert "answer" not in public and "tags" not in public and "explanation" not in public
    assert public["has_audio"] is True and "events" not in json.dumps(public)
    q = generate("note_identify", seed=5, answer_mode="note_name")
    assert q.answer not in json.dumps(q.to_public())


def test_it_honours_the_teachers_parameters() -> None:
    for seed in range(100):
        q = generate("note_identify", seed=seed, clefs=["alto"], accidentals="none", ledger_lines=0)
        assert q.tags[0] == "clef:alto" and q.notation is not None and q.notation.clef == "alto"
        assert "read:ledger" not in q.tags and "read:accidental" not in q.tags
        q = generate("interval_identify", seed=seed, qualities=["A", "d"], directions=["descending"])
        assert q.tags[0].startswith("int:-") and q.tags[0][5] in "Ad"
        q = generate("scale_identify", seed=seed, scales=["dorian", "chromatic"])
        assert q.tags[0] in {"scale:dorian", "scale:chromatic"}
        q = generate("chord_identify", seed=seed, qualities=["dim7"], inversions=False)
        assert "chord:dim7" in q.tags and "inv:root" in q.tags
        q = generate("interval_identify", seed=seed, max_number=15, qualities=["M", "m", "P"])
        assert int(re.sub(r"\D", "", q.tags[0])) <= 15


@pytest.mark.parametrize("minor_key", ["a", "e", "b", "f#", "g#", "a#", "d", "g", "f", "ab"])
def test_a_minor_key_explanation_walks_from_the_signature_to_the_minor_tonic(minor_key: str) -> None:
    """The major-key rule alone ("the major tonic is a half step above the last sharp") left a minor-key
    question one step short: the explanation names the relative major, then goes down a minor third."""
    q = generate("key_signature_identify", seed=1, mode="minor", minor_keys=[minor_key], difficulty=3)
    major = {"a": "C", "e": "G", "b": "D", "f#": "A", "g#": "B", "a#": "C♯", "d": "F", "g": "B♭", "f": "A♭",
             "ab": "C♭"}[minor_key]
    tonic = minor_key[0].upper() + minor_key[1:].replace("#", "♯").replace("b", "♭")
    assert f"The minor tonic is a minor third (three half steps) below {major}: {tonic}." in q.explanation
    assert "the major tonic is a half step above it" not in q.explanation


def test_a_major_key_explanation_keeps_the_major_rule() -> None:
    q = generate("key_signature_identify", seed=1, mode="major", major_keys=["A"], difficulty=3)
    assert "The last sharp is the leading note: the major tonic is a half step above it." in q.explanation
    assert "minor third" not in q.explanation


@pytest.mark.parametrize(("difficulty", "offered"), [(1, (0,)), (2, (-1, 0, 1)), (3, (-2, -1, 0, 1, 2))])
def test_a_note_to_place_offers_only_the_accidentals_its_level_can_ask(difficulty: int, offered: tuple[int, ...]) -> None:
    assert generate("note_construct", seed=3, difficulty=difficulty).alterations == offered


@pytest.mark.parametrize(("kind", "params"), [
    ("note_construct", {"difficulty": 1}), ("note_construct", {"difficulty": 2}), ("note_construct", {"difficulty": 3}),
    ("note_identify", {"answer_mode": "note_name", "keys": ["C", "A", "Eb"], "accidentals": "none"}),
    ("interval_construct", {"answer_mode": "staff_click", "difficulty": 1}),
    ("interval_construct", {"answer_mode": "staff_click", "difficulty": 3}),
    ("scale_construct", {"answer_mode": "staff_click", "difficulty": 1}),
    ("scale_construct", {"answer_mode": "staff_click", "difficulty": 3}),
    ("chord_construct", {"answer_mode": "staff_click", "difficulty": 1}),
    ("chord_construct", {"answer_mode": "note_name", "difficulty": 3}),
])
def test_every_answer_needs_only_an_accidental_the_question_offers(kind: str, params: dict[str, object]) -> None:
    """Offering less than the settings ask would make a right answer impossible to place."""
    for seed in range(VARIANT_SEEDS):
        q = generate(kind, seed=seed, **params)
        assert all(note.alter in q.alterations for note in parse_notes(q.answer)), (seed, q.answer, q.alterations)


def test_a_first_level_question_never_offers_a_double_accidental() -> None:
    # Scales and chords on their full sets of tonics and roots reach D♭ minor's B𝄫 and D♯ major's F𝄪 at any level.
    for kind, params in [("note_construct", {}), ("interval_construct", {"answer_mode": "staff_click"})]:
        q = generate(kind, seed=1, difficulty=1, **params)
        assert max(abs(a) for a in q.alterations) < 2, (kind, q.alterations)


@pytest.mark.parametrize("difficulty", [1, 2, 3])
def test_a_bar_whose_time_signature_is_asked_has_notes_in_it(difficulty: int) -> None:
    """"Which time signature fits this bar?" over two quarter rests, explained as "the notes add up to 2 quarter
    notes" (13 of 300 first-level questions)."""
    for seed in range(300):
        q = generate("time_signature_identify", seed=seed, difficulty=difficulty)
        assert q.notation is not None and any(e.pitches for bar in q.notation.measures for e in bar), seed
