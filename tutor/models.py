"""People, classes, assignments, and the base for rows that a Celery task works on."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from music.words import drill_title_in
from tutor import hant
from tutor.demo_text import DemoTextMixin

# Join codes avoid letters and digits that read alike (0/O, 1/I/L).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class User(AbstractUser):
    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")

    class Notation(models.TextChoices):
        STAFF = "staff", _("Staff")
        JIANPU = "jianpu", _("Numbered notation (jianpu)")
        BOTH = "both", _("Both")

    class NoteNames(models.TextChoices):
        LETTERS = "letters", _("Letter names (F#4)")
        NUMBERS = "numbers", _("Movable-do numbers (♯4)")
        SYLLABLES = "syllables", _("Movable-do syllables (♯fa)")

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.STUDENT)
    # Empty: the browser's language decides. Set: the site speaks this whatever the browser asks.
    language = models.CharField(max_length=16, choices=settings.LANGUAGES, blank=True, default="")
    notation = models.CharField(max_length=8, choices=Notation.choices, default=Notation.STAFF)
    note_names = models.CharField(max_length=12, choices=NoteNames.choices, default=NoteNames.LETTERS)
    # The singing range measured by the range test (MIDI numbers); empty until measured.
    range_low_midi = models.PositiveSmallIntegerField(null=True, blank=True)
    range_high_midi = models.PositiveSmallIntegerField(null=True, blank=True)
    range_measured_at = models.DateTimeField(null=True, blank=True)

    @property
    def voice_range(self) -> tuple[int, int] | None:
        """(lowest, highest) MIDI note the student sang in the range test, or None."""
        if self.range_low_midi is None or self.range_high_midi is None:
            return None
        return self.range_low_midi, self.range_high_midi

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT


def students_visible_to(user: User) -> models.QuerySet[User]:
    """Students whose profile ``user`` may see: themselves, or those enrolled in a class they teach."""
    if user.is_teacher:
        return User.objects.filter(role=User.Role.STUDENT, enrollments__classroom__teacher=user).distinct()
    return User.objects.filter(pk=user.pk)


class ClassroomQuerySet(models.QuerySet["Classroom"]):
    def visible_to(self, user: User) -> ClassroomQuerySet:
        """Teachers see the classes they teach; students the classes they belong to."""
        if user.is_teacher:
            return self.filter(teacher=user)
        return self.filter(enrollments__student=user)


class Classroom(DemoTextMixin):
    DEMO_TEXT_FIELDS = ("name",)

    name = models.CharField(max_length=120)
    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="classrooms_taught")
    join_code = models.CharField(max_length=16, unique=True, default=new_join_code)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClassroomQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def has_student(self, user: User) -> bool:
        return self.enrollments.filter(student=user).exists()


class Enrollment(models.Model):
    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="enrollments")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["classroom", "student"], name="one_enrollment_per_student")]
        ordering = ["student__username"]

    def __str__(self) -> str:
        return f"{self.student} in {self.classroom}"


def assignable_models() -> list[type[models.Model]]:
    """Models an assignment may point at: those that declare ``ASSIGNABLE = True``.

    A later app (quizzes, lessons, generated drills) makes its model assignable by
    declaring the flag, a ``title`` and ``owner_id``; Assignment never changes.
    """
    return [model for model in django_apps.get_models() if getattr(model, "ASSIGNABLE", False)]


def assignable_content_types() -> list[ContentType]:
    return list(ContentType.objects.get_for_models(*assignable_models()).values())


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def visible_to(self, user: User) -> AssignmentQuerySet:
        """Teachers see assignments in their classes; a student sees those for the
        whole class they are enrolled in and those addressed to them alone."""
        if user.is_teacher:
            return self.filter(classroom__teacher=user)
        return self.filter(classroom__enrollments__student=user).filter(
            Q(student__isnull=True) | Q(student=user)
        )


#: Titles the tutor gives assignments and exercises of its own words (stored in English, shown in the reader's
#: language): a weak-spot set, a melody saved from a transcription with no title typed.
WEAK_SPOTS_TITLE = gettext_noop("Your weak spots")
MY_MELODY_TITLE = gettext_noop("My melody")
MADE_TITLES = (WEAK_SPOTS_TITLE, MY_MELODY_TITLE)
#: The name a score reader gives a part that has none (``grading.analysis.target._part_name``).
_UNNAMED_PART = re.compile(r"Part (?P<number>\d+)")


def made_title_shown(title: str, *, part_name: str = "") -> str:
    """A title the tutor made, in the page's language; one it cannot read back is shown as stored.

    The tutor's own words (``MADE_TITLES``), a drill's title ("Melody in C major, 8 bars (level 2)", made
    in its maker's language), and a part's title ("Duet: Part 2", the piece's title and the part's name):
    the piece's title stays as typed, a part's own name (from the score) as written, and only an unnamed
    part's "Part 2" is said in the reader's words.
    """
    if title in MADE_TITLES:
        return gettext(title)
    drill = drill_title_in(title, chinese=(get_language() or "").startswith("zh"))
    if drill is not None:
        return hant.in_page_script(drill)
    suffix = f": {part_name}"
    if part_name and title.endswith(suffix) and len(title) > len(suffix):
        piece = made_title_shown(title[: -len(suffix)])
        return gettext("%(piece)s: %(part)s") % {"piece": piece, "part": part_name_shown(part_name)}
    return title


def part_name_shown(name: str) -> str:
    """A part's name as the score writes it; an unnamed part's "Part 2" in the page's language."""
    unnamed = _UNNAMED_PART.fullmatch(name)
    return gettext("Part %(number)s") % {"number": unnamed["number"]} if unnamed else name


#: The years a due date may fall in. Times are read and shown in the reader's zone (``BrowserTimeZoneMiddleware``):
#: year 1 or 9999 typed in Beijing or New York cannot be stored in UTC, and one stored at 9999-12-31 23:00 UTC
#: cannot be shown in Beijing, so every page that shows it failed. A teacher's "9999" means "no due date".
DUE_YEARS = (2000, 2999)


def validate_due_date(value: datetime | None) -> None:
    """Refuse a due date outside ``DUE_YEARS`` (read as typed, in the zone it was typed in)."""
    if value is not None and not DUE_YEARS[0] <= value.year <= DUE_YEARS[1]:
        raise ValidationError(
            _("A due date falls between the years %(first)d and %(last)d; leave it empty for no due date."),
            code="due_date_out_of_range", params={"first": DUE_YEARS[0], "last": DUE_YEARS[1]})


class Assignment(DemoTextMixin):
    """Work set by a teacher for a class, or for one student of that class."""

    DEMO_TEXT_FIELDS = ("title",)

    classroom = models.ForeignKey(Classroom, on_delete=models.CASCADE, related_name="assignments")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_assignments",
        help_text="Empty: the whole class. Set: this student only.",
    )
    title = models.CharField(max_length=200)
    title_made = models.BooleanField(
        default=False, help_text="The tutor made the title (a drill's, or its own words), not the teacher: "
                                 "shown in the reader's language.",
    )
    instructions = models.TextField(blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    due_at = models.DateTimeField(null=True, blank=True, validators=[validate_due_date])
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Empty: unlimited."
    )
    tolerance_cents = models.PositiveSmallIntegerField(
        default=25, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    wrong_cents = models.PositiveSmallIntegerField(
        default=50, validators=[MinValueValidator(2), MaxValueValidator(200)]
    )
    tolerance_ms = models.PositiveSmallIntegerField(
        default=100, validators=[MinValueValidator(10), MaxValueValidator(2000)]
    )
    free_tempo = models.BooleanField(default=False, help_text="Grade pitch and order only.")
    any_key = models.BooleanField(default=False, help_text="Grade relative pitch from the student's own key.")
    # The per-student assignments of one personalised drill share a group: one gradebook column.
    group = models.UUIDField(
        null=True, blank=True, db_index=True, help_text="Shared by the per-student assignments of one personalised set."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_at").asc(nulls_last=True), "-created_at"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(wrong_cents__gt=models.F("tolerance_cents")), name="wrong_band_above_tolerance"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title_shown(self) -> str:
        """The title in the page's language where the tutor made it; as typed where a teacher typed it.

        A drill's title is made in its maker's language ("Melody in C major, 8 bars (level 2)" from a teacher's
        English page) and copied here, so a Chinese student read English: a made title is made again in the
        reader's language, as is a part's or a saved melody's copied from its exercise (``made_title_shown``).
        Any other title (typed, or copied from an uploaded score's) stays as it is.
        """
        if not self.title_made:
            return self.title
        shown = made_title_shown(self.title)
        if shown == self.title and ": " in self.title and self.kind == "exercise":
            # A part's title copied from its exercise ("Duet: Part 2"): the exercise knows the part's name.
            target = self.target
            if target is not None and getattr(target, "title", None) == self.title:
                return str(target.title_shown)
        return shown

    @property
    def kind(self) -> str:
        return self.target_type.model

    def is_late(self, when: Any = None) -> bool:
        return self.due_at is not None and (when or timezone.now()) > self.due_at


class Job(models.Model):
    """A row that a Celery task works on: queued, claimed once, done or failed.

    Tasks claim the row with a conditional UPDATE (``claim``), so a second
    delivery of the same message finds nothing to do; the periodic sweeper
    re-queues rows whose worker vanished.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # Subclasses may name their running state after what it does ("analyzing").
    RUNNING_STATUS: ClassVar[str] = "running"
    # What a page shows for each status, in the reader's language.
    STATUS_LABELS: ClassVar[dict[str, Any]] = {
        "queued": _("queued"), "running": _("running"), "analyzing": _("analyzing"),
        "done": _("done"), "failed": _("failed"),
    }

    status = models.CharField(max_length=16, default="queued", db_index=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Renewed every few seconds while a worker runs the job (tutor.jobs)."
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    #: How a run ends that is not the input's fault (``tutor.jobs._attempt``; ``claim`` and the sweeper give up
    #: on a row whose workers kept dying): another run may get through. Any other failure (a recording that is
    #: silent, too long or cannot be decoded) is the input's, and a run on the same input fails the same way.
    TRANSIENT_FAILURES: ClassVar[tuple[re.Pattern[str], ...]] = (
        re.compile(r"This took longer than \d+ s and was stopped\."),
        re.compile(r"Something went wrong on our side \(\w+\); please try again\."),
        re.compile(r"Gave up after \d+ attempts\."),
    )

    @property
    def status_label(self) -> str:
        return str(self.STATUS_LABELS.get(self.status, self.status))

    #: A job queued this long has not been picked up by a worker that is merely busy with one take: the page
    #: says the work is kept and will be done when a worker is free (or back), instead of "waiting" for ever.
    LONG_WAIT: ClassVar[timedelta] = timedelta(seconds=30)

    @property
    def waiting_long(self) -> bool:
        """Still queued ``LONG_WAIT`` after it was queued: every worker is busy, or none is running."""
        return self.status == "queued" and timezone.now() - self.queued_at > self.LONG_WAIT

    @property
    def retryable(self) -> bool:
        """Failed in a way another run may not (a worker lost, a time limit, a fault of ours): worth retrying."""
        return self.status == "failed" and any(p.fullmatch(self.error.strip()) for p in self.TRANSIENT_FAILURES)

    # The Celery task that works on a row, as "app.tasks.name"; the sweeper uses it.
    TASK_NAME: ClassVar[str] = ""

    @classmethod
    def claim(cls, pk: int, *, take_over_started_before: datetime | None = None, max_attempts: int = 3) -> bool:
        """Move a queued row to running; False when there is nothing to do.

        A second delivery of the same message finds the row running or finished
        and leaves it alone, unless the running claim's last heartbeat (its
        start, before the first) came before ``take_over_started_before``: its
        worker is known dead (the broker redelivered the message) or has gone
        silent. A row that has used up ``max_attempts`` is failed here rather
        than run again.
        """
        now = timezone.now()
        claimable = Q(status="queued")
        if take_over_started_before is not None:
            claimable |= Q(status=cls.RUNNING_STATUS) & cls._silent_since(take_over_started_before)
        rows = cls._default_manager.filter(claimable, pk=pk)
        if rows.filter(attempts__gte=max_attempts).update(
            status="failed", finished_at=now, error=f"Gave up after {max_attempts} attempts."
        ):
            return False
        claimed = rows.update(
            status=cls.RUNNING_STATUS, started_at=now, heartbeat_at=now, attempts=models.F("attempts") + 1
        )
        return claimed == 1

    @staticmethod
    def _silent_since(cutoff: datetime) -> Q:
        """Running rows with no sign of life since ``cutoff``: no heartbeat since then (or none, started before)."""
        return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)

    @classmethod
    def beat(cls, pk: int, *, attempt: int) -> bool:
        """Renew the heartbeat of claim number ``attempt``; False when that claim is no longer the row's."""
        return bool(
            cls._default_manager.filter(pk=pk, status=cls.RUNNING_STATUS, attempts=attempt).update(
                heartbeat_at=timezone.now()
            )
        )

    def mark_done(self) -> None:
        self.status = "done"
        self.error = ""
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])

    def mark_failed(self, *, reason: str) -> None:
        self.status = "failed"
        self.error = reason[:2000]
        self.finished_at = timezone.now()
        self.save(update_fields=["status", "error", "finished_at"])

    def requeue_failed(self) -> bool:
        """Put a failed row back in the queue as if new (its attempts too); False when it is not failed now.

        A conditional UPDATE: two clicks on "try again" queue it once. What a subclass's earlier run
        left behind is cleared with it (``requeue_resets``).
        """
        now = timezone.now()
        fresh = {"status": "queued", "error": "", "attempts": 0, "queued_at": now, "started_at": None,
                 "heartbeat_at": None, "finished_at": None, **self.requeue_resets()}
        if not type(self)._default_manager.filter(pk=self.pk, status="failed").update(**fresh):
            return False
        for name, value in fresh.items():
            setattr(self, name, value)
        return True

    def requeue_resets(self) -> dict[str, Any]:
        """Fields a failed run may have half-written, with the values a new row has (see ``requeue_failed``)."""
        return {}

    def requeue(self) -> None:
        self.status = "queued"
        self.queued_at = timezone.now()
        self.save(update_fields=["status", "queued_at"])

    @classmethod
    def stale(cls, *, older_than: timedelta, silent_for: timedelta | None = None) -> models.QuerySet[Any]:
        """Rows queued longer than ``older_than``, and running rows whose heartbeat stopped ``silent_for`` ago."""
        now = timezone.now()
        silent_cutoff = now - (silent_for if silent_for is not None else older_than)
        return cls._default_manager.filter(
            Q(status="queued", queued_at__lt=now - older_than)
            | (Q(status=cls.RUNNING_STATUS) & cls._silent_since(silent_cutoff))
        )


