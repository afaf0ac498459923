"""A take's feedback is made from its note verdicts when it is read, in the reader's language: a student who
graded takes in English and then switched to Chinese reads the old ones in Chinese, and a teacher's override
of a note changes what the feedback says of it. A take without note rows shows the lines it stored."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile
from django.core.files.base import ContentFile
from django.test import Client

from grading.models import Recording
from grading.review import note_override
from grading.services import recording_analyze, recording_feedback_lines
from tests.grading.takes import BEAT_SECONDS, LEAD_IN_SECONDS, twinkle_take
from tutor.models import Assignment, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(student: User, assignment: Assignment, tmp_path: Path) -> Recording:
    """Twinkle with the third note (G4, bar 1) 40 cents flat and the tenth (E4, bar 3) not sung, graded in English."""
    recording = Recording(owner=student, exercise_id=assignment.target_id, assignment=assignment,
                          options={"tolerance_cents": 25, "wrong_cents": 50, "tolerance_ms": 100})
    recording.audio.save("t.wav", ContentFile(twinkle_take(tmp_path / "t.wav", cents={2: -40}, missing={9})
                                              .read_bytes()), save=False)
    recording.save()
    recording_analyze(recording=recording)
    Recording.objects.filter(pk=recording.pk).update(status=Recording.Status.DONE)
    recording.refresh_from_db()
    return recording


def _shown(user: User, recording: Recording) -> tuple[list[str], str]:
    """The feedback lines as the API gives them to the page's scripts (signed in, as the page is), and the take
    page, for ``user`` in their chosen language."""
    page = Client()
    page.force_login(user)
    return (page.get(f"/api/recordings/{recording.pk}/").json()["feedback"],
            page.get(f"/takes/{recording.pk}/").content.decode())


def test_the_lines_made_from_the_rows_are_the_graders(graded: Recording) -> None:
    stored = graded.result["feedback"]
    assert any(line.startswith("bar 1: G4 was") and line.endswith("cents flat") for line in stored), stored
    assert "bar 3: E4 was not heard" in stored
    assert recording_feedback_lines(recording=graded) == stored


def test_a_student_who_switches_to_chinese_reads_old_takes_in_chinese(graded: Recording, student: User) -> None:
    english, page = _shown(student, graded)
    # Each slip with what to do about it.
    assert "bar 3: E4 was not heard; give it more sound and hold it for its full length" in english and "bar 3: E4 was not heard; give it more sound and hold it for its full length" in page
    student.language = "zh-hans"
    student.save(update_fields=["language"])
    chinese, page = _shown(student, graded)
    assert "第3小节：没有听到 E4；声音再响一些，并保持满它的时值" in chinese and "第3小节：没有听到 E4；声音再响一些，并保持满它的时值" in page
    assert any(line.startswith("第1小节：G4 偏低") for line in chinese), chinese
    assert not any("cents" in line or "bar " in line for line in chinese), chinese


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_teachers_override_changes_what_the_feedback_says(graded: Recording, student: User, teacher: User,
                                                             language: str) -> None:
    flat = graded.notes.get(index=2)
    assert flat.pitch == "flat"
    note_override(teacher=teacher, note=flat, pitch="ok", timing="ok")
    student.language = language
    student.save(update_fields=["language"])
    lines, page = _shown(student, graded)
    assert not any("G4" in line for line in lines), lines
    assert ("bar 3: E4 was not heard; give it more sound and hold it for its full length" if language == "en" else "第3小节：没有听到 E4；声音再响一些，并保持满它的时值") in lines


def test_a_take_without_note_rows_shows_its_stored_lines(graded: Recording, student: User) -> None:
    graded.notes.all().delete()
    graded.result = {**graded.result, "feedback": ["an old line from an older grader"]}
    graded.save(update_fields=["result"])
    student.language = "zh-hans"
    student.save(update_fields=["language"])
    lines, page = _shown(student, graded)
    assert lines == ["an old line from an older grader"] and "an old line from an older grader" in page


def test_an_app_signed_in_by_token_reads_the_saved_language_too(graded: Recording, student: User) -> None:
    """The language middleware runs before the API reads the token: it used to answer such an app in English."""
    from tests.conftest import api_client_for

    student.language = "zh-hans"
    student.save(update_fields=["language"])
    response = api_client_for(student).get(f"/api/recordings/{graded.pk}/")
    assert "第3小节：没有听到 E4；声音再响一些，并保持满它的时值" in response.json()["feedback"]
    assert response["Content-Language"] == "zh-hans"


def test_a_take_stopped_before_the_end_says_so_on_its_page_in_the_readers_language(
    student: User, assignment: Assignment, tmp_path: Path,
) -> None:
    """walk19: the last notes of a take stopped in bar 2 read "were not heard" on the take page and in the studio."""
    sung = twinkle_take(tmp_path / "whole.wav")
    samples, rate = soundfile.read(sung, dtype="float32")
    stopped_at = LEAD_IN_SECONDS + 6 * BEAT_SECONDS  # Stop pressed in bar 2, after "twinkle twinkle little"
    soundfile.write(tmp_path / "stopped.wav", samples[: int(stopped_at * rate)], rate)
    recording = Recording(owner=student, exercise_id=assignment.target_id, assignment=assignment, options={})
    recording.audio.save("t.wav", ContentFile((tmp_path / "stopped.wav").read_bytes()), save=False)
    recording.save()
    recording_analyze(recording=recording)
    recording.refresh_from_db()
    english, page = _shown(student, recording)
    assert english[0] == ("the recording stopped before the last 8 notes (from bar 2): they were not recorded, so "
                          "they count as missed; let the recording run to the end of the piece: Record stops by "
                          "itself after the last note")
    assert not any("not heard" in line for line in english) and "were not recorded" in page
    student.language = "zh-hans"
    student.save(update_fields=["language"])
    chinese, page = _shown(student, recording)
    assert chinese[0].startswith("录音在最后 8 个音（从第2小节起）之前就停止了") and "录音会自动停止" in page
