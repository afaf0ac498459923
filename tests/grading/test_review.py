"""The review queue: doubtful notes, the audio around them, and overrides that recompute the score."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import pytest

from grading.models import NoteAudioAccess, NoteResult, Recording
from grading.review import REVIEW_CONFIDENCE
from students.gradebook import gradebook_for
from tests.conftest import api_client_for, logged_in
from tests.tutor.loop import F_SHARP, class_drill, sing
from tutor.models import Classroom, Enrollment, SkillEvidence, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def doubtful(teacher: User, student: User, classroom: Classroom, tmp_path: Path) -> NoteResult:
    """A graded take with F# flat in G; its first F# made doubtful (as a breathy note would be)."""
    recording = sing(student, class_drill(teacher, classroom), tmp_path, cents_by_pitch_class={F_SHARP: -40})
    note = recording.notes.filter(target_midi__in=(66, 78), pitch="flat").order_by("index").first()
    assert note is not None
    NoteResult.objects.filter(pk=note.pk).update(confidence=REVIEW_CONFIDENCE / 2)
    note.refresh_from_db()
    return note



def test_the_queue_lists_the_classes_doubtful_notes(teacher: User, classroom: Classroom, doubtful: NoteResult) -> None:
    rows = api_client_for(teacher).get(f"/api/classrooms/{classroom.pk}/review/").json()
    assert [r["id"] for r in rows] == [doubtful.pk]
    assert rows[0]["student"] == "sam" and rows[0]["pitch"] == "flat" and rows[0]["audio"].endswith("/audio/")
    page = logged_in(teacher).get(f"/classes/{classroom.pk}/review/")
    assert page.status_code == 200 and f"/notes/{doubtful.pk}/audio/".encode() in page.content


def test_a_student_who_left_the_class_has_no_notes_waiting_for_review(
    teacher: User, student: User, classroom: Classroom, doubtful: NoteResult,
) -> None:
    # A removed student's old takes kept the teacher's review queue full of notes no longer theirs to judge.
    Enrollment.objects.filter(classroom=classroom, student=student).delete()
    assert api_client_for(teacher).get(f"/api/classrooms/{classroom.pk}/review/").json() == []
    page = logged_in(teacher).get(f"/classes/{classroom.pk}/review/").content
    assert f"/notes/{doubtful.pk}/audio/".encode() not in page
    Enrollment.objects.create(classroom=classroom, student=student)  # back in the class: waiting again
    assert [r["id"] for r in api_client_for(teacher).get(f"/api/classrooms/{classroom.pk}/review/").json()] == [doubtful.pk]


def test_an_override_recomputes_the_score_the_gradebook_and_the_evidence(
    teacher: User, student: User, classroom: Classroom, doubtful: NoteResult
) -> None:
    recording = doubtful.recording
    before = recording.score_percent
    assert SkillEvidence.objects.get(source="note", source_id=doubtful.pk, tag="pc:F#@G").correct is False
    response = api_client_for(teacher).post(f"/api/notes/{doubtful.pk}/override/", {"pitch": "ok", "timing": "ok"},
                                            format="json")
    assert response.status_code == 200, response.json()
    recording.refresh_from_db()
    notes = recording.result["notes"]
    expected = round(100 * sum(1 for n in notes if n["pitch"] == "ok" and n["timing"] == "ok") / len(notes), 1)
    assert recording.score_percent == expected == response.json()["score"] and expected > (before or 0)
    assert recording.result["summary"]["score"] == expected
    doubtful.refresh_from_db()
    assert (doubtful.pitch, doubtful.graded_pitch, doubtful.reviewed_by) == ("ok", "flat", teacher)
    assert SkillEvidence.objects.get(source="note", source_id=doubtful.pk, tag="pc:F#@G").correct is True
    assert gradebook_for(classroom).cell(student, recording.assignment).best == expected
    # Reviewed notes leave the queue.
    assert api_client_for(teacher).get(f"/api/classrooms/{classroom.pk}/review/").json() == []


