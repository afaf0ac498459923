"""A served question is drawn again from (kind, params, seed) to be answered and reviewed. When the generators
change how a seed draws (quiz17: a rhythm of rests only is drawn again), a question served before the change must
still be the one the student saw: it is drawn under the generator version stored when it was served."""

from __future__ import annotations

from typing import Any

import pytest

from lessons.models import ServedQuestion
from lessons.questions import GENERATOR_VERSION, InvalidParams, Question
from lessons.questions.registry import generate
from tests.conftest import api_client_for
from tests.lessons.test_quizzes_api import assign, build_quiz
from tutor.models import Classroom, User

RHYTHM_ITEMS = [{"kind": "ear_rhythmic_dictation", "params": {"difficulty": 1}, "count": 1}]


def _seed_drawn_differently(kind: str, params: dict[str, Any]) -> int:
    """The first seed whose question differs between version 1 and the current rules."""
    for seed in range(2000):
        old, new = generate(kind, seed=seed, version=1, **params), generate(kind, seed=seed, **params)
        if (old.fingerprint, old.choices) != (new.fingerprint, new.choices):
            return seed
    raise AssertionError(f"no seed of {kind} draws differently under version 1")


def _silent(question: Question) -> bool:
    """Whether the question asks about, or offers, a bar of rests only."""
    if question.kind == "time_signature_identify":
        assert question.notation is not None
        return not any(e.pitches for m in question.notation.measures for e in m)
    return any(all(item.endswith(" rest") for item in choice.split(", ")) for choice in question.choices)


@pytest.mark.parametrize("kind", ["ear_rhythmic_dictation", "time_signature_identify"])
def test_version_one_draws_as_before_and_differs_only_where_it_drew_silence(kind: str) -> None:
    changed = 0
    for seed in range(300):
        old, new = generate(kind, seed=seed, version=1, difficulty=1), generate(kind, seed=seed, difficulty=1)
        assert not _silent(new), seed
        if _silent(old):
            changed += 1
        else:
            assert old == new, seed  # every other seed asks what it asked before quiz17
    assert changed > 0


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(InvalidParams, match="generator version"):
        generate("ear_rhythmic_dictation", seed=1, version=GENERATOR_VERSION + 1)


@pytest.mark.django_db
def test_a_question_served_before_the_change_is_answered_and_reviewed_as_served(
    teacher: User, student: User, classroom: Classroom
) -> None:
    assignment_id = assign(teacher, classroom, build_quiz(teacher, items=RHYTHM_ITEMS, mode="practice")["id"])
    client = api_client_for(student)
    attempt = client.post("/api/attempts/", {"assignment": assignment_id}, format="json").json()
    served = ServedQuestion.objects.get(attempt_id=attempt["id"])
    assert served.generator_version == GENERATOR_VERSION  # served now: under today's rules
    # As a row served under the old rules is stored: its seed draws another question today.
    seed = _seed_drawn_differently(served.kind, served.params)
    ServedQuestion.objects.filter(pk=served.pk).update(seed=seed, generator_version=1)
    old = generate(served.kind, seed=seed, version=1, **served.params)
    new = generate(served.kind, seed=seed, **served.params)

    shown = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    assert shown["choices"] == list(old.choices) != list(new.choices)
    answered = client.post(f"/api/questions/{served.pk}/answer/", {"answer": old.answer}, format="json").json()
    assert answered["correct"] is True, answered

    review = client.get(f"/api/attempts/{attempt['id']}/").json()["review"]
    assert [(r["answer_given"], r["answer"], r["correct"]) for r in review] == [(old.answer, old.answer, True)]
