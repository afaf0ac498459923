"""The teacher's review of doubtful notes: the queue, the audio around a note, and overrides.

A note is doubtful when the grader's confidence in it is low (a breathy
attack, noise, a note the tracker half heard). The teacher hears it, sets the
verdicts by hand, and the take's score, the gradebook and the student's
skill evidence follow.
"""

from __future__ import annotations

import io
import math
import wave

import numpy as np
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grading.analysis import AnalysisError, decode_audio
from grading.models import TEACHER_COMMENT_MAX_CHARS, NoteAudioAccess, NoteResult, Recording
from grading.services import recording_grades_derive
from tutor.errors import NotAllowed, NotFound, TutorError
from tutor.models import Classroom, Enrollment, User

#: Notes graded with less confidence than this wait for a teacher.
REVIEW_CONFIDENCE = 0.6
#: Seconds of audio either side of the note in the excerpt.
EXCERPT_MARGIN_SECONDS = 0.5
MAX_QUEUE = 200


def review_queue(*, classroom: Classroom) -> models.QuerySet[NoteResult]:
    """Unreviewed low-confidence notes of graded takes on the class's assignments, oldest take first, from
    students still in the class (one who left is no longer the teacher's to review, as in ``takes_awaiting_mark``;
    their takes stay in the gradebook and on the assignment's page, marked as left)."""
    enrolled = Enrollment.objects.filter(classroom=classroom, student=models.OuterRef("recording__owner"))
    return (
        NoteResult.objects.filter(
            recording__assignment__classroom=classroom, recording__status=Recording.Status.DONE,
            confidence__lt=REVIEW_CONFIDENCE, reviewed_at__isnull=True,
        )
        .filter(models.Exists(enrolled))
        .select_related("recording__owner", "recording__assignment")
        .order_by("recording__queued_at", "index")[:MAX_QUEUE]
    )


def takes_awaiting_mark(*, teacher: User) -> models.QuerySet[Recording]:
    """Graded takes on the teacher's class assignments with no comment or score of theirs yet, oldest first.

    Only each student's latest graded take of an assignment waits (an earlier one was superseded: marking it
    would be marking what the student already redid), and only from students still in the class: a student
    who left is no longer the teacher's to mark.
    """
    later = Recording.objects.filter(
        owner=models.OuterRef("owner"), assignment=models.OuterRef("assignment"), status=Recording.Status.DONE,
        queued_at__gt=models.OuterRef("queued_at"))
    enrolled = Enrollment.objects.filter(classroom=models.OuterRef("assignment__classroom"),
                                         student=models.OuterRef("owner"))
    return (
        Recording.objects.filter(assignment__classroom__teacher=teacher, status=Recording.Status.DONE,
                                 teacher_marked_at__isnull=True)
        .filter(models.Exists(enrolled)).exclude(models.Exists(later))
        .select_related("owner", "assignment__classroom")
        .order_by("queued_at", "pk")
    )


def takes_awaiting_neighbours(*, teacher: User, recording: Recording) -> tuple[Recording | None, Recording | None]:
    """The waiting takes of the same class just before and just after ``recording`` (in the queue's order), so
    a teacher marks one take after another without going back to a list; the take itself may have left the
    queue (just marked), its place is kept by its time."""
    assignment = recording.assignment
    if assignment is None:
        return None, None
    queue = takes_awaiting_mark(teacher=teacher).filter(assignment__classroom_id=assignment.classroom_id) \
        .exclude(pk=recording.pk)
    earlier = models.Q(queued_at__lt=recording.queued_at) | models.Q(queued_at=recording.queued_at,
                                                                      pk__lt=recording.pk)
    previous = queue.filter(earlier).order_by("-queued_at", "-pk").first()
    following = queue.exclude(earlier).first()
    return previous, following


def notes_visible_to(user: User) -> models.QuerySet[NoteResult]:
    """Notes of the takes ``user`` may see (their own; a teacher's: those made for their assignments)."""
    return NoteResult.objects.filter(recording__in=Recording.objects.visible_to(user))


