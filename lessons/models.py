"""Lessons (rows mirroring the Markdown curriculum), quizzes, attempts and the questions served in them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lessons.questions import GENERATOR_VERSION
from tutor.models import Assignment, User


class LessonQuerySet(models.QuerySet["Lesson"]):
    def visible_to(self, user: User) -> LessonQuerySet:
        """The curriculum is open to everyone signed in; lessons whose file went away are hidden."""
        return self.filter(active=True)


class Lesson(models.Model):
    """A curriculum lesson as a row, so it can be assigned; the text stays in ``lessons/content``.

    Rows are synced from the files (``lesson_sync``): a lesson whose file disappears is
    marked inactive rather than deleted, so assignments pointing at it survive. Lessons
    belong to everyone, so they have no owner: any teacher may assign them.
    """

    ASSIGNABLE = True

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    unit = models.CharField(max_length=32)
    order = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0, help_text="Place in the whole curriculum.")
    tags = models.JSONField(default=list)
    exercises = models.JSONField(default=list, help_text="Question types that practise this lesson.")
    active = models.BooleanField(default=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lesson-detail", args=[self.slug])


class QuizQuerySet(models.QuerySet["Quiz"]):
    def visible_to(self, user: User) -> QuizQuerySet:
        """Teachers see the quizzes they built; students those assigned to them, and those of a departed
        teacher that they have sat (their attempts stay, so the quiz they link to does)."""
        if user.is_teacher:
            return self.filter(owner=user)
        assigned = Assignment.objects.visible_to(user).filter(target_type__app_label="lessons",
                                                              target_type__model="quiz")
        sat = QuizAttempt.objects.filter(student=user).values("quiz_id")
        return self.filter(Q(pk__in=assigned.values("target_id")) | (Q(owner__isnull=True) & Q(pk__in=sat)))

    def needed_by_attempts(self) -> QuizQuerySet:
        """Those someone has sat: deleting one would cascade into the attempts."""
        return self.filter(pk__in=QuizAttempt.objects.filter(quiz__isnull=False).values("quiz_id"))


class Quiz(models.Model):
    """A teacher's quiz: question types with parameters and counts, run in practice or test mode."""

    ASSIGNABLE = True

    class Mode(models.TextChoices):
        PRACTICE = "practice", _("Practice (feedback after each answer)")
        TEST = "test", _("Test (timed, feedback at the end)")

    # Null: the teacher deleted their account while students' attempts at this still stood; kept for those
    # attempts, and deleted once the last one goes (``students.privacy``).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="quizzes"
    )
    title = models.CharField(max_length=200)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.PRACTICE)
    time_limit_seconds = models.PositiveIntegerField(null=True, blank=True, help_text="Test mode; empty: untimed.")
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Test mode; empty: unlimited. An assignment's own limit wins."
    )
    items = models.JSONField(help_text='[{"kind": ..., "params": {...}, "count": n}, ...]')
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "quizzes"

    def __str__(self) -> str:
        return self.title

    @property
    def question_count(self) -> int:
        return sum(int(item["count"]) for item in self.items)

    @property
    def is_test(self) -> bool:
        return self.mode == self.Mode.TEST

    @property
    def time_limit_shown(self) -> str:
        """The time limit as a teacher set it, in minutes ("5 min"; the page said "300 s"); "" when untimed."""
        if not self.time_limit_seconds:
            return ""
        minutes, seconds = divmod(self.time_limit_seconds, 60)
        if not minutes:
            return gettext("%(seconds)d s") % {"seconds": seconds}
        if not seconds:
            return gettext("%(minutes)d min") % {"minutes": minutes}
        return gettext("%(minutes)d min %(seconds)d s") % {"minutes": minutes, "seconds": seconds}


