"""A lesson's practice asks about what the lesson taught (the treble clef's practice opened with a bass-clef note)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from lessons import curriculum, services
from lessons.models import QuizAttempt
from lessons.questions.registry import GENERATORS
from tutor.models import User

pytestmark = pytest.mark.django_db

#: Tag prefixes a question shares with its lesson when both carry them ("clef:treble"), and the parameter that
#: narrows a question type to them (a type without it, such as melodic dictation's meters, is not narrowed).
TOPIC_PREFIXES = {"clef:": "clefs", "chord:": "qualities", "meter:": "meters"}


def _tags(tags: tuple[str, ...] | list[str], prefix: str) -> set[str]:
    return {t for t in tags if t.startswith(prefix)}


def test_the_treble_clef_lessons_practice_opens_with_a_treble_clef_question(student: User) -> None:
    client = Client()
    client.force_login(student)
    for _ in range(5):  # a fresh sitting each time: the first question of each is in the treble clef
        QuizAttempt.objects.all().delete()
        response = client.post("/practice/", {"lesson": "treble-clef"})
        attempt = QuizAttempt.objects.get()
        assert response["Location"] == f"/attempts/{attempt.pk}/"
        page = client.get(response["Location"]).content.decode()
        served = attempt.questions.get()
        question = services.served_question(served)
        assert question.kind in {"note_identify", "note_construct"}
        assert _tags(question.tags, "clef:") == {"clef:treble"}
        assert "bass clef" not in page and "bass staff" not in page


def test_every_lessons_practice_asks_about_that_lessons_topic(student: User) -> None:
    client = Client()
    client.force_login(student)
    off_topic: list[str] = []
    practices: dict[str, list[str]] = {}
    for lesson in curriculum.load_lessons():
        if not lesson.exercises:
            off_topic.append(f"{lesson.slug}: no question types of its own")
            continue
        client.post("/practice/", {"lesson": lesson.slug})
        attempt = QuizAttempt.objects.get(student=student, submitted_at__isnull=True)
        assert set(attempt.kinds) == set(lesson.exercises), lesson.slug
        practices.setdefault(json.dumps([attempt.kinds, attempt.params], sort_keys=True), []).append(lesson.slug)
        for _ in range(6):
            served = services._adaptive_serve(attempt)
            question = services.served_question(served)
            if question.kind not in lesson.exercises:
                off_topic.append(f"{lesson.slug}: a {question.kind} question")
            for prefix, param in TOPIC_PREFIXES.items():
                if param not in {p.name for p in GENERATORS[question.kind].params}:
                    continue
                taught, asked = _tags(lesson.tags, prefix), _tags(question.tags, prefix)
                if prefix == "meter:":  # time signatures, not "meter:simple"
                    taught, asked = {t for t in taught if "/" in t}, {t for t in asked if "/" in t}
                if taught and asked and not asked <= taught:
                    off_topic.append(f"{lesson.slug}: {question.kind} asks {sorted(asked - taught)}")
            if lesson.unit == "keys" and not question.kind.startswith("key_signature"):
                off_topic.append(f"{lesson.slug}: {question.kind} in a key signature lesson")
            if lesson.slug == "minor-key-signatures" and any(t[4:5].isupper() for t in _tags(question.tags, "key:")):
                off_topic.append(f"{lesson.slug}: a major key {question.tags}")
    assert not off_topic, "lessons whose practice strays from what they taught:\n" + "\n".join(off_topic)
    shared = {slug for slugs in practices.values() if len(slugs) > 1 for slug in slugs}
    assert not shared, f"lessons with no practice of their own (same as another's): {sorted(shared)}"


def test_a_newcomers_treble_clef_practice_opens_on_the_staff_without_accidentals(student: User) -> None:
    """With no history the first question was served at level 2: C♭6, two ledger lines up with a flat."""
    client = Client()
    client.force_login(student)
    for _ in range(8):
        QuizAttempt.objects.all().delete()
        client.get(client.post("/practice/", {"lesson": "treble-clef"})["Location"])
        served = QuizAttempt.objects.get().questions.get()
        question = services.served_question(served)
        assert served.params["difficulty"] == 1
        assert not {"read:ledger", "read:accidental", "read:double-accidental"} & set(question.tags), question.tags


def test_the_circle_of_fifths_practises_the_relative_minors_it_places_inside_the_circle(student: User) -> None:
    """It shared one practice with "Major key signatures" (major keys only), though it teaches the relative minors."""
    major = services.lesson_practice_params(services.lesson_get(slug="major-key-signatures")[1])
    circle = services.lesson_practice_params(services.lesson_get(slug="circle-of-fifths")[1])
    assert major["key_signature_identify"]["mode"] == "major"
    assert circle["key_signature_identify"]["mode"] == circle["key_signature_construct"]["mode"] == "both"


def test_a_lessons_sitting_is_not_reused_for_another_lesson_with_the_same_types(student: User) -> None:
    treble = services.lesson_get(slug="treble-clef")[1]
    bass = services.lesson_get(slug="bass-clef")[1]
    assert treble.exercises == bass.exercises
    first = services.practice_start(student=student, kinds=list(treble.exercises),
                                    params=services.lesson_practice_params(treble))
    second = services.practice_start(student=student, kinds=list(bass.exercises),
                                     params=services.lesson_practice_params(bass))
    assert second.pk != first.pk and second.params["note_identify"] == {"clefs": ["bass"]}
    first.refresh_from_db()
    assert not first.is_open


def test_the_feedback_after_an_answer_draws_the_note_that_was_asked(student: User) -> None:
    """After "Not quite. In the treble clef this note is C♯4" the next question had replaced the staff: the
    feedback now draws the note named, and a staff-click question (an empty staff) draws nothing extra."""
    client = Client()
    client.force_login(student)
    attempt = services.practice_start(student=student, kinds=["note_identify"], params={"note_identify": {
        "clefs": ["treble"], "answer_mode": "choice"}})
    served = services.attempt_next(student=student, attempt=attempt)
    assert served is not None
    asked = services.served_question(served)
    wrong = next(c for c in asked.choices if c != asked.answer)
    response = client.post(f"/attempts/{attempt.pk}/answer/", {"question": served.pk, "answer": wrong})
    page = client.get(response["Location"]).content.decode()
    feedback = page.split('class="card feedback wrong"', 1)[1].split("</section>", 1)[0]
    assert '<div class="notation marked" aria-hidden="true"><svg' in feedback
    assert "treble clef" in feedback

    construct = services.practice_start(student=student, kinds=["note_construct"],
                                        params={"note_construct": {"clefs": ["treble"]}})
    served = services.attempt_next(student=student, attempt=construct)
    assert served is not None
    response = client.post(f"/attempts/{construct.pk}/answer/", {"question": served.pk, "answer": "C4"})
    page = client.get(response["Location"]).content.decode()
    assert "card feedback" in page and "notation marked" not in page


def test_the_results_read_as_one_card_per_question_on_a_phone(student: User) -> None:
    """Five columns squeezed "Why" to a word a line on a phone: the review is a stacked table, cells named."""
    client = Client()
    client.force_login(student)
    attempt = services.practice_start(student=student, kinds=["note_identify"],
                                      params={"note_identify": {"answer_mode": "choice"}})
    served = services.attempt_next(student=student, attempt=attempt)
    assert served is not None
    answer = services.served_question(served).answer
    client.post(f"/attempts/{attempt.pk}/answer/", {"question": served.pk, "answer": answer})
    client.post(f"/attempts/{attempt.pk}/submit/")
    page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    assert '<table class="table stack">' in page
    assert 'data-label="Why"' in page and 'data-label="Right answer"' in page
    chinese = client.get(f"/attempts/{attempt.pk}/", headers={"Accept-Language": "zh-hans"}).content.decode()
    assert 'data-label="解析"' in chinese
    # The score line ends as its language ends a sentence (it ended "共 1 题." before).
    assert "答对 1 题，共 1 题。" in chinese and "1 of 1 right." in page


def test_the_results_write_typed_note_answers_as_the_question_does(student: User) -> None:
    """The question says "C♭6"; the results said "Cb6" for it, and "Bb4" for what the student typed."""
    client = Client()
    client.force_login(student)
    attempt = services.practice_start(student=student, kinds=["note_construct"],
                                      params={"note_construct": {"clefs": ["treble"]}})
    served = services.attempt_next(student=student, attempt=attempt)
    assert served is not None
    client.post(f"/attempts/{attempt.pk}/answer/", {"question": served.pk, "answer": "Bb4"})
    client.post(f"/attempts/{attempt.pk}/submit/")
    page = client.get(f"/attempts/{attempt.pk}/").content.decode()
    given = page.split('data-label="Answer given"', 1)[1].split("</td>", 1)[0]
    right = page.split('data-label="Right answer"', 1)[1].split("</td>", 1)[0]
    assert "B♭4" in given and "Bb4" not in given
    assert not re.search(r"[A-G](#|b)\d", right), right
