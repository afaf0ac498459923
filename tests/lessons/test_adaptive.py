"""Adaptive practice: Thompson sampling over question types from the skill profile."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.utils import timezone

from lessons import services
from lessons.models import QuizAttempt, ServedQuestion
from lessons.questions import generate
from tests.conftest import api_client_for
from tutor.models import SkillEvidence, User

pytestmark = pytest.mark.django_db


def answer_many(student: User, attempt: QuizAttempt, kind: str, *, right: bool, n: int, first_seed: int) -> None:
    """Serve and answer ``n`` questions of ``kind``, all right or all wrong, through the service."""
    for seed in range(first_seed, first_seed + n):
        position = attempt.questions.count()
        served = ServedQuestion.objects.create(attempt=attempt, position=position, kind=kind, params={},
                                               seed=seed, served_at=timezone.now())
        question = generate(kind, seed=seed)
        answer = question.answer if right else next(c for c in question.choices if c != question.answer)
        services.question_answer(student=student, served=served, answer=answer)


def test_it_prefers_the_weak_kind(student: User) -> None:
    kinds = ["note_identify", "interval_identify"]
    attempt = services.practice_start(student=student, kinds=kinds)
    answer_many(student, attempt, "note_identify", right=True, n=12, first_seed=0)
    answer_many(student, attempt, "interval_identify", right=False, n=12, first_seed=100)
    posteriors = services.kind_posteriors(student=student, kinds=kinds)
    weak, strong = (a / (a + b) for a, b in (posteriors["interval_identify"], posteriors["note_identify"]))
    # Shared tags (clef:treble is on both types) pull the two towards each other, never past.
    assert weak < 0.4 and strong > 0.6
    rng = random.Random(5)
    picks = Counter(services.adaptive_choose(posteriors, rng=rng)[0] for _ in range(200))
    assert picks["interval_identify"] > 180
    # And the weak type is served at the easiest difficulty.
    assert services.adaptive_choose(posteriors, rng=rng) == ("interval_identify", 1)


def test_it_still_tries_a_type_it_knows_nothing_about(student: User) -> None:
    attempt = services.practice_start(student=student, kinds=["note_identify"])
    answer_many(student, attempt, "note_identify", right=True, n=12, first_seed=0)
    posteriors = services.kind_posteriors(student=student, kinds=["note_identify", "scale_identify"])
    assert posteriors["scale_identify"] == (1.0, 1.0)
    rng = random.Random(1)
    picks = Counter(services.adaptive_choose(posteriors, rng=rng)[0] for _ in range(200))
    assert picks["scale_identify"] > 150 and picks["note_identify"] > 0
    # A type it knows nothing about starts at the easiest level.
    assert services.adaptive_choose({"scale_identify": (1.0, 1.0)}, rng=rng) == ("scale_identify", 1)


def test_it_serves_adaptive_practice_through_the_api_with_feedback(student: User) -> None:
    client = api_client_for(student)
    attempt = client.post("/api/attempts/", {"adaptive": True, "kinds": ["note_identify"]}, format="json").json()
    assert attempt["mode"] == "adaptive" and attempt["quiz"] is None
    first = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    assert first["kind"] == "note_identify" and first["total"] is None and "answer" not in first
    assert client.get(f"/api/attempts/{attempt['id']}/next/").json()["id"] == first["id"]  # pending: the same
    result = client.post(f"/api/questions/{first['id']}/answer/", {"answer": first["choices"][0]},
                         format="json").json()
    assert result["correct"] is not None and result["answer"] in first["choices"] and result["explanation"]
    assert SkillEvidence.objects.filter(student=student, source="quiz", source_id=first["id"]).exists()
    second = client.get(f"/api/attempts/{attempt['id']}/next/").json()
    assert second["id"] != first["id"] and second["position"] == 2
    again = client.post("/api/attempts/", {"adaptive": True, "kinds": ["note_identify"]}, format="json").json()
    assert again["id"] == attempt["id"]
    done = client.post(f"/api/attempts/{attempt['id']}/submit/").json()
    assert done["question_count"] == 1 and done["is_open"] is False


def test_a_new_focus_starts_a_new_sitting(student: User) -> None:
    first = services.practice_start(student=student, kinds=["note_identify"])
    second = services.practice_start(student=student, kinds=services.unit_kinds("intervals"))
    assert second.pk != first.pk and set(second.kinds) >= {"interval_identify", "interval_construct"}
    first.refresh_from_db()
    assert not first.is_open
    with pytest.raises(services.TutorError):
        services.practice_start(student=student, kinds=["nope"])


def test_the_practice_page_names_adaptive_practice_once(student: User, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(student)
    attempt = services.practice_start(student=student, kinds=["note_identify"])
    main = client.get(f"/attempts/{attempt.pk}/").content.decode().split("<main", 1)[1]
    # The heading and, under it, the attempt's mode: the same words twice.
    assert main.count("Adaptive practice") == 1


def test_adaptive_practice_serves_no_question_again_among_the_latest(student: User) -> None:
    # Time signatures to classify allow about thirty questions: ten random ones repeated one in most sittings.
    attempt = services.practice_start(student=student, kinds=["meter_identify"])
    shown = []
    for _ in range(services.ADAPTIVE_DISTINCT_WINDOW):
        served = services.attempt_next(student=student, attempt=attempt)
        assert served is not None
        question = services.served_question(served)
        shown.append(question.fingerprint)
        services.question_answer(student=student, served=served, answer=question.answer)
    assert len(set(shown)) == len(shown)
