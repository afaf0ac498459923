"""REST API for exercises and recordings (the contract in the architecture doc)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from grading import review, services
from grading.analysis.audio import ACCEPTED_FORMATS_TEXT
from grading.analysis.verdicts import note_name
from grading.failure_text import failure_text
from grading.feedback_text import NoteNamer, exercise_key, feedback_text
from grading.models import (
    TEACHER_COMMENT_MAX_CHARS,
    Exercise,
    NoteResult,
    RangeTest,
    Recording,
    ScoreUpload,
    Transcription,
)
from music.errors import MusicError
from music.pitch import parse_pitch
from tutor.api_errors import error_body
from tutor.errors import NotFound
from tutor.http import api_user
from tutor.models import Assignment, Classroom
from tutor.throttles import UploadThrottle


class ExerciseOutput(serializers.ModelSerializer[Exercise]):
    class Meta:
        model = Exercise
        fields = ["id", "title", "tempo", "tolerance_cents", "wrong_cents", "tolerance_ms", "chords", "accompaniment_style",
                  "created_at"]


class ExerciseDetailApi(APIView):
    @extend_schema(responses=ExerciseOutput)
    def get(self, request: Request, exercise_id: int) -> Response:
        exercise = get_object_or_404(Exercise.objects.visible_to(api_user(request)), pk=exercise_id)
        return Response(ExerciseOutput(exercise).data)


class FailureText(serializers.CharField):
    """Why a job failed, in the request's language (the row keeps the reason as written)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return failure_text(str(value)) if value else str(value or "")


class ScoreUploadOutput(serializers.ModelSerializer[ScoreUpload]):
    url = serializers.SerializerMethodField(help_text="Where to follow it: GET until status is done or failed.")
    error = serializers.SerializerMethodField(
        help_text='When failed: {"code", "message", "fields"}, the shape of an API error; null otherwise.'
    )

    class Meta:
        model = ScoreUpload
        fields = ["id", "title", "status", "exercise", "error", "url", "created_at", "finished_at"]

    def get_url(self, upload: ScoreUpload) -> str:
        return reverse("api-score-upload", args=[upload.pk])

    def get_error(self, upload: ScoreUpload) -> dict[str, Any] | None:
        if upload.status != ScoreUpload.Status.FAILED:
            return None
        if upload.refused:
            message = services.score_refusal(upload.error)
            return error_body("invalid", message, {"score": [message]})["error"]
        return error_body("failed", failure_text(upload.error))["error"]


