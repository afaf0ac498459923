"""Shared personas and the real-worker fixture.

Personas and what each may see:
- ``teacher`` teaches ``classroom``; ``other_teacher`` teaches ``other_classroom``.
- ``student`` is enrolled in ``classroom``; ``other_student`` only in ``other_classroom``.
An outsider asking for an object that is not theirs gets a 404, never a 403.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from grading.models import Exercise
from tutor.locale_compile import compile_catalogues
from tutor.models import Assignment, Classroom, Enrollment, User

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # A bare `pytest` must see the Chinese pages too: compile what changed (milliseconds when nothing did).
    compile_catalogues(ROOT / "locale")
DEMO_SCORE = ROOT / "tutor" / "demo" / "twinkle.musicxml"


def make_user(username: str, role: str) -> User:
    return User.objects.create_user(username=username, password="a-long-test-password", role=role)


@pytest.fixture
def teacher(db: None) -> User:
    return make_user("tina", User.Role.TEACHER)


@pytest.fixture
def other_teacher(db: None) -> User:
    return make_user("oscar", User.Role.TEACHER)


@pytest.fixture
def student(db: None) -> User:
    return make_user("sam", User.Role.STUDENT)


@pytest.fixture
def other_student(db: None) -> User:
    return make_user("olga", User.Role.STUDENT)


@pytest.fixture
def classroom(teacher: User, student: User) -> Classroom:
    room = Classroom.objects.create(teacher=teacher, name="Choir")
    Enrollment.objects.create(classroom=room, student=student)
    return room


@pytest.fixture
def other_classroom(other_teacher: User, other_student: User) -> Classroom:
    room = Classroom.objects.create(teacher=other_teacher, name="Band")
    Enrollment.objects.create(classroom=room, student=other_student)
    return room


def make_exercise(owner: User, title: str = "Twinkle") -> Exercise:
    exercise = Exercise(owner=owner, title=title, tempo=90)
    exercise.score.save("twinkle.musicxml", ContentFile(DEMO_SCORE.read_bytes()), save=False)
    exercise.save()
    return exercise


@pytest.fixture
def exercise(teacher: User) -> Exercise:
    return make_exercise(teacher)


def exercise_from_music21(owner: User, score, tmp_path: Path, *, title: str, tempo: float) -> Exercise:  # type: ignore[no-untyped-def]
    """A teacher's exercise whose score is ``score`` (a music21 Score) written as MusicXML."""
    path = tmp_path / f"{uuid.uuid4().hex[:8]}.musicxml"
    score.write("musicxml", fp=str(path))
    exercise = Exercise(owner=owner, title=title, tempo=tempo)
    exercise.score.save(path.name, ContentFile(path.read_bytes()), save=False)
    exercise.save()
    return exercise


def make_assignment(classroom: Classroom, exercise: Exercise, student: User | None = None) -> Assignment:
    return Assignment.objects.create(
        classroom=classroom,
        student=student,
        title=f"Sing {exercise.title}",
        target_type=ContentType.objects.get_for_model(Exercise),
        target_id=exercise.pk,
    )


@pytest.fixture
def assignment(classroom: Classroom, exercise: Exercise) -> Assignment:
    return make_assignment(classroom, exercise)


def logged_in(user: User) -> Client:
    """A browser session signed in as ``user``, for the site's pages."""
    client = Client()
    client.force_login(user)
    return client


def api_client_for(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Passwords hashed in the tests use a cheap hasher (Django's advice for test suites). The default,
    PBKDF2 with a million rounds, costs about 0.2 s of CPU for each user made and each sign-in, and the
    suite makes thousands. No test measures the hash's cost; sign-in, its throttles and the password
    rules (AUTH_PASSWORD_VALIDATORS, applied before hashing) work the same with either hasher."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _sandbox_started() -> None:
    """Start the sandbox's forkserver once per test process, before the tests. A request never waits for
    it to start (a cold process hands its score to a worker, as a slow score), so without this a
    process's first upload would answer 202 instead of 201 or 400, depending on test order."""
    from grading.analysis.sandbox import warm_up

    warm_up()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    # A loaded CI machine may take over the production budget (1 s) to read even a small score, and the
    # upload would then answer 202 instead of the 201 or 400 a test expects. The tests of the slow path
    # set their own budget; the fuzz test still holds every request under 5 s with this one.
    settings.SCORE_CHECK_SECONDS = 3


@pytest.fixture(autouse=True)
def _fresh_throttles(settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Throttle counters live in the cache; each test starts with none used. A file cache gets a
    folder per test, so parallel workers (pytest -n) never clear each other's counters."""
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": str(tmp_path_factory.mktemp("cache"))}}
    cache.clear()
    yield


def _database_url_for_worker() -> str:
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    return f"postgresql://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(transactional_db: None, settings, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:  # type: ignore[no-untyped-def]
    """Start real Celery worker processes on the configured broker and the test database.

    ``start_worker(**env)`` passes extra settings to the worker through its
    environment (for example a short ``CELERY_TASK_TIME_LIMIT``);
    ``start_worker(queues="grading,interactive,celery")`` consumes only those
    queues, as scripts/run.sh's workers do (every queue without it).
    """
    from config.celery import app

    app.control.purge()
    workers: list[subprocess.Popen[bytes]] = []

    def start(queues: str = "", **extra_env: str) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url_for_worker(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "TUTOR_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **extra_env,
        }
        log_path = tmp_path / f"worker-{len(workers)}.log"
        with log_path.open("wb") as log:
            worker = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO",
                    "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
                    "-n", f"test-{uuid.uuid4().hex[:8]}@%h", *(["-Q", queues] if queues else []),
                ],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        workers.append(worker)
        worker.log_path = log_path  # type: ignore[attr-defined]
        deadline = time.monotonic() + 60
        while b"ready." not in log_path.read_bytes():
            if worker.poll() is not None or time.monotonic() > deadline:
                worker.kill()
                pytest.fail(f"the Celery worker did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.2)
        return worker

    try:
        yield start
    finally:
        for worker in workers:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


@pytest.fixture
def celery_worker_process(start_worker: Callable[..., subprocess.Popen[bytes]]) -> subprocess.Popen[bytes]:
    return start_worker()


def worker_log(worker: subprocess.Popen[bytes]) -> str:
    return Path(worker.log_path).read_text()[-4000:]  # type: ignore[attr-defined]


def wait_for(predicate, *, timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """Each test starts in the site's default language. A request in another language activates it
    for the thread and Django leaves it active after the response; code called outside a request
    (a service, a task) would then speak that language in the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