def note_override(*, teacher: User, note: NoteResult, pitch: str, timing: str) -> Recording:
    """Set a note's verdicts by hand on its row; the take's result, score and evidence are derived again.

    Only the teacher of the class the take was made for may do it (others get
    ``NotFound``). The grader's own verdicts are kept in ``graded_pitch`` and
    ``graded_timing``. Returns the take with its new score.
    """
    recording = note.recording
    assignment = recording.assignment
    if assignment is None or assignment.classroom.teacher_id != teacher.pk:
        raise NotFound(_("No such note."))
    if pitch not in NoteResult.Pitch.values:
        raise TutorError(_("Pitch must be one of: %(values)s.") % {"values": ", ".join(NoteResult.Pitch.values)}, field="pitch")
    if timing not in NoteResult.Timing.values:
        raise TutorError(_("Timing must be one of: %(values)s.") % {"values": ", ".join(NoteResult.Timing.values)},
                         field="timing")
    with transaction.atomic():
        locked = Recording.objects.select_for_update().get(pk=recording.pk)
        row = NoteResult.objects.select_for_update().get(pk=note.pk)
        if row.reviewed_at is None:
            row.graded_pitch, row.graded_timing = row.pitch, row.timing
        row.pitch, row.timing = pitch, timing
        row.reviewed_by, row.reviewed_at = teacher, timezone.now()
        row.save(update_fields=["pitch", "timing", "reviewed_by", "reviewed_at", "graded_pitch", "graded_timing"])
        recording_grades_derive(recording=locked)
    note.refresh_from_db()
    return locked


def recording_mark(*, teacher: User, recording: Recording, comment: str, score_percent: float | None) -> Recording:
    """The class's teacher's comment to the student and, if given, their own score for the take (0-100).

    The grader's score (``score_percent``) is kept as it is and shown beside the teacher's; the gradebook
    counts the teacher's (``Recording.grade_percent``). An empty comment and no score take the mark away.
    Only the teacher of the class the take was made for may mark it, and not a take of their own: anyone else
    who can see the take (the student, a teacher's own practice take) gets ``NotAllowed``; callers look the take up with
    ``Recording.objects.visible_to`` so that everyone else gets a 404 first.
    """
    assignment = recording.assignment
    if assignment is None or assignment.classroom.teacher_id != teacher.pk:
        raise NotAllowed(_("Only the teacher of the class this take was made for can comment on it or score it."))
    if recording.by_class_teacher:
        raise NotAllowed(_("A take of your own takes no comment or score: those are for your students' takes."))
    comment = comment.strip()
    if len(comment) > TEACHER_COMMENT_MAX_CHARS:
        raise TutorError(_("The comment is %(length)d characters long; keep it to %(limit)d.")
                         % {"length": len(comment), "limit": TEACHER_COMMENT_MAX_CHARS}, field="comment")
    if score_percent is not None:
        if not math.isfinite(score_percent) or not 0 <= score_percent <= 100:
            raise TutorError(_("A score is a number from 0 to 100."), field="score")
        if recording.status != Recording.Status.DONE:
            raise TutorError(_("This take is not graded, so it cannot be scored yet; a comment can be left now."),
                             field="score")
    marked = bool(comment) or score_percent is not None
    recording.teacher_comment = comment
    recording.teacher_score_percent = None if score_percent is None else round(score_percent, 1)
    recording.teacher_marked_by = teacher if marked else None
    recording.teacher_marked_at = timezone.now() if marked else None
    recording.save(update_fields=["teacher_comment", "teacher_score_percent", "teacher_marked_by",
                                  "teacher_marked_at"])
    return recording


def note_audio_excerpt(*, user: User, note: NoteResult) -> bytes:
    """The take's audio around the note (WAV, 16 kHz mono), and a row saying ``user`` heard it.

    The window is the note as sung (or, for a missed note, where it was due)
    with half a second either side. Raises ``NotFound`` when there is nothing to play.
    """
    recording = note.recording
    result = recording.result or {}
    start = note.onset
    duration = note.target_duration
    if start is None:
        line = result.get("target_line") or []
        placed = line[note.index] if note.index < len(line) else None
        if placed is None:
            raise NotFound(_("This note has no place in the take to play."))
        start, duration = float(placed["onset"]), float(placed["duration"])
    try:
        decoded = decode_audio(recording.audio.path)
    except (AnalysisError, OSError, ValueError) as exc:
        raise NotFound(_("The take's audio cannot be read (%(reason)s).") % {"reason": exc}) from None
    rate = decoded.sample_rate_hz
    lo = max(0, int((start - EXCERPT_MARGIN_SECONDS) * rate))
    hi = min(len(decoded.samples), int((start + duration + EXCERPT_MARGIN_SECONDS) * rate))
    clip = np.asarray(decoded.samples[lo:hi], dtype=np.float32)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes((np.clip(clip, -1, 1) * 32767).astype("<i2").tobytes())
    NoteAudioAccess.objects.create(user=user, note=note)
    return buffer.getvalue()