class SkillEvidence(models.Model):
    """One right-or-wrong observation of a student's skill, from a quiz answer or a graded note."""

    class Source(models.TextChoices):
        QUIZ = "quiz", "Quiz answer"
        NOTE = "note", "Graded note"

    student = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence")
    tag = models.CharField(max_length=64, help_text="A skill tag such as pc:F#@G, int:+m6, clef:bass.")
    correct = models.BooleanField()
    detail = models.CharField(max_length=120, blank=True, help_text='What happened, e.g. "38 cents flat".')
    source = models.CharField(max_length=8, choices=Source.choices)
    source_id = models.PositiveBigIntegerField(help_text="The answer's or the graded note's id.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["student", "tag", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id", "tag"], name="one_evidence_per_source_and_tag")
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.tag} {'right' if self.correct else 'wrong'}"


def export_upload_to(instance: DataExport, filename: str) -> str:
    return f"exports/{instance.owner_id}/{secrets.token_hex(8)}-{filename}"


class DataExport(Job):
    """A zip of everything the tutor holds about one person, built by a worker."""

    TASK_NAME = "students.tasks.build_data_export"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports",
        help_text="Whose data this is.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Who asked for it: the person, or one of their teachers.",
    )
    file = models.FileField(upload_to=export_upload_to, blank=True)

    class Meta:
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"export {self.pk} for {self.owner} ({self.status})"


class AccessLog(models.Model):
    """Someone other than the owner opened a student's recording (a teacher, staff in the admin)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(max_length=32, help_text='e.g. "recording-audio", "note-audio".')
    object_type = models.CharField(max_length=32)
    object_id = models.PositiveBigIntegerField()
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="accesses_to_my_data",
        help_text="Whose data was opened.",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "at"])]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.object_type} {self.object_id} at {self.at:%Y-%m-%d %H:%M}"
