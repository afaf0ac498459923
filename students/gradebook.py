"""The gradebook: students × assignments with best and latest scores, attempts and late flags.

Scores come from graded takes (grading.Recording) and submitted quiz attempts
(lessons.QuizAttempt); both are read in one query each, never per cell.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from grading.models import Recording
from lessons.models import QuizAttempt
from tutor.models import Assignment, Classroom, User


@dataclass
class Cell:
    """One student's work on one assignment."""

    assigned: bool = True
    attempts: int = 0
    best: float | None = None
    latest: float | None = None
    latest_at: datetime | None = None
    late: bool = False

    def add(self, score: float | None, at: datetime, *, late: bool) -> None:
        self.attempts += 1
        self.late = self.late or late
        if score is not None:
            self.best = score if self.best is None else max(self.best, score)
            if self.latest_at is None or at >= self.latest_at:
                self.latest, self.latest_at = score, at


@dataclass
class Gradebook:
    classroom: Classroom
    students: list[User]
    assignments: list[Assignment]
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    def cell(self, student: User, assignment: Assignment) -> Cell:
        return self.cells[(student.pk, assignment.pk)]

    def rows(self) -> list[tuple[User, list[Cell]]]:
        return [(s, [self.cell(s, a) for a in self.assignments]) for s in self.students]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        header = ["student"]
        for a in self.assignments:
            header += [f"{a.title} (best)", f"{a.title} (latest)", f"{a.title} (attempts)", f"{a.title} (late)"]
        writer.writerow(header)
        for student, cells in self.rows():
            row: list[object] = [student.username]
            for cell in cells:
                if not cell.assigned:
                    row += ["", "", "", ""]
                    continue
                row += [_fmt(cell.best), _fmt(cell.latest), cell.attempts, "late" if cell.late else ""]
            writer.writerow(row)
        return out.getvalue()


def _fmt(score: float | None) -> str:
    return "" if score is None else f"{score:.1f}"


def gradebook_for(classroom: Classroom) -> Gradebook:
    students = list(User.objects.filter(enrollments__classroom=classroom).order_by("username"))
    assignments = list(classroom.assignments.select_related("target_type").order_by("created_at"))
    book = Gradebook(classroom=classroom, students=students, assignments=assignments)
    for student in students:
        for assignment in assignments:
            assigned = assignment.student_id in (None, student.pk)
            book.cells[(student.pk, assignment.pk)] = Cell(assigned=assigned)
    takes = Recording.objects.filter(assignment__classroom=classroom, status="done").values_list(
        "owner_id", "assignment_id", "score_percent", "queued_at", "is_late"
    )
    attempts = QuizAttempt.objects.filter(assignment__classroom=classroom, submitted_at__isnull=False).values_list(
        "student_id", "assignment_id", "score_percent", "submitted_at", "is_late"
    )
    for student_id, assignment_id, score, at, late in [*takes, *attempts]:
        cell = book.cells.get((student_id, assignment_id))
        if cell is not None and at is not None:
            cell.add(score, at, late=late)
    return book
