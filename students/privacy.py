"""A student's data across the apps: everything we hold, exported as JSON and audio, and deleted on request.

(The retention rule for a take's raw audio belongs to the takes: ``grading.takes``.)
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, FileField, Model
from django.utils import timezone

from generation.models import Drill
from grading.models import NoteResult, RangeTest, Recording
from lessons.models import QuizAttempt, ServedQuestion
from tutor.errors import NotFound
from tutor.models import AccessLog, Assignment, Classroom, DataExport, Enrollment, SkillEvidence, User

logger = logging.getLogger(__name__)


def can_manage_data_of(*, actor: User, student: User) -> bool:
    """A person manages their own data; a teacher, that of students in their classes."""
    if actor.pk == student.pk:
        return True
    return actor.is_teacher and Enrollment.objects.filter(classroom__teacher=actor, student=student).exists()


def person_data(user: User) -> dict[str, Any]:
    """Everything the tutor holds about one person, as JSON-ready data (audio listed, not inlined)."""
    recordings = list(Recording.objects.filter(owner=user).select_related("exercise").order_by("queued_at"))
    notes = NoteResult.objects.filter(recording__owner=user).order_by("recording_id", "index")
    return {
        "user": {
            "username": user.username, "email": user.email, "role": user.role,
            "date_joined": user.date_joined.isoformat(),
        },
        "classes_joined": [
            {"name": e.classroom.name, "teacher": e.classroom.teacher.username, "joined_at": e.joined_at.isoformat()}
            for e in Enrollment.objects.filter(student=user).select_related("classroom__teacher")
        ],
        "classes_taught": list(Classroom.objects.filter(teacher=user).values("name", "join_code", "created_at")),
        "assignments": list(
            Assignment.objects.visible_to(user).values("id", "title", "classroom__name", "due_at", "created_at")
        ),
        "recordings": [
            {
                "id": r.pk, "exercise": r.exercise.title, "assignment": r.assignment_id, "status": r.status,
                "error": r.error, "score": r.score_percent, "late": r.is_late, "queued_at": r.queued_at.isoformat(),
                "audio_file": f"audio/{r.pk}-{r.audio.name.rsplit('/', 1)[-1]}" if r.audio else None,
                "result": r.result,
            }
            for r in recordings
        ],
        "graded_notes": list(
            notes.values("recording_id", "index", "bar", "target_midi", "sung_midi", "cents", "onset",
                         "timing_error", "confidence", "pitch", "timing")
        ),
        "quiz_attempts": list(
            QuizAttempt.objects.filter(student=user).values(
                "id", "quiz__title", "mode", "started_at", "submitted_at", "correct_count", "question_count",
                score=F("score_percent"),
            )
        ),
        "quiz_answers": list(
            ServedQuestion.objects.filter(attempt__student=user).values(
                "attempt_id", "position", "kind", "answer_given", "correct", "answered_at"
            )
        ),
        "skill_evidence": list(
            SkillEvidence.objects.filter(student=user).values("tag", "correct", "detail", "source", "created_at")
        ),
        "drills": list(Drill.objects.filter(owner=user).values("id", "request_text", "params", "created_at")),
        "range_tests": list(
            RangeTest.objects.filter(owner=user).values("id", "status", "low_midi", "high_midi", "queued_at")
        ),
        "who_opened_my_recordings": list(
            AccessLog.objects.filter(subject=user).values("actor__username", "action", "object_type", "object_id", "at")
        ),
    }


def data_export_build(*, export: DataExport) -> None:
    """Write ``data.json`` and every take's audio into one zip for the export's subject."""
    person = export.owner
    payload = {"exported_at": timezone.now().isoformat(), **person_data(person)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, indent=2, default=str))
        for recording in Recording.objects.filter(owner=person).exclude(audio=""):
            try:
                with recording.audio.open("rb") as audio:
                    archive.writestr(f"audio/{recording.pk}-{recording.audio.name.rsplit('/', 1)[-1]}", audio.read())
            except FileNotFoundError:
                logger.warning("recording %s has no audio file on disk", recording.pk)
    export.file.save(f"tutor-data-{person.username}.zip", ContentFile(buffer.getvalue()), save=False)
    export.save(update_fields=["file"])


def _delete_files(rows: list[Model]) -> None:
    for row in rows:
        for field in row._meta.get_fields():
            if isinstance(field, FileField):
                stored = getattr(row, field.name)
                if stored:
                    stored.delete(save=False)


def student_data_delete(*, actor: User, student: User, delete_account: bool = False) -> dict[str, int]:
    """Delete a student's takes (and their audio), quiz work, evidence, drills and exports.

    The student or one of their teachers may ask. With ``delete_account`` the
    account goes too. Returns how many rows of each kind were deleted.
    """
    if not can_manage_data_of(actor=actor, student=student):
        raise NotFound("No such student.")
    recordings = [*Recording.objects.filter(owner=student), *RangeTest.objects.filter(owner=student)]
    drills = list(Drill.objects.filter(owner=student).select_related("exercise"))
    exports = list(DataExport.objects.filter(owner=student))
    counts = {"recordings": len(recordings), "drills": len(drills), "exports": len(exports)}
    with transaction.atomic():
        counts["quiz_attempts"] = QuizAttempt.objects.filter(student=student).delete()[0]
        counts["evidence"] = SkillEvidence.objects.filter(student=student).delete()[0]
        Recording.objects.filter(owner=student).delete()
        RangeTest.objects.filter(owner=student).delete()
        for drill in drills:
            drill.exercise.delete()  # the drill goes with its exercise
        DataExport.objects.filter(pk__in=[e.pk for e in exports]).delete()
        if delete_account:
            student.delete()
        # Files go only once the rows are gone for good.
        transaction.on_commit(lambda: _delete_files([*recordings, *exports, *[d.exercise for d in drills]]))
    _delete_drill_media(drills)
    logger.info("data of %s deleted by %s: %s", student.username, actor.username, counts)
    return counts


def _delete_drill_media(drills: list[Drill]) -> None:
    def remove() -> None:
        for drill in drills:
            for name in drill.files.values():
                if default_storage.exists(name):
                    default_storage.delete(name)

    transaction.on_commit(remove)
