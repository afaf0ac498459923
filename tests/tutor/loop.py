"""The loop's shared steps for tests: a class drill, and a take of it sung, uploaded and really graded."""

from __future__ import annotations

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from grading.models import Recording
from grading.services import recording_submit
from grading.tasks import analyze_recording
from students.services import assignments_create_drills
from tests.grading.takes import score_take
from tutor.models import Assignment, Classroom, User

F_SHARP = 6
#: A class drill in G with an entry after a rest in every two bars (seeded: the same drill every run).
# F♯ is asked for, so the leading note the tests sing flat comes often enough to be a weak spot.
CLASS_DRILL = {"key": "G", "level": 2, "bars": 8, "tempo": 84, "rests": 1, "seed": 3, "target_notes": ["F#"]}


def class_drill(teacher: User, classroom: Classroom) -> Assignment:
    (assignment,) = assignments_create_drills(teacher=teacher, classroom=classroom, personalised=False,
                                              params=CLASS_DRILL, title="Sight-singing in G")
    return assignment


def sing(student: User, assignment: Assignment, tmp_path: Path, **habits: object) -> Recording:
    """A synthesised take of the assignment, uploaded and graded by the real analysis task."""
    path = score_take(Path(assignment.target.score.path), tmp_path / f"{student.username}.wav", **habits)  # type: ignore[arg-type]
    upload = SimpleUploadedFile("take.wav", path.read_bytes(), content_type="audio/wav")
    recording = recording_submit(student=student, audio=upload, assignment=assignment)
    analyze_recording.apply(args=[recording.pk])
    recording.refresh_from_db()
    assert recording.status == "done", recording.error
    return recording
