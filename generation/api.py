"""REST API for generated drills: request one in words or parameters, refine it, fetch its files."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from generation import services
from generation.models import Drill
from grading import services as grading_services
from grading.api import ExerciseOutput, ScoreUploadOutput
from grading.models import Exercise, Recording, ScoreUpload, Transcription
from music.pitch import parse_pitch
from tutor.errors import NotAllowed
from tutor.http import api_user, stored_file_response
from tutor.parsers import JSONParser
from tutor.throttles import GenerateThrottle, UploadThrottle


# A teacher's exercises. A new one is an uploaded score (grading) or a generated drill, so the class lives here.
class ExerciseListApi(APIView):
    throttle_classes = [UploadThrottle, GenerateThrottle]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class ExerciseCreateInput(serializers.Serializer[dict[str, Any]]):
        title = serializers.CharField(max_length=200, required=False)
        score = serializers.FileField(required=False, help_text="MusicXML (.musicxml, .xml, .mxl) or MIDI")
        tempo = serializers.FloatField(required=False, allow_null=True, min_value=20, max_value=400)
        drill = serializers.DictField(required=False, help_text="Instead of a score: drill parameters to generate.")
        request = serializers.CharField(required=False, max_length=500, help_text="Instead of a score: a drill in words.")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if "score" in attrs and ("drill" in attrs or "request" in attrs):
                raise serializers.ValidationError(_("Send a score or a drill spec, not both."))
            if "score" not in attrs and "drill" not in attrs and "request" not in attrs:
                raise serializers.ValidationError(_("Send a score file, or a drill spec (drill or request)."))
            if "score" in attrs and not attrs.get("title"):
                raise serializers.ValidationError({"title": [_("An uploaded score needs a title.")]})
            return attrs

    @extend_schema(responses=ExerciseOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(ExerciseOutput(Exercise.objects.visible_to(api_user(request)), many=True).data)

    @extend_schema(request=ExerciseCreateInput, responses={201: ExerciseOutput, 202: ScoreUploadOutput})
    def post(self, request: Request) -> Response:
        """A score read within the request's budget (most take a few hundred ms) answers 201 with the exercise.
        One that is not answers 202 with the upload a worker reads, and where to follow it (``Location``,
        ``url``): ``GET`` it until ``status`` is "done" (``exercise`` set) or "failed" (``error`` in the API's
        error shape)."""
        data = self.ExerciseCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = api_user(request)
        if not user.is_teacher:
            raise NotAllowed(_("Only teachers add exercises; students make drills at /api/drills/."))
        if "score" in values:
            made = grading_services.exercise_create(
                owner=user, title=values["title"], score=values["score"], tempo=values.get("tempo")
            )
            if isinstance(made, ScoreUpload):
                return Response(ScoreUploadOutput(made).data, status=status.HTTP_202_ACCEPTED,
                                headers={"Location": reverse("api-score-upload", args=[made.pk])})
            exercise = made
        else:
            exercise = services.drill_create(
                owner=user, request_text=values.get("request", ""), params=values.get("drill")
            ).written_exercise
        return Response(ExerciseOutput(exercise).data, status=status.HTTP_201_CREATED)


class DrillFailureText(serializers.CharField):
    """Why the drill's score or audio could not be made, in the request's language (the row keeps the reason
    as the worker wrote it)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return services.drill_failure_text(str(value)) if value else ""


class DrillOutput(serializers.ModelSerializer[Drill]):
    error = DrillFailureText()
    understood = serializers.ListField(
        source="understood_shown", child=serializers.CharField(), read_only=True,
        help_text="What the words were read as, one phrase each, in the request's language.",
    )
    answers = serializers.ListField(
        child=serializers.CharField(), read_only=True,
        help_text="What could not be done as asked, each said plainly with what was done instead, in the "
                  "request's language (the drill page's “What I could not do as asked”).",
    )
    files = serializers.SerializerMethodField()
    midi_notes = serializers.SerializerMethodField(
        help_text='With params.output "midi": the melody as [[MIDI number, quarter length], ...].'
    )

    class Meta:
        model = Drill
        fields = [
            "id", "exercise", "status", "error", "request_text", "understood", "answers", "ignored", "params", "style",
            "notes",
            "midi_notes", "tags", "files", "parent", "purpose", "student", "targets", "created_at",
        ]

    def get_files(self, drill: Drill) -> dict[str, str]:
        return {fmt: reverse("api-drill-file", args=[drill.pk, fmt]) for fmt in drill.files}

    def get_midi_notes(self, drill: Drill) -> list[list[float]] | None:
        if (drill.params or {}).get("output") != "midi":
            return None
        return [[parse_pitch(str(name)).midi, float(length)] for name, length in drill.notes]