class QuizAttemptQuerySet(models.QuerySet["QuizAttempt"]):
    def visible_to(self, user: User) -> QuizAttemptQuerySet:
        """A student sees their own attempts; a teacher their own (previews), those on their
        quizzes and those made for assignments in their classes."""
        if user.is_teacher:
            return self.filter(
                Q(student=user) | Q(quiz__owner=user) | Q(assignment__classroom__teacher=user)
            ).distinct()
        return self.filter(student=user)

    def summary(self) -> list[dict[str, Any]]:
        """Per student (by name): attempts made, best and latest submitted score, the latest attempt.

        Called on ``assignment.quiz_attempts`` from the assignment page; two queries in all.
        """
        rows = list(
            self.filter(submitted_at__isnull=False).values("student_id", "student__username")
            .annotate(attempts=Count("id"), best=Max("score_percent"), last_submitted=Max("submitted_at"))
            .order_by("student__username")
        )
        latest: dict[int, QuizAttempt] = {}
        for attempt in self.filter(submitted_at__isnull=False).order_by("submitted_at"):
            latest[attempt.student_id] = attempt
        return [
            {"student_id": r["student_id"], "username": r["student__username"], "attempts": r["attempts"],
             "best": r["best"], "latest": latest[r["student_id"]].score_percent, "latest_attempt": latest[r["student_id"]]}
            for r in rows
        ]


class QuizAttempt(models.Model):
    """One sitting: of a quiz (practice or test), or of adaptive practice (no quiz).

    A test's ``deadline`` is enforced on the server; an attempt ends when submitted or,
    for a timed test, at the deadline (closed lazily on the next request and by a task).
    """

    class Mode(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        TEST = "test", _("Test")
        ADAPTIVE = "adaptive", _("Adaptive practice")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, null=True, blank=True, related_name="attempts")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    assignment = models.ForeignKey(
        "tutor.Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="quiz_attempts"
    )
    # The quiz's mode when the attempt began (a later edit of the quiz does not change a sitting).
    mode = models.CharField(max_length=16, choices=Mode.choices)
    # Adaptive practice: the question types to choose from (empty: all).
    kinds = models.JSONField(default=list, blank=True)
    # Adaptive practice from a lesson: parameters per question type that keep it to what the lesson taught
    # ({"note_identify": {"clefs": ["treble"]}} after the treble clef); empty: the types' defaults.
    params = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    timed_out = models.BooleanField(default=False)
    is_late = models.BooleanField(default=False)
    score_percent = models.FloatField(
        null=True, blank=True, db_column="score", help_text="Percent of the questions answered right."
    )
    correct_count = models.PositiveIntegerField(default=0)
    question_count = models.PositiveIntegerField(default=0)

    objects = QuizAttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["student", "quiz", "assignment"]),
            models.Index(fields=["assignment", "student"]),
        ]

    def __str__(self) -> str:
        what = self.quiz.title if self.quiz_id and self.quiz else "adaptive practice"
        return f"attempt {self.pk} at {what} by {self.student}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    @property
    def is_test(self) -> bool:
        return self.mode == self.Mode.TEST

    @property
    def gives_feedback_now(self) -> bool:
        """Practice and adaptive attempts show each answer's feedback at once; a test only at the end."""
        return not self.is_test or not self.is_open

    def is_expired(self, when: datetime | None = None) -> bool:
        return self.deadline is not None and (when or timezone.now()) > self.deadline

    def seconds_left(self, when: datetime | None = None) -> int | None:
        if self.deadline is None or not self.is_open:
            return None
        return max(0, int((self.deadline - (when or timezone.now())).total_seconds()))


def current_generator_version() -> int:
    """The version a question served now is drawn under (a callable, so a bump needs no migration)."""
    return GENERATOR_VERSION


class ServedQuestion(models.Model):
    """A question as served: enough to regenerate it (kind, params, seed, generator version), and the answer given.

    The question's answer is never stored or sent: the server regenerates the question from
    ``kind``, ``params`` and ``seed`` to check an answer. ``tags`` are kept for the skill
    profile and adaptive practice; like the seed, they never leave the server before answering.
    """

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=64)
    params = models.JSONField(default=dict)
    seed = models.BigIntegerField(help_text="Random, 63 bits.")
    generator_version = models.PositiveSmallIntegerField(
        default=current_generator_version,
        help_text="The generators' drawing rules when served: the question is drawn again under these.")
    tags = models.JSONField(default=list)
    served_at = models.DateTimeField(null=True, blank=True)
    answer_given = models.CharField(max_length=500, blank=True)
    correct = models.BooleanField(null=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="one_question_per_position")]

    def __str__(self) -> str:
        return f"question {self.position} of attempt {self.attempt_id} ({self.kind})"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
