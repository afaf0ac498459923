"""The gradebook: students × assignments with best and latest scores, attempts and late flags.

Scores come from graded takes (grading.Recording) and submitted quiz attempts
(lessons.QuizAttempt); both are read in one query each, never per cell. A take counts
with the score its class's teacher set where they set one, else the grader's
(``Recording.grade_percent``, done here in the query).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import pgettext

from grading.models import Recording
from lessons.models import QuizAttempt
from tutor.csv_export import csv_text
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
    assignment: Assignment | None = None
    #: The latest graded work's page (a take, or a quiz attempt): the gradebook links its score there.
    latest_page: str = ""
    #: A take counted here carries the teacher's own score instead of the grader's.
    teacher_scored: bool = False

    def add(self, score: float | None, at: datetime, *, late: bool, page: str = "", teacher_scored: bool = False) -> None:
        self.attempts += 1
        self.late = self.late or late
        self.teacher_scored = self.teacher_scored or teacher_scored
        if score is not None:
            self.best = score if self.best is None else max(self.best, score)
            if self.latest_at is None or at >= self.latest_at:
                self.latest, self.latest_at, self.latest_page = score, at, page


@dataclass
class Column:
    """One gradebook column: an assignment, or the per-student assignments of one personalised set."""

    assignments: list[Assignment]
    # On a student's own table: the attempts they may still use (None: no limit), filled in by their pages.
    attempts_left: int | None = None

    @property
    def first(self) -> Assignment:
        return self.assignments[0]

    @property
    def title(self) -> str:
        return self.first.title_shown

    @property
    def due_at(self) -> datetime | None:
        return self.first.due_at

    @property
    def personalised(self) -> bool:
        return self.first.group is not None

    def assignment_for(self, student: User) -> Assignment | None:
        for assignment in self.assignments:
            if assignment.student_id in (None, student.pk):
                return assignment
        return None


@dataclass
class Gradebook:
    classroom: Classroom
    students: list[User]
    columns: list[Column]
    # (student id, column index) -> the student's work in that column.
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    #: Students no longer in the class whose work on its assignments is kept: listed after the class, marked as
    #: having left, and not counted in "handed in" (their work still counted when it was handed in).
    left_ids: set[int] = field(default_factory=set)

    def cell(self, student: User, assignment: Assignment) -> Cell:
        """The cell where ``student``'s work on ``assignment`` is counted."""
        for n, column in enumerate(self.columns):
            if assignment in column.assignments:
                return self.cells[(student.pk, n)]
        raise KeyError(assignment.pk)

    def rows(self) -> list[tuple[User, list[Cell]]]:
        return [(s, [self.cells[(s.pk, n)] for n in range(len(self.columns))]) for s in self.students]

    def labelled_rows(self) -> list[tuple[User, list[tuple[Column, Cell]]]]:
        """``rows`` with each cell's column: a phone shows a student as a card, each cell under its title."""
        return [(s, list(zip(self.columns, cells, strict=True))) for s, cells in self.rows()]

    def headings(self) -> list[tuple[Column, int, int]]:
        """Each column with how many of the students it is for have handed something in, and how many it is for:
        the first thing a teacher reads on a due date ("18 of 29"), which thirty rows of dashes did not say."""
        shown = []
        for n, column in enumerate(self.columns):
            cells = [self.cells[(s.pk, n)] for s in self.students if s.pk not in self.left_ids]
            shown.append((column, sum(1 for c in cells if c.assigned and c.attempts),
                          sum(1 for c in cells if c.assigned)))
        return shown

    def to_csv(self) -> str:
        # In the reader's language: a Chinese class's teacher opened the file in Excel to English headings.
        header: list[object] = [pgettext("a gradebook CSV column", "student")]
        for c in self.columns:
            header += [pgettext("a gradebook CSV column", "%(title)s (best)") % {"title": c.title},
                       pgettext("a gradebook CSV column", "%(title)s (latest)") % {"title": c.title},
                       pgettext("a gradebook CSV column", "%(title)s (attempts)") % {"title": c.title},
                       pgettext("a gradebook CSV column", "%(title)s (late)") % {"title": c.title}]
        late_word = pgettext("after the due date", "late")
        rows: list[list[object]] = [header]
        left_word = pgettext("a gradebook CSV student who left", "%(name)s (left the class)")
        for student, cells in self.rows():
            row: list[object] = [left_word % {"name": student.username} if student.pk in self.left_ids
                                 else student.username]
            for cell in cells:
                if not cell.assigned:
                    row += ["", "", "", ""]
                    continue
                row += [_fmt(cell.best), _fmt(cell.latest), cell.attempts, late_word if cell.late else ""]
            rows.append(row)
        return csv_text(rows)


