"""REST API for lessons, quizzes, attempts and adaptive practice.

One class per operation; each validates input, calls a service, serializes. A question's
answer is never in a response before that question is answered (and, in a test, before
the test ends).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lessons import curriculum, services
from lessons.models import Lesson, Quiz, QuizAttempt, ServedQuestion
from lessons.questions import catalogue
from tutor.errors import NotFound
from tutor.http import api_user, file_response
from tutor.models import Assignment, User


def audio_file_response(request: HttpRequest | Request, path: Path, name: str) -> HttpResponseBase:
    # A fixed file name: the cache's name is a hash of the notes, which would give an ear question away.
    return file_response(request, path.open("rb"), content_type="audio/wav", filename=name)


# --- lessons ---------------------------------------------------------------


class LessonOutput(serializers.ModelSerializer[Lesson]):
    unit_title = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Lesson
        fields = ["id", "slug", "title", "unit", "unit_title", "order", "tags", "exercises", "url"]

    def get_unit_title(self, lesson: Lesson) -> str:
        return curriculum.UNITS.get(lesson.unit, lesson.unit)


class LessonListApi(APIView):
    @extend_schema(responses=LessonOutput(many=True))
    def get(self, request: Request) -> Response:
        services.lessons_ensure_synced()
        return Response(LessonOutput(Lesson.objects.visible_to(api_user(request)), many=True).data)


class LessonDetailApi(APIView):
    class LessonDetailOutput(LessonOutput):
        html = serializers.CharField()
        examples = serializers.ListField(child=serializers.DictField())

        class Meta(LessonOutput.Meta):
            fields = [*LessonOutput.Meta.fields, "html", "examples"]

    @extend_schema(responses=LessonDetailOutput)
    def get(self, request: Request, slug: str) -> Response:
        row, lesson = services.lesson_get(slug=slug)
        parts = services.lesson_parts(lesson)
        html = "".join(
            f'<figure class="notation" data-example="{p.index}">{p.svg}</figure>' if p.is_example else p.html
            for p in parts
        )
        examples = [
            {"index": p.index, "audio": reverse("api-lesson-audio", args=[slug, p.index])}
            for p in parts if p.is_example
        ]
        data = LessonOutput(row).data
        return Response({**data, "html": html, "examples": examples})


class LessonAudioApi(APIView):
    @extend_schema(responses={(200, "audio/wav"): bytes})
    def get(self, request: Request, slug: str, index: int) -> HttpResponseBase:
        return audio_file_response(request, services.lesson_audio(slug=slug, index=index), f"{slug}-{index}.wav")


class QuestionTypeListApi(APIView):
    class QuestionTypeOutput(serializers.Serializer[Any]):
        kind = serializers.CharField()
        title = serializers.CharField()
        description = serializers.CharField()
        params = serializers.ListField(child=serializers.DictField(), help_text="name, type, default, help, "
                                       "options or minimum/maximum, by_difficulty")

    @extend_schema(responses=QuestionTypeOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(self.QuestionTypeOutput(catalogue(), many=True).data)


# --- quizzes ---------------------------------------------------------------


class QuizOutput(serializers.ModelSerializer[Quiz]):
    owner = serializers.CharField(source="owner.username", read_only=True)
    question_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Quiz
        fields = ["id", "title", "owner", "mode", "time_limit_seconds", "attempts_allowed", "items",
                  "question_count", "created_at"]


class QuizListApi(APIView):
    class QuizItemInput(serializers.Serializer[dict[str, Any]]):
        kind = serializers.CharField(max_length=64)
        params = serializers.DictField(required=False, default=dict)
        count = serializers.IntegerField(min_value=1, max_value=services.MAX_ITEM_COUNT, default=1)

    class QuizCreateInput(serializers.Serializer[dict[str, Any]]):
        title = serializers.CharField(max_length=200)
        mode = serializers.ChoiceField(choices=Quiz.Mode.choices, default=Quiz.Mode.PRACTICE)
        time_limit_seconds = serializers.IntegerField(
            required=False, allow_null=True, min_value=10, max_value=services.MAX_TIME_LIMIT_SECONDS
        )
        attempts_allowed = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=100)
        items = serializers.ListField(min_length=1, max_length=30)

        def validate_items(self, items: list[Any]) -> list[dict[str, Any]]:
            rows = QuizListApi.QuizItemInput(data=items, many=True)
            rows.is_valid(raise_exception=True)
            return [dict(row) for row in rows.validated_data]

    @extend_schema(responses=QuizOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = Quiz.objects.visible_to(api_user(request)).select_related("owner")
        return Response(QuizOutput(rows, many=True).data)

    @extend_schema(request=QuizCreateInput, responses={201: QuizOutput})
    def post(self, request: Request) -> Response:
        data = self.QuizCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        quiz = services.quiz_create(owner=api_user(request), **data.validated_data)
        return Response(QuizOutput(quiz).data, status=status.HTTP_201_CREATED)


class QuizDetailApi(APIView):
    @extend_schema(responses=QuizOutput)
    def get(self, request: Request, quiz_id: int) -> Response:
        quiz = get_object_or_404(Quiz.objects.visible_to(api_user(request)).select_related("owner"), pk=quiz_id)
        return Response(QuizOutput(quiz).data)


# --- attempts --------------------------------------------------------------


class AttemptOutput(serializers.ModelSerializer[QuizAttempt]):
    student = serializers.CharField(source="student.username", read_only=True)
    mode = serializers.CharField(read_only=True, help_text="practice, test or adaptive")
    seconds_left = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(read_only=True)
    score = serializers.FloatField(
        source="score_percent", allow_null=True, required=False, help_text="Percent of the questions answered right."
    )

    class Meta:
        model = QuizAttempt
        fields = ["id", "quiz", "assignment", "student", "mode", "kinds", "started_at", "deadline", "seconds_left",
                  "submitted_at", "is_open", "timed_out", "is_late", "score", "correct_count", "question_count"]

    def get_seconds_left(self, attempt: QuizAttempt) -> int | None:
        return attempt.seconds_left()


class ReviewOutput(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    prompt = serializers.CharField()
    answer_given = serializers.CharField()
    correct = serializers.BooleanField(allow_null=True)
    answer = serializers.CharField()
    explanation = serializers.CharField()
    svg = serializers.CharField(allow_blank=True, help_text="The notation the question showed (empty: none); a "
                                                            "staff-click question's with the right answer coloured.")
    answer_on_staff = serializers.BooleanField()


class AttemptListApi(APIView):
    class AttemptStartInput(serializers.Serializer[dict[str, Any]]):
        quiz = serializers.IntegerField(required=False, help_text="A quiz (a teacher trying their own).")
        assignment = serializers.IntegerField(required=False, help_text="The assignment of a quiz to take.")
        adaptive = serializers.BooleanField(default=False, help_text="Practise your weak spots (no quiz).")
        kinds = serializers.ListField(child=serializers.CharField(max_length=64), required=False, default=list,
                                      help_text="Adaptive practice: the question types to choose from.")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not attrs["adaptive"] and "quiz" not in attrs and "assignment" not in attrs:
                raise serializers.ValidationError(_("Send a quiz or an assignment, or adaptive: true."))
            return attrs

    @extend_schema(responses=AttemptOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = QuizAttempt.objects.visible_to(api_user(request)).select_related("student")[:200]
        return Response(AttemptOutput(rows, many=True).data)

    @extend_schema(request=AttemptStartInput, responses={201: AttemptOutput, 200: AttemptOutput})
    def post(self, request: Request) -> Response:
        data = self.AttemptStartInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = api_user(request)
        if values["adaptive"]:
            attempt = services.practice_start(student=user, kinds=values["kinds"])
            return Response(AttemptOutput(attempt).data, status=status.HTTP_200_OK)
        assignment = None
        if "assignment" in values:
            assignment = Assignment.objects.visible_to(user).filter(pk=values["assignment"]).first()
            if assignment is None or assignment.kind != "quiz":
                raise NotFound(_("No such quiz assignment."), field="assignment")
            quiz = Quiz.objects.filter(pk=assignment.target_id).first()
        else:
            quiz = Quiz.objects.visible_to(user).filter(pk=values["quiz"]).first()
            if quiz is not None and not user.is_teacher:
                # A student's sitting always belongs to the assignment that set the quiz.
                assignment = (Assignment.objects.visible_to(user)
                              .filter(target_type__model="quiz", target_id=quiz.pk).first())
        if quiz is None:
            raise NotFound(_("No such quiz."), field="quiz")
        attempt, created = services.attempt_start(student=user, quiz=quiz, assignment=assignment)
        return Response(AttemptOutput(attempt).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class AttemptDetailApi(APIView):
    class AttemptDetailOutput(AttemptOutput):
        review = serializers.SerializerMethodField()

        class Meta(AttemptOutput.Meta):
            fields = [*AttemptOutput.Meta.fields, "review"]

        def get_review(self, attempt: QuizAttempt) -> list[dict[str, Any]]:
            return list(ReviewOutput(services.attempt_review(attempt=attempt), many=True).data)

    @extend_schema(responses=AttemptDetailOutput)
    def get(self, request: Request, attempt_id: int) -> Response:
        attempt = get_object_or_404(QuizAttempt.objects.visible_to(api_user(request)), pk=attempt_id)
        services.attempt_close_if_expired(attempt=attempt)
        return Response(self.AttemptDetailOutput(attempt).data)


class QuestionOutput(serializers.Serializer[dict[str, Any]]):
    """A served question as the student sees it. Only these fields leave the server: no answer,
    explanation, tags, parameters or seed."""

    id = serializers.IntegerField(help_text="The served question: answer it at /api/questions/{id}/answer/.")
    attempt = serializers.IntegerField()
    position = serializers.IntegerField()
    total = serializers.IntegerField(allow_null=True, help_text="Empty in adaptive practice.")
    kind = serializers.CharField()
    prompt = serializers.CharField()
    answer_mode = serializers.CharField(help_text="choice, note_name, staff_click, keyboard_click or voices "
                                                  "(four lines of notes, soprano first, separated by '|')")
    choices = serializers.ListField(child=serializers.CharField())
    choice_labels = serializers.ListField(
        child=serializers.CharField(),
        help_text="The choices in the request's language, in the same order: show these, answer with a ``choices`` item.")
    choice_notation = serializers.ListField(child=serializers.DictField())
    choice_svgs = serializers.ListField(child=serializers.CharField())
    has_notation = serializers.BooleanField()
    svg = serializers.CharField(allow_blank=True)
    keyboard = serializers.DictField(allow_null=True)
    has_audio = serializers.BooleanField()
    audio = serializers.CharField(allow_null=True)
    octave = serializers.CharField(help_text="required, optional or none: whether note answers carry an octave")
    given = serializers.ListField(child=serializers.CharField())
    clef = serializers.CharField(allow_null=True, help_text="treble, bass, alto or tenor: how to read a staff click")
    staff_slot = serializers.CharField(
        allow_null=True, help_text="staff_click: chord (into the chord shown), after (a bar after the notes), empty")
    alterations = serializers.ListField(
        child=serializers.IntegerField(), help_text="Alterations (semitones, -2 double flat .. 2 double sharp) a note "
                                                    "answer may need under the question's settings: offer these.")
    jianpu_do = serializers.CharField(
        allow_null=True, help_text="Where the question names a key (melodic dictation): the note 简谱's 1 stands for "
                                   "(E♭), so typed numbers may answer; empty elsewhere.")
    part_writing = serializers.DictField(allow_null=True, help_text="The key and the numerals or figured bass.")
    performance = serializers.DictField(allow_null=True, help_text="Sung or clapped answers: how long to record "
                                                                   "(seconds) and whether only onsets count.")
    seconds_left = serializers.IntegerField(allow_null=True)


class AttemptNextApi(APIView):
    @extend_schema(responses={200: QuestionOutput, 204: None})
    def get(self, request: Request, attempt_id: int) -> Response:
        user = api_user(request)
        attempt = get_object_or_404(QuizAttempt.objects.filter(student=user), pk=attempt_id)
        served = services.attempt_next(student=user, attempt=attempt)
        if served is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        services.question_audio_prepare(served=served)
        data = services.question_public(served=served)
        data["audio"] = reverse("api-question-audio", args=[served.pk]) if data["has_audio"] else None
        return Response(QuestionOutput(data).data)


class AttemptSubmitApi(APIView):
    @extend_schema(request=None, responses=AttemptDetailApi.AttemptDetailOutput)
    def post(self, request: Request, attempt_id: int) -> Response:
        user = api_user(request)
        attempt = get_object_or_404(QuizAttempt.objects.filter(student=user), pk=attempt_id)
        attempt = services.attempt_submit(student=user, attempt=attempt)
        return Response(AttemptDetailApi.AttemptDetailOutput(attempt).data)


class QuestionAnswerApi(APIView):
    class QuestionAnswerInput(serializers.Serializer[dict[str, Any]]):
        answer = serializers.CharField(max_length=500, allow_blank=True,
                                       help_text="A choice's text, or note names (F#4; several separated by spaces); "
                                                 "part writing: four voices separated by '|'.")

    class QuestionAnswerOutput(serializers.Serializer[dict[str, Any]]):
        id = serializers.IntegerField()
        recorded = serializers.BooleanField()
        correct = serializers.BooleanField(allow_null=True)
        feedback = serializers.CharField(allow_null=True)
        explanation = serializers.CharField(allow_null=True)
        answer = serializers.CharField(allow_null=True)
        marked_svg = serializers.CharField(allow_blank=True,
                                           help_text="Part writing: the answer on a grand staff, faulty chords coloured.")
        attempt = AttemptOutput()

    @extend_schema(request=QuestionAnswerInput, responses=QuestionAnswerOutput)
    def post(self, request: Request, question_id: int) -> Response:
        user = api_user(request)
        served = _own_served_question(user, question_id)
        data = self.QuestionAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.question_answer(student=user, served=served, answer=data.validated_data["answer"])
        return Response(_answer_json(served, result))


class QuestionRecordingApi(APIView):
    """A sung or clapped answer: the recording, graded by the grading core before the reply."""

    class QuestionRecordingInput(serializers.Serializer[dict[str, Any]]):
        audio = serializers.FileField(help_text="The take: WAV, FLAC, Ogg/Opus, WebM, MP3, M4A/AAC, AIFF, CAF or AMR.")

    @extend_schema(request={"multipart/form-data": QuestionRecordingInput},
                   responses=QuestionAnswerApi.QuestionAnswerOutput)
    def post(self, request: Request, question_id: int) -> Response:
        user = api_user(request)
        served = _own_served_question(user, question_id)
        data = self.QuestionRecordingInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.question_answer_recording(student=user, served=served, audio=data.validated_data["audio"])
        return Response(_answer_json(served, result))


def _own_served_question(user: User, question_id: int) -> ServedQuestion:
    """A question served in one of ``user``'s own attempts (404 for anyone else's)."""
    return get_object_or_404(
        ServedQuestion.objects.filter(attempt__student=user).select_related("attempt"), pk=question_id
    )


def _answer_json(served: ServedQuestion, result: services.AnswerResult) -> dict[str, Any]:
    """What both answer endpoints reply: the marking and the attempt as it now stands."""
    return QuestionAnswerApi.QuestionAnswerOutput({
        "id": served.pk, "recorded": True, "correct": result.correct, "feedback": result.feedback,
        "explanation": result.explanation, "answer": result.answer, "marked_svg": result.marked_svg,
        "attempt": result.attempt,
    }).data


class QuestionAudioApi(APIView):
    @extend_schema(responses={(200, "audio/wav"): bytes})
    def get(self, request: Request, question_id: int) -> HttpResponseBase:
        attempts = QuizAttempt.objects.visible_to(api_user(request))
        served = get_object_or_404(ServedQuestion.objects.filter(attempt__in=attempts), pk=question_id)
        return audio_file_response(request, services.question_audio(served=served), f"question-{served.pk}.wav")
