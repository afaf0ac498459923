"""Recordings through the API and the analysis task, on the embedded default."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Exercise, NoteResult, Recording
from grading.tasks import analyze_recording
from tests.conftest import DEMO_SCORE, api_client_for, make_exercise
from tests.grading.takes import TWINKLE, twinkle_take
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="audio/wav")


def submit(user: User, audio: SimpleUploadedFile, **target: int):  # type: ignore[no-untyped-def]
    return api_client_for(user).post("/api/recordings/", {"audio": audio, **target}, format="multipart")


def test_it_accepts_a_take_with_202_and_queues_it_after_commit(
    student: User, assignment: Assignment, tmp_path: Path, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with mock.patch("grading.tasks.analyze_recording.apply_async") as delay, django_capture_on_commit_callbacks(
        execute=True
    ):
        response = submit(student, upload(twinkle_take(tmp_path / "take.wav")), assignment=assignment.pk)
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "queued"
    delay.assert_called_once_with((body["id"],))
    recording = Recording.objects.get(pk=body["id"])
    assert recording.owner == student and recording.exercise_id == assignment.target_id
    assert 9 < (recording.duration_seconds or 0) < 14


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.wav", b"", "empty"),
        ("notes.wav", b"these are my practice notes, not audio" * 20, "not"),
        ("truncated.wav", b"RIFF\x24\x08\x00\x00WAVEfmt ", ""),
    ],
)
def test_it_answers_a_bad_file_with_400_and_a_message_on_the_audio_field(
    student: User, assignment: Assignment, name: str, content: bytes, message: str
) -> None:
    response = submit(student, SimpleUploadedFile(name, content), assignment=assignment.pk)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["audio"] and message in error["fields"]["audio"][0].lower()
    assert not Recording.objects.exists()


def test_it_refuses_a_wav_header_claiming_zero_hz(student: User, assignment: Assignment) -> None:
    header = b"RIFF" + struct.pack("<I", 36 + 3200) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 0, 0, 2, 16)
    bogus = header + b"data" + struct.pack("<I", 3200) + b"\x00\x01" * 1600
    response = submit(student, SimpleUploadedFile("zero.wav", bogus), assignment=assignment.pk)
    assert response.status_code == 400 and "audio" in response.json()["error"]["fields"]


def test_another_students_recording_is_404(
    student: User, other_student: User, assignment: Assignment, tmp_path: Path
) -> None:
    recording_id = submit(student, upload(twinkle_take(tmp_path / "t.wav")), assignment=assignment.pk).json()["id"]
    assert api_client_for(other_student).get(f"/api/recordings/{recording_id}/").status_code == 404
    assert api_client_for(student).get(f"/api/recordings/{recording_id}/").status_code == 200


def test_a_student_cannot_submit_to_another_classes_assignment(
    other_student: User, assignment: Assignment, tmp_path: Path
) -> None:
    response = submit(other_student, upload(twinkle_take(tmp_path / "t.wav")), assignment=assignment.pk)
    assert response.status_code == 404 and "assignment" in response.json()["error"]["fields"]


def test_it_stops_at_the_attempts_allowed(student: User, assignment: Assignment, tmp_path: Path) -> None:
    assignment.attempts_allowed = 1
    assignment.save()
    take = twinkle_take(tmp_path / "t.wav")
    assert submit(student, upload(take), assignment=assignment.pk).status_code == 202
    second = submit(student, upload(take), assignment=assignment.pk)
    assert second.status_code == 409 and "No attempts left" in second.json()["error"]["message"]


def test_the_task_grades_every_note_and_stores_rows(student: User, assignment: Assignment, tmp_path: Path) -> None:
    take = twinkle_take(tmp_path / "t.wav", cents={2: -40}, missing={9})
    recording_id = submit(student, upload(take), assignment=assignment.pk).json()["id"]
    analyze_recording.apply(args=[recording_id])
    body = api_client_for(student).get(f"/api/recordings/{recording_id}/").json()
    assert body["status"] == "done", body["error"]
    notes = body["result"]["notes"]
    assert len(notes) == len(TWINKLE) == NoteResult.objects.filter(recording_id=recording_id).count()
    assert notes[2]["pitch"] == "flat" and -50 < notes[2]["cents"] < -30
    assert notes[9]["pitch"] == "missed" and notes[9]["timing"] == "missed"
    clean = [n for i, n in enumerate(notes) if i not in (2, 9)]
    assert all(n["pitch"] == "ok" and n["timing"] == "ok" for n in clean), clean
    assert body["result"]["summary"]["notes"] == len(TWINKLE)


def test_the_assignments_tolerances_are_used(student: User, assignment: Assignment, tmp_path: Path) -> None:
    assignment.tolerance_cents, assignment.wrong_cents = 45, 90
    assignment.save()
    take = twinkle_take(tmp_path / "t.wav", cents={2: -40})
    recording_id = submit(student, upload(take), assignment=assignment.pk).json()["id"]
    analyze_recording.apply(args=[recording_id])
    assert NoteResult.objects.get(recording_id=recording_id, index=2).pitch == "ok"


def test_a_take_that_cannot_be_graded_ends_failed_with_the_reason(
    student: User, assignment: Assignment, tmp_path: Path
) -> None:
    recording_id = submit(student, upload(twinkle_take(tmp_path / "t.wav")), assignment=assignment.pk).json()["id"]
    recording = Recording.objects.get(pk=recording_id)
    Path(recording.audio.path).write_bytes(b"\x00" * 1000)  # damaged on disk after the upload check
    analyze_recording.apply(args=[recording_id])
    recording.refresh_from_db()
    assert recording.status == "failed" and recording.error


def test_running_the_task_twice_grades_once(student: User, assignment: Assignment, tmp_path: Path) -> None:
    recording_id = submit(student, upload(twinkle_take(tmp_path / "t.wav")), assignment=assignment.pk).json()["id"]
    analyze_recording.apply(args=[recording_id])
    analyze_recording.apply(args=[recording_id])
    recording = Recording.objects.get(pk=recording_id)
    assert recording.status == "done" and recording.attempts == 1


def test_a_teacher_uploads_an_exercise_through_the_api(teacher: User) -> None:
    score = SimpleUploadedFile("twinkle.musicxml", DEMO_SCORE.read_bytes())
    response = api_client_for(teacher).post("/api/exercises/", {"title": "Twinkle", "score": score}, format="multipart")
    assert response.status_code == 201
    exercise_id = response.json()["id"]
    assert api_client_for(teacher).get(f"/api/exercises/{exercise_id}/").json()["title"] == "Twinkle"


def test_a_score_with_entities_is_refused(teacher: User) -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<score-partwise><part-list/>&b;</score-partwise>"
    )
    response = api_client_for(teacher).post(
        "/api/exercises/", {"title": "Bomb", "score": SimpleUploadedFile("b.musicxml", evil)}, format="multipart"
    )
    assert response.status_code == 400 and "score" in response.json()["error"]["fields"]
    assert not Exercise.objects.exists()


def test_a_student_cannot_add_exercises(student: User) -> None:
    score = SimpleUploadedFile("twinkle.musicxml", DEMO_SCORE.read_bytes())
    response = api_client_for(student).post("/api/exercises/", {"title": "Mine", "score": score}, format="multipart")
    assert response.status_code == 403


def test_a_student_sees_only_assigned_exercises(student: User, teacher: User, assignment: Assignment) -> None:
    make_exercise(teacher, "Unassigned")
    titles = [e["title"] for e in api_client_for(student).get("/api/exercises/").json()]
    assert titles == ["Twinkle"]


def test_the_take_page_shows_each_notes_verdict(student: User, assignment: Assignment, tmp_path: Path) -> None:
    from django.test import Client

    take = twinkle_take(tmp_path / "t.wav", cents={4: 38})
    client = Client()
    client.force_login(student)
    response = client.post(f"/assignments/{assignment.pk}/takes/", {"audio": upload(take)})
    assert response.status_code == 302
    recording = Recording.objects.get()
    analyze_recording.apply(args=[recording.pk])
    page = client.get(response["Location"]).content.decode()
    assert 'data-index="4" data-pitch="sharp"' in page
    assert io.StringIO(page).read().count('data-pitch="ok"') == len(TWINKLE) - 1


def _encoded_silence(tmp_path: Path, seconds: float) -> bytes:
    import numpy as np

    from tests.grading.analysis.synth import write_encoded

    return write_encoded(tmp_path / "long.webm", np.zeros(int(16_000 * seconds), np.float32), codec="libopus",
                         bit_rate=6000).read_bytes()


def _nan_wav(tmp_path: Path) -> bytes:
    import numpy as np
    import soundfile

    from tests.grading.analysis.synth import tone

    samples = tone(69, 2.0).astype(np.float32)
    samples[1000:1200] = np.nan
    soundfile.write(tmp_path / "nan.wav", samples, 16_000, subtype="FLOAT")
    return (tmp_path / "nan.wav").read_bytes()


def _wav_with_header(*, rate: int, channels: int) -> bytes:
    block = channels * 2
    fmt = struct.pack("<IHHIIHH", 16, 1, channels, rate, rate * block, block, 16)
    return b"RIFF" + struct.pack("<I", 36 + 32000) + b"WAVEfmt " + fmt + b"data" + struct.pack("<I", 32000) + bytes(32000)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: _wav_with_header(rate=16_000, channels=9), "at most 8"),
        (lambda tmp: _wav_with_header(rate=16_000, channels=1), "silent"),
        (_nan_wav, "nan"),
        (lambda tmp: _encoded_silence(tmp, 30), "silent"),
    ],
    ids=["9-channels", "all-zero", "nan-samples", "silent-opus"],
)
def test_it_refuses_takes_that_cannot_be_graded_at_upload(
    student: User, assignment: Assignment, tmp_path: Path, make, message: str  # type: ignore[no-untyped-def]
) -> None:
    response = submit(student, SimpleUploadedFile("take.wav", make(tmp_path)), assignment=assignment.pk)
    assert response.status_code == 400, response.content
    assert message in response.json()["error"]["fields"]["audio"][0].lower()
    assert not Recording.objects.exists()


def test_it_refuses_a_take_over_the_duration_cap_without_decoding_it_all(
    student: User, assignment: Assignment, tmp_path: Path, settings  # type: ignore[no-untyped-def]
) -> None:
    from grading.analysis.audio import MAX_SECONDS

    data = _encoded_silence(tmp_path, MAX_SECONDS + 30)
    assert len(data) < 2_000_000
    response = submit(student, SimpleUploadedFile("long.webm", data), assignment=assignment.pk)
    assert response.status_code == 400
    assert "limit" in response.json()["error"]["fields"]["audio"][0] or "more than" in response.json()["error"]["fields"]["audio"][0]


def test_a_take_replays_in_ranges_for_its_owner_and_teacher_and_never_for_another_student(
    student: User, teacher: User, other_student: User, other_teacher: User, assignment: Assignment
) -> None:
    from django.core.files.base import ContentFile
    from django.test import Client

    from tutor.models import AccessLog

    audio = b"RIFF" + bytes(range(256)) * 4
    recording = Recording(owner=student, exercise_id=assignment.target_id, assignment=assignment, status="done")
    recording.audio.save("take.webm", ContentFile(audio), save=False)
    recording.save()
    url = f"/takes/{recording.pk}/audio/"

    def get(user: User, **headers: str):  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        return client.get(url, headers=headers)

    for person in (student, teacher):
        probe = get(person, Range="bytes=0-1")  # what Safari asks first
        assert probe.status_code == 206 and b"".join(probe.streaming_content) == b"RI"
        assert probe["Content-Range"] == f"bytes 0-1/{len(audio)}" and probe["Content-Type"] == "audio/webm"
        seek = get(person, Range="bytes=1000-")
        assert seek.status_code == 206 and b"".join(seek.streaming_content) == audio[1000:]
        whole = get(person)
        assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
        assert get(person, Range=f"bytes={len(audio)}-").status_code == 416
    for outsider in (other_student, other_teacher):
        assert get(outsider, Range="bytes=0-1").status_code == 404
        assert get(outsider, Range=f"bytes={len(audio)}-").status_code == 404
    # The teacher's every fetch is logged, a seek too: no range dodges the access log.
    assert AccessLog.objects.filter(actor=teacher, object_id=recording.pk).count() == 4
