"""REST API for exercises and recordings (the contract in the architecture doc)."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from grading import services
from grading.models import Exercise, Recording
from tutor.errors import NotAllowed, NotFound
from tutor.http import api_user
from tutor.models import Assignment


class ExerciseOutput(serializers.ModelSerializer[Exercise]):
    class Meta:
        model = Exercise
        fields = ["id", "title", "tempo", "tolerance_cents", "wrong_cents", "tolerance_ms", "created_at"]


class ExerciseListApi(APIView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class ExerciseCreateInput(serializers.Serializer[dict[str, Any]]):
        title = serializers.CharField(max_length=200, required=False)
        score = serializers.FileField(required=False, help_text="MusicXML (.musicxml, .xml, .mxl) or MIDI")
        tempo = serializers.FloatField(required=False, allow_null=True, min_value=20, max_value=400)
        drill = serializers.DictField(required=False, help_text="Instead of a score: drill parameters to generate.")
        request = serializers.CharField(required=False, max_length=500, help_text="Instead of a score: a drill in words.")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if "score" in attrs and ("drill" in attrs or "request" in attrs):
                raise serializers.ValidationError("Send a score or a drill spec, not both.")
            if "score" not in attrs and "drill" not in attrs and "request" not in attrs:
                raise serializers.ValidationError("Send a score file, or a drill spec (drill or request).")
            if "score" in attrs and not attrs.get("title"):
                raise serializers.ValidationError({"title": ["An uploaded score needs a title."]})
            return attrs

    @extend_schema(responses=ExerciseOutput(many=True))
    def get(self, request: Request) -> Response:
        return Response(ExerciseOutput(Exercise.objects.visible_to(api_user(request)), many=True).data)

    @extend_schema(request=ExerciseCreateInput, responses={201: ExerciseOutput})
    def post(self, request: Request) -> Response:
        data = self.ExerciseCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = api_user(request)
        if not user.is_teacher:
            raise NotAllowed("Only teachers add exercises; students make drills at /api/drills/.")
        if "score" in values:
            exercise = services.exercise_create(
                owner=user, title=values["title"], score=values["score"], tempo=values.get("tempo")
            )
        else:
            from generation.services import drill_create

            exercise = drill_create(
                owner=user, request_text=values.get("request", ""), params=values.get("drill")
            ).exercise
        return Response(ExerciseOutput(exercise).data, status=status.HTTP_201_CREATED)


class ExerciseDetailApi(APIView):
    @extend_schema(responses=ExerciseOutput)
    def get(self, request: Request, exercise_id: int) -> Response:
        exercise = get_object_or_404(Exercise.objects.visible_to(api_user(request)), pk=exercise_id)
        return Response(ExerciseOutput(exercise).data)


class RecordingOutput(serializers.ModelSerializer[Recording]):
    class Meta:
        model = Recording
        fields = [
            "id", "status", "error", "result", "score", "exercise", "assignment", "duration_seconds",
            "is_late", "queued_at", "finished_at",
        ]


class RecordingSummaryOutput(serializers.ModelSerializer[Recording]):
    class Meta:
        model = Recording
        fields = ["id", "status", "score", "exercise", "assignment", "is_late", "queued_at", "finished_at"]


class RecordingListApi(APIView):
    parser_classes = [MultiPartParser, FormParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "upload"

    class RecordingCreateInput(serializers.Serializer[dict[str, Any]]):
        audio = serializers.FileField(help_text="WAV, FLAC, Ogg/Opus, WebM/Opus, MP3 or M4A")
        exercise = serializers.IntegerField(required=False)
        assignment = serializers.IntegerField(required=False)

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
                raise NotFound("No such assignment.", field="assignment")
        if "exercise" in data.validated_data:
            exercise = Exercise.objects.visible_to(user).filter(pk=data.validated_data["exercise"]).first()
            if exercise is None:
                raise NotFound("No such exercise.", field="exercise")
        recording = services.recording_submit(
            student=user, audio=data.validated_data["audio"], exercise=exercise, assignment=assignment
        )
        return Response({"id": recording.pk, "status": recording.status}, status=status.HTTP_202_ACCEPTED)


class RecordingDetailApi(APIView):
    @extend_schema(responses=RecordingOutput)
    def get(self, request: Request, recording_id: int) -> Response:
        recording = get_object_or_404(Recording.objects.visible_to(api_user(request)), pk=recording_id)
        return Response(RecordingOutput(recording).data)
