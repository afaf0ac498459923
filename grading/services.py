"""Workflows on exercises, takes and range tests: check and store an upload, queue its grading, store the grades.

The analysis itself is ``grading.analysis``; the practice studio's notation and audio are ``studio``.
"""

from __future__ import annotations

import copy
import logging
import math
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grading import tasks
from grading.analysis import AnalysisError, AssessOptions, assess, decode_audio, verdicts
from grading.analysis.assess import CUT_OFF_LINE, notes_drift
from grading.analysis.errors import ScoreTookTooLong, UnusableScore
from grading.analysis.follow import LostStretch
from grading.analysis.sandbox import ScoreLimits, UploadLimits, call_limited, check_upload, read_score_limited
from grading.analysis.target import ScorePart, score_parts, split_score
from grading.analysis.transcribe import transcribe
from grading.analysis.vocal_range import measure_vocal_range
from grading.evidence import GradedNote, take_evidence, written_names
from grading.failure_text import failure_text, score_failure_text
from grading.models import Exercise, NoteResult, RangeTest, Recording, ScoreUpload, Transcription
from music.key import Key
from music.scale import MODES
from music.spelling import spell_in_key
from tutor.errors import Conflict, NotAllowed, NotFound, TooBusy, TutorError
from tutor.jobs import queue_job
from tutor.models import MY_MELODY_TITLE, Assignment, SkillEvidence, User
from tutor.names import plain_name
from tutor.services import evidence_record

logger = logging.getLogger(__name__)

SCORE_SUFFIXES = (".musicxml", ".xml", ".mxl", ".mid", ".midi")
MAX_SCORE_BYTES = 5 * 1024 * 1024
#: What a take's ``upload_key`` may be: a UUID, or any 8-64 letters, digits, - and _.
UPLOAD_KEY_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"


def _spooled(upload: UploadedFile, directory: str) -> Path:
    """Copy an upload to a file in ``directory`` so the decoders can read a path."""
    path = Path(directory) / "upload"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    return path


