"""Exercises (a target score to perform) and, later, recordings of them."""

from __future__ import annotations

import dataclasses
import re
import secrets
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from grading.analysis import verdicts
from grading.evidence import GradedNote
from tutor.demo_text import DemoTextMixin
from tutor.models import Assignment, Job, User, made_title_shown

#: A part name (as a score names its part) that an instrument plays: "Piano", "Alto Sax", "Violin I", "二胡".
INSTRUMENT_PART = re.compile(
    r"\b(?:piano|keyboard|organ|harpsichord|synth\w*|violin|viola|cello|violoncello|contrabass|double\s+bass|"
    r"string\s+bass|bass\s+guitar|guitar|ukulele|mandolin|banjo|harp|flute|piccolo|recorder|oboe|cor\s+anglais|"
    r"english\s+horn|clarinet|bassoon|sax\w*|trumpet|cornet|flugelhorn|horn|trombone|euphonium|tuba|marimba|"
    r"xylophone|vibraphone|glockenspiel|accordion|harmonica|melodica|instrument|(?:alto|tenor|baritone)\s*sax\w*)\b"
    r"|钢琴|键盘|风琴|电子琴|小提琴|中提琴|大提琴|低音提琴|吉他|尤克里里|竖琴|长笛|短笛|竖笛|双簧管|单簧管|黑管|大管|"
    r"萨克斯|小号|圆号|长号|大号|马林巴|木琴|手风琴|口琴|口风琴|二胡|笛子|古筝|琵琶|扬琴|唢呐|葫芦丝|乐器",
    re.IGNORECASE,
)
#: How a drill's ``understood`` says the instrument it was asked for (``generation.melody.request``).
DRILL_INSTRUMENT_PREFIXES = ("instrument:", "乐器：", "樂器：")


def score_upload_to(instance: Exercise | ScoreUpload, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "musicxml"
    return f"scores/{secrets.token_hex(12)}.{suffix}"


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def visible_to(self, user: User) -> ExerciseQuerySet:
        """Teachers see the exercises they own; students theirs (generated drills), those assigned to them,
        and those of a departed teacher that they have takes of (with the piece and parts they belong to)."""
        if user.is_teacher:
            return self.filter(owner=user)
        assigned = Assignment.objects.visible_to(user).filter(target_type__model="exercise")
        taken = Recording.objects.filter(owner=user).values("exercise_id")
        pieces_taken = self.model._default_manager.filter(pk__in=taken, parent__isnull=False).values("parent_id")
        # A departed teacher's piece comes with its parts, as an assigned one does.
        departed = models.Q(pk__in=taken) | models.Q(pk__in=pieces_taken) \
            | models.Q(parent_id__in=taken) | models.Q(parent_id__in=pieces_taken)
        # A part of an assigned piece (made when the student picks it in the studio) is assigned with it.
        return self.filter(models.Q(owner=user) | models.Q(pk__in=assigned.values("target_id"))
                           | models.Q(parent_id__in=assigned.values("target_id"))
                           | (models.Q(owner__isnull=True) & departed))

    def needed_by_takes(self) -> ExerciseQuerySet:
        """Those with a take, of their own or of one of their parts: deleting one would cascade into the takes."""
        takes = Recording.objects.all()
        return self.filter(models.Q(pk__in=takes.values("exercise_id"))
                           | models.Q(pk__in=takes.filter(exercise__parent__isnull=False).values("exercise__parent_id")))



def performed_by_voice(
    *, drill_params: dict[str, Any] | None, drill_understood: list[Any] | None, part_name: str, parts: list[Any] | None
) -> bool:
    """``Exercise.sung`` from the stored values alone (``drill_params`` None when the exercise is no drill), so
    a data migration's historical models can tell it too."""
    if drill_params is not None:
        return bool(drill_params.get("voice")) or not any(
            str(said).startswith(DRILL_INSTRUMENT_PREFIXES) for said in (drill_understood or []))
    names = [part_name] if part_name else [str(part[1]) for part in (parts or [])[:1] if len(part) > 1]
    return not any(INSTRUMENT_PART.search(name) for name in names)

class Exercise(DemoTextMixin):
    """Something to play or sing: a target score with its tempo and default tolerances."""

    ASSIGNABLE = True
    DEMO_TEXT_FIELDS = ("title",)

    # Null: the owner (a teacher) deleted their account while students' takes of this still stood; kept for
    # those students, and deleted with its files once their last take goes (``students.privacy``).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="exercises"
    )
    title = models.CharField(max_length=200)
    title_made = models.BooleanField(
        default=False, help_text="The tutor made the title (a drill's, a part's, an untitled saved melody's), not "
                                 "a person: shown in the reader's language.",
    )
    score = models.FileField(upload_to=score_upload_to, help_text="MusicXML (.musicxml, .xml, .mxl) or MIDI")
    tempo = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(20), MaxValueValidator(400)],
        help_text="Beats per minute; empty: the score's own tempo.",
    )
    tolerance_cents = models.PositiveSmallIntegerField(default=25)
    wrong_cents = models.PositiveSmallIntegerField(default=50)
    tolerance_ms = models.PositiveSmallIntegerField(default=100)
    key = models.CharField(
        max_length=32, blank=True, help_text='The key notes are spelled in, e.g. "G major"; found on first grading.'
    )
    # One part of a multi-part piece, practised with the other parts playing: its score is that part alone.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="part_exercises")
    part_number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 is the piece's first part.")
    part_name = models.CharField(max_length=100, blank=True)
    # The backing the studio plays: chords picked per bar (the pickup bar first; "IV V" changes at mid-bar;
    # empty: the harmoniser's) in an accompaniment style (empty: block chords). A melody saved from a
    # transcription keeps its own.
    chords = models.JSONField(default=list, blank=True, help_text='One chord figure per bar, e.g. ["I", "IV", "V", "I"].')
    accompaniment_style = models.CharField(max_length=16, blank=True, help_text="Empty: block chords.")
    # Read with the score, in the sandbox (never by music21 in the web process); null: not read yet.
    parts = models.JSONField(
        null=True, blank=True, help_text='The score\'s parts as [[number, name, notes], ...]; null until read.'
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["parent", "part_number"], name="one_exercise_per_part")]

    def __str__(self) -> str:
        # As a reader sees it (the assignment form's list of exercises, the admin): a drill's title in their
        # language. Code that copies a title copies ``title``, which stays as stored.
        return self.title_shown

    @property
    def title_shown(self) -> str:
        """The title in the page's language where the tutor made it (``tutor.models.made_title_shown``); as typed
        where someone typed it (an uploaded score's title, a melody's, and the piece's title in a part's)."""
        return made_title_shown(self.title, part_name=self.part_name) if self.title_made else self.title

    @property
    def sung(self) -> bool:
        """Whether a voice performs this, so feedback says "you sang" (else "you played").

        Sung unless an instrument is named: this is a sight-singing tutor, a drill is written for a voice (its
        default range is a treble voice's) and a transcribed melody was sung into the microphone. A drill asked
        for an instrument, or a score whose part is named for one ("Piano", "Alto Sax", "二胡"), is played.
        """
        drill = getattr(self, "drill", None)
        return performed_by_voice(drill_params=None if drill is None else drill.params,
                                  drill_understood=None if drill is None else drill.understood,
                                  part_name=self.part_name, parts=self.parts)

    @property
    def media_folder(self) -> str:
        """Storage folder of the media made from this exercise (the studio's notation and audio); they go with it."""
        return f"studio/exercises/{self.pk}"


