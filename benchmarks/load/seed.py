"""Seed the load-test database through the ORM and the services, and write the
credentials and ids the locust users need as JSON.

Run by benchmarks/load/run.py with the load environment (its own database,
media folder and Redis db); not a management command on purpose.

    python benchmarks/load/seed.py --classes 5 --students-per-class 10 --out users.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

PASSWORD = "load-test-password-1"  # noqa: S105 - a throwaway database
TEMPO = 52.0  # Twinkle's 16 beats at 52 BPM: about 18.5 s, so a take with lead-in and tail lasts 20 s
QUIZ_ITEMS = [  # theory questions answered by choice; no ear training (its audio is rendered by the worker)
    {"kind": kind, "params": {}, "count": 2}
    for kind in ("note_identify", "key_signature_identify", "interval_identify", "chord_identify",
                 "roman_numeral", "time_signature_identify")
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--students-per-class", type=int, default=10)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from grading.models import Exercise, ScoreUpload
    from grading.services import exercise_create, score_upload_read
    from lessons.models import Lesson
    from lessons.services import lesson_sync, quiz_create
    from tutor.models import Enrollment, User
    from tutor.services import assignment_create, classroom_create

    score = (ROOT / "tutor" / "demo" / "twinkle.musicxml").read_bytes()
    students: list[dict[str, object]] = []
    with transaction.atomic():
        for c in range(args.classes):
            teacher = User.objects.create_user(username=f"teacher{c}", password=PASSWORD, role=User.Role.TEACHER)
            room = classroom_create(teacher=teacher, name=f"Load class {c}")
            made = exercise_create(
                owner=teacher, title="Twinkle (slow)", tempo=TEMPO,
                score=SimpleUploadedFile("twinkle.musicxml", score, content_type="application/xml"),
            )
            if isinstance(made, ScoreUpload):  # not read within the request's budget (a busy machine): read it now
                score_upload_read(upload=made)
                made.refresh_from_db()
            exercise = made if isinstance(made, Exercise) else made.exercise
            sing = assignment_create(teacher=teacher, classroom=room, target=exercise, title="Sing Twinkle slowly")
            quiz = quiz_create(owner=teacher, title="Theory check", items=QUIZ_ITEMS)
            theory = assignment_create(teacher=teacher, classroom=room, target=quiz, title="Theory check")
            for s in range(args.students_per_class):
                student = User.objects.create_user(
                    username=f"s{c}x{s}", password=PASSWORD, role=User.Role.STUDENT
                )
                Enrollment.objects.create(classroom=room, student=student)
                students.append({
                    "username": student.username, "exercise_assignment": sing.pk, "quiz_assignment": theory.pk,
                    "exercise": exercise.pk, "token": Token.objects.create(user=student).key,
                })
    lesson_sync()
    # Logged-in sessions made here, not through the login form: the login throttle
    # (10/min per address) would refuse 50 students logging in from 127.0.0.1.
    for entry in students:
        client = Client()
        client.force_login(User.objects.get(username=entry["username"]))
        entry["session"] = client.cookies["sessionid"].value
    slugs = list(Lesson.objects.order_by("unit", "order").values_list("slug", flat=True))
    args.out.write_text(json.dumps({"students": students, "lessons": slugs}, indent=1))
    print(f"seeded {args.classes} classes, {len(students)} students, {len(slugs)} lessons -> {args.out}")  # noqa: T201


if __name__ == "__main__":
    main()
