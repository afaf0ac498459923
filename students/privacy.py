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
from django.db.models import F, FileField, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from generation.models import Drill
from grading.models import NoteResult, RangeTest, Recording
from lessons.models import QuizAttempt, ServedQuestion
from tutor.errors import NotAllowed, NotFound
from tutor.models import AccessLog, Assignment, Classroom, DataExport, Enrollment, SkillEvidence, User
from tutor.services import access_log

logger = logging.getLogger(__name__)


def can_manage_data_of(*, actor: User, student: User) -> bool:
    """A person manages their own data; a teacher, that of students in their classes; an administrator, anyone's."""
    if actor.pk == student.pk or actor.is_superuser:
        return True
    return actor.is_teacher and Enrollment.objects.filter(classroom__teacher=actor, student=student).exists()


def teacher_scope(*, actor: User, student: User) -> User | None:
    """The teacher whose part of ``student``'s data ``actor`` may act on; None when ``actor`` may act on all of it.

    A student in two teachers' classes has work for each; a teacher exports and
    deletes only what belongs to their own classes and assignments. The
    student, and an administrator, act on everything.
    """
    if actor.pk == student.pk or actor.is_superuser:
        return None
    return actor


def person_data(user: User, *, teacher: User | None = None) -> dict[str, Any]:
    """Everything the tutor holds about one person, as JSON-ready data (audio listed, not inlined).

    With ``teacher``, only that teacher's part: the classes they teach the
    student in, their assignments, and the takes and quiz attempts on them.
    """
    recordings = list(_recordings_of(user, teacher).select_related("exercise").order_by("queued_at"))
    notes = NoteResult.objects.filter(recording__in=[r.pk for r in recordings]).order_by("recording_id", "index")
    enrollments = Enrollment.objects.filter(student=user).select_related("classroom__teacher")
    assignments = Assignment.objects.visible_to(user)
    attempts = QuizAttempt.objects.filter(student=user)
    if teacher is not None:
        enrollments = enrollments.filter(classroom__teacher=teacher)
        assignments = assignments.filter(classroom__teacher=teacher)
        attempts = attempts.filter(assignment__classroom__teacher=teacher)
    data: dict[str, Any] = {
        "user": {"username": user.username, "role": user.role},
        "classes_joined": [
            {"name": e.classroom.name, "teacher": e.classroom.teacher.username, "joined_at": e.joined_at.isoformat()}
            for e in enrollments
        ],
        "assignments": list(assignments.values("id", "title", "classroom__name", "due_at", "created_at")),
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
            attempts.values(
                "id", "quiz__title", "mode", "started_at", "submitted_at", "correct_count", "question_count",
                score=F("score_percent"),
            )
        ),
        "quiz_answers": list(
            ServedQuestion.objects.filter(attempt__in=attempts).values(
                "attempt_id", "position", "kind", "answer_given", "correct", "answered_at"
            )
        ),
    }
    if teacher is not None:
        return data
    data["user"].update({"email": user.email, "date_joined": user.date_joined.isoformat()})
    data.update({
        "classes_taught": list(Classroom.objects.filter(teacher=user).values("name", "join_code", "created_at")),
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
    })
    return data


def _recordings_of(student: User, teacher: User | None) -> Any:
    """The student's takes; with ``teacher``, only those on that teacher's assignments."""
    takes = Recording.objects.filter(owner=student)
    return takes if teacher is None else takes.filter(assignment__classroom__teacher=teacher)


def data_export_build(*, export: DataExport) -> None:
    """Write ``data.json`` and every take's audio into one zip for the export's subject."""
    person = export.owner
    # No requester: the person's own export from before requesters were kept (nobody else can download it).
    teacher = teacher_scope(actor=export.requested_by or person, student=person)
    payload = {"exported_at": timezone.now().isoformat(), **person_data(person, teacher=teacher)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, indent=2, default=str))
        for recording in _recordings_of(person, teacher).exclude(audio=""):
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

    The student asks for all of it, and only they (or an administrator) may
    delete the account. A teacher deletes only their part: the takes and quiz
    attempts on their own assignments, the evidence those left, and the drills
    they made for the student; another teacher's part stays. Returns how many
    rows of each kind were deleted.
    """
    if not can_manage_data_of(actor=actor, student=student):
        raise NotFound(_("No such student."))
    teacher = teacher_scope(actor=actor, student=student)
    if delete_account and teacher is not None:
        raise NotAllowed(_("Only the student, or an administrator, can delete the account."), field="delete_account")
    takes = _recordings_of(student, teacher)
    attempts = QuizAttempt.objects.filter(student=student)
    drills_query = Drill.objects.filter(owner=student)
    if teacher is not None:
        attempts = attempts.filter(assignment__classroom__teacher=teacher)
        drills_query = Drill.objects.filter(owner=teacher, student=student)
    evidence = SkillEvidence.objects.filter(student=student)
    if teacher is not None:
        evidence = evidence.filter(
            Q(source=SkillEvidence.Source.NOTE, source_id__in=NoteResult.objects.filter(recording__in=takes).values("pk"))
            | Q(source=SkillEvidence.Source.QUIZ,
                source_id__in=ServedQuestion.objects.filter(attempt__in=attempts).values("pk"))
        )
    recordings: list[Model] = [*takes, *(RangeTest.objects.filter(owner=student) if teacher is None else [])]
    drills = list(drills_query.select_related("exercise"))
    exports = list(DataExport.objects.filter(owner=student, **({"requested_by": teacher} if teacher else {})))
    counts = {"recordings": len(recordings), "drills": len(drills), "exports": len(exports)}
    with transaction.atomic():
        counts["evidence"] = evidence.delete()[0]
        counts["quiz_attempts"] = attempts.delete()[0]
        Recording.objects.filter(pk__in=[r.pk for r in recordings if isinstance(r, Recording)]).delete()
        if teacher is None:
            RangeTest.objects.filter(owner=student).delete()
        for drill in drills:
            # The drill goes with its exercise; one whose score a worker has not written yet has none.
            (drill.exercise or drill).delete()
        DataExport.objects.filter(pk__in=[e.pk for e in exports]).delete()
        if teacher is not None:
            access_log(actor=actor, action="data-delete", obj=student, subject=student)
        if delete_account:
            student.delete()
        # Files go only once the rows are gone for good.
        transaction.on_commit(lambda: _delete_files([*recordings, *exports, *[d.exercise for d in drills if d.exercise]]))
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