#: A request refused (harm, an impossible setting: code "invalid") or answered without a drill (code "answered").
NO_DRILL_RESPONSE = OpenApiResponse(description=(
    'No drill made. {"error": {"code", "message", "fields": {"request": [message]}}}: code "invalid" for a request '
    'refused (harm, a setting that cannot be met); code "answered" for words that ask only for what a drill is not '
    '("quiz me on key signatures"), with "answers" (in the request\'s language), "links" ([{"page", "title", "url"}], '
    'the pages that do it) and "ignored".'))


class DrillListApi(APIView):
    throttle_classes = [GenerateThrottle]
    class DrillCreateInput(serializers.Serializer[dict[str, Any]]):
        request = serializers.CharField(
            required=False, allow_blank=True, max_length=500,
            help_text='In words, English or Chinese: "eight slow bars in D minor, leaps up to a sixth".',
        )
        params = serializers.DictField(required=False, help_text="Drill parameters (see generate_drill).")
        # DRF collects declared fields, so this name is free; only the stubs see Field.style.
        style = serializers.CharField(  # type: ignore[assignment]
            required=False, default="block", help_text="Accompaniment style."
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            # One would silently win over the other: say so rather than drop what was sent.
            if (attrs.get("request") or "").strip() and attrs.get("params"):
                raise serializers.ValidationError(_("Send the drill in words (request) or as params, not both."))
            return attrs

    @extend_schema(responses=DrillOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = Drill.objects.visible_to(api_user(request))[:100]
        return Response(DrillOutput(rows, many=True).data)

    @extend_schema(request=DrillCreateInput, responses={201: DrillOutput, 400: NO_DRILL_RESPONSE})
    def post(self, request: Request) -> Response:
        """The melody is made at once; the score, SVG, MIDI and exercise follow from a worker: poll the
        ``Location`` (``GET /api/drills/{id}/``) until ``exercise`` is set (``status`` "done" once the audio
        is there too, "failed" with ``error`` otherwise)."""
        data = self.DrillCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        drill = services.drill_create(
            owner=api_user(request),
            request_text=values.get("request", ""),
            params=values.get("params"),
            style=values["style"],
            score_in_background=True,
        )
        return drill_created(drill)


def drill_created(drill: Drill) -> Response:
    """201 with the drill as it stands (its files still to come) and where to follow it."""
    return Response(DrillOutput(drill).data, status=status.HTTP_201_CREATED,
                    headers={"Location": reverse("api-drill", args=[drill.pk])})


class DrillDetailApi(APIView):
    @extend_schema(responses=DrillOutput)
    def get(self, request: Request, drill_id: int) -> Response:
        drill = get_object_or_404(Drill.objects.visible_to(api_user(request)), pk=drill_id)
        return Response(DrillOutput(drill).data)


class DrillRefineApi(APIView):
    throttle_classes = [GenerateThrottle]
    class DrillRefineInput(serializers.Serializer[dict[str, Any]]):
        request = serializers.CharField(max_length=500, help_text='"harder", "more leaps", "for alto voice"…')

    @extend_schema(request=DrillRefineInput, responses={201: DrillOutput, 400: NO_DRILL_RESPONSE})
    def post(self, request: Request, drill_id: int) -> Response:
        parent = get_object_or_404(Drill.objects.visible_to(api_user(request)), pk=drill_id)
        data = self.DrillRefineInput(data=request.data)
        data.is_valid(raise_exception=True)
        drill = services.drill_create(
            owner=api_user(request), request_text=data.validated_data["request"], parent=parent, style=parent.style,
            score_in_background=True,
        )
        return drill_created(drill)


class DrillFileApi(APIView):
    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request: Request, drill_id: int, fmt: str) -> HttpResponseBase:
        drill = get_object_or_404(Drill.objects.visible_to(api_user(request)), pk=drill_id)
        return drill_file_response(request, drill, fmt)


class RecordingDrillApi(APIView):
    throttle_classes = [GenerateThrottle]
    """"Drill my mistakes": a new drill aimed at the notes and intervals this take got wrong."""

    class MistakeDrillOutput(serializers.Serializer[dict[str, Any]]):
        drill = serializers.IntegerField()
        exercise = serializers.IntegerField()
        studio_url = serializers.CharField()

    @extend_schema(request=None, responses={201: MistakeDrillOutput})
    def post(self, request: Request, recording_id: int) -> Response:
        user = api_user(request)
        recording = get_object_or_404(Recording.objects.filter(owner=user), pk=recording_id)
        drill = services.drill_from_mistakes(recording=recording, owner=user)
        body = {
            "drill": drill.pk, "exercise": drill.exercise_id,
            "studio_url": reverse("exercise-studio", args=[drill.exercise_id]),
        }
        return Response(body, status=status.HTTP_201_CREATED)


def drill_file_response(request: HttpRequest | Request, drill: Drill, fmt: str) -> HttpResponseBase:
    name = drill.files.get(fmt)
    if fmt not in services.DOWNLOAD_TYPES or not name:
        raise Http404
    extension = name.rsplit(".", 1)[-1]
    return stored_file_response(
        request,
        name,
        content_type=services.DOWNLOAD_TYPES[fmt],
        filename=f"drill-{drill.pk}{'-' + fmt if fmt.startswith('wav_') else ''}.{extension}",
    )


class TranscriptionChordsApi(APIView):
    """Chords for a transcribed melody: the best progression, alternatives per bar, reasons in words."""

    @extend_schema(responses={200: dict})
    def get(self, request: Request, transcription_id: int) -> Response:
        user = api_user(request)
        row = get_object_or_404(Transcription.objects.filter(owner=user), pk=transcription_id)
        return Response(services.transcription_chords(user=user, row=row))


class TranscriptionAccompanimentApi(APIView):
    """Hear a transcribed melody with chords picked per bar, in any accompaniment style and tempo."""

    parser_classes = [JSONParser]

    class AccompanimentInput(serializers.Serializer[dict[str, Any]]):
        chords = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=400,
                                       help_text="One pick per bar (the pickup bar first): a figure, or two that "
                                                 "change at mid-bar, e.g. I, IV V, I.")
        # The metaclass pops declared fields, so this does not shadow Field.style at run time.
        style = serializers.CharField(max_length=20, required=False, default="block")  # type: ignore[assignment]
        # The limits are checked by the service, which words them in the beat the melody's meter counts.
        tempo = serializers.FloatField(required=False, help_text="Quarter notes a minute, 30 to 240, in every meter "
                                                                 "(in 6/8, ♩. = 60 is 90).")

    @extend_schema(request=AccompanimentInput, responses={200: dict})
    def post(self, request: Request, transcription_id: int) -> Response:
        user = api_user(request)
        row = get_object_or_404(Transcription.objects.filter(owner=user), pk=transcription_id)
        data = self.AccompanimentInput(data=request.data)
        data.is_valid(raise_exception=True)
        body = services.transcription_accompaniment(
            user=user, row=row, chords=data.validated_data.get("chords"), style=data.validated_data["style"],
            tempo=data.validated_data.get("tempo"))
        return Response(body)