class ScoreUploadQuerySet(models.QuerySet["ScoreUpload"]):
    def visible_to(self, user: User) -> ScoreUploadQuerySet:
        """Only the teacher who uploaded a score sees it while it is read (and why it was refused)."""
        return self.filter(owner=user)

    def in_flight(self) -> ScoreUploadQuerySet:
        return self.filter(status__in=[ScoreUpload.Status.QUEUED, ScoreUpload.Status.RUNNING])


class ScoreUpload(Job):
    """A teacher's score that could not be read within the request's budget, read by a worker instead.

    The file is stored as uploaded and kept until the worker decides: read in the
    sandbox with the worker's limits, it becomes the ``exercise`` (which takes the
    stored file over); refused, the row keeps the reason (``refused``) and the file
    is deleted, as a refusal in the request stores nothing. Any other failure keeps
    the file.
    """

    TASK_NAME = "grading.tasks.read_score"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="score_uploads")
    title = models.CharField(max_length=200)
    tempo = models.FloatField(null=True, blank=True, validators=[MinValueValidator(20), MaxValueValidator(400)])
    score = models.FileField(upload_to=score_upload_to, blank=True, help_text="As uploaded; empty once refused.")
    original_name = models.CharField(max_length=200, blank=True)
    refused = models.BooleanField(default=False, help_text="Failed because the score cannot be graded against.")
    exercise = models.OneToOneField(
        Exercise, on_delete=models.SET_NULL, null=True, blank=True, related_name="upload",
        help_text="The exercise the score became, once read.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScoreUploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return f"score upload {self.pk} ({self.title}, {self.status})"


def recording_upload_to(instance: Recording, filename: str) -> str:
    # Never trust the client's file name: a random name in the owner's folder.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if suffix not in AUDIO_SUFFIXES:
        suffix = "bin"
    return f"recordings/{instance.owner_id}/{secrets.token_hex(12)}.{suffix}"


AUDIO_SUFFIXES = {"wav", "flac", "ogg", "oga", "opus", "webm", "mp3", "m4a", "aac", "mp4", "bin"}


#: The longest comment a teacher may leave on a take (characters).
TEACHER_COMMENT_MAX_CHARS = 2000


class RecordingQuerySet(models.QuerySet["Recording"]):
    def visible_to(self, user: User) -> RecordingQuerySet:
        """A student sees their own takes; a teacher those made for their assignments."""
        if user.is_teacher:
            return self.filter(models.Q(owner=user) | models.Q(assignment__classroom__teacher=user))
        return self.filter(owner=user)

    def teacher_mark_unread(self, student: User) -> RecordingQuerySet:
        """The student's takes their teacher commented on or scored since the student last opened them."""
        return self.filter(owner=student, teacher_marked_at__isnull=False).filter(
            models.Q(teacher_mark_seen_at__isnull=True) | models.Q(teacher_mark_seen_at__lt=models.F("teacher_marked_at")))


class Recording(Job):
    """A student's take of an exercise, graded by a worker into per-note results."""

    RUNNING_STATUS = "analyzing"
    TASK_NAME = "grading.tasks.analyze_recording"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        ANALYZING = "analyzing", "Analyzing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recordings")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="recordings")
    assignment = models.ForeignKey(
        "tutor.Assignment", on_delete=models.SET_NULL, null=True, blank=True, related_name="recordings"
    )
    audio = models.FileField(upload_to=recording_upload_to, max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    upload_key = models.CharField(
        max_length=64, blank=True,
        help_text="Made by the page (or an API client) once per take: a retried or doubled upload carrying it "
                  "gets the first take back instead of making a second.",
    )
    size_bytes = models.PositiveBigIntegerField(default=0)
    duration_seconds = models.FloatField(null=True, blank=True)
    # The grading options in force when the take arrived (the assignment's, else the exercise's).
    options = models.JSONField(default=dict)
    result = models.JSONField(null=True, blank=True)
    # The take's grade, 0..100 (the summary's ``score`` in the result); ``score`` alone is the exercise's file.
    score_percent = models.FloatField(null=True, blank=True, db_column="score")
    is_late = models.BooleanField(default=False)
    # The class's teacher's word on the take (``grading.review.recording_mark``): a comment to the student and,
    # if they chose, a score of their own. ``score_percent`` stays the grader's; the gradebook counts the teacher's.
    teacher_score_percent = models.FloatField(null=True, blank=True, db_column="teacher_score",
                                              validators=[MinValueValidator(0), MaxValueValidator(100)])
    teacher_comment = models.TextField(max_length=TEACHER_COMMENT_MAX_CHARS, blank=True)
    teacher_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    teacher_marked_at = models.DateTimeField(null=True, blank=True)
    # When the student last opened the take's page: a mark made after it is news to them (``teacher_mark_unread``).
    teacher_mark_seen_at = models.DateTimeField(null=True, blank=True)
    # When the class's teacher first opened the graded take's page: the student reads "your teacher has seen
    # it", the teacher's queue marks the takes they have not opened yet as new. One field is enough: a take is
    # made for one class, and only its teacher sees it as a teacher. A take the teacher made themselves is never
    # "seen" or "new": those marks are between a student and their teacher.
    teacher_seen_at = models.DateTimeField(null=True, blank=True)

    objects = RecordingQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at"]
        indexes = [models.Index(fields=["owner", "exercise"]), models.Index(fields=["assignment", "owner"])]
        constraints = [
            models.UniqueConstraint(fields=["owner", "upload_key"], condition=~models.Q(upload_key=""),
                                    name="recording_one_take_per_upload_key"),
        ]

    def __str__(self) -> str:
        return f"take {self.pk} of {self.exercise} by {self.owner} ({self.status})"

    @property
    def teacher_mark_unread(self) -> bool:
        """The teacher commented on or scored the take since its student last opened its page."""
        return self.teacher_marked_at is not None and (
            self.teacher_mark_seen_at is None or self.teacher_mark_seen_at < self.teacher_marked_at)

    @property
    def by_class_teacher(self) -> bool:
        """Made by the teacher of the class it was made for (trying their own assignment), not by a student: it
        carries no "new" or "seen" marks and takes no comment or score, which are between a student and their
        teacher. Reads ``assignment.classroom``: select it with the take."""
        return self.assignment is not None and self.owner_id == self.assignment.classroom.teacher_id

    @property
    def grade_percent(self) -> float | None:
        """The score that counts: the teacher's where they set one, else the grader's."""
        return self.teacher_score_percent if self.teacher_score_percent is not None else self.score_percent


class NoteResult(models.Model):
    """One target note of a graded take: the gradebook and skill profile query these."""

    class Pitch(models.TextChoices):
        OK = "ok"
        FLAT = "flat"
        SHARP = "sharp"
        WRONG = "wrong"
        MISSED = "missed"

    class Timing(models.TextChoices):
        OK = "ok"
        EARLY = "early"
        LATE = "late"
        MISSED = "missed"

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="notes")
    index = models.PositiveIntegerField()
    bar = models.PositiveIntegerField(default=1)
    target_midi = models.SmallIntegerField()
    target_onset = models.FloatField(help_text="Seconds from the first target note at the graded tempo.")
    target_duration = models.FloatField(help_text="Seconds.")
    sung_midi = models.FloatField(null=True, blank=True)
    cents = models.FloatField(null=True, blank=True)
    onset = models.FloatField(null=True, blank=True, help_text="Seconds into the audio file.")
    timing_error = models.FloatField(null=True, blank=True, help_text="Seconds; negative is early.")
    confidence = models.FloatField()
    pitch = models.CharField(max_length=8, choices=Pitch.choices)
    timing = models.CharField(max_length=8, choices=Timing.choices)
    follows_rest = models.BooleanField(default=False)
    # A teacher's review: the verdicts above are then the teacher's; the grader's are kept here.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    graded_pitch = models.CharField(max_length=8, blank=True)
    graded_timing = models.CharField(max_length=8, blank=True)

    class Meta:
        ordering = ["recording", "index"]
        constraints = [models.UniqueConstraint(fields=["recording", "index"], name="one_result_per_note")]
        indexes = [models.Index(fields=["confidence"])]

    def __str__(self) -> str:
        return f"note {self.index} of recording {self.recording_id}: {self.pitch}/{self.timing}"

    @property
    def reviewed(self) -> bool:
        return self.reviewed_at is not None

    @classmethod
    def from_graded(cls, recording: Recording, note: verdicts.NoteResult) -> NoteResult:
        """The row for a note the grader returned: every field of the grader's NoteResult, as it is."""
        return cls(recording=recording, **dataclasses.asdict(note))

    def graded(self) -> GradedNote:
        """This row as the grader's NoteResult (the verdicts a teacher may have set), with ``reviewed``."""
        return GradedNote(**{f.name: getattr(self, f.name) for f in dataclasses.fields(verdicts.NoteResult)},
                          reviewed=self.reviewed)


