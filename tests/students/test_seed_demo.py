"""The demo seeding that ``make run`` does: logins, a class and an assignment, and a second run changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from grading.models import Exercise
from tutor.models import Assignment, Classroom, User

pytestmark = pytest.mark.django_db


def test_it_seeds_the_demo_once() -> None:
    call_command("seed_demo")
    call_command("seed_demo")
    assert set(User.objects.values_list("username", flat=True)) == {"teacher", "alice", "bob"}
    classroom = Classroom.objects.get(join_code="DEMOCLASS")
    assert classroom.enrollments.count() == 2
    exercise = Exercise.objects.get(title="Twinkle, twinkle")
    assert exercise.score.read().startswith(b"<?xml")
    assert Assignment.objects.filter(classroom=classroom).count() == 1


def test_it_starts_again_after_the_teacher_assigned_the_demo_score_a_second_time() -> None:
    call_command("seed_demo")
    first = Assignment.objects.get()
    Assignment.objects.create(classroom=first.classroom, target_type=first.target_type, target_id=first.target_id,
                              title="Twinkle again, due Friday")
    call_command("seed_demo")  # raised MultipleObjectsReturned, and `make run` stopped
    assert Assignment.objects.count() == 2


def test_the_demo_speaks_the_pages_language_and_keeps_its_english_words_stored() -> None:
    # A Chinese newcomer's first pages said "Demo class" and "Sing Twinkle, twinkle" among Chinese words.
    from django.conf import settings
    from django.test import Client
    from django.utils import translation

    from tests.tutor.test_translations import english_words
    from tutor.locale_compile import compile_catalogues

    compile_catalogues(settings.BASE_DIR / "locale")
    call_command("seed_demo")
    classroom = Classroom.objects.get(join_code="DEMOCLASS")
    assignment = Assignment.objects.get(classroom=classroom)
    exercise = Exercise.objects.get()
    for username in ("alice", "teacher"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        urls = ["/dashboard/", f"/classes/{classroom.pk}/", f"/assignments/{assignment.pk}/",
                f"/assignments/{assignment.pk}/studio/"]
        if username == "teacher":
            urls += ["/classes/", f"/classes/{classroom.pk}/gradebook/", "/exercises/"]
        for url in urls:
            chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
            assert "示范班" in chinese or "小星星" in chinese, url
            assert english_words(chinese, also_allowed={"alice", "bob", "teacher", "DEMOCLASS"}) == [], url
            english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
            assert "Demo class" in english or "Twinkle, twinkle" in english, url
    with translation.override("zh-hans"):  # a row loaded and saved on a Chinese page stores the English words
        shown = Assignment.objects.get(pk=assignment.pk)
        assert shown.title == "唱《小星星》" and shown.classroom.name == "示范班"
        shown.attempts_allowed = 6
        shown.save()
        assert shown.title == "唱《小星星》"
    assert Assignment.objects.filter(title="Sing Twinkle, twinkle", attempts_allowed=6).exists()
    assert Exercise.objects.filter(pk=exercise.pk, title="Twinkle, twinkle").exists()
    call_command("seed_demo")  # still idempotent
    assert Assignment.objects.count() == 1 and Exercise.objects.count() == 1


def test_a_teachers_own_title_that_matches_a_demo_translation_stays_as_typed(teacher: User) -> None:
    from django.utils import translation

    from tests.conftest import make_exercise

    with translation.override("zh-hans"):
        exercise = make_exercise(teacher, "小星星")
        exercise.save()
        exercise.refresh_from_db()
        assert exercise.title == "小星星"
    assert Exercise.objects.get(pk=exercise.pk).title == "小星星"
