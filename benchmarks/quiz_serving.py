"""Median time to serve a quiz question with its SVG through the API, and to check an answer.

    .venv/bin/python benchmarks/quiz_serving.py [--per-kind 4] [--sittings 3]

Builds a practice quiz with ``--per-kind`` questions of every type, has a student sit it
``--sittings`` times through the REST API (token authentication, the real URL routing,
serializers and a fresh SQLite database in a temporary folder), and times each
``GET /api/attempts/{id}/next/`` (the question regenerated from its seed, its SVG
rendered, JSON out) and each ``POST /api/questions/{id}/answer/`` (regenerate, check,
record, skill evidence). The first sitting's first question of each type is a warm-up
(music21's import and the Verovio toolkit are paid once per process) and is not counted.
The target is a median of at most 50 ms to serve a question with its SVG.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET_MEDIAN_MS = 50.0


def summary(name: str, times_ms: list[float]) -> str:
    t = sorted(times_ms)
    return (f"{name:<28} n={len(t):4d}  median {statistics.median(t):6.2f} ms  "
            f"p90 {t[int(0.9 * (len(t) - 1))]:6.2f} ms  max {t[-1]:7.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=4)
    parser.add_argument("--sittings", type=int, default=3)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="quiz-bench-")
    try:
        return run(workdir, per_kind=args.per_kind, sittings=args.sittings)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(workdir: str, *, per_kind: int, sittings: int) -> int:
    os.environ["TUTOR_VAR_DIR"] = workdir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    call_command("migrate", verbosity=0)

    from lessons import services
    from lessons.models import ServedQuestion
    from lessons.questions import GENERATORS, generate
    from tests.conftest import api_client_for
    from tutor.models import Classroom, Enrollment, User
    from tutor.services import assignment_create

    teacher = User.objects.create_user(username="bench-teacher", password="x" * 20, role="teacher")
    student = User.objects.create_user(username="bench-student", password="x" * 20, role="student")
    per_kind = min(per_kind, services.MAX_QUIZ_QUESTIONS // len(GENERATORS))
    quiz = services.quiz_create(owner=teacher, title="Every type", mode="practice",
                                items=[{"kind": kind, "count": per_kind} for kind in GENERATORS])
    classroom = Classroom.objects.create(teacher=teacher, name="Bench")
    Enrollment.objects.create(classroom=classroom, student=student)
    assignment = assignment_create(teacher=teacher, classroom=classroom, target=quiz)
    client = api_client_for(student)
    serve_ms: list[float] = []
    answer_ms: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    warmed: set[str] = set()
    for _ in range(sittings):
        attempt, _created = services.attempt_start(student=student, quiz=quiz, assignment=assignment)
        while True:
            start = time.perf_counter()
            response = client.get(f"/api/attempts/{attempt.pk}/next/")
            served_ms = (time.perf_counter() - start) * 1000.0
            if response.status_code == 204:
                break
            body = response.json()
            assert "answer" not in body
            if body["kind"] not in warmed:
                warmed.add(body["kind"])
            else:
                serve_ms.append(served_ms)
                by_kind[body["kind"]].append(served_ms)
            served = ServedQuestion.objects.get(pk=body["id"])
            answer = generate(served.kind, seed=served.seed, **served.params).answer
            start = time.perf_counter()
            done = client.post(f"/api/questions/{body['id']}/answer/", {"answer": answer}, format="json")
            answer_ms.append((time.perf_counter() - start) * 1000.0)
            assert done.status_code == 200 and done.json()["correct"] is True, done.content

    lines = [summary("serve (next question + SVG)", serve_ms), summary("answer (check + evidence)", answer_ms), ""]
    width = max(len(k) for k in by_kind)
    lines.append(f"{'type':<{width}}  median ms")
    lines += [f"{kind:<{width}}  {statistics.median(t):9.2f}" for kind, t in by_kind.items()]
    median = statistics.median(serve_ms)
    verdict = "meets" if median <= TARGET_MEDIAN_MS else "MISSES"
    lines.append(f"\nserving median {median:.2f} ms {verdict} the {TARGET_MEDIAN_MS:.0f} ms target")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0 if median <= TARGET_MEDIAN_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
