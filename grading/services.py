"""Workflows on exercises and recordings. The analysis itself is grading.analysis."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from grading.models import Exercise, NoteResult, Recording
from tutor.errors import Conflict, NotAllowed, NotFound, TutorError
from tutor.models import Assignment, User

SCORE_SUFFIXES = (".musicxml", ".xml", ".mxl", ".mid", ".midi")
MAX_SCORE_BYTES = 5 * 1024 * 1024


def _spooled(upload: UploadedFile, directory: str) -> Path:
    """Copy an upload to a file in ``directory`` so the decoders can read a path."""
    path = Path(directory) / "upload"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    upload.seek(0)
    return path


def score_check(upload: UploadedFile) -> None:
    """Refuse a score the grader could not use, with the reason, before it is stored."""
    from grading.analysis import AnalysisError, load_target

    name = (upload.name or "").lower()
    if not name.endswith(SCORE_SUFFIXES):
        raise TutorError("Upload MusicXML (.musicxml, .xml, .mxl) or MIDI (.mid, .midi).", field="score")
    if upload.size is None or upload.size == 0:
        raise TutorError("That score file is empty.", field="score")
    if upload.size > MAX_SCORE_BYTES:
        raise TutorError("That score is larger than 5 MB.", field="score")
    with tempfile.TemporaryDirectory(prefix="score-") as tmp:
        path = _spooled(upload, tmp)
        try:
            load_target(path.rename(path.with_suffix(Path(name).suffix)))
        except AnalysisError as exc:
            raise TutorError(f"That score cannot be graded against: {exc}", field="score") from None


def exercise_create(*, owner: User, title: str, score: UploadedFile, tempo: float | None = None) -> Exercise:
    if not owner.is_teacher:
        raise NotAllowed("Only teachers add exercises.")
    if not title.strip():
        raise TutorError("An exercise needs a title.", field="title")
    score_check(score)
    exercise = Exercise(owner=owner, title=title.strip(), tempo=tempo)
    exercise.score.save(score.name or "score.musicxml", score, save=False)
    exercise.save()
    return exercise


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
    *, student: User, audio: UploadedFile, exercise: Exercise | None = None, assignment: Assignment | None = None
) -> Recording:
    """Check a take, store it and queue its analysis; the caller gets it ``queued``.

    The take is probed (container, stream, duration) before anything is stored,
    so a file the worker could not read is refused here with a reason.
    """
    from grading.analysis import AnalysisError, probe_audio

    if assignment is not None:
        if not Assignment.objects.visible_to(student).filter(pk=assignment.pk).exists():
            raise NotFound("No such assignment.", field="assignment")
        target = assignment.target
        if not isinstance(target, Exercise):
            raise TutorError("That assignment is not something to play or sing.", field="assignment")
        if exercise is not None and exercise.pk != target.pk:
            raise TutorError("That exercise is not the one assigned.", field="exercise")
        exercise = target
        if assignment.attempts_allowed is not None:
            used = Recording.objects.filter(owner=student, assignment=assignment).exclude(status="failed").count()
            if used >= assignment.attempts_allowed:
                raise Conflict(
                    f"No attempts left: {used} of {assignment.attempts_allowed} used.", field="assignment"
                )
    elif exercise is None:
        raise TutorError("Say which exercise (or assignment) this take is for.", field="exercise")
    elif not Exercise.objects.visible_to(student).filter(pk=exercise.pk).exists():
        raise NotFound("No such exercise.", field="exercise")

    max_bytes = settings.MAX_UPLOAD_BYTES
    if not audio.size:
        raise TutorError("The recording is empty.", field="audio")
    if audio.size > max_bytes:
        raise TutorError(f"The recording is larger than {max_bytes // (1024 * 1024)} MB.", field="audio")
    with tempfile.TemporaryDirectory(prefix="take-") as tmp:
        path = _spooled(audio, tmp)
        try:
            info = probe_audio(path, max_bytes=max_bytes)
        except AnalysisError as exc:
            raise TutorError(str(exc)[:1].upper() + str(exc)[1:] + ".", field="audio") from None
        recording = Recording(
            owner=student,
            exercise=exercise,
            assignment=assignment,
            original_name=(audio.name or "")[:200],
            size_bytes=audio.size,
            duration_seconds=info.duration_seconds,
            options=_grading_options(exercise, assignment),
            is_late=bool(assignment and assignment.is_late()),
        )
        with path.open("rb") as stored:
            recording.audio.save(audio.name or "take.bin", File(stored), save=False)
    recording.save()
    recording_queue(recording)
    return recording


def recording_queue(recording: Recording) -> None:
    from grading.tasks import analyze_recording

    transaction.on_commit(lambda: analyze_recording.delay(recording.pk))


def recording_analyze(*, recording: Recording) -> None:
    """Grade the take and store the contract JSON and one row per target note.

    Raises ``grading.analysis.AnalysisError`` when the take or score cannot be
    graded; the task turns that into a failed recording with the message.
    """
    from grading.analysis import AssessOptions, assess

    opts = recording.options
    options = AssessOptions(
        tolerance_cents=float(opts.get("tolerance_cents", 25)),
        wrong_cents=float(opts.get("wrong_cents", 50)),
        tolerance_ms=float(opts.get("tolerance_ms", 100)),
        free_tempo=bool(opts.get("free_tempo", False)),
        any_key=bool(opts.get("any_key", False)),
        tempo_bpm=opts.get("tempo_bpm"),
        max_bytes=max(settings.MAX_UPLOAD_BYTES, recording.size_bytes),
    )
    result = assess(recording.exercise.score.path, recording.audio.path, options=options)
    payload = {"id": recording.pk, **result.to_json(details=True)}
    rows = [
        NoteResult(
            recording=recording,
            index=note.index,
            bar=note.bar,
            target_midi=note.target_midi,
            target_onset=note.target_onset,
            target_duration=note.target_duration,
            sung_midi=note.sung_midi,
            cents=note.cents,
            onset=note.onset,
            timing_error=note.timing_error,
            confidence=note.confidence,
            pitch=note.pitch,
            timing=note.timing,
        )
        for note in result.notes
    ]
    with transaction.atomic():
        # A redelivered take replaces what an earlier, interrupted run wrote.
        NoteResult.objects.filter(recording=recording).delete()
        NoteResult.objects.bulk_create(rows)
        recording.result = payload
        recording.score = payload["summary"]["score"]
        recording.save(update_fields=["result", "score"])

