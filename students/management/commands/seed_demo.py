"""Create the demo teacher, two students, a class and an assignment (idempotent).

Their titles are stored in English and shown in the page's language (``tutor.demo_text``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction

import tutor
from grading.models import Exercise
from tutor.demo_text import DEMO_ASSIGNMENT_TITLE, DEMO_CLASS_NAME, DEMO_EXERCISE_TITLE
from tutor.models import Assignment, Classroom, Enrollment, User

DEMO_PASSWORD = "practise-daily"
DEMO_JOIN_CODE = "DEMOCLASS"
#: The demo score lives with the base app (the README's ``assess`` example reads it too).
DEMO_SCORE = Path(tutor.__file__).resolve().parent / "demo" / "twinkle.musicxml"


class Command(BaseCommand):
    help = "Create demo logins (a teacher, two students), a class and an assignment; print the logins."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        teacher = self._user("teacher", User.Role.TEACHER)
        students = [self._user(name, User.Role.STUDENT) for name in ("alice", "bob")]
        classroom, _ = Classroom.objects.get_or_create(
            join_code=DEMO_JOIN_CODE, defaults={"teacher": teacher, "name": DEMO_CLASS_NAME}
        )
        for student in students:
            Enrollment.objects.get_or_create(classroom=classroom, student=student)
        exercise = Exercise.objects.filter(owner=teacher, title=DEMO_EXERCISE_TITLE).first()
        if exercise is None:
            exercise = Exercise(owner=teacher, title=DEMO_EXERCISE_TITLE, tempo=90)
            with DEMO_SCORE.open("rb") as score:
                exercise.score.save("twinkle.musicxml", File(score), save=False)
            exercise.save()
        # Any assignment of the demo score will do: a teacher trying the demo may assign it again (a second
        # one made get_or_create raise MultipleObjectsReturned, and `make run` stopped before the site started).
        demo_target = {"classroom": classroom, "target_type": ContentType.objects.get_for_model(Exercise),
                       "target_id": exercise.pk}
        if not Assignment.objects.filter(**demo_target).exists():
            Assignment.objects.create(**demo_target, title=DEMO_ASSIGNMENT_TITLE, attempts_allowed=5)
        self.stdout.write(
            f"Demo logins (password for all: {DEMO_PASSWORD})\n"
            "  teacher: teacher\n  students: alice, bob\n"
            f"  class: {classroom.name} (join code {classroom.join_code})"
        )

    def _user(self, username: str, role: str) -> User:
        user, _ = User.objects.get_or_create(username=username, defaults={"role": role})
        user.role = role
        user.email = f"{username}@example.com"
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user