def test_the_teacher_hears_the_note_and_the_access_is_logged(teacher: User, doubtful: NoteResult) -> None:
    response = logged_in(teacher).get(f"/notes/{doubtful.pk}/audio/")
    assert response.status_code == 200 and response["Content-Type"] == "audio/wav"
    clip_bytes = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with wave.open(io.BytesIO(clip_bytes)) as clip:
        seconds = clip.getnframes() / clip.getframerate()
    assert doubtful.target_duration < seconds < doubtful.target_duration + 1.2
    assert NoteAudioAccess.objects.filter(user=teacher, note=doubtful).count() == 1
    # Replayed on a phone: Safari asks for ranges. Each one is logged, so no range dodges the log.
    probe = logged_in(teacher).get(f"/notes/{doubtful.pk}/audio/", headers={"Range": "bytes=1-3"})
    assert probe.status_code == 206 and probe["Content-Range"] == f"bytes 1-3/{len(clip_bytes)}"
    assert NoteAudioAccess.objects.filter(user=teacher, note=doubtful).count() == 2


def test_another_teacher_cannot_see_or_touch_the_review_queue(
    other_teacher: User, classroom: Classroom, doubtful: NoteResult, other_classroom: Classroom
) -> None:
    assert logged_in(other_teacher).get(f"/classes/{classroom.pk}/review/").status_code == 404
    assert api_client_for(other_teacher).get(f"/api/classrooms/{classroom.pk}/review/").status_code == 404
    assert logged_in(other_teacher).get(f"/notes/{doubtful.pk}/audio/").status_code == 404
    response = api_client_for(other_teacher).post(f"/api/notes/{doubtful.pk}/override/",
                                                  {"pitch": "ok", "timing": "ok"}, format="json")
    assert response.status_code == 404
    assert logged_in(other_teacher).post(f"/notes/{doubtful.pk}/override/", {"pitch": "ok", "timing": "ok"}
                                         ).status_code == 404
    assert logged_in(other_teacher).get(f"/classes/{classroom.pk}/gradebook/").status_code == 404
    assert not NoteAudioAccess.objects.exists()
    assert Recording.objects.get(pk=doubtful.recording_id).notes.get(pk=doubtful.pk).reviewed_at is None


def test_a_student_cannot_override_their_own_notes(student: User, doubtful: NoteResult) -> None:
    response = api_client_for(student).post(f"/api/notes/{doubtful.pk}/override/", {"pitch": "ok", "timing": "ok"},
                                            format="json")
    assert response.status_code == 404
    assert logged_in(student).get(f"/classes/{doubtful.recording.assignment.classroom_id}/review/").status_code == 404


def test_an_override_page_post_redirects_back_to_the_queue(teacher: User, classroom: Classroom,
                                                           doubtful: NoteResult) -> None:
    response = logged_in(teacher).post(f"/notes/{doubtful.pk}/override/", {"pitch": "wrong", "timing": "late"})
    assert response.status_code == 302 and response["Location"].endswith(f"/classes/{classroom.pk}/review/")
    doubtful.refresh_from_db()
    assert (doubtful.pitch, doubtful.timing) == ("wrong", "late")


def test_the_queue_reads_on_a_phone_each_cell_named_and_timing_in_milliseconds(
    teacher: User, classroom: Classroom, doubtful: NoteResult
) -> None:
    # On a phone the table stacks into one card per note (site.css ".table.stack"), each cell under its
    # header's name, so the player and the verdict form are not scrolled out of sight.
    html = logged_in(teacher).get(f"/classes/{classroom.pk}/review/").content.decode()
    assert 'class="table review stack"' in html
    for label in ("Student", "Take", "Note", "Heard", "Listen", "Verdict"):
        assert f'data-label="{label}"' in html
    assert doubtful.timing_error is not None
    assert f"{doubtful.timing_error * 1000:+.0f} ms" in html  # as the feedback table says it, not "-0.301 s"
    chinese = logged_in(teacher).get(f"/classes/{classroom.pk}/review/",
                                     headers={"Accept-Language": "zh-hans"}).content.decode()
    assert f"，{doubtful.timing_error * 1000:+.0f} 毫秒" in chinese and 'data-label="判定"' in chinese


def test_the_take_page_marks_the_note_a_teacher_set_in_the_readers_language(
    teacher: User, student: User, doubtful: NoteResult
) -> None:
    """An overridden note reads "ok" beside its flat cents: the row says the verdict is the teacher's."""
    from grading.review import note_override

    note_override(teacher=teacher, note=doubtful, pitch="ok", timing=doubtful.timing)
    page = logged_in(student).get(f"/takes/{doubtful.recording_id}/").content.decode()
    assert page.count("(teacher’s verdict)") == 1
    student.language = "zh-hans"
    student.save(update_fields=["language"])
    page = logged_in(student).get(f"/takes/{doubtful.recording_id}/").content.decode()
    assert page.count("（老师的判定）") == 1 and "teacher’s verdict" not in page


