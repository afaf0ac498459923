"""A score not read within the request's budget is read by a worker: 202, a job, then an exercise or the reason.

The request's budget is patched down to a millisecond so that any score, the
demo's included, stands in for one that takes longer than a second to read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.analysis import errors
from grading.analysis.sandbox import ScoreLimits
from grading.models import Exercise, ScoreUpload
from grading.tasks import read_score
from tests.conftest import DEMO_SCORE, api_client_for, logged_in
from tests.security.test_score_limits import PERCUSSION, midi_file, notes_track, tempo_event
from tutor.models import User

pytestmark = pytest.mark.django_db

# One millisecond: the request's budget, so every upload takes the worker's path.
NO_TIME = 0.001


@pytest.fixture
def slow_scores(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.SCORE_CHECK_SECONDS = NO_TIME
    # A quick child can still answer inside a millisecond on a quiet machine (the suite failed so once):
    # a read on the request's budget runs out of time for certain; the worker's reads are real.
    from grading import services

    real = services.read_score_limited

    def read(*args: Any, limits: ScoreLimits | None = None, **kwargs: Any) -> Any:
        if limits is not None and limits.wall_seconds <= NO_TIME:
            raise errors.ScoreTookTooLong(f"reading the score took longer than {limits.wall_seconds:g} s")
        return real(*args, limits=limits, **kwargs)

    with mock.patch.object(services, "read_score_limited", read):
        yield


def upload(client: object, name: str = "twinkle.musicxml", data: bytes | None = None, title: str = "Twinkle") -> object:
    return client.post(  # type: ignore[attr-defined]
        "/api/exercises/", {"title": title, "score": SimpleUploadedFile(name, DEMO_SCORE.read_bytes() if data is None else data)},
        format="multipart",
    )



def test_a_small_score_is_read_in_the_request_and_answers_201_as_before(teacher: User) -> None:
    response = upload(api_client_for(teacher))
    assert response.status_code == 201, response.content[:300]
    exercise = Exercise.objects.get(pk=response.json()["id"])
    assert exercise.parts == [[1, "Part 1", 14]]  # read with the score, in the sandbox
    assert not ScoreUpload.objects.exists()


def test_a_slow_score_is_accepted_with_a_status_url_and_becomes_an_exercise_in_a_job(
    teacher: User, slow_scores: None
) -> None:
    api = api_client_for(teacher)
    started = time.monotonic()
    response = upload(api)
    assert time.monotonic() - started < 5
    assert response.status_code == 202, response.content[:300]
    body = response.json()
    assert body["status"] == "queued" and body["exercise"] is None and body["error"] is None
    assert response["Location"] == body["url"] == f"/api/score-uploads/{body['id']}/"
    assert not Exercise.objects.exists()
    stored = ScoreUpload.objects.get(pk=body["id"])
    assert stored.score and stored.score.storage.exists(stored.score.name)  # kept until the job decides

    read_score.apply(args=[body["id"]])  # the worker, with its own limits (the request's budget does not apply)

    body = api.get(body["url"]).json()
    assert body["status"] == "done" and body["error"] is None
    exercise = Exercise.objects.get(pk=body["exercise"])
    assert exercise.owner == teacher and exercise.title == "Twinkle" and exercise.parts == [[1, "Part 1", 14]]
    assert exercise.score.name == stored.score.name and exercise.score.storage.exists(exercise.score.name)
    assert api.get(f"/api/exercises/{exercise.pk}/").status_code == 200
    read_score.apply(args=[body["id"]])  # a second delivery makes no second exercise
    assert Exercise.objects.count() == 1


def test_the_worker_reads_with_the_worker_limits(teacher: User, slow_scores: None) -> None:
    upload_id = upload(api_client_for(teacher)).json()["id"]
    with mock.patch("grading.services.read_score_limited", wraps=__import__(
            "grading.services", fromlist=["read_score_limited"]).read_score_limited) as reader:
        read_score.apply(args=[upload_id])
    limits = reader.call_args.kwargs["limits"]
    assert limits == ScoreLimits() and limits.wall_seconds >= 30 and limits.memory_bytes <= 1024**3


def test_a_score_the_worker_refuses_ends_failed_with_the_reason_and_in_the_error_shape(
    teacher: User, slow_scores: None
) -> None:
    api = api_client_for(teacher)
    body = upload(api, "drums.musicxml", PERCUSSION, title="Drums").json()
    stored = ScoreUpload.objects.get(pk=body["id"]).score.name
    read_score.apply(args=[body["id"]])
    body = api.get(body["url"]).json()
    assert body["status"] == "failed" and body["exercise"] is None
    error = body["error"]
    assert error["code"] == "invalid" and "unpitched" in error["message"]
    assert error["fields"] == {"score": [error["message"]]}
    assert not Exercise.objects.exists()
    row = ScoreUpload.objects.get(pk=body["id"])
    assert row.refused and not row.score  # the refused file is not kept, as a refusal in the request keeps none
    from django.core.files.storage import default_storage

    assert not default_storage.exists(stored)
    # The row keeps the reader's words; a Chinese reader gets them in Chinese, an English one as written.
    assert row.error == "the first part is unpitched (percussion); grading needs a part with pitched notes"
    chinese = api.get(body["url"], HTTP_ACCEPT_LANGUAGE="zh-hans").json()["error"]
    assert chinese["message"] == "无法用这份乐谱评分：第一个声部是无音高的打击乐；评分需要一个有音高音符的声部。"
    assert chinese["fields"] == {"score": [chinese["message"]]}


def test_a_score_past_the_worker_limits_fails_with_the_reason(teacher: User, slow_scores: None) -> None:
    body = upload(api_client_for(teacher)).json()
    with mock.patch("grading.services.worker_score_limits", return_value=ScoreLimits(wall_seconds=NO_TIME)):
        read_score.apply(args=[body["id"]])
    row = ScoreUpload.objects.get(pk=body["id"])
    assert row.status == "failed" and row.refused and "longer than" in row.error


def test_the_page_says_it_is_reading_the_score_then_shows_the_exercise(teacher: User, slow_scores: None) -> None:
    client = logged_in(teacher)
    response = client.post("/exercises/", {"title": "Twinkle", "score": SimpleUploadedFile("t.musicxml", DEMO_SCORE.read_bytes())})
    assert response.status_code == 302
    upload_id = ScoreUpload.objects.get().pk
    assert response["Location"] == f"/exercises/uploads/{upload_id}/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="score-upload-progress"' in page and 'http-equiv="refresh"' in page
    assert "Reading your score" in page
    assert f'href="/exercises/uploads/{upload_id}/"' in client.get("/exercises/").content.decode()
    read_score.apply(args=[upload_id])
    done = client.get(f"/exercises/uploads/{upload_id}/", follow=True)
    assert done.redirect_chain[-1][0] == "/exercises/"
    page = done.content.decode()
    assert "Exercise added" in page and "Twinkle" in page and "score-uploads" not in page


def test_the_page_shows_why_a_score_failed(teacher: User, slow_scores: None) -> None:
    client = logged_in(teacher)
    client.post("/exercises/", {"title": "Drums", "score": SimpleUploadedFile("d.musicxml", PERCUSSION)})
    upload_id = ScoreUpload.objects.get().pk
    read_score.apply(args=[upload_id])
    page = client.get(f"/exercises/uploads/{upload_id}/").content.decode()
    assert 'id="score-upload-failed"' in page and "cannot be graded against" in page and "unpitched" in page
    assert 'http-equiv="refresh"' not in page
    assert "could not be read" in client.get("/exercises/").content.decode()


def test_the_failed_page_is_in_chinese_for_a_chinese_reader(teacher: User, slow_scores: None) -> None:
    client = logged_in(teacher)
    client.post("/exercises/", {"title": "Drums", "score": SimpleUploadedFile("d.musicxml", PERCUSSION)})
    upload_id = ScoreUpload.objects.get().pk
    pending = client.get(f"/exercises/uploads/{upload_id}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "正在读取" in pending
    read_score.apply(args=[upload_id])
    failed = client.get(f"/exercises/uploads/{upload_id}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "无法用这份乐谱评分" in failed and "返回你的练习" in failed
    assert "第一个声部是无音高的打击乐" in failed and "unpitched" not in failed


def test_another_teacher_cannot_see_a_pending_upload(teacher: User, other_teacher: User, student: User,
                                                     slow_scores: None) -> None:
    body = upload(api_client_for(teacher)).json()
    for outsider in (other_teacher, student):
        assert api_client_for(outsider).get(body["url"]).status_code == 404
        assert api_client_for(outsider).get("/api/score-uploads/").json() == []
    assert logged_in(other_teacher).get(f"/exercises/uploads/{body['id']}/").status_code == 404
    assert "score-uploads" not in logged_in(other_teacher).get("/exercises/").content.decode()
    assert [row["id"] for row in api_client_for(teacher).get("/api/score-uploads/").json()] == [body["id"]]


def test_a_teacher_with_scores_being_read_waits_for_one(teacher: User, other_teacher: User, settings,  # type: ignore[no-untyped-def]
                                                         slow_scores: None) -> None:
    settings.MAX_SCORE_READS_PER_USER = 2
    api = api_client_for(teacher)
    assert [upload(api).status_code for _ in range(2)] == [202, 202]
    refused = upload(api)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "busy" and refused.json()["error"]["fields"]["score"]
    page = logged_in(teacher).post("/exercises/", {"title": "x", "score": SimpleUploadedFile("t.musicxml", DEMO_SCORE.read_bytes())})
    assert page.status_code == 200 and "still being read" in page.content.decode()
    assert ScoreUpload.objects.count() == 2
    assert upload(api_client_for(other_teacher)).status_code == 202  # a per-person limit
    read_score.apply(args=[ScoreUpload.objects.filter(owner=teacher).first().pk])
    assert upload(api).status_code == 202


def test_a_midi_score_takes_the_same_path(teacher: User, slow_scores: None) -> None:
    api = api_client_for(teacher)
    body = upload(api, "tune.mid", midi_file(tempo_event(90) + notes_track(8)), title="Tune").json()
    read_score.apply(args=[body["id"]])
    exercise = Exercise.objects.get(pk=api.get(body["url"]).json()["exercise"])
    assert exercise.score.name.endswith(".mid") and exercise.parts and exercise.parts[0][2] == 8


def test_a_student_cannot_upload_a_score_by_either_path(student: User, slow_scores: None) -> None:
    assert upload(api_client_for(student)).status_code == 403
    assert not ScoreUpload.objects.exists()


def test_a_request_never_waits_for_the_sandbox_to_start(teacher: User) -> None:
    from grading.analysis import sandbox

    sandbox._started.clear()  # as in a web process that has not read a score yet (starting takes 2.5-7 s)
    try:
        started = time.monotonic()
        response = upload(api_client_for(teacher))
        assert time.monotonic() - started < 1.0
        assert response.status_code == 202  # handed to the worker, not waited for
        deadline = time.monotonic() + 60
        while not sandbox._started.is_set() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sandbox._started.is_set()  # started in the background meanwhile
        assert upload(api_client_for(teacher), title="Again").status_code == 201
    finally:
        sandbox.warm_up()


def test_a_refusal_whose_run_died_before_saying_so_is_not_taken_for_success(teacher: User, slow_scores: None) -> None:
    upload_id = upload(api_client_for(teacher), "drums.musicxml", PERCUSSION).json()["id"]
    with mock.patch.object(ScoreUpload, "mark_failed"):  # the worker dies between the refusal and its record
        read_score.apply(args=[upload_id])
    ScoreUpload.objects.filter(pk=upload_id).update(status="queued")  # the sweeper re-queues it
    read_score.apply(args=[upload_id])
    row = ScoreUpload.objects.get(pk=upload_id)
    assert row.status == "failed" and row.refused and "unpitched" in row.error and row.exercise is None


def test_the_exercise_list_opens_each_exercise(teacher: User, exercise: Exercise) -> None:
    # The titles were plain text: a teacher could not open an uploaded exercise to check or hear it.
    page = logged_in(teacher).get("/exercises/").content.decode()
    assert f'href="/exercises/{exercise.pk}/studio/"' in page
    assert logged_in(teacher).get(f"/exercises/{exercise.pk}/studio/").status_code == 200