class TranscriptionExerciseApi(APIView):
    """Save a transcription as an exercise to practise in the studio (or, for a teacher, to assign), with
    the chords picked per bar and the accompaniment style the studio plays under it."""

    parser_classes = [JSONParser]

    class ExerciseInput(serializers.Serializer[dict[str, Any]]):
        title = serializers.CharField(max_length=200, required=False, allow_blank=True)
        chords = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=400,
                                       help_text="One pick per bar (the pickup bar first): a figure, or two that "
                                                 "change at mid-bar; none: the suggestions.")
        # The metaclass pops declared fields, so this does not shadow Field.style at run time.
        style = serializers.CharField(max_length=16, required=False, default="block")  # type: ignore[assignment]
        # The limits are checked by the service, which words them in the beat the melody's meter counts.
        tempo = serializers.FloatField(required=False, help_text="Quarter notes a minute, 30 to 240, in every meter "
                                                                 "(in 6/8, ♩. = 60 is 90); none: the tempo it was sung at.")

    @extend_schema(request=ExerciseInput, responses={201: ExerciseOutput})
    def post(self, request: Request, transcription_id: int) -> Response:
        user = api_user(request)
        row = get_object_or_404(Transcription.objects.filter(owner=user), pk=transcription_id)
        data = self.ExerciseInput(data=request.data)
        data.is_valid(raise_exception=True)
        exercise = services.transcription_save_exercise(
            user=user, row=row, title=data.validated_data.get("title", ""), chords=data.validated_data.get("chords"),
            style=data.validated_data["style"], tempo=data.validated_data.get("tempo"))
        body = dict(ExerciseOutput(exercise).data)
        body["studio"] = reverse("exercise-studio", args=[exercise.pk])
        return Response(body, status=status.HTTP_201_CREATED)
