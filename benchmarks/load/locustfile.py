"""Locust users for the load test: students who browse, answer quiz questions
through the API and upload 20-second takes, then wait for the grade.

Driven by benchmarks/load/run.py, which seeds the database and passes, through
the environment:

- ``LOAD_USERS_FILE``: the JSON written by seed.py (tokens, session keys, ids, lesson slugs);
- ``LOAD_TAKES``: take files separated by ``os.pathsep`` (uploaded in turn);
- ``LOAD_RESULT_TIMEOUT``: seconds a student waits for a grade before counting a failure (120);
- ``LOAD_DRILL_USERS``: how many extra users do nothing but ask for 64-bar drills (0), each as one of
  the last students of the seed, so drill renders compete with the grading of everyone's takes.

Pages are fetched with the student's session cookie, the API with their token
(no cookie, so DRF does not ask for a CSRF token). ``upload-to-result`` is a
custom entry: from the start of the upload to the poll that sees ``done``.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
import time
from pathlib import Path

from locust import HttpUser, between, task

USERS = json.loads(Path(os.environ["LOAD_USERS_FILE"]).read_text())
TAKES = [Path(p) for p in os.environ["LOAD_TAKES"].split(os.pathsep) if p]
RESULT_TIMEOUT = float(os.environ.get("LOAD_RESULT_TIMEOUT", "120"))
POLL_SECONDS = 0.5

DRILL_USERS = int(os.environ.get("LOAD_DRILL_USERS", "0"))
DRILL_BARS = 64
_next_student = itertools.cycle(USERS["students"][: len(USERS["students"]) - DRILL_USERS] or USERS["students"])
_next_drill_maker = itertools.cycle(USERS["students"][-DRILL_USERS:] if DRILL_USERS else [])
_next_take = itertools.cycle(TAKES)
_lock = threading.Lock()


class Student(HttpUser):
    wait_time = between(1, 4)

    def on_start(self) -> None:
        with _lock:
            me = next(_next_student)
        self.me = me
        self.api = {"Authorization": f"Token {me['token']}"}
        self.cookies = {"sessionid": me["session"]}
        self.attempt_id: int | None = None
        self.take_ids: list[int] = []

    # ------------------------------------------------------------------ pages

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, cookies=self.cookies, name=name, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")

    @task(3)
    def dashboard(self) -> None:
        self.page("/dashboard/", "/dashboard/")

    @task(2)
    def assignment_page(self) -> None:
        self.page(f"/assignments/{self.me['exercise_assignment']}/", "/assignments/[id]/")

    @task(1)
    def lesson_list(self) -> None:
        self.page("/lessons/", "/lessons/")

    @task(2)
    def lesson_page(self) -> None:
        self.page(f"/lessons/{random.choice(USERS['lessons'])}/", "/lessons/[slug]/")

    @task(1)
    def take_page(self) -> None:
        if self.take_ids:
            self.page(f"/takes/{random.choice(self.take_ids)}/", "/takes/[id]/")

    # ------------------------------------------------------------------ quiz through the API

    @task(4)
    def answer_a_question(self) -> None:
        if self.attempt_id is None:
            response = self.client.post("/api/attempts/", json={"assignment": self.me["quiz_assignment"]},
                                        headers=self.api, name="/api/attempts/ (start)")
            if response.status_code not in (200, 201):
                return
            self.attempt_id = int(response.json()["id"])
        response = self.client.get(f"/api/attempts/{self.attempt_id}/next/", headers=self.api,
                                   name="/api/attempts/[id]/next/")
        if response.status_code == 204:  # nothing left but still open: hand it in
            self.client.post(f"/api/attempts/{self.attempt_id}/submit/", headers=self.api,
                             name="/api/attempts/[id]/submit/")
            self.attempt_id = None
            return
        if response.status_code != 200:
            return
        question = response.json()
        answer = random.choice(question["choices"]) if question["choices"] else "C4"
        answered = self.client.post(f"/api/questions/{question['id']}/answer/", json={"answer": answer},
                                    headers=self.api, name="/api/questions/[id]/answer/")
        if answered.status_code == 200 and not answered.json()["attempt"]["is_open"]:
            self.attempt_id = None  # the last answer hands a quiz in; the next task starts another sitting

    # ------------------------------------------------------------------ a take, and waiting for its grade

    @task(1)
    def upload_a_take(self) -> None:
        with _lock:
            take = next(_next_take)
        started = time.monotonic()
        with take.open("rb") as audio:
            response = self.client.post(
                "/api/recordings/", headers=self.api, name="/api/recordings/ (upload)",
                data={"assignment": self.me["exercise_assignment"]}, files={"audio": (take.name, audio)},
            )
        if response.status_code != 202:
            return
        recording_id = int(response.json()["id"])
        status, error = "queued", None
        deadline = started + RESULT_TIMEOUT
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            poll = self.client.get(f"/api/recordings/{recording_id}/", headers=self.api,
                                   name="/api/recordings/[id]/ (poll)")
            if poll.status_code == 200:
                status = poll.json()["status"]
                if status in ("done", "failed"):
                    error = poll.json().get("error")
                    break
        elapsed_ms = (time.monotonic() - started) * 1000
        failure = None
        if status != "done":
            failure = RuntimeError(f"take {recording_id} ended {status!r} {error or ''}".strip())
        self.environment.events.request.fire(
            request_type="TAKE", name="upload-to-result", response_time=elapsed_ms, response_length=0,
            exception=failure, context={},
        )
        if status == "done":
            self.take_ids.append(recording_id)


class DrillMaker(HttpUser):
    """Asks for a 64-bar drill every few seconds; a 429 (throttle, or renders in flight) is an expected answer."""

    fixed_count = DRILL_USERS
    wait_time = between(2, 5)

    def on_start(self) -> None:
        with _lock:
            me = next(_next_drill_maker)
        self.api = {"Authorization": f"Token {me['token']}"}

    @task
    def ask_for_a_drill(self) -> None:
        with self.client.post("/api/drills/", json={"params": {"bars": DRILL_BARS}}, headers=self.api,
                              name=f"/api/drills/ ({DRILL_BARS} bars)", catch_response=True) as response:
            if response.status_code == 429:
                response.success()  # refused while this person's renders run: the limit doing its job
            elif response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