@contextmanager
def checked_take(audio: UploadedFile, *, prefix: str) -> Iterator[tuple[Path, float]]:
    """Spool an uploaded take to a temporary file and check it; yields (path, seconds of audio).

    The take is decoded in a child process with CPU, memory and time limits:
    silence, NaN samples, hopeless clipping and too-short takes are refused now,
    not after the student has waited, and a hostile file cannot hurt the web
    process. Refusals are ``TutorError`` on the ``audio`` field. The file is
    gone when the block ends: store it inside the block.
    """
    max_bytes = settings.MAX_UPLOAD_BYTES
    if not audio.size:
        raise TutorError(_("The recording is empty."), field="audio")
    if audio.size > max_bytes:
        raise TutorError(_("The recording is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}, field="audio")
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        path = _spooled(audio, tmp)
        try:
            seconds = check_upload(path, limits=UploadLimits(max_bytes=max_bytes))
        except AnalysisError as exc:
            raise TutorError(failure_text(str(exc)), field="audio") from None
        yield path, seconds


def score_limits() -> ScoreLimits:
    """Limits on reading or drawing a score inside a request: past them, a worker does it (``worker_score_limits``)."""
    seconds = settings.SCORE_CHECK_SECONDS
    # A process's first read also starts the sandbox's forkserver (2.5-7 s): a request never waits for that.
    return ScoreLimits(wall_seconds=seconds, cpu_seconds=max(1, math.ceil(seconds)), wait_for_start=False)


def worker_score_limits() -> ScoreLimits:
    """Limits on reading or drawing a score in a worker: the sandbox's defaults (30 s, 20 s of CPU, 1 GB)."""
    return ScoreLimits()


def _score_file_checks(upload: UploadedFile) -> str:
    """Refuse a file that is no score by its name or size, before anything reads it; its suffix."""
    name = (upload.name or "").lower()
    if not name.endswith(SCORE_SUFFIXES):
        raise TutorError(_("Upload MusicXML (.musicxml, .xml, .mxl) or MIDI (.mid, .midi)."), field="score")
    if upload.size is None or upload.size == 0:
        raise TutorError(_("That score file is empty."), field="score")
    if upload.size > MAX_SCORE_BYTES:
        raise TutorError(_("That score is larger than 5 MB."), field="score")
    return Path(name).suffix


def score_refusal(reason: str) -> str:
    """The sentence a teacher reads when a score is refused, in the active language (the reason is the reader's)."""
    return _("That score cannot be graded against. %(reason)s") % {"reason": score_failure_text(reason)}


def score_reads_in_flight(*, owner: User) -> int:
    """How many of ``owner``'s scores a worker is reading; ``TooBusy`` at ``MAX_SCORE_READS_PER_USER``."""
    busy = ScoreUpload.objects.filter(owner=owner).in_flight().count()
    if busy >= settings.MAX_SCORE_READS_PER_USER:
        raise TooBusy(_("You have %(count)d scores still being read; try again when one is ready.") % {"count": busy},
                      field="score")
    return busy


def exercise_create(
    *, owner: User, title: str, score: UploadedFile, tempo: float | None = None
) -> Exercise | ScoreUpload:
    """Make an exercise from an uploaded MusicXML or MIDI score, or hand the score to a worker.

    The score is read in the sandbox within the request's budget
    (``SCORE_CHECK_SECONDS``, 1 s): most scores take a few hundred ms and the
    ``Exercise`` comes back, or ``TutorError`` on the ``score`` field says why
    it cannot be graded against. A score that is not read within the budget is
    stored as a ``ScoreUpload`` and read by ``grading.tasks.read_score`` with
    the worker's limits; that row comes back, ``queued``. An owner with
    ``MAX_SCORE_READS_PER_USER`` scores being read gets ``TooBusy``.
    """
    if not owner.is_teacher:
        raise NotAllowed(_("Only teachers add exercises."))
    title = plain_name(title)
    if not title.strip():
        raise TutorError(_("An exercise needs a title."), field="title")
    suffix = _score_file_checks(score)
    score_reads_in_flight(owner=owner)  # refuse early, before the read
    with tempfile.TemporaryDirectory(prefix="score-") as tmp:
        path = _spooled(score, tmp)
        try:
            # In a limited child: a 46-byte MIDI file once kept a web process busy for 25 minutes.
            summary = read_score_limited(path.rename(path.with_suffix(suffix)), tempo_bpm=tempo, limits=score_limits())
        except ScoreTookTooLong:
            return _score_upload_queue(owner=owner, title=title.strip(), score=score, tempo=tempo)
        except AnalysisError as exc:
            raise TutorError(score_refusal(str(exc)), field="score") from None
    exercise = Exercise(owner=owner, title=title.strip(), tempo=tempo, parts=_parts_rows(summary.parts))
    exercise.score.save(score.name or "score.musicxml", score, save=False)
    exercise.save()
    return exercise


def _parts_rows(parts: Iterable[ScorePart]) -> list[list[Any]]:
    return [[p.number, p.name, p.notes] for p in parts]


def _score_upload_queue(*, owner: User, title: str, score: UploadedFile, tempo: float | None) -> ScoreUpload:
    with transaction.atomic():
        # Counted again under a lock on the owner's row, so a burst of uploads cannot pass the limit together.
        User.objects.select_for_update().filter(pk=owner.pk).first()
        score_reads_in_flight(owner=owner)
        upload = ScoreUpload(owner=owner, title=title, tempo=tempo, original_name=(score.name or "")[:200])
        upload.score.save(score.name or "score.musicxml", score, save=False)
        upload.save()
        queue_job(tasks.read_score, upload.pk)
    return upload


def score_upload_read(*, upload: ScoreUpload) -> None:
    """The worker's part: read the stored score with the worker's limits and make its exercise.

    Safe to run twice: an upload that already has its exercise is left alone.
    A score the reader refuses (or that runs past the worker's limits) raises
    ``UnusableScore`` after its file is deleted and the row marked ``refused``.
    """
    if upload.exercise_id is not None:
        return
    if upload.refused or not upload.score:  # refused by a run that died before it could say so
        raise UnusableScore(upload.error or "the uploaded score is gone")
    try:
        summary = read_score_limited(upload.score.path, tempo_bpm=upload.tempo, limits=worker_score_limits())
    except AnalysisError as exc:
        upload.score.delete(save=False)
        ScoreUpload.objects.filter(pk=upload.pk).update(score="", refused=True, error=str(exc))
        raise
    with transaction.atomic():
        # Locked so that a second delivery cannot make a second exercise.
        current = ScoreUpload.objects.select_for_update().filter(pk=upload.pk).values("exercise_id").first()
        if current is None or current["exercise_id"] is not None:
            return
        exercise = Exercise(owner_id=upload.owner_id, title=upload.title, tempo=upload.tempo,
                            parts=_parts_rows(summary.parts))
        exercise.score.name = upload.score.name  # the stored file becomes the exercise's: no copy
        exercise.save()
        ScoreUpload.objects.filter(pk=upload.pk).update(exercise=exercise)


def exercise_parts(*, exercise: Exercise) -> list[ScorePart]:
    """The parts of the exercise's score (one for a single-line piece; none for a part exercise itself).

    Read with the score when it was uploaded; an exercise from before that (or a
    drill) is read once now, in the sandbox within the request's budget, and
    kept. A score that cannot be read counts as one part.
    """
    if exercise.parent_id is not None:
        return []
    if exercise.parts is None:
        try:
            parts = call_limited(score_parts, exercise.score.path, limits=score_limits())
        except ScoreTookTooLong:
            return []  # not kept: a quieter moment may read it
        except AnalysisError:
            parts = []
        exercise.parts = _parts_rows(parts)
        Exercise.objects.filter(pk=exercise.pk).update(parts=exercise.parts)
    return [ScorePart(*row) for row in exercise.parts]


def exercise_part(*, exercise: Exercise, part: int) -> Exercise:
    """The exercise for one part of a multi-part piece, made on first use: that part alone as its score,
    at the piece's tempo and tolerances. The studio plays the other parts with it (``studio.audio``)."""
    existing = Exercise.objects.filter(parent=exercise, part_number=part).first()
    if existing is not None:
        return existing
    try:
        split = call_limited(split_score, exercise.score.path, part, limits=score_limits())
    except ScoreTookTooLong:
        raise TutorError(_("This piece is too large to split into parts here; practise it whole."),
                         field="part") from None
    except AnalysisError as exc:
        raise TutorError(score_failure_text(str(exc)), field="part") from None
    child = Exercise(
        owner_id=exercise.owner_id, title=f"{exercise.title}: {split.part.name}", title_made=True,
        tempo=exercise.tempo or split.tempo_bpm,
        tolerance_cents=exercise.tolerance_cents, wrong_cents=exercise.wrong_cents, tolerance_ms=exercise.tolerance_ms,
        parent=exercise, part_number=split.part.number, part_name=split.part.name,
    )
    child.score.save(f"part-{split.part.number}.musicxml", ContentFile(split.musicxml.encode("utf-8")), save=False)
    try:
        with transaction.atomic():
            child.save()
    except IntegrityError:  # made by a second request at the same moment
        child.score.delete(save=False)
        return Exercise.objects.get(parent=exercise, part_number=split.part.number)
    return child


def _grading_options(exercise: Exercise, assignment: Assignment | None) -> dict[str, Any]:
    source: Any = assignment or exercise
    return {
        "tolerance_cents": source.tolerance_cents,
        "wrong_cents": source.wrong_cents,
        "tolerance_ms": source.tolerance_ms,
        "free_tempo": bool(getattr(assignment, "free_tempo", False)),
        "any_key": bool(getattr(assignment, "any_key", False)),
        "tempo_bpm": exercise.tempo,
    }


def recording_submit(
    *, student: User, audio: UploadedFile, exercise: Exercise | None = None, assignment: Assignment | None = None,
    upload_key: str = "",
) -> Recording:
    """Check a take, store it and queue its analysis; the caller gets it ``queued``.

    The take is probed (container, stream, duration) before anything is stored,
    so a file the worker could not read is refused here with a reason.

    ``upload_key`` (made once per take by the page) makes a retried or doubled
    upload harmless: a take the student already sent with that key comes back as
    it is, neither stored nor graded nor counted a second time.
    """
    if upload_key:
        earlier = _recording_with_key(student=student, upload_key=upload_key, exercise=exercise,
                                      assignment=assignment)
        if earlier is not None:
            return earlier
    if assignment is not None:
        if not Assignment.objects.visible_to(student).filter(pk=assignment.pk).exists():
            raise NotFound(_("No such assignment."), field="assignment")
        target = assignment.target
        if not isinstance(target, Exercise):
            raise TutorError(_("That assignment is not something to play or sing."), field="assignment")
        # A take of one part of an assigned piece counts for the piece's assignment.
        if exercise is not None and target.pk not in (exercise.pk, exercise.parent_id):
            raise TutorError(_("That exercise is not the one assigned."), field="exercise")
        exercise = exercise or target
        _attempts_check(student=student, assignment=assignment)  # refuse early, before the decode
    elif exercise is None:
        raise TutorError(_("Say which exercise (or assignment) this take is for."), field="exercise")
    elif not Exercise.objects.visible_to(student).filter(pk=exercise.pk).exists():
        raise NotFound(_("No such exercise."), field="exercise")

    with checked_take(audio, prefix="take-") as (path, duration_seconds), transaction.atomic():
        if assignment is not None:
            # Counted again under a lock on the student's row: concurrent uploads queue up here, so the
            # limit holds however many arrive at once (20 at once once beat a limit of 2 twelve times).
            User.objects.select_for_update().filter(pk=student.pk).first()
            _attempts_check(student=student, assignment=assignment)
        recording = Recording(
            owner=student,
            exercise=exercise,
            assignment=assignment,
            original_name=(audio.name or "")[:200],
            size_bytes=audio.size or 0,
            duration_seconds=duration_seconds,
            options=_grading_options(exercise, assignment),
            is_late=bool(assignment and assignment.is_late()),
            upload_key=upload_key,
        )
        with path.open("rb") as stored:
            recording.audio.save(audio.name or "take.bin", File(stored), save=False)
        try:
            with transaction.atomic():
                recording.save()
        except IntegrityError:  # the same take's other upload got here first
            recording.audio.delete(save=False)
            earlier = _recording_with_key(student=student, upload_key=upload_key, exercise=exercise,
                                          assignment=assignment)
            if earlier is None:
                raise
            return earlier
        recording_queue(recording)
    return recording


def _recording_with_key(*, student: User, upload_key: str, exercise: Exercise | None,
                        assignment: Assignment | None) -> Recording | None:
    """The student's take already sent with ``upload_key``; ``Conflict`` when it was for another exercise."""
    earlier = Recording.objects.filter(owner=student, upload_key=upload_key).first()
    if earlier is None:
        return None
    meant = exercise.pk if exercise is not None else (assignment.target_id if assignment is not None else None)
    same_exercise = meant in (earlier.exercise_id, None)
    same_assignment = assignment is None or earlier.assignment_id == assignment.pk
    if not (same_exercise and same_assignment):
        raise Conflict(_("This take was already sent for another exercise."), field="upload_key")
    return earlier


def not_retryable_text() -> str:
    """Why a failed take is not tried again: it failed because of the recording itself (``Job.retryable``)."""
    return _("The same recording would fail the same way, so it is not tried again: record a new take, or upload "
             "another file.")


def recording_retry(*, user: User, recording: Recording) -> Recording:
    """Grade a failed take again from its stored audio (a worker died, timed out or hit a fault of ours).

    Only its owner may; a take being graded is left alone (a second click changes nothing); a graded
    take is never graded twice (``Conflict``); a take whose audio is gone past retention cannot be.
    For an assignment the take uses an attempt again, as a failed take gave its attempt back.
    """
    if recording.owner_id != user.pk:
        raise NotFound(_("No such take."))
    if recording.status in (Recording.Status.QUEUED, Recording.Status.ANALYZING):
        return recording
    if recording.status == Recording.Status.DONE:
        raise Conflict(_("This take is already graded."))
    if not recording.retryable:
        raise Conflict(not_retryable_text())
    if not recording.audio:
        raise Conflict(_("This take's audio is no longer kept; record it again."))
    with transaction.atomic():
        if recording.assignment_id is not None:
            # Under the same lock as a new take, so a retry and an upload cannot pass the limit together.
            User.objects.select_for_update().filter(pk=user.pk).first()
            _attempts_check(student=user, assignment=recording.assignment)  # type: ignore[arg-type]
        if recording.requeue_failed():
            recording_queue(recording)
    recording.refresh_from_db()
    return recording


def _attempts_check(*, student: User, assignment: Assignment) -> None:
    """Refuse a take when the student has used every attempt (failed takes give theirs back)."""
    if assignment.attempts_allowed is None:
        return
    used = Recording.objects.filter(owner=student, assignment=assignment).exclude(status="failed").count()
    if used >= assignment.attempts_allowed:
        raise Conflict(_("No attempts left: %(used)d of %(allowed)d used.") % {"used": used, "allowed": assignment.attempts_allowed},
                       field="assignment")


def range_test_submit(*, student: User, audio: UploadedFile) -> RangeTest:
    """Store a range-test take (lowest to highest note) and queue its measurement."""
    if not student.is_student:
        raise NotAllowed(_("The range test is for students."))
    with checked_take(audio, prefix="range-") as (path, _seconds):
        test = RangeTest(owner=student)
        with path.open("rb") as stored:
            test.audio.save(audio.name or "range.bin", File(stored), save=False)
    test.save()
    queue_job(tasks.measure_range, test.pk)
    return test


def range_test_retry(*, user: User, test: RangeTest) -> RangeTest:
    """Measure a failed range test again from its stored take (as ``recording_retry`` does for a graded take)."""
    if test.owner_id != user.pk:
        raise NotFound(_("No such range test."))
    _job_retry(test, done=_("This range is already measured."), task=tasks.measure_range)
    return test


def _job_retry(row: RangeTest | Transcription, *, done: str, task: Any) -> None:
    """Queue a failed job row again from its stored take; one still queued or running is left alone."""
    if row.status in (row.Status.QUEUED, row.RUNNING_STATUS):
        return
    if row.status == row.Status.DONE:
        raise Conflict(done)
    if not row.retryable:
        raise Conflict(not_retryable_text())
    if not row.audio:
        raise Conflict(_("This take's audio is no longer kept; record it again."))
    with transaction.atomic():
        if row.requeue_failed():
            queue_job(task, row.pk)
    row.refresh_from_db()


def range_test_measure(*, test: RangeTest) -> None:
    """Measure the range (``grading.analysis.vocal_range``) and store it on the test and the student."""
    decoded = decode_audio(test.audio.path)
    low, high = measure_vocal_range(decoded.samples)
    with transaction.atomic():
        test.low_midi, test.high_midi = low, high
        test.save(update_fields=["low_midi", "high_midi"])
        User.objects.filter(pk=test.owner_id).update(
            range_low_midi=low, range_high_midi=high, range_measured_at=timezone.now()
        )


def transcription_submit(*, user: User, audio: UploadedFile, title: str = "") -> Transcription:
    """Store a take with no score and queue its transcription."""
    with checked_take(audio, prefix="transcribe-") as (path, _seconds):
        row = Transcription(owner=user, title=title[:200])
        with path.open("rb") as stored:
            row.audio.save(audio.name or "melody.bin", File(stored), save=False)
    row.save()
    queue_job(tasks.transcribe_take, row.pk)
    return row


def transcription_retry(*, user: User, row: Transcription) -> Transcription:
    """Transcribe a failed take again from its stored audio (as ``recording_retry`` does for a graded take)."""
    if row.owner_id != user.pk:
        raise NotFound(_("No such transcription."))
    _job_retry(row, done=_("This melody is already transcribed."), task=tasks.transcribe_take)
    return row


def transcription_run(*, row: Transcription) -> None:
    """Transcribe the take, telling the row how far it is; store the details JSON."""

    def progress(percent: int, stage: str) -> None:
        Transcription.objects.filter(pk=row.pk).update(progress=percent, stage=stage)

    result = transcribe(row.audio.path, progress=progress)
    row.result = result.to_json(details=True)
    row.progress, row.stage = 100, "done"
    # A new result is a new version: a page still showing an earlier one cannot save corrections over it.
    row.version += 1
    row.save(update_fields=["result", "progress", "stage", "version"])


class TranscriptionChanged(Conflict):
    """A correction made on a version of the transcription that is no longer the stored one: nothing saved."""

    code = "changed"


def transcription_correct(*, user: User, row: Transcription, edits: list[dict[str, Any]],
                          version: int) -> Transcription:
    """Apply a student's corrections: per note ``index`` a written ``midi`` and/or ``quarter_length``.

    The sung pitch and timing stay as heard; the written note keeps the spelling the student picked
    (``pitch``, "Bb4"), else is spelled in the transcription's key. ``version`` is the version the
    corrections were made on: when another save (another tab, another device) has changed the
    transcription since, nothing is saved and ``TranscriptionChanged`` says so. All the edits are
    saved, or none.
    """
    if row.owner_id != user.pk:
        raise NotFound(_("No such transcription."))
    if row.status != Transcription.Status.DONE or not row.result:
        raise Conflict(_("The transcription is not finished yet."))
    changed = _("This melody was changed in another tab or window after this page showed it, so your change "
                "was not saved.")
    if version != row.version:
        raise TranscriptionChanged(changed)
    result = copy.deepcopy(row.result)
    notes = result["notes"]
    tonic, mode = result["key"].split()
    key = Key(tonic, mode)
    for edit in edits:
        index = edit["index"]
        if not 0 <= index < len(notes):
            raise TutorError(_("There is no note %(index)d; the transcription has %(count)d.") % {"index": index, "count": len(notes)},
                             field="notes")
        note = notes[index]
        if edit.get("pitch"):  # the spelling the student picked ("Bb4"), checked against ``midi`` by the API
            note["pitch"] = str(edit["pitch"])
        elif edit.get("midi") is not None:
            note["pitch"] = spell_in_key(int(edit["midi"]), key).name
        if edit.get("quarter_length") is not None:
            note["quarter_length"] = float(edit["quarter_length"])
        note["edited"] = True
    if not row.save_result(result, version=version):  # saved by another request since the row was read
        raise TranscriptionChanged(changed)
    return row


def transcription_exercise(*, user: User, row: Transcription, title: str, chords: list[str] | None = None,
                           style: str = "", tempo: float | None = None) -> Exercise:
    """Save a finished transcription (with the student's corrections) as an exercise of its owner:
    its MusicXML is the target, at ``tempo`` (quarter BPM; the performed tempo when None) in the score and
    on the exercise, so the studio practises against it and a teacher who made it can assign it.
    ``chords`` (one pick per bar), ``style`` and ``tempo`` are the backing the studio plays, stored as
    given: the caller has checked them (``generation.services``)."""
    from grading.analysis.transcription_files import score_from_json

    if row.owner_id != user.pk:
        raise NotFound(_("No such transcription."))
    if row.status != Transcription.Status.DONE or not row.result:
        raise Conflict(_("The transcription is not finished yet."))
    title = plain_name(title) or plain_name(row.title)
    made = not title
    title = title or MY_MELODY_TITLE
    qpm = round(float(tempo or row.result["tempo"]), 1)
    with tempfile.TemporaryDirectory(prefix="transcription-") as tmp:
        path = Path(tmp) / "melody.musicxml"
        score_from_json({**row.result, "tempo": qpm}, title=title).write("musicxml", fp=str(path))
        exercise = Exercise(owner=user, title=title[:200], title_made=made, tempo=qpm,
                            chords=list(chords or []), accompaniment_style=style)
        with path.open("rb") as stored:
            exercise.score.save("melody.musicxml", File(stored), save=False)
    exercise.save()
    return exercise


def recording_queue(recording: Recording) -> None:
    queue_job(tasks.analyze_recording, recording.pk)


def recording_analyze(*, recording: Recording) -> None:
    """Grade the take and store the contract JSON and one row per target note.

    Raises ``grading.analysis.AnalysisError`` when the take or score cannot be
    graded; the task turns that into a failed recording with the message.
    """
    opts = recording.options
    options = AssessOptions(
        tolerance_cents=float(opts.get("tolerance_cents", 25)),
        wrong_cents=float(opts.get("wrong_cents", 50)),
        tolerance_ms=float(opts.get("tolerance_ms", 100)),
        free_tempo=bool(opts.get("free_tempo", False)),
        any_key=bool(opts.get("any_key", False)),
        tempo_bpm=opts.get("tempo_bpm"),
        max_bytes=max(settings.MAX_UPLOAD_BYTES, recording.size_bytes),
        sung=recording.exercise.sung,
    )
    result = assess(recording.exercise.score.path, recording.audio.path, options=options)
    with transaction.atomic():
        # A redelivered take replaces what an earlier, interrupted run wrote, and its evidence with it.
        old = NoteResult.objects.filter(recording=recording)
        SkillEvidence.objects.filter(source=SkillEvidence.Source.NOTE, source_id__in=old.values("pk")).delete()
        old.delete()
        NoteResult.objects.bulk_create([NoteResult.from_graded(recording, note) for note in result.notes])
        recording.result = {"id": recording.pk, **result.to_json(details=True)}
        recording_grades_derive(recording=recording)


def recording_grades_derive(*, recording: Recording) -> None:
    """Everything that follows from the take's note rows, which are the one source of its verdicts.

    The result's per-note verdicts and summary (``grading.analysis.verdicts.summary``, the one score
    formula), the take's ``score_percent`` that the gradebook reads, and its skill evidence. Run when
    the grader has stored the rows, and again after a teacher overrides a note.
    """
    rows = list(recording.notes.order_by("index"))
    graded = [row.graded() for row in rows]
    notes: list[verdicts.NoteResult] = list(graded)
    recording.result = {**(recording.result or {}), "notes": [note.to_json() for note in graded],
                        "summary": verdicts.summary(notes)}
    recording.score_percent = float(recording.result["summary"]["score"])
    recording.save(update_fields=["result", "score_percent"])
    _evidence_record(recording, rows, graded)


def exercise_key(*, exercise: Exercise) -> str:
    """The key the exercise's notes are spelled in (``"G major"``), stored on first use.

    A generated drill knows its key; an uploaded score gives its key signature in the mode
    the score writes (MusicXML ``<mode>``: a saved D zhi drill says D mixolydian, whose *do*
    is G as its 简谱 has it), read as major when it writes none; else music21's analysis.
    """
    if exercise.key:
        return exercise.key
    drill = getattr(exercise, "drill", None)
    if drill is not None:
        text = f"{drill.params.get('key', 'C')} {drill.params.get('mode', 'major')}"
    else:
        text = _score_key(Path(exercise.score.path))
    Exercise.objects.filter(pk=exercise.pk).update(key=text)
    exercise.key = text
    return text


def _score_key(path: Path) -> str:
    # music21 takes a second to import: only in the worker, for an uploaded score's first take.
    from music21 import converter, key

    try:
        score = converter.parse(str(path))
        parts = list(getattr(score, "parts", [])) or [score]
        flat = parts[0].flatten()
        found = next(iter(flat.getElementsByClass(key.KeySignature)), None)
        if isinstance(found, key.Key):
            k = found
        elif found is not None:
            k = found.asKey("major")
        else:
            k = score.analyze("key")
        return f"{k.tonic.name.replace('-', 'b')} {_written_mode(k.mode)}"
    except Exception as exc:  # an odd score: spell in C rather than fail the grading
        logger.warning("no key for %s: %r", path, exc)
        return "C major"


def _written_mode(mode: str | None) -> str:
    """A score's ``<mode>`` as one of the modes a Key takes (``music.scale.MODES``); major when odd or absent.

    Movable do counts from the key's signature, so the mode must stay: read as major, D dorian
    (no sharps) would become D major (two sharps) and D would be named 1 where the score's 简谱 has 2.
    """
    mode = {"ionian": "major", "aeolian": "minor"}.get(mode or "", mode or "")
    return mode if mode in MODES else "major"


#: The grader's take-wide lines that say where it lost the singer (``verdicts.feedback_lines``).
_LOST_AFTER = re.compile(r"we lost track of you after bar (?P<first>\d+): .*")
_LOST_IN = re.compile(r"we lost track of you in bars (?P<first>\d+)-(?P<last>\d+): .*")
#: The line that says the recording stopped before the piece's end, and how many notes it left out.
_STOPPED = re.compile(r"the recording stopped before the last (?:note|(?P<count>\d+) notes) \(.*")


def recording_feedback_lines(*, recording: Recording, rows: list[NoteResult] | None = None) -> list[str]:
    """The take's feedback lines in the grader's words (English, from its closed set), made from its note rows.

    The per-note lines follow the rows' verdicts, so a teacher's override shows (the stored lines still said
    "30 cents flat" of a note marked in tune); what the rows do not hold (noise suppression, a cut-off take,
    a recording stopped before the piece's end, stretches the grader lost) is read from the stored lines.
    ``grading.feedback_text`` says them in the reader's language. A take without rows (graded before they were
    kept) gives its stored lines.
    """
    result = recording.result or {}
    stored = [str(line) for line in result.get("feedback", [])]
    rows = list(recording.notes.order_by("index")) if rows is None else sorted(rows, key=lambda row: row.index)
    if not rows:
        return stored
    notes: list[verdicts.NoteResult] = [row.graded() for row in rows]
    lost = []
    unrecorded = 0
    for line in stored:
        if match := _STOPPED.fullmatch(line):
            unrecorded = int(match["count"] or 1)
        elif match := _LOST_AFTER.fullmatch(line):
            first = next((k for k, n in enumerate(notes) if n.bar >= int(match["first"])), None)
            if first is not None:
                lost.append(LostStretch(first, len(notes) - 1))
        elif match := _LOST_IN.fullmatch(line):
            inside = [k for k, n in enumerate(notes) if int(match["first"]) <= n.bar <= int(match["last"])]
            if inside:
                lost.append(LostStretch(inside[0], inside[-1]))
    opts = recording.options
    tol = verdicts.Tolerances(float(opts.get("tolerance_cents", 25)), float(opts.get("wrong_cents", 50)),
                              float(opts.get("tolerance_ms", 100)))
    lines = verdicts.feedback_lines(notes, drift=notes_drift(notes), lost=lost, tol=tol,
                                    noise_suppressed=verdicts.NOISE_SUPPRESSED_LINE in stored,
                                    names=written_names(result), sung=recording.exercise.sung, unrecorded=unrecorded)
    return ([CUT_OFF_LINE] if CUT_OFF_LINE in stored else []) + lines


def _evidence_record(recording: Recording, rows: list[NoteResult], graded: list[GradedNote]) -> None:
    """Turn every graded note of the take into skill evidence (see ``grading.evidence.note_evidence``).

    Replaces the take's earlier evidence, so a re-graded take or a teacher's
    override never counts twice. The evidence carries the time of the take.
    """
    SkillEvidence.objects.filter(source=SkillEvidence.Source.NOTE, source_id__in=[r.pk for r in rows]).delete()
    if not rows:
        return
    # Found for a teacher's take too: the take page names its notes in movable do from the stored key.
    key_label = exercise_key(exercise=recording.exercise)
    if recording.owner.is_teacher:
        return
    evidence = take_evidence(graded, key_label=key_label, options=recording.options, result=recording.result,
                             sung=recording.exercise.sung)
    at = recording.queued_at
    for row in rows:
        items = evidence.get(row.index, [])
        if items:
            evidence_record(student=recording.owner, source=SkillEvidence.Source.NOTE, source_id=row.pk,
                            items=items, at=at)


def audio_retention_purge(*, now: datetime | None = None) -> int:
    """Delete the audio of takes graded more than AUDIO_RETENTION_DAYS ago; keep the grades."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIO_RETENTION_DAYS)
    expired = Recording.objects.filter(status__in=["done", "failed"], finished_at__lt=cutoff).exclude(audio="")
    purged = 0
    for recording in expired.iterator():
        recording.audio.delete(save=False)
        Recording.objects.filter(pk=recording.pk).update(audio="")
        purged += 1
    return purged


# --------------------------------------------------------------------------- a take's history and timing

MIN_LATENCY_MS, MAX_LATENCY_MS = 0, 1000
MAX_COUNT_IN_MS = 60_000


def recording_history(*, owner: User, exercise: Exercise) -> list[dict[str, Any]]:
    """The owner's takes of an exercise, oldest first, for the studio's history and trend chart.

    ``score`` is the one that counts (``Recording.grade_percent``): the teacher's where they scored the take,
    as the gradebook counts it; ``grader_score`` stays the grader's, and ``teacher_scored`` says whose it is.
    """
    rows = Recording.objects.filter(owner=owner, exercise=exercise).order_by("queued_at")
    return [
        {"id": r.pk, "status": r.status, "score": r.grade_percent, "grader_score": r.score_percent,
         "teacher_scored": r.teacher_score_percent is not None, "at": r.queued_at.isoformat(),
         "assignment": r.assignment_id}
        for r in rows.only("id", "status", "score_percent", "teacher_score_percent", "queued_at",
                           "assignment_id")[:200]
    ]


def recording_timing(recording: Recording) -> dict[str, float | None]:
    """The latency offset sent with a take and what it means for the first entry.

    ``latency_ms`` (the device's round trip, measured by clapping along with
    clicks) is subtracted from the times heard in the file. When the page also
    said where the count-in put the first note (``count_in_ms`` into the file: after
    a full bar and, before a pickup, the pickup bar's silent beats),
    ``entry_ms`` is how far after that point the first note came (negative: early).
    Note-by-note timing verdicts are relative to the take's own tempo line, so
    a constant delay does not change them.
    """
    opts = recording.options or {}
    latency = opts.get("latency_ms")
    count_in = opts.get("count_in_ms")
    entry = None
    result = recording.result or {}
    if count_in is not None and result.get("offset") is not None:
        entry = round(float(result["offset"]) * 1000 - float(latency or 0) - float(count_in), 1)
    return {"latency_ms": latency, "count_in_ms": count_in, "entry_ms": entry}


def recording_set_timing(
    *, recording: Recording, latency_ms: float | None = None, count_in_ms: float | None = None
) -> None:
    """Keep the take's latency offset and count-in position with its grading options.

    Written with an UPDATE of ``options`` alone, so it cannot undo what a
    worker that already picked the take up has stored.
    """
    if latency_ms is not None and not MIN_LATENCY_MS <= latency_ms <= MAX_LATENCY_MS:
        raise TutorError(_("The latency must be between %(low)d and %(high)d ms.") % {"low": MIN_LATENCY_MS, "high": MAX_LATENCY_MS},
                         field="latency_ms")
    if count_in_ms is not None and not 0 <= count_in_ms <= MAX_COUNT_IN_MS:
        raise TutorError(_("The count-in position must be within the first minute."), field="count_in_ms")
    extra = {
        key: round(float(value), 1)
        for key, value in (("latency_ms", latency_ms), ("count_in_ms", count_in_ms))
        if value is not None
    }
    if not extra:
        return
    recording.options = {**recording.options, **extra}
    Recording.objects.filter(pk=recording.pk).update(options=recording.options)
