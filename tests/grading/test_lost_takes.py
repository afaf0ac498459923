"""No take is lost or graded twice: doubled and retried uploads, a worker that fails, a sign-in that expired."""

from __future__ import annotations

import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grading.models import NoteResult, Recording
from grading.services import UPLOAD_KEY_PATTERN
from grading.tasks import analyze_recording
from tests.conftest import api_client_for
from tests.grading.takes import twinkle_take
from tests.studio.page_scripts import NODE, evaluate
from tutor.models import Assignment, Enrollment, SkillEvidence, User

pytestmark = pytest.mark.django_db

KEY = "3f1c9a0e-6b7d-4c2a-9e51-0d8b2f7a4c11"


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="audio/wav")


def submit(user: User, path: Path, **fields: object):  # type: ignore[no-untyped-def]
    return api_client_for(user).post("/api/recordings/", {"audio": upload(path), **fields}, format="multipart")


@pytest.fixture
def take(tmp_path: Path) -> Path:
    return twinkle_take(tmp_path / "take.wav")


# --------------------------------------------------------------------------- doubled and retried uploads


def test_a_retried_upload_with_its_key_gets_the_first_take_back(
    student: User, assignment: Assignment, take: Path, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with mock.patch("grading.tasks.analyze_recording.apply_async") as queued, \
            django_capture_on_commit_callbacks(execute=True):
        first = submit(student, take, assignment=assignment.pk, upload_key=KEY)
        again = submit(student, take, assignment=assignment.pk, upload_key=KEY)
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert Recording.objects.filter(owner=student).count() == 1
    assert queued.call_count == 1  # graded once


def test_a_doubled_upload_does_not_use_a_second_attempt(student: User, assignment: Assignment, take: Path) -> None:
    assignment.attempts_allowed = 2
    assignment.save()
    for _ in range(3):
        assert submit(student, take, assignment=assignment.pk, upload_key=KEY).status_code == 202
    other = twinkle_take(take.with_name("second.wav"), cents={0: 10})
    assert submit(student, other, assignment=assignment.pk, upload_key=KEY.replace("3f", "4e")).status_code == 202
    assert Recording.objects.filter(owner=student, assignment=assignment).count() == 2


def test_the_same_key_from_another_student_is_another_take(
    student: User, other_student: User, assignment: Assignment, take: Path, classroom  # type: ignore[no-untyped-def]
) -> None:
    Enrollment.objects.create(classroom=classroom, student=other_student)
    mine = submit(student, take, assignment=assignment.pk, upload_key=KEY).json()["id"]
    theirs = submit(other_student, take, assignment=assignment.pk, upload_key=KEY).json()["id"]
    assert mine != theirs
    assert Recording.objects.get(pk=theirs).owner == other_student


def test_a_key_reused_for_another_exercise_is_refused(
    student: User, assignment: Assignment, take: Path, teacher: User
) -> None:
    from tests.conftest import make_exercise

    submit(student, take, assignment=assignment.pk, upload_key=KEY)
    elsewhere = make_exercise(teacher, title="Elsewhere")
    student_exercise = make_exercise(student, title="Mine")
    response = submit(student, take, exercise=student_exercise.pk, upload_key=KEY)
    assert response.status_code == 409 and "another exercise" in response.json()["error"]["message"]
    assert elsewhere.recordings.count() == 0


def test_a_malformed_key_is_a_400(student: User, assignment: Assignment, take: Path) -> None:
    response = submit(student, take, assignment=assignment.pk, upload_key="a b<c>")
    assert response.status_code == 400 and "upload_key" in response.json()["error"]["fields"]


def test_the_page_form_sent_twice_is_one_take(student: User, assignment: Assignment, take: Path) -> None:
    client = Client()
    client.force_login(student)
    page = client.get(f"/assignments/{assignment.pk}/")
    assert page.status_code == 200
    key = page.context["take_form"].initial["upload_key"]
    assert f'type="hidden" name="upload_key" value="{key}"' in page.content.decode()
    for _ in range(2):
        with take.open("rb") as audio:
            response = client.post(f"/assignments/{assignment.pk}/takes/", {"audio": audio, "upload_key": key})
        assert response.status_code == 302
    assert Recording.objects.filter(owner=student).count() == 1


# --------------------------------------------------------------------------- a worker that fails


def _failed_by_the_worker(student: User, assignment: Assignment, take: Path, error: Exception) -> int:
    recording_id = submit(student, take, assignment=assignment.pk).json()["id"]
    with mock.patch("grading.services.assess", side_effect=error):
        analyze_recording.apply(args=[recording_id])
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "failed" and recording.audio  # the take is kept
    return recording_id


def test_a_take_whose_analysis_crashed_is_kept_and_graded_again_on_request(
    student: User, assignment: Assignment, take: Path, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    recording_id = _failed_by_the_worker(student, assignment, take, RuntimeError("worker fault"))
    body = api_client_for(student).get(f"/api/recordings/{recording_id}/").json()
    assert body["status"] == "failed" and "try again" in body["error"]
    with mock.patch("grading.tasks.analyze_recording.apply_async") as queued, \
            django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(student).post(f"/api/recordings/{recording_id}/retry/")
        again = api_client_for(student).post(f"/api/recordings/{recording_id}/retry/")  # a second click
    assert response.status_code == again.status_code == 202
    assert response.json() == {"id": recording_id, "status": "queued"}
    queued.assert_called_once_with((recording_id,))
    analyze_recording.apply(args=[recording_id])
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "done" and recording.error == "" and recording.attempts == 1
    assert NoteResult.objects.filter(recording=recording).count() == len(recording.result["notes"])


def test_a_take_that_ran_out_of_time_can_be_graded_again(student: User, assignment: Assignment, take: Path) -> None:
    from celery.exceptions import SoftTimeLimitExceeded

    recording_id = _failed_by_the_worker(student, assignment, take, SoftTimeLimitExceeded())
    assert "longer than" in Recording.objects.get(pk=recording_id).error
    assert api_client_for(student).post(f"/api/recordings/{recording_id}/retry/").status_code == 202
    analyze_recording.apply(args=[recording_id])
    assert Recording.objects.get(pk=recording_id).status == "done"


def test_a_graded_take_is_never_graded_twice(student: User, assignment: Assignment, take: Path) -> None:
    recording_id = submit(student, take, assignment=assignment.pk).json()["id"]
    analyze_recording.apply(args=[recording_id])
    evidence = SkillEvidence.objects.filter(student=student).count()
    response = api_client_for(student).post(f"/api/recordings/{recording_id}/retry/")
    assert response.status_code == 409 and "already graded" in response.json()["error"]["message"]
    assert SkillEvidence.objects.filter(student=student).count() == evidence > 0


def test_only_the_takes_owner_can_have_it_graded_again(
    student: User, other_student: User, teacher: User, assignment: Assignment, take: Path
) -> None:
    recording_id = _failed_by_the_worker(student, assignment, take, RuntimeError("worker fault"))
    for outsider in (other_student, teacher):
        assert api_client_for(outsider).post(f"/api/recordings/{recording_id}/retry/").status_code == 404
    assert Recording.objects.get(pk=recording_id).status == "failed"


def test_grading_again_uses_an_attempt_and_respects_the_limit(
    student: User, assignment: Assignment, take: Path, tmp_path: Path
) -> None:
    assignment.attempts_allowed = 1
    assignment.save()
    recording_id = _failed_by_the_worker(student, assignment, take, RuntimeError("worker fault"))
    # The failed take gave its attempt back, and the student used it on a new take.
    assert submit(student, twinkle_take(tmp_path / "new.wav", cents={1: 5}), assignment=assignment.pk).status_code == 202
    response = api_client_for(student).post(f"/api/recordings/{recording_id}/retry/")
    assert response.status_code == 409 and "No attempts left" in response.json()["error"]["message"]
    assert Recording.objects.get(pk=recording_id).status == "failed"


def test_a_take_whose_audio_was_purged_says_to_record_again(
    student: User, assignment: Assignment, take: Path
) -> None:
    recording_id = _failed_by_the_worker(student, assignment, take, RuntimeError("worker fault"))
    recording = Recording.objects.get(pk=recording_id)
    recording.audio.delete(save=True)
    response = api_client_for(student).post(f"/api/recordings/{recording_id}/retry/")
    assert response.status_code == 409 and "record it again" in response.json()["error"]["message"]


# --------------------------------------------------------------------------- a sign-in that expired


def test_a_take_sent_after_the_session_expired_is_refused_without_a_500_and_stored_for_nobody(
    assignment: Assignment, take: Path
) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/recordings/", {"audio": upload(take), "assignment": assignment.pk})
    assert response.status_code in (401, 403)
    assert response.json()["error"]["message"]
    assert not Recording.objects.exists()


def test_a_page_form_take_sent_signed_out_leads_back_to_its_page_after_signing_in(
    student: User, assignment: Assignment, take: Path
) -> None:
    client = Client()
    with take.open("rb") as audio:
        signed_out = client.post(f"/assignments/{assignment.pk}/takes/", {"audio": audio})
    assert signed_out.status_code == 302 and "next=" in signed_out["Location"]
    assert not Recording.objects.exists()
    client.force_login(student)
    back = client.get(f"/assignments/{assignment.pk}/takes/")  # where the sign-in page sends the student
    assert back.status_code == 302 and back["Location"] == f"/assignments/{assignment.pk}/"


def test_the_take_page_of_a_failed_take_offers_to_grade_it_again(
    student: User, other_student: User, assignment: Assignment, take: Path
) -> None:
    recording_id = _failed_by_the_worker(student, assignment, take, RuntimeError("worker fault"))
    client = Client()
    client.force_login(student)
    page = client.get(f"/takes/{recording_id}/").content.decode()
    assert f'action="/takes/{recording_id}/retry/"' in page
    outsider = Client()
    outsider.force_login(other_student)
    assert outsider.post(f"/takes/{recording_id}/retry/").status_code == 404
    back = client.post(f"/takes/{recording_id}/retry/")
    assert back.status_code == 302 and back["Location"] == f"/takes/{recording_id}/"
    assert Recording.objects.get(pk=recording_id).status == "queued"
    assert f'action="/takes/{recording_id}/retry/"' not in client.get(f"/takes/{recording_id}/").content.decode()


@pytest.mark.skipif(not NODE, reason="node is not installed")
def test_the_studio_offers_to_send_a_take_again_only_when_that_can_help() -> None:
    decided = evaluate("upload.js", ["refusal", "newUploadKey"], """{
      signedOut: refusal(403, {error: {message: "Authentication credentials were not provided."}}),
      serverFault: refusal(502, null), throttled: refusal(429, {error: {message: "Too many requests"}}),
      badFile: refusal(400, {error: {message: "The recording is silent."}}), key: newUploadKey(),
    }""")
    assert not decided["signedOut"]["resend"] and "Save the take" in decided["signedOut"]["text"]
    assert decided["serverFault"]["resend"] and decided["throttled"]["resend"]
    assert not decided["badFile"]["resend"] and "silent" in decided["badFile"]["text"]
    assert re.fullmatch(UPLOAD_KEY_PATTERN, decided["key"])


# --------------------------------------------------------------------------- a take sent while no worker runs


def test_a_take_sent_while_no_worker_runs_is_kept_said_to_be_saved_and_graded_when_a_worker_comes(
    student: User, assignment: Assignment, take: Path
) -> None:
    with mock.patch("grading.tasks.analyze_recording.delay"):  # no worker: the message waits in the broker
        response = submit(student, take, assignment=assignment.pk)
    assert response.status_code == 202
    recording_id = response.json()["id"]
    client = Client()
    client.force_login(student)
    assert "Waiting for the grader" in client.get(f"/takes/{recording_id}/").content.decode()
    # A minute on, the page no longer only "waits": it says the take is kept and will be graded.
    Recording.objects.filter(pk=recording_id).update(queued_at=Recording.objects.get(pk=recording_id).queued_at
                                                    - Recording.LONG_WAIT * 2)
    page = client.get(f"/takes/{recording_id}/").content.decode()
    assert "Your take is saved. The grader is busy or not running just now" in page
    chinese = client.get(f"/takes/{recording_id}/", headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "录音已保存。评分程序现在正忙或没有运行" in chinese
    # The worker comes back and takes the message: the take is graded, nothing was lost.
    analyze_recording(recording_id)
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "done" and recording.result["summary"]["notes"] == 14
    assert not recording.waiting_long


@pytest.mark.skipif(not NODE, reason="node is not installed")
def test_the_studio_says_a_take_is_saved_once_it_has_waited_long_for_the_grader() -> None:
    said = evaluate("upload.js", ["statusText"], """{
      soon: statusText("queued", 2000), long: statusText("queued", 45000), busy: statusText("analyzing", 45000),
    }""")
    assert said["soon"] == "Waiting for the grader…"
    assert said["long"].startswith("Your take is saved.") and "leave this page" in said["long"]
    assert said["busy"] == "Listening to your take…"


@pytest.mark.skipif(not NODE, reason="node is not installed")
def test_a_refused_file_is_said_without_the_fields_name() -> None:
    said = evaluate("upload.js", ["errorMessage"], """{
      empty: errorMessage({error: {message: "audio: The submitted file is empty.",
                                   fields: {audio: ["The submitted file is empty."]}}}, 400),
      two: errorMessage({error: {message: "Check the form.", fields: {audio: ["Too long."], assignment: ["Gone."]}}}, 400),
    }""")
    assert said["empty"] == "The submitted file is empty."
    assert said["two"] == "Check the form. Too long. Gone."