class NoteAudioAccess(models.Model):
    """Who listened to the audio around a graded note, and when (teachers reviewing a take)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(NoteResult, on_delete=models.CASCADE, related_name="audio_accesses")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user} heard {self.note} at {self.at:%Y-%m-%d %H:%M}"


def range_test_upload_to(instance: RangeTest, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"range-tests/{instance.owner_id}/{secrets.token_hex(12)}.{suffix if suffix in AUDIO_SUFFIXES else 'bin'}"


class RangeTest(Job):
    """A student sings from their lowest to their highest comfortable note; a worker measures the range."""

    TASK_NAME = "grading.tasks.measure_range"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="range_tests")
    audio = models.FileField(upload_to=range_test_upload_to, max_length=200)
    low_midi = models.PositiveSmallIntegerField(null=True, blank=True)
    high_midi = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"range test {self.pk} by {self.owner} ({self.status})"

    def requeue_resets(self) -> dict[str, Any]:
        return {"low_midi": None, "high_midi": None}


def transcription_upload_to(instance: Transcription, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"transcriptions/{instance.owner_id}/{secrets.token_hex(12)}.{suffix if suffix in AUDIO_SUFFIXES else 'bin'}"


class Transcription(Job):
    """A melody sung or played with no score, turned into notes by a worker (``grading.analysis.transcribe``).

    ``result`` is the transcription's JSON with details (pickup, positions); ``progress`` (0-100) and
    ``stage`` say how far the worker is. The student's corrections are applied to ``result`` and
    flagged on each note (``"edited": true``). ``version`` counts the changes to ``result``: a correction
    names the version it was made on and is saved only if that is still the row's (``save_result``), so a
    page left open in another tab cannot overwrite a newer correction unseen.
    """

    TASK_NAME = "grading.tasks.transcribe_take"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transcriptions")
    title = models.CharField(max_length=200, blank=True)
    audio = models.FileField(upload_to=transcription_upload_to, max_length=200)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=40, blank=True)
    result = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(
        default=0, help_text="Counts the changes to result (a transcription, each correction saved).")

    class Meta:
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"transcription {self.pk} by {self.owner} ({self.status})"

    def save_result(self, result: dict[str, Any], *, version: int) -> bool:
        """Store ``result`` as the next version if the row is still at ``version`` (a conditional UPDATE, so
        of two saves made on the same version exactly one lands); False, and nothing written, otherwise."""
        saved = type(self)._default_manager.filter(pk=self.pk, version=version).update(
            result=result, version=version + 1)
        if saved:
            self.result, self.version = result, version + 1
        return bool(saved)

    def requeue_resets(self) -> dict[str, Any]:
        return {"progress": 0, "stage": "", "result": None}
