"""A failed take, range test or transcription is offered again only where another run may get through (a worker
lost, a time limit, a fault of ours): one that failed because of the recording itself (silent, too long,
unreadable) would fail the same way, and the page says so instead of offering a button that cannot help."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from grading.models import Exercise, RangeTest, Recording, Transcription
from tests.conftest import api_client_for
from tutor.models import User

pytestmark = pytest.mark.django_db

SILENT = "the recording is silent; check the microphone and record again"
TOO_LONG = "the recording lasts 700.0 s; the limit is 600 s"
UNREADABLE = "the file is not a recording we can read (unknown or broken format)"
TIMED_OUT = "This took longer than 300 s and was stopped."
WORKER_FAULT = "Something went wrong on our side (MemoryError); please try again."
WORKERS_DIED = "Gave up after 3 attempts."

ROWS = {"takes": Recording, "range-tests": RangeTest, "transcriptions": Transcription}
API = {"takes": "recordings", "range-tests": "range-tests", "transcriptions": "transcriptions"}


def failed(kind: str, owner: User, exercise: Exercise, error: str) -> Recording | RangeTest | Transcription:
    row = ROWS[kind](owner=owner, status="failed", error=error)
    if kind == "takes":
        row.exercise = exercise  # type: ignore[union-attr]
    row.audio.save("take.wav", ContentFile(b"RIFF a take"), save=False)
    row.save()
    return row


@pytest.mark.parametrize("kind", list(ROWS))
@pytest.mark.parametrize("error", [SILENT, TOO_LONG, UNREADABLE])
def test_a_failure_of_the_recording_itself_is_not_tried_again(
    student: User, exercise: Exercise, kind: str, error: str
) -> None:
    # Main queued it again (202), and the same recording failed the same way.
    row = failed(kind, student, exercise, error)
    client = api_client_for(student)
    shown = client.get(f"/api/{API[kind]}/{row.pk}/").json()
    assert shown["retryable"] is False
    with mock.patch("tutor.jobs.queue_job") as queued:
        response = client.post(f"/api/{API[kind]}/{row.pk}/retry/")
    assert response.status_code == 409 and "would fail the same way" in str(response.json())
    queued.assert_not_called()
    row.refresh_from_db()
    assert row.status == "failed" and row.error == error


@pytest.mark.parametrize("kind", list(ROWS))
@pytest.mark.parametrize("error", [TIMED_OUT, WORKER_FAULT, WORKERS_DIED])
def test_a_lost_worker_or_a_time_limit_is_tried_again(
    student: User, exercise: Exercise, kind: str, error: str, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    row = failed(kind, student, exercise, error)
    client = api_client_for(student)
    assert client.get(f"/api/{API[kind]}/{row.pk}/").json()["retryable"] is True
    with mock.patch("celery.app.task.Task.apply_async"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/{API[kind]}/{row.pk}/retry/")
    assert response.status_code == 202, response.json()
    row.refresh_from_db()
    assert row.status == "queued"


def test_the_take_page_offers_grading_again_only_where_it_can_help(student: User, exercise: Exercise) -> None:
    client = Client()
    client.force_login(student)
    silent = client.get(f"/takes/{failed('takes', student, exercise, SILENT).pk}/").content.decode()
    assert 'id="take-regrade"' not in silent and "would fail the same way" in silent
    lost = client.get(f"/takes/{failed('takes', student, exercise, WORKER_FAULT).pk}/").content.decode()
    assert 'id="take-regrade"' in lost and "would fail the same way" not in lost


def test_the_range_test_page_offers_measuring_again_only_where_it_can_help(student: User, exercise: Exercise) -> None:
    client = Client()
    client.force_login(student)
    failed("range-tests", student, exercise, SILENT)
    page = client.get("/range-test/").content.decode()
    assert page.count("Measure the same take again") == 1  # the live page's hidden button only
    failed("range-tests", student, exercise, TIMED_OUT)
    assert client.get("/range-test/").content.decode().count("Measure the same take again") == 2


def test_the_page_retry_refuses_a_failure_of_the_recording_with_the_reason(student: User, exercise: Exercise) -> None:
    client = Client()
    client.force_login(student)
    row = failed("transcriptions", student, exercise, UNREADABLE)
    page = client.post(f"/transcribe/{row.pk}/retry/", follow=True).content.decode()
    assert "would fail the same way" in page
    assert Transcription.objects.get(pk=row.pk).status == "failed"