def _fmt(score: float | None) -> str:
    return "" if score is None else f"{score:.1f}"


def columns_for(assignments: list[Assignment]) -> list[Column]:
    """Assignments in order, the members of one personalised group gathered into the first one's column."""
    columns: list[Column] = []
    by_group: dict[object, Column] = {}
    for assignment in assignments:
        if assignment.group is not None and assignment.group in by_group:
            by_group[assignment.group].assignments.append(assignment)
            continue
        column = Column(assignments=[assignment])
        columns.append(column)
        if assignment.group is not None:
            by_group[assignment.group] = column
    return columns


def gradebook_for(classroom: Classroom) -> Gradebook:
    """The class's students, then those who left it but handed work in here (a removed student's marks are
    still the record of what was handed in: they stay, marked as left, rather than vanish from the book)."""
    students = list(User.objects.filter(enrollments__classroom=classroom).order_by("username"))
    handed_in = (set(Recording.objects.filter(assignment__classroom=classroom, status="done")
                     .values_list("owner_id", flat=True))
                 | set(QuizAttempt.objects.filter(assignment__classroom=classroom, submitted_at__isnull=False)
                       .values_list("student_id", flat=True)))
    # The class's teacher may try their own assignment: a take of theirs is no student's who left.
    left_ids = handed_in - {s.pk for s in students} - {classroom.teacher_id}
    left = list(User.objects.filter(pk__in=left_ids).order_by("username"))
    students += left
    assignments = list(classroom.assignments.select_related("target_type").order_by("created_at", "pk"))
    columns = columns_for(assignments)
    book = Gradebook(classroom=classroom, students=students, columns=columns, left_ids={s.pk for s in left})
    column_of: dict[tuple[int, int], int] = {}  # (student, assignment) -> column index
    for student in students:
        for n, column in enumerate(columns):
            mine = column.assignment_for(student)
            book.cells[(student.pk, n)] = Cell(assigned=mine is not None, assignment=mine)
            if mine is not None:
                column_of[(student.pk, mine.pk)] = n
    takes = Recording.objects.filter(assignment__classroom=classroom, status="done").annotate(
        grade=Coalesce("teacher_score_percent", "score_percent"),
        teacher_scored=ExpressionWrapper(Q(teacher_score_percent__isnull=False), output_field=BooleanField()),
    ).values_list("pk", "owner_id", "assignment_id", "grade", "queued_at", "is_late", "teacher_scored")
    attempts = QuizAttempt.objects.filter(assignment__classroom=classroom, submitted_at__isnull=False).annotate(
        teacher_scored=Value(False),
    ).values_list("pk", "student_id", "assignment_id", "score_percent", "submitted_at", "is_late", "teacher_scored")
    for page_name, rows in (("recording-detail", takes), ("attempt-detail", attempts)):
        for pk, student_id, assignment_id, score, at, late, teacher_scored in rows:
            column_index = column_of.get((student_id, assignment_id))
            if column_index is not None and at is not None:
                book.cells[(student_id, column_index)].add(score, at, late=late, page=reverse(page_name, args=[pk]),
                                                           teacher_scored=teacher_scored)
    return book
