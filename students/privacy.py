"""A student's data across the apps: everything we hold, exported as JSON and audio, and deleted on request.

(The retention rule for a take's raw audio belongs to the takes: ``grading.takes``.)
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import router, transaction
from django.db.models import F, FileField, Model, Q
from django.db.models.deletion import Collector
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from generation.models import Drill
from grading.models import Exercise, NoteResult, RangeTest, Recording, ScoreUpload, Transcription
from lessons.models import Quiz, QuizAttempt, ServedQuestion
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
                "teacher_score": r.teacher_score_percent, "teacher_comment": r.teacher_comment,
                "teacher_seen_at": r.teacher_seen_at.isoformat() if r.teacher_seen_at else None,
                "audio_file": _archive_name("audio", r.pk, r.audio),
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
        # Theirs, and those a teacher made from their skill profile (aimed at ``targets``, their weak spots).
        "drills": list(Drill.objects.filter(Q(owner=user) | Q(student=user)).values(
            "id", "request_text", "params", "targets", "created_at")),
        "range_tests": [
            {"id": t.pk, "status": t.status, "low_midi": t.low_midi, "high_midi": t.high_midi,
             "queued_at": t.queued_at.isoformat(), "audio_file": _archive_name("range-tests", t.pk, t.audio)}
            for t in RangeTest.objects.filter(owner=user).order_by("queued_at")
        ],
        "transcriptions": [
            {"id": t.pk, "title": t.title, "status": t.status, "error": t.error, "queued_at": t.queued_at.isoformat(),
             "result": t.result, "audio_file": _archive_name("transcriptions", t.pk, t.audio)}
            for t in Transcription.objects.filter(owner=user).order_by("queued_at")
        ],
        # Their own: uploaded scores, drills' scores, melodies saved from transcriptions, parts of these.
        "exercises": [
            {"id": e.pk, "title": e.title, "tempo": e.tempo, "part_of": e.parent_id, "part_number": e.part_number,
             "created_at": e.created_at.isoformat(), "score_file": _archive_name("scores", e.pk, e.score)}
            for e in Exercise.objects.filter(owner=user).order_by("created_at")
        ],
        # A score read by a worker: once read, its file is the exercise's (``exercise``).
        "score_uploads": [
            {"id": u.pk, "title": u.title, "status": u.status, "error": u.error, "refused": u.refused,
             "exercise": u.exercise_id, "queued_at": u.queued_at.isoformat(),
             "score_file": None if u.exercise_id else _archive_name("score-uploads", u.pk, u.score)}
            for u in ScoreUpload.objects.filter(owner=user).order_by("queued_at")
        ],
        "who_opened_my_recordings": list(
            AccessLog.objects.filter(subject=user).values("actor__username", "action", "object_type", "object_id", "at")
        ),
    })
    return data


def _recordings_of(student: User, teacher: User | None) -> Any:
    """The student's takes; with ``teacher``, only those on that teacher's assignments."""
    takes = Recording.objects.filter(owner=student)
    return takes if teacher is None else takes.filter(assignment__classroom__teacher=teacher)


def _archive_name(folder: str, pk: int, stored: FieldFile) -> str | None:
    """Where a row's stored file goes in the export's zip; None when the row has none (audio past retention)."""
    return f"{folder}/{pk}-{stored.name.rsplit('/', 1)[-1]}" if stored.name else None


def _exported_files(person: User, teacher: User | None) -> Iterator[tuple[str, int, FieldFile]]:
    """(folder in the zip, row id, stored file) of every file ``person_data`` lists: with ``teacher``, their takes."""
    for recording in _recordings_of(person, teacher).exclude(audio=""):
        yield "audio", recording.pk, recording.audio
    if teacher is not None:
        return
    for test in RangeTest.objects.filter(owner=person).exclude(audio=""):
        yield "range-tests", test.pk, test.audio
    for transcription in Transcription.objects.filter(owner=person).exclude(audio=""):
        yield "transcriptions", transcription.pk, transcription.audio
    for exercise in Exercise.objects.filter(owner=person).exclude(score=""):
        yield "scores", exercise.pk, exercise.score
    for upload in ScoreUpload.objects.filter(owner=person, exercise__isnull=True).exclude(score=""):
        yield "score-uploads", upload.pk, upload.score


def data_export_build(*, export: DataExport) -> None:
    """Write ``data.json`` and every file it lists into one zip for the export's subject.

    The person's own export holds every file the tutor keeps of theirs: takes' and range tests' audio,
    transcribed takes, and the scores of their exercises (uploaded, generated or saved from a
    transcription) and of uploads a worker has not read yet. A teacher's export holds their part: the takes.
    """
    person = export.owner
    # No requester: the person's own export from before requesters were kept (nobody else can download it).
    teacher = teacher_scope(actor=export.requested_by or person, student=person)
    payload = {"exported_at": timezone.now().isoformat(), **person_data(person, teacher=teacher)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, indent=2, default=str))
        for folder, pk, stored in _exported_files(person, teacher):
            try:
                with stored.open("rb") as handle:
                    archive.writestr(str(_archive_name(folder, pk, stored)), handle.read())
            except FileNotFoundError:
                logger.warning("%s of export %s is not on disk", stored.name, export.pk)
    export.file.save(f"tutor-data-{person.username}.zip", ContentFile(buffer.getvalue()), save=False)
    export.save(update_fields=["file"])


def student_data_delete(*, actor: User, student: User, delete_account: bool = False) -> dict[str, int]:
    """Delete a person's recordings (takes, range tests and transcriptions, with their audio), quiz work,
    evidence, drills and exports; a student's own exercises (melodies saved from transcriptions) too; with
    ``delete_account``, the account and everything else of theirs.

    The drills go whoever made them: those a teacher made from the student's skill profile (personalised
    drills: their targets and notes are the student's weak spots) go with the student's data, with their
    exercises and the assignments of them to the student; the drill's teacher's own takes of such a drill
    (trying it out) go with its exercise, as only someone else's take keeps an exercise. Any assignment whose exercise goes goes with it
    (an assignment names its exercise by id, with no cascade); the rest of the gradebook is untouched.

    What stays without ``delete_account``: the account, its class memberships and the log of who opened
    the person's recordings; a teacher's own exercises, uploaded scores and quizzes (their teaching
    material, which goes with the account).

    The person asks for all of it, and only they (or an administrator) may
    delete the account. A teacher deletes only their part of a student's data:
    the takes and quiz attempts on their own assignments, the evidence those
    left, and the drills they made for the student; another teacher's part stays.

    Nobody else's work goes with it. An exercise or quiz that someone's takes or
    attempts still need stays: a drill's exercise with takes of it loses only
    its drill, and a teacher who deletes their account leaves the exercises and
    quizzes their students worked on behind without an owner, still shown to
    those students (``Exercise.owner``). Such a departed teacher's exercise or
    quiz goes, with its files, in the deletion that takes its last take or
    attempt. Returns how many rows of each kind were deleted, and how many of
    the person's exercises and quizzes were kept for others' work.

    Every file of every row that goes (the rows asked for and those that go
    with them: with the account, its transcriptions, uploaded scores, own
    exercises and their parts) is deleted once the transaction commits, and so
    is the media made from them (a drill's renders, an exercise's studio
    notation and audio); a file that a row left standing still names is kept.
    """
    if not can_manage_data_of(actor=actor, student=student):
        raise NotFound(_("No such student."))
    teacher = teacher_scope(actor=actor, student=student)
    if delete_account and teacher is not None:
        raise NotAllowed(_("Only the student, or an administrator, can delete the account."), field="delete_account")
    takes = _recordings_of(student, teacher)
    attempts = QuizAttempt.objects.filter(student=student)
    # Their own drills, and those a teacher made from their skill profile: a personalised drill's targets
    # and notes are the student's weak spots, so it is the student's data, whoever made it.
    drills_query = Drill.objects.filter(Q(owner=student) | Q(student=student))
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
    # All of the person's recordings when they (or an administrator) ask: a teacher's part holds takes only.
    everything = teacher is None
    recordings: list[Model] = [*takes, *(RangeTest.objects.filter(owner=student) if everything else [])]
    transcriptions = list(Transcription.objects.filter(owner=student)) if everything else []
    drills = list(drills_query)
    exports = list(DataExport.objects.filter(owner=student, **({"requested_by": teacher} if teacher else {})))
    counts = {"recordings": len(recordings) + len(transcriptions), "transcriptions": len(transcriptions),
              "drills": len(drills), "exports": len(exports)}
    using = router.db_for_write(User)
    origin = student if delete_account else None
    with transaction.atomic():
        # First the person's own work, so that what is left shows which exercises and quizzes others still need.
        work = Collector(using=using, origin=origin)
        # Querysets as QuerySet.delete() passes them, so rows without cascades go without being fetched.
        work.collect(evidence)  # type: ignore[arg-type]
        work.collect(attempts)  # type: ignore[arg-type]
        for model in (Recording, RangeTest):  # a collection takes rows of one model at a time
            work.collect([row for row in recordings if type(row) is model])
        work.collect(transcriptions)
        work.collect(exports)
        media = [_stored_media(work)]
        if everything:
            # The person's own folders: whatever is left there (a file whose row went without it) goes too.
            media.append(_Media(frozenset(), frozenset(f"{folder}/{student.pk}" for folder in _OWN_FOLDERS)))
        deleted = Counter(work.delete()[1])
        # Then what hangs on nobody's work any more: the drills' exercises (a drill goes with its exercise),
        # with the account its own exercises and quizzes, and those a departed teacher left that lost their
        # last take or attempt. What others still need stays; the account's deletion leaves it ownerless.
        departed = Q(owner__isnull=True)
        # A student's own exercises are their work (drills', melodies saved from transcriptions); a teacher's
        # are teaching material, kept until the account goes.
        own = Q(owner=student) if delete_account or (everything and not student.is_teacher) else Q()
        exercises = Exercise.objects.filter(Q(drill__in=drills) | departed | own)
        quizzes = Quiz.objects.filter(departed | own)
        leftovers = Collector(using=using, origin=origin)
        needed = set(exercises.needed_by_takes().values_list("pk", flat=True))
        # A personalised drill's exercise is the student's data (its notes aim at their weak spots), and only
        # they and the drill's teacher can take it: the teacher's own tries of it go with it. Someone else's
        # take (a class drill's) keeps an exercise, as everywhere.
        needed -= {drill.exercise_id for drill in drills if drill.student_id == student.pk
                   and not _taken_by_others(drill.exercise_id, {student.pk, drill.owner_id})}
        going = [exercise for exercise in exercises if exercise.pk not in needed]
        leftovers.collect(going)
        # An assignment names its exercise by id only (no cascade): one whose exercise goes goes with it (a
        # personalised drill's, to this student alone), or it would point at nothing.
        leftovers.collect(Assignment.objects.filter(target_type=ContentType.objects.get_for_model(Exercise),
                                                    target_id__in=[e.pk for e in going]))  # type: ignore[arg-type]
        leftovers.collect(drills)  # those whose exercise stays lose only the drill (one not written yet has none)
        leftovers.collect(list(quizzes.exclude(pk__in=quizzes.needed_by_attempts().values("pk"))))
        if delete_account:
            counts["exercises_kept_for_students"] = Exercise.objects.filter(owner=student).needed_by_takes().count()
            counts["quizzes_kept_for_students"] = Quiz.objects.filter(owner=student).needed_by_attempts().count()
            leftovers.collect([student])
        media.append(_stored_media(leftovers))
        deleted.update(leftovers.delete()[1])
        counts["evidence"] = deleted[SkillEvidence._meta.label]
        counts["exercises"] = deleted[Exercise._meta.label]
        counts["quiz_attempts"] = deleted[QuizAttempt._meta.label]
        if teacher is not None:
            access_log(actor=actor, action="data-delete", obj=student, subject=student)
        # Files go only once the rows are gone for good.
        transaction.on_commit(lambda: _delete_media(_Media.union(media)), robust=True)
    logger.info("data of %s deleted by %s: %s", student.username, actor.username, counts)
    return counts


def _taken_by_others(exercise_id: int | None, people: set[int]) -> bool:
    """Whether anyone outside ``people`` has a take of the exercise or of one of its parts."""
    takes = Recording.objects.filter(Q(exercise_id=exercise_id) | Q(exercise__parent_id=exercise_id))
    return exercise_id is not None and takes.exclude(owner_id__in=people).exists()


#: Storage folders that hold one person's files, each in a subfolder named by the person's id
#: (``grading.models.recording_upload_to`` and the like).
_OWN_FOLDERS = ("recordings", "range-tests", "transcriptions", "exports")


@dataclass(frozen=True)
class _Media:
    """What storage holds for rows being deleted: their files, and the folders of media made from them."""

    names: frozenset[str]
    folders: frozenset[str]

    @staticmethod
    def union(parts: Iterable[_Media]) -> _Media:
        parts = list(parts)
        return _Media(frozenset().union(*(p.names for p in parts)), frozenset().union(*(p.folders for p in parts)))


def _file_fields(model: type[Model]) -> list[FileField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, FileField)]


def _stored_media(collector: Collector) -> _Media:
    """The files and media folders of every row ``collector`` will delete (read before they go)."""
    groups: list[tuple[type[Model], Iterable[Model]]] = list(collector.data.items())
    # Rows deleted without being fetched (no cascades of their own) may still carry files: fetch those.
    groups += [(rows.model, rows) for rows in collector.fast_deletes if _file_fields(rows.model)]
    names: set[str] = set()
    folders: set[str] = set()
    for model, rows in groups:
        fields = _file_fields(model)
        if not fields and not issubclass(model, (Drill, Exercise)):
            continue  # graded notes, quiz answers, evidence: many rows, no files
        for row in rows:
            names.update(stored.name for field in fields if (stored := getattr(row, field.attname)))
            if isinstance(row, Drill):
                folders.add(row.folder)
                names.update(row.files.values())
            elif isinstance(row, Exercise):
                folders.add(row.media_folder)
    return _Media(frozenset(names), frozenset(folders))


#: Names per query when asking which files rows still point at (SQLite allows some thousands of parameters).
_NAMES_PER_QUERY = 500


def _still_named(media: _Media) -> set[str]:
    """The files among ``media`` that a row still standing names (someone else's: never deleted)."""
    named: set[str] = set()
    names = sorted(media.names)
    folders = sorted(media.folders)
    for model in django_apps.get_models():
        for field in _file_fields(model):
            rows = model._default_manager.all()
            for start in range(0, len(names), _NAMES_PER_QUERY):
                chunk = names[start:start + _NAMES_PER_QUERY]
                named.update(rows.filter(**{f"{field.name}__in": chunk}).values_list(field.name, flat=True))
            for start in range(0, len(folders), _NAMES_PER_QUERY):
                under = Q()
                for folder in folders[start:start + _NAMES_PER_QUERY]:
                    under |= Q(**{f"{field.name}__startswith": f"{folder}/"})
                named.update(rows.filter(under).values_list(field.name, flat=True))
    return named


def _delete_media(media: _Media) -> None:
    kept = _still_named(media)
    for name in sorted(media.names - kept):
        default_storage.delete(name)
    for folder in sorted(media.folders):
        _delete_folder(folder, kept)


def _delete_folder(folder: str, kept: set[str]) -> None:
    """Delete ``folder`` and everything under it but the ``kept`` files."""
    try:
        subfolders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in subfolders:
        _delete_folder(f"{folder}/{name}", kept)
    for name in files:
        if f"{folder}/{name}" not in kept:
            default_storage.delete(f"{folder}/{name}")
    try:
        default_storage.delete(folder)  # the folder itself, once empty (storages without folders have none)
    except OSError:
        logger.warning("media folder %s kept: it still holds a file a row names", folder)
