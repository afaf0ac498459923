"""The world the security probes walk: a class with two students, its teacher, a second class, a student
removed from the first, and something of every kind that belongs to one of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from unittest import mock

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from generation.models import Drill
from generation.services import DOWNLOAD_TYPES
from grading.models import Exercise, NoteResult, RangeTest, Recording, ScoreUpload, Transcription
from lessons.models import Quiz, QuizAttempt, ServedQuestion
from studio.audio import AUDIO_PARTS
from studio.files import studio_folder, write_json
from tests.conftest import api_client_for, make_assignment, make_exercise, make_user
from tutor.models import Assignment, Classroom, DataExport, Enrollment, SkillEvidence, User

# A few bytes of WAV are enough: an audio URL that forgot its check would serve them with a 200.
TINY_WAV = b"RIFF$\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00\x80>\x00\x00\x00}\x00\x00\x02\x00\x10\x00data\x00\x00\x00\x00"
SECRET = "zq-private-"
# A finished transcription's details as the worker stores them: four notes from the first downbeat.
TRANSCRIBED = {
    "key": "C major", "meter": "4/4", "tempo": 90.0, "pickup": 0.0, "positions": [0.0, 1.0, 2.0, 3.0],
    "notes": [{"pitch": name, "midi": midi, "quarter_length": 1.0, "onset": 0.5 + i * 0.67, "offset": 1.1 + i * 0.67}
              for i, (name, midi) in enumerate([("C4", 60), ("E4", 64), ("G4", 67), ("C5", 72)])],
}  # every private title starts with this; no prober's page may show one


@dataclass
class World:
    ids: dict[str, list[int]] = field(default_factory=dict)  # parameter name -> the victim's ids
    people: dict[str, User] = field(default_factory=dict)


def _take(owner: User, exercise: Exercise, assignment: Assignment | None, title: str) -> Recording:
    recording = Recording(owner=owner, exercise=exercise, assignment=assignment, status="done", score_percent=71,
                          result={"notes": [], "title": title}, original_name=f"{title}.wav")
    if assignment is not None:  # the teacher's comment is the student's to read, and nobody else's
        recording.teacher_comment = f"{title}: the teacher's comment"
        recording.teacher_marked_by, recording.teacher_marked_at = assignment.classroom.teacher, timezone.now()
    recording.audio.save("t.wav", ContentFile(TINY_WAV), save=False)
    recording.save()
    note = NoteResult.objects.create(recording=recording, index=0, target_midi=60, target_onset=0, target_duration=1,
                                     confidence=0.3, pitch="flat", timing="ok")
    SkillEvidence.objects.create(student=owner, tag="pc:C@C", correct=False, source=SkillEvidence.Source.NOTE,
                                 source_id=note.pk, detail=title)
    return recording


def _stored_files(folder: str, formats: object) -> dict[str, str]:
    """A small file per format under ``folder``, its storage name by format: what a file URL must guard."""
    names = {}
    for fmt in formats:  # type: ignore[attr-defined]
        names[fmt] = default_storage.save(f"{folder}/{fmt}.{'wav' if fmt.startswith('wav') else fmt}",
                                          ContentFile(TINY_WAV if "wav" in fmt else f"{SECRET}{fmt}".encode()))
    return names


@pytest.fixture
def world(teacher: User, other_teacher: User, student: User, other_student: User, classroom: Classroom,
          other_classroom: Classroom) -> World:
    """``student`` (the victim) and ``classmate`` in ``teacher``'s class; ``other_teacher`` and ``other_student``
    in a second class; ``removed`` was in the first class, made a take, and was removed."""
    classmate = make_user("clara", User.Role.STUDENT)
    removed = make_user("rémi", User.Role.STUDENT)
    for person in (classmate, removed):
        Enrollment.objects.create(classroom=classroom, student=person)
    assigned = make_exercise(teacher, "Shared exercise")
    private = make_exercise(teacher, f"{SECRET}private-exercise")
    class_assignment = make_assignment(classroom, assigned)
    personal = make_assignment(classroom, assigned, student=student)
    personal.title = f"{SECRET}personal-assignment"
    personal.save()
    takes = [_take(student, assigned, class_assignment, f"{SECRET}take-1"),
             _take(student, assigned, personal, f"{SECRET}take-2"),
             _take(student, assigned, None, f"{SECRET}take-3")]
    _take(removed, assigned, class_assignment, "removed-take")
    Enrollment.objects.filter(student=removed).delete()
    quiz_items = [{"kind": "note_identify", "params": {}, "count": 1}]
    assigned_quiz = Quiz.objects.create(owner=teacher, title="Shared quiz", items=quiz_items)
    private_quiz = Quiz.objects.create(owner=teacher, title=f"{SECRET}private-quiz", items=quiz_items)
    quiz_assignment = Assignment.objects.create(
        classroom=classroom, title="Quiz", target_type=ContentType.objects.get_for_model(Quiz), target_id=assigned_quiz.pk)
    attempt = QuizAttempt.objects.create(quiz=assigned_quiz, student=student, assignment=quiz_assignment,
                                         mode="practice")
    question = ServedQuestion.objects.create(attempt=attempt, position=0, kind="note_identify", seed=7)
    transcription = Transcription(owner=student, title=f"{SECRET}transcription", status="done",
                                  result=TRANSCRIBED)
    transcription.audio.save("t.wav", ContentFile(TINY_WAV), save=False)
    transcription.save()
    range_test = RangeTest(owner=student, status="done", low_midi=50, high_midi=70)
    range_test.audio.save("r.wav", ContentFile(TINY_WAV), save=False)
    range_test.save()
    upload = ScoreUpload.objects.create(owner=teacher, title=f"{SECRET}score-upload", status="failed", refused=True)
    export = DataExport.objects.create(owner=student, requested_by=student, status="done")
    export.file.save("e.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    with mock.patch("generation.services._queue_media"):
        response = api_client_for(student).post("/api/drills/", {"params": {"bars": 2, "seed": 3}}, format="json")
    drill = Drill.objects.get(pk=response.json()["id"])
    drill.request_text = f"{SECRET}drill"
    drill.files = _stored_files(drill.folder, DOWNLOAD_TYPES)  # as a worker leaves them: each format served
    drill.save()
    for exercise in Exercise.objects.filter(pk__in=[assigned.pk, private.pk]):  # the studio's rendered stems,
        folder = studio_folder(exercise)  # as the audio worker leaves them (read back: the tempo is a float)
        write_json(f"{folder}/audio.json", {"parts": {
            part: default_storage.save(f"{folder}/{part}.wav", ContentFile(TINY_WAV)) for part in AUDIO_PARTS}})
    world = World()
    world.ids = {
        "recording_id": [t.pk for t in takes],
        "note_id": list(NoteResult.objects.filter(recording__in=takes).values_list("pk", flat=True)),
        "transcription_id": [transcription.pk],
        "test_id": [range_test.pk],
        "drill_id": [drill.pk],
        "export_id": [export.pk],
        "attempt_id": [attempt.pk],
        "question_id": [question.pk],
        "upload_id": [upload.pk],
        "quiz_id": [assigned_quiz.pk, private_quiz.pk],
        "exercise_id": [assigned.pk, private.pk] + ([drill.exercise_id] if drill.exercise_id else []),
        "assignment_id": [class_assignment.pk, personal.pk, quiz_assignment.pk],
        "classroom_id": [classroom.pk],
        "student_id": [student.pk],
    }
    world.people = {"teacher": teacher, "victim": student, "classmate": classmate, "removed": removed,
                    "other_teacher": other_teacher, "other_student": other_student}
    return world