class ScoreUploadListApi(APIView):
    """The teacher's score uploads that a worker reads (or read): those not read within the upload request."""

    @extend_schema(responses=ScoreUploadOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = ScoreUpload.objects.visible_to(api_user(request))[:100]
        return Response(ScoreUploadOutput(rows, many=True).data)


class ScoreUploadDetailApi(APIView):
    @extend_schema(responses=ScoreUploadOutput)
    def get(self, request: Request, upload_id: int) -> Response:
        upload = get_object_or_404(ScoreUpload.objects.visible_to(api_user(request)), pk=upload_id)
        return Response(ScoreUploadOutput(upload).data)


class Retryable(serializers.BooleanField):
    """Whether POST .../retry/ may help: a failure that was not the recording's (a worker lost, a time limit),
    its audio still kept. False for one the same recording would fail again (silent, too long, unreadable)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, source="*", help_text=self.__doc__, **kwargs)

    def to_representation(self, row: Any) -> bool:
        return bool(row.retryable and row.audio)


class TeacherMarkFields(serializers.ModelSerializer[Recording]):
    """The class's teacher's comment and score, added beside the grader's ``score`` (which keeps its meaning)."""

    teacher_score = serializers.FloatField(
        source="teacher_score_percent", allow_null=True, read_only=True,
        help_text="The class's teacher's score (0-100) where they set one; null otherwise.")
    teacher_comment = serializers.CharField(read_only=True, help_text="The class's teacher's comment; empty if none.")
    teacher_marked_at = serializers.DateTimeField(allow_null=True, read_only=True)
    teacher_seen_at = serializers.DateTimeField(
        allow_null=True, read_only=True,
        help_text="When the class's teacher first opened the graded take; null until then (or for a practice take).")
    grade = serializers.FloatField(
        source="grade_percent", allow_null=True, read_only=True,
        help_text="The score that counts in the gradebook: teacher_score where set, else score.")

    MARK_FIELDS = ["teacher_score", "teacher_comment", "teacher_marked_at", "teacher_seen_at", "grade"]


class RecordingOutput(TeacherMarkFields):
    error = FailureText()
    retryable = Retryable()
    score = serializers.FloatField(source="score_percent", allow_null=True, required=False)
    timing = serializers.SerializerMethodField(
        help_text="latency_ms and count_in_ms sent with the take; entry_ms: the first note against the count-in."
    )

    feedback = serializers.SerializerMethodField(
        help_text="The feedback lines in the request's language, made from the take's note verdicts (a teacher's "
                  "overrides included; result.feedback is the grader's English as it graded), notes named as the "
                  "signed-in person chose."
    )

    class Meta:
        model = Recording
        fields = [
            "id", "status", "error", "retryable", "result", "score", "exercise", "assignment", "duration_seconds",
            "is_late", "queued_at", "finished_at", "timing", "feedback", *TeacherMarkFields.MARK_FIELDS,
        ]

    def get_timing(self, recording: Recording) -> dict[str, float | None]:
        return services.recording_timing(recording)

    def get_feedback(self, recording: Recording) -> list[str]:
        result = recording.result or {}
        request = self.context.get("request")
        style = getattr(getattr(request, "user", None), "note_names", "letters")
        midis = [n["target_midi"] for n in result.get("notes", []) if "target_midi" in n]
        namer = NoteNamer(style=style, key=exercise_key(recording.exercise.key), midis=midis)
        rows = list(recording.notes.all()) if recording.status == Recording.Status.DONE else []
        return feedback_text(services.recording_feedback_lines(recording=recording, rows=rows), namer=namer)


class RecordingSummaryOutput(TeacherMarkFields):
    score = serializers.FloatField(source="score_percent", allow_null=True, required=False)

    class Meta:
        model = Recording
        fields = ["id", "status", "score", "exercise", "assignment", "is_late", "queued_at", "finished_at",
                  *TeacherMarkFields.MARK_FIELDS]


class RecordingListApi(APIView):
    parser_classes = [MultiPartParser, FormParser]
    throttle_classes = [UploadThrottle]

    class RecordingCreateInput(serializers.Serializer[dict[str, Any]]):
        audio = serializers.FileField(help_text=f"The take: {ACCEPTED_FORMATS_TEXT}.")
        exercise = serializers.IntegerField(required=False)
        assignment = serializers.IntegerField(required=False)
        latency_ms = serializers.FloatField(
            required=False, min_value=services.MIN_LATENCY_MS, max_value=services.MAX_LATENCY_MS,
            help_text="The device's measured round-trip latency, applied to the take's timing.",
        )
        count_in_ms = serializers.FloatField(
            required=False, min_value=0, max_value=services.MAX_COUNT_IN_MS,
            help_text="Where the count-in put the first beat, in ms from the start of the file.",
        )
        upload_key = serializers.RegexField(
            services.UPLOAD_KEY_PATTERN, required=False,
            help_text="Made once per take (8-64 letters, digits, - or _): sending the take again with the same "
                      "key (a retried upload) answers with the first take rather than grading it twice.",
        )

    @extend_schema(responses=RecordingSummaryOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = Recording.objects.visible_to(api_user(request)).defer("result")[:100]
        return Response(RecordingSummaryOutput(rows, many=True).data)

    @extend_schema(request=RecordingCreateInput, responses={202: RecordingOutput})
    def post(self, request: Request) -> Response:
        data = self.RecordingCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = api_user(request)
        assignment = exercise = None
        if "assignment" in data.validated_data:
            assignment = Assignment.objects.visible_to(user).filter(pk=data.validated_data["assignment"]).first()
            if assignment is None:
                raise NotFound(_("No such assignment."), field="assignment")
        if "exercise" in data.validated_data:
            exercise = Exercise.objects.visible_to(user).filter(pk=data.validated_data["exercise"]).first()
            if exercise is None:
                raise NotFound(_("No such exercise."), field="exercise")
        recording = services.recording_submit(
            student=user, audio=data.validated_data["audio"], exercise=exercise, assignment=assignment,
            upload_key=data.validated_data.get("upload_key", ""),
        )
        services.recording_set_timing(
            recording=recording,
            latency_ms=data.validated_data.get("latency_ms"),
            count_in_ms=data.validated_data.get("count_in_ms"),
        )
        return Response({"id": recording.pk, "status": recording.status}, status=status.HTTP_202_ACCEPTED)


class RecordingDetailApi(APIView):
    @extend_schema(responses=RecordingOutput)
    def get(self, request: Request, recording_id: int) -> Response:
        recording = get_object_or_404(Recording.objects.visible_to(api_user(request)), pk=recording_id)
        return Response(RecordingOutput(recording, context={"request": request}).data)


class RecordingMarkApi(APIView):
    """The class's teacher's comment and score on a take: ``{"comment": str, "score": 0-100 or null}``; a field
    left out stays as it was, an empty comment and a null score take the mark away. Answers the take's JSON."""

    class RecordingMarkInput(serializers.Serializer[dict[str, Any]]):
        comment = serializers.CharField(required=False, allow_blank=True, max_length=TEACHER_COMMENT_MAX_CHARS)
        score = serializers.FloatField(required=False, allow_null=True, min_value=0, max_value=100)

    @extend_schema(request=RecordingMarkInput, responses=RecordingOutput)
    def post(self, request: Request, recording_id: int) -> Response:
        user = api_user(request)
        recording = get_object_or_404(
            Recording.objects.visible_to(user).select_related("assignment__classroom"), pk=recording_id)
        data = self.RecordingMarkInput(data=request.data)
        data.is_valid(raise_exception=True)
        recording = review.recording_mark(
            teacher=user, recording=recording,
            comment=data.validated_data.get("comment", recording.teacher_comment),
            score_percent=data.validated_data.get("score", recording.teacher_score_percent))
        return Response(RecordingOutput(recording, context={"request": request}).data)


class RecordingRetryApi(APIView):
    """Grade a failed take again from its stored audio: ``202 {"id", "status": "queued"}``."""

    throttle_classes = [UploadThrottle]

    @extend_schema(request=None, responses={202: RecordingSummaryOutput})
    def post(self, request: Request, recording_id: int) -> Response:
        user = api_user(request)
        recording = get_object_or_404(Recording.objects.filter(owner=user), pk=recording_id)
        recording = services.recording_retry(user=user, recording=recording)
        return Response({"id": recording.pk, "status": recording.status}, status=status.HTTP_202_ACCEPTED)


# --------------------------------------------------------------------------- the practice studio


class ExerciseTakesApi(APIView):
    """The signed-in person's own takes of an exercise, oldest first (the studio's history)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, exercise_id: int) -> Response:
        user = api_user(request)
        exercise = get_object_or_404(Exercise.objects.visible_to(user), pk=exercise_id)
        return Response(services.recording_history(owner=user, exercise=exercise))


class ReviewNoteOutput(serializers.ModelSerializer[NoteResult]):
    student = serializers.CharField(source="recording.owner.username")
    assignment = serializers.IntegerField(source="recording.assignment_id")
    audio = serializers.SerializerMethodField()

    class Meta:
        model = NoteResult
        fields = [
            "id", "recording", "index", "bar", "target_midi", "sung_midi", "cents", "timing_error", "confidence",
            "pitch", "timing", "student", "assignment", "audio",
        ]

    def get_audio(self, note: NoteResult) -> str:
        return reverse("note-audio", args=[note.pk])


class ReviewQueueApi(APIView):
    """The class's doubtful notes (low grader confidence) waiting for the teacher."""

    @extend_schema(responses=ReviewNoteOutput(many=True))
    def get(self, request: Request, classroom_id: int) -> Response:
        user = api_user(request)
        if not user.is_teacher:
            raise NotFound(_("No such class."))
        classroom = get_object_or_404(Classroom.objects.visible_to(user), pk=classroom_id)
        return Response(ReviewNoteOutput(review.review_queue(classroom=classroom), many=True).data)


class NoteOverrideApi(APIView):
    """Set a note's verdicts by hand; the take's score and the student's profile follow."""

    class NoteOverrideInput(serializers.Serializer[dict[str, Any]]):
        pitch = serializers.ChoiceField(choices=NoteResult.Pitch.values)
        timing = serializers.ChoiceField(choices=NoteResult.Timing.values)

    class NoteOverrideOutput(serializers.Serializer[dict[str, Any]]):
        note = serializers.IntegerField()
        pitch = serializers.CharField()
        timing = serializers.CharField()
        recording = serializers.IntegerField()
        score = serializers.FloatField(allow_null=True)

    @extend_schema(request=NoteOverrideInput, responses=NoteOverrideOutput)
    def post(self, request: Request, note_id: int) -> Response:
        user = api_user(request)
        note = get_object_or_404(review.notes_visible_to(user).select_related("recording__assignment__classroom"),
                                 pk=note_id)
        data = self.NoteOverrideInput(data=request.data)
        data.is_valid(raise_exception=True)
        recording = review.note_override(teacher=user, note=note, **data.validated_data)
        return Response(self.NoteOverrideOutput({
            "note": note.pk, "pitch": note.pitch, "timing": note.timing, "recording": recording.pk,
            "score": recording.score_percent,
        }).data)


class RangeTestOutput(serializers.ModelSerializer[RangeTest]):
    error = FailureText()
    retryable = Retryable()
    low = serializers.SerializerMethodField()
    high = serializers.SerializerMethodField()

    class Meta:
        model = RangeTest
        fields = ["id", "status", "error", "retryable", "low_midi", "high_midi", "low", "high", "queued_at",
                  "finished_at"]

    def get_low(self, test: RangeTest) -> str | None:
        return None if test.low_midi is None else note_name(test.low_midi)

    def get_high(self, test: RangeTest) -> str | None:
        return None if test.high_midi is None else note_name(test.high_midi)


class RangeTestListApi(APIView):
    throttle_classes = [UploadThrottle]
    """The range test: upload a take sung from your lowest to your highest note."""

    parser_classes = [MultiPartParser, FormParser]

    class RangeTestInput(serializers.Serializer[dict[str, Any]]):
        audio = serializers.FileField()

    @extend_schema(request=RangeTestInput, responses={202: RangeTestOutput})
    def post(self, request: Request) -> Response:
        data = self.RangeTestInput(data=request.data)
        data.is_valid(raise_exception=True)
        test = services.range_test_submit(student=api_user(request), audio=data.validated_data["audio"])
        return Response(RangeTestOutput(test).data, status=status.HTTP_202_ACCEPTED)


class RangeTestDetailApi(APIView):
    @extend_schema(responses=RangeTestOutput)
    def get(self, request: Request, test_id: int) -> Response:
        test = get_object_or_404(RangeTest.objects.filter(owner=api_user(request)), pk=test_id)
        return Response(RangeTestOutput(test).data)


class RangeTestRetryApi(APIView):
    """Measure a failed range test again from its stored take: ``202`` with the test, queued."""

    throttle_classes = [UploadThrottle]

    @extend_schema(request=None, responses={202: RangeTestOutput})
    def post(self, request: Request, test_id: int) -> Response:
        user = api_user(request)
        test = get_object_or_404(RangeTest.objects.filter(owner=user), pk=test_id)
        test = services.range_test_retry(user=user, test=test)
        return Response(RangeTestOutput(test).data, status=status.HTTP_202_ACCEPTED)


class TranscriptionOutput(serializers.ModelSerializer[Transcription]):
    error = FailureText()
    retryable = Retryable()
    warnings = serializers.SerializerMethodField(
        help_text="Take-wide lines for the singer in the reader's language (a recording cut off before its end)."
    )

    class Meta:
        model = Transcription
        fields = ["id", "title", "status", "error", "retryable", "warnings", "progress", "stage", "result",
                  "version", "queued_at", "finished_at"]

    def get_warnings(self, row: Transcription) -> list[str]:
        return feedback_text((row.result or {}).get("warnings", []))


class TranscriptionConflict(serializers.Serializer[dict[str, Any]]):
    """A correction refused because the transcription changed since: the error, and the transcription now."""

    error = serializers.DictField()
    current = TranscriptionOutput()


class TranscriptionListApi(APIView):
    """Transcribe a melody with no score: upload a take; poll the job for progress and the notes."""

    parser_classes = [MultiPartParser, FormParser]

    class TranscriptionInput(serializers.Serializer[dict[str, Any]]):
        audio = serializers.FileField()
        title = serializers.CharField(max_length=200, required=False, allow_blank=True)

    @extend_schema(request=TranscriptionInput, responses={202: TranscriptionOutput})
    def post(self, request: Request) -> Response:
        data = self.TranscriptionInput(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.transcription_submit(user=api_user(request), audio=data.validated_data["audio"],
                                            title=data.validated_data.get("title", ""))
        return Response(TranscriptionOutput(row).data, status=status.HTTP_202_ACCEPTED)


class TranscriptionDetailApi(APIView):
    class NoteEdit(serializers.Serializer[dict[str, Any]]):
        index = serializers.IntegerField(min_value=0)
        midi = serializers.IntegerField(min_value=21, max_value=108, required=False)
        quarter_length = serializers.FloatField(min_value=0.125, max_value=16, required=False)
        pitch = serializers.CharField(
            max_length=8, required=False,
            help_text="The written name picked (\"Bb4\"), kept as spelled; with ``midi`` it must be that note.")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if "pitch" not in attrs:
                return attrs
            try:
                written = parse_pitch(attrs["pitch"])
            except MusicError:
                raise serializers.ValidationError({"pitch": _("%(name)s is not a note such as C4, F#4 or Bb3.")
                                                   % {"name": attrs["pitch"]}}) from None
            if attrs.get("midi") is not None and attrs["midi"] != written.midi:
                raise serializers.ValidationError({"pitch": _("%(name)s is not the note picked.") % {"name": attrs["pitch"]}})
            if not 21 <= written.midi <= 108:
                raise serializers.ValidationError({"pitch": _("%(name)s is off the piano.") % {"name": attrs["pitch"]}})
            return {**attrs, "midi": written.midi, "pitch": written.name}

    class CorrectionInput(serializers.Serializer[dict[str, Any]]):
        version = serializers.IntegerField(
            min_value=0, max_value=2**31 - 1,
            help_text="The transcription's ``version`` the corrections were made on (from the last GET or save); "
                      "once another save has changed it, 409 with the current one.")
        notes = serializers.ListField(child=serializers.DictField(), min_length=1, max_length=500)

    @extend_schema(responses=TranscriptionOutput)
    def get(self, request: Request, transcription_id: int) -> Response:
        row = get_object_or_404(Transcription.objects.filter(owner=api_user(request)), pk=transcription_id)
        return Response(TranscriptionOutput(row).data)

    @extend_schema(request=CorrectionInput, responses={200: TranscriptionOutput, 409: TranscriptionConflict})
    def patch(self, request: Request, transcription_id: int) -> Response:
        """Correct notes: ``{"version": 4, "notes": [{"index": 3, "midi": 67, "quarter_length": 1.0}]}``.

        Saved only if the transcription is still at ``version``; else ``409`` with the error and the
        transcription as it is now (``current``), and nothing saved."""
        user = api_user(request)
        row = get_object_or_404(Transcription.objects.filter(owner=user), pk=transcription_id)
        data = self.CorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        edits = []
        for raw in data.validated_data["notes"]:
            edit = self.NoteEdit(data=raw)
            edit.is_valid(raise_exception=True)
            edits.append(edit.validated_data)
        try:
            row = services.transcription_correct(user=user, row=row, edits=edits,
                                                 version=data.validated_data["version"])
        except services.TranscriptionChanged as exc:
            body = error_body(exc.code, exc.message)
            body["current"] = TranscriptionOutput(Transcription.objects.get(pk=row.pk)).data
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(TranscriptionOutput(row).data)


class TranscriptionRetryApi(APIView):
    """Transcribe a failed take again from its stored audio: ``202`` with the transcription, queued."""

    throttle_classes = [UploadThrottle]

    @extend_schema(request=None, responses={202: TranscriptionOutput})
    def post(self, request: Request, transcription_id: int) -> Response:
        user = api_user(request)
        row = get_object_or_404(Transcription.objects.filter(owner=user), pk=transcription_id)
        row = services.transcription_retry(user=user, row=row)
        return Response(TranscriptionOutput(row).data, status=status.HTTP_202_ACCEPTED)
