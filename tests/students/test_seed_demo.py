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