def test_the_queue_says_one_cent_not_one_cents(teacher: User, classroom: Classroom, doubtful: NoteResult) -> None:
    NoteResult.objects.filter(pk=doubtful.pk).update(cents=1.2)
    html = logged_in(teacher).get(f"/classes/{classroom.pk}/review/").content.decode()
    assert "1 cent," in html and "1 cents" not in html
    NoteResult.objects.filter(pk=doubtful.pk).update(cents=-39.6)
    html = logged_in(teacher).get(f"/classes/{classroom.pk}/review/").content.decode()
    assert "-40 cents," in html
    chinese = logged_in(teacher).get(f"/classes/{classroom.pk}/review/",
                                     headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "-40 音分，" in chinese


def test_the_take_pages_note_table_says_in_tune_and_on_time_not_ok(student: User, doubtful: NoteResult) -> None:
    """The table said "ok" in English (准确 in Chinese): a right note reads "in tune" for pitch, "on time" for
    timing; the stored verdicts, the API's codes, stay "ok"."""
    import re

    recording = doubtful.recording
    assert recording.notes.filter(pitch="ok", timing="ok").exists()
    page = logged_in(student).get(f"/takes/{recording.pk}/").content.decode()
    cells = re.findall(r'<td class="verdict (\w+)">([^<]*)', page)
    assert cells and ("ok", "ok") not in cells
    assert ("ok", "in tune") in cells and ("ok", "on time") in cells and ("flat", "flat") in cells
    student.language = "zh-hans"
    student.save(update_fields=["language"])
    chinese = logged_in(student).get(f"/takes/{recording.pk}/").content.decode()
    zh_cells = re.findall(r'<td class="verdict (\w+)">([^<]*)', chinese)
    assert ("ok", "准确") in zh_cells and ("ok", "准时") in zh_cells and ("flat", "偏低") in zh_cells
    api = api_client_for(student).get(f"/api/recordings/{recording.pk}/").json()
    assert "ok" in {n["pitch"] for n in api["result"]["notes"]}


def test_the_override_message_names_the_verdicts_in_words(teacher: User, doubtful: NoteResult) -> None:
    client = logged_in(teacher)
    response = client.post(f"/notes/{doubtful.pk}/override/", {"pitch": "ok", "timing": "ok"}, follow=True)
    text = response.content.decode()
    assert "is now in tune and on time;" in text and "ok in pitch" not in text


def test_the_live_feedback_script_says_in_tune_and_on_time_as_the_table_does() -> None:
    """feedback.js redraws the notes table after a take: its words for the "ok" codes match the server's."""
    import json
    import subprocess

    from tests.studio.page_scripts import NODE, ROOT

    notes = [{"index": 0, "pitch": "ok", "timing": "ok", "cents": 2.0, "timing_error": 0.01, "sung_midi": 67,
              "target_midi": 67, "bar": 1, "confidence": 0.9},
             {"index": 1, "pitch": "flat", "timing": "late", "cents": -30.0, "timing_error": 0.2, "sung_midi": 66,
              "target_midi": 67, "bar": 1, "confidence": 0.9}]
    script = ("globalThis.window = {}; const { verdictWords, describeNote } = await import('./static/js/studio/feedback.js');"
              f"const notes = {json.dumps(notes)};"
              "console.log(JSON.stringify([notes.map(verdictWords), describeNote(notes[0])]));")
    done = subprocess.run([NODE or "node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=30, check=True)
    words, line = json.loads(done.stdout)
    assert words == [["in tune", "on time"], ["flat", "late"]]
    assert "pitch in tune" in line and "timing on time" in line and " ok" not in line


def test_the_queue_says_its_threshold_in_percent_as_each_note_says_its_confidence(
    teacher: User, classroom: Classroom,
) -> None:
    """walk19: "less than 0.6 sure of" (评分把握低于 0.6) above notes each saying "confidence 30%"."""
    html = logged_in(teacher).get(f"/classes/{classroom.pk}/review/").content.decode()
    assert f"less than {round(REVIEW_CONFIDENCE * 100)}% sure of" in html and "0.6" not in html
    chinese = logged_in(teacher).get(f"/classes/{classroom.pk}/review/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert f"评分把握不到 {round(REVIEW_CONFIDENCE * 100)}% 的音" in chinese.content.decode()
