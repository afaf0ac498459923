"""A range test or a transcription that failed to analyse is kept and can be tried again from its stored take,
as a graded take can (``POST .../retry/``, API and page): only by its owner, once per click, never after it is done."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grading.models import RangeTest, Transcription
from grading.tasks import measure_range, transcribe_take
from tests.conftest import api_client_for
from tests.grading.takes import twinkle_take
from tutor.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def take(tmp_path: Path) -> Path:
    return twinkle_take(tmp_path / "take.wav")


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="audio/wav")


def _failed_range_test(student: User, take: Path) -> int:
    test_id = api_client_for(student).post("/api/range-tests/", {"audio": upload(take)}, format="multipart").json()["id"]
    with mock.patch("grading.services.measure_vocal_range", side_effect=RuntimeError("worker fault")):
        measure_range.apply(args=[test_id])
    test = RangeTest.objects.get(pk=test_id)
    assert test.status == "failed" and test.audio
    return test_id


def _failed_transcription(student: User, take: Path) -> int:
    row_id = api_client_for(student).post("/api/transcriptions/", {"audio": upload(take)}, format="multipart").json()["id"]
    with mock.patch("grading.services.transcribe", side_effect=RuntimeError("worker fault")):
        transcribe_take.apply(args=[row_id])
    row = Transcription.objects.get(pk=row_id)
    assert row.status == "failed" and row.audio
    return row_id


def test_a_failed_range_test_is_measured_again_from_its_kept_take(
    student: User, take: Path, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    test_id = _failed_range_test(student, take)
    with mock.patch("grading.tasks.measure_range.apply_async") as queued, \
            django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(student).post(f"/api/range-tests/{test_id}/retry/")
        again = api_client_for(student).post(f"/api/range-tests/{test_id}/retry/")  # a second click
    assert response.status_code == again.status_code == 202
    assert response.json()["status"] == "queued" and response.json()["error"] == ""
    queued.assert_called_once_with((test_id,))
    measure_range.apply(args=[test_id])
    test = RangeTest.objects.get(pk=test_id)
    assert test.status == "done" and test.low_midi is not None and test.high_midi is not None
    assert api_client_for(student).post(f"/api/range-tests/{test_id}/retry/").status_code == 409


def test_a_failed_transcription_is_transcribed_again_from_its_kept_take(
    student: User, take: Path, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    row_id = _failed_transcription(student, take)
    Transcription.objects.filter(pk=row_id).update(progress=40, stage="tracking pitch")  # where the crash left it
    with mock.patch("grading.tasks.transcribe_take.apply_async") as queued, \
            django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(student).post(f"/api/transcriptions/{row_id}/retry/")
        again = api_client_for(student).post(f"/api/transcriptions/{row_id}/retry/")
    assert response.status_code == again.status_code == 202
    assert response.json()["status"] == "queued" and response.json()["progress"] == 0
    queued.assert_called_once_with((row_id,))
    transcribe_take.apply(args=[row_id])
    row = Transcription.objects.get(pk=row_id)
    assert row.status == "done" and row.result and row.result["notes"]
    response = api_client_for(student).post(f"/api/transcriptions/{row_id}/retry/")
    assert response.status_code == 409 and "already transcribed" in response.json()["error"]["message"]


def test_only_the_owner_can_try_again(student: User, other_student: User, teacher: User, take: Path) -> None:
    test_id = _failed_range_test(student, take)
    row_id = _failed_transcription(student, take)
    for outsider in (other_student, teacher):
        assert api_client_for(outsider).post(f"/api/range-tests/{test_id}/retry/").status_code == 404
        assert api_client_for(outsider).post(f"/api/transcriptions/{row_id}/retry/").status_code == 404
        client = Client()
        client.force_login(outsider)
        assert client.post(f"/range-test/{test_id}/retry/").status_code == 404
        assert client.post(f"/transcribe/{row_id}/retry/").status_code == 404
    assert RangeTest.objects.get(pk=test_id).status == "failed"
    assert Transcription.objects.get(pk=row_id).status == "failed"


def test_a_take_whose_audio_is_gone_says_to_record_again(student: User, take: Path) -> None:
    row_id = _failed_transcription(student, take)
    Transcription.objects.get(pk=row_id).audio.delete(save=True)
    response = api_client_for(student).post(f"/api/transcriptions/{row_id}/retry/")
    assert response.status_code == 409 and "record it again" in response.json()["error"]["message"]


def test_the_pages_offer_to_try_again_and_lead_back(student: User, take: Path) -> None:
    test_id = _failed_range_test(student, take)
    row_id = _failed_transcription(student, take)
    client = Client()
    client.force_login(student)
    assert f'action="/range-test/{test_id}/retry/"' in client.get("/range-test/").content.decode()
    assert 'id="retry-transcription"' in client.get("/transcribe/").content.decode()
    back = client.post(f"/range-test/{test_id}/retry/")
    assert back.status_code == 302 and back["Location"] == "/range-test/"
    assert RangeTest.objects.get(pk=test_id).status == "queued"
    assert f'action="/range-test/{test_id}/retry/"' not in client.get("/range-test/").content.decode()
    back = client.post(f"/transcribe/{row_id}/retry/")
    assert back.status_code == 302 and back["Location"] == f"/transcribe/?follow={row_id}"
    assert Transcription.objects.get(pk=row_id).status == "queued"
